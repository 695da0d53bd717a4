/**
 * The aggregates vocabulary, one typed table: each built-in aggregate's doc, the type of its
 * result, whether it needs `field` or `value`, and its implementation. The rule schema lists
 * the names, the planner checks and types aggregates by it, and the executor compiles them
 * from it; the table is keyed by {@link AggregateOps}, so a name without all of its parts (or
 * parts without a name) does not compile.
 */
import type { ValueType } from '../plan/rule-plan.js';
import { addMonths } from '../schema/values.js';
import { median } from './functions.js';

/** The built-in aggregates' names (`op`). */
export const AggregateOps = ['count', 'countDistinct', 'sum', 'min', 'max', 'median', 'avg', 'benford', 'baseline'] as const;
export type AggregateOp = (typeof AggregateOps)[number];

/** A plug-in aggregate: folds the elements' values into one value. */
export interface AggregateImpl {
  (values: readonly unknown[], elements: readonly unknown[]): unknown;
}

/** What a fold gets when a rule is compiled: its elements in a context `C`, and their values. */
export interface FoldInput<C> {
  /** The elements: the `over` list (a lookup, or a group's rows), filtered by `where`. */
  readonly elements: (ctx: C) => readonly unknown[];
  /** An element's value: its `field`, its `value` expression, or the element itself. */
  readonly valueOf: (element: unknown) => unknown;
  /** Whether `field` or `value` is given. */
  readonly hasValue: boolean;
}

/** What a baseline gets when a rule is compiled (see the `baseline` entry). */
export interface BaselineInput<C> {
  /** The current group's partition's series: period (YYYY-MM) → the `of` aggregate's value. */
  readonly series: (ctx: C) => ReadonlyMap<string, unknown> | undefined;
  /** The current group's period. */
  readonly period: (ctx: C) => string;
  readonly months: number;
  readonly minPeriods: number;
  readonly stat: 'median' | 'mean';
}

interface AggregateDefBase {
  /** One line for the docs: what the result is. */
  readonly doc: string;
  /** The result's type, given the type of the elements' values (`unknown` when not known). */
  readonly result: (valueType: ValueType) => ValueType;
}

/** An aggregate that folds the elements of `over`. */
export interface FoldAggregateDef extends AggregateDefBase {
  readonly kind: 'fold';
  /** Whether `field` or `value` must be given. */
  readonly needsValue: boolean;
  /** The implementation: the aggregate's value in the rule context (each returns its own closure, kept monomorphic). */
  readonly compile: <C>(input: FoldInput<C>) => (ctx: C) => unknown;
}

/** An aggregate that compares a group with the same partition's groups of earlier periods. */
export interface BaselineAggregateDef extends AggregateDefBase {
  readonly kind: 'baseline';
  readonly compile: <C>(input: BaselineInput<C>) => (ctx: C) => unknown;
}

export type AggregateDef = FoldAggregateDef | BaselineAggregateDef;

const isNumber = (v: unknown): v is number => typeof v === 'number';
const present = (v: unknown): boolean => v !== null && v !== undefined;
/** Averages and medians of money are money; of anything else, numbers. */
const moneyOrNumber = (t: ValueType): ValueType => (t === 'money' ? 'money' : 'number');

/**
 * `min` and `max`: the element values' extreme by JavaScript's `<` / `>` (numbers, money, or
 * ISO dates as strings), skipping missing ones; missing for none. One pass, no array made per
 * group.
 */
function extreme(better: (v: number, best: number) => boolean) {
  return <C>({ elements, valueOf }: FoldInput<C>) =>
    (ctx: C): unknown => {
      let best: unknown;
      for (const e of elements(ctx)) {
        const v = valueOf(e);
        if (v === null || v === undefined) continue;
        if (best === undefined || better(v as number, best as number)) best = v;
      }
      return best;
    };
}

const BENFORD = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => Math.log10(1 + 1 / d));

/** First-digit distribution against Benford's law: mean absolute deviation of the shares. */
export function benford(values: readonly unknown[]): { mad: number; count: number; shares: number[] } {
  const counts = new Array<number>(9).fill(0);
  let n = 0;
  for (const v of values) {
    if (typeof v !== 'number' || v === 0 || !Number.isFinite(v)) continue;
    let x = Math.abs(v);
    while (x >= 10) x = Math.floor(x / 10);
    while (x < 1) x *= 10;
    const d = Math.floor(x);
    counts[d - 1]!++;
    n++;
  }
  const shares = counts.map((c) => (n ? c / n : 0));
  const mad = n ? shares.reduce((s, sh, i) => s + Math.abs(sh - BENFORD[i]!), 0) / 9 : 0;
  return { mad, count: n, shares };
}

/** The built-in aggregates. */
export const BUILTIN_AGGREGATES: { readonly [K in AggregateOp]: AggregateDef } = {
  count: {
    kind: 'fold',
    doc: 'number of elements (of non-null values when `field`/`value` is given)',
    needsValue: false,
    result: () => 'integer',
    compile: ({ elements, valueOf, hasValue }) =>
      hasValue ? (ctx) => elements(ctx).map(valueOf).filter(present).length : (ctx) => elements(ctx).length,
  },
  countDistinct: {
    kind: 'fold',
    doc: 'number of distinct non-null values',
    needsValue: false,
    result: () => 'integer',
    compile: ({ elements, valueOf }) => (ctx) => {
      const elems = elements(ctx);
      // Most groups are tiny (one account, one or two payees): no Set for those.
      if (elems.length <= 8) {
        const few: unknown[] = [];
        for (const e of elems) {
          const v = valueOf(e);
          if (v !== null && v !== undefined && !few.includes(v)) few.push(v);
        }
        return few.length;
      }
      const seen = new Set<unknown>();
      for (const e of elems) {
        const v = valueOf(e);
        if (v !== null && v !== undefined) seen.add(v);
      }
      return seen.size;
    },
  },
  sum: {
    kind: 'fold',
    doc: 'sum (0 for none); money stays in fen',
    needsValue: true,
    result: (t) => t,
    compile: ({ elements, valueOf }) => (ctx) => {
      let s = 0;
      for (const e of elements(ctx)) {
        const v = valueOf(e);
        if (typeof v === 'number') s += v;
      }
      return s;
    },
  },
  min: {
    kind: 'fold',
    doc: 'smallest (missing for none)',
    needsValue: true,
    result: (t) => t,
    compile: extreme((v, best) => v < best),
  },
  max: {
    kind: 'fold',
    doc: 'largest (missing for none)',
    needsValue: true,
    result: (t) => t,
    compile: extreme((v, best) => v > best),
  },
  median: {
    kind: 'fold',
    doc: 'median; of an even count the mean of the middle two',
    needsValue: true,
    result: moneyOrNumber,
    compile: ({ elements, valueOf }) => (ctx) => median(elements(ctx).map(valueOf).filter(isNumber)),
  },
  avg: {
    kind: 'fold',
    doc: 'mean',
    needsValue: true,
    result: moneyOrNumber,
    compile: ({ elements, valueOf }) => (ctx) => {
      const n = elements(ctx).map(valueOf).filter(isNumber);
      return n.length ? n.reduce((x, y) => x + y, 0) / n.length : undefined;
    },
  },
  benford: {
    kind: 'fold',
    doc: "`{ mad, count, shares }`: first-digit shares and their mean absolute deviation from Benford's law",
    needsValue: true,
    result: () => 'record',
    compile: ({ elements, valueOf }) => (ctx) => benford(elements(ctx).map(valueOf)),
  },
  baseline: {
    kind: 'baseline',
    doc: 'for grouped subjects whose key `period` holds a month: `{ value, periods, months, values }` — the median (or `"stat": "mean"`) of aggregate `of` over the groups with the same `partition` keys in the `months` months before this one that exist; `value` is `null` when fewer than `minPeriods`',
    result: () => 'record',
    compile: ({ series: seriesOf, period, months, minPeriods, stat }) => (ctx) => {
      const series = seriesOf(ctx);
      const P = period(ctx);
      const values: number[] = [];
      const periods: string[] = [];
      for (let k = months; k >= 1; k--) {
        const p = addMonths(P, -k);
        const v = series?.get(p);
        if (typeof v === 'number') {
          values.push(v);
          periods.push(p);
        }
      }
      const value = values.length < minPeriods ? null : stat === 'median' ? median(values)! : values.reduce((x, y) => x + y, 0) / values.length;
      return { value, periods: values.length, months: periods, values };
    },
  },
};

/** The built-in aggregate named `op`, if there is one (plug-ins' aggregates are not in this table). */
export function builtinAggregate(op: string): AggregateDef | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTIN_AGGREGATES, op) ? BUILTIN_AGGREGATES[op as AggregateOp] : undefined;
}
