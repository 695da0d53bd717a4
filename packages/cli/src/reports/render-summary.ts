import { displayPath } from '../display-path.js';
import { CATEGORIES, CATEGORY_NAMES, SEVERITIES } from '@sunshine/core';
import { formatCount } from '../feedback/feedback.js';
import { formatRejectedValue, rejectedSummary, type RunReport } from './run-report.js';
import { formatYuan } from './report-vocabulary.js';
import { textTable } from './text-table.js';

const REJECTED_SHOWN = 20;
const RULES_SHOWN = 15;

/**
 * The human summary of a run for the terminal: data loaded, rules run and skipped, findings by
 * category and severity with the money involved (yuan), money by town and department, the
 * busiest rules, and the rejected rows.
 */
export function renderSummary(report: RunReport, options: { cwd?: string } = {}): string {
  const show = (file: string): string => (options.cwd === undefined ? file : displayPath(options.cwd, file));
  const out: string[] = [];
  const d = report.source;
  const rows = d.datasets.reduce((n, x) => n + x.rows, 0);
  out.push(`Sunshine ${report.tool.version} — as of ${report.asOf} — ${d.description}`);
  out.push(
    `Data: ${formatCount(rows)} rows loaded from ${d.datasets.length - d.missing.length} datasets, ${formatCount(report.counts.rejected)} rejected` +
      (d.missing.length > 0 ? `; missing (loaded as empty): ${d.missing.join(', ')}` : ''),
  );
  out.push(`Rules: ${report.rulesRun.length} run, ${report.rulesSkipped.length} skipped`);
  for (const s of report.rulesSkipped.slice(0, RULES_SHOWN)) out.push(`  skipped ${s.rule}: ${s.reason}`);
  if (report.rulesSkipped.length > RULES_SHOWN) out.push(`  … and ${report.rulesSkipped.length - RULES_SHOWN} more skipped`);
  out.push('', `Findings: ${formatCount(report.counts.findings)}`);
  if (report.findings.length > 0) {
    const money = report.money;
    const sev = [...SEVERITIES].reverse();
    const byCat = new Map<string, Map<string, number>>();
    for (const f of report.findings) {
      const m = byCat.get(f.category) ?? new Map<string, number>();
      m.set(f.severity, (m.get(f.severity) ?? 0) + 1);
      byCat.set(f.category, m);
    }
    const tableRows = CATEGORIES.filter((c) => byCat.has(c)).map((c) => {
      const m = byCat.get(c)!;
      return [`${CATEGORY_NAMES[c].zh} ${CATEGORY_NAMES[c].en}`, ...sev.map((s) => formatCount(m.get(s) ?? 0)), formatCount(report.counts.byCategory[c]), formatYuan(money.byCategory[c])];
    });
    tableRows.push(['total', ...sev.map((s) => formatCount(report.counts.bySeverity[s])), formatCount(report.counts.findings), formatYuan(money.total)]);
    out.push(textTable(['category', ...sev, 'total', 'amount (yuan)'], tableRows, { numeric: [1, 2, 3, 4, 5, 6] }));
    out.push(
      `  Money involved: ${formatYuan(money.total)} yuan in ${formatCount(money.findingsWithAmount)} ${money.findingsWithAmount === 1 ? 'finding' : 'findings'}` +
        (money.findingsWithoutAmount > 0 ? ` (${formatCount(money.findingsWithoutAmount)} without money: statistical signals and the like)` : ''),
    );
    const places = (title: string, totals: Readonly<Record<string, number>>, names: Readonly<Record<string, string>>): void => {
      const rows = Object.entries(totals)
        .filter(([, fen]) => fen !== 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (rows.length === 0) return;
      out.push('', `Money by ${title}:`);
      out.push(textTable([title, 'name', 'amount (yuan)'], rows.slice(0, RULES_SHOWN).map(([code, fen]) => [code, names[code] ?? '', formatYuan(fen)]), { numeric: [2] }));
      if (rows.length > RULES_SHOWN) out.push(`  … and ${rows.length - RULES_SHOWN} more`);
    };
    places('town', money.byTown, report.names.towns);
    places('department', money.byDepartment, report.names.departments);
    const titles = new Map(report.rules.map((r) => [r.id, r.title.zh]));
    for (const f of report.findings) if (!titles.has(f.rule)) titles.set(f.rule, f.title.zh);
    const busiest = Object.entries(report.counts.byRule)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out.push('', 'Findings by rule:');
    out.push(textTable(['rule', '名称', 'findings'], busiest.slice(0, RULES_SHOWN).map(([id, n]) => [id, titles.get(id) ?? '', formatCount(n)]), { numeric: [2] }));
    if (busiest.length > RULES_SHOWN) out.push(`  … and ${busiest.length - RULES_SHOWN} more rules with findings`);
  }
  if (report.counts.rejected > 0) {
    out.push('', `Rejected rows: ${rejectedSummary(report.counts)}`);
    out.push(
      textTable(
        ['dataset', 'file', 'row', 'field', 'value', 'message'],
        report.rejected.slice(0, REJECTED_SHOWN).map((r) => [r.dataset, show(r.file), String(r.row), r.field, formatRejectedValue(r.value), r.message]),
        { numeric: [2], maxWidth: [20, 40, 8, 24, 24, 72] },
      ),
    );
    if (report.rejected.length > REJECTED_SHOWN) out.push(`  … and ${report.rejected.length - REJECTED_SHOWN} more; \`--format json\` lists them all under "rejected"`);
  }
  return `${out.join('\n')}\n`;
}
