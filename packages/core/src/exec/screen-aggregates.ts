/**
 * Incremental aggregates for screening a grouped rule: the aggregates over a group's `rows`
 * with one new record added, computed from the group's state (count, sum, extreme, distinct
 * values, …) plus that record instead of folding the whole group again. A big group's state is
 * computed once (when screening is prepared, or by the first screening that reaches it) and
 * kept; a small group is folded directly, without copying it.
 *
 * Exact: the result is what the aggregate's own fold over the group followed by the record
 * gives (sums are added in the same order). Only aggregates over `rows` with op `count`,
 * `countDistinct`, `sum`, `min`, `max` or `avg` are incremental, and only when their `where`
 * reads nothing that depends on the group's rows (`group.size`, another aggregate over rows, a
 * lookup keyed by `rows.…`) — what it reads is then the same for the group with or without the
 * record. `median`, `benford`, plug-in aggregates and aggregates over a lookup fall back to the
 * aggregate's own (exact) computation; a baseline (which reads the group's keys alone) is
 * computed once per group.
 */
import { parseExpression, rootNames, stepReader } from '../dsl/expression.js';
import type { Condition } from '../dsl/rule-schema.js';
import type { AggregatePlan, RulePlan } from '../plan/rule-plan.js';
import { factSource } from './compile-condition.js';
import type { Rec } from './data-runtime.js';
import type { Ctx, Fn, Test } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';

/** The ops folded incrementally. */
export const INCREMENTAL_OPS: readonly string[] = ['count', 'countDistinct', 'sum', 'min', 'max', 'avg'];

/**
 * Groups smaller than this are folded directly (one to three members cost what finding a kept
 * state does); bigger ones keep their state, computed when screening is prepared.
 */
export const STATE_MIN = 4;

/** A group's state: what the fold over its members has seen so far. */
interface State {
  /** count: elements (or present values); avg: numbers. */
  n: number;
  /** sum and avg: the running sum. */
  s: number;
  /** min and max: the extreme so far. */
  best: unknown;
  /** countDistinct: the distinct present values. */
  seen: Set<unknown> | undefined;
}

/** Screening's incremental aggregates of one grouped rule. */
export interface ScreenAggregates {
  /** The aggregates' names that are incremental (the others use their own computation). */
  readonly incremental: readonly string[];
  /** Wraps aggregate `a`'s computer: while screening, it reads the group's state plus the record. */
  wrap(a: AggregatePlan, base: Fn): Fn;
  /** Screening `rows` (the group's members, then the new record, last) begins / ends. */
  begin(rows: readonly Rec[]): void;
  end(): void;
  /** Computes and keeps the state of the current group (`ctx.rows`) when it is big enough. */
  prime(ctx: Ctx): void;
}

/** Whether the expression text reads `group` other than by one of its key names. */
function readsGroupBeyondKeys(src: string, keys: ReadonlySet<string>): boolean {
  const all = src.match(/(?<![\w$.])group\b(\.\w+)?/g) ?? [];
  return all.some((m) => !m.startsWith('group.') || !keys.has(m.slice(6)));
}

/** The expressions a condition reads: each leaf's fact (with its path) and its value's reference or expression. */
function conditionSources(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionSources);
  if ('any' in c) return c.any.flatMap(conditionSources);
  if ('not' in c) return conditionSources(c.not);
  const out = [factSource(c.fact, c.path)];
  const v = c.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if ('fact' in v) out.push(factSource(v.fact, v.path));
    else if ('expr' in v) out.push(v.expr);
  }
  // An operator's own parameters are literals; read as text, conservatively.
  if (c.params !== undefined) out.push(JSON.stringify(c.params));
  return out;
}

/**
 * Whether names of the plan's context depend on the group's rows (so change when a record
 * joins): aggregates over `rows`, and whatever reads `rows`, `group` beyond its key names
 * (`group.size`), `$$`, or such a name. `self` is the name a `where` binds to its candidate.
 */
export function rowDependence(plan: RulePlan): {
  depends: (name: string) => boolean;
  conditionDepends: (c: Condition, self: string | undefined) => boolean;
} {
  const keys = new Set(plan.subject.groupBy.map((g) => g.name));
  keys.delete('size');
  const memo = new Map<string, boolean>();
  const exprDepends = (src: string, self: string | undefined): boolean => {
    if (src.includes('$$') || readsGroupBeyondKeys(src, keys)) return true;
    let roots: string[];
    try {
      roots = rootNames(parseExpression(src));
    } catch {
      return true;
    }
    return roots.some((r) => r !== self && (r === 'rows' || depends(r)));
  };
  const conditionDepends = (c: Condition, self: string | undefined): boolean => conditionSources(c).some((src) => exprDepends(src, self));
  const depends = (name: string): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, true); // a cycle counts as dependent
    let d = false;
    const l = plan.lookups.find((x) => x.name === name);
    const a = plan.aggregates.find((x) => x.name === name);
    const f = plan.facts.find((x) => x.name === name);
    if (l) {
      d = (l.kind === 'household' ? exprDepends(l.householdOf!, undefined) : l.on.some((o) => exprDepends(o.expr, undefined))) || (l.where !== undefined && conditionDepends(l.where, l.name));
    } else if (a) {
      d = a.op === 'baseline' || a.over === 'rows' || a.over === undefined || depends(a.over) || (a.where !== undefined && conditionDepends(a.where, a.over)) || (a.value !== undefined && exprDepends(a.value, undefined));
    } else if (f) {
      d = exprDepends(f.expr, undefined);
    }
    // Anything else (`subject`, `row`, `$params`, `window_start`) does not change with the rows.
    memo.set(name, d);
    return d;
  };
  return { depends, conditionDepends };
}

/** The names of the plan's aggregates that screening folds incrementally (none for date windows). */
export function incrementalAggregates(plan: RulePlan): string[] {
  if (!plan.subject.grouped || plan.subject.window) return [];
  const { conditionDepends } = rowDependence(plan);
  // An aggregate's `where` over rows binds `rows` to the element: that `rows` is allowed.
  return plan.aggregates.filter((a) => a.over === 'rows' && INCREMENTAL_OPS.includes(a.op) && (a.where === undefined || !conditionDepends(a.where, 'rows'))).map((a) => a.name);
}

/** Compiles the incremental aggregates of the grouped plan of `cc`. */
export function createScreenAggregates(cc: RuleCompilation): ScreenAggregates {
  const plan = cc.plan;
  const incremental = incrementalAggregates(plan);

  let screening: readonly Rec[] | undefined;
  const primers: ((ctx: Ctx) => void)[] = [];

  const wrap = (a: AggregatePlan, base: Fn): Fn => {
    if (a.op === 'baseline' && !plan.subject.window) {
      // A baseline reads the group's keys alone (its partition's earlier periods): the same for
      // every record that joins an existing group, so it is computed once per group.
      const kept = new WeakMap<Rec, unknown>();
      return (ctx) => {
        const rows = screening;
        if (rows === undefined || ctx.rows !== rows || rows.length < 2) return base(ctx);
        const k = rows[0]!;
        if (kept.has(k)) return kept.get(k);
        const v = base(ctx);
        kept.set(k, v);
        return v;
      };
    }
    if (!incremental.includes(a.name)) return base;
    const where: Test | undefined = a.where ? cc.cond(a.where).test : undefined;
    const valueExpr = a.value ? cc.exprOn(a.value) : undefined;
    const env = cc.env;
    const valueOf: (e: unknown) => unknown = a.field ? stepReader(a.field) : valueExpr ? (e) => valueExpr(e, env) : (e) => e;
    const hasValue = a.field !== undefined || valueExpr !== undefined;
    const op = a.op;
    const states = new WeakMap<Rec, State>();

    /** Whether element `e` passes the `where` (`rows` bound to it, as the fold's filter does). */
    const passes = (ctx: Ctx, e: Rec): boolean => {
      if (!where) return true;
      const saved = ctx.rows;
      ctx.rows = e as unknown as readonly Rec[];
      try {
        return where(ctx);
      } finally {
        ctx.rows = saved;
      }
    };
    const add = (st: State, v: unknown): void => {
      switch (op) {
        case 'count':
          if (!hasValue || (v !== null && v !== undefined)) st.n++;
          return;
        case 'countDistinct':
          if (v !== null && v !== undefined) (st.seen ??= new Set()).add(v);
          return;
        case 'sum':
          if (typeof v === 'number') st.s += v;
          return;
        case 'avg':
          if (typeof v === 'number') {
            st.s += v;
            st.n++;
          }
          return;
        case 'min':
          if (v !== null && v !== undefined && (st.best === undefined || (v as number) < (st.best as number))) st.best = v;
          return;
        case 'max':
          if (v !== null && v !== undefined && (st.best === undefined || (v as number) > (st.best as number))) st.best = v;
          return;
      }
    };
    /** The state of the first `n` of `rows`: a new one to keep, or the reused scratch one. */
    const scratch: State = { n: 0, s: 0, best: undefined, seen: undefined };
    const fold = (ctx: Ctx, rows: readonly Rec[], n: number, keep: boolean): State => {
      let st: State;
      if (keep) st = { n: 0, s: 0, best: undefined, seen: undefined };
      else {
        st = scratch;
        st.n = 0;
        st.s = 0;
        st.best = undefined;
        st.seen?.clear();
      }
      for (let i = 0; i < n; i++) {
        const e = rows[i]!;
        if (passes(ctx, e)) add(st, valueOf(e));
      }
      return st;
    };
    primers.push((ctx) => {
      const rows = ctx.rows!;
      if (rows.length >= STATE_MIN && !states.has(rows[0]!)) states.set(rows[0]!, fold(ctx, rows, rows.length, true));
    });

    return (ctx) => {
      const rows = screening;
      if (rows === undefined || ctx.rows !== rows) return base(ctx);
      const n = rows.length - 1;
      const record = rows[n]!;
      let st: State;
      if (n >= STATE_MIN) {
        const kept = states.get(rows[0]!);
        if (kept) st = kept;
        else states.set(rows[0]!, (st = fold(ctx, rows, n, true)));
      } else st = fold(ctx, rows, n, false);
      const inRecord = passes(ctx, record);
      const v = inRecord ? valueOf(record) : undefined;
      switch (op) {
        case 'count':
          return st.n + (inRecord && (!hasValue || (v !== null && v !== undefined)) ? 1 : 0);
        case 'countDistinct': {
          const size = st.seen?.size ?? 0;
          return size + (v !== null && v !== undefined && !(st.seen?.has(v) ?? false) ? 1 : 0);
        }
        case 'sum':
          return typeof v === 'number' ? st.s + v : st.s;
        case 'avg':
          if (typeof v === 'number') return (st.s + v) / (st.n + 1);
          return st.n ? st.s / st.n : undefined;
        case 'min':
          return v !== null && v !== undefined && (st.best === undefined || (v as number) < (st.best as number)) ? v : st.best;
        default:
          return v !== null && v !== undefined && (st.best === undefined || (v as number) > (st.best as number)) ? v : st.best;
      }
    };
  };

  return {
    incremental,
    wrap,
    begin(rows) {
      screening = rows;
    },
    end() {
      screening = undefined;
    },
    prime(ctx) {
      for (const p of primers) p(ctx);
    },
  };
}
