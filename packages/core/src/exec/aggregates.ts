/**
 * Aggregates at run time, compiled from the aggregates table (`dsl/aggregates.ts`): a fold
 * over a lookup's elements (or a group's rows) filtered by the aggregate's `where`, a baseline
 * read from the series of earlier periods' groups (built by the grouping), or a plug-in's fold.
 */
import { builtinAggregate, type BaselineInput, type FoldInput } from '../dsl/aggregates.js';
import { stepReader } from '../dsl/expression.js';
import type { AggregatePlan } from '../plan/rule-plan.js';
import { compositeKey } from './data-runtime.js';
import { asList, type Ctx, type Fn } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';

/** Compiles aggregate `a` to the computer of its context slot. */
export function compileAggregate(cc: RuleCompilation, a: AggregatePlan): Fn {
  const def = builtinAggregate(a.op);
  if (def?.kind === 'baseline') return def.compile(baselineInput(cc, a));
  const input = foldInput(cc, a);
  if (def) return def.compile(input);
  const plug = cc.exec.aggregates[a.op];
  if (!plug) return () => undefined;
  const { elements, valueOf } = input;
  return (ctx) => {
    const elems = elements(ctx);
    return plug(elems.map(valueOf), elems);
  };
}

/** The elements of `a` (its `over`, filtered by its `where`) and their values. */
function foldInput(cc: RuleCompilation, a: AggregatePlan): FoldInput<Ctx> {
  const env = cc.env;
  const filterWith = cc.filterWith;
  const over = a.over!;
  const get: Fn = over === 'rows' ? (ctx) => ctx.rows : (ctx) => ctx[over];
  const where = a.where ? cc.cond(a.where).test : undefined;
  const field = a.field;
  const valueExpr = a.value ? cc.exprOn(a.value) : undefined;
  const readField = field ? stepReader(field) : undefined;
  const valueOf = readField ?? (valueExpr ? (e: unknown) => valueExpr(e, env) : (e: unknown) => e);
  const elements = where
    ? (ctx: Ctx): readonly unknown[] => {
        const elems = asList(get(ctx));
        return elems.length > 0 ? filterWith(ctx, over, elems, where) : elems;
      }
    : (ctx: Ctx): readonly unknown[] => asList(get(ctx));
  return { elements, valueOf, hasValue: Boolean(field) || valueExpr !== undefined };
}

/** A baseline's series, from the grouping's pass over every group (built on first use). */
function baselineInput(cc: RuleCompilation, a: AggregatePlan): BaselineInput<Ctx> {
  const baseline = cc.baseline;
  const part = a.partition ?? [];
  const periodKey = a.period!;
  return {
    series: (ctx) => {
      if (!baseline.data) baseline.build!();
      const g = ctx.group!;
      return baseline.data!.get(compositeKey(part.map((k) => g[k])));
    },
    period: (ctx) => String(ctx.group![periodKey]),
    months: a.months ?? 6,
    minPeriods: a.minPeriods ?? 1,
    stat: a.stat ?? 'median',
  };
}
