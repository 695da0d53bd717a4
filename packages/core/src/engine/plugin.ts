/**
 * Plug-ins: how an integrator extends Sunshine for a county without forking it. One typed
 * interface adds operators, functions (usable in conditions and jsonata facts), aggregates,
 * datasets with their schemas, rules, and finding sinks (e.g. push to a county's OA system).
 */
import type { DatasetDef } from '../schema/datasets.js';
import type { OperatorDef, OperatorFn } from '../dsl/operators.js';
import type { FunctionDef, RuleFunction } from '../dsl/functions.js';
import type { AggregateImpl } from '../dsl/aggregates.js';
import type { Finding } from '../findings/finding.js';
import type { Rule } from '../dsl/rule-schema.js';
import type { RunResult } from './engine-types.js';

/** Receives findings as a run produces them. */
export interface FindingSink {
  readonly name: string;
  /** Called once per finding, in the run's deterministic order. */
  write(finding: Finding): void | Promise<void>;
  /** Called once at the end of a run. */
  close?(result: RunResult): void | Promise<void>;
}

/**
 * A plug-in.
 *
 * @example
 * ```ts
 * const countyPlugin: SunshinePlugin = {
 *   name: 'county-371426',
 *   functions: { isPoorVillage: { fn: (_rt, v) => POOR.has(v as string), arity: [1, 1], doc: '…', returns: 'boolean' } },
 *   operators: { idPrefix: (a, b) => typeof a === 'string' && a.startsWith(String(b)) },
 *   sinks: [{ name: 'oa', write: (f) => pushToOa(f) }],
 * };
 * const engine = createEngine({ rules, plugins: [countyPlugin] });
 * ```
 */
export interface SunshinePlugin {
  readonly name: string;
  /** Operators by name: a full definition, or just the function (any operands). */
  readonly operators?: Readonly<Record<string, OperatorDef | OperatorFn>>;
  /** Functions by name (called `$name(...)` in expressions, or `fn` on a condition value). */
  readonly functions?: Readonly<Record<string, FunctionDef | RuleFunction>>;
  /** Aggregates by name: `{ "op": "<name>", "over": …, "field": … }`. */
  readonly aggregates?: Readonly<Record<string, AggregateImpl>>;
  /** Datasets the plug-in adds to the model, with their fields. */
  readonly datasets?: readonly DatasetDef[];
  /** Rules the plug-in ships. */
  readonly rules?: readonly Rule[];
  readonly sinks?: readonly FindingSink[];
}
