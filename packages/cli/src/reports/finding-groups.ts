/**
 * The order people read findings in, and repeats folded: severity (critical first), then money
 * (largest first, none last), then key; one subject's repeats of one rule (a person's monthly
 * payments) as one group with its count, period range and total.
 *
 * The JSON, NDJSON, CSV and SARIF reports keep the engine's order (stable across reruns, and
 * what their consumers diff); the HTML and XLSX reports show this one.
 */
import type { Finding, Severity } from '@sunshine/core';

const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Severity (critical first), amount (largest first, `null` last), key, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return RANK[a.severity] - RANK[b.severity] || (b.amount ?? -1) - (a.amount ?? -1) || byText(a.key, b.key) || byText(a.rule, b.rule);
}

/**
 * The period a finding is about: its subject record's `period`, else its `pay_date` or `date`
 * (`null` when the evidence has none).
 */
export function periodOf(f: Finding): string | null {
  for (const e of f.evidence) {
    for (const field of ['period', 'pay_date', 'date']) {
      const v = e.record[field];
      if (typeof v === 'string' && v !== '') return v;
    }
  }
  return null;
}

/** One subject's findings of one rule (a single finding when it has no repeats). */
export interface FindingGroup {
  readonly rule: string;
  /** The person the findings are about (`id_number`), or `null` for a single finding without one. */
  readonly subject: string | null;
  /** Indices into the report's findings, in period order (then key). */
  readonly members: readonly number[];
  /** The highest severity among the members. */
  readonly severity: Severity;
  /** Total money of the members in fen; `null` when none involves money. */
  readonly amount: number | null;
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
}

/**
 * Folds repeats (same rule, same `id_number`) into groups and orders the groups by
 * {@link compareFindings} over (highest severity, total amount, first key).
 *
 * @example
 * ```ts
 * for (const g of groupFindings(report.findings)) console.log(g.rule, g.members.length, g.amount);
 * ```
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byKey = new Map<string, number[]>();
  const singles: number[][] = [];
  findings.forEach((f, i) => {
    if (f.id_number === null) {
      singles.push([i]);
      return;
    }
    const k = `${f.rule}\u0000${f.id_number}`;
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [i]);
    else list.push(i);
  });
  const groups = [...byKey.values(), ...singles].map((members): FindingGroup & { readonly sortAs: Finding } => {
    const fs = members.map((i) => findings[i]!);
    const periods = fs.map(periodOf);
    const order = members.map((m, j) => ({ m, p: periods[j] ?? '', k: fs[j]!.key })).sort((a, b) => byText(a.p, b.p) || byText(a.k, b.k));
    const known = periods.filter((p): p is string => p !== null).sort(byText);
    const amounts = fs.map((f) => f.amount).filter((a): a is number => a !== null);
    const severity = fs.map((f) => f.severity).sort((a, b) => RANK[a] - RANK[b])[0]!;
    const first = findings[order[0]!.m]!;
    const amount = amounts.length === 0 ? null : amounts.reduce((t, a) => t + a, 0);
    return {
      rule: first.rule,
      subject: first.id_number,
      members: order.map((o) => o.m),
      severity,
      amount,
      periodFrom: known[0] ?? null,
      periodTo: known.at(-1) ?? null,
      sortAs: { ...first, severity, amount },
    };
  });
  groups.sort((a, b) => compareFindings(a.sortAs, b.sortAs));
  return groups.map((g) => ({ rule: g.rule, subject: g.subject, members: g.members, severity: g.severity, amount: g.amount, periodFrom: g.periodFrom, periodTo: g.periodTo }));
}
