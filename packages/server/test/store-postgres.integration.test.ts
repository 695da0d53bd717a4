/**
 * The storage contract and the alert loop against a real PostgreSQL 15 server (a throw-away one
 * from @sunshine/test-servers). Skipped with the reason printed when PostgreSQL is missing,
 * unless SUNSHINE_REQUIRE_SERVICES=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { createPostgresDatabase, type AlertDetail, type AlertSummary, type SqlDatabase } from '../src/index.js';
import { storeContract } from './store-contract.js';
import { startFixture, type Fixture } from './server-fixture.js';

const skip = skipUnless('PostgreSQL', postgresMissing());

describe.skipIf(skip)('PostgreSQL state store', () => {
  let pg: PostgresServer;
  let n = 0;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => (pg as PostgresServer | undefined)?.stop());

  /** A fresh database on the server for each suite. */
  async function freshDatabase(): Promise<string> {
    const admin = await createPostgresDatabase({ url: pg.url, poolSize: 1 });
    const name = `sunshine_${process.pid}_${++n}`;
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    return pg.url.replace(/\/[^/]*$/, `/${name}`);
  }

  describe('contract', () => {
    storeContract(async (): Promise<SqlDatabase> => createPostgresDatabase({ url: await freshDatabase() }));
  });

  describe('the alert loop over HTTP', () => {
    let fx: Fixture;
    beforeAll(async () => {
      fx = await startFixture({ database: await freshDatabase() });
    });
    afterAll(() => (fx as Fixture | undefined)?.close());

    it('runs, pushes to 民政局, verifies, confirms, investigates and closes, with the audit chain intact', async () => {
      expect(fx.server.stateDescription).toMatch(/^postgres postgres:\/\//);
      const jw = await fx.as('jw');
      const mz = await fx.as('mz');
      const queue = (await mz.get<{ total: number; alerts: AlertSummary[] }>('/api/alerts?state=pushed&limit=500')).body;
      expect(queue.total).toBeGreaterThan(5);
      expect(queue.alerts.every((a) => a.department_code === 'MZ')).toBe(true);
      const url = `/api/alerts/${queue.alerts[0]!.id}`;
      for (const [who, action, reason] of [
        [mz, 'verify', undefined],
        [mz, 'confirm', '核实属实'],
        [jw, 'investigate', '立案调查'],
        [jw, 'close', '已追回资金'],
      ] as const) {
        const r = await who.post<AlertDetail>(`${url}/transitions`, { action, ...(reason ? { reason } : {}) });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
      const closed = (await jw.get<AlertDetail>(url)).body;
      expect(closed.state).toBe('closed');
      expect(closed.events.map((e) => e.action)).toEqual(['create', 'push', 'verify', 'confirm', 'investigate', 'close']);
      // A second run de-duplicates; concurrent look-ups keep the chain linear.
      expect((await jw.post<{ created_alerts: number }>('/api/runs', {})).body.created_alerts).toBe(0);
      await Promise.all(Array.from({ length: 30 }, () => mz.get('/api/alerts?limit=5')));
      expect((await jw.get('/api/audit/verify')).body).toMatchObject({ ok: true });
      expect((await (await fx.as('rs')).get(url)).status).toBe(404);
    });
  });
});
