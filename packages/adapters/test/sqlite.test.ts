import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { createSqliteSource } from '@sunshine/adapters/sqlite';
import { testAdapter } from './contract.js';
import { P1, P2, P3, P4, P5 } from './fixture-county.js';

/** An ID number without the X check digit, to store as an INTEGER. */
const NUM = [P1, P2, P3, P4, P5].find((p) => !p.endsWith('X'))!;
import { tempDir } from './temp-dir.js';
import { SqliteDatabase, writeSqlite } from './write-fixture.js';

let t: ReturnType<typeof tempDir> = { dir: '', remove: () => undefined };
testAdapter({
  name: 'sqlite',
  firstDataRow: 1,
  fileOf: (dataset) => dataset,
  setup(county) {
    t = tempDir('sqlite');
    writeSqlite(join(t.dir, 'county.sqlite'), county);
    return Promise.resolve({ source: createSqliteSource({ file: join(t.dir, 'county.sqlite') }), cleanup: t.remove });
  },
});

it('reads typed columns, renamed tables and queries; big integers keep their digits', async () => {
  const d = tempDir('sqlite-typed');
  try {
    const file = join(d.dir, 'county.db');
    const db = new SqliteDatabase(file);
    db.exec(`CREATE TABLE "YKT_FFMX" (payment_id TEXT, fund_code TEXT, id_number INTEGER, name TEXT, town_code TEXT, village_code TEXT,
      period TEXT, pay_date TEXT, amount REAL, quantity REAL, bank_account INTEGER, account_holder_id_number TEXT, account_holder_name TEXT, remark TEXT)`);
    db.exec(`INSERT INTO "YKT_FFMX" VALUES ('P1', 'F01', ${NUM}, '张大山', 'T1', 'V1', '2024-01', '2024-01-15', 450.5, NULL, 6221000000000000001, '${P1}', '张大山', 'x')`);
    db.exec(`INSERT INTO "YKT_FFMX" VALUES ('P2', 'F01', ${NUM}, '张大山', 'T1', 'V1', '2024-02', '2024-02-15', 450.555, 2.5, 6221, '${P1}', '张大山', NULL)`);
    db.exec(`CREATE TABLE depts (code TEXT, title TEXT)`);
    db.exec(`INSERT INTO depts VALUES ('D01', '民政局'), ('D02', '农业农村局')`);
    db.close();

    const source = createSqliteSource({
      file,
      tables: { payments: 'ykt_ffmx' },
      queries: { departments: 'SELECT code AS department_code, title AS name FROM depts ORDER BY code DESC' },
    });
    expect(await source.datasets()).toEqual([
      { dataset: 'payments', file: 'YKT_FFMX' },
      { dataset: 'departments', file: 'query:departments' },
    ]);
    const data = await loadData(source, { datasets: ['payments', 'departments'] });
    await source.close?.();
    expect(data.tables.get('payments')).toEqual([
      expect.objectContaining({ payment_id: 'P1', id_number: NUM, amount: 45050, bank_account: '6221000000000000001', quantity: null }),
    ]);
    expect(data.rejected).toEqual([expect.objectContaining({ file: 'YKT_FFMX', row: 2, field: 'amount', value: 450.555 })]);
    expect(data.warnings.map((w) => w.column)).toEqual(['remark']);
    expect(data.tables.get('departments')).toEqual([
      { department_code: 'D02', name: '农业农村局' },
      { department_code: 'D01', name: '民政局' },
    ]);
    await expect(loadData(createSqliteSource({ file, tables: { payments: 'nope' } }))).rejects.toMatchObject({ reason: 'UNREADABLE', message: expect.stringMatching(/no table `nope` for dataset `payments`/) as unknown });
    await expect(loadData(createSqliteSource({ file: join(d.dir, 'missing.db') }))).rejects.toMatchObject({ code: 'UNREADABLE_SOURCE', reason: 'UNREADABLE' });
  } finally {
    d.remove();
  }
});
