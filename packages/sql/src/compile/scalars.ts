/**
 * Scalars: the constructors of compiled scalar values, JS constants as SQL, and the exact
 * comparisons (`===`, `<`, …) of two scalars as JavaScript makes them.
 */
import { parseDate } from '@sunshine/core';
import type { SqlComparison } from '../dialect.js';
import type { Nul, Scalar, Shape, Unknown, Value } from '../sql-values.js';
import type { CompileContext, SqlCondition } from './context.js';

/** Twice the unit roundoff of a double, rounded up: one rounding on each side. */
export const ULP2 = '0.00000000000000023';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const unk = (why: string): Unknown => ({ k: 'unk', why });
export const withPresent = (present: string, v: Scalar): Scalar => ({ ...v, present });
/** SQL telling whether a scalar's NULL is JS null (TRUE) rather than undefined (FALSE); undefined when SQL cannot tell. */
export const nullKind = (v: Scalar): string | undefined => (v.nul === 'none' || v.nul === 'null' ? 'TRUE' : v.nul === 'undef' ? 'FALSE' : v.present);
export const isNullable = (v: Scalar): boolean => v.nul !== 'none';
/** A derived value: NULL (undefined) whenever an input is NULL. */
export const derivedNul = (...vs: Scalar[]): Nul => (vs.some(isNullable) ? 'undef' : 'none');

export function num(sql: string, nul: Nul, int = false): Scalar {
  return int ? { k: 'sc', t: 'num', sql, nul, int } : { k: 'sc', t: 'num', sql, nul };
}

export function text(sql: string, nul: Nul, shape?: Shape): Scalar {
  return shape ? { k: 'sc', t: 'text', sql, nul, shape } : { k: 'sc', t: 'text', sql, nul };
}

export function bool(sql: string, nul: Nul = 'none'): Scalar {
  return { k: 'sc', t: 'bool', sql, nul };
}

/** A JS constant. */
export function constant(cx: CompileContext, v: unknown): Value {
  if (v === undefined) return { k: 'sc', t: 'null', sql: 'NULL', nul: 'undef' };
  if (v === null) return { k: 'sc', t: 'null', sql: 'NULL', nul: 'null' };
  if (typeof v === 'string') {
    const shape: Shape | undefined = ISO_DATE.test(v) && parseDate(v).ok ? 'date' : /^\d{4}(-\d{2})?$/.test(v) ? 'period' : undefined;
    return text(cx.d.literal(v), 'none', shape);
  }
  if (typeof v === 'boolean') return bool(v ? 'TRUE' : 'FALSE');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return unk(`the number ${v}`);
    // Other numbers from their shortest round-trip text, which both servers read to the same double (a
    // numeric literal would go through DECIMAL first: DuckDB divides by a power of ten, not always exact).
    return Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? num(`CAST(${v} AS BIGINT)`, 'none', true) : num(`CAST(${cx.d.literal(String(v))} AS ${cx.d.float})`, 'none');
  }
  if (Array.isArray(v)) {
    const items: Scalar[] = [];
    for (const x of v) {
      if (x === undefined) continue;
      const c = constant(cx, x);
      if (c.k !== 'sc') return unk('a nested list');
      items.push(c);
    }
    return { k: 'lst', items };
  }
  return unk('an object value');
}

/** A double-precision view of a numeric scalar. */
export function dbl(cx: CompileContext, v: Scalar): string {
  return `CAST(${v.sql} AS ${cx.d.float})`;
}

/** jsonata's text of a value for `&` (undefined when SQL cannot print it as JS does). */
export function textOf(cx: CompileContext, v: Scalar): string | undefined {
  // Undefined is '', null is 'null' (jsonata's `$string(null)`, JSON).
  const kind = nullKind(v);
  if (kind === undefined) return undefined;
  const none = kind === 'TRUE' ? "'null'" : kind === 'FALSE' ? "''" : `(CASE WHEN ${kind} THEN 'null' ELSE '' END)`;
  if (v.t === 'null') return none;
  if (v.t === 'text') return `COALESCE(${v.sql}, ${none})`;
  if (v.t === 'bool') return `COALESCE(CASE WHEN ${v.sql} THEN 'true' ELSE 'false' END, ${none})`;
  if (v.int) return `COALESCE(CAST(${v.sql} AS ${cx.d.text}), ${none})`;
  return undefined;
}

/**
 * SQL comparing two non-null scalars exactly as JavaScript does (jsonata 2.2, the condition
 * operators): numbers as doubles — whole numbers as BIGINT, exact below 2^53 as doubles are;
 * any other number as the double it is in JS (columns, literals read from their round-trip
 * text, `+ - * /` of doubles are IEEE in both servers) — texts by code point. No tolerance:
 * `1000000000 = 1000000001` is false. Undefined when incomparable.
 */
export function compare(cx: CompileContext, a: Scalar, op: SqlComparison, b: Scalar): string | undefined {
  if (a.t === 'num' && b.t === 'num') {
    if (a.int && b.int && !a.err && !b.err) return `(${a.sql} ${op} ${b.sql})`;
    return `(${dbl(cx, a)} ${op} ${dbl(cx, b)})`;
  }
  if (a.t === 'text' && b.t === 'text') return cx.d.compareText(a.sql, op, b.sql);
  if (a.t === 'bool' && b.t === 'bool' && (op === '=' || op === '<>')) return `(${a.sql} ${op} ${b.sql})`;
  return undefined;
}

/**
 * The `equal` operator (`===`, numbers exactly): SQL that is NULL only where it cannot
 * tell (both sides NULL, one standing for null and the other for undefined or either).
 */
export function equal(cx: CompileContext, a: Scalar, b: Scalar): SqlCondition | undefined {
  if (a.err || b.err || a.upper || b.upper) return undefined;
  const core = a.t === 'null' || b.t === 'null' ? 'FALSE' : (compare(cx, a, '=', b) ?? 'FALSE');
  if (!isNullable(a) || !isNullable(b)) return { sql: isNullable(a) || isNullable(b) ? `COALESCE(${core}, FALSE)` : core, exact: true };
  const ka = nullKind(a);
  const kb = nullKind(b);
  const both = ka === undefined || kb === undefined ? 'NULL' : ka === kb ? 'TRUE' : (ka === 'TRUE' || ka === 'FALSE') && (kb === 'TRUE' || kb === 'FALSE') ? 'FALSE' : `(${ka} = ${kb})`;
  return { sql: `(CASE WHEN ${a.sql} IS NULL AND ${b.sql} IS NULL THEN ${both} WHEN ${a.sql} IS NULL OR ${b.sql} IS NULL THEN FALSE ELSE ${core} END)`, exact: both !== 'NULL' };
}
