/**
 * DuckDB reading a data folder in place: a generated town read from its CSV files (and from
 * Parquet files written from them) gives exactly the in-process engine's findings over the
 * same folder; files that are not canonical UTF-8 are refused or reported, never misread.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, loadData, type Engine, type RunResult } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty, type TruthFile } from '@sunshine/gen';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { runSql, SqlError, type SqlConnection } from '../src/index.js';
import { openDuckDb } from '../src/duckdb.js';
import { attachFolder } from '../src/duckdb-folder.js';

const root = mkdtempSync(path.join(tmpdir(), 'sunshine-duckdb-folder-'));
const dir = path.join(root, 'town');
let engine: Engine;
let inProcess: RunResult;

beforeAll(async () => {
  await generateCounty({ scale: 'town', seed: 11, out: dir });
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as TruthFile;
  engine = createEngine({ rules: await loadStdlib(), asOf: truth.asOf });
  inProcess = await engine.run(await loadData(createFolderSource({ dir })));
}, 300_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const lines = (r: RunResult): string[] => r.findings.map((f) => JSON.stringify(f));

/** Rules over several datasets, with evidence in row order: the in-place view test runs these (views re-read the files at every query). */
const SOME = ['deceased-payee', 'shared-account', 'exclusive-benefits', 'fuzzy-duplicate-payee', 'cadre-related-contract', 'skipped-period'];

function expectSame(r: RunResult, only?: readonly string[]): void {
  const want = only ? inProcess.findings.filter((f) => only.includes(f.rule)).map((f) => JSON.stringify(f)) : lines(inProcess);
  if (only) {
    expect(r.rulesRun).toEqual(inProcess.rulesRun.filter((id) => only.includes(id)));
    expect(want.length).toBeGreaterThan(10);
  } else {
    expect(r.rulesRun).toEqual(inProcess.rulesRun);
    expect(r.rulesSkipped).toEqual(inProcess.rulesSkipped);
    expect(want.length).toBeGreaterThan(100);
  }
  const got = lines(r);
  const missing = want.filter((l) => !got.includes(l)).slice(0, 5);
  const unexpected = got.filter((l) => !want.includes(l)).slice(0, 5);
  expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
  expect(got).toEqual(want);
}

describe('attachFolder over CSV', () => {
  let db: SqlConnection;
  beforeAll(async () => {
    db = await openDuckDb({ memoryLimit: '1GB', threads: 2 });
  });
  afterAll(async () => {
    await db.close();
  });

  it('views over the files give the in-process findings, byte for byte (rules over several datasets)', async () => {
    const folder = await attachFolder(db, dir, engine.environment.registry, { mode: 'view' });
    expect(folder.problemCount).toBe(0);
    expect(folder.datasets.map((d) => d.dataset)).toContain('payments');
    expect(folder.ignored).toContain('truth.json');
    // Money in fen, exactly, from the DECIMAL text.
    const sum = await db.query(`SELECT sum(amount), count(*), min(_row), max(_row) FROM payments`);
    const csv = readFileSync(path.join(dir, 'payments.csv'), 'utf8').trim().split('\n').slice(1);
    const amountAt = 'payment_id,fund_code,id_number,name,town_code,village_code,period,pay_date,amount'.split(',').length - 1;
    const fen = csv.reduce((s, l) => s + Math.round(Number(l.split(',')[amountAt]) * 100), 0);
    expect(sum.rows[0]).toEqual([fen, csv.length, 0, csv.length - 1]);
    expectSame(await runSql(engine, db, { only: SOME }), SOME);
  }, 600_000);

  it('tables read once give the same findings, for every model', async () => {
    const folder = await attachFolder(db, dir, engine.environment.registry, { mode: 'table', check: false });
    expect(folder.problemCount).toBe(0);
    const kind = await db.query(`SELECT table_type FROM information_schema.tables WHERE table_name = 'payments'`);
    expect(kind.rows).toEqual([['BASE TABLE']]);
    expectSame(await runSql(engine, db));
  }, 600_000);
});

describe('attachFolder numbers rows in file order', () => {
  it('in a file large enough for DuckDB to read in parallel, as a table and as a view', async () => {
    // 400,000 rows (about 60 MB): DuckDB splits the read across its threads; `_row` must still
    // be each row's position in the file.
    const big = path.join(root, 'big');
    mkdirSync(big, { recursive: true });
    const def = engine.environment.registry.get('payments')!;
    const n = 400_000;
    const lines = [def.fields.map((f) => f.name).join(',')];
    for (let i = 0; i < n; i++) lines.push(`P${i},F${i % 7},110101196001010012,张三${i % 13},T,V,2024-${String((i % 12) + 1).padStart(2, '0')},2024-01-15,${(i % 900) + 100}.00,,6222${String(i).padStart(12, '0')},,`);
    writeFileSync(path.join(big, 'payments.csv'), `${lines.join('\n')}\n`);
    const db = await openDuckDb({ threads: 2 });
    try {
      for (const [mode, compress] of [['table', false], ['view', false], ['table', true]] as const) {
        await attachFolder(db, big, engine.environment.registry, { mode, check: false, compress });
        const r = await db.query(`SELECT count(*), count(*) FILTER (WHERE payment_id <> 'P' || CAST(_row AS VARCHAR)), min(_row), max(_row) FROM payments`);
        expect(r.rows[0]!.map(Number), mode).toEqual([n, 0, 0, n - 1]);
      }
      // Compressed: the tables live in an in-memory database of their own, now the current one.
      const where = await db.query(`SELECT current_database(), count(*) FROM pragma_storage_info('payments') WHERE compression <> 'Uncompressed'`);
      expect(where.rows[0]![0]).toBe('sunshine_tables');
      expect(Number(where.rows[0]![1])).toBeGreaterThan(0);
      expect(await db.relations()).toEqual(new Set(['payments']));
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('attachFolder over Parquet', () => {
  it('Parquet files written by DuckDB COPY give the same findings, for every model', async () => {
    const pq = path.join(root, 'parquet');
    mkdirSync(pq);
    const db = await openDuckDb();
    try {
      const folder = await attachFolder(db, dir, engine.environment.registry, { check: false });
      // Typed columns (money as DECIMAL yuan, dates as DATE), rows in file order.
      for (const d of folder.datasets) {
        const def = engine.environment.registry.get(d.dataset)!;
        const cols = def.fields.map((f) => {
          const c = `"${f.name}"`;
          if (f.type === 'money') return `CAST(${c} AS DECIMAL(18, 0)) * CAST(0.01 AS DECIMAL(3, 2)) AS ${c}`;
          if (f.type === 'date') return `CAST(${c} AS DATE) AS ${c}`;
          return c;
        });
        await db.exec(`COPY (SELECT ${cols.join(', ')} FROM "${d.dataset}" ORDER BY _row) TO '${path.join(pq, `${d.dataset}.parquet`)}' (FORMAT parquet)`);
      }
      // Read once into tables: the same conversions as views, and a fast full-library run.
      const attached = await attachFolder(db, pq, engine.environment.registry, { mode: 'table' });
      expect(attached.datasets.every((d) => d.format === 'parquet')).toBe(true);
      expect(attached.datasets.length).toBe(folder.datasets.length);
      expectSame(await runSql(engine, db));
    } finally {
      await db.close();
    }
  }, 600_000);
});

describe('attachFolder refuses what it cannot read faithfully', () => {
  let db: SqlConnection;
  const bad = path.join(root, 'bad');
  beforeAll(async () => {
    db = await openDuckDb();
    mkdirSync(bad);
  });
  afterAll(async () => {
    await db.close();
  });

  it('reports values that are not canonical, by file, row and field', async () => {
    const d = path.join(bad, 'values');
    mkdirSync(d);
    copyFileSync(path.join(dir, 'funds.csv'), path.join(d, 'funds.csv'));
    writeFileSync(
      path.join(d, 'deaths.csv'),
      [
        'id_number,name,death_date,source',
        '11010519491231002X,甲,2024-03-05,civil_affairs',
        '110105194912310021,乙,2024/3/5,civil_affairs',
        '11010519491231002X,,2024-02-30,civil_affairs',
        '',
      ].join('\n'),
    );
    // Views and tables alike (tables: the one typed read finds a problem, and the staged read names it).
    for (const mode of ['view', 'table'] as const) {
      const err = await attachFolder(db, d, engine.environment.registry, { mode }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SqlError);
      expect((err as SqlError).message).toMatch(/4 values not in canonical form/);
      const r = await attachFolder(db, d, engine.environment.registry, { mode, onProblems: 'report' });
      expect(r.problemCount).toBe(4);
      expect(r.problems.map((p) => [p.row, p.field])).toEqual([
        [3, 'id_number'],
        [3, 'death_date'],
        [4, 'name'],
        [4, 'death_date'],
      ]);
      expect(r.problems[0]!.message).toMatch(/check digit/);
      expect(r.problems[1]!.value).toBe('2024/3/5');
    }
  });

  it('reports amounts that are not canonical when reading into tables, as views do', async () => {
    const d = path.join(bad, 'amounts');
    mkdirSync(d);
    const header = engine.environment.registry.get('payments')!.fields.map((f) => f.name);
    const row = (amount: string, quantity: string): string => {
      const v: Record<string, string> = { payment_id: 'P1', fund_code: 'F1', id_number: '11010519491231002X', name: '甲', town_code: 'T', village_code: 'V', period: '2024-03', pay_date: '2024-03-05', amount, quantity, bank_account: '6222', account_holder_id_number: '11010519491231002X', account_holder_name: '甲' };
      return header.map((h) => v[h] ?? '').join(',');
    };
    // DuckDB's DECIMAL cast takes `12.505` (rounding) and `+5`: the checks must still name them.
    writeFileSync(path.join(d, 'payments.csv'), [header.join(','), row('12.50', ''), row('12.505', '2'), row('+5', '1.5'), row(' 7.00 ', ' 3 '), ''].join('\n'));
    for (const mode of ['view', 'table'] as const) {
      const r = await attachFolder(db, d, engine.environment.registry, { mode, onProblems: 'report' });
      expect(r.problems.map((p) => [p.row, p.field, p.value])).toEqual([
        [3, 'amount', '12.505'],
        [4, 'amount', '+5'],
      ]);
      const sum = await db.query(`SELECT sum(amount), sum(quantity), count(*), max(_row) FROM payments`);
      expect(sum.rows[0]).toEqual([1250 + 1251 + 500 + 700, 6.5, 4, 3]);
    }
    // A value DuckDB cannot convert fails the table, as before the one typed read.
    writeFileSync(path.join(d, 'payments.csv'), [header.join(','), row('12.50', ''), row('abc', '2'), ''].join('\n'));
    await expect(attachFolder(db, d, engine.environment.registry, { mode: 'table', onProblems: 'report' })).rejects.toThrow(/Conversion Error/);
  });

  it('refuses GB18030 files, saying what to do instead', async () => {
    const d = path.join(bad, 'gb');
    mkdirSync(d);
    // "部门" in GB18030: not valid UTF-8.
    writeFileSync(path.join(d, 'departments.csv'), Buffer.concat([Buffer.from('department_code,name\nD01,'), Buffer.from([0xb2, 0xbf, 0xc3, 0xc5]), Buffer.from('\n')]));
    await expect(attachFolder(db, d, engine.environment.registry)).rejects.toThrow(/not UTF-8 \(GB18030 or GBK\?\).*loadTables/);
  });

  it('refuses a GB18030 file that happens to be valid UTF-8 (鲁 is C2 B3, `³` in UTF-8)', async () => {
    const d = path.join(bad, 'gb-as-utf8');
    mkdirSync(d);
    writeFileSync(path.join(d, 'departments.csv'), Buffer.concat([Buffer.from('department_code,name\nD01,'), Buffer.from([0xc2, 0xb3]), Buffer.from('N00163\n')]));
    await expect(attachFolder(db, d, engine.environment.registry)).rejects.toThrow(/reads as GB18030.*loadTables/);
  });

  it('refuses a missing required column and formats it cannot read in place', async () => {
    const d = path.join(bad, 'cols');
    mkdirSync(d);
    writeFileSync(path.join(d, 'departments.csv'), 'department_code\nD01\n');
    await expect(attachFolder(db, d, engine.environment.registry)).rejects.toThrow(/required column `name` of `departments` is missing/);
    const x = path.join(bad, 'xlsx');
    mkdirSync(x);
    writeFileSync(path.join(x, 'payments.xlsx'), '');
    await expect(attachFolder(db, x, engine.environment.registry)).rejects.toThrow(/CSV \(UTF-8\) and Parquet in place/);
  });
});
