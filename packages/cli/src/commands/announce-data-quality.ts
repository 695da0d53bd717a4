/**
 * The data-quality report (数据质量报告) of a load, for the terminal: one line on stderr after
 * every load (`run`), and the whole report as text (`check-data`).
 */
import { dataQualitySummary, type DataQualityReport } from '@sunshine/core';
import type { CommandContext } from '../command-spec.js';
import { formatCount } from '../feedback/feedback.js';

/** Says the report's one line on stderr: a warning when a reference is broken, else a note. */
export function announceDataQuality(ctx: Pick<CommandContext, 'feedback' | 'lang'>, report: DataQualityReport | undefined): void {
  if (report === undefined) return;
  const fields = { broken: report.broken, clean: report.clean };
  if (report.clean) ctx.feedback.info(dataQualitySummary(report, ctx.lang), fields);
  else ctx.feedback.warn(dataQualitySummary(report, ctx.lang), fields);
}

const examples = (list: readonly string[], more: boolean): string => `${list.join(', ')}${more ? ', …' : ''}`;

/**
 * The report as text, section by section: references (broken ones first, each missing value
 * with its rows and examples), repeated keys, totals rows skipped, columns dropped.
 *
 * @example
 * ```ts
 * io.stdout.write(renderDataQualityText(report));
 * ```
 */
export function renderDataQualityText(report: DataQualityReport): string {
  const out: string[] = ['References (引用关系)'];
  const order = { broken: 0, unmatched: 1 } as const;
  const refs = [...report.references].sort((a, b) => Number(b.dangling > 0) - Number(a.dangling > 0) || order[a.level] - order[b.level]);
  let resolved = 0;
  for (const r of refs) {
    if (r.dangling === 0) {
      resolved++;
      continue;
    }
    const tag = r.level === 'broken' ? 'BROKEN   ' : 'unmatched';
    const absent = r.targetAbsent ? ` (\`${r.to}\` is missing from the data)` : '';
    out.push(`  ${tag} ${r.name}: ${formatCount(r.dangling)} of ${formatCount(r.checked)} rows point nowhere${absent}`);
    // Every missing value of a broken reference (up to the report's 20); five of an unmatched one.
    const shown = r.level === 'broken' ? r.missing : r.missing.slice(0, 5);
    for (const m of shown) out.push(`              ${m.value}: ${formatCount(m.rows)} ${m.rows === 1 ? 'row' : 'rows'} (${examples(m.examples, m.rows > m.examples.length)})`);
    if (r.missingValues > shown.length) out.push(`              … and ${formatCount(r.missingValues - shown.length)} more ${r.missingValues - shown.length === 1 ? 'value' : 'values'}`);
  }
  out.push(`  ${resolved === refs.length ? 'every' : formatCount(resolved)} reference${resolved === 1 && resolved !== refs.length ? '' : 's'} ${resolved === refs.length ? 'resolves' : 'resolve'}`);
  if (report.duplicateKeys.length > 0) {
    out.push('', 'Repeated keys (重复编号)');
    for (const d of report.duplicateKeys) {
      out.push(`  ${d.dataset}.${d.fields.join('+')}: ${formatCount(d.values)} ${d.values === 1 ? 'value' : 'values'} repeated (${examples(d.examples.map((e) => `${e.value} ×${e.rows}`), d.values > d.examples.length)})`);
    }
  }
  if (report.totalsSkipped.length > 0) {
    out.push('', 'Totals rows skipped (合计行，已跳过)');
    for (const t of report.totalsSkipped) out.push(`  ${t.file}: ${formatCount(t.rows)} ${t.rows === 1 ? 'row' : 'rows'} (${examples(t.rowNumbers.map(String), t.rows > t.rowNumbers.length)}: ${t.labels.join(', ')})`);
  }
  if (report.droppedColumns.length > 0) {
    out.push('', 'Columns dropped (未使用的列)');
    for (const c of report.droppedColumns) out.push(`  ${c.file}: ${c.column}`);
  }
  out.push('', report.clean ? 'No broken reference.' : `${formatCount(report.broken)} broken: complete the reference data (a fund, department or village the other files name) before importing.`);
  return `${out.join('\n')}\n`;
}
