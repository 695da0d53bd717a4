/**
 * Upgrade safety (issue #21): a state written by release 0.2.0 (fixtures/state-0.2.0, made by
 * that release's own server — see its README) opened by the current server is migrated, and
 * every user, alert, event, attachment, run and audit entry survives unchanged; the chain and
 * the 0.2.0 server's signed checkpoints verify; staff and citizens sign in; the alert loop goes
 * on. A backup of the 0.2.0 state restores with the migrations applied. A state whose schema is
 * newer than the code's is refused (serve exits 2 with the reason). On PostgreSQL 15: 0.2.0's
 * schema (its migrations 1–3) holding the fixture's rows is upgraded the same way.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { createPostgresDatabase, createServer, migrate, MIGRATIONS, runServe, type AlertDetail, type AlertSummary, type PaymentView, type SqlValue, type SunshineServer } from '../src/index.js';
import { callerOf } from './server-fixture.js';

const FIXTURE = new URL('./fixtures/state-0.2.0/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURE), 'utf8')) as {
  schema_version: number;
  counts: Record<string, number>;
  alerts_by_state: Record<string, number>;
  audit_head: { seq: number; hash: string };
  password: string;
  citizen: { id_number: string; name: string };
};

interface RawDb {
  exec(sql: string): void;
  prepare(sql: string): { all(...p: unknown[]): Record<string, unknown>[]; run(...p: unknown[]): unknown };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => RawDb;

const TABLES = ['users', 'alerts', 'alert_events', 'attachments', 'audit_log', 'runs', 'imports', 'registry_payments', 'custom_rules'] as const;

/** A fresh copy of the 0.2.0 state (SQLite file from the SQL text), with its audit key and checkpoints. */
function copyFixture(): { dir: string; state: string; key: string; checkpoints: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-upgrade-'));
  const state = join(dir, 'state');
  mkdirSync(state, { mode: 0o700 });
  const db = new Database(join(state, 'sunshine.db'));
  db.exec(gunzipSync(readFileSync(new URL('state.sql.gz', FIXTURE))).toString('utf8'));
  db.close();
  copyFileSync(new URL('audit.key', FIXTURE), join(dir, 'audit.key'));
  copyFileSync(new URL('audit-checkpoints.jsonl', FIXTURE), join(dir, 'audit-checkpoints.jsonl'));
  return { dir, state, key: join(dir, 'audit.key'), checkpoints: join(dir, 'audit-checkpoints.jsonl') };
}

/** Every row of the tables, with the columns 0.2.0 had. */
function rowsOf(file: string, columns?: Record<string, string[]>): { rows: Record<string, Record<string, unknown>[]>; columns: Record<string, string[]> } {
  const db = new Database(file);
  try {
    const cols: Record<string, string[]> = {};
    const rows: Record<string, Record<string, unknown>[]> = {};
    for (const t of TABLES) {
      cols[t] = columns?.[t] ?? db.prepare(`SELECT name FROM pragma_table_info('${t}') ORDER BY cid`).all().map((c) => String(c['name']));
      rows[t] = db.prepare(`SELECT ${cols[t].map((c) => `"${c}"`).join(', ')} FROM ${t} ORDER BY rowid`).all();
    }
    return { rows, columns: cols };
  } finally {
    db.close();
  }
}

function io(): { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown }; env: Record<string, string | undefined>; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, out: () => out, err: () => err };
}

describe('upgrading a 0.2.0 state', () => {
  let fx: ReturnType<typeof copyFixture>;
  let before: ReturnType<typeof rowsOf>;
  let server: SunshineServer;
  beforeAll(async () => {
    fx = copyFixture();
    before = rowsOf(join(fx.state, 'sunshine.db'));
    server = await createServer({ stateDir: fx.state, auditKeyFile: fx.key, auditCheckpointFile: fx.checkpoints });
  });
  afterAll(async () => {
    await server.close();
    rmSync(fx.dir, { recursive: true, force: true });
  });

  it('the fixture is the 0.2.0 state its README describes, made by migrations the code still ships unchanged', () => {
    expect(expected.schema_version).toBe(3);
    const fresh = copyFixture();
    const raw = new Database(join(fresh.state, 'sunshine.db'));
    const created = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND name IN ('users', 'alerts', 'alert_events', 'audit_log', 'audit_log_no_update')").all();
    raw.close();
    rmSync(fresh.dir, { recursive: true, force: true });
    expect(created).toHaveLength(5);
    for (const c of created) expect(MIGRATIONS[0]!.sql + (MIGRATIONS[0]!.dialect?.sqlite ?? ''), String(c['name'])).toContain(String(c['sql']));
    for (const [t, n] of Object.entries(expected.counts)) expect(before.rows[t], t).toHaveLength(n);
    const states: Record<string, number> = {};
    for (const a of before.rows['alerts']!) states[String(a['state'])] = (states[String(a['state'])] ?? 0) + 1;
    expect(states).toEqual(expected.alerts_by_state);
  });

  it('applies the newer migrations and keeps every user, alert, event, attachment, run and audit entry', async () => {
    const versions = (await server.store.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    await server.store.audit({ actor: 'system', role: 'system', action: 'test.flush', target: 'state' });
    const after = rowsOf(join(fx.state, 'sunshine.db'), before.columns);
    for (const t of TABLES) {
      if (t === 'audit_log') expect(after.rows[t]!.slice(0, before.rows[t]!.length), t).toEqual(before.rows[t]);
      else expect(after.rows[t], t).toEqual(before.rows[t]);
    }
    expect(after.rows['audit_log']![expected.audit_head.seq - 1]).toMatchObject({ seq: expected.audit_head.seq, hash: expected.audit_head.hash });
  });

  it('the chain and the 0.2.0 server’s signed checkpoints verify; staff and citizens sign in; the alert loop goes on', async () => {
    const jwGrant = await server.service.signIn('jw', expected.password, 'test');
    const jw = callerOf(server, jwGrant.token);
    const v = (await jw.get<{ ok: boolean; entries: number; checkpoints: { checked: number } | null }>('/api/audit/verify')).body;
    expect(v.ok).toBe(true);
    expect(v.entries).toBeGreaterThan(expected.audit_head.seq);
    expect(v.checkpoints!.checked).toBeGreaterThanOrEqual(1);
    const all = (await jw.get<{ total: number }>('/api/alerts?limit=1')).body;
    expect(all.total).toBe(expected.counts['alerts']);

    const mz = callerOf(server, (await server.service.signIn('mz', expected.password, 'test')).token);
    const pushed = (await mz.get<{ alerts: AlertSummary[] }>('/api/alerts?state=pushed&limit=1')).body.alerts[0]!;
    const verified = await mz.post<AlertDetail>(`/api/alerts/${pushed.id}/transitions`, { action: 'verify' });
    expect(verified.status).toBe(200);
    expect(verified.body.state).toBe('verifying');
    expect(verified.body.events.map((e) => e.action).at(-1)).toBe('verify');

    const r = await server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: expected.citizen });
    expect(r.statusCode).toBe(200);
    const citizen = callerOf(server, (JSON.parse(r.body) as { token: string }).token);
    expect((await citizen.get<PaymentView[]>('/api/citizen/payments')).body.length).toBeGreaterThan(0);
    const disputes = (await citizen.get<{ alerts: AlertSummary[] }>('/api/alerts')).body.alerts;
    expect(disputes).toHaveLength(1);
    expect((await jw.get('/api/audit/verify')).body).toMatchObject({ ok: true });
  });
});

describe('a backup of a 0.2.0 state', () => {
  it('restores with the current server, migrated, its chain verifying', async () => {
    const fx = copyFixture();
    try {
      const file = join(fx.dir, 'old.tar.gz');
      const b = io();
      expect(await runServe({ state: fx.state, backup: file, auditKey: fx.key, auditCheckpoints: fx.checkpoints }, b), b.err()).toBe(0);
      expect(b.out()).toContain('schema 3');
      const r = io();
      expect(await runServe({ state: join(fx.dir, 'restored'), restore: file, auditKey: fx.key, auditCheckpoints: join(fx.dir, 'cp2.jsonl') }, r), r.err()).toBe(0);
      const newer = MIGRATIONS.map((m) => m.version).filter((v) => v > 3);
      expect(r.out()).toContain(newer.length ? `migrated to ${newer.join(', ')}` : 'audit chain verifies');
      expect(r.out()).toContain('audit chain verifies');
    } finally {
      rmSync(fx.dir, { recursive: true, force: true });
    }
  });
});

describe('a state from a newer release', () => {
  it('is refused: the server does not start and serve exits 2 with the reason', async () => {
    const fx = copyFixture();
    try {
      const db = new Database(join(fx.state, 'sunshine.db'));
      const future = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', '2099-01-01T00:00:00Z')").run(future);
      db.close();
      await expect(createServer({ stateDir: fx.state })).rejects.toThrow(`schema is version ${future}, newer than this server knows`);
      const out = io();
      expect(await runServe({ state: fx.state, port: '0' }, out)).toBe(2);
      expect(out.err()).toMatch(/^error: cannot migrate .*newer than this server knows/);
      expect(out.err()).not.toMatch(/\n\s+at /);
      // Nothing was applied to it.
      const check = new Database(join(fx.state, 'sunshine.db'));
      expect(check.prepare('SELECT COUNT(*) AS n FROM schema_migrations').all()[0]!['n']).toBe(4);
      check.close();
    } finally {
      rmSync(fx.dir, { recursive: true, force: true });
    }
  });
});

const skipPg = skipUnless('PostgreSQL', postgresMissing());

describe.skipIf(skipPg)('upgrading a 0.2.0 state on PostgreSQL 15', () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => (pg as PostgresServer | undefined)?.stop());

  it('keeps every row through the newer migrations; the chain and checkpoints verify; sign-in works', async () => {
    const fx = copyFixture();
    try {
      const admin = await createPostgresDatabase({ url: pg.url, poolSize: 1 });
      await admin.exec('CREATE DATABASE sunshine_020');
      await admin.close();
      const url = pg.url.replace(/\/[^/]*$/, '/sunshine_020');
      // 0.2.0's schema on PostgreSQL (its migrations 1–3, which never change once shipped), then 0.2.0's rows.
      const db = await createPostgresDatabase({ url, poolSize: 1 });
      expect(await migrate(db, MIGRATIONS.filter((m) => m.version <= expected.schema_version))).toEqual([1, 2, 3]);
      const raw = new Database(join(fx.state, 'sunshine.db'));
      const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY rowid").all().map((r) => String(r['name']));
      const before: Record<string, Record<string, unknown>[]> = {};
      for (const t of tables) {
        const rows = raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
        before[t] = rows;
        if (rows.length) await db.insertMany(t, Object.keys(rows[0]!), rows.map((r) => Object.values(r) as SqlValue[]));
      }
      raw.close();
      await db.close();

      const server = await createServer({ database: url, auditKeyFile: fx.key, auditCheckpointFile: fx.checkpoints });
      try {
        const versions = (await server.store.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
        expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
        for (const t of ['users', 'alerts', 'alert_events', 'attachments', 'runs', 'imports', 'registry_payments']) {
          const cols = Object.keys(before[t]![0]!);
          const order = t === 'registry_payments' ? 'import_id, payment_id' : t === 'users' || t === 'attachments' ? 'created_at, id' : 'seq';
          const after = await server.store.db.all(`SELECT ${cols.join(', ')} FROM ${t} ORDER BY ${order}`);
          expect(after.length, t).toBe(expected.counts[t]);
          if (order === 'seq') expect(after, t).toEqual(before[t]);
          else expect(new Set(after.map((r) => JSON.stringify(r))), t).toEqual(new Set(before[t]!.map((r) => JSON.stringify(r))));
        }
        const jw = callerOf(server, (await server.service.signIn('jw', expected.password, 'test')).token);
        const v = (await jw.get<{ ok: boolean; checkpoints: { checked: number } | null }>('/api/audit/verify')).body;
        expect(v.ok).toBe(true);
        expect(v.checkpoints!.checked).toBeGreaterThanOrEqual(1);
        expect((await jw.get<{ total: number }>('/api/alerts?limit=1')).body.total).toBe(expected.counts['alerts']);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(fx.dir, { recursive: true, force: true });
    }
  });
});
