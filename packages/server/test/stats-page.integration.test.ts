/**
 * The statistics page (/stats) in Debian's Chromium: the party committee signs in, follows the
 * 统计 link and reads figures equal to GET /api/stats — money involved and recovered equal to
 * the sums over the alerts — and the page's own view is counted.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipUnless } from '@sunshine/test-servers';
import { callerOf, PASSWORD, startFixture, type Fixture } from './server-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = skipUnless('Chromium', existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install -y chromium)`);

interface Stats {
  totals: Record<string, number>;
  by_department: { code: string; alerts: number; amount: number; recovered: number }[];
  by_month: { month: string; created: number }[];
  views: { page: string; channel: string; views: number }[];
}

describe.skipIf(skip)('the statistics page in Chromium', () => {
  let fx: Fixture;
  let url: string;
  let browser: Browser;
  const errors: string[] = [];
  beforeAll(async () => {
    fx = await startFixture({ port: 0 });
    url = await fx.server.listen();
    await fx.server.service.createUser({ username: 'dw', role: 'party', display_name: '县委 周', password: PASSWORD });
    const mz = await fx.as('mz');
    const target = (await mz.get<{ alerts: { id: string; amount: number | null }[] }>('/api/alerts?state=pushed&limit=500')).body.alerts.find((a) => a.amount !== null)!;
    for (const step of [{ action: 'verify' }, { action: 'confirm', reason: '属实' }, { action: 'investigate' }, { action: 'close', reason: '已追回', recovered_amount: 12_345, measure: '责令退回' }]) {
      expect((await mz.post(`/api/alerts/${target.id}/transitions`, step)).status).toBe(200);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 120_000);
  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    await (fx as Fixture | undefined)?.close();
  });

  it('shows the numbers of GET /api/stats: money involved and recovered equal the sums over the alerts', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.fill('#username', 'dw');
    await page.fill('#password', PASSWORD);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector('#nav-stats');
    await page.click('#nav-stats');
    await page.waitForSelector('#totals [data-stat=amount_involved]');

    const party = await fx.as('dw');
    const s = (await party.get<Stats>('/api/stats')).body;
    const alerts = (await party.get<{ alerts: { amount: number | null; recovered_amount: number | null }[] }>('/api/alerts?limit=500')).body.alerts;
    const shown = (key: string) => page.textContent(`#totals [data-stat=${key}] .value`);
    expect(await shown('alerts')).toBe(String(alerts.length));
    expect(await shown('amount_involved')).toBe((alerts.reduce((n, a) => n + (a.amount ?? 0), 0) / 100).toFixed(2));
    expect(await shown('amount_recovered')).toBe('123.45');
    for (const key of ['alerts', 'open', 'overdue', 'escalated', 'confirmed', 'closed', 'dismissed']) expect(await shown(key), key).toBe(String(s.totals[key]));
    for (const key of ['amount_involved', 'amount_confirmed', 'amount_recovered']) expect(await shown(key), key).toBe((s.totals[key]! / 100).toFixed(2));
    // Every department's row equals the API's.
    const column = (n: number) => page.locator(`#by-department tbody tr td:nth-child(${n})`).allTextContents();
    expect(await column(1)).toEqual(s.by_department.map((b) => b.code));
    expect(await column(3)).toEqual(s.by_department.map((b) => String(b.alerts)));
    expect(await column(6)).toEqual(s.by_department.map((b) => (b.amount / 100).toFixed(2)));
    expect(await column(7)).toEqual(s.by_department.map((b) => (b.recovered / 100).toFixed(2)));
    expect(await page.$$eval('#by-month tbody tr', (trs) => trs.length)).toBe(s.by_month.length);
    // The XLSX link and the page's own view.
    expect(await page.getAttribute('#xlsx', 'href')).toBe('/api/stats.xlsx');
    const views = (await callerOf(fx.server, (await fx.server.service.signIn('jw', PASSWORD, '127.0.0.1')).token).get<Stats>('/api/stats')).body.views;
    expect(views.find((v) => v.page === 'stats' && v.channel === 'web')?.views).toBeGreaterThanOrEqual(1);
    // The main pages report theirs too (the queue, after signing in).
    expect(views.find((v) => v.page === 'alerts' && v.channel === 'web')?.views).toBeGreaterThanOrEqual(1);
    // English.
    await page.click('#lang');
    await page.waitForSelector('h1:text-is("Statistics")');
    expect(await shown('amount_recovered')).toBe('123.45');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a department transfers an alert and closes one with the money recovered, in the alert page', async () => {
    const mz = await fx.as('mz');
    const pushed = (await mz.get<{ alerts: { id: string; amount: number | null }[] }>('/api/alerts?state=pushed&limit=500')).body.alerts;
    const [toMove, toClose] = [pushed[0]!, pushed[1]!];
    for (const step of [{ action: 'verify' }, { action: 'confirm', reason: '属实' }, { action: 'investigate' }]) expect((await mz.post(`/api/alerts/${toClose.id}/transitions`, step)).status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.fill('#username', 'mz');
    await page.fill('#password', PASSWORD);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector('#alerts-table');
    await page.goto(`${url}/#/alerts/${toMove.id}`);
    await page.waitForSelector('[data-action=transfer]');
    expect(await page.textContent('#alert-amount')).toBe(toMove.amount === null ? '—' : (toMove.amount / 100).toFixed(2));
    await page.fill('#transfer-department', 'RS');
    await page.fill('#reason', '属人社局发放的资金，转人社局核实');
    await page.click('[data-action=transfer]');
    await page.waitForSelector('.notice');
    const jw = await fx.as('jw');
    const moved = (await jw.get<{ department_code: string; events: { action: string; reason: string }[] }>(`/api/alerts/${toMove.id}`)).body;
    expect(moved.department_code).toBe('RS');
    expect(moved.events.at(-1)).toMatchObject({ action: 'transfer', reason: '属人社局发放的资金，转人社局核实' });

    await page.goto(`${url}/#/alerts/${toClose.id}`);
    await page.waitForSelector('[data-action=close]');
    await page.fill('#recovered-amount', '456.78');
    await page.fill('#measure', '责令退回');
    await page.fill('#reason', '已追回');
    await page.click('[data-action=close]');
    await page.waitForSelector('#alert-recovered');
    expect(await page.textContent('#alert-recovered')).toBe('456.78');
    const closed = (await jw.get<{ state: string; recovered_amount: number; measure: string }>(`/api/alerts/${toClose.id}`)).body;
    expect(closed).toMatchObject({ state: 'closed', recovered_amount: 45_678, measure: '责令退回' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
