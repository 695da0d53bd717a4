/**
 * The storage contract every state store passes (SQLite in `store.test.ts`, PostgreSQL in
 * `store-postgres.integration.test.ts`): one schema and migrations, transactions, the
 * append-only tables, the audit chain under concurrent writers, imports and the registry
 * queries, alerts by jurisdiction, events in order, custom rule versions.
 */
import { countView, statsAlerts, viewCounts } from '../src/store/stats-queries.js';
import { allNotices, dueNotices, enqueueNotices, markAttemptFailed, markDelivered } from '../src/store/outbox.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alertScope, migrate, MIGRATIONS, ServerStore, type Principal, type SqlDatabase } from '../src/index.js';
import type { AlertRow } from '../src/store/server-store.js';

const principal = (p: Partial<Principal> & Pick<Principal, 'role'>): Principal => ({ id: 'u', name: 'u', departmentCode: null, townCode: null, villageCode: null, idNumber: null, ...p });

function alertRow(seq: number, over: Partial<AlertRow> = {}): AlertRow {
  return {
    id: randomUUID(),
    seq,
    fingerprint: `fp${seq}`,
    source: 'engine',
    rule: 'deceased-payee',
    rule_version: '1.0.0',
    category: 'eligibility',
    severity: 'high',
    alert_key: `P${seq}`,
    department_code: 'MZ',
    town_code: 'T1',
    village_code: 'V1',
    id_number: '371426198409107716',
    title_zh: '死亡人员领取补贴',
    title_en: 'Payment to a deceased person',
    message_zh: '消息',
    message_en: 'message',
    evidence: '[]',
    evidence_hash: 'h',
    state: 'new',
    amount: 120_000,
    recovered_amount: null,
    measure: null,
    level: 'department',
    escalated: 0,
    escalated_at: null,
    pushed_at: null,
    due_at: null,
    first_run_id: null,
    last_run_id: null,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

/** Registers the contract's tests for a database that `open` creates empty. */
export function storeContract(open: () => Promise<SqlDatabase>, close: (db: SqlDatabase) => Promise<void> = (db) => db.close()): void {
  let db: SqlDatabase;
  let store: ServerStore;
  beforeAll(async () => {
    db = await open();
    store = new ServerStore(db, () => new Date('2025-01-01T00:00:00Z'));
  });
  afterAll(() => close(db));

  it('applies the numbered migrations once', async () => {
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const rows = await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('binds ? placeholders, returns integers as numbers and rolls a failed transaction back', async () => {
    await store.insertUser({ username: 'a', display_name: "O'Brien ?", role: 'discipline', department_code: null, town_code: null, village_code: null, password_hash: 'x' }, undefined);
    const u = await store.userByUsername('a');
    expect(u).toMatchObject({ display_name: "O'Brien ?", disabled: 0 });
    await expect(
      db.transaction(async (tx) => {
        await tx.run("UPDATE users SET display_name = 'changed' WHERE username = ?", ['a']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.userByUsername('a'))!.display_name).toBe("O'Brien ?");
    expect(await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')).toEqual({ n: 1 });
  });

  it('keeps the audit chain linear under concurrent writers and verifies it', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.audit({ actor: `u${i % 4}`, role: 'citizen', action: 'person.payments', target: `person:${i}`, detail: { i } })));
    const v = await store.verifyAudit();
    expect(v).toMatchObject({ ok: true, entries: 40 });
    const entries = await store.auditEntries({ limit: 100 });
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('refuses to change or delete audit entries and alert events', async () => {
    await expect(db.run("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM audit_log WHERE seq = 40')).rejects.toThrow(/append-only/);
    expect((await store.verifyAudit()).ok).toBe(true);
  });

  it('saves an import with its registry and answers the look-ups', async () => {
    const tables = new Map<string, Record<string, string | number | null>[]>([
      ['regions', [{ town_code: 'T1', town_name: '龙泉街道', village_code: 'V1', village_name: '刘庙' }]],
      ['departments', [{ department_code: 'MZ', name: '民政局' }]],
      ['funds', [{ fund_code: 'MZ01', name: '低保', department_code: 'MZ' }]],
      ['persons', [{ id_number: '371426198409107716', name: '张兴', town_code: 'T1', village_code: 'V1' }]],
      [
        'payments',
        [
          { payment_id: 'P1', fund_code: 'MZ01', id_number: '371426198409107716', name: '张兴', town_code: 'T1', village_code: 'V1', period: '2024-01', pay_date: '2024-01-06', amount: 55000, bank_account: '6230' },
          { payment_id: 'P2', fund_code: 'MZ01', id_number: '371426198409107716', name: '张兴', town_code: 'T1', village_code: 'V1', period: '2024-02', pay_date: '2024-02-06', amount: 3_000_000_000 },
        ],
      ],
    ]);
    const imp = await store.saveImport({ id: randomUUID(), kind: 'folder', description: 'test', created_by: null, counts: '{}', rejected: 0, missing: '[]' }, tables, { actor: 'a', role: 'discipline', action: 'import.create', target: '' });
    expect(imp.seq).toBe(1);
    expect((await store.latestImport())!.id).toBe(imp.id);
    expect(await store.personOf(imp.id, '371426198409107716')).toMatchObject({ name: '张兴', village_code: 'V1' });
    const pays = await store.paymentsOf(imp.id, '371426198409107716', { where: '1 = 1', params: [] });
    expect(pays.map((p) => [p.payment_id, p.amount, p.fund_name, p.department_code])).toEqual([
      ['P2', 3_000_000_000, '低保', 'MZ'],
      ['P1', 55000, '低保', 'MZ'],
    ]);
    expect(Object.keys(pays[0]!)).not.toContain('bank_account');
    expect(await store.paymentsOf(imp.id, '371426198409107716', { where: 'department_code = ?', params: ['RS'] })).toEqual([]);
    expect((await store.villagePayments(imp.id, 'V1', { where: '1 = 1', params: [] }, 'MZ01', '2024-01')).map((p) => p.payment_id)).toEqual(['P1']);
    expect((await store.importTables(imp.id)).get('payments')![0]).toMatchObject({ payment_id: 'P1', bank_account: '6230' });
    expect(await store.regions(imp.id, { where: 'village_code = ?', params: ['V1'] })).toEqual([{ village_code: 'V1', village_name: '刘庙', town_code: 'T1', town_name: '龙泉街道' }]);
  });

  it('lists alerts within a jurisdiction with filters and keeps events in order', async () => {
    await store.write(async (tx) => {
      await store.insertAlerts(tx, [alertRow(1), alertRow(2, { department_code: 'RS', village_code: 'V2' }), alertRow(3, { source: 'dispute', id_number: '371426198807128707', state: 'pushed' })]);
    });
    const mz = principal({ role: 'department', departmentCode: 'MZ' });
    expect((await store.listAlerts(alertScope(mz), {}, 50, 0)).rows.map((r) => r.seq)).toEqual([3, 1]);
    expect((await store.listAlerts(alertScope(mz), { state: 'pushed' }, 50, 0)).total).toBe(1);
    expect((await store.listAlerts(alertScope(principal({ role: 'village', villageCode: 'V2' })), {}, 50, 0)).rows.map((r) => r.seq)).toEqual([2]);
    expect((await store.listAlerts(alertScope(principal({ role: 'citizen', idNumber: '371426198807128707' })), {}, 50, 0)).rows.map((r) => r.seq)).toEqual([3]);
    expect((await store.listAlerts(alertScope(principal({ role: 'town', townCode: null })), {}, 50, 0)).total).toBe(0);
    const facets = await store.alertFacets(alertScope(mz));
    expect(facets.department_code).toEqual([{ value: 'MZ', count: 2 }]);
    const a1 = (await store.listAlerts(alertScope(mz), {}, 50, 0)).rows.find((r) => r.seq === 1)!;
    const ev = (action: string) => ({ id: randomUUID(), alert_id: a1.id, at: '2025-01-01T00:00:00.000Z', actor_id: 'system', actor_name: 'system', actor_role: 'system', action, from_state: null, to_state: 'new', reason: null, detail: '{}' });
    await store.write(async (tx) => {
      await store.insertEvents(tx, [ev('create'), ev('push')]);
      await store.insertEvents(tx, [ev('verify')]);
      await store.updateAlert(tx, a1.id, { state: 'verifying' });
    });
    expect((await store.eventsOf(a1.id)).map((e) => e.action)).toEqual(['create', 'push', 'verify']);
    expect((await store.alertById(a1.id, alertScope(mz)))!.state).toBe('verifying');
    expect(await store.alertById(a1.id, alertScope(principal({ role: 'department', departmentCode: 'RS' })))).toBeUndefined();
    await expect(db.run("UPDATE alert_events SET reason = 'x'")).rejects.toThrow(/append-only/);
  });

  it('checks alert states against their events and counts attachment bytes', async () => {
    expect(await store.alertStateMismatches()).toEqual([
      { seq: 1, state: 'verifying', history: 'new' },
      { seq: 2, state: 'new', history: null },
      { seq: 3, state: 'pushed', history: null },
    ]);
    expect(await store.alertCount()).toBe(3);
    const a1 = (await db.get<{ id: string }>('SELECT id FROM alerts WHERE seq = 1'))!.id;
    expect(await store.attachmentBytes(a1)).toBe(0);
  });

  it('prunes old imports, fails interrupted runs and reads the audit head', async () => {
    const first = (await store.latestImport())!;
    const second = await store.saveImport({ id: randomUUID(), kind: 'folder', description: 'again', created_by: null, counts: '{}', rejected: 0, missing: '[]' }, new Map([['persons', [{ id_number: '371426198409107716', name: '张兴' }]]]), { actor: 'a', role: 'discipline', action: 'import.create', target: '' });
    expect(await store.pruneImports(1)).toEqual([first.id]);
    expect((await store.importTables(first.id)).size).toBe(0);
    expect((await store.importById(first.id))!.records_pruned_at).not.toBeNull();
    expect((await store.importById(second.id))!.records_pruned_at).toBeNull();
    expect(await store.pruneImports(1)).toEqual([]);
    const run = await store.insertRun({ id: randomUUID(), import_id: second.id, as_of: '2024-12-31', trigger_kind: 'manual', started_by: null, rules: '{}', params: '{}' });
    expect(await store.failInterruptedRuns()).toBe(1);
    expect((await store.runById(run.id))!.status).toBe('failed');
    const head = (await store.auditHead())!;
    expect(await store.auditHashAt(head.entries)).toBe(head.hash);
    expect(await store.auditHashAt(head.entries + 1)).toBeUndefined();
  });

  it('versions custom rules', async () => {
    const audit = { actor: 'a', role: 'discipline', action: 'rule.save', target: '' };
    await store.insertCustomRuleVersion({ rule_id: 'r1', rule: '{"v":1}', enabled: 1, note: null, created_by: 'a' }, audit);
    await store.insertCustomRuleVersion({ rule_id: 'r1', rule: '{"v":2}', enabled: 0, note: 'disabled', created_by: 'a' }, audit);
    await store.insertCustomRuleVersion({ rule_id: 'r2', rule: '{"v":1}', enabled: 1, note: null, created_by: 'a' }, audit);
    expect((await store.latestCustomRules()).map((r) => [r.rule_id, r.version_no, r.enabled])).toEqual([
      ['r1', 2, 0],
      ['r2', 1, 1],
    ]);
    expect((await store.customRuleVersions('r1')).map((r) => r.version_no)).toEqual([2, 1]);
    expect((await store.verifyAudit()).ok).toBe(true);
  });

  it('keeps alert money in BIGINT, counts page views and holds the notification outbox (#17)', async () => {
    await store.write((tx) => store.insertAlerts(tx, [alertRow(901, { amount: 3_000_000_000, recovered_amount: 2_999_999_999, measure: '追回', level: 'town', state: 'closed' })]));
    const rows = await statsAlerts(db, { where: 'seq = ?', params: [901] });
    expect(rows.map((r) => [Number(r.amount), Number(r.recovered_amount), r.state])).toEqual([[3_000_000_000, 2_999_999_999, 'closed']]);
    await countView(db, '2025-01-01', 'stats', 'web', 'view');
    await countView(db, '2025-01-01', 'stats', 'web', 'view');
    await countView(db, '2025-01-02', 'stats', 'web', 'view');
    await countView(db, '2025-01-02', '/api/disclosures', 'kiosk', 'lookup');
    expect(await viewCounts(db)).toEqual([
      { page: '/api/disclosures', channel: 'kiosk', kind: 'lookup', count: 1 },
      { page: 'stats', channel: 'web', kind: 'view', count: 3 },
    ]);
    expect((await viewCounts(db, '2025-01-02')).find((v) => v.page === 'stats')!.count).toBe(1);
    const base = { created_at: '2025-01-01T00:00:00.000Z', alert_id: 'a1', event: 'push', target: 'http://x', format: 'json', payload: '{}' };
    await store.write((tx) => enqueueNotices(tx, [{ ...base, id: 'n1', next_attempt_at: '2025-01-01T00:00:00.000Z' }, { ...base, id: 'n2', next_attempt_at: '2025-01-01T00:10:00.000Z' }]));
    expect((await dueNotices(db, '2025-01-01T00:05:00.000Z')).map((n) => n.id)).toEqual(['n1']);
    await markAttemptFailed(db, 'n1', 1, 'HTTP 503', '2025-01-01T00:06:00.000Z', null);
    expect((await dueNotices(db, '2025-01-01T00:05:00.000Z')).map((n) => n.id)).toEqual([]);
    expect((await dueNotices(db, '2025-01-01T00:20:00.000Z')).map((n) => n.id)).toEqual(['n1', 'n2']);
    await markDelivered(db, 'n1', 2, '2025-01-01T00:20:00.000Z');
    await markAttemptFailed(db, 'n2', 12, 'gave up', '2025-01-01T01:00:00.000Z', '2025-01-01T00:20:00.000Z');
    expect(await dueNotices(db, '2030-01-01T00:00:00.000Z')).toEqual([]);
    expect((await allNotices(db)).map((n) => [n.id, n.seq, n.attempts, n.delivered_at !== null, n.failed_at !== null, n.last_error])).toEqual([
      ['n1', 1, 2, true, false, null],
      ['n2', 2, 12, false, true, 'gave up'],
    ]);
  });
}
