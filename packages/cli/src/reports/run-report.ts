/**
 * The result of `sunshine run` as every report format sees it: the engine's findings plus
 * what the CLI knows around them (the data loaded, rows rejected, rule texts, place names).
 */
import { CATEGORIES, SEVERITIES, type Category, type FailedRule, type Finding, type RejectedRow, type RuleSummary, type Severity, type SkippedRule, type Tables } from '@sunshine/core';
import type { DataQualityReport } from '@sunshine/core';
import type { DatasetLoad, Explanation } from '../library/cli-library.js';

export interface ReportCounts {
  readonly findings: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byCategory: Readonly<Record<Category, number>>;
  /** Findings per rule id, every rule run included (0 where it found nothing). */
  readonly byRule: Readonly<Record<string, number>>;
  readonly rejected: number;
  readonly rejectedByDataset: Readonly<Record<string, number>>;
}

/**
 * Money involved (each finding's `amount`), in integer fen, totalled like the counts. A finding
 * without money (`amount: null`) counts in `findingsWithoutAmount` and adds nothing.
 */
export interface ReportMoney {
  readonly unit: 'fen';
  readonly total: number;
  readonly findingsWithAmount: number;
  readonly findingsWithoutAmount: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byCategory: Readonly<Record<Category, number>>;
  /** By code; findings without a town (village, department) are left out of that table. */
  readonly byTown: Readonly<Record<string, number>>;
  readonly byVillage: Readonly<Record<string, number>>;
  readonly byDepartment: Readonly<Record<string, number>>;
  readonly byRule: Readonly<Record<string, number>>;
}

export interface ReportTimings {
  readonly loadMs: number;
  readonly indexMs: number;
  readonly rulesMs: number;
  readonly totalMs: number;
}

/** Names of codes, taken from the `regions` and `departments` datasets when loaded. */
export interface PlaceNames {
  readonly towns: Readonly<Record<string, string>>;
  readonly villages: Readonly<Record<string, string>>;
  readonly departments: Readonly<Record<string, string>>;
}

export interface RunReport {
  readonly tool: { readonly name: 'sunshine'; readonly version: string };
  readonly asOf: string;
  readonly source: { readonly description: string; readonly datasets: readonly DatasetLoad[]; readonly missing: readonly string[] };
  /** Summaries of the rules that ran (texts for SARIF and HTML). */
  readonly rules: readonly RuleSummary[];
  readonly rulesRun: readonly string[];
  readonly rulesSkipped: readonly SkippedRule[];
  /** Rules that stopped with an error (an expression failing on the data, or the time budget). */
  readonly rulesFailed: readonly FailedRule[];
  readonly findings: readonly Finding[];
  readonly rejected: readonly RejectedRow[];
  readonly counts: ReportCounts;
  /** Money involved, totalled (fen). */
  readonly money: ReportMoney;
  readonly names: PlaceNames;
  /** Engine explanations by finding fingerprint, for the findings that have one. */
  readonly explanations: Readonly<Record<string, Explanation>>;
  /** The data-quality report of the load (数据质量报告), when the data was loaded by the CLI. */
  readonly dataQuality?: DataQualityReport | undefined;
  /** Omitted with `--no-timings`; the only part of a report that varies between reruns. */
  readonly timings?: ReportTimings | undefined;
}

export interface BuildRunReportInput {
  readonly version: string;
  readonly asOf: string;
  readonly source: RunReport['source'];
  readonly rules: readonly RuleSummary[];
  readonly rulesRun: readonly string[];
  readonly rulesSkipped: readonly SkippedRule[];
  readonly rulesFailed?: readonly FailedRule[] | undefined;
  readonly findings: readonly Finding[];
  readonly rejected: readonly RejectedRow[];
  readonly tables?: Tables | undefined;
  readonly explanations?: Readonly<Record<string, Explanation>> | undefined;
  readonly dataQuality?: DataQualityReport | undefined;
  readonly timings?: ReportTimings | undefined;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function sortedCounts(entries: Iterable<string>, seed: readonly string[] = []): Record<string, number> {
  const m = new Map<string, number>(seed.map((s) => [s, 0]));
  for (const e of entries) m.set(e, (m.get(e) ?? 0) + 1);
  return Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Totals of the findings' `amount` by severity, category, town, village, department and rule. */
export function moneyOf(findings: readonly Finding[]): ReportMoney {
  const bySeverity = zeroes(SEVERITIES);
  const byCategory = zeroes(CATEGORIES);
  const byTown = new Map<string, number>();
  const byVillage = new Map<string, number>();
  const byDepartment = new Map<string, number>();
  const byRule = new Map<string, number>();
  const add = (m: Map<string, number>, k: string | null, fen: number): void => {
    if (k !== null) m.set(k, (m.get(k) ?? 0) + fen);
  };
  let total = 0;
  let withAmount = 0;
  for (const f of findings) {
    if (f.amount === null) continue;
    withAmount += 1;
    total += f.amount;
    bySeverity[f.severity] += f.amount;
    byCategory[f.category] += f.amount;
    add(byTown, f.town_code, f.amount);
    add(byVillage, f.village_code, f.amount);
    add(byDepartment, f.department_code, f.amount);
    add(byRule, f.rule, f.amount);
  }
  const sorted = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    unit: 'fen',
    total,
    findingsWithAmount: withAmount,
    findingsWithoutAmount: findings.length - withAmount,
    bySeverity,
    byCategory,
    byTown: sorted(byTown),
    byVillage: sorted(byVillage),
    byDepartment: sorted(byDepartment),
    byRule: sorted(byRule),
  };
}

/** Place and department names from the loaded reference datasets. */
export function placeNamesOf(tables: Tables | undefined): PlaceNames {
  const towns: Record<string, string> = {};
  const villages: Record<string, string> = {};
  const departments: Record<string, string> = {};
  for (const r of tables?.get('regions') ?? []) {
    if (typeof r.town_code === 'string' && typeof r.town_name === 'string') towns[r.town_code] = r.town_name;
    if (typeof r.village_code === 'string' && typeof r.village_name === 'string') villages[r.village_code] = r.village_name;
  }
  for (const r of tables?.get('departments') ?? []) {
    if (typeof r.department_code === 'string' && typeof r.name === 'string') departments[r.department_code] = r.name;
  }
  return { towns, villages, departments };
}

/**
 * Assembles a {@link RunReport} and its counts.
 *
 * @example
 * ```ts
 * const report = buildRunReport({ version: '0.1.0', asOf: '2024-12-31', source, rules: engine.summaries(),
 *   rulesRun: result.rulesRun, rulesSkipped: result.rulesSkipped, findings: result.findings, rejected: data.rejected });
 * ```
 */
export function buildRunReport(input: BuildRunReportInput): RunReport {
  const bySeverity = zeroes(SEVERITIES);
  const byCategory = zeroes(CATEGORIES);
  for (const f of input.findings) {
    bySeverity[f.severity] += 1;
    byCategory[f.category] += 1;
  }
  return {
    tool: { name: 'sunshine', version: input.version },
    asOf: input.asOf,
    source: input.source,
    rules: input.rules,
    rulesRun: input.rulesRun,
    rulesSkipped: input.rulesSkipped,
    rulesFailed: input.rulesFailed ?? [],
    findings: input.findings,
    rejected: input.rejected,
    counts: {
      findings: input.findings.length,
      bySeverity,
      byCategory,
      byRule: sortedCounts(
        input.findings.map((f) => f.rule),
        input.rulesRun,
      ),
      rejected: input.rejected.length,
      rejectedByDataset: sortedCounts(input.rejected.map((r) => r.dataset)),
    },
    money: moneyOf(input.findings),
    names: placeNamesOf(input.tables),
    explanations: input.explanations ?? {},
    ...(input.dataQuality === undefined ? {} : { dataQuality: input.dataQuality }),
    timings: input.timings,
  };
}

/** `3 rows rejected (payments: 2, persons: 1)`. */
export function rejectedSummary(counts: ReportCounts): string {
  const parts = Object.entries(counts.rejectedByDataset).map(([d, n]) => `${d}: ${n}`);
  return `${counts.rejected} ${counts.rejected === 1 ? 'row' : 'rows'} rejected (${parts.join(', ')})`;
}

/** A rejected row's value as text (empty for a missing value). */
export function formatRejectedValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}
