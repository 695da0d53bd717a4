/**
 * Issue #17's routing on a generated county: alerts carry the finding's amount; a wrongly
 * routed alert is transferred (with a reason, audited) to another department; the rules over a
 * village's own collective books (三资) are verified and confirmed by the town; closing records
 * the money recovered (追回金额) and the measure; an overdue alert is handed to the discipline
 * commission's queue and leaves the department's hands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetail, AlertSummary } from '../src/index.js';
import { startFixture, type Caller, type Fixture } from './server-fixture.js';

interface AlertList {
  total: number;
  alerts: (AlertSummary & { amount: number | null; level: string; holder: string; recovered_amount: number | null; measure: string | null })[];
}
type Detail = AlertDetail & { amount: number | null; level: string; holder: string; recovered_amount: number | null; measure: string | null };

describe('alert routing: amount, transfer, town level, close with money recovered, escalation', () => {
  let fx: Fixture;
  let clock = new Date('2025-01-06T09:00:00Z');
  let jw: Caller;
  let all: AlertList['alerts'];
  beforeAll(async () => {
    fx = await startFixture({ now: () => clock, sessionHours: 24 * 365 });
    jw = await fx.as('jw');
    all = (await jw.get<AlertList>('/api/alerts?limit=500')).body.alerts;
  }, 120_000);
  afterAll(() => fx.close());

  it("stores each finding's amount (integer fen or null) and its responsible level", () => {
    expect(all.length).toBeGreaterThan(50);
    const withMoney = all.filter((a) => a.amount !== null);
    expect(withMoney.length).toBeGreaterThan(10);
    expect(withMoney.every((a) => Number.isInteger(a.amount) && a.amount! > 0)).toBe(true);
    expect(all.every((a) => a.recovered_amount === null && a.holder === a.level)).toBe(true);
    // Payment rules: the department; a village's own books: the town.
    expect(all.filter((a) => a.category === 'eligibility').every((a) => a.level === 'department')).toBe(true);
    expect(all.some((a) => a.level === 'town' && a.department_code === 'NY')).toBe(true);
  });

  it('routes the cadre rules that name their department to the organisation department (组织部, ZZB)', async () => {
    const byParam = ['cadre-company-expense', 'cadre-related-contract', 'cadre-related-expense'];
    const cadre = all.filter((a) => byParam.includes(a.rule));
    expect(cadre.length).toBeGreaterThan(0);
    expect(cadre.every((a) => a.department_code === 'ZZB' && a.state === 'pushed')).toBe(true);
    const departments = (await jw.get<{ departments: { department_code: string; name: string | null }[] }>('/api/alerts/facets')).body.departments;
    expect(departments).toContainEqual({ department_code: 'ZZB', name: '组织部' });
    // The cadre rules over payments stay with the fund's department (it recovers the money).
    expect(all.filter((a) => a.rule === 'cadre-on-assistance').every((a) => a.department_code !== 'ZZB')).toBe(true);
  });

  it('transfers a wrongly routed alert to another department, with a reason, in the history and the audit log', async () => {
    const mz = await fx.as('mz');
    const target = all.find((a) => a.department_code === 'MZ' && a.state === 'pushed')!;
    const url = `/api/alerts/${target.id}`;
    expect((await mz.post(`${url}/transitions`, { action: 'transfer', department_code: 'RS' })).body).toMatchObject({ error: { code: 'REASON_REQUIRED' } });
    expect((await mz.post(`${url}/transitions`, { action: 'transfer', reason: '不属本部门' })).status).toBe(400);
    const unknown = await mz.post<{ error: { message: string } }>(`${url}/transitions`, { action: 'transfer', reason: '不属本部门', department_code: 'NOPE' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('department_code');
    expect((await mz.post(`${url}/transitions`, { action: 'transfer', reason: 'x', department_code: 'MZ' })).status).toBe(400);
    // Another department cannot transfer what is not theirs.
    expect((await (await fx.as('rs')).post(`${url}/transitions`, { action: 'transfer', reason: 'x', department_code: 'RS' })).status).toBe(404);

    clock = new Date('2025-01-08T09:00:00Z');
    const moved = await mz.post<Detail>(`${url}/transitions`, { action: 'transfer', reason: '该补贴由人社局发放，转人社局核实', department_code: 'RS' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ department_code: 'RS', state: 'pushed', pushed_at: '2025-01-08T09:00:00.000Z' });
    expect(moved.body.events.at(-1)).toMatchObject({ action: 'transfer', actor_role: 'department', reason: '该补贴由人社局发放，转人社局核实', detail: { from_department_code: 'MZ', department_code: 'RS' } });
    // It left MZ's jurisdiction and reached RS's queue, with a new due date.
    expect((await mz.get(url)).status).toBe(404);
    const rs = await fx.as('rs');
    const there = await rs.get<Detail>(url);
    expect(there.status).toBe(200);
    expect(there.body.due_at! > '2025-01-20').toBe(true);
    expect(there.body.actions).toContain('verify');
    const audit = (await jw.get<{ action: string; target: string; detail: string }[]>('/api/audit?limit=50')).body;
    const entry = audit.find((e) => e.action === 'alert.transfer' && e.target === `alert:${target.id}`);
    expect(entry).toBeDefined();
    expect(JSON.parse(entry!.detail)).toMatchObject({ from: 'pushed', to: 'pushed', reason: '该补贴由人社局发放，转人社局核实', from_department_code: 'MZ', department_code: 'RS' });
    // The discipline commission may transfer any alert.
    const back = await jw.post<Detail>(`${url}/transitions`, { action: 'transfer', reason: '纪委监委改派', department_code: 'MZ' });
    expect(back.body).toMatchObject({ department_code: 'MZ' });
  });

  it("lets the town verify and confirm a 三资 alert of its village; not a department's alert", async () => {
    const town = await fx.as('town1');
    const mine = (await town.get<AlertList>('/api/alerts?limit=500')).body.alerts;
    const target = mine.find((a) => a.level === 'town' && a.state === 'pushed');
    expect(target, 'a town-level alert in town 371426001').toBeDefined();
    const url = `/api/alerts/${target!.id}`;
    expect((await town.get<Detail>(url)).body.actions).toEqual(expect.arrayContaining(['verify', 'comment']));
    const verified = await town.post<Detail>(`${url}/transitions`, { action: 'verify' });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const confirmed = await town.post<Detail>(`${url}/transitions`, { action: 'confirm', reason: '镇农经站核查账目，属实' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.state).toBe('confirmed');
    expect(confirmed.body.events.at(-1)).toMatchObject({ action: 'confirm', actor_role: 'town' });
    // A department-level alert of the same town: comment only.
    const dept = mine.find((a) => a.level === 'department' && a.state === 'pushed')!;
    expect((await town.post(`/api/alerts/${dept.id}/transitions`, { action: 'verify' })).status).toBe(403);
    expect((await town.get<Detail>(`/api/alerts/${dept.id}`)).body.actions).toEqual(['comment']);
    // A village never decides a town-level alert.
    const v = await fx.as(target!.village_code === '371426001202' ? 'v202' : 'v201');
    const other = (await v.get<AlertList>('/api/alerts?limit=500')).body.alerts.find((a) => a.level === 'town' && a.state === 'pushed');
    if (other) expect((await v.post(`/api/alerts/${other.id}/transitions`, { action: 'verify' })).status).toBe(403);
  });

  it('closes with the money recovered (追回金额, fen) and the measure; refuses bad amounts', async () => {
    const mz = await fx.as('mz');
    const target = (await mz.get<AlertList>('/api/alerts?state=pushed&limit=500')).body.alerts.find((a) => a.amount !== null)!;
    const url = `/api/alerts/${target.id}/transitions`;
    expect((await mz.post(url, { action: 'verify', recovered_amount: 5 })).status).toBe(400);
    for (const step of [{ action: 'verify' }, { action: 'confirm', reason: '属实' }, { action: 'investigate' }]) expect((await mz.post(url, step)).status).toBe(200);
    const neg = await mz.post<{ error: { message: string } }>(url, { action: 'close', reason: '办结', recovered_amount: -1 });
    expect(neg.status).toBe(400);
    expect(neg.body.error.message).toContain('recovered_amount');
    expect((await mz.post(url, { action: 'close', reason: '办结', recovered_amount: 1.5 })).status).toBe(400);
    const closed = await mz.post<Detail>(url, { action: 'close', reason: '已追回违规资金', recovered_amount: 123_456, measure: '责令退回，诫勉谈话' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', recovered_amount: 123_456, measure: '责令退回，诫勉谈话' });
    expect(closed.body.events.at(-1)).toMatchObject({ action: 'close', detail: { recovered_amount: 123_456, measure: '责令退回，诫勉谈话' } });
  });

  it("hands an overdue alert to the discipline commission's queue; the department no longer decides it", async () => {
    clock = new Date('2025-03-01T00:00:00Z');
    const r = await jw.post<{ escalated: number }>('/api/escalations');
    expect(r.body.escalated).toBeGreaterThan(0);
    const queue = (await jw.get<AlertList>('/api/alerts?escalated=true&limit=500')).body.alerts;
    expect(queue.length).toBe(r.body.escalated);
    expect(queue.every((a) => a.holder === 'discipline')).toBe(true);
    const one = queue.find((a) => a.department_code === 'MZ' && a.state === 'pushed')!;
    const detail = (await jw.get<Detail>(`/api/alerts/${one.id}`)).body;
    expect(detail.events.at(-1)).toMatchObject({ action: 'escalate', detail: { to: 'discipline', from: 'department' } });
    expect(detail.events.at(-1)!.reason).toContain("discipline commission's queue");
    const mz = await fx.as('mz');
    expect((await mz.get<Detail>(`/api/alerts/${one.id}`)).body.actions).toEqual(['comment']);
    const refused = await mz.post<{ error: { message: string } }>(`/api/alerts/${one.id}/transitions`, { action: 'verify' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('escalated');
    expect((await mz.post(`/api/alerts/${one.id}/transitions`, { action: 'comment', reason: '已补充材料' })).status).toBe(200);
    // The commission decides it, or hands it back with a new due date.
    expect((await jw.get<Detail>(`/api/alerts/${one.id}`)).body.actions).toEqual(expect.arrayContaining(['verify', 'transfer']));
    const back = await jw.post<Detail>(`/api/alerts/${one.id}/transitions`, { action: 'transfer', reason: '退回民政局限期核实', department_code: 'RS' });
    expect(back.body).toMatchObject({ escalated: false, holder: 'department', department_code: 'RS' });
  });
});
