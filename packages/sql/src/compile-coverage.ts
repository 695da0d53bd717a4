/**
 * What SQL decides of each rule, for the catalogue: exact (SQL selects exactly the subjects that
 * match) or partial, with the parts the in-process finish decides over the candidates.
 */
import type { DatasetRegistry, FunctionDef, OperatorDef, RulePlan } from '@sunshine/core';
import { compileCandidates, type ResidualPart } from './compile-candidates.js';
import type { Dialect } from './dialect.js';

export interface SqlCoverage {
  readonly rule: string;
  readonly coverage: 'exact' | 'partial';
  /** The parts SQL does not decide (JSON pointers into the rule), empty when exact. */
  readonly residual: readonly ResidualPart[];
}

/**
 * Compiles every plan and reports how much of it SQL decides.
 *
 * @example
 * ```ts
 * for (const c of sqlCoverage(engine.plans, DUCKDB, engine.environment.registry)) console.log(c.rule, c.coverage);
 * ```
 */
export function sqlCoverage(
  plans: readonly RulePlan[],
  dialect: Dialect,
  registry: DatasetRegistry,
  extra: { readonly operators?: Readonly<Record<string, OperatorDef>>; readonly functions?: Readonly<Record<string, FunctionDef>>; readonly asOf?: string } = {},
): SqlCoverage[] {
  return plans.map((plan) => {
    const q = compileCandidates(plan, dialect, {
      registry,
      asOf: extra.asOf ?? '2000-01-01',
      ...(extra.operators ? { operators: extra.operators } : {}),
      ...(extra.functions ? { functions: extra.functions } : {}),
    });
    return Object.freeze({ rule: plan.id, coverage: q.exact ? 'exact' : 'partial', residual: q.residual });
  });
}
