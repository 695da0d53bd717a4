/**
 * `serve --backup` / `--restore` (issue #21): a backup taken while the server runs, restored into
 * a fresh state, gives the same alerts (ids, states, events, attachments), users, audit entries
 * and citizen look-ups, and an audit chain that verifies with its signed checkpoints. Damaged,
 * newer-schema and key-less restores are refused; a non-empty target needs --force. The same
 * round trip on PostgreSQL 15 through pg_dump / pg_restore.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { createPostgresDatabase, createServer, runServe, type AlertDetail, type AlertSummary, type PaymentView, type ServeArgs, type SqlDatabase, type SunshineServer } from '../src/index.js';
import { readArchive, writeArchive } from '../src/store/backup-archive.js';
import { callerOf, PASSWORD, startFixture, type Fixture } from './server-fixture.js';

function io(): { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown }; env: Record<string, string | undefined>; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: process.env, out: () => out, err: () => err };
}

async function serve(args: ServeArgs): Promise<{ code: number; out: string; err: string }> {
  const o = io();
  const code = await runServe(args, o);
  return { code, out: o.out(), err: o.err() };
}

/** Everything that must survive, read straight from the tables. */
async function snapshotOf(db: SqlDatabase): Promise<Record<string, unknown[]>> {
  return {
    alerts: await db.all('SELECT id, seq, fingerprint, state, rule, evidence_hash, due_at, pushed_at FROM alerts ORDER BY seq'),
    events: await db.all('SELECT id, seq, alert_id, action, from_state, to_state, reason, actor_id FROM alert_events ORDER BY seq'),
    attachments: await db.all('SELECT id, alert_id, event_id, name, sha256, content FROM attachments ORDER BY id'),
    users: await db.all('SELECT id, username, role, password_hash FROM users ORDER BY id'),
    runs: await db.all('SELECT id, seq, status, findings FROM runs ORDER BY seq'),
  };
}

/** Makes a state worth keeping: transitions with an attachment, a citizen's dispute. Returns the citizen. */
async function work(fx: Fixture): Promise<{ id_number: string; name: string }> {
  const mz = await fx.as('mz');
  const queue = (await mz.get<{ alerts: AlertSummary[] }>('/api/alerts?state=pushed&limit=5')).body;
  const url = `/api/alerts/${queue.alerts[0]!.id}`;
  expect((await mz.post(`${url}/transitions`, { action: 'verify' })).status).toBe(200);
  const pdf = Buffer.from('%PDF-1.4 核查记录').toString('base64');
  expect((await mz.post<AlertDetail>(`${url}/transitions`, { action: 'confirm', reason: '核实属实', attachments: [{ name: '核查.pdf', media_type: 'application/pdf', content_base64: pdf }] })).status).toBe(200);
  const person = (await fx.server.store.db.get<{ id_number: string; name: string }>("SELECT id_number, name FROM registry_payments WHERE department_code = 'MZ' ORDER BY payment_id LIMIT 1"))!;
  const r = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: person });
  const citizen = callerOf(fx.server, (JSON.parse(r.body) as { token: string }).token);
  const own = (await citizen.get<PaymentView[]>('/api/citizen/payments')).body[0]!;
  expect((await citizen.post('/api/citizen/disputes', { payment_id: own.payment_id, reason: '没有收到这笔钱' })).status).toBe(201);
  return person;
}

async function citizenPayments(server: SunshineServer, person: { id_number: string; name: string }): Promise<PaymentView[]> {
  const r = await server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: person });
  expect(r.statusCode).toBe(200);
  return (await callerOf(server, (JSON.parse(r.body) as { token: string }).token).get<PaymentView[]>('/api/citizen/payments')).body;
}

async function verifyAs(server: SunshineServer): Promise<{ ok: boolean; entries: number; checkpoints: { checked: number } | null; broken?: unknown }> {
  const g = await server.service.signIn('jw', PASSWORD, 'test');
  return (await callerOf(server, g.token).get<{ ok: boolean; entries: number; checkpoints: { checked: number } | null }>('/api/audit/verify')).body;
}

describe('serve --backup / --restore (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-backup-'));
  const key = join(dir, 'audit.key');
  const checkpoints = join(dir, 'checkpoints.jsonl');
  const file = join(dir, 'backup.tar.gz');
  let before: Record<string, unknown[]>;
  let audit: unknown[];
  let person: { id_number: string; name: string };
  let payments: PaymentView[];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const fx = await startFixture({ auditKeyFile: key, auditCheckpointFile: checkpoints });
    try {
      person = await work(fx);
      payments = await citizenPayments(fx.server, person);
      await fx.server.service.checkpointAudit();
      // Taken while the server is open on the same state.
      const b = await serve({ state: fx.stateDir, backup: file, auditKey: key, auditCheckpoints: checkpoints });
      expect(b.code, b.err).toBe(0);
      expect(b.out).toContain('not included: the audit key');
      before = await snapshotOf(fx.server.store.db);
      audit = await fx.server.store.db.all('SELECT * FROM audit_log ORDER BY seq');
    } finally {
      await fx.close();
    }
  });

  it('writes a .tar.gz with a manifest, the snapshot and the checkpoints, never the key', async () => {
    const out = join(dir, 'look');
    const members = await readArchive(file, out);
    expect(members.map((m) => m.name)).toEqual(['manifest.json', 'sunshine.db', 'audit-checkpoints.jsonl']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { format: string; schema_version: number; engine: string; audit: { entries: number; verified: boolean }; parts: { name: string; sha256: string }[] };
    expect(manifest).toMatchObject({ format: 'sunshine-backup/1', engine: 'sqlite', audit: { verified: true } });
    expect(manifest).toHaveProperty('sunshine_version', (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version);
    // It holds personal data: readable by its owner only.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(manifest.schema_version).toBeGreaterThanOrEqual(3);
    for (const p of manifest.parts) expect(members.find((m) => m.name === p.name)!.sha256).toBe(p.sha256);
    const keyText = readFileSync(key, 'utf8').trim();
    for (const m of members) expect(readFileSync(m.file).includes(keyText)).toBe(false);
  });

  it('restores into a fresh state: same alerts, events, attachments, users, audit entries and citizen look-ups; the chain verifies', async () => {
    const state = join(dir, 'restored');
    const cp = join(dir, 'restored-checkpoints.jsonl');
    const r = await serve({ state, restore: file, auditKey: key, auditCheckpoints: cp });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/audit chain verifies \(\d+ entries, \d+ signed checkpoints\)/);
    const server = await createServer({ stateDir: state, auditKeyFile: key, auditCheckpointFile: cp });
    try {
      expect(await snapshotOf(server.store.db)).toEqual(before);
      const after = await server.store.db.all<{ action: string }>('SELECT * FROM audit_log ORDER BY seq');
      expect(after.slice(0, audit.length)).toEqual(audit);
      expect(after.slice(audit.length).map((e) => e.action)).toContain('state.restore');
      const v = await verifyAs(server);
      expect(v).toMatchObject({ ok: true });
      expect(v.checkpoints!.checked).toBeGreaterThan(1);
      expect(await citizenPayments(server, person)).toEqual(payments);
    } finally {
      await server.close();
    }
    // A second restore over it needs --force, and sets the old state aside.
    const again = await serve({ state, restore: file, auditKey: key, auditCheckpoints: cp });
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
    const forced = await serve({ state, restore: file, auditKey: key, auditCheckpoints: cp, force: true });
    expect(forced.code, forced.err).toBe(0);
    expect(readdirSync(state).some((f) => f.startsWith('sunshine.db.before-restore-'))).toBe(true);
  });

  it('refuses a damaged backup, a newer schema, a missing or wrong key, and a state of the other engine', async () => {
    const parts = join(dir, 'parts');
    const members = await readArchive(file, parts);
    const manifestFile = join(parts, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { schema_version: number; parts: { name: string; sha256: string }[] };
    const repack = async (name: string): Promise<string> => {
      const out = join(dir, name);
      await writeArchive(out, members.map((m) => ({ name: m.name, file: m.file })));
      return out;
    };
    const fresh = (): string => mkdtempSync(join(dir, 'target-'));

    writeFileSync(join(parts, 'audit-checkpoints.jsonl'), `${readFileSync(join(parts, 'audit-checkpoints.jsonl'), 'utf8')}{"entries":1}\n`);
    const damaged = await serve({ state: fresh(), restore: await repack('damaged.tar.gz'), auditKey: key });
    expect(damaged.code).toBe(2);
    expect(damaged.err).toContain('does not match its checksum');

    const { readArchive: again } = await import('../src/store/backup-archive.js');
    const clean = await again(file, join(dir, 'parts2'));
    writeFileSync(join(dir, 'parts2', 'manifest.json'), JSON.stringify({ ...manifest, schema_version: 999 }));
    const newer = join(dir, 'newer.tar.gz');
    await writeArchive(newer, clean.map((m) => ({ name: m.name, file: m.file })));
    const n = await serve({ state: fresh(), restore: newer, auditKey: key });
    expect(n.code).toBe(2);
    expect(n.err).toMatch(/schema is version 999, newer than this server knows/);

    const noKey = await serve({ state: fresh(), restore: file });
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('--audit-key');

    const otherKey = join(dir, 'other.key');
    writeFileSync(otherKey, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const target = fresh();
    const wrong = await serve({ state: target, restore: file, auditKey: otherKey, auditCheckpoints: join(dir, 'wrong-cp.jsonl') });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/does not verify.*signature/);
    expect(existsSync(join(target, 'sunshine.db'))).toBe(false);
    expect(existsSync(join(dir, 'wrong-cp.jsonl'))).toBe(false);

    const engine = await serve({ database: 'postgres://nobody@127.0.0.1:1/none', restore: file, auditKey: key });
    expect(engine.code).toBe(2);
    expect(engine.err).toContain('SQLite state');

    const nothing = await serve({ state: fresh(), backup: join(dir, 'empty.tar.gz') });
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('no state at');
    const exists = await serve({ state: fresh(), backup: file });
    expect(exists.code).toBe(2);
    expect(exists.err).toContain('exists');
  });
});

describe('serve --backup while the server writes', () => {
  it('takes a snapshot of one moment: the restored chain verifies, cut between two writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-online-'));
    const fx = await startFixture({ auditKeyFile: join(dir, 'k'), auditCheckpointFile: join(dir, 'cp.jsonl') });
    try {
      const mz = await fx.as('mz');
      const start = (await fx.server.store.auditHead())!.entries;
      const flag = { writing: true };
      // Each look-up is an audited write; they go on throughout the backup.
      const load = (async () => {
        let n = 0;
        while (flag.writing && n < 2000) {
          await Promise.all(Array.from({ length: 5 }, () => mz.get('/api/alerts?limit=1')));
          n += 5;
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      const file = join(dir, 'online.tar.gz');
      const b = await serve({ state: fx.stateDir, backup: file, auditKey: join(dir, 'k'), auditCheckpoints: join(dir, 'cp.jsonl') });
      flag.writing = false;
      await load;
      expect(b.code, b.err).toBe(0);
      const end = (await fx.server.store.auditHead())!.entries;
      const r = await serve({ state: join(dir, 'restored'), restore: file, auditKey: join(dir, 'k'), auditCheckpoints: join(dir, 'cp2.jsonl') });
      expect(r.code, r.err).toBe(0);
      const entries = Number(/audit chain verifies \((\d+) entries/.exec(r.out)![1]);
      expect(entries).toBeGreaterThan(start);
      expect(entries).toBeLessThan(end + 3);
    } finally {
      await fx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const skipPg = skipUnless('PostgreSQL', postgresMissing());

describe.skipIf(skipPg)('serve --backup / --restore (PostgreSQL 15, pg_dump / pg_restore)', () => {
  let pg: PostgresServer;
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-pgbackup-'));
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await (pg as PostgresServer | undefined)?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const database = async (name: string): Promise<string> => {
    const admin = await createPostgresDatabase({ url: pg.url, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    return pg.url.replace(/\/[^/]*$/, `/${name}`);
  };

  it('backs up with pg_dump while serving and restores with pg_restore: same alerts, verifying chain, same look-ups', async () => {
    const key = join(dir, 'audit.key');
    const source = await database('sunshine_backup_src');
    const fx = await startFixture({ database: source, auditKeyFile: key });
    const file = join(dir, 'pg.tar.gz');
    let before: Record<string, unknown[]>;
    let person: { id_number: string; name: string };
    let payments: PaymentView[];
    try {
      person = await work(fx);
      payments = await citizenPayments(fx.server, person);
      await fx.server.service.checkpointAudit();
      const b = await serve({ database: source, backup: file, auditKey: key });
      expect(b.code, b.err).toBe(0);
      before = await snapshotOf(fx.server.store.db);
    } finally {
      await fx.close();
    }
    const members = await readArchive(file, join(dir, 'look'));
    expect(members.map((m) => m.name)).toEqual(['manifest.json', 'postgres.dump', 'audit-checkpoints.jsonl']);

    const target = await database('sunshine_backup_dst');
    const cp = join(dir, 'restored-checkpoints.jsonl');
    const r = await serve({ database: target, restore: file, auditKey: key, auditCheckpoints: cp });
    expect(r.code, r.err).toBe(0);
    const server = await createServer({ database: target, auditKeyFile: key, auditCheckpointFile: cp });
    try {
      expect(await snapshotOf(server.store.db)).toEqual(before);
      expect(await verifyAs(server)).toMatchObject({ ok: true });
      expect(await citizenPayments(server, person)).toEqual(payments);
    } finally {
      await server.close();
    }
    const again = await serve({ database: target, restore: file, auditKey: key, auditCheckpoints: cp });
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
    const forced = await serve({ database: target, restore: file, auditKey: key, auditCheckpoints: cp, force: true });
    expect(forced.code, forced.err).toBe(0);
  });
});
