/**
 * Conditions compiled to closures: json-rules-engine's `all`/`any`/`not` + `fact`/`operator`/
 * `value` form, evaluated against any object that exposes the facts as properties (the rule
 * context, or a plain object of facts). Each node also has a tracing twin for explain.
 */
import type { Condition, LeafCondition } from '../dsl/rule-schema.js';
import { compileExpression, type ExprEnv } from '../dsl/expression.js';
import type { FunctionDef } from '../dsl/functions.js';
import type { OperatorDef } from '../dsl/operators.js';
import { compileLinearRegex, isLinearRegex } from '../dsl/linear-regex.js';
import { followPath, simplePathSteps } from '../dsl/fact-path.js';
import { parseDate, parseMoney } from '../schema/values.js';

/** One condition's evaluation, for explain. */
export type ConditionTrace =
  | { readonly kind: 'all' | 'any'; readonly name?: string; readonly result: boolean; readonly children: readonly ConditionTrace[] }
  | { readonly kind: 'not'; readonly name?: string; readonly result: boolean; readonly child: ConditionTrace }
  | {
      readonly kind: 'leaf';
      readonly name?: string;
      readonly fact: string;
      readonly operator: string;
      /** The value spec as written (`{ "fact": … }`, a literal, …). */
      readonly valueSpec: unknown;
      readonly factValue: unknown;
      readonly value: unknown;
      readonly result: boolean;
    };

type Ctx = object;
type Fn = (ctx: Ctx) => unknown;
type Test = (ctx: Ctx) => boolean;

export interface CompiledCondition {
  readonly test: Test;
  readonly trace: (ctx: Ctx) => ConditionTrace;
}

export interface ConditionEnvironment {
  readonly env: ExprEnv;
  readonly operators: Readonly<Record<string, OperatorDef>>;
  readonly functions: Readonly<Record<string, FunctionDef>>;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A copy of a list (so a trace does not alias live arrays); other values as they are. */
export function snapshot(v: unknown): unknown {
  if (Array.isArray(v)) return v.slice();
  return v;
}

/** The expression a leaf's `fact` + json-rules-engine `path` stand for (`death` + `$.death_date` → `death.death_date`). */
export function factSource(fact: string, path: string | undefined): string {
  if (!path) return fact;
  const p = path.replace(/^\$\.?/, '');
  return p ? `${fact}.${p}` : fact;
}

/**
 * Compiles a condition (already validated by the planner: operators and functions exist).
 *
 * @example
 * ```ts
 * const c = compileCondition({ all: [{ fact: 'age', operator: 'lessThan', value: 18 }] }, cenv);
 * c.test({ age: 12 }); // true
 * ```
 */
export function compileCondition(cond: Condition, cenv: ConditionEnvironment): CompiledCondition {
  const { env } = cenv;
  const rt = env.rt;
  const fnOpts = { functions: cenv.functions };
  const expr = (src: string): Fn => {
    const f = compileExpression(src, fnOpts);
    return (ctx) => f(ctx, env);
  };
  // A `path` is read as json-rules-engine reads it (see followPath); other JSONPath was refused by validation.
  const factOf = (fact: string, path: string | undefined): Fn => {
    const steps = path === undefined ? undefined : simplePathSteps(path);
    if (steps === undefined) return expr(factSource(fact, path));
    const g = expr(fact);
    return (ctx) => followPath(g(ctx), steps);
  };
  const rightSide = (c: LeafCondition, opDef: OperatorDef): Fn => {
    const v = c.value;
    if (v === undefined) return () => undefined;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if ('fact' in v) {
        const g = factOf(v.fact, v.path);
        if (v.fn) {
          const fn = cenv.functions[v.fn]!.fn;
          return (ctx) => fn(rt, g(ctx));
        }
        return g;
      }
      if ('param' in v) {
        const pv = cenv.params[v.param];
        return () => pv;
      }
      return expr(v.expr);
    }
    let lit: unknown = v;
    if (opDef.value === 'money') {
      const r = parseMoney(v);
      lit = r.ok ? r.value : undefined;
    } else if (opDef.value === 'date' && typeof v === 'string') {
      const r = parseDate(v);
      lit = r.ok ? r.value : undefined;
    } else if (c.operator === 'matches' && typeof v === 'string') {
      // Compiled once, run in linear time; a pattern RE2 refuses (validation reports it) matches nothing.
      const r = compileLinearRegex(v);
      lit = r.ok ? r.regex : undefined;
    }
    return () => lit;
  };

  const compileCond = (c: Condition): CompiledCondition => {
    if ('all' in c || 'any' in c) {
      const isAll = 'all' in c;
      const kids = (isAll ? c.all : c.any).map(compileCond);
      const tests = kids.map((k) => k.test);
      const n = tests.length;
      const test: Test = isAll
        ? n === 1
          ? tests[0]!
          : n === 2
            ? ((a: Test, b: Test): Test => (ctx) => a(ctx) && b(ctx))(tests[0]!, tests[1]!)
            : (ctx) => {
                for (let i = 0; i < n; i++) if (!tests[i]!(ctx)) return false;
                return true;
              }
        : n === 0
          ? () => true // json-rules-engine: an empty `any` holds (validation refuses writing one)
          : (ctx) => {
              for (let i = 0; i < n; i++) if (tests[i]!(ctx)) return true;
              return false;
            };
      return {
        test,
        trace: (ctx) => {
          const children = kids.map((k) => k.trace(ctx));
          return { kind: isAll ? 'all' : 'any', ...(c.name ? { name: c.name } : {}), result: isAll || n === 0 ? children.every((x) => x.result) : children.some((x) => x.result), children };
        },
      };
    }
    if ('not' in c) {
      const k = compileCond(c.not);
      const t = k.test;
      return {
        test: (ctx) => !t(ctx),
        trace: (ctx) => {
          const child = k.trace(ctx);
          return { kind: 'not', ...(c.name ? { name: c.name } : {}), result: !child.result, child };
        },
      };
    }
    const opDef = cenv.operators[c.operator]!;
    const op = opDef.fn;
    const left = factOf(c.fact, c.path);
    const right = rightSide(c, opDef);
    return {
      test: (ctx) => op(left(ctx), right(ctx)),
      trace: (ctx) => {
        const factValue = left(ctx);
        const value = right(ctx);
        return {
          kind: 'leaf',
          ...(c.name ? { name: c.name } : {}),
          fact: factSource(c.fact, c.path),
          operator: c.operator,
          valueSpec: c.value,
          factValue: snapshot(factValue),
          value: isLinearRegex(value) ? value.source : snapshot(value),
          result: op(factValue, value),
        };
      },
    };
  };

  return compileCond(cond);
}
