/**
 * The explicit context of planning one rule: the rule, the environment, the resolved
 * parameters, and what the parts of the planner (expressions, conditions, subject, lookups,
 * aggregates, emission) collect together — problems, datasets read, indexes needed, and the
 * names the rule declares.
 */
import type { Rule } from '../dsl/rule-schema.js';
import type { CompileOptions } from '../dsl/expression.js';
import type { FunctionDef } from '../dsl/functions.js';
import type { OperatorDef } from '../dsl/operators.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import type { DatasetRegistry } from '../schema/datasets.js';
import { problemOf, type ProblemCode, type ProblemText } from '../dsl/problem-messages.js';
import type { ValueType } from './rule-plan.js';

/** One thing wrong with a rule. */
export interface Problem {
  /** JSON pointer into the rule (RFC 6901). */
  readonly pointer: string;
  /** What is wrong, as a code of the problem catalogue (`problem-messages.ts`)… */
  readonly code: ProblemCode;
  /** …and the values its sentence names. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The sentence in English (`problemText(p, 'zh')` gives it in Chinese). */
  readonly message: string;
  readonly suggestion?: string;
}

/** What the planner knows besides the rule: the model, and what plug-ins add. */
export interface PlanEnvironment {
  readonly registry: DatasetRegistry;
  readonly operators: Readonly<Record<string, OperatorDef>>;
  readonly functions: Readonly<Record<string, FunctionDef>>;
  /** Names of aggregates plug-ins add. */
  readonly aggregates: readonly string[];
}

/** What a name of the rule context is, statically. */
export interface ScopeEntry {
  type: ValueType;
  dataset?: string;
  /** A group's key names and their types. */
  keys?: Record<string, ValueType>;
}

/** The names visible at one place of the rule. */
export type Scope = Map<string, ScopeEntry>;

/** Escapes a name for a JSON pointer (RFC 6901). */
export const esc = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

/** Everything the parts of the planner share while planning one rule. */
export interface PlanContext {
  readonly rule: Rule;
  readonly env: PlanEnvironment;
  readonly overrides: Readonly<Record<string, unknown>> | undefined;
  /** Parameter values after defaults and overrides (money in fen). */
  readonly params: Record<string, unknown>;
  readonly paramDefs: NonNullable<Rule['params']>;
  readonly compileOpts: CompileOptions;
  readonly problems: Problem[];
  readonly add: (pointer: string, text: ProblemText, suggestion?: string) => void;
  /** Every dataset the rule reads. */
  readonly datasets: Set<string>;
  readonly indexes: Map<string, { dataset: string; fields: string[] }>;
  readonly needIndex: (dataset: string, fields: string[]) => void;
  /** The names of a dataset's fields (for suggestions). */
  readonly dsFields: (name: string) => string[];
  /** Whether a dataset exists (recording it as read); reports it otherwise. */
  readonly checkDataset: (name: string, pointer: string) => boolean;
  /** Declared names (lookups, aggregates, facts) → their pointer. */
  readonly names: Map<string, string>;
}

/** Creates the planning context of `rule`; `problems` already holds the parameters' problems. */
export function createPlanContext(
  rule: Rule,
  env: PlanEnvironment,
  overrides: Readonly<Record<string, unknown>> | undefined,
  params: Record<string, unknown>,
  problems: Problem[],
): PlanContext {
  const add = (pointer: string, text: ProblemText, suggestion?: string): void => {
    const { code, params, message } = text;
    problems.push(suggestion ? { pointer, code, params, message, suggestion } : { pointer, code, params, message });
  };
  const datasets = new Set<string>();
  const indexes = new Map<string, { dataset: string; fields: string[] }>();
  return {
    rule,
    env,
    overrides,
    params,
    paramDefs: rule.params ?? {},
    compileOpts: { functions: env.functions },
    problems,
    add,
    datasets,
    indexes,
    needIndex: (dataset, fields) => {
      indexes.set(`${dataset}\u0001${fields.join('\u0001')}`, { dataset, fields });
    },
    dsFields: (name) => env.registry.get(name)?.fields.map((f) => f.name) ?? [],
    checkDataset: (name, pointer) => {
      if (env.registry.get(name)) {
        datasets.add(name);
        return true;
      }
      add(pointer, problemOf('unknownDataset', { name }), didYouMean(name, env.registry.names()));
      return false;
    },
    names: new Map<string, string>(),
  };
}
