/**
 * The public pages' queries and 认账 on PostgreSQL 15 (a throw-away server from
 * @sunshine/test-servers): the same answers as on SQLite. Skipped with the reason printed when
 * PostgreSQL is missing, unless SUNSHINE_REQUIRE_SERVICES=1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { createPostgresDatabase } from '../src/index.js';
import { callerOf, startFixture, type Fixture } from './server-fixture.js';

const skip = skipUnless('PostgreSQL', postgresMissing());
const V1 = '371426001201';

describe.skipIf(skip)('public pages on PostgreSQL', () => {
  let pg: PostgresServer;
  let fx: Fixture;
  let lite: Fixture;
  beforeAll(async () => {
    pg = await startPostgres();
    const admin = await createPostgresDatabase({ url: pg.url, poolSize: 1 });
    const name = `sunshine_public_${process.pid}`;
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    fx = await startFixture({ database: pg.url.replace(/\/[^/]*$/, `/${name}`), run: true });
    lite = await startFixture({ run: true });
  });
  afterAll(async () => {
    await (fx as Fixture | undefined)?.close();
    await (lite as Fixture | undefined)?.close();
    await (pg as PostgresServer | undefined)?.stop();
  });

  it('answers 公示 and 村务公开 exactly as SQLite does', async () => {
    const urls = [`/api/public/villages`, `/api/public/disclosures?village=${V1}`, `/api/public/disclosures?village=${V1}&page=2&page_size=7`, `/api/public/ledger?village=${V1}`, `/api/public/contracts?village=${V1}`, `/api/public/assets?village=${V1}`];
    for (const url of urls) {
      const a = await fx.anonymous.get<{ notice?: unknown }>(url);
      const b = await lite.anonymous.get<{ notice?: unknown }>(url);
      expect(a.status, url).toBe(200);
      // The notice starts on the import's day; both imports ran today.
      expect(a.body, url).toEqual(b.body);
    }
  });

  it('keeps a confirmation and counts it', async () => {
    const [head, ...lines] = readFileSync(join(fx.dir, 'payments.csv'), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    const pay = Object.fromEntries(lines[0]!.split(',').map((v, i) => [cols[i]!, v]));
    const login = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: { id_number: pay['id_number'], name: pay['name'] } });
    expect(login.statusCode).toBe(200);
    const citizen = callerOf(fx.server, (JSON.parse(login.body) as { token: string }).token);
    expect((await citizen.post('/api/citizen/confirmations', { payment_id: pay['payment_id'] })).status).toBe(201);
    expect((await citizen.post('/api/citizen/confirmations', { payment_id: pay['payment_id'] })).status).toBe(200);
    const counts = await (await fx.as('jw')).get<{ confirmations: number; disputes: number }>('/api/citizen-feedback');
    expect(counts.body).toMatchObject({ confirmations: 1, disputes: 0 });
  });
});
