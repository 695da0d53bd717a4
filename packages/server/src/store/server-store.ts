/**
 * The server's state, on a {@link SqlDatabase}: accounts and sessions, imported data (whole
 * records, plus the indexed parts look-ups and disclosure query), runs, alerts with their
 * events and attachments, custom rules and their versions, and the hash-chained audit log.
 * Every method takes plain values; jurisdiction arrives as a {@link SqlFilter} the caller built.
 */
import { randomUUID } from 'node:crypto';
import { auditHash, GENESIS_HASH, verifyAuditEntries, type AuditEntry, type AuditVerification } from '../domain/audit-chain.js';
import type { SqlFilter } from '../domain/jurisdiction.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database.js';

export type { UserRow, SessionRow, ImportRow, RunRow, AlertRow, AlertEventRow, AttachmentRow, CustomRuleRow, PaymentRow, RegionRow, AlertFilter, AuditInput } from './rows.js';
import type { UserRow, SessionRow, ImportRow, RunRow, AlertRow, AlertEventRow, AttachmentRow, CustomRuleRow, PaymentRow, RegionRow, AlertFilter, AuditInput } from './rows.js';

type Rec = Readonly<Record<string, string | number | null>>;

const str = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

/** The ISO clock the store stamps rows with. */
export type Clock = () => Date;

/**
 * @example
 * ```ts
 * const db = await createSqliteDatabase({ file: '.sunshine/sunshine.db' });
 * await migrate(db);
 * const store = new ServerStore(db);
 * await store.audit({ actor: 'admin', role: 'admin', action: 'note', target: 'system' });
 * console.log(await store.verifyAudit()); // { ok: true, entries: 1, head: '…' }
 * ```
 */
export class ServerStore {
  readonly db: SqlDatabase;
  readonly #now: Clock;

  constructor(db: SqlDatabase, now: Clock = () => new Date()) {
    this.db = db;
    this.#now = now;
  }

  nowIso(): string {
    return this.#now().toISOString();
  }

  /**
   * A write transaction. Writes are serialised (SQLite by its queue, PostgreSQL by an advisory
   * lock) so that sequence numbers and the audit chain never fork.
   */
  write<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      if (this.db.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(73142600)');
      return fn(tx);
    });
  }

  // ---- audit log -------------------------------------------------------------------------

  /** Appends entries to the audit chain inside a write transaction. */
  async appendAudit(tx: SqlExecutor, entries: readonly AuditInput[]): Promise<void> {
    if (entries.length === 0) return;
    const last = await tx.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    let seq = last ? last.seq : 0;
    let prev = last?.hash ?? GENESIS_HASH;
    const at = this.nowIso();
    const rows: SqlValue[][] = [];
    for (const e of entries) {
      seq++;
      const fields = { seq, at, actor: e.actor, role: e.role, action: e.action, target: e.target, detail: JSON.stringify(e.detail ?? {}) };
      const hash = auditHash(prev, fields);
      rows.push([fields.seq, fields.at, fields.actor, fields.role, fields.action, fields.target, fields.detail, prev, hash]);
      prev = hash;
    }
    await tx.insertMany('audit_log', ['seq', 'at', 'actor', 'role', 'action', 'target', 'detail', 'prev_hash', 'hash'], rows);
  }

  #pendingAudit: AuditInput[] = [];
  #auditFlush: Promise<void> | undefined;

  /**
   * Appends entries in a transaction of their own, resolving once they are stored. Entries
   * from concurrent callers are written together in one transaction (group commit), so that a
   * burst of look-ups — each logged — costs one write, not one per look-up.
   */
  audit(...entries: AuditInput[]): Promise<void> {
    this.#pendingAudit.push(...entries);
    this.#auditFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const batch = this.#pendingAudit;
      this.#pendingAudit = [];
      this.#auditFlush = undefined;
      return this.write((tx) => this.appendAudit(tx, batch));
    });
    return this.#auditFlush;
  }

  async auditEntries(options: { afterSeq?: number; limit?: number; descending?: boolean } = {}): Promise<AuditEntry[]> {
    const limit = options.limit ?? 100;
    const rows = options.descending
      ? await this.db.all<AuditEntry>('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?', [options.afterSeq ?? Number.MAX_SAFE_INTEGER, limit])
      : await this.db.all<AuditEntry>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [options.afterSeq ?? 0, limit]);
    return rows.map((r) => ({ ...r, seq: r.seq }));
  }

  /** The chain's length and head hash (undefined while the log is empty). */
  async auditHead(): Promise<{ entries: number; hash: string } | undefined> {
    const r = await this.db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return r ? { entries: r.seq, hash: r.hash } : undefined;
  }

  /** The hash of entry #seq, if it exists. */
  async auditHashAt(seq: number): Promise<string | undefined> {
    return (await this.db.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [seq]))?.hash;
  }

  /** Walks the whole chain in pages. */
  async verifyAudit(): Promise<AuditVerification> {
    let prev = GENESIS_HASH;
    let next = 1;
    let total = 0;
    for (;;) {
      const page = await this.auditEntries({ afterSeq: next - 1, limit: 5000 });
      if (page.length === 0) break;
      const v = verifyAuditEntries(page, prev, next);
      total += v.entries;
      if (!v.ok) return { ...v, entries: total };
      prev = v.head;
      next += page.length;
    }
    // An entry removed from the end leaves no gap: compare with the highest seq ever written.
    const max = await this.db.get<{ n: number | null }>('SELECT MAX(seq) AS n FROM audit_log');
    if (max?.n !== null && max?.n !== undefined && max.n !== next - 1) {
      return { ok: false, entries: total, head: prev, broken: { seq: next, reason: `expected entry #${next} next, the log jumps (an entry was removed)` } };
    }
    return { ok: true, entries: total, head: prev };
  }

  // ---- users and sessions ----------------------------------------------------------------

  async insertUser(u: Omit<UserRow, 'id' | 'created_at' | 'disabled'>, actor: AuditInput | undefined): Promise<UserRow> {
    const row: UserRow = { ...u, id: randomUUID(), disabled: 0, created_at: this.nowIso() };
    await this.write(async (tx) => {
      await tx.run(
        'INSERT INTO users (id, username, display_name, role, department_code, town_code, village_code, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [row.id, row.username, row.display_name, row.role, row.department_code, row.town_code, row.village_code, row.password_hash, 0, row.created_at],
      );
      if (actor) await this.appendAudit(tx, [{ ...actor, target: `user:${row.id}`, detail: { username: row.username, role: row.role, department_code: row.department_code, town_code: row.town_code, village_code: row.village_code } }]);
    });
    return row;
  }

  userByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.get<UserRow>('SELECT * FROM users WHERE username = ?', [username]);
  }

  userById(id: string): Promise<UserRow | undefined> {
    return this.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
  }

  listUsers(): Promise<UserRow[]> {
    return this.db.all<UserRow>('SELECT * FROM users ORDER BY username');
  }

  async insertSession(s: SessionRow): Promise<void> {
    await this.db.run(
      'INSERT INTO sessions (token_hash, role, user_id, citizen_id_number, citizen_name, town_code, village_code, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [s.token_hash, s.role, s.user_id, s.citizen_id_number, s.citizen_name, s.town_code, s.village_code, s.created_at, s.expires_at],
    );
  }

  sessionByTokenHash(tokenHash: string, nowIso: string): Promise<SessionRow | undefined> {
    return this.db.get<SessionRow>('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?', [tokenHash, nowIso]);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  async purgeSessions(nowIso: string): Promise<number> {
    return this.db.run('DELETE FROM sessions WHERE expires_at <= ?', [nowIso]);
  }

  // ---- imported data ---------------------------------------------------------------------

  /** Saves a whole import: its records and the indexed parts (persons, payments, regions, departments). */
  async saveImport(meta: Omit<ImportRow, 'seq' | 'created_at' | 'records_pruned_at'>, tables: ReadonlyMap<string, readonly Rec[]>, audit: AuditInput): Promise<ImportRow> {
    return this.write(async (tx) => {
      const seqRow = await tx.get<{ n: number | null }>('SELECT MAX(seq) AS n FROM imports');
      const row: ImportRow = { ...meta, seq: (seqRow?.n ?? 0) + 1, created_at: this.nowIso(), records_pruned_at: null };
      await tx.run('INSERT INTO imports (id, seq, kind, description, created_by, created_at, counts, rejected, missing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        row.id,
        row.seq,
        row.kind,
        row.description,
        row.created_by,
        row.created_at,
        row.counts,
        row.rejected,
        row.missing,
      ]);
      for (const [dataset, records] of tables) {
        await tx.insertMany(
          'import_records',
          ['import_id', 'dataset', 'seq', 'data'],
          records.map((r, i) => [row.id, dataset, i, JSON.stringify(r)]),
        );
      }
      const funds = new Map((tables.get('funds') ?? []).map((f) => [String(f['fund_code']), f]));
      const persons = new Map<string, Rec>();
      for (const p of tables.get('persons') ?? []) persons.set(String(p['id_number']), p);
      await tx.insertMany(
        'registry_persons',
        ['import_id', 'id_number', 'name', 'town_code', 'village_code'],
        [...persons.values()].map((p) => [row.id, str(p['id_number']), str(p['name']) ?? '', str(p['town_code']), str(p['village_code'])]),
      );
      const seenPayments = new Set<string>();
      const payments: SqlValue[][] = [];
      for (const p of tables.get('payments') ?? []) {
        const id = String(p['payment_id']);
        if (seenPayments.has(id)) continue;
        seenPayments.add(id);
        const fund = funds.get(String(p['fund_code']));
        payments.push([
          row.id,
          id,
          str(p['fund_code']),
          str(fund?.['name']),
          str(fund?.['department_code']),
          str(p['id_number']),
          str(p['name']) ?? '',
          str(p['town_code']),
          str(p['village_code']),
          str(p['period']),
          str(p['pay_date']),
          Number(p['amount'] ?? 0),
        ]);
      }
      await tx.insertMany(
        'registry_payments',
        ['import_id', 'payment_id', 'fund_code', 'fund_name', 'department_code', 'id_number', 'name', 'town_code', 'village_code', 'period', 'pay_date', 'amount'],
        payments,
      );
      const regions = new Map<string, Rec>();
      for (const r of tables.get('regions') ?? []) regions.set(String(r['village_code']), r);
      await tx.insertMany(
        'registry_regions',
        ['import_id', 'village_code', 'village_name', 'town_code', 'town_name'],
        [...regions.values()].map((r) => [row.id, str(r['village_code']), str(r['village_name']), str(r['town_code']), str(r['town_name'])]),
      );
      const departments = new Map<string, Rec>();
      for (const d of tables.get('departments') ?? []) departments.set(String(d['department_code']), d);
      await tx.insertMany(
        'registry_departments',
        ['import_id', 'department_code', 'name'],
        [...departments.values()].map((d) => [row.id, str(d['department_code']), str(d['name'])]),
      );
      await this.appendAudit(tx, [{ ...audit, target: `import:${row.id}`, detail: { ...audit.detail, seq: row.seq, description: row.description, rejected: row.rejected } }]);
      this.#latest = undefined;
      return row;
    });
  }

  #latest: { readonly at: number; readonly row: Promise<ImportRow | undefined> } | undefined;

  /** The newest import (remembered for a second: every look-up asks for it). */
  latestImport(): Promise<ImportRow | undefined> {
    const now = Date.now();
    if (!this.#latest || now - this.#latest.at > 1000) {
      const row = this.db.get<ImportRow>('SELECT * FROM imports ORDER BY seq DESC LIMIT 1');
      this.#latest = { at: now, row };
      row.catch(() => (this.#latest = undefined));
    }
    return this.#latest.row;
  }

  importById(id: string): Promise<ImportRow | undefined> {
    return this.db.get<ImportRow>('SELECT * FROM imports WHERE id = ?', [id]);
  }

  /**
   * Deletes the records (and registry rows) of every import but the newest `keep`; the imports
   * themselves stay listed, marked pruned. Returns the pruned import ids.
   */
  async pruneImports(keep: number): Promise<string[]> {
    return this.write(async (tx) => {
      const kept = await tx.all<{ id: string; seq: number }>('SELECT id, seq FROM imports WHERE records_pruned_at IS NULL ORDER BY seq DESC');
      const old = kept.slice(Math.max(keep, 1));
      for (const imp of old) {
        for (const table of ['import_records', 'registry_persons', 'registry_payments', 'registry_regions', 'registry_departments']) await tx.run(`DELETE FROM ${table} WHERE import_id = ?`, [imp.id]);
        await tx.run('UPDATE imports SET records_pruned_at = ? WHERE id = ?', [this.nowIso(), imp.id]);
      }
      await this.appendAudit(tx, old.map((imp) => ({ actor: 'system', role: 'system', action: 'import.prune', target: `import:${imp.id}`, detail: { seq: imp.seq, keep } })));
      if (old.length) this.#latest = undefined;
      return old.map((i) => i.id);
    });
  }

  listImports(limit = 50): Promise<ImportRow[]> {
    return this.db.all<ImportRow>('SELECT * FROM imports ORDER BY seq DESC LIMIT ?', [limit]);
  }

  /** The records of an import, dataset by dataset, in their original order. */
  async importTables(importId: string): Promise<Map<string, Rec[]>> {
    const rows = await this.db.all<{ dataset: string; data: string }>('SELECT dataset, data FROM import_records WHERE import_id = ? ORDER BY dataset, seq', [importId]);
    const out = new Map<string, Rec[]>();
    for (const r of rows) {
      let list = out.get(r.dataset);
      if (!list) out.set(r.dataset, (list = []));
      list.push(JSON.parse(r.data) as Rec);
    }
    return out;
  }

  /** The whole imported record of one payment (with the fields the registry table leaves out). */
  async paymentRecord(importId: string, paymentId: string): Promise<Rec | undefined> {
    const rows = await this.db.all<{ data: string }>("SELECT data FROM import_records WHERE import_id = ? AND dataset = 'payments' AND data LIKE ?", [importId, `%"payment_id":${JSON.stringify(paymentId)}%`]);
    for (const r of rows) {
      const rec = JSON.parse(r.data) as Record<string, string | number | null>;
      if (rec['payment_id'] === paymentId) return rec;
    }
    return undefined;
  }

  personOf(importId: string, idNumber: string): Promise<{ id_number: string; name: string; town_code: string | null; village_code: string | null } | undefined> {
    return this.db.get('SELECT id_number, name, town_code, village_code FROM registry_persons WHERE import_id = ? AND id_number = ?', [importId, idNumber]);
  }

  /** Payments of one person, within `scope`. */
  paymentsOf(importId: string, idNumber: string, scope: SqlFilter): Promise<PaymentRow[]> {
    return this.db.all<PaymentRow>(`SELECT * FROM registry_payments WHERE import_id = ? AND id_number = ? AND (${scope.where}) ORDER BY pay_date DESC, payment_id`, [importId, idNumber, ...scope.params]);
  }

  paymentById(importId: string, paymentId: string, scope: SqlFilter): Promise<PaymentRow | undefined> {
    return this.db.get<PaymentRow>(`SELECT * FROM registry_payments WHERE import_id = ? AND payment_id = ? AND (${scope.where})`, [importId, paymentId, ...scope.params]);
  }

  /**
   * Payments of one village, within `scope`, optionally of one fund and of one period — or,
   * with `period` `'latest'`, of each fund's latest period in the village.
   */
  async villagePayments(importId: string, villageCode: string, scope: SqlFilter, fundCode?: string, period?: string): Promise<PaymentRow[]> {
    const extra: string[] = [];
    const params: SqlValue[] = [importId, villageCode];
    if (period === 'latest') {
      const latest = await this.db.all<{ fund_code: string; period: string }>(
        `SELECT fund_code, MAX(period) AS period FROM registry_payments WHERE import_id = ? AND village_code = ? ${fundCode ? 'AND fund_code = ? ' : ''}AND (${scope.where}) GROUP BY fund_code`,
        [importId, villageCode, ...(fundCode ? [fundCode] : []), ...scope.params],
      );
      if (latest.length === 0) return [];
      extra.push(`(${latest.map(() => '(fund_code = ? AND period = ?)').join(' OR ')})`);
      for (const l of latest) params.push(l.fund_code, l.period);
      period = undefined;
    }
    if (fundCode) {
      extra.push('fund_code = ?');
      params.push(fundCode);
    }
    if (period) {
      extra.push('period = ?');
      params.push(period);
    }
    return this.db.all<PaymentRow>(
      `SELECT * FROM registry_payments WHERE import_id = ? AND village_code = ? ${extra.map((e) => `AND ${e} `).join('')}AND (${scope.where}) ORDER BY fund_code, period, payment_id`,
      [...params, ...scope.params],
    );
  }

  regions(importId: string, scope: SqlFilter): Promise<RegionRow[]> {
    return this.db.all<RegionRow>(`SELECT village_code, village_name, town_code, town_name FROM registry_regions WHERE import_id = ? AND (${scope.where}) ORDER BY town_code, village_code`, [importId, ...scope.params]);
  }

  departments(importId: string): Promise<{ department_code: string; name: string | null }[]> {
    return this.db.all('SELECT department_code, name FROM registry_departments WHERE import_id = ? ORDER BY department_code', [importId]);
  }

  // ---- runs ------------------------------------------------------------------------------

  async insertRun(r: Pick<RunRow, 'id' | 'import_id' | 'as_of' | 'trigger_kind' | 'started_by' | 'rules' | 'params'>): Promise<RunRow> {
    return this.write(async (tx) => {
      const seqRow = await tx.get<{ n: number | null }>('SELECT MAX(seq) AS n FROM runs');
      const seq = (seqRow?.n ?? 0) + 1;
      const startedAt = this.nowIso();
      await tx.run('INSERT INTO runs (id, seq, import_id, as_of, trigger_kind, started_by, started_at, status, rules, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        r.id,
        seq,
        r.import_id,
        r.as_of,
        r.trigger_kind,
        r.started_by,
        startedAt,
        'running',
        r.rules,
        r.params,
      ]);
      await this.appendAudit(tx, [{ actor: r.started_by ?? 'system', role: r.started_by ? 'discipline' : 'system', action: 'run.start', target: `run:${r.id}`, detail: { seq, import_id: r.import_id, as_of: r.as_of, trigger: r.trigger_kind } }]);
      return (await tx.get<RunRow>('SELECT * FROM runs WHERE id = ?', [r.id]))!;
    });
  }

  /** Marks a run done with its counts (inside the caller's write transaction). */
  async finishRun(tx: SqlExecutor, id: string, r: Pick<RunRow, 'finished_at' | 'rules_run' | 'rules_skipped' | 'rules_failed' | 'findings' | 'created_alerts' | 'reopened_alerts' | 'updated_alerts'>): Promise<void> {
    await tx.run('UPDATE runs SET status = ?, finished_at = ?, rules_run = ?, rules_skipped = ?, rules_failed = ?, findings = ?, created_alerts = ?, reopened_alerts = ?, updated_alerts = ? WHERE id = ?', [
      'done',
      r.finished_at,
      r.rules_run,
      r.rules_skipped,
      r.rules_failed,
      r.findings,
      r.created_alerts,
      r.reopened_alerts,
      r.updated_alerts,
      id,
    ]);
  }

  runById(id: string): Promise<RunRow | undefined> {
    return this.db.get<RunRow>('SELECT * FROM runs WHERE id = ?', [id]);
  }

  listRuns(limit = 50): Promise<RunRow[]> {
    return this.db.all<RunRow>('SELECT * FROM runs ORDER BY seq DESC LIMIT ?', [limit]);
  }

  /**
   * Marks every run still `running` as failed: called at start-up, when no run of this server
   * can be in progress (one server per state). Returns how many there were.
   */
  async failInterruptedRuns(): Promise<number> {
    return this.write(async (tx) => {
      const stuck = await tx.all<{ id: string; seq: number }>("SELECT id, seq FROM runs WHERE status = 'running' ORDER BY seq");
      const error = 'the server stopped during the run (found at start-up)';
      for (const r of stuck) await tx.run("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", [error, this.nowIso(), r.id]);
      await this.appendAudit(tx, stuck.map((r) => ({ actor: 'system', role: 'system', action: 'run.fail', target: `run:${r.id}`, detail: { seq: r.seq, error } })));
      return stuck.length;
    });
  }

  async failRun(id: string, error: string): Promise<void> {
    await this.write(async (tx) => {
      await tx.run("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", [error, this.nowIso(), id]);
      await this.appendAudit(tx, [{ actor: 'system', role: 'system', action: 'run.fail', target: `run:${id}`, detail: { error } }]);
    });
  }

  // ---- alerts ----------------------------------------------------------------------------

  /** fingerprint → (id, state, evidence_hash) of every alert from the given source. */
  async alertIndex(source: string, tx: SqlExecutor = this.db): Promise<Map<string, { id: string; state: string; evidence_hash: string }>> {
    const rows = await tx.all<{ id: string; fingerprint: string; state: string; evidence_hash: string }>('SELECT id, fingerprint, state, evidence_hash FROM alerts WHERE source = ?', [source]);
    return new Map(rows.map((r) => [r.fingerprint, { id: r.id, state: r.state, evidence_hash: r.evidence_hash }]));
  }

  /** Records that a run saw these alerts again, unchanged. */
  async markAlertsSeen(tx: SqlExecutor, runId: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await tx.run(`UPDATE alerts SET last_run_id = ? WHERE id IN (${chunk.map(() => '?').join(', ')})`, [runId, ...chunk]);
    }
  }

  async nextAlertSeq(tx: SqlExecutor): Promise<number> {
    const r = await tx.get<{ n: number | null }>('SELECT MAX(seq) AS n FROM alerts');
    return (r?.n ?? 0) + 1;
  }

  static readonly ALERT_COLUMNS = [
    'id',
    'seq',
    'fingerprint',
    'source',
    'rule',
    'rule_version',
    'category',
    'severity',
    'alert_key',
    'department_code',
    'town_code',
    'village_code',
    'id_number',
    'title_zh',
    'title_en',
    'message_zh',
    'message_en',
    'evidence',
    'evidence_hash',
    'state',
    'amount',
    'recovered_amount',
    'measure',
    'level',
    'escalated',
    'escalated_at',
    'pushed_at',
    'due_at',
    'first_run_id',
    'last_run_id',
    'created_at',
    'updated_at',
  ] as const;

  async insertAlerts(tx: SqlExecutor, rows: readonly AlertRow[]): Promise<void> {
    await tx.insertMany('alerts', ServerStore.ALERT_COLUMNS, rows.map((r) => ServerStore.ALERT_COLUMNS.map((c) => r[c])));
  }

  static readonly EVENT_COLUMNS = ['id', 'seq', 'alert_id', 'at', 'actor_id', 'actor_name', 'actor_role', 'action', 'from_state', 'to_state', 'reason', 'detail'] as const;

  /** Appends events in the order given (their `seq` continues the store's). */
  async insertEvents(tx: SqlExecutor, events: readonly Omit<AlertEventRow, 'seq'>[]): Promise<void> {
    if (events.length === 0) return;
    const last = await tx.get<{ n: number | null }>('SELECT MAX(seq) AS n FROM alert_events');
    let seq = last?.n ?? 0;
    const rows: AlertEventRow[] = events.map((e) => ({ ...e, seq: ++seq }));
    await tx.insertMany('alert_events', ServerStore.EVENT_COLUMNS, rows.map((r) => ServerStore.EVENT_COLUMNS.map((c) => r[c])));
  }

  async insertAttachments(tx: SqlExecutor, rows: readonly AttachmentRow[]): Promise<void> {
    const cols = ['id', 'alert_id', 'event_id', 'name', 'media_type', 'size', 'sha256', 'content', 'created_at'] as const;
    await tx.insertMany('attachments', cols, rows.map((r) => cols.map((c) => r[c])));
  }

  /** Sets columns of one alert. */
  async updateAlert(tx: SqlExecutor, id: string, set: Partial<Omit<AlertRow, 'id' | 'seq' | 'fingerprint'>>): Promise<void> {
    const keys = Object.keys(set) as (keyof typeof set)[];
    if (keys.length === 0) return;
    await tx.run(`UPDATE alerts SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, [...keys.map((k) => set[k] as SqlValue), id]);
  }

  #alertWhere(scope: SqlFilter, filter: AlertFilter, searchDisputes = true): { where: string; params: SqlValue[] } {
    const parts = [`(${scope.where})`];
    const params: SqlValue[] = [...scope.params];
    const eq = (col: string, v: string | undefined): void => {
      if (v === undefined || v === '') return;
      parts.push(`${col} = ?`);
      params.push(v);
    };
    eq('category', filter.category);
    eq('town_code', filter.town_code);
    eq('village_code', filter.village_code);
    eq('department_code', filter.department_code);
    eq('state', filter.state);
    eq('severity', filter.severity);
    eq('rule', filter.rule);
    if (filter.escalated !== undefined) {
      parts.push('escalated = ?');
      params.push(filter.escalated ? 1 : 0);
    }
    if (filter.q) {
      parts.push(`(message_zh LIKE ? OR message_en LIKE ? OR alert_key LIKE ?)${searchDisputes ? '' : " AND source <> 'dispute'"}`);
      const like = `%${filter.q.replace(/[%_]/g, '')}%`;
      params.push(like, like, like);
    }
    return { where: parts.join(' AND '), params };
  }

  /** The alert queue; `searchDisputes: false` keeps disputes out of text searches (`q`). */
  async listAlerts(scope: SqlFilter, filter: AlertFilter, limit: number, offset: number, searchDisputes = true): Promise<{ total: number; rows: AlertRow[] }> {
    const { where, params } = this.#alertWhere(scope, filter, searchDisputes);
    const total = await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM alerts WHERE ${where}`, params);
    const rows = await this.db.all<AlertRow>(`SELECT * FROM alerts WHERE ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`, [...params, limit, offset]);
    return { total: total?.n ?? 0, rows };
  }

  /** Distinct values of the queue's filter columns within `scope`, with counts. */
  async alertFacets(scope: SqlFilter): Promise<Record<'category' | 'town_code' | 'village_code' | 'department_code' | 'state' | 'severity', { value: string; count: number }[]>> {
    const out = {} as Record<'category' | 'town_code' | 'village_code' | 'department_code' | 'state' | 'severity', { value: string; count: number }[]>;
    for (const col of ['category', 'town_code', 'village_code', 'department_code', 'state', 'severity'] as const) {
      const rows = await this.db.all<{ value: string | null; n: number }>(`SELECT ${col} AS value, COUNT(*) AS n FROM alerts WHERE (${scope.where}) GROUP BY ${col} ORDER BY ${col}`, scope.params);
      out[col] = rows.filter((r) => r.value !== null).map((r) => ({ value: String(r.value), count: r.n }));
    }
    return out;
  }

  /**
   * Alerts whose state is not the one their last event leads to — a state set in the database
   * rather than by a transition (every transition appends an event; events are append-only).
   */
  alertStateMismatches(): Promise<{ seq: number; state: string; history: string | null }[]> {
    return this.db.all(
      `SELECT a.seq AS seq, a.state AS state, e.to_state AS history FROM alerts a
       LEFT JOIN alert_events e ON e.alert_id = a.id AND e.seq = (SELECT MAX(x.seq) FROM alert_events x WHERE x.alert_id = a.id)
       WHERE e.to_state IS NULL OR e.to_state <> a.state ORDER BY a.seq`,
    );
  }

  async alertCount(): Promise<number> {
    // PostgreSQL answers COUNT(*) as a bigint.
    return Number((await this.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM alerts'))?.n ?? 0);
  }

  alertById(id: string, scope: SqlFilter, tx: SqlExecutor = this.db): Promise<AlertRow | undefined> {
    return tx.get<AlertRow>(`SELECT * FROM alerts WHERE id = ? AND (${scope.where})`, [id, ...scope.params]);
  }

  alertByFingerprint(fingerprint: string, tx: SqlExecutor = this.db): Promise<AlertRow | undefined> {
    return tx.get<AlertRow>('SELECT * FROM alerts WHERE fingerprint = ?', [fingerprint]);
  }

  eventsOf(alertId: string): Promise<AlertEventRow[]> {
    return this.db.all<AlertEventRow>('SELECT * FROM alert_events WHERE alert_id = ? ORDER BY seq', [alertId]);
  }

  /** The bytes of attachments an alert holds. */
  async attachmentBytes(alertId: string, tx: SqlExecutor = this.db): Promise<number> {
    return Number((await tx.get<{ n: number | string | null }>('SELECT SUM(size) AS n FROM attachments WHERE alert_id = ?', [alertId]))?.n ?? 0);
  }

  attachmentsOf(alertId: string): Promise<Omit<AttachmentRow, 'content'>[]> {
    return this.db.all('SELECT id, alert_id, event_id, name, media_type, size, sha256, created_at FROM attachments WHERE alert_id = ? ORDER BY created_at, id', [alertId]);
  }

  attachment(alertId: string, id: string): Promise<AttachmentRow | undefined> {
    return this.db.get<AttachmentRow>('SELECT * FROM attachments WHERE alert_id = ? AND id = ?', [alertId, id]);
  }

  /** Alerts awaiting verification past their due time, not yet escalated. */
  overdueAlerts(nowIso: string, tx: SqlExecutor = this.db): Promise<AlertRow[]> {
    return tx.all<AlertRow>("SELECT * FROM alerts WHERE state IN ('pushed', 'verifying') AND escalated = 0 AND due_at IS NOT NULL AND due_at < ? ORDER BY seq", [nowIso]);
  }

  // ---- custom rules ----------------------------------------------------------------------

  /** The newest version of every custom rule. */
  latestCustomRules(): Promise<CustomRuleRow[]> {
    return this.db.all<CustomRuleRow>('SELECT c.* FROM custom_rules c WHERE c.version_no = (SELECT MAX(version_no) FROM custom_rules d WHERE d.rule_id = c.rule_id) ORDER BY c.rule_id');
  }

  customRuleVersions(ruleId: string): Promise<CustomRuleRow[]> {
    return this.db.all<CustomRuleRow>('SELECT * FROM custom_rules WHERE rule_id = ? ORDER BY version_no DESC', [ruleId]);
  }

  customRuleVersion(ruleId: string, versionNo: number): Promise<CustomRuleRow | undefined> {
    return this.db.get<CustomRuleRow>('SELECT * FROM custom_rules WHERE rule_id = ? AND version_no = ?', [ruleId, versionNo]);
  }

  async insertCustomRuleVersion(r: Omit<CustomRuleRow, 'version_no' | 'created_at'>, audit: AuditInput): Promise<CustomRuleRow> {
    return this.write(async (tx) => {
      const n = await tx.get<{ n: number | null }>('SELECT MAX(version_no) AS n FROM custom_rules WHERE rule_id = ?', [r.rule_id]);
      const row: CustomRuleRow = { ...r, version_no: (n?.n ?? 0) + 1, created_at: this.nowIso() };
      await tx.run('INSERT INTO custom_rules (rule_id, version_no, rule, enabled, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        row.rule_id,
        row.version_no,
        row.rule,
        row.enabled,
        row.note,
        row.created_by,
        row.created_at,
      ]);
      await this.appendAudit(tx, [{ ...audit, target: `rule:${row.rule_id}`, detail: { ...audit.detail, version_no: row.version_no, enabled: row.enabled === 1 } }]);
      return row;
    });
  }
}
