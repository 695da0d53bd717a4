/**
 * The PostgreSQL executor against a real PostgreSQL 15: a generated town loaded into the
 * canonical tables, every model run inside it, findings identical (JSON lines) to the
 * in-process engine's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, loadData, type Engine, type LoadedData, type RunResult } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty, type TruthFile } from '@sunshine/gen';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { loadTables, runSql, uniqueIndexes, type SqlConnection } from '../src/index.js';
import { createLookupIndexes, openPostgres } from '../src/postgres.js';
import { expectSameFindings } from './same-findings.js';

const skip = skipUnless('PostgreSQL', postgresMissing());


describe.skipIf(skip)('PostgreSQL executor', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-sql-pg-'));
  let server: PostgresServer | undefined;
  let db: SqlConnection | undefined;
  let engine: Engine;
  let data: LoadedData;
  let inProcess: RunResult;

  beforeAll(async () => {
    const started = startPostgres();
    await generateCounty({ scale: 'town', seed: 7, out: dir });
    const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as TruthFile;
    data = await loadData(createFolderSource({ dir }));
    engine = createEngine({ rules: await loadStdlib(), asOf: truth.asOf });
    inProcess = await engine.run(data);
    server = await started;
    db = await openPostgres({ url: server.url });
    await db.exec('CREATE SCHEMA county');
    await db.close();
    db = await openPostgres({ url: server.url, schema: 'county' });
    const t = performance.now();
    await loadTables(db, data, engine.environment.registry);
    const rows = [...data.tables.values()].reduce((n, r) => n + r.length, 0);
    const t1 = performance.now();
    const indexes = await createLookupIndexes(db, engine.plans);
    console.log(`[postgres] loaded ${rows} rows in ${Math.round(t1 - t)} ms, ${indexes.length} lookup indexes in ${Math.round(performance.now() - t1)} ms`);
  }, 240_000);

  afterAll(async () => {
    await db?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the session a work_mem that hashes large IN subplans, and refuses a bad size', async () => {
    expect((await db!.query('SHOW work_mem')).rows).toEqual([['128MB']]);
    const other = await openPostgres({ url: server!.url, workMem: '32MB' });
    try {
      expect((await other.query('SHOW work_mem')).rows).toEqual([['32MB']]);
    } finally {
      await other.close();
    }
    await expect(openPostgres({ url: server!.url, workMem: 'lots' })).rejects.toThrow(/workMem `lots` must be a size/);
  });

  it('keeps money exact, dates as ISO text and `_row` in load order', async () => {
    const payments = data.tables.get('payments')!;
    const r = await db!.query(`SELECT payment_id, amount, pay_date, quantity, _row FROM payments WHERE _row IN (0, ${payments.length - 1}) ORDER BY _row`);
    expect(r.rows.map((x) => x.map(String))).toEqual(
      [payments[0]!, payments[payments.length - 1]!].map((p, i) => [p['payment_id'], String(p['amount']), p['pay_date'], String(p['quantity']), String(i === 0 ? 0 : payments.length - 1)]),
    );
    const sum = await db!.query('SELECT sum(amount)::text, count(*)::text FROM payments');
    const want = payments.reduce((n, p) => n + (p['amount'] as number), 0);
    expect(sum.rows[0]).toEqual([String(want), String(payments.length)]);
  });

  it.each(['copy', 'insert'] as const)('loads awkward text exactly by %s', async (loadMethod) => {
    const conn = await openPostgres({ url: server!.url, schema: 'county', loadMethod });
    try {
      const def = engine.environment.registry.get('departments')!;
      const names = ['民政局\t(一)', 'a\\N', '\\N', 'line\nbreak\r', "O'Brien \"x\"", ' 两端空格 '];
      const rows = names.map((name, i) => ({ department_code: `D${i}`, name }));
      await conn.loadRows(def, rows, { table: `departments_${loadMethod}`, rowNumbers: names.map((_, i) => 10 + i) });
      const r = await conn.query(`SELECT department_code, name, _row FROM departments_${loadMethod} ORDER BY _row`);
      expect(r.rows).toEqual(names.map((name, i) => [`D${i}`, name, String(10 + i)]));
    } finally {
      await conn.close();
    }
  });

  it('indexes unique lookup keys as UNIQUE, so the catalogue tells the executor', async () => {
    const declared = await uniqueIndexes(db!);
    expect(declared).toContain('funds:fund_code');
    expect(declared).toContain('persons:id_number');
    expect(declared).not.toContain('persons:household_id');
  });

  it('finds exactly what the in-process engine finds', async () => {
    const t = performance.now();
    const r = await runSql(engine, db!);
    console.log(`[postgres] ran ${r.rulesRun.length} rules in ${Math.round(performance.now() - t)} ms; ${r.findings.length} findings`);
    expectSameFindings(r, inProcess);
  }, 120_000);
});
