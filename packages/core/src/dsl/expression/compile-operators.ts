/**
 * jsonata 2.2's binary operators. Numbers and texts compare exactly; a missing side makes
 * arithmetic and comparisons answer nothing and equality false; a value of the wrong type is the
 * error jsonata raises (T2001, T2002, T2009, T2010), never a guess.
 */
import { EvaluationError } from './expression-error.js';
import { deepEqual, isNumeric, stringify, toBoolean } from './values.js';

export type BinaryOperator = (lhs: unknown, rhs: unknown) => unknown;

function numeric(f: (a: number, b: number) => number): BinaryOperator {
  return (l, r) => {
    if (l !== undefined && !isNumeric(l)) throw new EvaluationError('T2001', l);
    if (r !== undefined && !isNumeric(r)) throw new EvaluationError('T2002', r);
    if (l === undefined || r === undefined) return undefined;
    return f(l, r);
  };
}

function comparison(f: (a: number | string, b: number | string) => boolean): BinaryOperator {
  return (l, r) => {
    const lt = typeof l;
    const rt = typeof r;
    const lok = lt === 'undefined' || lt === 'string' || lt === 'number';
    const rok = rt === 'undefined' || rt === 'string' || rt === 'number';
    if (!lok || !rok) throw new EvaluationError('T2010', lt === 'string' || lt === 'number' ? r : l);
    if (lt === 'undefined' || rt === 'undefined') return undefined;
    if (lt !== rt) throw new EvaluationError('T2009', l);
    return f(l as number | string, r as number | string);
  };
}

/** The boolean cast of `and`/`or` operands: nothing is false. */
export function boolize(v: unknown): boolean {
  return toBoolean(v) === true;
}

/** The operators evaluated on both sides (`and`/`or` short-circuit and are compiled apart). */
export const BINARY_OPERATORS = {
  '+': numeric((a, b) => a + b),
  '-': numeric((a, b) => a - b),
  '*': numeric((a, b) => a * b),
  '/': numeric((a, b) => a / b),
  '%': numeric((a, b) => a % b),
  '=': (l, r) => l !== undefined && r !== undefined && deepEqual(l, r),
  '!=': (l, r) => l !== undefined && r !== undefined && !deepEqual(l, r),
  '<': comparison((a, b) => a < b),
  '<=': comparison((a, b) => a <= b),
  '>': comparison((a, b) => a > b),
  '>=': comparison((a, b) => a >= b),
  '&': (l, r) => (l === undefined ? '' : stringify(l)!) + (r === undefined ? '' : stringify(r)!),
  in: (l, r) => {
    if (l === undefined || r === undefined) return false;
    const list = Array.isArray(r) ? r : [r];
    for (const x of list) if (x === l) return true;
    return false;
  },
} satisfies Record<string, BinaryOperator>;

export type BinaryOperatorName = keyof typeof BINARY_OPERATORS;

/**
 * Exact comparison of two numbers, for condition operators: -1, 0 or 1 (NaN when either is NaN).
 *
 * @example
 * ```ts
 * compareNumbers(1000000001, 1000000000); // 1
 * ```
 */
export function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two scalars of one kind (numbers, or texts in code-unit order); NaN when incomparable. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number.NaN;
}
