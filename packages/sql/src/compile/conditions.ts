/**
 * Conditions with json-rules-engine semantics: `all`/`any`/`not` and leaves (a fact, an
 * operator, a value). A leaf SQL cannot decide becomes TRUE or FALSE by its polarity, so the
 * WHERE it lands in selects a superset of the subjects that match.
 */
import { BUILTIN_OPERATORS, parseDate, parseMoney, type Condition, type LeafCondition, type OperatorDef } from '@sunshine/core';
import type { SqlComparison } from '../dialect.js';
import type { RecordValue, Relation, RelationField, Scalar, SqlType, Value } from '../sql-values.js';
import { NUM_FIELDS, type CompileContext, type Scope, type SqlCondition } from './context.js';
import { expr } from './expressions.js';
import { applyFn } from './functions.js';
import { exists, field, member } from './relations.js';
import { compare, constant, dbl, equal, isNullable, num, text, ULP2, unk } from './scalars.js';

/** Operators false of an undefined fact (`equal` only against a value that is never undefined). */
const STRICT = new Set(['equal', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'contains', 'doesNotContain', 'dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter', 'moneyEqual', 'moneyGreaterThan', 'moneyGreaterThanInclusive', 'moneyLessThan', 'moneyLessThanInclusive', 'between', 'notEmpty', 'matches', 'startsWith']);

function factSource(fact: string, path: string | undefined): string {
  if (!path) return fact;
  const p = path.replace(/^\$\.?/, '');
  return p ? `${fact}.${p}` : fact;
}

/**
 * A condition as SQL that is never NULL: exact when every part compiled, else an
 * over-approximation (`over`) or an under-approximation.
 */
export function cond(cx: CompileContext, c: Condition, scope: Scope, over: boolean, ptr: string): SqlCondition {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const kids = (isAll ? c.all : c.any).map((k, i) => cond(cx, k, scope, over, `${ptr}/${isAll ? 'all' : 'any'}/${i}`));
    const parts = kids.map((k) => k.sql);
    const sets = kids.map((k) => k.requires ?? []);
    const requires = isAll ? [...new Set(sets.flat())] : sets.reduce((a, b) => a.filter((x) => b.includes(x)));
    return { sql: parts.length === 1 ? parts[0]! : `(${parts.join(isAll ? ' AND ' : ' OR ')})`, exact: kids.every((k) => k.exact), requires };
  }
  if ('not' in c) {
    const k = cond(cx, c.not, scope, !over, `${ptr}/not`);
    return { sql: `(NOT ${k.sql})`, exact: k.exact };
  }
  const req: string[] = [];
  const r = leaf(cx, c, scope, over, ptr, req);
  const fallback = over ? 'TRUE' : 'FALSE';
  if (r === undefined) return { sql: fallback, exact: false, requires: req };
  if (!r.exact) cx.note(ptr, `\`${c.fact}\` ${c.operator}: SQL cannot tell every case (null against undefined, a lookup it approximates, or a floating-point sum near the threshold)`);
  return { sql: r.nullable ? `COALESCE(${r.sql}, ${fallback})` : r.sql, exact: r.exact, requires: req };
}

/** A leaf: SQL where NULL means "cannot tell", or undefined when SQL cannot decide it at all. */
export function leaf(cx: CompileContext, c: LeafCondition, scope: Scope, over: boolean, ptr: string, requires: string[] = []): { sql: string; exact: boolean; nullable: boolean } | undefined {
  const opName = c.operator;
  const builtin = BUILTIN_OPERATORS[opName];
  const ops = cx.opts.operators;
  if (!builtin || (ops && ops[opName] && ops[opName].fn !== builtin.fn)) {
    cx.note(ptr, `the plug-in operator \`${opName}\``);
    return undefined;
  }
  const fact = expr(cx, factSource(c.fact, c.path), scope, ptr);
  if (fact.k === 'unk') return undefined;
  const value = valueSide(cx, c, builtin, scope, ptr);
  // A strict operator is false of an undefined fact: the first match the fact reads must exist.
  const joined = fact.k === 'sc' ? /^(j\d+)\."(?:[^"]|"")+"$/.exec(fact.sql)?.[1] : undefined;
  if (joined && STRICT.has(opName) && (opName !== 'equal' || (value.k === 'sc' && (value.nul === 'none' || value.nul === 'null')) || value.k === 'lst')) requires.push(joined);
  if (value.k === 'unk') {
    cx.note(ptr, value.why);
    return undefined;
  }
  const r = operator(cx, opName, fact, value, over);
  if (r === undefined) cx.note(ptr, `\`${opName}\` over these values`);
  return r;
}

export function valueSide(cx: CompileContext, c: LeafCondition, def: OperatorDef, scope: Scope, ptr: string): Value {
  const v = c.value;
  if (v === undefined) return constant(cx, undefined);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (c.operator === 'matches') {
      // Patterns from data or expressions may be any regular expression (RE2 in process, the server's dialect here): only a
      // parameter's pattern, checked like a literal one, is translated.
      if (!('param' in v)) return unk('a regular expression that is not a literal or a parameter');
      return matchesPattern(cx, cx.plan.params[v.param]);
    }
    if ('fact' in v) {
      const g = expr(cx, factSource(v.fact, v.path), scope, ptr);
      if (v.fn) return g.k === 'unk' ? g : applyFn(cx, v.fn, g);
      return g;
    }
    if ('param' in v) return constant(cx, cx.plan.params[v.param]);
    return expr(cx, v.expr, scope, ptr);
  }
  if (def.value === 'money') {
    const r = parseMoney(v);
    return constant(cx, r.ok ? r.value : undefined);
  }
  if (def.value === 'date' && typeof v === 'string') {
    const r = parseDate(v);
    return constant(cx, r.ok ? r.value : undefined);
  }
  if (c.operator === 'matches') return matchesPattern(cx, v);
  return constant(cx, v);
}

/** A `matches` pattern: only those whose meaning is the same in RE2 and POSIX: literals, \\d, anchors, {n,m}. */
export function matchesPattern(cx: CompileContext, v: unknown): Value {
  if (typeof v !== 'string' || !/^(?:[\^$A-Za-z0-9_ :,{}-]|\\d)*$/.test(v) || /\{(?!\d+(,\d*)?\})/.test(v)) return unk('a regular expression outside the simple subset');
  return text(cx.d.literal(v.replaceAll('\\d', '[0-9]')), 'none');
}

export function operator(cx: CompileContext, op: string, a: Value, b: Value, over: boolean): { sql: string; exact: boolean; nullable: boolean } | undefined {
  const sc = (v: Value): v is Scalar => v.k === 'sc';
  if ((sc(a) && a.upper) || (sc(b) && b.upper)) {
    // An upper bound decides only "at least" tests, and only towards more candidates.
    const up = ['greaterThan', 'greaterThanInclusive', 'moneyGreaterThan', 'moneyGreaterThanInclusive'].includes(op);
    if (!over || !up || !sc(a) || !sc(b) || !a.upper || b.upper || b.err || b.t !== 'num' || b.nul !== 'none') return undefined;
    return { sql: compare(cx, a, op.endsWith('Inclusive') ? '>=' : '>', b)!, exact: false, nullable: false };
  }
  if ((sc(a) && a.err) || (sc(b) && b.err)) return sc(a) && sc(b) ? roughCompare(cx, op, a, b) : undefined;
  switch (op) {
    case 'equal':
    case 'notEqual': {
      if (!sc(a) || !sc(b)) return undefined;
      const e = equal(cx, a, b);
      if (!e) return undefined;
      return { sql: op === 'equal' ? e.sql : `(NOT ${e.sql})`, exact: e.exact, nullable: !e.exact };
    }
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive': {
      if (!sc(a) || !sc(b)) return undefined;
      const cmp: SqlComparison = op === 'lessThan' ? '<' : op === 'lessThanInclusive' ? '<=' : op === 'greaterThan' ? '>' : '>=';
      if (a.t === 'null') return { sql: 'FALSE', exact: true, nullable: false };
      if (a.t !== 'num' || (b.t !== 'num' && b.t !== 'null')) return undefined;
      // b null compares as 0 (JS `5 > null`), b undefined as NaN (false).
      const zero = num('0', 'none', true);
      const bNull = b.nul === 'none' ? undefined : b.nul === 'undef' ? 'FALSE' : b.nul === 'null' ? compare(cx, a, cmp, zero)! : b.present ? `(CASE WHEN ${b.present} THEN ${compare(cx, a, cmp, zero)!} ELSE FALSE END)` : 'NULL';
      const main = b.t === 'num' ? compare(cx, a, cmp, b)! : 'FALSE';
      const sql = a.nul === 'none' && !bNull ? main : `(CASE WHEN ${a.sql} IS NULL THEN FALSE${bNull ? ` WHEN ${b.sql} IS NULL THEN ${bNull}` : ''} ELSE ${main} END)`;
      return { sql, exact: bNull !== 'NULL', nullable: bNull === 'NULL' };
    }
    case 'dateBefore':
    case 'dateOnOrBefore':
    case 'dateAfter':
    case 'dateOnOrAfter':
    case 'moneyEqual':
    case 'moneyGreaterThan':
    case 'moneyGreaterThanInclusive':
    case 'moneyLessThan':
    case 'moneyLessThanInclusive': {
      if (!sc(a) || !sc(b)) return undefined;
      const isDate = op.startsWith('date');
      const want: SqlType = isDate ? 'text' : 'num';
      if (a.t !== want || b.t !== want) return { sql: 'FALSE', exact: true, nullable: false };
      const cmp: SqlComparison = ({ dateBefore: '<', dateOnOrBefore: '<=', dateAfter: '>', dateOnOrAfter: '>=', moneyEqual: '=', moneyGreaterThan: '>', moneyGreaterThanInclusive: '>=', moneyLessThan: '<', moneyLessThanInclusive: '<=' } as const)[op];
      const sql = compare(cx, a, cmp, b)!;
      return { sql: isNullable(a) || isNullable(b) ? `COALESCE(${sql}, FALSE)` : sql, exact: true, nullable: false };
    }
    case 'between': {
      if (!sc(a) || b.k !== 'lst' || b.items.length !== 2) return b.k === 'lst' || (sc(b) && b.nul !== 'mixed') ? { sql: 'FALSE', exact: true, nullable: false } : undefined;
      const [lo, hi] = b.items;
      if (!lo || !hi || lo.k !== 'sc' || hi.k !== 'sc') return undefined;
      const x = compare(cx, a, '>=', lo);
      const y = compare(cx, a, '<=', hi);
      if (!x || !y) return { sql: 'FALSE', exact: true, nullable: false };
      return { sql: `COALESCE(${x} AND ${y}, FALSE)`, exact: true, nullable: false };
    }
    case 'in':
    case 'notIn': {
      // A value that is not a list (one value, null, nothing): json-rules-engine's `indexOf` of a
      // text is a substring search, of anything else an error; left to the finish.
      if (sc(b)) return undefined;
      if (b.k === 'relf') return fieldMember(cx, op === 'in', a, b, over);
      const m = member(cx, a, b, op === 'in' ? over : !over);
      if (!m) return undefined;
      return { sql: op === 'in' ? m.sql : `(NOT ${m.sql})`, exact: m.exact, nullable: !m.exact };
    }
    case 'empty':
    case 'notEmpty': {
      const pos = op === 'notEmpty';
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
    }
    case 'matches': {
      if (!sc(a) || !sc(b) || b.t !== 'text') return undefined;
      if (a.t !== 'text') return { sql: 'FALSE', exact: true, nullable: false };
      return { sql: `COALESCE(${cx.d.matches(a.sql, b.sql)}, FALSE)`, exact: true, nullable: false };
    }
    case 'startsWith': {
      if (!sc(a) || !sc(b)) return undefined;
      if (a.t !== 'text' || b.t !== 'text') return { sql: 'FALSE', exact: true, nullable: false };
      return { sql: `COALESCE(starts_with(${a.sql}, ${b.sql}), FALSE)`, exact: true, nullable: false };
    }
    default:
      return undefined;
  }
}

/**
 * A numeric comparison where a side is a floating-point sum SQL adds up in another order: the
 * sums may differ from JS's in their last bits, so it is decided only where the difference
 * clears twice the error bound (then JS's exact comparison agrees), else NULL. Equality is
 * never decided TRUE (two sums SQL finds equal may differ in JS).
 */
export function roughCompare(cx: CompileContext, op: string, a: Scalar, b: Scalar): { sql: string; exact: boolean; nullable: boolean } | undefined {
  const cmp: Record<string, string> = { lessThan: '<', lessThanInclusive: '<=', greaterThan: '>', greaterThanInclusive: '>=', moneyLessThan: '<', moneyLessThanInclusive: '<=', moneyGreaterThan: '>', moneyGreaterThanInclusive: '>=', equal: '=', moneyEqual: '=', notEqual: '<>' };
  const c = cmp[op];
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
export function fieldMember(cx: CompileContext, isIn: boolean, a: Value, it: RelationField, over: boolean): { sql: string; exact: boolean; nullable: boolean } | undefined {
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
  const result = (sql: string): { sql: string; exact: boolean; nullable: boolean } => ({ sql, exact: false, nullable: false });
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
