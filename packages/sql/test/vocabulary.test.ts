/**
 * The SQL compiler's vocabularies are core's: one SQL entry (a form, or `null` for "finished in
 * process") for each built-in operator, function and aggregate, and none for a name core does
 * not have. The tables `satisfies Record<Name, …>` with core's name unions (`OperatorName`,
 * `FunctionName`, `AggregateOp`, derived from core's own tables), so a missing or unknown entry
 * does not compile; these tests hold the same at run time.
 */
import { AggregateOps, BUILTIN_FUNCTIONS, BUILTIN_OPERATORS, type AggregateOp, type FunctionName, type OperatorName } from '@sunshine/core';
import { describe, expect, it } from 'vitest';
import { SQL_AGGREGATES } from '../src/compile/aggregates.js';
import { SQL_FUNCTIONS } from '../src/compile/functions.js';
import { SQL_OPERATORS } from '../src/compile/operators.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Do not compile when core's names and the SQL tables' keys differ. */
const sameAggregates: Same<keyof typeof SQL_AGGREGATES, AggregateOp> = true;
const sameFunctions: Same<keyof typeof SQL_FUNCTIONS, FunctionName> = true;
const sameOperators: Same<keyof typeof SQL_OPERATORS, OperatorName> = true;

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe('the SQL vocabularies are core’s', () => {
  it('operators: one SQL entry per built-in operator', () => {
    expect(sorted(Object.keys(SQL_OPERATORS))).toEqual(sorted(Object.keys(BUILTIN_OPERATORS)));
  });

  it('functions: one SQL entry per built-in function', () => {
    expect(sorted(Object.keys(SQL_FUNCTIONS))).toEqual(sorted(Object.keys(BUILTIN_FUNCTIONS)));
  });

  it('aggregates: one SQL entry per built-in aggregate', () => {
    expect([sameAggregates, sameFunctions, sameOperators]).toEqual([true, true, true]);
    expect(sorted(Object.keys(SQL_AGGREGATES))).toEqual(sorted(AggregateOps));
  });

  it('says which parts SQL leaves to the in-process finish', () => {
    const none = (t: Readonly<Record<string, unknown>>): string[] => sorted(Object.keys(t).filter((k) => t[k] === null));
    expect(sorted(Object.keys(SQL_OPERATORS).filter((k) => SQL_OPERATORS[k as keyof typeof SQL_OPERATORS].sql === null))).toEqual(['contains', 'doesNotContain']);
    expect(none(SQL_AGGREGATES)).toEqual(['baseline', 'median']);
    expect(none(SQL_FUNCTIONS)).toEqual(['average', 'countDistinct', 'distinct', 'fen', 'firstDigit', 'join', 'lowercase', 'max', 'median', 'min', 'uppercase', 'yuan']);
  });
});
