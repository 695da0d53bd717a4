/**
 * The explicit context of compiling one rule for one run: the plan, the run's data, the
 * plug-ins, and the shared state the parts of the compiler (lookups, aggregates, grouping,
 * emission) hand to each other — the context slots and the lookup indexes to warm. Each part
 * is a function of this object; whatever it reads in a hot loop it copies into a local when
 * it compiles, so the closures it returns are as specialised as before.
 */
import type { Condition } from '../dsl/rule-schema.js';
import { compileExpression, type CompiledExpr, type ExprEnv } from '../dsl/expression.js';
import type { FunctionDef } from '../dsl/functions.js';
import type { OperatorDef } from '../dsl/operators.js';
import type { DatasetRegistry } from '../schema/datasets.js';
import type { RulePlan } from '../plan/rule-plan.js';
import type { AggregateImpl } from '../dsl/aggregates.js';
import { compileCondition, type ConditionTrace } from './compile-condition.js';
import type { DataRuntime, Rec } from './data-runtime.js';
import type { RuleBudget } from './rule-budget.js';
import type { Ctx, Fn, Test } from './rule-context.js';

export interface ExecEnvironment {
  readonly registry: DatasetRegistry;
  readonly operators: Readonly<Record<string, OperatorDef>>;
  readonly functions: Readonly<Record<string, FunctionDef>>;
  readonly aggregates: Readonly<Record<string, AggregateImpl>>;
  /** The running rule's time budget, ticked in inner loops (the engine sets it per run). */
  readonly budget?: RuleBudget;
}

/** A compiled condition: its test, and its tracing twin for explain. */
export interface CNode {
  readonly test: Test;
  readonly trace: (ctx: Ctx) => ConditionTrace;
}

/** Baseline aggregates' series, built on first use by one pass over every group (see grouping). */
export interface BaselineSeries {
  /** Partition key → period → the `of` aggregate's value. */
  data: Map<string, Map<string, unknown>> | undefined;
  build: (() => void) | undefined;
}

/** Filters `list` keeping the elements for which `test` holds with `name` bound to the element. */
export type FilterWith = (ctx: Ctx, name: string, list: readonly unknown[], test: Test) => unknown[];

/** Everything the parts of the rule compiler share. */
export interface RuleCompilation {
  readonly plan: RulePlan;
  readonly rt: DataRuntime;
  readonly exec: ExecEnvironment;
  readonly registry: DatasetRegistry;
  readonly budget: RuleBudget | undefined;
  /** The expressions' environment: `$params`, `$asOf`, the run's data. */
  readonly env: ExprEnv;
  /** An expression over the rule context. */
  readonly expr: (src: string) => Fn;
  /** An expression over any input (an aggregate's element). */
  readonly exprOn: (src: string) => CompiledExpr;
  readonly cond: (c: Condition) => CNode;
  /**
   * Context slot of each name, read when a candidate is bound to it ({@link filterWith}). Row
   * lookups of a grouped subject (a context of their own) are entered when they are compiled.
   */
  readonly slotOf: Map<string, number>;
  readonly filterWith: FilterWith;
  /** Builders of every join lookup's index, run ahead of screening (`warm`). */
  readonly lookupIndexes: (() => unknown)[];
  readonly baseline: BaselineSeries;
}

/** Creates the compilation context of `plan` over one run's data. */
export function createRuleCompilation(plan: RulePlan, rt: DataRuntime, asOf: string, exec: ExecEnvironment): RuleCompilation {
  const budget = exec.budget;
  const env: ExprEnv = { vars: { params: plan.params, asOf }, rt };
  const fnOpts = { functions: exec.functions };
  const expr = (src: string): Fn => {
    const f: CompiledExpr = compileExpression(src, fnOpts);
    return (ctx) => f(ctx, env);
  };
  const exprOn = (src: string): CompiledExpr => compileExpression(src, fnOpts);
  const cond = (c: Condition): CNode => compileCondition(c, { env, operators: exec.operators, functions: exec.functions, params: plan.params });
  const slotOf = new Map<string, number>();

  const filterWith: FilterWith = (ctx, name, list, test) => {
    const out: unknown[] = [];
    if (name === 'rows') {
      const saved = ctx.rows;
      for (const e of list) {
        budget?.tick();
        ctx.rows = e as readonly Rec[];
        if (test(ctx)) out.push(e);
      }
      ctx.rows = saved;
      return out;
    }
    const i = slotOf.get(name)!;
    const wasPending = ctx.pending[i]!;
    const saved = ctx.cand[i];
    ctx.pending[i] = 1;
    for (const e of list) {
      budget?.tick();
      ctx.cand[i] = e;
      if (test(ctx)) out.push(e);
    }
    ctx.pending[i] = wasPending;
    ctx.cand[i] = saved;
    return out;
  };

  return {
    plan,
    rt,
    exec,
    registry: exec.registry,
    budget,
    env,
    expr,
    exprOn,
    cond,
    slotOf,
    filterWith,
    lookupIndexes: [],
    baseline: { data: undefined, build: undefined },
  };
}
