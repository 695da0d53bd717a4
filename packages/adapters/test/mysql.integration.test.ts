import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { loadData } from '@sunshine/core';
import { createMysqlSource } from '@sunshine/adapters/mysql';
import { mariadbMissing, skipUnless, startMariadb, type MariadbServer } from '@sunshine/test-servers';
import { adapterSelected, testAdapter } from './contract.js';
import { P1, P4 } from './fixture-county.js';
import { sqlStatements } from './write-fixture.js';

const skip = adapterSelected('mysql') ? skipUnless('MariaDB', mariadbMissing()) : true;
let server: MariadbServer | undefined;

async function exec(statements: readonly string[]): Promise<void> {
  const c = await mysql.createConnection({ host: server!.host, port: server!.port, user: server!.user, database: server!.database });
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

const connection = (): Record<string, unknown> => ({ host: server!.host, port: server!.port, user: server!.user, password: server!.password, database: server!.database });

describe.skipIf(skip)('mysql (MariaDB)', () => {
  beforeAll(async () => {
    server = await startMariadb();
  });
  afterAll(() => server?.stop());

  testAdapter({
    name: 'mysql',
    firstDataRow: 1,
    fileOf: (dataset) => dataset,
    async setup(county) {
      await exec(sqlStatements(county, (id) => `\`${id}\``));
      return { source: createMysqlSource({ connection: connection(), batchSize: 2 }) };
    },
    additionalTests({ source }) {
      it('reads typed columns exactly, through a query or a renamed table, over a URI', async () => {
        await exec([
          `CREATE TABLE YKT (payment_id VARCHAR(20), fund_code VARCHAR(10), id_number VARCHAR(18), name VARCHAR(20), town_code VARCHAR(12), village_code VARCHAR(12),
            period VARCHAR(7), pay_date DATE, amount DECIMAL(12,2), quantity DOUBLE, bank_account BIGINT UNSIGNED, account_holder_id_number VARCHAR(18), account_holder_name VARCHAR(20), created DATETIME)`,
          `INSERT INTO YKT VALUES ('P1', 'F01', '${P1}', '张大山', 'T1', 'V1', '2024-01', '2024-01-15', 450.50, 2.5, 18446744073709551615, '${P4}', '王建国', '2024-01-15 10:00:00')`,
          `CREATE TABLE depts (code VARCHAR(10), title VARCHAR(20))`,
          `INSERT INTO depts VALUES ('D01', '民政局')`,
        ]);
        const s = createMysqlSource({
          connection: `mysql://${server!.user}@${server!.host}:${server!.port}/${server!.database}`,
          tables: { payments: 'ykt' },
          queries: { departments: 'SELECT code AS department_code, title AS NAME FROM depts' },
        });
        try {
          const data = await loadData(s, { datasets: ['payments', 'departments'] });
          expect(data.tables.get('payments')).toEqual([
            expect.objectContaining({ id_number: P1, pay_date: '2024-01-15', amount: 45050, quantity: 2.5, bank_account: '18446744073709551615', account_holder_id_number: P4 }),
          ]);
          expect(data.warnings.map((w) => w.column)).toEqual(['created']);
          expect(data.tables.get('departments')).toEqual([{ department_code: 'D01', name: '民政局' }]);
        } finally {
          await s.close?.();
        }
      });

      it('streams in batches and gives the same rows whatever the batch size', async () => {
        const one = createMysqlSource({ connection: connection(), batchSize: 1000 });
        const big = await loadData(one, { datasets: ['payments'] });
        await one.close?.();
        const small = await loadData(source(), { datasets: ['payments'] });
        expect(small.tables.get('payments')).toEqual(big.tables.get('payments'));
        expect(small.rejected.map((r) => r.row)).toEqual(big.rejected.map((r) => r.row));
      });

      it('closes cleanly after a load that stopped mid-stream', async () => {
        await exec(['CREATE TABLE half (payment_id TEXT)', "INSERT INTO half VALUES ('a'), ('b'), ('c'), ('d'), ('e')"]);
        const s = createMysqlSource({ connection: connection(), tables: { payments: 'half' }, batchSize: 2 });
        await expect(loadData(s, { datasets: ['payments'] })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/half: required column `fund_code`/) as unknown });
        await s.close?.();
        const again = createMysqlSource({ connection: connection(), tables: { departments: 'half' }, queries: { departments: "SELECT payment_id AS department_code, 'x' AS name FROM half" } });
        expect((await loadData(again, { datasets: ['departments'] })).counts['departments']).toEqual({ loaded: 5, rejected: 0 });
        await again.close?.();
      });

      it('says which server it cannot reach', async () => {
        const err = await loadData(createMysqlSource({ connection: { host: '127.0.0.1', port: 1, user: 'root', password: 'secret' } })).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'UNREADABLE_SOURCE', reason: 'UNREADABLE', message: expect.stringMatching(/^MySQL 127\.0\.0\.1:1: cannot connect/) as unknown });
        expect((err as Error).message).not.toContain('secret');
      });
    },
  });
});
