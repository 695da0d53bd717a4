/**
 * The compiler on its own: every model of the library compiles for DuckDB and PostgreSQL (the
 * DuckDB SQL runs; the PostgreSQL SQL is checked for DuckDB-only spellings — running it is the
 * PostgreSQL integration test's job), and compiled expressions and conditions give the values
 * of the JS implementations on edge cases: nulls, empty and padded texts, negative numbers,
 * leap days, month and year ends, people missing from the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileExpression, createEngine, DataRuntime, EvaluationError, type Condition, type Engine, type Rec, type Rule } from '@sunshine/core';
import { compileCondition } from '@sunshine/core/testing';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { compileCandidates, createTableSql, DUCKDB, POSTGRES, sqlCoverage, type SqlConnection } from '../src/index.js';
import { openDuckDb } from '../src/duckdb.js';
import { cond as condSql, createCompiler, expr as exprSql, ruleBindings, type Binding, type Scope } from '../src/compile/index.js';

const CORE = ['deceased-payee', 'shared-account', 'exclusive-benefits'];
let engine: Engine;
let db: SqlConnection;

beforeAll(async () => {
  engine = createEngine({ rules: await loadStdlib(), asOf: '2024-12-31' });
  db = await openDuckDb();
  for (const def of engine.environment.registry.all()) await db.exec(createTableSql(def, DUCKDB));
});
afterAll(async () => {
  await db.close();
});

const opts = (): Parameters<typeof compileCandidates>[2] => ({
  registry: engine.environment.registry,
  asOf: engine.asOf,
  operators: engine.environment.operators,
  functions: engine.environment.functions,
});

describe('every model compiles', () => {
  it('to DuckDB SQL that runs', async () => {
    for (const plan of engine.plans) {
      const q = compileCandidates(plan, DUCKDB, opts());
      const r = await db.query(q.sql).catch((e: unknown) => {
        throw new Error(`${plan.id}: ${String(e)}`);
      });
      expect(r.rows, plan.id).toEqual([]);
      expect(r.columns.slice(0, -1 - (q.flagged ? 1 : 0)), plan.id).toEqual(engine.environment.registry.get(plan.subject.dataset)!.fields.map((f) => f.name));
    }
  });

  it('to PostgreSQL SQL without DuckDB spellings, comparing texts by code point', () => {
    for (const plan of engine.plans) {
      const q = compileCandidates(plan, POSTGRES, opts());
      expect(q.sql, plan.id).not.toMatch(/regexp_full_match|regexp_matches|strftime|fmod\(|date_diff|to_years|VARCHAR|\bDOUBLE\)/);
    }
    const deceased = compileCandidates(engine.plans.find((p) => p.id === 'deceased-payee')!, POSTGRES, opts()).sql;
    expect(deceased).toMatch(/"death_date" COLLATE "C" < /);
  });

  it('writes lookups correlated by equalities only as a hashable tuple IN when asked (sharded PostgreSQL)', () => {
    const plan = engine.plans.find((p) => p.id === 'skipped-period')!;
    const plain = compileCandidates(plan, POSTGRES, opts()).sql;
    const hashed = compileCandidates(plan, POSTGRES, { ...opts(), hashedLookups: true }).sql;
    expect(plain).toMatch(/EXISTS \(SELECT 1 FROM "payments" AS x1 WHERE x1\."id_number" = s\."id_number" AND x1\."fund_code" = s\."fund_code" AND x1\."period" = /);
    expect(hashed).not.toContain('EXISTS (SELECT 1 FROM "payments"');
    expect(hashed).toMatch(/COALESCE\(\(s\."id_number", s\."fund_code", \(.+\)\) IN \(SELECT "id_number", "fund_code", "period" FROM "payments"\), FALSE\)/);
    // A correlation that is not an equality (a date range) stays an EXISTS.
    const moved = compileCandidates(engine.plans.find((p) => p.id === 'cadre-kin-moved-in')!, POSTGRES, { ...opts(), hashedLookups: true }).sql;
    expect(moved).toMatch(/EXISTS \(SELECT 1 FROM "payments" AS x\d+ WHERE x\d+\."id_number" = s\."id_number" AND \(/);
  });

  it('decides the three core models exactly, and reports what it does not decide', () => {
    const cov = sqlCoverage(engine.plans, DUCKDB, engine.environment.registry);
    expect(cov).toHaveLength(engine.plans.length);
    for (const id of CORE) expect(cov.find((c) => c.rule === id), id).toMatchObject({ coverage: 'exact', residual: [] });
    for (const c of cov) {
      if (c.coverage === 'partial') expect(c.residual.length, c.rule).toBeGreaterThan(0);
      for (const r of c.residual) expect(r.part, c.rule).toMatch(/^(\/[^/]*)*$/);
    }
    // A plug-in operator is never decided in SQL.
    const plan = engine.plans.find((p) => p.id === 'deceased-payee')!;
    const ops = { ...engine.environment.operators, notEmpty: { ...engine.environment.operators['notEmpty']!, fn: () => true } };
    const q = compileCandidates(plan, DUCKDB, { ...opts(), operators: ops });
    expect(q.exact).toBe(false);
    expect(q.residual.map((r) => r.part)).toContain('/conditions/all/0');
  });
});

// ------------------------------------------------------------------ expression semantics

const person = (id: string, birth: string | null, household: string | null): Rec => ({ id_number: id, name: '人', gender: 'M', birth_date: birth, household_id: household, relation: 'head', town_code: 'T', village_code: 'V' });
const PERSONS: Rec[] = [person('110101200002290011', '2000-02-29', 'H1'), person('110101199912310022', '1999-12-31', 'H1'), person('110101198001010033', null, null)];
const pay = (i: number, o: Partial<Record<string, string | number | null>>): Rec => ({
  payment_id: `P${i}`,
  fund_code: 'F1',
  id_number: '110101200002290011',
  name: '张三',
  town_code: 'T',
  village_code: 'V',
  period: '2024-02',
  pay_date: '2024-02-29',
  amount: 50000,
  quantity: null,
  bank_account: 'A',
  account_holder_id_number: null,
  account_holder_name: null,
  ...o,
});
const PAYMENTS: Rec[] = [
  pay(1, {}),
  pay(2, { period: '2024', pay_date: '2023-12-31', amount: -700, quantity: 2.5, name: '  李 \u3000四\t' }),
  pay(3, { period: '2020-01', pay_date: '2021-02-28', amount: 0, quantity: 0.1, id_number: '110101198001010033' }),
  pay(4, { period: '2023-12', pay_date: '2024-01-31', amount: 1, quantity: -3, id_number: '11010119900315004X', name: '' }),
  pay(5, { period: '1999-11', pay_date: '2000-03-01', amount: 123456789, id_number: 'not-an-id', name: 'A' }),
  pay(6, { id_number: '110101199912310022', pay_date: '2024-12-31', period: '2025-01' }),
];

const EXPRESSIONS = [
  '$periodStart(subject.period)',
  '$addMonths(subject.period, -13)',
  '$addMonths(subject.period, 11)',
  '$addMonths(subject.pay_date, 1)',
  '$addDays(subject.pay_date, 1)',
  '$addDays(subject.pay_date, -365)',
  '$addYears(subject.pay_date, 1)',
  '$addYears($periodStart(subject.period), -4)',
  '$daysBetween(subject.pay_date, $periodStart(subject.period))',
  '$anniversaries(subject.pay_date, "2028-02-28")',
  '$anniversaries(subject.pay_date, "2028-02-29")',
  '$anniversaries($periodStart(subject.period), subject.pay_date)',
  '$ageAt(subject.id_number, subject.pay_date)',
  '$ageAt(subject.id_number, $periodStart(subject.period))',
  '$birthDate(subject.id_number)',
  '$household(subject.id_number)',
  '$substring(subject.name, 0, 1)',
  '$substring(subject.id_number, -4)',
  '$substring(subject.id_number, 6, 8)',
  '$number($substring(subject.id_number, 16, 1)) % 2',
  '$string($number($substring(subject.pay_date, 0, 4)) - 1)',
  'subject.amount % 7',
  'subject.amount / 3',
  '-subject.amount',
  'subject.amount - subject.quantity',
  '$trim(subject.name)',
  '$length(subject.name)',
  'subject.amount > 100 ? "big" : "small"',
  'subject.quantity ? subject.quantity * 2 : 0',
  'subject.name & "-" & subject.amount',
  '$round(subject.quantity * 1.05)',
  '$round(subject.amount / 2)',
  '$round(-subject.amount / 2)',
  'subject.amount / 100 = 1234567.89',
  'subject.amount / 100 > 1234567.88',
  'subject.amount + 1 > 123456789',
  '$abs(subject.amount)',
  '$contains(subject.name, "三")',
  '$minDate(subject.pay_date, $periodStart(subject.period))',
  '$maxDate(subject.pay_date, $periodStart(subject.period))',
  'subject.quantity = subject.quantity',
  'subject.quantity != 2.5',
  'subject.amount in [0, 1, -700]',
  '$exists(subject.quantity)',
  'subject.pay_date < "2024-01-01" and subject.amount >= 0',
];

const RULE: Rule = {
  id: 'probe',
  version: '1.0.0',
  category: 'payment',
  severity: 'low',
  title: { zh: '探', en: 'probe' },
  description: { zh: '探', en: 'probe' },
  subject: { dataset: 'payments' },
  conditions: { all: [{ fact: 'subject.amount', operator: 'notEmpty' }] },
  key: '{{subject.payment_id}}',
  message: { zh: '探', en: 'probe' },
} as unknown as Rule;

describe('expressions give the JS values', () => {
  let probe: Engine;
  beforeAll(async () => {
    probe = createEngine({ rules: [RULE], asOf: '2024-12-31' });
    const reg = probe.environment.registry;
    await db.load(reg.get('payments')!, PAYMENTS);
    await db.load(reg.get('persons')!, PERSONS);
  });

  /** The JS value, or FAILS where jsonata raises an error (the rule then fails in-process; SQL's value does not matter). */
  const FAILS = Symbol('fails');
  const js = (src: string, row: Rec): unknown => {
    const rt = new DataRuntime(new Map([['persons', PERSONS]]));
    try {
      const v = compileExpression(src)({ subject: row }, { vars: { params: {}, asOf: '2024-12-31' }, rt });
      return v === undefined ? null : v;
    } catch (e) {
      if (e instanceof EvaluationError) return FAILS;
      throw e;
    }
  };

  for (const src of EXPRESSIONS) {
    it(src, async () => {
      const plan = probe.plans[0]!;
      const c = createCompiler(plan, { dialect: DUCKDB, registry: probe.environment.registry, asOf: '2024-12-31' });
      const scope: Scope = { names: ruleBindings(plan, new Map<string, Binding>([['subject', { k: 'v', v: { k: 'rec', ds: probe.environment.registry.get('payments')!, alias: 's' } }]])) };
      const v = exprSql(c, src, scope, '/x');
      expect(v.k, `${src}: ${JSON.stringify(c.residual)}`).toBe('sc');
      if (v.k !== 'sc') return;
      const ctes = [...c.ctes].map(([n, sql]) => `"${n}" AS (${sql})`);
      const sql = `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${v.sql} AS v FROM "payments" AS s${c.joinClause()} ORDER BY s."_row"`;
      const got = (await db.query(sql)).rows.map((r) => (typeof r[0] === 'bigint' ? Number(r[0]) : r[0]));
      const want = PAYMENTS.map((row) => js(src, row));
      got.forEach((g, i) => {
        const w = want[i];
        if (w === FAILS) return;
        // Numbers exactly (-0 = 0, as comparisons have it): SQL's doubles are JS's, and the engine has no tolerance.
        if (typeof w === 'number' && typeof g === 'number') expect(g === w, `${src} row ${i}: ${g} vs ${w}`).toBe(true);
        else expect(g ?? null, `${src} row ${i}`).toEqual(w);
      });
    });
  }
});

// ------------------------------------------------------------------ condition semantics

const CONDITIONS: Condition[] = [
  { fact: 'subject.quantity', operator: 'greaterThan', value: 0 },
  { fact: 'subject.amount', operator: 'lessThan', value: { fact: 'subject.quantity' } },
  { fact: 'subject.amount', operator: 'greaterThanInclusive', value: { fact: 'subject.quantity' } },
  { fact: 'subject.quantity', operator: 'equal', value: { fact: 'subject.account_holder_name' } },
  { fact: 'subject.name', operator: 'notEqual', value: '' },
  { fact: 'subject.name', operator: 'empty' },
  { fact: 'subject.quantity', operator: 'notEmpty' },
  { fact: 'subject.period', operator: 'in', value: ['2024', '2024-02'] },
  { fact: 'subject.account_holder_id_number', operator: 'notIn', value: ['x'] },
  { fact: 'subject.pay_date', operator: 'between', value: { expr: '[$periodStart(subject.period), $addDays($periodStart(subject.period), 40)]' } },
  { fact: 'subject.pay_date', operator: 'dateBefore', value: { fact: 'subject.period', fn: 'periodStart' } },
  { fact: 'subject.amount', operator: 'moneyGreaterThan', value: '0.00' },
  { fact: 'subject.period', operator: 'matches', value: '^\\d{4}-\\d{2}$' },
  { fact: 'subject.id_number', operator: 'startsWith', value: '1101' },
  { not: { any: [{ fact: 'subject.amount', operator: 'lessThanInclusive', value: 0 }, { fact: 'subject.quantity', operator: 'empty' }] } },
];

describe('conditions decided exactly give the JS verdicts', () => {
  let probe: Engine;
  beforeAll(async () => {
    probe = createEngine({ rules: [RULE], asOf: '2024-12-31' });
    await db.load(probe.environment.registry.get('payments')!, PAYMENTS);
    await db.load(probe.environment.registry.get('persons')!, PERSONS);
  });

  for (const cond of CONDITIONS) {
    it(JSON.stringify(cond), async () => {
      const plan = probe.plans[0]!;
      const c = createCompiler(plan, { dialect: DUCKDB, registry: probe.environment.registry, asOf: '2024-12-31' });
      const scope: Scope = { names: ruleBindings(plan, new Map<string, Binding>([['subject', { k: 'v', v: { k: 'rec', ds: probe.environment.registry.get('payments')!, alias: 's' } }]])) };
      const over = condSql(c, cond, scope, true, '/c');
      const under = condSql(c, cond, scope, false, '/c');
      const rows = (await db.query(`SELECT ${over.sql}, ${under.sql} FROM "payments" AS s ORDER BY s."_row"`)).rows;
      const rt = new DataRuntime(new Map([['persons', PERSONS]]));
      const env = { vars: { params: {}, asOf: '2024-12-31' }, rt };
      const test = compileCondition(cond, { env, operators: probe.environment.operators, functions: probe.environment.functions, params: {} }).test;
      PAYMENTS.forEach((row, i) => {
        const want = test({ subject: row });
        const [o, u] = rows[i]!;
        // Over never misses a match; under never keeps a non-match; exact means both are the verdict.
        if (want) expect(o, `row ${i} over`).toBe(true);
        else expect(u, `row ${i} under`).toBe(false);
        if (over.exact) expect([o, u], `row ${i} exact`).toEqual([want, want]);
      });
    });
  }
});
