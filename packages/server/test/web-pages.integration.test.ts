/**
 * The web pages in Debian's Chromium (playwright-core, no downloaded browser): a department
 * officer signs in, filters the queue, opens an alert, reads its evidence and explanation, and
 * clicks it through verification to a confirmation; a citizen signs in with ID number and name,
 * sees their payments on their own page (/citizen), disputes one inline and reads the village
 * disclosure, masked. Screenshots go
 * to SUNSHINE_SCREENSHOTS (default: a temp folder) for a person to look at.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipUnless } from '@sunshine/test-servers';
import { PASSWORD, startFixture, type Fixture } from './server-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = skipUnless('Chromium', existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install -y chromium)`);
const SHOTS = process.env['SUNSHINE_SCREENSHOTS'] ?? join(tmpdir(), 'sunshine-server-screenshots');

describe.skipIf(skip)('web pages in Chromium', () => {
  let fx: Fixture;
  let url: string;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fx = await startFixture({ port: 0 });
    url = await fx.server.listen();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    // beforeAll may have failed before these were set.
    await (browser as Browser | undefined)?.close();
    await (fx as Fixture | undefined)?.close();
  });

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('401')) errors.push(m.text());
    });
    // Nothing but the server itself may be reached.
    await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
    return page;
  };

  it('a department officer clicks an alert through verification to confirmation, in Chinese and English', async () => {
    const page = await newPage();
    await page.goto(url);
    await page.fill('#username', 'mz');
    await page.fill('#password', PASSWORD);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector('#alerts-table tbody tr.clickable');
    expect(await page.textContent('#nav')).toContain('预警处置');
    await page.selectOption('#f-state', 'pushed');
    await page.waitForFunction("[...document.querySelectorAll('#alerts-table [data-state]')].every((b) => b.getAttribute('data-state') === 'pushed')");
    const rows = await page.$$eval('#alerts-table tbody tr.clickable', (trs) => trs.length);
    expect(rows).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, '1-queue-zh.png'), fullPage: false });

    await page.click('#alerts-table tbody tr.clickable');
    await page.waitForSelector('#alert-title');
    expect(await page.textContent('#alert-title')).toContain('已推送');
    await page.click('#explain');
    await page.waitForSelector('#explanation .tree');
    expect(await page.textContent('#explanation')).toContain('✓');
    await page.screenshot({ path: join(SHOTS, '2-alert-explained-zh.png'), fullPage: true });

    await page.click('button[data-action=verify]');
    await page.waitForSelector('.notice');
    expect(await page.textContent('#alert-title')).toContain('核实中');
    await page.fill('#reason', '经入户核查并比对民政台账，问题属实');
    await page.setInputFiles('#attachment', { name: '核查记录.txt', mimeType: 'text/plain', buffer: Buffer.from('入户核查记录：属实') });
    await page.click('button[data-action=confirm]');
    await page.waitForSelector('#alert-title:has-text("已确认")');
    const history = await page.textContent('#history');
    expect(history).toContain('经入户核查并比对民政台账，问题属实');
    expect(history).toContain('民政局 李');
    expect(await page.textContent('main')).toContain('核查记录.txt');
    await page.screenshot({ path: join(SHOTS, '3-alert-confirmed-zh.png'), fullPage: true });

    await page.click('#lang');
    await page.waitForSelector('#alert-title:has-text("Confirmed")');
    expect(await page.textContent('#history')).toContain('Start verification');
    await page.screenshot({ path: join(SHOTS, '4-alert-confirmed-en.png'), fullPage: true });
    await page.click('#lang');

    // The server agrees with what the page showed.
    const id = new URL(page.url()).hash.split('/')[2]!;
    const jw = await fx.as('jw');
    const alert = (await jw.get<{ state: string; events: { action: string }[] }>(`/api/alerts/${id}`)).body;
    expect(alert.state).toBe('confirmed');
    expect(alert.events.map((e) => e.action)).toEqual(['create', 'push', 'verify', 'confirm']);
    await page.context().close();
  });

  it('the discipline commission reads the rule catalogue, runs the rules and verifies the audit chain', async () => {
    const page = await newPage();
    await page.goto(url);
    await page.fill('#username', 'jw');
    await page.fill('#password', PASSWORD);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector('#alerts-table');
    await page.click('a[href="#/rules"]');
    await page.waitForSelector('#rules-table tbody tr');
    expect(await page.$$eval('#rules-table tbody tr', (r) => r.length)).toBeGreaterThanOrEqual(60);
    expect(await page.textContent('#rules-table')).toContain('死亡人员领取补贴');
    await page.screenshot({ path: join(SHOTS, '7-rule-catalogue-zh.png') });
    await page.click('a[href="#/runs"]');
    await page.click('#run-now');
    await page.waitForSelector('#runs-table tbody tr:nth-child(2)');
    // Upload the county's files as a new import.
    const files = readdirSync(fx.dir).filter((f) => f.endsWith('.csv')).map((f) => ({ name: f, mimeType: 'text/csv', buffer: readFileSync(join(fx.dir, f)) }));
    await page.setInputFiles('#upload', files);
    await page.waitForSelector('#imports-table tbody tr:nth-child(2)');
    expect(await page.textContent('#imports-table')).toContain('upload of');
    await page.click('a[href="#/audit"]');
    await page.click('#verify-chain');
    await page.waitForSelector('#chain .notice');
    expect(await page.textContent('#chain')).toMatch(/哈希链完整：\d+ 条记录/);
    await page.screenshot({ path: join(SHOTS, '8-audit-verified-zh.png') });
    await page.context().close();
  });

  it('a citizen sees their payments, disputes one and reads the masked village disclosure', async () => {
    const [head, ...lines] = readFileSync(join(fx.dir, 'persons.csv'), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    const paid = new Set(readFileSync(join(fx.dir, 'payments.csv'), 'utf8').split('\n').map((l) => l.split(',')[2]));
    const person = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v]))).find((p) => paid.has(p['id_number']))!;
    const page = await newPage();
    // The start page leads a citizen to their own page (#18); staff sign-in is apart.
    await page.goto(url);
    await page.click('#to-citizen');
    await page.waitForSelector('#citizen-login');
    await page.fill('#id_number', person['id_number']!);
    await page.fill('#cname', `${person['name']!}错`);
    await page.click('#citizen-login button[type=submit]');
    await page.waitForSelector('#citizen-login .error');
    await page.fill('#cname', person['name']!);
    await page.click('#citizen-login button[type=submit]');
    await page.waitForSelector('#my-payments li');
    expect(await page.textContent('main')).not.toMatch(/6230580\d+/);
    // Reported inline: no pop-up (a WeChat web-view has none).
    await page.click('#my-payments [data-action=dispute]');
    await page.fill('#my-payments textarea', '本人没有收到这笔补贴');
    await page.click('#my-payments form button[type=submit]');
    await page.waitForSelector('.notice');
    await page.waitForSelector('#my-payments .chip.warn');
    await page.screenshot({ path: join(SHOTS, '5-citizen-payments-zh.png'), fullPage: true });
    const disputes = (await (await fx.as('jw')).get<{ alerts: { message: { zh: string } }[] }>('/api/alerts?limit=200')).body.alerts;
    expect(disputes.some((a) => a.message.zh.includes('本人没有收到这笔补贴'))).toBe(true);

    await page.click('#to-village');
    await page.waitForSelector('#payments li', { timeout: 5000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: join(SHOTS, 'failed-disclosure.png') });
      throw new Error(`${String(e)}\n${(await page.textContent('main')) ?? ''}`);
    });
    const text = (await page.textContent('main'))!;
    expect(text).toMatch(/\d{6}\*{8}[\dX]{4}/);
    expect(text).not.toContain(person['id_number']!);
    expect(text).not.toMatch(/6230580\d+/);
    expect(new URL(page.url()).searchParams.get('village')).toBe(person['village_code']);
    await page.screenshot({ path: join(SHOTS, '6-village-disclosure-zh.png'), fullPage: false });
    await page.context().close();
    expect(errors).toEqual([]);
    console.log(`screenshots in ${SHOTS}`);
  });
});
