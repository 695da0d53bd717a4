/**
 * GET /api/stats on a generated county: the party committee reads the county's numbers, each
 * the plain sum over the alerts it sees (money involved and recovered, integer fen); a
 * department and a town get theirs only; citizens are refused. Page views (POST /api/views,
 * rate-limited) and look-ups are counted per page and channel; the XLSX export holds the same
 * numbers.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSummary } from '../src/index.js';
import { PASSWORD, startFixture, type Caller, type Fixture } from './server-fixture.js';

type Alert = AlertSummary & { amount: number | null; recovered_amount: number | null };
interface Bucket { code: string; alerts: number; amount: number; recovered: number; overdue: number }
interface Stats {
  scope: { role: string };
  totals: Record<string, number>;
  by_state: { state: string; alerts: number; amount: number }[];
  by_department: Bucket[];
  by_town: Bucket[];
  by_village: Bucket[];
  by_fund: Bucket[];
  by_category: Bucket[];
  by_month: { month: string; created: number; amount: number; closed: number; recovered: number }[];
  views: { page: string; channel: string; views: number; lookups: number }[];
  sections: Record<string, unknown>;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('statistics (GET /api/stats)', () => {
  let fx: Fixture;
  let party: Caller;
  let alerts: Alert[];
  beforeAll(async () => {
    fx = await startFixture({ now: () => new Date('2025-01-06T09:00:00Z'), sessionHours: 24 * 365 });
    await fx.server.service.createUser({ username: 'dw', role: 'party', display_name: '县委', password: PASSWORD });
    party = await fx.as('dw');
    // One alert closed with money recovered, one transferred.
    const mz = await fx.as('mz');
    const list = (await mz.get<{ alerts: Alert[] }>('/api/alerts?state=pushed&limit=500')).body.alerts.filter((a) => a.amount !== null);
    const url = `/api/alerts/${list[0]!.id}/transitions`;
    for (const step of [{ action: 'verify' }, { action: 'confirm', reason: '属实' }, { action: 'investigate' }, { action: 'close', reason: '已追回', recovered_amount: 88_800, measure: '责令退回' }]) {
      expect((await mz.post(url, step)).status).toBe(200);
    }
    alerts = (await party.get<{ alerts: Alert[] }>('/api/alerts?limit=500')).body.alerts;
  }, 120_000);
  afterAll(() => fx.close());

  it('gives the party committee the county: totals equal the sums over the alerts', async () => {
    const r = await party.get<Stats>('/api/stats');
    expect(r.status).toBe(200);
    const s = r.body;
    expect(s.scope.role).toBe('party');
    expect(s.totals['alerts']).toBe(alerts.length);
    expect(s.totals['amount_involved']).toBe(sum(alerts.map((a) => a.amount ?? 0)));
    expect(s.totals['amount_involved']).toBeGreaterThan(0);
    expect(s.totals['amount_recovered']).toBe(88_800);
    expect(s.totals['amount_recovered']).toBe(sum(alerts.map((a) => a.recovered_amount ?? 0)));
    expect(s.totals['closed']).toBe(1);
    for (const list of [s.by_department, s.by_town, s.by_village, s.by_fund, s.by_category]) {
      expect(sum(list.map((b) => b.alerts))).toBe(alerts.length);
      expect(sum(list.map((b) => b.amount))).toBe(s.totals['amount_involved']);
      expect(sum(list.map((b) => b.recovered))).toBe(88_800);
    }
    expect(sum(s.by_state.map((x) => x.alerts))).toBe(alerts.length);
    expect(s.by_state.find((x) => x.state === 'closed')!.alerts).toBe(1);
    expect(sum(s.by_month.map((m) => m.created))).toBe(alerts.length);
    expect(sum(s.by_month.map((m) => m.recovered))).toBe(88_800);
    const mz = s.by_department.find((b) => b.code === 'MZ')!;
    expect(mz.alerts).toBe(alerts.filter((a) => a.department_code === 'MZ').length);
    expect(mz.recovered).toBe(88_800);
    // Several funds, read from the evidence.
    expect(s.by_fund.filter((b) => b.code !== '—').length).toBeGreaterThan(1);
    // #18 adds citizens' confirmations (认账) and disputes.
    expect(Object.keys(s.sections)).toEqual(['citizens']);
    expect(s.sections['citizens']).toMatchObject({ confirmations: 0, disputes: 0 });
  });

  it('keeps a department and a town to their jurisdiction; refuses citizens and the anonymous', async () => {
    const mz = (await (await fx.as('mz')).get<Stats>('/api/stats')).body;
    expect(mz.totals['alerts']).toBe(alerts.filter((a) => a.department_code === 'MZ').length);
    expect(mz.by_department.map((b) => b.code)).toEqual(['MZ']);
    const town = (await (await fx.as('town1')).get<Stats>('/api/stats')).body;
    expect(town.totals['alerts']).toBe(alerts.filter((a) => a.town_code === '371426001').length);
    expect(town.by_town.every((b) => b.code === '371426001')).toBe(true);
    expect((await (await fx.as('town2')).get<Stats>('/api/stats')).body.totals['alerts']).toBe(0);
    expect((await fx.anonymous.get('/api/stats')).status).toBe(401);
    const person = (await fx.server.store.db.all<{ id_number: string; name: string }>('SELECT id_number, name FROM registry_persons LIMIT 1'))[0]!;
    const login = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: { id_number: person.id_number, name: person.name } });
    const token = (JSON.parse(login.body) as { token: string }).token;
    expect((await fx.server.app.inject({ method: 'GET', url: '/api/stats', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
    // Look-ups: the citizen's own payments, counted per route and channel.
    expect((await fx.server.app.inject({ method: 'GET', url: '/api/citizen/payments?channel=wechat', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await fx.server.app.inject({ method: 'GET', url: '/api/citizen/payments', headers: { authorization: `Bearer ${token}`, 'x-sunshine-channel': 'kiosk' } })).statusCode).toBe(200);
    const views = (await party.get<Stats>('/api/stats')).body.views;
    expect(views).toEqual(expect.arrayContaining([{ page: '/api/citizen/payments', channel: 'wechat', views: 0, lookups: 1 }, { page: '/api/citizen/payments', channel: 'kiosk', views: 0, lookups: 1 }]));
  });

  it('counts page views per page and channel without a session; checks the input; rate-limits a client', async () => {
    expect((await fx.anonymous.post('/api/views', { page: 'stats', channel: 'web' })).status).toBe(200);
    expect((await fx.anonymous.post('/api/views', { page: 'stats', channel: 'web' })).status).toBe(200);
    expect((await fx.anonymous.post('/api/views', { page: 'public/disclosure', channel: 'kiosk' })).status).toBe(200);
    const bad = await fx.anonymous.post<{ error: { message: string } }>('/api/views', { page: 'stats', channel: 'fax' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('channel');
    expect((await fx.anonymous.post('/api/views', { page: '<script>' })).status).toBe(400);
    const views = (await party.get<Stats>('/api/stats')).body.views;
    expect(views).toEqual(expect.arrayContaining([{ page: 'stats', channel: 'web', views: 2, lookups: 0 }, { page: 'public/disclosure', channel: 'kiosk', views: 1, lookups: 0 }]));
    let status = 200;
    for (let i = 0; i < 130 && status === 200; i++) status = (await fx.anonymous.post('/api/views', { page: 'flood', channel: 'web' })).status;
    expect(status).toBe(429);
  });

  it('exports the same numbers to XLSX', async () => {
    const s = (await party.get<Stats>('/api/stats')).body;
    const r = await fx.server.app.inject({ method: 'GET', url: '/api/stats.xlsx', headers: { authorization: `Bearer ${(await fx.server.service.signIn('dw', PASSWORD, '127.0.0.1')).token}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['总览', '按状态', '按部门', '按乡镇', '按村', '按资金', '按类别', '按月份', '访问量']);
    const overview = new Map<string, unknown>();
    wb.getWorksheet('总览')!.eachRow((row) => overview.set(row.getCell(1).text, row.getCell(2).value));
    expect(overview.get('预警总数')).toBe(s.totals['alerts']);
    expect(overview.get('涉及金额（元）')).toBe(s.totals['amount_involved']! / 100);
    expect(overview.get('追回金额（元）')).toBe(888);
    const depts = wb.getWorksheet('按部门')!;
    expect(depts.rowCount - 1).toBe(s.by_department.length);
    expect(depts.getRow(2).getCell(1).value).toBe(s.by_department[0]!.code);
    expect(depts.getRow(2).getCell(3).value).toBe(s.by_department[0]!.alerts);
  });
});
