/**
 * The executor's semantics as a table, RuleTester style. Conditions: a condition over facts →
 * its verdict; where the condition uses only json-rules-engine's own operators, json-rules-engine
 * must give the same verdict. Expressions: an expression over a document → its value, which
 * jsonata 2.2 must give too. A row fails when our verdict or value changes, or when it stops
 * agreeing with its reference.
 */
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FUNCTIONS, BUILTIN_OPERATORS, type Condition } from '@sunshine/core';
import { compileCondition, JSON_RULES_ENGINE_OPERATORS } from '@sunshine/core/testing';
import { compare } from './jsonata-reference.js';

const cenv = { env: { vars: {}, rt: { person: () => undefined } }, operators: BUILTIN_OPERATORS, functions: BUILTIN_FUNCTIONS, params: {} };

type CondRow = readonly [name: string, condition: Condition, facts: Record<string, unknown>, expected: boolean];

const c = (fact: string, operator: string, value?: unknown): Condition => (value === undefined ? { fact, operator } : { fact, operator, value }) as Condition;

const CONDITIONS: readonly CondRow[] = [
  // json-rules-engine's operators: checked against json-rules-engine too.
  ['equal is strict: 1 is not "1"', c('a', 'equal', 1), { a: '1' }, false],
  ['lessThan compares a numeric text as json-rules-engine does', c('a', 'lessThan', 5), { a: '3' }, true],
  ['greaterThan on integers past 2^30', c('a', 'greaterThan', 1000000000), { a: 1000000001 }, true],
  ['greaterThanInclusive with floating-point sums', c('a', 'greaterThanInclusive', 0.3), { a: 0.1 + 0.2 }, true],
  ['in a list', c('a', 'in', [1, 2]), { a: 2 }, true],
  ['notIn of an undefined fact', c('a', 'notIn', [1, 2]), {}, true],
  ['contains: a list fact holds the value', c('a', 'contains', 'x'), { a: ['x', 'y'] }, true],
  ['doesNotContain on a text fact', c('a', 'doesNotContain', 'x'), { a: 'x' }, false],
  ['an empty all holds', { all: [] }, {}, true],
  ['an empty any, as json-rules-engine answers it', { any: [] }, {}, true],
  ['not of an undefined fact', { not: c('a', 'equal', 1) }, {}, true],
  ['any: one leaf is enough', { any: [c('a', 'equal', 1), c('b', 'equal', 2)] }, { b: 2 }, true],
  ['all: one leaf false is enough', { all: [c('a', 'equal', 1), c('b', 'equal', 2)] }, { a: 1, b: 3 }, false],
  // Sunshine's own operators.
  ['moneyGreaterThan: a literal in yuan against fen', c('a', 'moneyGreaterThan', '1000.00'), { a: 100001 }, true],
  ['moneyGreaterThan: not above', c('a', 'moneyGreaterThan', '1000.00'), { a: 100000 }, false],
  ['moneyEqual: yuan literal equals fen fact', c('a', 'moneyEqual', '1000.00'), { a: 100000 }, true],
  ['dateBefore', c('a', 'dateBefore', '2024-01-01'), { a: '2023-12-31' }, true],
  ['dateOnOrAfter on the day', c('a', 'dateOnOrAfter', '2024-01-01'), { a: '2024-01-01' }, true],
  ['dateAfter of null is false', c('a', 'dateAfter', '2024-01-01'), { a: null }, false],
  ['between includes its bounds', c('a', 'between', [1, 3]), { a: 3 }, true],
  ['between dates', c('a', 'between', ['2024-01-01', '2024-12-31']), { a: '2024-06-30' }, true],
  ['between: text is not in a numeric range', c('a', 'between', [1, 3]), { a: 'x' }, false],
  ['empty text is empty', c('a', 'empty'), { a: '' }, true],
  ['an empty list is empty', c('a', 'empty'), { a: [] }, true],
  ['zero is not empty', c('a', 'empty'), { a: 0 }, false],
  ['notEmpty of an undefined fact', c('a', 'notEmpty'), {}, false],
  ['matches finds the pattern', c('a', 'matches', '^张'), { a: '张三' }, true],
  ['matches is false on a number', c('a', 'matches', '^张'), { a: 5 }, false],
  ['startsWith', c('a', 'startsWith', '3714'), { a: '371426' }, true],
];

/** True when every leaf uses one of json-rules-engine's own operators. */
function jreOnly(cond: Condition): boolean {
  if ('all' in cond) return cond.all.every(jreOnly);
  if ('any' in cond) return cond.any.every(jreOnly);
  if ('not' in cond) return jreOnly(cond.not);
  return (JSON_RULES_ENGINE_OPERATORS as readonly string[]).includes((cond as { operator: string }).operator);
}

async function jsonRulesEngine(cond: Condition, facts: Record<string, unknown>): Promise<boolean> {
  const top = 'all' in cond || 'any' in cond || 'not' in cond ? cond : { all: [cond] };
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({ conditions: top as never, event: { type: 'x' } });
  return (await engine.run(facts)).events.length > 0;
}

describe('executor semantics: conditions', () => {
  it('has rows for json-rules-engine’s operators and our own', () => {
    expect(CONDITIONS.filter(([, cond]) => jreOnly(cond)).length).toBeGreaterThanOrEqual(10);
    expect(CONDITIONS.filter(([, cond]) => !jreOnly(cond)).length).toBeGreaterThanOrEqual(10);
  });

  it.each(CONDITIONS.map(([name, condition, facts, expected]) => ({ name, condition, facts, expected })))('$name', async ({ condition, facts, expected }) => {
    expect(compileCondition(condition, cenv).test(facts)).toBe(expected);
    if (jreOnly(condition)) expect(await jsonRulesEngine(condition, facts)).toBe(expected);
  });
});

const DOC = { a: 5, b: [1, 2, 3], c: { d: [{ e: 1, f: 'x' }, { e: 2, f: 'y' }, { e: 3 }] }, s: '中文text', n: null };

type ExprRow = readonly [src: string, expected: string];

/** Expression → its value (as `canonical` prints it); jsonata must agree. */
const EXPRESSIONS: readonly ExprRow[] = [
  ['a + 1', '6'],
  ['$sum(b)', '6'],
  ['$count(zz)', '0'],
  ['b[-1]', '3'],
  ['c.d[e > 1].f', '"y"'],
  ['c.d.e', '[1,2,3]'],
  ['$round(2.5)', '2'],
  ['$round(3.5)', '4'],
  ['a ? "y" : "n"', '"y"'],
  ['5 in b', 'false'],
  ['2 in b', 'true'],
  ['$string(22/7)', '"3.14285714285714"'], // 15 significant digits, as jsonata prints numbers
  ['$substring(s, 1, 2)', '"文t"'],
  ['$length(s)', '6'],
  ['$uppercase("ab")', '"AB"'],
  ['n + 1', 'error T2001'], // null is not a number: the same error as jsonata
  ['zz = zz', 'false'],
  ['$exists(n)', 'true'],
  ['$append(b, 4)', '[1,2,3,4]'],
  ['a % 3', '2'],
];

describe('executor semantics: expressions agree with jsonata', () => {
  it.each(EXPRESSIONS.map(([src, expected]) => ({ src, expected })))('$src = $expected', async ({ src, expected }) => {
    const r = await compare(src, DOC);
    expect(r).toEqual({ kind: 'same', value: expected });
  });
});
