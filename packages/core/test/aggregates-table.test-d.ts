// The aggregates table is exhaustive: every built-in name has its doc, result type and
// implementation, and nothing else is in it (see src/dsl/aggregates.ts).
import { AggregateOps, BUILTIN_AGGREGATES, type AggregateDef, type AggregateOp } from '../src/dsl/aggregates.js';

const table: { readonly [K in AggregateOp]: AggregateDef } = BUILTIN_AGGREGATES;
const names: readonly AggregateOp[] = AggregateOps;

// @ts-expect-error a fold without its implementation (`compile`) is not an aggregate
const noImplementation: AggregateDef = { kind: 'fold', doc: 'mode', needsValue: true, result: (t) => t };

// @ts-expect-error a table that leaves a name out does not compile
const missing: { readonly [K in AggregateOp]: AggregateDef } = { count: BUILTIN_AGGREGATES.count };

const extra: { readonly [K in AggregateOp]: AggregateDef } = {
  ...BUILTIN_AGGREGATES,
  // @ts-expect-error a name that is not in AggregateOps does not compile
  mode: BUILTIN_AGGREGATES.median,
};

export { table, names, noImplementation, missing, extra };
