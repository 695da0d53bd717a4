/**
 * The standard library's own fixtures (near misses, nulls, month ends, leap days, households
 * of one) through the SQL compiler on DuckDB: every case must give the in-process findings, so
 * the candidate query never dropped a subject that matches; where the compiler says it decided
 * a row rule exactly, every candidate must be a finding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Rule } from '@sunshine/core';
import { fixtureTables, type FixtureFile } from '@sunshine/core/testing';
import { loadStdlib, stdlibDir } from '@sunshine/rules-stdlib';
import { runSql, type SqlConnection } from '../src/index.js';
import { openDuckDb } from '../src/duckdb.js';

const files: string[] = [];
for (const cat of readdirSync(stdlibDir, { withFileTypes: true })) {
  if (!cat.isDirectory()) continue;
  for (const f of readdirSync(path.join(stdlibDir, cat.name))) if (f.endsWith('.fixtures.json')) files.push(path.join(stdlibDir, cat.name, f));
}
files.sort();

let rules: readonly Rule[];
let db: SqlConnection;

beforeAll(async () => {
  rules = await loadStdlib();
  db = await openDuckDb();
});
afterAll(async () => {
  await db.close();
});

describe('candidate queries on the rule fixtures (DuckDB)', () => {
  it('finds every fixture case', () => {
    expect(files.length).toBeGreaterThan(60);
  });
  for (const file of files) {
    const fx = JSON.parse(readFileSync(file, 'utf8')) as FixtureFile;
    it(fx.rule, async () => {
      const rule = rules.find((r) => r.id === fx.rule);
      expect(rule, `rule ${fx.rule}`).toBeDefined();
      for (const [i, c] of fx.cases.entries()) {
        const merged: Record<string, Readonly<Record<string, unknown>>[]> = {};
        for (const src of [fx.data ?? {}, c.data ?? {}]) for (const [k, v] of Object.entries(src)) merged[k] = [...(merged[k] ?? []), ...v];
        const params = { ...fx.params, ...c.params };
        const engine = createEngine({
          rules: [rule!],
          asOf: c.asOf ?? fx.asOf ?? '2024-12-31',
          ...(Object.keys(params).length ? { params: { [rule!.id]: params } } : {}),
        });
        const registry = engine.environment.registry;
        const tables = fixtureTables(merged, registry, `${file}#/cases/${i}`);
        const want = engine.runSync(tables);
        for (const def of registry.all()) await db.load(def, tables.get(def.name) ?? []);
        const got = await runSql(engine, db);
        const where = `${fx.rule} case ${i} (${c.name})`;
        expect(got.findings.map((f) => JSON.stringify(f)), where).toEqual(want.findings.map((f) => JSON.stringify(f)));
        const stat = got.sqlStats[0]!;
        const plan = engine.plans[0]!;
        if (stat.exact && !plan.subject.grouped) {
          // One finding per matching row: a key of every field of the subject.
          const fields = registry.get(plan.subject.dataset)!.fields.map((f) => `{{subject.${f.name}}}`);
          const perRow = createEngine({ rules: [{ ...rule!, key: fields.join('|') }], asOf: engine.asOf, ...(Object.keys(params).length ? { params: { [rule!.id]: params } } : {}) });
          expect(stat.candidates, `${where}: an exact query selected non-findings`).toBe(perRow.runSync(tables).findings.length);
        }
      }
    }, 60_000);
  }
});
