/**
 * The audit chain anchored outside the database (issue #16, item 5): signed checkpoints of the
 * chain's head and length, kept in a file with a key the database never sees, expose a deleted
 * tail and a re-hashed forgery; alert states are checked against their event history.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH, type AuditEntry } from '../src/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

interface Verification {
  ok: boolean;
  entries: number;
  broken?: { seq: number; reason: string };
  checkpoints: { checked: number; latest: { entries: number; at: string } | null } | null;
  alert_states: { checked: number; mismatched: { seq: number; state: string; history: string | null }[] };
}

describe('audit anchoring', () => {
  let dir: string;
  let fx: Fixture;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sunshine-anchor-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => fx.close());

  const start = async (name: string): Promise<{ key: string; checkpoints: string }> => {
    const key = join(dir, `${name}.key`);
    const checkpoints = join(dir, `${name}.checkpoints.jsonl`);
    fx = await startFixture({ auditKeyFile: key, auditCheckpointFile: checkpoints });
    await fx.server.service.checkpointAudit();
    return { key, checkpoints };
  };
  const verify = async (): Promise<Verification> => (await (await fx.as('jw')).get<Verification>('/api/audit/verify')).body;

  it('writes signed checkpoints with a key file of mode 0600, and verifies clean', async () => {
    const { key, checkpoints } = await start('clean');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const line = JSON.parse(readFileSync(checkpoints, 'utf8').trim().split('\n').at(-1)!) as { entries: number; head: string; mac: string };
    expect(line.entries).toBeGreaterThan(5);
    expect(line.mac).toMatch(/^[0-9a-f]{64}$/);
    const v = await verify();
    expect(v).toMatchObject({ ok: true, checkpoints: { checked: 1 }, alert_states: { mismatched: [] } });
  });

  it('finds a deleted tail', async () => {
    await start('tail');
    const db = fx.server.store.db;
    const { n } = (await db.get<{ n: number }>('SELECT MAX(seq) AS n FROM audit_log'))!;
    await db.exec('DROP TRIGGER audit_log_no_delete');
    await db.run('DELETE FROM audit_log WHERE seq > ?', [n - 3]);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.broken!.reason).toMatch(/checkpoint/);
    expect(v.broken!.reason).toMatch(/removed|deleted/);
  });

  it('finds a forged entry whose chain was re-hashed', async () => {
    await start('forge');
    const db = fx.server.store.db;
    await db.exec('DROP TRIGGER audit_log_no_update');
    const rows = await db.all<AuditEntry>('SELECT * FROM audit_log ORDER BY seq');
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const e = r.seq === 3 ? { ...r, actor: 'somebody-else' } : r;
      const hash = auditHash(prev, e);
      await db.run('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', [e.actor, prev, hash, r.seq]);
      prev = hash;
    }
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.broken!.reason).toMatch(/checkpoint/);
    expect(v.broken!.reason).toMatch(/rewritten|differs/);
  });

  it('finds a forged checkpoint line', async () => {
    const { checkpoints } = await start('forged-line');
    appendFileSync(checkpoints, `${JSON.stringify({ entries: 1, head: GENESIS_HASH, at: new Date().toISOString(), mac: '0'.repeat(64) })}\n`);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.broken!.reason).toMatch(/signature/);
  });

  it('finds an alert whose state was set in the database, not by a transition', async () => {
    await start('state');
    await fx.server.store.db.run("UPDATE alerts SET state = 'closed' WHERE seq = 1");
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.alert_states.mismatched).toEqual([{ seq: 1, state: 'closed', history: 'pushed' }]);
  });
});

describe('serve --audit-key', () => {
  it('passes the key and checkpoint files through, and wants the key with the checkpoints', async () => {
    const { serveOptions } = await import('../src/index.js');
    expect(serveOptions({ auditKey: '/etc/sunshine/audit.key', auditCheckpoints: '/var/log/sunshine/cp.jsonl' })).toMatchObject({ auditKeyFile: '/etc/sunshine/audit.key', auditCheckpointFile: '/var/log/sunshine/cp.jsonl' });
    expect(() => serveOptions({ auditCheckpoints: 'cp.jsonl' })).toThrow('--audit-key');
  });
});
