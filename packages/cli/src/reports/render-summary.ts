import { displayPath } from '../display-path.js';
import { CATEGORIES, CATEGORY_NAMES, SEVERITIES } from '@sunshine/core';
import { formatCount } from '../feedback/feedback.js';
import { formatRejectedValue, type RunReport } from './run-report.js';
import { msg, type MESSAGES, type MessageKey } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import { rejectedRowZh } from '../i18n/reject-reasons.js';
import { sourceDescriptionIn } from '../i18n/source-description.js';
import { formatYuan, rejectedFieldZh } from './report-vocabulary.js';
import { textTable } from './text-table.js';

const REJECTED_SHOWN = 20;
const RULES_SHOWN = 15;

/**
 * The human summary of a run for the terminal, in English (default) or Chinese: data loaded,
 * rules run and skipped, findings by category and severity with the money involved (yuan),
 * money by town and department, the busiest rules, and the rejected rows.
 */
export function renderSummary(report: RunReport, options: { cwd?: string; lang?: Lang } = {}): string {
  const lang = options.lang ?? 'en';
  const t = <K extends MessageKey>(key: K, ...args: Parameters<(typeof MESSAGES)[K]['en']>): string => msg(lang, key, ...args);
  const show = (file: string): string => (options.cwd === undefined ? file : displayPath(options.cwd, file));
  const out: string[] = [];
  const d = report.source;
  const rows = d.datasets.reduce((n, x) => n + x.rows, 0);
  out.push(t('summaryHeader', report.tool.version, report.asOf, sourceDescriptionIn(d.description, lang)));
  out.push(t('summaryData', rows, d.datasets.length - d.missing.length, report.counts.rejected) + (d.missing.length > 0 ? t('summaryMissing', d.missing.join(', ')) : ''));
  out.push(t('summaryRules', report.rulesRun.length, report.rulesSkipped.length));
  for (const s of report.rulesSkipped.slice(0, RULES_SHOWN)) out.push(t('summarySkipped', s.rule, s.reason, s.missing));
  if (report.rulesSkipped.length > RULES_SHOWN) out.push(t('summaryMoreSkipped', report.rulesSkipped.length - RULES_SHOWN));
  out.push('', t('summaryFindings', report.counts.findings));
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
      return [lang === 'zh' ? CATEGORY_NAMES[c].zh : `${CATEGORY_NAMES[c].zh} ${CATEGORY_NAMES[c].en}`, ...sev.map((s) => formatCount(m.get(s) ?? 0)), formatCount(report.counts.byCategory[c]), formatYuan(money.byCategory[c])];
    });
    tableRows.push([t('colTotal'), ...sev.map((s) => formatCount(report.counts.bySeverity[s])), formatCount(report.counts.findings), formatYuan(money.total)]);
    out.push(textTable([t('colCategory'), ...sev.map((s) => t('severityName', s)), t('colTotal'), t('colAmount')], tableRows, { numeric: [1, 2, 3, 4, 5, 6] }));
    out.push(t('summaryMoney', formatYuan(money.total), money.findingsWithAmount, money.findingsWithoutAmount));
    const places = (title: string, totals: Readonly<Record<string, number>>, names: Readonly<Record<string, string>>): void => {
      const rows = Object.entries(totals)
        .filter(([, fen]) => fen !== 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (rows.length === 0) return;
      out.push('', t('summaryMoneyBy', title));
      out.push(textTable([title, t('colName'), t('colAmount')], rows.slice(0, RULES_SHOWN).map(([code, fen]) => [code, names[code] ?? '', formatYuan(fen)]), { numeric: [2] }));
      if (rows.length > RULES_SHOWN) out.push(t('summaryMore', rows.length - RULES_SHOWN));
    };
    places(t('colTown'), money.byTown, report.names.towns);
    places(t('colDepartment'), money.byDepartment, report.names.departments);
    const titles = new Map(report.rules.map((r) => [r.id, r.title.zh]));
    for (const f of report.findings) if (!titles.has(f.rule)) titles.set(f.rule, f.title.zh);
    const busiest = Object.entries(report.counts.byRule)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out.push('', t('summaryByRule'));
    out.push(textTable([t('colRule'), '名称', t('colFindings')], busiest.slice(0, RULES_SHOWN).map(([id, n]) => [id, titles.get(id) ?? '', formatCount(n)]), { numeric: [2] }));
    if (busiest.length > RULES_SHOWN) out.push(t('summaryMoreRules', busiest.length - RULES_SHOWN));
  }
  if (report.counts.rejected > 0) {
    const parts = Object.entries(report.counts.rejectedByDataset).map(([ds, k]) => `${ds}${lang === 'zh' ? '：' : ': '}${k}`).join(lang === 'zh' ? '，' : ', ');
    out.push('', t('summaryRejected', report.counts.rejected, parts));
    out.push(
      textTable(
        [t('colDataset'), t('colFile'), t('colRow'), t('colField'), t('colValue'), t('colMessage')],
        report.rejected.slice(0, REJECTED_SHOWN).map((r) => [r.dataset, show(r.file), String(r.row), r.field, formatRejectedValue(r.value), lang === 'zh' ? rejectedRowZh(r, (field) => rejectedFieldZh(field, r.dataset)) : r.message]),
        { numeric: [2], maxWidth: [20, 40, 8, 24, 24, 72] },
      ),
    );
    if (report.rejected.length > REJECTED_SHOWN) out.push(t('summaryMoreRejected', report.rejected.length - REJECTED_SHOWN));
  }
  return `${out.join('\n')}\n`;
}
