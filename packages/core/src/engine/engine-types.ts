/**
 * The public shape of the engine an integrator embeds. Implemented in `create-engine.ts`.
 */
import type { Finding, Category, Severity, LocalizedText } from '../findings/finding.js';
import type { RejectedRow, DatasetLocation } from '../source/source.js';

/** Canonical tables: dataset name → records. */
export type Tables = ReadonlyMap<string, readonly Readonly<Record<string, string | number | null>>[]>;

/** Parameter overrides per rule id: `{ "shared-account": { "minPersons": 4 } }`. */
export type ParamOverrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface RuleRunStat {
  readonly rule: string;
  readonly findings: number;
  /** Subjects the rule scanned: the subject dataset's rows, or the groups. */
  readonly subjects: number;
  readonly ms: number;
}

export interface SkippedRule {
  readonly rule: string;
  /** Datasets the rule needs that the data lacks. */
  readonly missing: readonly string[];
  readonly reason: string;
}

/**
 * A rule that stopped with an error: an expression failed on the data as jsonata would fail
 * (`EVALUATION`, e.g. text where a number was expected), or the rule ran past its time budget
 * (`TIMEOUT`). It reports no findings; the other rules are not affected.
 */
export interface FailedRule {
  readonly rule: string;
  readonly code: 'EVALUATION' | 'TIMEOUT';
  /** What happened, in English. */
  readonly message: string;
  /**
   * The same as values, for saying it in another language: the record it stopped at (1-based,
   * and its dataset), the time budget in seconds (`TIMEOUT`), jsonata's error code and the
   * error's own text (`EVALUATION`) with its Chinese (`detailZh`).
   */
  readonly params?: { readonly record?: number; readonly dataset?: string; readonly seconds?: number; readonly jsonata?: string; readonly detail?: string; readonly detailZh?: string };
}

/** The result of a run: findings in a deterministic order (rule, then key). */
export interface RunResult {
  readonly asOf: string;
  readonly findings: readonly Finding[];
  readonly rulesRun: readonly string[];
  readonly rulesSkipped: readonly SkippedRule[];
  /** Rules that stopped with an error (not in `rulesRun`); empty when every rule ran. */
  readonly rulesFailed: readonly FailedRule[];
  readonly stats: readonly RuleRunStat[];
  /** Milliseconds spent building the shared indexes, and in all. */
  readonly timings: { readonly indexMs: number; readonly rulesMs: number };
}

/** Progress events while running. */
export type RunProgress =
  | { readonly phase: 'index'; readonly done: number; readonly total: number }
  | { readonly phase: 'rule'; readonly rule: string; readonly done: number; readonly total: number };

/** Summary of one rule for catalogues. */
export interface RuleSummary {
  readonly id: string;
  readonly version: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly datasets: readonly string[];
  readonly params: readonly { readonly name: string; readonly type: string; readonly default: unknown; readonly description?: LocalizedText | undefined }[];
}

export type { RejectedRow, DatasetLocation };
