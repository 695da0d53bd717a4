/**
 * The condition operators' SQL forms: one entry per built-in operator of core's
 * `BUILTIN_OPERATORS`, keyed by core's `OperatorName`, so that an operator without its entry —
 * its SQL form or an explicit `null` (left to the in-process finish) — does not compile, and
 * `test/vocabulary.test.ts` holds the names against core's table.
 */
import type { OperatorName } from '@sunshine/core';
import type { SqlComparison } from '../dialect.js';
import type { Relation, RelationField, RecordValue, Scalar, SqlType, Value } from '../sql-values.js';
import { NUM_FIELDS, type CompileContext, type SqlCondition } from './context.js';
import { exists, field, member } from './relations.js';
import { compare, dbl, equal, isNullable, num, ULP2 } from './scalars.js';

/** A leaf's SQL: NULL where SQL cannot tell (only when `nullable`), exact or approximated by polarity. */
export interface LeafSql {
  readonly sql: string;
  readonly exact: boolean;
  readonly nullable: boolean;
}

/** How SQL decides one operator. */
export interface OperatorSql {
  /** False of an undefined fact (`equal` only against a value that is never undefined): the first match the fact reads must exist. */
  readonly strict: boolean;
  /** A comparison of numbers, decided roughly where a side is a floating-point sum (and, for `>`/`>=`, against an upper bound). */
  readonly rough?: SqlComparison;
  /** Its SQL over the compiled fact and value, or `null`: always left to the in-process finish. */
  readonly sql: ((cx: CompileContext, a: Value, b: Value, over: boolean) => LeafSql | undefined) | null;
}


const sc = (v: Value): v is Scalar => v.k === 'sc';

/** `equal` (`===`, numbers exactly) or its negation. */
const equality = (negate: boolean): OperatorSql['sql'] => (cx, a, b) => {
  if (!sc(a) || !sc(b)) return undefined;
  const e = equal(cx, a, b);
  if (!e) return undefined;
  return { sql: negate ? `(NOT ${e.sql})` : e.sql, exact: e.exact, nullable: !e.exact };
};

/** json-rules-engine's number comparisons: a null value compares as 0 (JS `5 > null`), an undefined one as NaN (false). */
const numberCompare = (cmp: SqlComparison): OperatorSql['sql'] => (cx, a, b) => {
  if (!sc(a) || !sc(b)) return undefined;
  if (a.t === 'null') return { sql: 'FALSE', exact: true, nullable: false };
  if (a.t !== 'num' || (b.t !== 'num' && b.t !== 'null')) return undefined;
  // b null compares as 0 (JS `5 > null`), b undefined as NaN (false).
  const zero = num('0', 'none', true);
  const bNull = b.nul === 'none' ? undefined : b.nul === 'undef' ? 'FALSE' : b.nul === 'null' ? compare(cx, a, cmp, zero)! : b.present ? `(CASE WHEN ${b.present} THEN ${compare(cx, a, cmp, zero)!} ELSE FALSE END)` : 'NULL';
  const main = b.t === 'num' ? compare(cx, a, cmp, b)! : 'FALSE';
  const sql = a.nul === 'none' && !bNull ? main : `(CASE WHEN ${a.sql} IS NULL THEN FALSE${bNull ? ` WHEN ${b.sql} IS NULL THEN ${bNull}` : ''} ELSE ${main} END)`;
  return { sql, exact: bNull !== 'NULL', nullable: bNull === 'NULL' };
};

/** The date (texts) and money (numbers) comparisons: false unless both sides are of the type. */
const typedCompare = (want: SqlType, cmp: SqlComparison): OperatorSql['sql'] => (cx, a, b) => {
  if (!sc(a) || !sc(b)) return undefined;
  if (a.t !== want || b.t !== want) return { sql: 'FALSE', exact: true, nullable: false };
  const sql = compare(cx, a, cmp, b)!;
  return { sql: isNullable(a) || isNullable(b) ? `COALESCE(${sql}, FALSE)` : sql, exact: true, nullable: false };
};

/** `in` or `notIn`. */
const membership = (isIn: boolean): OperatorSql['sql'] => (cx, a, b, over) => {
  // A value that is not a list (one value, null, nothing): json-rules-engine's `indexOf` of a
  // text is a substring search, of anything else an error; left to the finish.
  if (sc(b)) return undefined;
  if (b.k === 'relf') return fieldMember(cx, isIn, a, b, over);
  const m = member(cx, a, b, isIn ? over : !over);
  if (!m) return undefined;
  return { sql: isIn ? m.sql : `(NOT ${m.sql})`, exact: m.exact, nullable: !m.exact };
};

/** `empty` or `notEmpty`. */
const emptiness = (pos: boolean): OperatorSql['sql'] => (cx, a, _b, over) => {
  // notEmpty of a relation is monotone in its rows: build it the way the polarity asks.
  const relOf = (v: Value): Relation | undefined => (v.k === 'rel' ? v : v.k === 'rec' && v.one ? v.one : v.k === 'relf' ? v.rel : undefined);
  const rel = relOf(a);
  if (rel) {
    const e = exists(cx, rel, pos ? over : !over);
    return { sql: pos ? e.sql : `(NOT ${e.sql})`, exact: e.exact, nullable: false };
  }
  if (a.k === 'rec') return { sql: pos ? 'TRUE' : 'FALSE', exact: true, nullable: false };
  if (!sc(a)) return undefined;
  if (a.t === 'null') return { sql: pos ? 'FALSE' : 'TRUE', exact: true, nullable: false };
  const empty = a.nul === 'none' ? (a.t === 'text' ? `(${a.sql} = '')` : 'FALSE') : a.t === 'text' ? `(${a.sql} IS NULL OR ${a.sql} = '')` : `(${a.sql} IS NULL)`;
  return { sql: pos ? `(NOT ${empty})` : empty, exact: true, nullable: false };
};

/** Every built-in operator's SQL form. */
export const SQL_OPERATORS = {
  equal: { strict: true, rough: '=', sql: equality(false) },
  notEqual: { strict: false, rough: '<>', sql: equality(true) },
  lessThan: { strict: true, rough: '<', sql: numberCompare('<') },
  lessThanInclusive: { strict: true, rough: '<=', sql: numberCompare('<=') },
  greaterThan: { strict: true, rough: '>', sql: numberCompare('>') },
  greaterThanInclusive: { strict: true, rough: '>=', sql: numberCompare('>=') },
  in: { strict: true, sql: membership(true) },
  notIn: { strict: false, sql: membership(false) },
  // json-rules-engine's `indexOf` of whatever the fact is (a text, a list): left to the finish.
  contains: { strict: true, sql: null },
  doesNotContain: { strict: true, sql: null },
  dateBefore: { strict: true, sql: typedCompare('text', '<') },
  dateOnOrBefore: { strict: true, sql: typedCompare('text', '<=') },
  dateAfter: { strict: true, sql: typedCompare('text', '>') },
  dateOnOrAfter: { strict: true, sql: typedCompare('text', '>=') },
  moneyEqual: { strict: true, rough: '=', sql: typedCompare('num', '=') },
  moneyGreaterThan: { strict: true, rough: '>', sql: typedCompare('num', '>') },
  moneyGreaterThanInclusive: { strict: true, rough: '>=', sql: typedCompare('num', '>=') },
  moneyLessThan: { strict: true, rough: '<', sql: typedCompare('num', '<') },
  moneyLessThanInclusive: { strict: true, rough: '<=', sql: typedCompare('num', '<=') },
  between: {
    strict: true,
    sql: (cx, a, b) => {
      if (!sc(a) || b.k !== 'lst' || b.items.length !== 2) return b.k === 'lst' || (sc(b) && b.nul !== 'mixed') ? { sql: 'FALSE', exact: true, nullable: false } : undefined;
      const [lo, hi] = b.items;
      if (!lo || !hi || lo.k !== 'sc' || hi.k !== 'sc') return undefined;
      const x = compare(cx, a, '>=', lo);
      const y = compare(cx, a, '<=', hi);
      if (!x || !y) return { sql: 'FALSE', exact: true, nullable: false };
      return { sql: `COALESCE(${x} AND ${y}, FALSE)`, exact: true, nullable: false };
    },
  },
  empty: { strict: false, sql: emptiness(false) },
  notEmpty: { strict: true, sql: emptiness(true) },
  matches: {
    strict: true,
    sql: (cx, a, b) => {
      if (!sc(a) || !sc(b) || b.t !== 'text') return undefined;
      if (a.t !== 'text') return { sql: 'FALSE', exact: true, nullable: false };
      return { sql: `COALESCE(${cx.d.matches(a.sql, b.sql)}, FALSE)`, exact: true, nullable: false };
    },
  },
  startsWith: {
    strict: true,
    sql: (_cx, a, b) => {
      if (!sc(a) || !sc(b)) return undefined;
      if (a.t !== 'text' || b.t !== 'text') return { sql: 'FALSE', exact: true, nullable: false };
      return { sql: `COALESCE(starts_with(${a.sql}, ${b.sql}), FALSE)`, exact: true, nullable: false };
    },
  },
} satisfies Record<OperatorName, OperatorSql>;

/** The SQL entry of a built-in operator, or undefined for any other name. */
export function sqlOperator(name: string): OperatorSql | undefined {
  return Object.hasOwn(SQL_OPERATORS, name) ? SQL_OPERATORS[name as OperatorName] : undefined;
}

/** A leaf's operator over its compiled fact `a` and value `b`: SQL, or undefined when SQL cannot decide it. */
export function operator(cx: CompileContext, op: string, a: Value, b: Value, over: boolean): LeafSql | undefined {
  const def = sqlOperator(op);
  if ((sc(a) && a.upper) || (sc(b) && b.upper)) {
    // An upper bound decides only "at least" tests, and only towards more candidates.
    const atLeast = def?.rough === '>' || def?.rough === '>=' ? def.rough : undefined;
    if (!over || !atLeast || !sc(a) || !sc(b) || !a.upper || b.upper || b.err || b.t !== 'num' || b.nul !== 'none') return undefined;
    return { sql: compare(cx, a, atLeast, b)!, exact: false, nullable: false };
  }
  if ((sc(a) && a.err) || (sc(b) && b.err)) return sc(a) && sc(b) ? roughCompare(cx, op, a, b) : undefined;
  return def?.sql ? def.sql(cx, a, b, over) : undefined;
}

/**
 * A numeric comparison where a side is a floating-point sum SQL adds up in another order: the
 * sums may differ from JS's in their last bits, so it is decided only where the difference
 * clears twice the error bound (then JS's exact comparison agrees), else NULL. Equality is
 * never decided TRUE (two sums SQL finds equal may differ in JS).
 */
function roughCompare(cx: CompileContext, op: string, a: Scalar, b: Scalar): LeafSql | undefined {
  const c = sqlOperator(op)?.rough;
  if (!c || a.t !== 'num' || b.t !== 'num') return undefined;
  // Null: false for these operators, except a null (not undefined) right side of json-rules-engine's (compares as 0).
  if (!op.startsWith('money') && (b.nul === 'null' || b.nul === 'mixed')) return undefined;
  if ((op === 'equal' || op === 'notEqual') && (a.nul !== 'none' || b.nul !== 'none')) return undefined;
  const x = dbl(cx, a);
  const y = dbl(cx, b);
  const d = `(${x} - ${y})`;
  const m = `(2 * (${a.err ?? '0'} + ${b.err ?? '0'}) + ${ULP2} * (ABS(${x}) + ABS(${y})))`;
  const [yes, no] =
    c === '>' || c === '>=' ? [`${d} > ${m}`, `${d} < -${m}`]
    : c === '<' || c === '<=' ? [`${d} < -${m}`, `${d} > ${m}`]
    : c === '=' ? ['FALSE', `ABS${d} > ${m}`]
    : [`ABS${d} > ${m}`, 'FALSE'];
  return { sql: `(CASE WHEN ${a.sql} IS NULL OR ${b.sql} IS NULL THEN FALSE WHEN ${yes} THEN TRUE WHEN ${no} THEN FALSE END)`, exact: false, nullable: true };
}

/**
 * `in` / `notIn` of a lookup's field (`"value": { "fact": "cadres.id_number" }`) as the engine
 * takes it: json-rules-engine's `value.indexOf(fact)` of what jsonata hands over — a list for
 * two or more values, but one value alone (a text is then searched for the fact as a
 * substring, any other value holds for neither operator) and nothing for none (neither).
 * Telling those apart would cost a count per subject: approximated by polarity instead (a
 * superset when `over`, else a subset), membership deciding the list case. Also a superset
 * (subset) under plain membership semantics.
 */
export function fieldMember(cx: CompileContext, isIn: boolean, a: Value, it: RelationField, over: boolean): LeafSql | undefined {
  if (a.k !== 'sc') return undefined;
  const def = it.rel.ds.fields.find((f) => f.name === it.field);
  const isText = def !== undefined && !NUM_FIELDS.has(def.type);
  const of = (el: RecordValue): Scalar | undefined => {
    const f = field(cx, el, it.field);
    return f.k === 'sc' ? f : undefined;
  };
  const equalTo = (el: RecordValue): SqlCondition | undefined => {
    const f = of(el);
    return f && equal(cx, a, f);
  };
  // A value of the field containing the fact as text (equal to it, or a null or empty fact: any value).
  const contains = (el: RecordValue): SqlCondition | undefined => {
    const f = of(el);
    if (!f || f.t !== 'text') return undefined;
    return { sql: `(${f.sql} IS NOT NULL AND (${a.sql} IS NULL OR ${a.sql} = '' OR strpos(${f.sql}, ${a.sql}) > 0))`, exact: true };
  };
  const textFact = a.t === 'text';
  const result = (sql: string): LeafSql => ({ sql, exact: false, nullable: false });
  if (isIn && over) {
    if (!isText) return result(exists(cx, it.rel, true, equalTo).sql);
    if (!textFact) return undefined;
    return result(exists(cx, it.rel, true, (el) => {
      const e = equalTo(el);
      const c = contains(el);
      return e && c && { sql: `(COALESCE(${e.sql}, TRUE) OR ${c.sql})`, exact: true };
    }).sql);
  }
  if (isIn) {
    if (!isText) return result('FALSE');
    return result(exists(cx, it.rel, false, (el) => {
      const e = equalTo(el);
      const f = of(el);
      return e && f && { sql: `(${f.sql} IS NOT NULL AND COALESCE(${e.sql}, FALSE))`, exact: true };
    }).sql);
  }
  if (over) return result(`(NOT ${exists(cx, it.rel, false, (el) => {
    const e = equalTo(el);
    return e && { sql: `COALESCE(${e.sql}, FALSE)`, exact: true };
  }).sql})`);
  if (!isText || !textFact) return result('FALSE');
  const any = exists(cx, it.rel, false, (el) => {
    const f = of(el);
    return f && { sql: `${f.sql} IS NOT NULL`, exact: true };
  });
  const hit = exists(cx, it.rel, true, (el) => {
    const f = of(el);
    const c = contains(el);
    return f && c && { sql: `(${f.sql} IS NULL OR ${c.sql})`, exact: true };
  });
  return result(`(${any.sql} AND NOT ${hit.sql})`);
}
