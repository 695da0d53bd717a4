/**
 * Differential test: json-rules-engine is the semantic reference for its own condition
 * vocabulary. Random condition trees over random facts must get the same verdict from our
 * compiled conditions and from json-rules-engine itself.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from 'json-rules-engine';
import { BUILTIN_FUNCTIONS, BUILTIN_OPERATORS, createEngine, type Condition, type Rule } from '@sunshine/core';
import { JSON_RULES_ENGINE_OPERATORS, checkWithJsonRulesEngine, compileCondition } from '@sunshine/core/testing';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Edge values json-rules-engine's own operators are sensitive to: numbers a hair apart
// (compared exactly: 1e9 ≠ 1e9 + 1, 0.1 + 0.2 ≠ 0.3), texts parseFloat reads ('3x'), texts
// that contain others ('cab' ⊃ 'ab'), NaN, ±Infinity, booleans, null.
const SCALARS: unknown[] = [0, 1, 2, 3, 5, -1, 'a', 'b', 'ab', 'cab', '3x', '1', 1000000000, 1000000001, 0.1 + 0.2, 0.3, Number.NaN, Infinity, -Infinity, true, null];
const LISTS: unknown[][] = [[1, 2], [3], ['a', 'b'], [], [null, 2], [1000000000], ['ab', 'cab'], [0.3, Number.NaN]];
// `in`/`notIn` values: lists, and texts (json-rules-engine: a substring search of the fact as text).
const MEMBERSHIP_VALUES: unknown[] = [...LISTS, 'cab', 'abc', '', '1000000001', 'null', 'undefined'];
const FACTS = ['f0', 'f1', 'f2', 'f3', 'f4'];

function randomFacts(r: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FACTS) {
    const x = r();
    if (x < 0.1) continue; // undefined fact
    out[f] = x < 0.3 ? LISTS[Math.floor(r() * LISTS.length)] : SCALARS[Math.floor(r() * SCALARS.length)];
  }
  return out;
}

function randomCondition(r: () => number, depth: number): Condition {
  const x = r();
  if (depth > 0 && x < 0.35) {
    const n = Math.floor(r() * 4); // 0 too: json-rules-engine's answer for `all: []` / `any: []`
    const kids = Array.from({ length: n }, () => randomCondition(r, depth - 1));
    return r() < 0.5 ? { all: kids } : { any: kids };
  }
  if (depth > 0 && x < 0.45) return { not: randomCondition(r, depth - 1) };
  const operator = JSON_RULES_ENGINE_OPERATORS[Math.floor(r() * JSON_RULES_ENGINE_OPERATORS.length)]!;
  const fact = FACTS[Math.floor(r() * FACTS.length)]!;
  const listValue = operator === 'in' || operator === 'notIn';
  const scalars = SCALARS.filter((v) => v !== null && !Number.isNaN(v));
  const value = listValue ? MEMBERSHIP_VALUES[Math.floor(r() * MEMBERSHIP_VALUES.length)] : scalars[Math.floor(r() * scalars.length)];
  return { fact, operator, value: value as number };
}

const cenv = {
  env: { vars: {}, rt: { person: () => undefined } },
  operators: BUILTIN_OPERATORS,
  functions: BUILTIN_FUNCTIONS,
  params: {},
};

describe('compiled conditions agree with json-rules-engine', () => {
  it('on 6000 random conditions and fact sets', async () => {
    const r = prng(20261127);
    let disagreements = 0;
    const examples: unknown[] = [];
    for (let i = 0; i < 6000; i++) {
      const cond = randomCondition(r, 3);
      const facts = randomFacts(r);
      const ours = compileCondition(cond, cenv).test(facts);
      const top = 'all' in cond || 'any' in cond || 'not' in cond ? cond : { all: [cond] };
      const engine = new Engine([], { allowUndefinedFacts: true });
      engine.addRule({ conditions: top as never, event: { type: 'x' } });
      const { events } = await engine.run(facts);
      const theirs = events.length > 0;
      if (ours !== theirs) {
        disagreements++;
        if (examples.length < 3) examples.push({ cond, facts, ours, theirs });
      }
    }
    expect(JSON.stringify(examples)).toEqual("[]");
    expect(disagreements).toBe(0);
  });
});

describe('explain replays through json-rules-engine', () => {
  it('agrees on a real rule', async () => {
    const rule: Rule = {
          id: 'big-cash',
          version: '1.0.0',
          category: 'finance',
          severity: 'medium',
          title: { zh: '大额现金', en: 'Big cash' },
          description: { zh: '现金', en: 'Cash' },
          subject: { dataset: 'collective_ledger' },
          conditions: {
            all: [
              { fact: 'subject.direction', operator: 'equal', value: 'expense' },
              { fact: 'subject.payment_method', operator: 'in', value: ['cash'] },
              { not: { fact: 'subject.amount', operator: 'moneyLessThanInclusive', value: '1000.00' } },
            ],
          },
          key: '{{subject.voucher_id}}',
          message: { zh: '{{subject.amount}}', en: '{{subject.amount}}' },
    };
    const engine = createEngine({ asOf: '2024-12-31', rules: [rule] });
    const row = (voucher_id: string, amount: number) => ({
      voucher_id,
      village_code: 'V1',
      date: '2024-01-02',
      direction: 'expense',
      amount,
      category: 'office',
      counterparty_name: 'x',
      counterparty_id_number: null,
      contract_id: null,
      payment_method: 'cash',
      resolution_id: null,
      summary: 's',
    });
    const data = new Map([['collective_ledger', [row('A', 100001), row('B', 100000)]]]);
    for (const [key, want] of [['A', true], ['B', false]] as const) {
      const ex = engine.explain(data, 'big-cash', key)!;
      expect(ex.matched).toBe(want);
      const jre = await checkWithJsonRulesEngine(ex.conditions, engine.environment.operators);
      expect(jre).toEqual({ result: want, agrees: true });
    }
  });
});

describe('a `path` reads the fact as json-rules-engine does', () => {
  // Scalars, null and missing facts come back as they are; objects are followed; lists are not mapped.
  const VALUES: unknown[] = [{ b: 1 }, { b: { c: 'x' } }, { c: 2 }, { b: null }, [{ b: 1 }], [1, 2, 3], 'str', 5, 0, null, undefined, { length: 3 }, { b: [1, 2] }];
  const PATHS = ['$.b', '$.b.c', '$', '$.length', '$.c'];
  const TESTS: [string, unknown][] = [
    ['equal', 1],
    ['equal', 'x'],
    ['equal', 5],
    ['equal', 'str'],
    ['notEqual', 1],
    ['in', [1, 2, 3, 'x', 'str', 5, 0]],
    ['notIn', [2, 'x']],
    ['contains', 1],
    ['greaterThan', 0],
    ['lessThanInclusive', 3],
  ];
  it('on every fact shape × path × operator', async () => {
    const disagreements: unknown[] = [];
    for (const v of VALUES) {
      for (const p of PATHS) {
        for (const [operator, value] of TESTS) {
          const cond = { fact: 'f', path: p, operator, value } as Condition;
          const facts = v === undefined ? {} : { f: v };
          const ours = compileCondition(cond, cenv).test(facts);
          const engine = new Engine([], { allowUndefinedFacts: true });
          engine.addRule({ conditions: { all: [cond] } as never, event: { type: 'x' } });
          const theirs = (await engine.run(facts)).events.length > 0;
          if (ours !== theirs) disagreements.push({ v, p, operator, value, ours, theirs });
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('fact names with `-` or `.`', () => {
  it('`a.b` is json-rules-engine\'s `{ fact: "a", path: "$.b" }` on records (context names never contain `.`)', async () => {
    for (const a of [{ b: 1 }, { b: 'x' }, { c: 1 }, { b: null }]) {
      for (const [operator, value] of [['equal', 1], ['equal', 'x'], ['notEqual', 1], ['in', [1, null]]] as const) {
        const ours = compileCondition({ fact: 'a.b', operator, value } as Condition, cenv).test({ a });
        const engine = new Engine([], { allowUndefinedFacts: true });
        engine.addRule({ conditions: { all: [{ fact: 'a', path: '$.b', operator, value }] }, event: { type: 'x' } });
        expect(ours, JSON.stringify({ a, operator, value })).toBe((await engine.run({ a })).events.length > 0);
      }
    }
  });
});
