import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { createPostgresSource } from '@sunshine/adapters/postgres';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { adapterSelected, testAdapter } from './contract.js';
import { P1, P4 } from './fixture-county.js';
import { sqlStatements } from './write-fixture.js';

type PgClient = { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
const pg = createRequire(import.meta.url)('pg') as { Client: new (c: { connectionString: string }) => PgClient };

const skip = adapterSelected('postgres') ? skipUnless('PostgreSQL', postgresMissing()) : true;
let server: PostgresServer | undefined;

async function exec(url: string, statements: readonly string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

describe.skipIf(skip)('postgres', () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  testAdapter({
    name: 'postgres',
    firstDataRow: 1,
    fileOf: (dataset) => dataset,
    async setup(county) {
      await exec(server!.url, ['CREATE SCHEMA county', 'SET search_path TO county', ...sqlStatements(county, (id) => `"${id}"`)].map((s, i) => (i > 1 ? s.replace(/^(CREATE TABLE|INSERT INTO) "/, '$1 county."') : s)));
      return { source: createPostgresSource({ connection: server!.url, schema: 'county', batchSize: 2 }) };
    },
    additionalTests() {
      it('reads typed columns as exact text, through a query or a renamed table', async () => {
        await exec(server!.url, [
          `CREATE TABLE public."YKT" (payment_id text, fund_code text, id_number text, name text, town_code text, village_code text,
            period text, pay_date date, amount numeric(12,2), quantity numeric, bank_account bigint, account_holder_id_number text, account_holder_name text)`,
          `INSERT INTO public."YKT" VALUES ('P1', 'F01', '${P1}', '张大山', 'T1', 'V1', '2024-01', '2024-01-15', 450.50, NULL, 6221000000000000001, '${P4}', '王建国')`,
          `CREATE TABLE public.depts (code text, title text)`,
          `INSERT INTO public.depts VALUES ('D01', '民政局')`,
        ]);
        const source = createPostgresSource({
          connection: server!.url,
          tables: { payments: 'ykt' },
          queries: { departments: 'SELECT code AS department_code, title AS "NAME" FROM public.depts' },
        });
        try {
          const data = await loadData(source, { datasets: ['payments', 'departments'] });
          expect(data.tables.get('payments')).toEqual([
            expect.objectContaining({ id_number: P1, pay_date: '2024-01-15', amount: 45050, quantity: null, bank_account: '6221000000000000001', account_holder_id_number: P4 }),
          ]);
          expect(data.tables.get('departments')).toEqual([{ department_code: 'D01', name: '民政局' }]);
          expect(data.rejected).toEqual([]);
          expect(data.locations).toEqual([
            { dataset: 'payments', file: 'YKT' },
            { dataset: 'departments', file: 'query:departments' },
          ]);
        } finally {
          await source.close?.();
        }
      });

      it('says which server it cannot reach, without a password', async () => {
        const url = `postgres://sunshine:secret@127.0.0.1:1/postgres`;
        const err = await loadData(createPostgresSource({ connection: url })).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'UNREADABLE_SOURCE', reason: 'UNREADABLE', message: expect.stringMatching(/^PostgreSQL 127\.0\.0\.1:1\/postgres: cannot connect/) as unknown });
        expect((err as Error).message).not.toContain('secret');
      });
    },
  });
});
