/**
 * First matches (the first `persons` row of an ID number, the first row of a lookup key) on
 * DuckDB: deduplicated in SQL unless the key is known unique — from a unique index in the
 * catalogue or a count at run time — and the findings stay the in-process engine's either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, idCheckDigit, type Engine } from '@sunshine/core';
import { fixtureTables } from '@sunshine/core/testing';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { compileCandidates, createLookupIndexes, DUCKDB, POSTGRES, runSql, uniqueIndexes, type SqlConnection } from '../src/index.js';
import { openDuckDb } from '../src/duckdb.js';

let engine: Engine;
let db: SqlConnection;

/** An 18-digit ID number per letter. */
const id = (letter: string): string => {
  const first17 = `11010119600101${String(letter.charCodeAt(0)).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
};
// The gender agrees with the ID number's 17th digit (odd: a man), as the row checks require.
const person = (who: string, household: string) => ({ id_number: id(who), name: `人${who}`, gender: Number(id(who)[16]) % 2 === 1 ? 'M' : 'F', birth_date: '1960-01-01', household_id: household, relation: 'head', town_code: 'T', village_code: 'V' });
const pay = (n: number, who: string, account: string) => ({
  payment_id: `P${n}`,
  fund_code: 'F1',
  id_number: id(who),
  name: `人${who}`,
  town_code: 'T',
  village_code: 'V',
  period: '2024-03',
  pay_date: '2024-03-10',
  amount: 10000,
  bank_account: account,
});
const FUNDS = [{ fund_code: 'F1', name: '低保', department_code: 'MZ', kind: 'means_tested', frequency: 'monthly' }];
// Account X: three people of three households — a finding. Account Y: three people of household
// H1 — G's second registry row says H9, but the first row (the one that counts) says H1.
const PERSONS = [person('A', 'H1'), person('B', 'H2'), person('C', 'H3'), person('F', 'H1'), person('G', 'H1'), person('G', 'H9')];
const PAYMENTS = [pay(1, 'A', 'X'), pay(2, 'B', 'X'), pay(3, 'C', 'X'), pay(4, 'A', 'Y'), pay(5, 'F', 'Y'), pay(6, 'G', 'Y')];

beforeAll(async () => {
  const rules = await loadStdlib();
  engine = createEngine({ rules: rules.filter((r) => r.id === 'shared-account'), asOf: '2024-12-31' });
  db = await openDuckDb();
});
afterAll(async () => {
  await db.close();
});

async function load(persons: readonly Record<string, unknown>[]): Promise<ReturnType<Engine['runSync']>> {
  const registry = engine.environment.registry;
  const tables = fixtureTables({ funds: FUNDS, persons: [...persons], payments: PAYMENTS }, registry, 'first-matches');
  for (const def of registry.all()) await db.load(def, tables.get(def.name) ?? []);
  return engine.runSync(tables);
}

const lines = (r: { findings: readonly unknown[] }): string[] => r.findings.map((f) => JSON.stringify(f));

describe('first matches on DuckDB', () => {
  it('deduplicates a key that is not unique: a person registered twice counts by the first row', async () => {
    const want = await load(PERSONS);
    expect(want.findings.map((f) => f.key)).toEqual(['X']);
    // Exactly X's three rows are candidates: joined to both of G's rows, Y would count two households.
    const check = async (): Promise<void> => {
      const got = await runSql(engine, db);
      expect(lines(got)).toEqual(lines(want));
      expect(got.sqlStats[0]!.candidates).toBe(3);
    };
    await check();
    // Indexed: the duplicate keeps the persons index plain, and the first row still counts.
    await createLookupIndexes(db, engine.plans);
    expect(await uniqueIndexes(db)).not.toContain('persons:id_number');
    expect(await uniqueIndexes(db)).toContain('funds:fund_code');
    await check();
  });

  it('skips the deduplication of a key unique in the data, with the same findings', async () => {
    const unique = PERSONS.slice(0, -1);
    const want = await load(unique);
    expect(want.findings.map((f) => f.key)).toEqual(['X']);
    expect(lines(await runSql(engine, db))).toEqual(lines(want));
    await createLookupIndexes(db, engine.plans);
    expect(await uniqueIndexes(db)).toContain('persons:id_number');
    expect(lines(await runSql(engine, db))).toEqual(lines(want));
  });

  it('compiles first matches with or without deduplication, and reads candidates late on a column store', () => {
    const plan = engine.plans[0]!;
    const opts = { registry: engine.environment.registry, asOf: engine.asOf };
    const q = compileCandidates(plan, DUCKDB, opts);
    expect(q.firstKeys).toEqual(['persons:id_number']);
    expect(q.sql).toContain('QUALIFY row_number()');
    expect(q.sql).toContain('"_cand"');
    const known = compileCandidates(plan, DUCKDB, { ...opts, uniqueKeys: new Set(['persons:id_number']) });
    expect(known.sql).not.toContain('QUALIFY');
    expect(compileCandidates(plan, DUCKDB, { ...opts, lateRows: false }).sql).not.toContain('"_cand"');
    const pg = compileCandidates(plan, POSTGRES, opts);
    expect(pg.sql).toContain('DISTINCT ON ("id_number")');
    expect(pg.sql).not.toContain('"_cand"');
  });
});
