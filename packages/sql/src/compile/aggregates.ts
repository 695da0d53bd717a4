/**
 * Aggregates: `count`, `sum`, `min`, … over a list lookup (a subquery per subject) or over a
 * group's rows (a column of the grouping query), and baselines over earlier periods' groups.
 * {@link SQL_AGGREGATES} has an entry for each built-in aggregate, keyed by
 * core's `AggregateOp`: an aggregate without its entry (its SQL form, or an explicit `null`)
 * does not compile, and `test/vocabulary.test.ts` holds the names against core's.
 */
import type { AggregateOp, AggregatePlan } from '@sunshine/core';
import type { RecordValue, Scalar, Value } from '../sql-values.js';
import type { CompileContext, GroupContext, Scope } from './context.js';
import { cond } from './conditions.js';
import { expr, resolve } from './expressions.js';
import { field } from './relations.js';
import { dbl, num, text, ULP2, unk } from './scalars.js';

/** What an aggregate folds: the elements' scalar `v` (none: the elements themselves), the `where` filter as SQL, `when` applying it to a term, and `wrap` (a subquery or a grouping column). */
export interface FoldInput {
  readonly v: Scalar | undefined;
  readonly filter: string | undefined;
  readonly when: (sql: string) => string;
  readonly wrap: (sql: string) => string;
}

/** An aggregate's SQL. */
export type AggregateSql = (cx: CompileContext, a: AggregatePlan, input: FoldInput) => Value;

/** `count`. */
const countSql: AggregateSql = (_cx, _a, { v, filter, when, wrap }) => {
  return num(wrap(`CAST(COUNT(${v ? when(v.sql) : filter ? when('1') : '*'}) AS BIGINT)`), 'none', true);
};

/** `countDistinct`. */
const countDistinctSql: AggregateSql = (_cx, _a, { v, when, wrap }) => {
  if (!v) return unk('`countDistinct` of records');
  if (v.t === 'bool' || v.t === 'null') return unk('`countDistinct` of booleans');
  return num(wrap(`CAST(COUNT(DISTINCT ${when(v.sql)}) AS BIGINT)`), 'none', true);
};

/** `sum`. */
const sumSql: AggregateSql = (cx, _a, { v, when, wrap }) => {
  if (!v || v.t !== 'num') return v && v.t !== 'null' ? num(wrap('0'), 'none', true) : unk('`sum` of this value');
  if (!v.int) {
    // Any two orders of adding n doubles differ by at most 2(n-1)u·Σ|x|.
    const x = dbl(cx, v);
    return { ...num(wrap(`COALESCE(SUM(${when(x)}), 0)`), 'none'), err: wrap(`(${ULP2} * COUNT(${when(x)}) * COALESCE(SUM(ABS(${when(x)})), 0))`) };
  }
  return num(wrap(`CAST(COALESCE(SUM(${when(v.sql)}), 0) AS BIGINT)`), 'none', true);
};

/** `min`, `max`. */
const minMaxSql: AggregateSql = (cx, a, { v, when, wrap }) => {
  if (!v || v.t === 'null' || v.t === 'bool') return unk(`\`${a.op}\` of this value`);
  const fn = a.op === 'min' ? 'MIN' : 'MAX';
  if (v.t === 'num') return num(wrap(`${fn}(${when(v.sql)})`), 'undef', v.int);
  return text(wrap(`${fn}(${cx.d.collate(when(v.sql))})`), 'undef', v.shape);
};

/** `benford`. */
const benfordSql: AggregateSql = (cx, _a, { v, when, wrap }) => {
  // First digits of whole non-zero numbers, the shares and their mean absolute deviation, in the JS order of operations.
  if (!v || v.t !== 'num' || !v.int) return unk('`benford` of values that are not whole numbers');
  const nz = (x: string): string => when(`CASE WHEN ${v.sql} <> 0 THEN ${x} END`);
  const n = `COUNT(${nz('1')})`;
  const digit = `substr(CAST(ABS(${v.sql}) AS ${cx.d.text}), 1, 1)`;
  const share = (d: number): string => `(CASE WHEN ${n} = 0 THEN CAST(0 AS ${cx.d.float}) ELSE CAST(COUNT(${nz(`CASE WHEN ${digit} = '${d}' THEN 1 END`)}) AS ${cx.d.float}) / CAST(${n} AS ${cx.d.float}) END)`;
  let sum = '';
  for (let d = 1; d <= 9; d++) {
    const term = `ABS(${share(d)} - CAST(${cx.d.literal(String(Math.log10(1 + 1 / d)))} AS ${cx.d.float}))`;
    sum = d === 1 ? term : `(${sum} + ${term})`;
  }
  const mad = `(CASE WHEN ${n} = 0 THEN CAST(0 AS ${cx.d.float}) ELSE ${sum} / 9 END)`;
  return { k: 'rec', ds: { name: 'benford', doc: '', fields: [] }, cols: { count: num(wrap(`CAST(${n} AS BIGINT)`), 'none', true), mad: num(wrap(mad), 'none') } };
};

/** `avg`. */
const avgSql: AggregateSql = (cx, _a, { v, when, wrap }) => {
  if (!v || v.t !== 'num' || !v.int) return unk('`avg` of decimals');
  return num(wrap(`(CAST(SUM(${when(v.sql)}) AS ${cx.d.float}) / NULLIF(COUNT(${when(v.sql)}), 0))`), 'undef');
};

/**
 * Every built-in aggregate's SQL form, or `null`: SQL does not fold it (the rule is then
 * finished in process for that aggregate, never guessed).
 */
export const SQL_AGGREGATES = {
  count: countSql,
  countDistinct: countDistinctSql,
  sum: sumSql,
  min: minMaxSql,
  max: minMaxSql,
  // The median of doubles in JS order: not reproduced in SQL.
  median: null,
  avg: avgSql,
  benford: benfordSql,
  // Not a fold: compiled by `baseline` over the grouping query's groups.
  baseline: null,
} satisfies Record<AggregateOp, AggregateSql | null>;

/** The SQL form of a built-in aggregate, or undefined (none, or not a built-in name). */
export function sqlAggregate(op: string): AggregateSql | undefined {
  return Object.hasOwn(SQL_AGGREGATES, op) ? (SQL_AGGREGATES[op as AggregateOp] ?? undefined) : undefined;
}

export function aggregate(cx: CompileContext, a: AggregatePlan, scope: Scope, ptr: string): Value {
  if (a.op === 'baseline') return baseline(cx, a, scope, ptr);
  if (!sqlAggregate(a.op)) return unk(`the aggregate \`${a.op}\``);
  const over = a.over!;
  if (over === 'rows') {
    const g = scope.group;
    if (!g || g.alias !== 'g0') return unk('an aggregate over `rows` here');
    if (g.window) {
      // A cluster's rows lie within the window after its first row: the positive parts of a
      // sum over that frame bound the cluster's sum from above.
      const field = a.field && !a.where && a.op === 'sum' && g.windowColumn && g.rowsExact ? cx.dataset(cx.plan.subject.dataset).fields.find((f) => f.name === a.field) : undefined;
      if (!field || (field.type !== 'money' && field.type !== 'integer')) return unk('an aggregate over the rows of a date window');
      const col = g.windowColumn!(`SUM(GREATEST(s.${cx.q(field.name)}, 0))`);
      return { ...num(`g0.${cx.q(g.column(`MAX(r.${cx.q(col)})`))}`, 'none'), upper: true };
    }
    if (!g.rowsExact) return unk("an aggregate over rows whose filter SQL cannot decide exactly");
    const names = new Map(scope.names);
    const el: RecordValue = { k: 'rec', ds: cx.dataset(cx.plan.subject.dataset), alias: 'r' };
    names.set('rows', { k: 'v', v: el });
    const inner: Scope = { names, group: { ...g, alias: 'r' }, flat: true };
    const mark = cx.residual.length;
    const f = fold(cx, a, el, inner, ptr, (sql) => sql);
    if (f.k === 'sc') return { ...f, sql: `g0.${cx.q(g.column(f.sql))}`, ...(f.err ? { err: `g0.${cx.q(g.column(f.err))}` } : {}) };
    if (f.k === 'rec' && f.cols) {
      const cols: Record<string, Scalar> = {};
      for (const [k, v] of Object.entries(f.cols)) cols[k] = { ...v, sql: `g0.${cx.q(g.column(v.sql))}` };
      return { ...f, cols };
    }
    // Not computable in the grouping pass (it reads lookups): a subquery over the group's rows.
    cx.rollback(mark);
  }
  const src = over === 'rows' ? scope.names.get('rows')?.k === 'v' ? (scope.names.get('rows') as { v: Value }).v : unk('`rows` here') : resolve(cx, over, scope);
  if (src.k === 'unk') return src;
  if (src.k !== 'rel') return unk(`an aggregate over \`${over}\`, which is not a list lookup`);
  const x = cx.alias();
  const b = src.build(x, true);
  if (!b.exact) return unk(`an aggregate over \`${over}\`, which SQL cannot build exactly`);
  const el: RecordValue = { k: 'rec', ds: src.ds, alias: x };
  const names = new Map(scope.names);
  names.set(over, { k: 'v', v: el });
  return fold(cx, a, el, { ...scope, names }, ptr, (sql) => cx.perSubject(`(SELECT ${sql} FROM ${b.from} WHERE ${b.where})`));
}

/**
 * A baseline: the median (or mean) of the `of` aggregate over the same partition's groups of
 * the `months` periods before, null under `minPeriods` — over the grouping query's groups.
 */
export function baseline(cx: CompileContext, a: AggregatePlan, scope: Scope, ptr: string): Value {
  const g = scope.group;
  if (!g || g.alias !== 'g0' || g.window || !g.rowsExact) return unk('a baseline here');
  const of = cx.plan.aggregates.find((x) => x.name === a.of);
  if (!of) return unk('a baseline of an unknown aggregate');
  const v = aggregate(cx, of, scope, `${ptr}/of`);
  const col = v.k === 'sc' && v.t === 'num' && v.int ? /^g0\.("(?:[^"]|"")+")$/.exec(v.sql)?.[1] : undefined;
  if (!col) return unk('a baseline of an aggregate that is not a whole number of the group');
  const idx = (name: string): number => g.keys.findIndex((k) => k.name === name);
  const part = (a.partition ?? []).map(idx);
  const per = idx(a.period!);
  const pidx = periodIndex(cx, g, per);
  if (pidx === undefined || part.some((i) => i < 0)) return unk('a baseline whose period is not a period key');
  let b = cx.baselines.get(a.name);
  if (!b) {
    b = `b${cx.baselines.size + 1}`;
    cx.baselines.set(a.name, b);
    const kq = (al: string, i: number): string => `${al}.${cx.q(`_k${i}`)}`;
    const keys = g.keys.map((_, i) => kq('g0', i));
    // The mean as JS takes it: the (exact, whole) sum divided once by the count.
    const stat = (a.stat ?? 'median') === 'median' ? cx.d.median(`h.${col}`) : `(CAST(SUM(h.${col}) AS ${cx.d.float}) / NULLIF(COUNT(h.${col}), 0))`;
    const on = [...part.map((i) => `${kq('h', i)} = ${kq('g0', i)}`), ...earlier(cx, 'h', 'g0', per, pidx, a.months ?? 6)];
    const cte = `_baseline_${b}`;
    cx.groupCtes.push(`${cx.q(cte)} AS (SELECT ${keys.join(', ')}, COUNT(h.${col}) AS ${cx.q('n')}, ${stat} AS ${cx.q('m')} FROM ${cx.q('_groups')} AS g0 LEFT JOIN ${cx.q('_groups')} AS h ON ${on.join(' AND ')} GROUP BY ${keys.join(', ')})`);
    cx.chosenJoins.push(`LEFT JOIN ${cx.q(cte)} AS ${b} ON ${g.keys.map((_, i) => `${kq(b!, i)} = ${kq('g0', i)}`).join(' AND ')}`);
  }
  const n = `${b}.${cx.q('n')}`;
  const value = `(CASE WHEN ${n} >= ${a.minPeriods ?? 1} THEN ${b}.${cx.q('m')} END)`;
  return { k: 'rec', ds: { name: 'baseline', doc: '', fields: [] }, cols: { value: num(value, 'null'), periods: num(`COALESCE(${n}, 0)`, 'none', true) } };
}

/** The grouping query's column holding a period key's month number (`YYYY` counts as month 0), or undefined when the key is no period. */
export function periodIndex(cx: CompileContext, g: GroupContext, per: number): string | undefined {
  const k = g.keys[per];
  if (!k || k.t !== 'text' || k.shape !== 'period') return undefined;
  const p = cx.q(`_k${per}`);
  return g.column(`(CAST(substr(${p}, 1, 4) AS BIGINT) * 12 + (CASE WHEN length(${p}) >= 7 THEN CAST(substr(${p}, 6, 2) AS BIGINT) ELSE 0 END) - 1)`);
}

/**
 * Conditions that group `h` is of one of the `months` periods before group `g`'s: exactly the
 * periods `addMonths(P, -k)` (always `YYYY-MM`), as month numbers.
 */
export function earlier(cx: CompileContext, h: string, g: string, per: number, pidx: string, months: number): string[] {
  const p = cx.q(pidx);
  return [`length(${h}.${cx.q(`_k${per}`)}) = 7`, `${h}.${p} BETWEEN ${g}.${p} - ${months} AND ${g}.${p} - 1`];
}

/** The aggregate function over elements bound to `el`, wrapped by `wrap` (a subquery or a grouping column). */
export function fold(cx: CompileContext, a: AggregatePlan, el: RecordValue, scope: Scope, ptr: string, wrap: (sql: string) => string): Value {
  let filter: string | undefined;
  if (a.where) {
    const w = cond(cx, a.where, scope, true, `${ptr}/where`);
    if (!w.exact) return unk("an aggregate whose `where` SQL cannot decide exactly");
    filter = w.sql;
  }
  let v: Value | undefined;
  if (a.field) v = field(cx, el, a.field);
  else if (a.value) v = expr(cx, a.value, { ...scope, input: el }, `${ptr}/value`);
  if (v?.k === 'unk') return v;
  if (v !== undefined && v.k !== 'sc') return unk('an aggregate of a value that is not a scalar');
  if (v?.err || v?.upper) return unk('an aggregate of a floating-point sum or a bound');
  const when = (x: string): string => (filter ? `CASE WHEN ${filter} THEN ${x} END` : x);
  const sql = sqlAggregate(a.op);
  return sql ? sql(cx, a, { v, filter, when, wrap }) : unk(`the aggregate \`${a.op}\``);
}
