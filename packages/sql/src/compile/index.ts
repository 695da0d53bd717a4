/**
 * Rule parts to SQL: jsonata expressions (the compiled subset), conditions with
 * json-rules-engine semantics, lookups as correlated subqueries, aggregates. Everything is
 * compiled exactly or not at all: a part SQL cannot reproduce is "unknown", and a condition
 * reading an unknown becomes TRUE or FALSE by its polarity, so the WHERE it lands in selects a
 * superset of the subjects that match. Each unknown is recorded as a residual part.
 *
 * One idea a file, each a set of functions of an explicit {@link CompileContext}: `scalars`,
 * `relations`, `functions`, `expressions`, `operators`, `conditions`, `lookups`, `aggregates`;
 * this file wires the context. Operators, functions and aggregates are tables keyed by their
 * names (`SQL_OPERATORS`, `SQL_FUNCTIONS`, `SQL_AGGREGATES`).
 */
import type { RulePlan } from '@sunshine/core';
import { aggregate } from './aggregates.js';
import { CompileContext, esc, type Binding, type CompilerOptions } from './context.js';
import { lookup } from './lookups.js';

export { CompileContext, type Binding, type CompilerOptions, type GroupContext, type ResidualPart, type Scope, type SqlCondition } from './context.js';
export { earlier, periodIndex } from './aggregates.js';
export { cond } from './conditions.js';
export { expr } from './expressions.js';
export type { Built, ListValue, RelationField } from '../sql-values.js';

/** A context compiling the parts of one plan. */
export function createCompiler(plan: RulePlan, options: CompilerOptions): CompileContext {
  return new CompileContext(plan, options, { lookup, aggregate });
}

/** A rule's top-level names: lookups, aggregates and facts, by their pointers. */
export function ruleBindings(plan: RulePlan, base: ReadonlyMap<string, Binding>): Map<string, Binding> {
  const names = new Map(base);
  for (const l of plan.lookups) names.set(l.name, { k: 'lookup', l, ptr: `/lookups/${esc(l.name)}` });
  for (const a of plan.aggregates) names.set(a.name, { k: 'agg', a, ptr: `/aggregates/${esc(a.name)}` });
  for (const f of plan.facts) names.set(f.name, { k: 'fact', f, ptr: `/facts/${esc(f.name)}` });
  return names;
}
