/**
 * The SQL compiler: a rule's logical plan becomes one query selecting its candidate subjects —
 * every subject row (or every row of every group) that may match. SQL decides whatever it can
 * decide exactly; whatever it cannot (a jsonata fact outside the compiled subset, a plug-in
 * operator) is left to the in-process finish, which evaluates the whole rule again over the
 * candidates, so a candidate set may be larger than the findings but never misses one.
 */
import type { DatasetRegistry, RulePlan } from '@sunshine/core';
import type { Dialect } from './dialect.js';
import { ROW_COLUMN } from './sql-connection.js';

/** One part of a plan and why SQL does not decide it (it runs in-process over the candidates). */
export interface ResidualPart {
  /** JSON pointer into the rule (e.g. `/facts/birth_digits`, `/conditions/all/0`). */
  readonly part: string;
  readonly reason: string;
}

export interface CandidateQuery {
  readonly rule: string;
  /** Selects the subject dataset's fields in model order, then `_row` (and `_candidate` when `flagged`). */
  readonly sql: string;
  /**
   * Grouped rules whose groups read rows outside themselves (a baseline over earlier months):
   * the query also returns those rows, with `_candidate` false; only groups holding a
   * candidate row may report.
   */
  readonly flagged: boolean;
  /** True when SQL decides the whole rule: every candidate is a finding. */
  readonly exact: boolean;
  /** What SQL does not decide. */
  readonly residual: readonly ResidualPart[];
}

export interface CompileOptions {
  readonly registry: DatasetRegistry;
  readonly asOf: string;
}

/**
 * Compiles a plan to its candidate query.
 *
 * @example
 * ```ts
 * const q = compileCandidates(engine.plans[0], DUCKDB, { registry: engine.environment.registry, asOf: engine.asOf });
 * console.log(q.sql);
 * ```
 */
export function compileCandidates(plan: RulePlan, dialect: Dialect, options: CompileOptions): CandidateQuery {
  const def = options.registry.get(plan.subject.dataset);
  if (!def) throw new RangeError(`unknown dataset ${plan.subject.dataset}`);
  const q = (name: string): string => dialect.ident(name);
  const cols = [...def.fields.map((f) => `s.${q(f.name)}`), `s.${q(ROW_COLUMN)}`].join(', ');
  return {
    rule: plan.id,
    sql: `SELECT ${cols} FROM ${q(def.name)} AS s ORDER BY s.${q(ROW_COLUMN)}`,
    flagged: false,
    exact: false,
    residual: [{ part: '', reason: 'not compiled yet: every subject is a candidate' }],
  };
}
