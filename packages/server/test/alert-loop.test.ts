/**
 * The closed loop of server.md on a generated county: run → alert pushed to the civil-affairs
 * department (民政局, MZ) → verified → confirmed → investigated → closed, with who/when/why on
 * every step and the audit chain intact — and evident once a row is edited behind its back.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetail, AlertSummary, RunSummary } from '../src/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

interface AlertList {
  total: number;
  alerts: AlertSummary[];
}

describe('the alert loop', () => {
  let fx: Fixture;
  let clock = new Date('2025-01-06T09:00:00Z');
  beforeAll(async () => {
    fx = await startFixture({ now: () => clock, sessionHours: 24 * 365 });
  });
  afterAll(() => fx.close());

  it('pushes each finding of a known department to it at once, de-duplicated across runs', async () => {
    const jw = await fx.as('jw');
    const all = (await jw.get<AlertList>('/api/alerts?limit=500')).body;
    expect(all.total).toBeGreaterThan(50);
    expect(new Set(all.alerts.map((a) => a.fingerprint)).size).toBe(all.total);
    const mz = all.alerts.filter((a) => a.department_code === 'MZ');
    expect(mz.length).toBeGreaterThan(5);
    expect(mz.every((a) => a.state === 'pushed' && a.pushed_at !== null && a.due_at !== null)).toBe(true);
    // A second run over the same import adds nothing.
    const run2 = await jw.post<RunSummary>('/api/runs', {});
    expect(run2.status, JSON.stringify(run2.body)).toBe(201);
    expect(run2.body).toMatchObject({ status: 'done', created_alerts: 0, reopened_alerts: 0, updated_alerts: 0 });
    expect(run2.body.findings).toBe(all.total);
    expect((await jw.get<AlertList>('/api/alerts?limit=1')).body.total).toBe(all.total);
  });

  it('walks run → pushed → verifying → confirmed → investigating → closed for the civil-affairs department', async () => {
    const mz = await fx.as('mz');
    const queue = (await mz.get<AlertList>('/api/alerts?state=pushed&limit=500')).body;
    expect(queue.alerts.length).toBeGreaterThan(0);
    expect(queue.alerts.every((a) => a.department_code === 'MZ')).toBe(true);
    const target = queue.alerts.find((a) => a.rule === 'cadre-on-assistance') ?? queue.alerts[0]!;
    const url = `/api/alerts/${target.id}`;

    const detail = (await mz.get<AlertDetail>(url)).body;
    expect(detail.evidence.length).toBeGreaterThan(0);
    expect(detail.actions).toEqual(['verify', 'transfer', 'comment']);
    expect(detail.events.map((e) => [e.action, e.to_state])).toEqual([
      ['create', 'new'],
      ['push', 'pushed'],
    ]);
    const explain = await mz.get<{ matched: boolean; rule: string; key: string }>(`${url}/explain`);
    expect(explain.status).toBe(200);
    expect(explain.body).toMatchObject({ matched: true, rule: target.rule, key: target.key });

    // Another department cannot see it; the town sees it but cannot decide it.
    expect((await (await fx.as('rs')).get(url)).status).toBe(404);
    const town = await fx.as('town1');
    expect((await town.get(url)).status).toBe(200);
    expect((await town.post(`${url}/transitions`, { action: 'verify' })).status).toBe(403);

    clock = new Date('2025-01-07T10:00:00Z');
    const verified = await mz.post<AlertDetail>(`${url}/transitions`, { action: 'verify' });
    expect(verified.status).toBe(200);
    expect(verified.body.state).toBe('verifying');
    // Skipping a step or leaving out the reason is refused.
    expect((await mz.post(`${url}/transitions`, { action: 'close', reason: 'x' })).body).toMatchObject({ error: { code: 'INVALID_TRANSITION' } });
    expect((await mz.post(`${url}/transitions`, { action: 'confirm' })).body).toMatchObject({ error: { code: 'REASON_REQUIRED' } });

    const photo = Buffer.from('%PDF-1.4 村委会核查记录').toString('base64');
    clock = new Date('2025-01-09T15:30:00Z');
    const confirmed = await mz.post<AlertDetail>(`${url}/transitions`, {
      action: 'confirm',
      reason: '经入户核查，该村干部本人领取低保属实',
      attachments: [{ name: '核查记录.pdf', media_type: 'application/pdf', content_base64: photo }],
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.state).toBe('confirmed');
    expect(confirmed.body.due_at).toBeNull();
    expect(confirmed.body.attachments).toHaveLength(1);
    const att = confirmed.body.attachments[0]!;
    const download = await fx.server.app.inject({ method: 'GET', url: `${url}/attachments/${att.id}`, headers: { authorization: `Bearer ${(await fx.server.service.signIn('mz', 'correct-horse-battery', 'test')).token}` } });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.toString('base64')).toBe(photo);

    const jw = await fx.as('jw');
    clock = new Date('2025-01-10T08:00:00Z');
    expect((await jw.post<AlertDetail>(`${url}/transitions`, { action: 'investigate', reason: '移送纪委监委调查' })).body.state).toBe('investigating');
    clock = new Date('2025-02-01T08:00:00Z');
    const closed = await jw.post<AlertDetail>(`${url}/transitions`, { action: 'close', reason: '已追回违规资金3300元，给予党内警告处分' });
    expect(closed.body.state).toBe('closed');
    expect(closed.body.events.map((e) => [e.action, e.from_state, e.to_state, e.actor, e.at, e.reason])).toEqual([
      ['create', null, 'new', 'system', '2025-01-06T09:00:00.000Z', 'run #1'],
      ['push', 'new', 'pushed', 'system', '2025-01-06T09:00:00.000Z', null],
      ['verify', 'pushed', 'verifying', '民政局 李', '2025-01-07T10:00:00.000Z', null],
      ['confirm', 'verifying', 'confirmed', '民政局 李', '2025-01-09T15:30:00.000Z', '经入户核查，该村干部本人领取低保属实'],
      ['investigate', 'confirmed', 'investigating', '纪委监委 王', '2025-01-10T08:00:00.000Z', '移送纪委监委调查'],
      ['close', 'investigating', 'closed', '纪委监委 王', '2025-02-01T08:00:00.000Z', '已追回违规资金3300元，给予党内警告处分'],
    ]);

    // Every transition is in the audit log, and the chain holds.
    const log = (await jw.get<{ action: string; target: string }[]>('/api/audit?limit=1000')).body;
    const mine = log.filter((e) => e.target === `alert:${target.id}` && e.action.startsWith('alert.') && e.action !== 'alert.read' && e.action !== 'alert.explain').map((e) => e.action).reverse();
    expect(mine).toEqual(['alert.push', 'alert.verify', 'alert.confirm', 'alert.investigate', 'alert.close']);
    expect(log.some((e) => e.action === 'alert.read' && e.target === `alert:${target.id}`)).toBe(true);
    expect((await jw.get('/api/audit/verify')).body).toMatchObject({ ok: true });
  });

  it('keeps a dismissed alert dismissed on the next run unless its evidence changed, then reopens it with a note', async () => {
    const jw = await fx.as('jw');
    const mz = await fx.as('mz');
    const queue = (await mz.get<AlertList>('/api/alerts?state=pushed&limit=500')).body.alerts;
    const target = queue.find((a) => a.evidence_hash && a.key.startsWith('P') && a.source === 'engine')!;
    const url = `/api/alerts/${target.id}`;
    await mz.post(`${url}/transitions`, { action: 'verify' });
    expect((await mz.post(`${url}/transitions`, { action: 'dismiss' })).status).toBe(400);
    expect((await mz.post<AlertDetail>(`${url}/transitions`, { action: 'dismiss', reason: '核实为系统登记错误，已更正' })).body.state).toBe('dismissed');

    expect((await jw.post<RunSummary>('/api/runs', {})).body.reopened_alerts).toBe(0);
    expect((await mz.get<AlertDetail>(url)).body.state).toBe('dismissed');

    // The same payment with a different amount: the finding's evidence changes.
    const changed = mkdtempSync(join(tmpdir(), 'sunshine-changed-'));
    try {
      cpSync(fx.dir, changed, { recursive: true });
      const file = join(changed, 'payments.csv');
      const lines = readFileSync(file, 'utf8').split('\n');
      const i = lines.findIndex((l) => l.startsWith(`${target.key},`));
      expect(i).toBeGreaterThan(0);
      const cols = lines[i]!.split(',');
      cols[7] = '2024-12-28'; // pay_date
      lines[i] = cols.join(',');
      writeFileSync(file, lines.join('\n'));
      expect((await jw.post('/api/imports', { kind: 'folder', dir: changed })).status).toBe(201);
      const run = (await jw.post<RunSummary>('/api/runs', {})).body;
      expect(run.reopened_alerts).toBeGreaterThanOrEqual(1);
    } finally {
      rmSync(changed, { recursive: true, force: true });
    }
    const after = (await mz.get<AlertDetail>(url)).body;
    expect(after.state).toBe('pushed');
    const reopen = after.events.find((e) => e.action === 'reopen')!;
    expect(reopen).toMatchObject({ from_state: 'dismissed', to_state: 'new', actor: 'system' });
    expect(reopen.reason).toContain('evidence changed');
    expect(after.evidence_hash).not.toBe(target.evidence_hash);
  });

  it('escalates verification overdue after the configured days to the discipline commission', async () => {
    const jw = await fx.as('jw');
    // The run of the previous test (on 2025-02-01) escalated what was pushed on 2025-01-06 (due after 15 days)…
    const early = (await jw.get<AlertList>('/api/alerts?escalated=true&limit=500')).body.alerts;
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((a) => (a.state === 'pushed' || a.state === 'verifying') && a.due_at! < '2025-02-01' && a.escalated_at === '2025-02-01T08:00:00.000Z')).toBe(true);
    // …but not the alert reopened and pushed again that day.
    const reopened = (await jw.get<AlertList>('/api/alerts?escalated=false&state=pushed&limit=500')).body.alerts;
    expect(reopened.length).toBeGreaterThan(0);
    clock = new Date('2025-03-01T00:00:00Z');
    const r = await jw.post<{ escalated: number }>('/api/escalations');
    expect(r.body.escalated).toBe(reopened.length);
    const one = (await jw.get<AlertDetail>(`/api/alerts/${reopened[0]!.id}`)).body;
    expect(one.escalated).toBe(true);
    expect(one.events.at(-1)).toMatchObject({ action: 'escalate', actor: 'system', from_state: 'pushed', to_state: 'pushed' });
    expect(one.events.at(-1)!.reason).toContain('overdue');
    // Only once.
    expect((await jw.post<{ escalated: number }>('/api/escalations')).body.escalated).toBe(0);
    // A department may not trigger it.
    expect((await (await fx.as('mz')).post('/api/escalations')).status).toBe(403);
  });

  it('makes tampering with the audit log evident', async () => {
    const jw = await fx.as('jw');
    expect((await jw.get('/api/audit/verify')).body).toMatchObject({ ok: true });
    // The table refuses edits…
    await expect(fx.server.store.db.run("UPDATE audit_log SET actor = 'nobody' WHERE seq = 5")).rejects.toThrow(/append-only/);
    await expect(fx.server.store.db.run('DELETE FROM audit_log WHERE seq = 5')).rejects.toThrow(/append-only/);
    // …and someone with the database file who drops the guard and edits a row is found out.
    await fx.server.store.db.exec('DROP TRIGGER audit_log_no_update');
    await fx.server.store.db.run("UPDATE audit_log SET detail = '{}' WHERE seq = 5");
    const v = await jw.get<{ ok: boolean; broken: { seq: number; reason: string } }>('/api/audit/verify');
    expect(v.body.ok).toBe(false);
    expect(v.body.broken.seq).toBe(5);
    expect(v.body.broken.reason).toContain('changed');
  });
});
