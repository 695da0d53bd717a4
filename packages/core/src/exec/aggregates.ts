/**
 * Aggregates at run time: a fold over a lookup's elements (or a group's rows), filtered by the
 * aggregate's `where`, or a baseline read from the series of earlier periods' groups.
 */
import { stepReader } from '../dsl/expression.js';
import { median as medianOf } from '../dsl/functions.js';
import type { AggregatePlan } from '../plan/rule-plan.js';
import { addMonths } from '../schema/values.js';
import { compositeKey } from './data-runtime.js';
import { asList, type Fn } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';

/** Compiles aggregate `a` to the computer of its context slot. */
export function compileAggregate(cc: RuleCompilation, a: AggregatePlan): Fn {
  if (a.op === 'baseline') {
    const baseline = cc.baseline;
    const part = a.partition ?? [];
    const periodKey = a.period!;
    const months = a.months ?? 6;
    const minPeriods = a.minPeriods ?? 1;
    const stat = a.stat ?? 'median';
    return (ctx) => {
      if (!baseline.data) baseline.build!();
      const g = ctx.group!;
      const pk = compositeKey(part.map((k) => g[k]));
      const P = String(g[periodKey]);
      const series = baseline.data!.get(pk);
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
      const value = values.length < minPeriods ? null : stat === 'median' ? medianOf(values)! : values.reduce((x, y) => x + y, 0) / values.length;
      return { value, periods: values.length, months: periods, values };
    };
  }
  const env = cc.env;
  const filterWith = cc.filterWith;
  const over = a.over!;
  const get: Fn = over === 'rows' ? (ctx) => ctx.rows : (ctx) => ctx[over];
  const where = a.where ? cc.cond(a.where).test : undefined;
  const field = a.field;
  const valueExpr = a.value ? cc.exprOn(a.value) : undefined;
  const readField = field ? stepReader(field) : undefined;
  const valueOf = readField ?? (valueExpr ? (e: unknown) => valueExpr(e, env) : (e: unknown) => e);
  const valuesOf = (elems: readonly unknown[]): unknown[] => elems.map(valueOf);
  const plug = cc.exec.aggregates[a.op];
  return (ctx) => {
    let elems = asList(get(ctx));
    if (where && elems.length > 0) elems = filterWith(ctx, over, elems, where);
    switch (a.op) {
      case 'count':
        return field || valueExpr ? valuesOf(elems).filter((v) => v !== null && v !== undefined).length : elems.length;
      case 'countDistinct': {
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
      }
      case 'sum': {
        let s = 0;
        for (const e of elems) {
          const v = valueOf(e);
          if (typeof v === 'number') s += v;
        }
        return s;
      }
      case 'min':
      case 'max': {
        let best: unknown;
        for (const v of valuesOf(elems)) {
          if (v === null || v === undefined) continue;
          if (best === undefined || (a.op === 'min' ? (v as number) < (best as number) : (v as number) > (best as number))) best = v;
        }
        return best;
      }
      case 'median':
        return medianOf(valuesOf(elems).filter((v): v is number => typeof v === 'number'));
      case 'avg': {
        const n = valuesOf(elems).filter((v): v is number => typeof v === 'number');
        return n.length ? n.reduce((x, y) => x + y, 0) / n.length : undefined;
      }
      case 'benford':
        return benford(valuesOf(elems));
      default:
        return plug ? plug(valuesOf(elems), elems) : undefined;
    }
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
