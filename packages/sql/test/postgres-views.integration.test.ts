/**
 * Canonical views over a county's own tables: the example county's Excel exports
 * (examples/excel-import) stored as PostgreSQL tables with their Chinese names, headers, code
 * words, yuan amounts and Excel serial dates, all as text; views created from its mapping file
 * must give the findings of loading the same workbooks through the adapters in-process.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, loadData, type Engine, type LoadedData, type RunResult } from '@sunshine/core';
import { createFolderSource, isEntrySource, loadMapping, withMapping, type Mapping } from '@sunshine/adapters';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { checkCanonicalViews, createCanonicalViews, type CanonicalView } from '../src/canonical-views.js';
import { runSql } from '../src/index.js';
import { openPostgres, type PostgresConnection } from '../src/postgres.js';

const skip = skipUnless('PostgreSQL', postgresMissing());
const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/excel-import');
const exportsDir = path.join(example, 'exports');
const AS_OF = '2024-12-31';
const lines = (r: RunResult): string[] => r.findings.map((f) => JSON.stringify(f));
const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const lit = (v: unknown): string => (v === null || v === undefined ? 'NULL' : `'${(typeof v === 'string' ? v : JSON.stringify(v)).replaceAll("'", "''")}'`);

describe.skipIf(skip)('canonical views from a mapping file', () => {
  let server: PostgresServer | undefined;
  let db: PostgresConnection | undefined;
  let mapping: Mapping;
  let engine: Engine;
  let data: LoadedData;
  let views: CanonicalView[];

  beforeAll(async () => {
    const started = startPostgres();
    mapping = await loadMapping(path.join(example, 'mapping.json'));
    engine = createEngine({ rules: await loadStdlib(), asOf: AS_OF });
    data = await loadData(withMapping(createFolderSource({ dir: exportsDir }), mapping));
    server = await started;
    db = await openPostgres({ url: server.url });
    await db.exec('CREATE SCHEMA county');
    await db.exec('CREATE SCHEMA sunshine');
    // The county's tables: each workbook's header and cells as they are, every column text.
    const folder = createFolderSource({ dir: exportsDir });
    if (!isEntrySource(folder)) throw new Error('folder source without entries');
    for (const [dataset, m] of Object.entries(mapping.datasets ?? {})) {
      const raw = folder.withEntries({ [dataset]: { name: m.source!, ...(m.headerRow ? { headerRow: m.headerRow } : {}) } });
      let created = false;
      for await (const batch of raw.batches(dataset)) {
        if (!batch.columns.length) continue;
        if (!created) {
          await db.exec(`CREATE TABLE county.${q(m.source!)} (${batch.columns.map((c) => `${q(c)} text`).join(', ')})`);
          created = true;
        }
        for (let i = 0; i < batch.rows.length; i += 500) {
          const values = batch.rows.slice(i, i + 500).map((r) => `(${batch.columns.map((_, j) => lit(r[j])).join(', ')})`);
          await db.exec(`INSERT INTO county.${q(m.source!)} VALUES ${values.join(', ')}`);
        }
      }
    }
    await db.close();
    db = await openPostgres({ url: server.url, schema: 'sunshine' });
    views = await createCanonicalViews(db, mapping, { sourceSchema: 'county' });
  }, 240_000);

  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it('maps the Chinese tables and headers onto the datasets', () => {
    expect(views.map((v) => v.dataset).sort()).toEqual(Object.keys(mapping.datasets ?? {}).sort());
    const payments = views.find((v) => v.dataset === 'payments')!;
    expect(payments.table).toBe('一卡通发放明细');
    expect(payments.columns['id_number']).toBe('补贴对象身份证号');
    expect(payments.order.by).toBe('ctid');
    expect(data.rejected).toEqual([]);
  });

  it('converts values as the adapters do, row for row', async () => {
    expect(await checkCanonicalViews(db!)).toEqual([]);
    for (const name of ['payments', 'persons', 'funds', 'cadre_relatives']) {
      const def = engine.environment.registry.get(name)!;
      const r = await db!.query(`SELECT ${def.fields.map((f) => q(f.name)).join(', ')}, _row FROM ${q(name)} ORDER BY _row`);
      const got = r.rows.map((row) => Object.fromEntries(def.fields.map((f, i) => [f.name, row[i] === null ? null : f.type === 'money' || f.type === 'integer' || f.type === 'decimal' ? Number(row[i]) : row[i]])));
      expect(got).toEqual(data.tables.get(name)!.map((rec) => ({ ...rec })));
    }
  });

  it('finds exactly what the in-process run over the same workbooks finds (materialized views)', async () => {
    // Plain views convert every row again for every query; materialized ones convert once.
    await createCanonicalViews(db!, mapping, { sourceSchema: 'county', materialized: true });
    const want = await engine.run(data);
    const t = performance.now();
    const got = await runSql(engine, db!);
    console.log(`[views] ran ${got.rulesRun.length} rules over materialized views in ${Math.round(performance.now() - t)} ms; ${got.findings.length} findings`);
    expect(want.findings.length).toBeGreaterThan(5);
    expect(got.rulesRun).toEqual(want.rulesRun);
    expect(lines(got)).toEqual(lines(want));
  }, 120_000);

  it('reports values the views cannot convert, with table, row and field', async () => {
    const c = await openPostgres({ url: server!.url, schema: 'county' });
    try {
      await c.exec(`CREATE TABLE "发放明细_坏" ("发放编号" text, "身份证号" text, "发放金额" text, "发放日期" text, "所属期" text)`);
      await c.exec(`INSERT INTO "发放明细_坏" VALUES ('P1', '110101199003071233', '￥1,200.50', '2024年3月5日', '2024年3月'), ('P2', '110101199003071235', '12.345', '2024-02-30', '2024-13'), ('P3', ' ', '', NULL, '2024')`);
    } finally {
      await c.close();
    }
    await createCanonicalViews(db!, { datasets: { payments: { source: '发放明细_坏' } } }, { sourceSchema: 'county' });
    const rows = await db!.query('SELECT payment_id, id_number, amount, pay_date, period, _row FROM payments ORDER BY _row');
    expect(rows.rows[0]).toEqual(['P1', '110101199003071233', '120050', '2024-03-05', '2024-03', '0']);
    const problems = await checkCanonicalViews(db!);
    const of = (row: number): string[] => problems.filter((p) => p.dataset === 'payments' && p.row === row).map((p) => `${p.field}:${p.value ?? ''}`);
    expect(of(1)).toEqual(expect.arrayContaining(['amount:12.345', 'pay_date:2024-02-30', 'period:2024-13']));
    expect(of(2)).toEqual(expect.arrayContaining(['id_number: ', 'amount:', 'pay_date:']));
    expect(problems.find((p) => p.field === 'amount' && p.row === 1)).toMatchObject({ table: '发放明细_坏', message: expect.stringContaining('yuan') as string });
  });
});
