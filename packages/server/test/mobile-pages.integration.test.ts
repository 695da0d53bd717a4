/**
 * Every page a citizen or the public reaches, on phones (#18), in Debian's Chromium
 * (playwright-core): at 360×740 and 390×844 each must fit the screen with no sideways scroll
 * (`scrollWidth <= innerWidth`). The walk: the start page (citizen entry first, staff sign-in
 * apart), the public pages of a village (公示 with its pages and one fund, 财务, 合同, 资产)
 * without a session, a citizen's sign-in and payments, 认账 (the statistics count it) and an
 * inline dispute; then kiosk mode: the on-screen keypad and sign-out after idle. Nothing
 * outside the server is reached, no dialog opens. Screenshots go to SUNSHINE_SCREENSHOTS
 * (default: packages/server/test-output/mobile, git-ignored).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipUnless } from '@sunshine/test-servers';
import { startFixture, type Fixture } from './server-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = skipUnless('Chromium', existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install -y chromium)`);
const SHOTS = process.env['SUNSHINE_SCREENSHOTS'] ?? join(import.meta.dirname, '..', 'test-output', 'mobile');
const SIZES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
] as const;
const V1 = '371426001201';

describe.skipIf(skip)('citizen and public pages on phones', () => {
  let fx: Fixture;
  let url: string;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fx = await startFixture({ port: 0, publicPages: { idleSeconds: 2 } });
    url = await fx.server.listen();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    await (fx as Fixture | undefined)?.close();
    console.log(`screenshots in ${SHOTS}`);
  });

  async function phone(size: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport: size, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', userAgent: 'Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110 Mobile Safari/537.36 MicroMessenger/8.0.40' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|429/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    // A WeChat web-view allows no pop-ups: a dialog is a failure.
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('popup', () => problems.push('a pop-up window opened'));
    await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : (problems.push(`external request ${route.request().url()}`), route.abort())));
    return page;
  }

  /** The page fits the screen: nothing scrolls sideways. Then a full-page screenshot. */
  async function fits(page: Page, name: string, size: { width: number }): Promise<void> {
    await page.waitForLoadState('networkidle');
    const m = await page.evaluate<{ scroll: number; inner: number; body: number; out: string[] }>(
      "({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth, body: document.body.scrollWidth, out: [...document.querySelectorAll('body *')].filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').slice(0, 30)) })",
    );
    await page.screenshot({ path: join(SHOTS, `${size.width}-${name}.png`), fullPage: true });
    expect(m.inner, name).toBe(size.width);
    expect(m.scroll, `${name} at ${size.width}px is ${m.scroll}px wide`).toBeLessThanOrEqual(m.inner);
    expect(m.body, `${name} body`).toBeLessThanOrEqual(m.inner);
    // Nothing sticks out on the right, even where a parent would clip it.
    expect(m.out, `${name} at ${size.width}px`).toEqual([]);
  }

  const person = () => {
    const [head, ...lines] = readFileSync(join(fx.dir, 'persons.csv'), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    const payments = readFileSync(join(fx.dir, 'payments.csv'), 'utf8').split('\n').map((l) => l.split(',')[2]);
    const count = (id: string) => payments.filter((p) => p === id).length;
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v]))).filter((p) => p['village_code'] === V1 && count(p['id_number']!) >= 3);
  };

  for (const size of SIZES) {
    it(`the start page and every public page fit ${size.width}×${size.height} without a session`, async () => {
      const page = await phone(size);
      await page.goto(url);
      await page.waitForSelector('#citizen-entry');
      // The citizen's entry comes before the staff sign-in.
      const order = await page.evaluate<boolean>("Boolean(document.getElementById('citizen-entry').compareDocumentPosition(document.getElementById('staff-login')) & Node.DOCUMENT_POSITION_FOLLOWING)");
      expect(order).toBe(true);
      await fits(page, 'start', size);

      await page.click('#to-public');
      await page.waitForSelector('#village');
      await fits(page, 'public-choose-village', size);
      await page.selectOption('#village', V1);
      await page.waitForSelector('#payments li');
      const text = (await page.textContent('main'))!;
      expect(text).toContain('公示期');
      expect(text).toMatch(/\d{6}\*{8}[\dX]{4}/);
      expect(text).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
      expect(text).not.toMatch(/医疗救助|两癌/);
      await fits(page, 'public-disclosure', size);
      expect(await page.$$eval('#payments li', (l) => l.length)).toBeLessThanOrEqual(20);
      await page.click('.pager [data-page=next]');
      await page.waitForSelector('.pager >> text=第 2 /');
      await fits(page, 'public-disclosure-page-2', size);
      const fund = (await page.getAttribute('#fund option:nth-child(2)', 'value'))!;
      await page.selectOption('#fund', fund);
      await page.waitForSelector(`#funds [data-fund="${fund}"].active`, { state: 'attached' });
      expect(await page.$$eval('#payments li', (l) => l.length)).toBeGreaterThan(0);
      await fits(page, 'public-disclosure-one-fund', size);
      for (const tab of ['ledger', 'contracts', 'assets'] as const) {
        await page.click(`#tabs [data-tab=${tab}]`);
        await page.waitForSelector(tab === 'ledger' ? '#months li' : `#${tab} li`);
        await fits(page, `public-${tab}`, size);
        if (tab === 'contracts') expect(await page.textContent('#contracts')).toMatch(/承包方：.\*/);
      }
      await page.goBack();
      await page.waitForSelector('#contracts');
      await page.context().close();
      // The pages report their views to the statistics, from WeChat (the phone's user agent says MicroMessenger).
      const views = (await (await fx.as('jw')).get<{ views: { page: string; channel: string; views: number; lookups: number }[] }>('/api/stats')).body.views;
      expect(views.find((v) => v.page === 'public/disclosure' && v.channel === 'wechat')?.views).toBeGreaterThan(0);
    });

    it(`a citizen signs in, confirms a payment (counted in the statistics) and reports another, at ${size.width}×${size.height}`, async () => {
      const who = person()[size.width === 360 ? 0 : 1]!;
      const page = await phone(size);
      await page.goto(`${url}/citizen`);
      await page.waitForSelector('#citizen-login');
      expect(await page.$('#keypad')).toBeNull();
      await fits(page, 'citizen-sign-in', size);
      await page.fill('#id_number', who['id_number']!);
      await page.fill('#cname', who['name']!);
      await page.click('#citizen-login button[type=submit]');
      await page.waitForSelector('#my-payments li');
      const main = (await page.textContent('main'))!;
      expect(main).not.toMatch(/6230580\d+|比对模型|预警/);
      expect(await page.$('a[href="/"]')).toBeNull();
      await fits(page, 'citizen-payments', size);
      // Every card's buttons are inside the screen (the old table cut 未收到？反映 off).
      const outside = await page.evaluate<number>("[...document.querySelectorAll('#my-payments button, #my-payments .money')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).length");
      expect(outside).toBe(0);

      const before = (await (await fx.as('jw')).get<{ confirmations: number }>('/api/citizen-feedback')).body.confirmations;
      await page.click('#my-payments li:first-child [data-action=confirm]');
      await page.waitForSelector('.notice >> text=已确认收到');
      await page.waitForSelector('#my-payments li:first-child .chip.ok');
      expect(await page.textContent('#confirmed-count')).toBe('1 笔');
      expect((await (await fx.as('jw')).get<{ confirmations: number }>('/api/citizen-feedback')).body.confirmations).toBe(before + 1);

      await page.click('#my-payments li:nth-child(2) [data-action=dispute]');
      await page.fill('#my-payments li:nth-child(2) textarea', '本人没有收到这笔补贴');
      await fits(page, 'citizen-dispute-form', size);
      await page.click('#my-payments li:nth-child(2) form button[type=submit]');
      await page.waitForSelector('#my-payments li:nth-child(2) .chip.warn');
      await fits(page, 'citizen-after-confirm-and-dispute', size);

      await page.click('#to-village');
      await page.waitForSelector('#payments li');
      expect(new URL(page.url()).searchParams.get('village')).toBe(who['village_code']);
      await fits(page, 'citizen-village-disclosure', size);
      await page.goBack();
      await page.waitForSelector('#my-payments li');
      await page.click('#logout');
      await page.waitForSelector('#signed-out');
      expect((await page.request.get(`${url}/api/me`)).status()).toBe(401);
      await page.context().close();
    });
  }

  it('kiosk mode: an on-screen keypad, no staff link, large targets, sign-out after idle', async () => {
    const who = person()[2]!;
    const size = SIZES[1];
    const page = await phone(size);
    await page.goto(`${url}/?kiosk=1`);
    await page.waitForURL(/\/citizen\?kiosk=1$/);
    await page.waitForSelector('#keypad');
    expect(await page.$('#to-staff')).toBeNull();
    expect(await page.getAttribute('#id_number', 'readonly')).not.toBeNull();
    for (const k of who['id_number']!) await page.click(`#keypad [data-key="${k}"]`);
    expect(await page.inputValue('#id_number')).toBe(who['id_number']);
    const small = await page.evaluate<number>("[...document.querySelectorAll('#keypad button, #citizen-login button[type=submit]')].filter((e) => e.getBoundingClientRect().height < 56).length");
    expect(small).toBe(0);
    await fits(page, 'kiosk-sign-in', size);
    await page.fill('#cname', who['name']!);
    await page.click('#citizen-login button[type=submit]');
    await page.waitForSelector('#kiosk-logout');
    await fits(page, 'kiosk-payments', size);
    expect((await page.request.get(`${url}/api/me`)).status()).toBe(200);
    // Nobody touches it for the idle time (2 s here; 60 s by default): signed out.
    await page.waitForSelector('#signed-out', { timeout: 8000 });
    expect((await page.request.get(`${url}/api/me`)).status()).toBe(401);
    expect(await page.$('#keypad')).not.toBeNull();

    // Signed in again, on to the village's public page, left alone there: signed out, back to the start.
    await page.fill('#cname', who['name']!);
    for (const k of who['id_number']!) await page.click(`#keypad [data-key="${k}"]`);
    await page.click('#citizen-login button[type=submit]');
    await page.waitForSelector('#to-village');
    await page.click('#to-village');
    await page.waitForSelector('#payments li');
    expect(new URL(page.url()).searchParams.get('kiosk')).toBe('1');
    expect(await page.getAttribute('#to-citizen', 'href')).toBe('/citizen?kiosk=1');
    await fits(page, 'kiosk-village-disclosure', size);
    await page.waitForURL(/\/citizen\?kiosk=1$/, { timeout: 8000 });
    await page.waitForSelector('#keypad');
    expect((await page.request.get(`${url}/api/me`)).status()).toBe(401);
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
