/**
 * Records and relations: a record's fields, jsonata's truthiness of any value, and `EXISTS` /
 * `IN` over a relation's parts (a lookup's matches, a household, a list of keys).
 */
import { ROW_COLUMN } from '../sql-connection.js';
import type { Nul, RecordValue, Relation, RelationField, Scalar, Shape, SqlType, Value } from '../sql-values.js';
import { NUM_FIELDS, type CompileContext, type SqlCondition } from './context.js';
import { constant, equal, nullKind, num, text, unk, withPresent } from './scalars.js';

export function field(cx: CompileContext, rec: RecordValue, name: string): Value {
  if (rec.cols) return rec.cols[name] ?? (rec.ds.fields.some((x) => x.name === name) ? constant(cx, undefined) : unk(`\`${name}\` of a computed record`));
  const f = rec.ds.fields.find((x) => x.name === name);
  if (!f) return constant(cx, undefined);
  const t: SqlType = NUM_FIELDS.has(f.type) ? 'num' : 'text';
  const shape: Shape | undefined = f.type === 'date' ? 'date' : f.type === 'period' ? 'period' : undefined;
  if (rec.alias !== undefined) {
    const sql = `${rec.alias}.${cx.q(name)}`;
    // Any column may hold NULL: a county's own tables behind views are not validated like a load.
    const nul: Nul = 'null';
    return t === 'num' ? num(sql, nul, f.type !== 'decimal') : text(sql, nul, shape);
  }
  const rel = rec.one!;
  if (!rel.loadOrder) return unk(`a field of the first of a lookup probed by a list of keys (key order)`);
  if (rel.firstBy) {
    const cte = cx.first(rel.ds, rel.firstBy.map((k) => k.field), rel.orderBy);
    // Keyed by the subject's own columns: one LEFT JOIN in the subject's FROM, shared by every use.
    if (rel.firstBy.every((k) => /^s\."(?:[^"]|"")+"$/.test(k.sql))) {
      const j = cx.join(cte, rel.firstBy);
      const sql = `${j}.${cx.q(name)}`;
      return withPresent(`(${j}.${cx.q(rel.firstBy[0]!.field)} IS NOT NULL)`, t === 'num' ? num(sql, 'mixed', f.type !== 'decimal') : text(sql, 'mixed', shape));
    }
    const y = cx.alias();
    const from = `${cx.first(rel.ds, rel.firstBy.map((k) => k.field), rel.orderBy)} AS ${y} WHERE ${rel.firstBy.map((k) => `${y}.${cx.q(k.field)} = ${k.sql}`).join(' AND ')}`;
    const sql = `(SELECT ${y}.${cx.q(name)} FROM ${from})`;
    return withPresent(`EXISTS (SELECT 1 FROM ${from})`, t === 'num' ? num(sql, 'mixed', f.type !== 'decimal') : text(sql, 'mixed', shape));
  }
  const x = cx.alias();
  const b = rel.build(x, true);
  if (!b.exact) return unk('a field of a lookup whose match SQL cannot tell exactly');
  const order = [...rel.orderBy.map((o) => `${cx.orderTerm(rel.ds, x, o)} ASC NULLS LAST`), `${x}.${cx.q(ROW_COLUMN)} ASC`].join(', ');
  const sql = `(SELECT ${x}.${cx.q(name)} FROM ${b.from} WHERE ${b.where} ORDER BY ${order} LIMIT 1)`;
  return withPresent(`EXISTS (SELECT 1 FROM ${b.from} WHERE ${b.where})`, t === 'num' ? num(sql, 'mixed', f.type !== 'decimal') : text(sql, 'mixed', shape));
}

/** jsonata's truthiness, or undefined when SQL cannot tell exactly. */
export function truthy(cx: CompileContext, v: Value): string | undefined {
  switch (v.k) {
    case 'sc':
      if (v.err || v.upper) return undefined;
      if (v.t === 'null') return 'FALSE';
      if (v.t === 'bool') return `COALESCE(${v.sql}, FALSE)`;
      if (v.t === 'text') return `COALESCE(${v.sql} <> '', FALSE)`;
      return `COALESCE(${v.sql} <> 0, FALSE)`;
    case 'rec': {
      if (v.alias !== undefined) return 'TRUE';
      const e = exists(cx, v.one!, true);
      return e.exact ? e.sql : undefined;
    }
    case 'rel': {
      const e = exists(cx, v, true);
      return e.exact ? e.sql : undefined;
    }
    case 'relf': {
      const e = exists(cx, v.rel, true, (el) => {
        const t = truthy(cx, field(cx, el, v.field));
        return t === undefined ? undefined : { sql: t, exact: true };
      });
      return e.exact ? e.sql : undefined;
    }
    case 'group':
    case 'lst':
    case 'unk':
    default:
      return undefined;
  }
}

/** `EXISTS` over a relation (an OR over its parts), approximated in the direction asked. */
export function exists(cx: CompileContext, rel: Relation, over: boolean, extra?: (el: RecordValue) => SqlCondition | undefined): SqlCondition {
  const ors: string[] = [];
  let exact = true;
  for (const p of rel.parts(cx.alias(), over)) {
    let where = p.where;
    exact &&= p.exact;
    if (extra) {
      const e = extra(p.elem);
      if (!e) {
        exact = false;
        if (!over) continue;
      } else {
        where = `${where} AND ${e.exact ? e.sql : `COALESCE(${e.sql}, ${over ? 'TRUE' : 'FALSE'})`}`;
        exact &&= e.exact;
      }
    }
    ors.push(p.from ? semiJoined(p.from, where, cx.opts.hashedLookups === true, cx.d.name === 'postgres') : `(${where})`);
  }
  return { sql: ors.length === 0 ? 'FALSE' : ors.length === 1 ? ors[0]! : `(${ors.join(' OR ')})`, exact };
}

/** `col IN` the values of a relation's field (an OR over the relation's parts). */
export function inField(cx: CompileContext, col: string, t: SqlType, it: RelationField, over: boolean): { sql: string; exact: boolean } {
  const ors: string[] = [];
  let exact = true;
  for (const p of it.rel.parts(cx.alias(), over)) {
    exact &&= p.exact;
    const f = field(cx, p.elem, it.field);
    if (f.k !== 'sc' || f.t !== t) continue;
    ors.push(p.from ? `${col} IN (SELECT ${f.sql} FROM ${p.from} WHERE ${p.where})` : `(${col} = ${f.sql} AND ${p.where})`);
  }
  return { sql: ors.length === 0 ? 'FALSE' : ors.length === 1 ? ors[0]! : `(${ors.join(' OR ')})`, exact };
}

/**
 * `member(a, b)` of the `in` operator: `b` a list (of values or a relation's field) or one
 * value; null items of a list count (`null === null`), undefined ones are skipped.
 */
export function member(cx: CompileContext, a: Value, b: Value, over: boolean): SqlCondition | undefined {
  if (a.k !== 'sc') return undefined;
  const items: (Scalar | RelationField)[] = b.k === 'lst' ? [...b.items] : b.k === 'relf' ? [b] : [];
  if (b.k === 'sc') {
    if (b.t === 'null') return { sql: 'FALSE', exact: true };
    const e = equal(cx, a, { ...b, nul: 'undef' });
    return e && { sql: `(${b.sql} IS NOT NULL AND ${e.sql})`, exact: e.exact };
  }
  if (b.k !== 'lst' && b.k !== 'relf') return undefined;
  const parts: string[] = [];
  let exact = true;
  for (const it of items) {
    if (it.k === 'sc') {
      const e = equal(cx, a, it);
      if (!e) return undefined;
      // An undefined item is no item of the list (jsonata's `[…]` drops it): it matches nothing, not even an undefined fact.
      const kind = nullKind(it);
      if (it.nul !== 'none' && kind === undefined) return undefined;
      const present = kind === 'TRUE' ? undefined : kind === 'FALSE' ? `${it.sql} IS NOT NULL` : `(${it.sql} IS NOT NULL OR ${kind})`;
      parts.push(present ? `(${present} AND ${e.sql})` : e.sql);
      exact &&= e.exact;
      continue;
    }
    const e = exists(cx, it.rel, over, (el) => {
      const f = field(cx, el, it.field);
      return f.k === 'sc' ? equal(cx, a, f) : undefined;
    });
    parts.push(e.sql);
    exact &&= e.exact;
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : 'FALSE', exact };
}

/** A column of the subject or of a joined first match, or a literal. */
const PLAIN = /^(?:[sj]\d*\."(?:[^"]|"")+"|'(?:[^']|'')*'|-?\d+(?:\.\d+)?)$/;

/**
 * `EXISTS (SELECT 1 FROM t AS x WHERE x.f = s.g AND …)`, led by the plain semi-join
 * `s.g IN (SELECT f FROM t)` when the correlation is that one equality on the subject: the
 * `IN` is implied by the `EXISTS` (so the two together mean the same, nulls included), and it
 * lets the engine discard most subjects with a hash probe before the correlated part runs
 * (deceased-payee at county in DuckDB: about 1.1 s → 0.3 s).
 */
function semiJoined(from: string, where: string, hashed: boolean, postgres: boolean): string {
  const exists = `EXISTS (SELECT 1 FROM ${from} WHERE ${where})`;
  const t = /^("(?:[^"]|"")+") AS (x\d+)$/.exec(from);
  if (!t) return exists;
  const tuple = equalities(where, t[2]!);
  // EXISTS over `x.f = e AND …` is the tuple `IN`, FALSE where that is NULL (a null on either side matches nothing in both).
  if (hashed && tuple) return `COALESCE((${tuple.map(([, e]) => e).join(', ')}) IN (SELECT ${tuple.map(([f]) => f).join(', ')} FROM ${t[1]!}), FALSE)`;
  // PostgreSQL pulls a top-level EXISTS up into a semi-join. Correlated by an expression over
  // the subject and its joins (a period computed from the subject's and its fund's columns),
  // that join can hash on none of it: the planner misjudges the rows and checks the expression
  // on millions of pairs (skipped-period at county: 47 s). Kept a subplan (COALESCE of a value
  // never NULL), PostgreSQL picks per plan between hashing the lookup once and probing its index
  // per row, and only hashes what fits in work_mem.
  if (postgres && tuple?.some(([, e]) => !PLAIN.test(e))) return `COALESCE(${exists}, FALSE)`;
  const m = new RegExp(`^${t[2]!}\\.("(?:[^"]|"")+") = (s\\."(?:[^"]|"")+")(?: AND |$)`).exec(where);
  if (!m) return exists;
  return `(${m[2]!} IN (SELECT ${m[1]!} FROM ${t[1]!}) AND ${exists})`;
}

/**
 * `where` as `x.f = e AND …` with no `e` reading `x` (top-level conjuncts, parentheses and
 * quotes respected): the pairs `[x's column, e]`, or undefined.
 */
function equalities(where: string, alias: string): [string, string][] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < where.length; i++) {
    const ch = where[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && where.startsWith(' AND ', i)) {
      parts.push(where.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(where.slice(start));
  const out: [string, string][] = [];
  const eq = new RegExp(`^${alias}\\.("(?:[^"]|"")+") = ([^]+)$`);
  for (const p of parts) {
    const m = eq.exec(p);
    if (!m || m[2]!.includes(`${alias}.`)) return undefined;
    out.push([m[1]!, m[2]!]);
  }
  return out;
}
