/**
 * The engine compares numbers exactly (jsonata 2.2; json-rules-engine's `===` and `<`): no 1e-9
 * tolerance. The candidate queries must too, or they drop subjects the engine reports — amounts
 * 1 fen apart at 10,000,000 yuan (1e-9 relative), a decimal product just above its threshold —
 * and so must the functions whose results they compare (`$round` half to even, jsonata's
 * `$trim`), and `in` of a lookup's field must not be taken for plain membership. Each rule runs in-process and by the DuckDB executor: identical findings, and the
 * ones expected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type Rec, type Rule, type RunResult } from '@sunshine/core';
import { compileCandidates, DUCKDB, loadTables, POSTGRES, runSql, type SqlConnection } from '../src/index.js';
import { openDuckDb } from '../src/duckdb.js';
import { expectSameFindings } from './same-findings.js';

const rule = (id: string, conditions: unknown, facts: Record<string, unknown> = {}, lookups: Record<string, unknown> = {}): Rule =>
  ({
    id,
    version: '1.0.0',
    category: 'payment',
    severity: 'low',
    title: { zh: id, en: id },
    description: { zh: id, en: id },
    subject: { dataset: 'payments' },
    lookups,
    facts,
    conditions,
    key: '{{subject.payment_id}}',
    message: { zh: id, en: id },
  }) as unknown as Rule;

const RULES: Rule[] = [
  // 10,000,000.01 yuan against 10,000,000.00: 1 fen, exactly the old tolerance (1e-9 × 1e9 fen).
  rule('over-limit', { all: [{ fact: 'subject.amount', operator: 'greaterThan', value: 1000000000 }] }),
  rule('over-limit-money', { all: [{ fact: 'subject.amount', operator: 'moneyGreaterThan', value: '10000000.00' }] }),
  rule('not-limit', { all: [{ fact: 'off', operator: 'equal', value: true }] }, { off: { expr: 'subject.amount != 1000000000', type: 'boolean' } }),
  // 0.1 × 3 is 0.30000000000000004 in doubles: above 0.3.
  rule('tripled-over', { all: [{ fact: 'tripled', operator: 'greaterThan', value: 0.3 }] }, { tripled: { expr: 'subject.quantity * 3', type: 'number' } }),
  rule('tripled-over-jsonata', { all: [{ fact: 'over', operator: 'equal', value: true }] }, { over: { expr: 'subject.quantity * 3 > 0.3', type: 'boolean' } }),
  // $round(2.5) is 2 (half to even), not 3.
  rule('rounds-to-two', { all: [{ fact: 'r', operator: 'equal', value: 2 }] }, { r: { expr: '$round(subject.quantity * 10)', type: 'number' } }),
  // jsonata's $trim keeps the full-width space.
  rule('trimmed-name', { all: [{ fact: 't', operator: 'equal', value: '张三\u3000' }] }, { t: { expr: '$trim(subject.name)', type: 'string' } }),
  // `in` / `notIn` of a lookup's field: one value comes alone (json-rules-engine's `indexOf` of a
  // text is a substring search), none as nothing. SQL must not decide these as plain membership.
  rule('name-in-holder', { all: [{ fact: 'subject.name', operator: 'in', value: { fact: 'holder.name' } }] }, {}, { holder: { dataset: 'payments', on: { payment_id: 'subject.account_holder_name' } } }),
  rule('name-not-in-holder', { all: [{ fact: 'subject.name', operator: 'notIn', value: { fact: 'holder.name' } }] }, {}, { holder: { dataset: 'payments', on: { payment_id: 'subject.account_holder_name' } } }),
];

const pay = (i: number, amount: number, quantity: number, name: string, holder: string | null = null): Rec => ({
  payment_id: `P${i}`,
  fund_code: 'F1',
  id_number: '110101200002290011',
  name,
  town_code: 'T',
  village_code: 'V',
  period: '2024-02',
  pay_date: '2024-02-29',
  amount,
  quantity,
  bank_account: 'A',
  account_holder_id_number: null,
  account_holder_name: holder,
});
const PAYMENTS: Rec[] = [pay(1, 1000000001, 0.1, '张三'), pay(2, 1000000000, 0.25, '张三\u3000'), pay(3, 999999999, 0.09, ' 李四'), pay(4, 50000, 0.35, '王五'), pay(5, 50000, 0.5, '张三', 'P6'), pay(6, 50000, 0.5, '张三丰')];

const WANT: Record<string, string[]> = {
  'over-limit': ['P1'],
  'over-limit-money': ['P1'],
  'not-limit': ['P1', 'P3', 'P4', 'P5', 'P6'],
  'tripled-over': ['P1', 'P2', 'P4', 'P5', 'P6'],
  'tripled-over-jsonata': ['P1', 'P2', 'P4', 'P5', 'P6'],
  'rounds-to-two': ['P2'],
  'trimmed-name': ['P2'],
};

describe('exact numbers: the SQL candidates keep what the exact engine finds', () => {
  let engine: Engine;
  let db: SqlConnection;
  let inProcess: RunResult;
  beforeAll(async () => {
    engine = createEngine({ rules: RULES, asOf: '2024-12-31' });
    const tables = new Map([['payments', PAYMENTS]]);
    inProcess = await engine.run(tables);
    db = await openDuckDb();
    await loadTables(db, tables, engine.environment.registry);
  });
  afterAll(async () => {
    await db.close();
  });

  it('in-process finds the exact answers', () => {
    expect(inProcess.rulesFailed).toEqual([]);
    const got: Record<string, string[]> = {};
    for (const f of inProcess.findings) if (f.rule in WANT) (got[f.rule] ??= []).push(f.key);
    expect(got).toEqual(WANT);
  });

  it('the DuckDB executor finds the same, byte for byte', async () => {
    expectSameFindings(await runSql(engine, db), inProcess, { minFindings: 0 });
  });

  it('each candidate query selects the findings (decided in SQL, no tolerance)', async () => {
    const opts = { registry: engine.environment.registry, asOf: engine.asOf, operators: engine.environment.operators, functions: engine.environment.functions };
    for (const plan of engine.plans.filter((p) => p.id in WANT)) {
      const q = compileCandidates(plan, DUCKDB, opts);
      const rows = (await db.query(q.sql)).rows.map((r) => String(r[0]));
      expect(rows, plan.id).toEqual(expect.arrayContaining(WANT[plan.id]!));
      expect(q.exact, `${plan.id}: ${JSON.stringify(q.residual)}`).toBe(true);
      expect(rows, plan.id).toHaveLength(WANT[plan.id]!.length);
      for (const sql of [q.sql, compileCandidates(plan, POSTGRES, opts).sql]) expect(sql, plan.id).not.toMatch(/0\.000000001|GREATEST\(1, ABS/);
    }
  });
});
