import { CATEGORIES, CATEGORY_NAMES, type Finding, type RejectedRow } from '@sunshine/core';
import { formatCount } from '../feedback/feedback.js';
import type { Explanation } from '../library/cli-library.js';
import { explanationView, verdictMark, type Segment, type ViewTable } from './explanation-view.js';
import { groupFindings } from './finding-groups.js';
import { HTML_REPORT_SCRIPT } from './html-report-script.js';
import { HTML_REPORT_STYLE } from './html-report-style.js';
import { rejectedRowZh } from '../i18n/reject-reasons.js';
import { sourceDescriptionParts } from '../i18n/source-description.js';
import { COLUMN_NAMES, dataModelNames, fieldNameZh, formatYuan, rejectedFieldZh, SEVERITIES_DESC, SEVERITY_NAMES, type Bilingual } from './report-vocabulary.js';
import { formatRejectedValue, type PlaceNames, type RunReport } from './run-report.js';

/** Rejected rows listed in the page; the JSON report has them all. */
const REJECTED_IN_PAGE = 1000;
/** Bars per chart; the rest are summed into one "other" bar. */
const BARS = 15;
/** Rows of a money table by place; the rest are summed into one row. */
const MONEY_ROWS = 30;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text in both languages; CSS shows the chosen one. */
function bi(zh: string, en: string): string {
  return zh === en ? esc(zh) : `<span class="l-zh">${esc(zh)}</span><span class="l-en">${esc(en)}</span>`;
}

const biOf = (t: Bilingual): string => bi(t.zh, t.en);

interface Bar {
  readonly zh: string;
  readonly en: string;
  readonly n: number;
  readonly color?: string;
  /** `category:eligibility` — clicking the bar sets that filter. */
  readonly filter?: string;
}

/** How a chart writes its values: a count of findings, or money (fen shown as yuan). */
export type BarUnit = 'findings' | 'yuan';

/** A horizontal bar chart as inline SVG. */
export function svgBarChart(id: string, bars: readonly Bar[], unit: BarUnit = 'findings'): string {
  const shown = bars.slice(0, BARS);
  const rest = bars.slice(BARS).reduce((t, b) => t + b.n, 0);
  const max = Math.max(1, ...shown.map((b) => b.n));
  const value = (n: number): string => (unit === 'yuan' ? formatYuan(n) : formatCount(n));
  const rowH = 22;
  const labelW = 190;
  const barW = 300;
  const rows = shown.map((b, i) => {
    const y = i * rowH + 2;
    const w = Math.max(b.n > 0 ? 2 : 0, Math.round((b.n / max) * barW));
    const label = (s: string, cls: string): string => `<text class="${cls}" x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(s.length > 24 ? `${s.slice(0, 23)}…` : s)}</text>`;
    const labels = b.zh === b.en ? label(b.zh, 'lbl') : `${label(b.zh, 'lbl l-zh')}${label(b.en, 'lbl l-en')}`;
    return (
      `<g class="bar"${b.filter === undefined ? '' : ` data-filter="${esc(b.filter)}" style="cursor:pointer"`}><title>${esc(b.zh)} / ${esc(b.en)}: ${value(b.n)}</title>${labels}` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" rx="2" fill="${b.color ?? (unit === 'yuan' ? '#b8860b' : '#c8102e')}"/>` +
      `<text class="v" x="${labelW + w + 6}" y="${y + 15}">${value(b.n)}</text></g>`
    );
  });
  if (rest > 0) {
    // The long tail as a note, not a bar that would dwarf the ones shown.
    const y = shown.length * rowH + 2;
    const more = bars.length - BARS;
    const zh = unit === 'yuan' ? `另有 ${more} 项，共 ${value(rest)} 元` : `另有 ${more} 项，共 ${value(rest)} 条`;
    const en = unit === 'yuan' ? `${more} more, ${value(rest)} yuan` : `${more} more, ${value(rest)} findings`;
    rows.push(`<text class="v l-zh" x="${labelW}" y="${y + 15}">${esc(zh)}</text><text class="v l-en" x="${labelW}" y="${y + 15}">${esc(en)}</text>`);
  }
  const h = Math.max(1, shown.length + (rest > 0 ? 1 : 0)) * rowH + 4;
  const empty = shown.length === 0 ? `<text x="10" y="16" class="v">—</text>` : '';
  return `<svg id="${esc(id)}" role="img" viewBox="0 0 ${labelW + barW + 90} ${h}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${empty}</svg>`;
}

const SEVERITY_COLOR: Readonly<Record<string, string>> = { low: '#5b8def', medium: '#e8a317', high: '#e5532d', critical: '#a4002a' };

function countBy(report: RunReport, get: (f: Finding) => string | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of report.findings) {
    const k = get(f);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function named(names: Readonly<Record<string, string>>, code: string): string {
  const n = names[code];
  return n === undefined ? code : `${n} (${code})`;
}

/** Makes JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The data source in both languages: the loader describes it in English (`folder ./county`),
 * `source-description.ts` says its kind in Chinese; the path or URL is shown as it is.
 */
function sourceHtml(description: string): string {
  const p = sourceDescriptionParts(description);
  if (p === undefined) return `<span class="key">${esc(description)}</span>`;
  return `${bi(p.zh, p.en)}${p.place === '' ? '' : ` <span class="key">${esc(p.place)}</span>`}`;
}

function viewTableHtml(t: ViewTable): string {
  return (
    `<div class="ev"><div class="muted">${biOf(t.caption)}</div><table><tr>${t.headers.map((h) => `<th>${biOf(h)}</th>`).join('')}</tr>` +
    t.rows.map((r) => `<tr>${r.map((c) => `<td class="v">${biOf(c)}</td>`).join('')}</tr>`).join('') +
    `</table>${t.more > 0 ? `<div class="muted">${bi(`另有 ${t.more} 条未列出`, `… and ${t.more} more`)}</div>` : ''}</div>`
  );
}

/**
 * An explanation as HTML in both languages: the verdict, one sentence per condition, the
 * lookups as tables with the data model's field names, money in yuan.
 */
export function explanationHtml(e: Explanation, names?: PlaceNames): string {
  // The subject's records are the finding's evidence, shown just above.
  const v = explanationView(e, { subjectTable: false, ...(names === undefined ? {} : { names }) });
  const out: string[] = [`<div class="verdict ${v.matched ? 'ok' : 'no'}">${biOf(v.verdict)}</div>`];
  for (const t of v.trees) {
    out.push(`<h5>${biOf(t.title)}</h5><ul class="conds">`);
    for (const l of t.lines) {
      const html = (parts: readonly Segment[]): string => parts.map((p) => (typeof p === 'string' ? esc(p) : `<span class="v">${esc(p.v)}</span>`)).join('');
      const zh = html(l.parts.zh);
      const en = html(l.parts.en);
      out.push(`<li style="margin-left:${l.depth * 1.2}em"><span class="${l.result === true ? 'ok' : l.result === false ? 'no' : 'muted'}">${verdictMark(l.result)}</span> ${zh === en ? zh : `<span class="l-zh">${zh}</span><span class="l-en">${en}</span>`}</li>`);
    }
    out.push('</ul>');
  }
  for (const t of v.tables) out.push(viewTableHtml(t));
  for (const s of v.values) {
    out.push(`<h5>${biOf(s.title)}</h5><table class="kv">${s.rows.map((r) => `<tr><th><code>${biOf(r.name)}</code></th><td class="v">${biOf(r.value)}</td></tr>`).join('')}</table>`);
  }
  return out.join('');
}

/** Why a row was rejected, in both languages (the Chinese from `reject-reasons.ts`). */
function rejectedReason(r: RejectedRow): string {
  // A value quoted from the data (`abc`) is shown as code, verbatim, in either language.
  const quoted = (text: string): string => esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
  return `<span class="l-zh">${quoted(rejectedRowZh(r, (field) => rejectedFieldZh(field, r.dataset)))}</span><span class="l-en">${quoted(r.message)}</span>`;
}

interface MoneyRow {
  readonly label: string;
  readonly count: number;
  readonly fen: number;
  readonly filter?: string;
}

/** A table of counts and money (yuan) with a total row. */
function moneyTable(id: string, title: Bilingual, head: Bilingual, rows: readonly MoneyRow[], total: { count: number; fen: number }): string {
  const shown = rows.slice(0, MONEY_ROWS);
  const rest = rows.slice(MONEY_ROWS);
  const tr = (label: string, count: number, fen: number, filter?: string): string =>
    `<tr${filter === undefined ? '' : ` data-filter="${esc(filter)}" class="link"`}><td>${label}</td><td class="num">${formatCount(count)}</td><td class="num">${formatYuan(fen)}</td></tr>`;
  return (
    `<div class="mtable"><h3>${biOf(title)}</h3><table id="${esc(id)}"><thead><tr><th>${biOf(head)}</th><th class="num">${biOf(COLUMN_NAMES.findings)}</th><th class="num">${biOf(COLUMN_NAMES.amount)}</th></tr></thead><tbody>` +
    shown.map((r) => tr(r.label, r.count, r.fen, r.filter)).join('') +
    (rest.length > 0 ? tr(bi(`其余 ${rest.length} 项`, `${rest.length} more`), rest.reduce((t, r) => t + r.count, 0), rest.reduce((t, r) => t + r.fen, 0)) : '') +
    `</tbody><tfoot><tr class="total"><th>${bi('合计', 'Total')}</th><th class="num">${formatCount(total.count)}</th><th class="num" data-fen="${total.fen}">${formatYuan(total.fen)}</th></tr></tfoot></table></div>`
  );
}

/**
 * `--format html`: one self-contained page (inline CSS, JS and SVG; no network, a strict CSP):
 * totals with the money involved, bar charts of counts and of money by category, severity,
 * town, village and department, money tables, and every finding — highest severity first, then
 * largest amount, then key; one person's repeats of one rule folded into one row (count, period
 * range, total) that expands — with its message, evidence (the data model's field names) and
 * explanation in sentences. Filterable in the page by category, severity, town, village,
 * department and free text; sortable by amount; 50 rows per page so tens of thousands stay
 * fast. The Chinese view is Chinese throughout and the English view English; codes are shown
 * with their names from `regions` and `departments`.
 *
 * @example
 * ```ts
 * writeChunksToFile('report.html', renderHtmlReport(report));
 * ```
 */
export function* renderHtmlReport(report: RunReport): Generator<string> {
  const c = report.counts;
  const m = report.money;
  const names = report.names;
  const title = `阳光监督报告 — ${report.asOf}`;
  yield `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<meta name="generator" content="sunshine ${esc(report.tool.version)}"><title data-en="${esc(`Sunshine report — ${report.asOf}`)}" data-zh="${esc(title)}">${esc(title)}</title><style>${HTML_REPORT_STYLE}</style></head><body>\n`;
  yield `<header><h1>${bi('阳光监督报告', 'Sunshine report')}</h1><div class="meta">${bi('截至', 'as of')} ${esc(report.asOf)} · ${sourceHtml(report.source.description)} · sunshine ${esc(report.tool.version)}</div>` +
    `<button id="lang-toggle" type="button" title="中文 / English">${bi('English', '中文')}</button></header>\n<main>\n`;

  const rowsLoaded = report.source.datasets.reduce((t, d) => t + d.rows, 0);
  const card = (id: string, n: string, zh: string, en: string): string => `<div class="card" id="${id}"><div class="n">${n}</div><div class="l">${bi(zh, en)}</div></div>`;
  yield `<section id="totals"><h2>${bi('总览', 'Overview')}</h2><div class="cards">` +
    card('total-findings', formatCount(c.findings), '预警（待核实）', 'findings') +
    card('total-money', formatYuan(m.total), '涉及金额（元）', 'money involved (yuan)') +
    SEVERITIES_DESC.map((s) => card(`total-${s}`, formatCount(c.bySeverity[s]), `${SEVERITY_NAMES[s].zh}风险`, SEVERITY_NAMES[s].en)).join('') +
    card('total-rules', formatCount(report.rulesRun.length), '运行比对模型', 'rules run') +
    card('total-rows', formatCount(rowsLoaded), '载入记录', 'rows loaded') +
    card('total-rejected', formatCount(c.rejected), '拒收记录', 'rows rejected') +
    `</div></section>\n`;

  const sevLabel = (s: (typeof SEVERITIES_DESC)[number]): Bilingual => ({ zh: `${SEVERITY_NAMES[s].zh}风险`, en: SEVERITY_NAMES[s].en });
  const catBars = (value: (k: (typeof CATEGORIES)[number]) => number): Bar[] =>
    CATEGORIES.map((k) => ({ zh: CATEGORY_NAMES[k].zh, en: CATEGORY_NAMES[k].en, n: value(k), filter: `category:${k}` })).filter((b) => b.n > 0);
  const sevBars = (value: (s: (typeof SEVERITIES_DESC)[number]) => number): Bar[] => SEVERITIES_DESC.map((s) => ({ ...sevLabel(s), n: value(s), color: SEVERITY_COLOR[s] ?? '#999', filter: `severity:${s}` }));
  const byCount = (get: (f: Finding) => string | null): [string, number][] => [...countBy(report, get).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const byMoney = (totals: Readonly<Record<string, number>>): [string, number][] => Object.entries(totals).filter(([, fen]) => fen !== 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const placeBars = (entries: [string, number][], map: Readonly<Record<string, string>>, filter: string): Bar[] => entries.map(([k, n]) => ({ zh: named(map, k), en: named(map, k), n, filter: `${filter}:${k}` }));
  const chart = (id: string, zh: string, en: string, bars: readonly Bar[], unit: BarUnit = 'findings'): string => `<div class="chart"><h3>${bi(zh, en)}</h3>${svgBarChart(id, bars, unit)}</div>`;
  yield `<section id="charts"><h2>${bi('分布（预警数）', 'Distribution (findings)')}</h2><div class="charts">` +
    chart('chart-category', '按类别', 'By category', catBars((k) => c.byCategory[k])) +
    chart('chart-severity', '按风险等级', 'By severity', sevBars((s) => c.bySeverity[s])) +
    chart('chart-town', '按乡镇', 'By town', placeBars(byCount((f) => f.town_code), names.towns, 'town')) +
    chart('chart-village', '按村（前 15）', 'By village (top 15)', placeBars(byCount((f) => f.village_code), names.villages, 'village')) +
    chart('chart-department', '按主管部门', 'By department', placeBars(byCount((f) => f.department_code), names.departments, 'department')) +
    `</div></section>\n`;

  // Money: charts and tables of yuan, each with a total that equals the sum over the findings.
  const counted = (get: (f: Finding) => string | null): Map<string, number> => countBy(report, get);
  const placeRows = (totals: Readonly<Record<string, number>>, counts: Map<string, number>, map: Readonly<Record<string, string>>, filter: string): MoneyRow[] =>
    [...counts.keys()]
      .map((k) => ({ label: esc(named(map, k)), count: counts.get(k) ?? 0, fen: totals[k] ?? 0, filter: `${filter}:${k}` }))
      .sort((a, b) => b.fen - a.fen || b.count - a.count || (a.label < b.label ? -1 : 1));
  const all = { count: c.findings, fen: m.total };
  // A place table's total is over the findings that name a place of that kind.
  const placeTable = (totals: Readonly<Record<string, number>>, counts: Map<string, number>, map: Readonly<Record<string, string>>, filter: string): [MoneyRow[], { count: number; fen: number }] => {
    const rows = placeRows(totals, counts, map, filter);
    return [rows, { count: rows.reduce((t, r) => t + r.count, 0), fen: rows.reduce((t, r) => t + r.fen, 0) }];
  };
  yield `<section id="money"><h2>${bi('涉及金额', 'Money involved')}</h2>` +
    `<p class="muted">${bi(`${formatCount(m.findingsWithAmount)} 条预警涉及金额，共 ${formatYuan(m.total)} 元；${formatCount(m.findingsWithoutAmount)} 条不涉及金额（如统计异常）。`, `${formatCount(m.findingsWithAmount)} findings involve money, ${formatYuan(m.total)} yuan in all; ${formatCount(m.findingsWithoutAmount)} involve none (statistical signals and the like).`)}</p>` +
    `<div class="charts">` +
    chart('chart-money-category', '按类别（元）', 'By category (yuan)', catBars((k) => m.byCategory[k]), 'yuan') +
    chart('chart-money-town', '按乡镇（元）', 'By town (yuan)', placeBars(byMoney(m.byTown), names.towns, 'town'), 'yuan') +
    chart('chart-money-village', '按村（元，前 15）', 'By village (yuan, top 15)', placeBars(byMoney(m.byVillage), names.villages, 'village'), 'yuan') +
    chart('chart-money-department', '按主管部门（元）', 'By department (yuan)', placeBars(byMoney(m.byDepartment), names.departments, 'department'), 'yuan') +
    `</div><div class="mtables">` +
    moneyTable('money-category', { zh: '按类别', en: 'By category' }, COLUMN_NAMES.category, CATEGORIES.filter((k) => c.byCategory[k] > 0).map((k) => ({ label: bi(CATEGORY_NAMES[k].zh, CATEGORY_NAMES[k].en), count: c.byCategory[k], fen: m.byCategory[k], filter: `category:${k}` })), all) +
    moneyTable('money-severity', { zh: '按风险等级', en: 'By severity' }, COLUMN_NAMES.severity, SEVERITIES_DESC.filter((s) => c.bySeverity[s] > 0).map((s) => ({ label: biOf(sevLabel(s)), count: c.bySeverity[s], fen: m.bySeverity[s], filter: `severity:${s}` })), all) +
    moneyTable('money-town', { zh: '按乡镇', en: 'By town' }, COLUMN_NAMES.town, ...placeTable(m.byTown, counted((f) => f.town_code), names.towns, 'town')) +
    moneyTable('money-department', { zh: '按主管部门', en: 'By department' }, COLUMN_NAMES.department, ...placeTable(m.byDepartment, counted((f) => f.department_code), names.departments, 'department')) +
    moneyTable('money-village', { zh: '按村', en: 'By village' }, COLUMN_NAMES.village, ...placeTable(m.byVillage, counted((f) => f.village_code), names.villages, 'village')) +
    `</div></section>\n`;

  const col = (t: Bilingual, extra = ''): string => `<th${extra}>${biOf(t)}</th>`;
  yield `<section id="findings"><h2>${bi('预警清单', 'Findings')} (<span id="shown-count">${formatCount(c.findings)}</span> / ${formatCount(c.findings)})</h2>` +
    `<p class="muted">${bi('按风险等级、涉及金额从高到低排列；同一人同一比对模型的多条预警合并为一行，点击展开。', 'Highest severity first, then largest amount; one person\'s repeats of one rule are one row: click to expand.')}</p>` +
    `<div class="filters"><select id="f-category"></select><select id="f-severity"></select><select id="f-town"></select><select id="f-village"></select><select id="f-department"></select><input id="f-text" type="search"></div>` +
    `<table><thead><tr>${col(COLUMN_NAMES.severity)}${col(COLUMN_NAMES.category)}${col(COLUMN_NAMES.rule)}${col(COLUMN_NAMES.key)}<th>${bi('乡镇 / 村', 'Town / village')}</th>${col(COLUMN_NAMES.department)}` +
    `<th id="sort-amount" class="num sortable" role="button" tabindex="0" aria-sort="none">${biOf(COLUMN_NAMES.amount)} <span id="sort-mark">⇅</span></th>${col(COLUMN_NAMES.message)}</tr></thead>` +
    `<tbody id="findings-body"><tr><td colspan="8" class="muted">${bi('正在加载…（需要启用 JavaScript）', 'Loading… (needs JavaScript)')}</td></tr></tbody></table>` +
    `<div class="pager"><button id="prev" type="button">‹</button><span id="page-info" class="muted"></span><button id="next" type="button">›</button></div></section>\n`;

  const ruleTitle = new Map(report.rules.map((r) => [r.id, r.title]));
  for (const f of report.findings) if (!ruleTitle.has(f.rule)) ruleTitle.set(f.rule, f.title);
  const datasetZh = (d: string): string => dataModelNames().datasets[d] ?? d;
  yield `<section id="rules"><h2>${bi('比对模型', 'Rules')} (${report.rulesRun.length} ${bi('个运行', 'run')}, ${report.rulesSkipped.length} ${bi('个未运行', 'skipped')})</h2><table><thead><tr>${col(COLUMN_NAMES.ruleId)}<th>${bi('名称', 'Name')}</th>${col(COLUMN_NAMES.findings, ' class="num"')}${col(COLUMN_NAMES.amount, ' class="num"')}</tr></thead><tbody>` +
    report.rulesRun
      .map((id) => {
        const t = ruleTitle.get(id);
        return `<tr><td class="key">${esc(id)}</td><td>${t === undefined ? '' : bi(t.zh, t.en)}</td><td class="num">${formatCount(c.byRule[id] ?? 0)}</td><td class="num">${m.byRule[id] === undefined ? '—' : formatYuan(m.byRule[id])}</td></tr>`;
      })
      .join('') +
    report.rulesSkipped.map((s) => `<tr><td class="key">${esc(s.rule)}</td><td class="muted">${bi(`跳过：缺少数据表 ${s.missing.map(datasetZh).join('、')}`, `skipped: ${s.reason}`)}</td><td class="num">—</td><td class="num">—</td></tr>`).join('') +
    `</tbody></table></section>\n`;

  if (report.rejected.length > 0) {
    yield `<section id="rejected"><h2>${bi('拒收记录', 'Rejected rows')} (${formatCount(report.rejected.length)})</h2>` +
      (report.rejected.length > REJECTED_IN_PAGE ? `<p class="muted">${bi(`仅列出前 ${REJECTED_IN_PAGE} 条；完整清单见 JSON 报告`, `First ${REJECTED_IN_PAGE} shown; the JSON report lists all`)}</p>` : '') +
      `<table><thead><tr><th>${bi('数据表', 'Dataset')}</th><th>${bi('文件', 'File')}</th><th>${bi('行', 'Row')}</th><th>${bi('字段', 'Field')}</th><th>${bi('值', 'Value')}</th><th>${bi('原因', 'Message')}</th></tr></thead><tbody>` +
      report.rejected
        .slice(0, REJECTED_IN_PAGE)
        .map(
          (r) =>
            `<tr><td>${bi(datasetZh(r.dataset), r.dataset)}</td><td class="key">${esc(r.file)}</td><td>${r.row}</td><td>${bi(fieldNameZh(r.field, r.dataset) ?? r.field, r.field)}</td><td class="key">${esc(formatRejectedValue(r.value))}</td><td>${rejectedReason(r)}</td></tr>`,
        )
        .join('') +
      `</tbody></table></section>\n`;
  }
  const dq = report.dataQuality;
  if (dq !== undefined) {
    const fieldsZh = (dataset: string, fields: readonly string[]): string => fields.map((f) => bi(fieldNameZh(f, dataset) ?? f, f)).join('、');
    const problems = dq.references.filter((r) => r.dangling > 0);
    yield `<section id="data-quality"><h2>${bi('数据质量报告', 'Data quality')}</h2>` +
      `<p>${dq.clean ? bi('所有被比对模型引用的关联都能对上。', 'Every reference the rules rely on resolves.') : bi(`${formatCount(dq.broken)} 处关联断链：比对模型依赖的参考数据缺失，相关记录不会被误报，但需要补齐。`, `${formatCount(dq.broken)} broken references: reference data the rules rely on is missing; the records concerned are not reported as findings, but the data needs completing.`)}</p>` +
      (problems.length === 0
        ? ''
        : `<table><thead><tr><th>${bi('数据表', 'Dataset')}</th><th>${bi('字段', 'Fields')}</th><th>${bi('应能在其中找到', 'Should be found in')}</th><th>${bi('级别', 'Level')}</th><th class="num">${bi('对不上的行', 'Rows pointing nowhere')}</th><th>${bi('缺少的值（示例）', 'Missing values (examples)')}</th></tr></thead><tbody>` +
          problems
            .map(
              (r) =>
                `<tr><td>${bi(datasetZh(r.from), r.from)}</td><td>${fieldsZh(r.from, r.fields)}</td><td>${bi(datasetZh(r.to), r.to)}</td><td>${r.level === 'broken' ? bi('断链', 'broken') : bi('未匹配', 'unmatched')}</td><td class="num">${formatCount(r.dangling)}</td><td class="key">${esc(r.missing.slice(0, 5).map((m) => `${m.value} (${m.rows})`).join(', '))}</td></tr>`,
            )
            .join('') +
          `</tbody></table>`) +
      (dq.duplicateKeys.length === 0
        ? ''
        : `<h3>${bi('重复的键', 'Repeated keys')}</h3><table><thead><tr><th>${bi('数据表', 'Dataset')}</th><th>${bi('字段', 'Fields')}</th><th class="num">${bi('重复的值', 'Values repeated')}</th><th>${bi('示例', 'Examples')}</th></tr></thead><tbody>` +
          dq.duplicateKeys.map((d) => `<tr><td>${bi(datasetZh(d.dataset), d.dataset)}</td><td>${fieldsZh(d.dataset, d.fields)}</td><td class="num">${formatCount(d.values)}</td><td class="key">${esc(d.examples.map((e) => `${e.value} (${e.rows})`).join(', '))}</td></tr>`).join('') +
          `</tbody></table>`) +
      (dq.totalsSkipped.length === 0
        ? ''
        : `<h3>${bi('跳过的合计行', 'Totals rows skipped')}</h3><table><thead><tr><th>${bi('数据表', 'Dataset')}</th><th>${bi('文件', 'File')}</th><th class="num">${bi('行数', 'Rows')}</th><th>${bi('行号', 'Row numbers')}</th></tr></thead><tbody>` +
          dq.totalsSkipped.map((t) => `<tr><td>${bi(datasetZh(t.dataset), t.dataset)}</td><td class="key">${esc(t.file)}</td><td class="num">${formatCount(t.rows)}</td><td class="key">${esc(t.rowNumbers.join(', '))}</td></tr>`).join('') +
          `</tbody></table>`) +
      (dq.droppedColumns.length === 0
        ? ''
        : `<h3>${bi('未使用的列', 'Columns dropped')}</h3><table><thead><tr><th>${bi('数据表', 'Dataset')}</th><th>${bi('文件', 'File')}</th><th>${bi('列', 'Column')}</th></tr></thead><tbody>` +
          dq.droppedColumns.map((c) => `<tr><td>${bi(datasetZh(c.dataset), c.dataset)}</td><td class="key">${esc(c.file)}</td><td class="key">${esc(c.column)}</td></tr>`).join('') +
          `</tbody></table>`) +
      `</section>\n`;
  }
  const explained = Object.fromEntries(Object.entries(report.explanations).map(([fp, e]) => [fp, explanationHtml(e, names)]));
  const groups = groupFindings(report.findings).map((g) => g.members);
  yield `</main>\n<script type="application/json" id="sunshine-data">{"categories":${scriptJson(CATEGORY_NAMES)},"severities":${scriptJson(SEVERITY_NAMES)},"model":${scriptJson(dataModelNames())},"names":${scriptJson(names)},"rules":${scriptJson(report.rules)},"explanations":${scriptJson(explained)},"groups":${scriptJson(groups)},"findings":[`;
  let i = 0;
  for (const f of report.findings) yield `${i++ === 0 ? '' : ','}\n${scriptJson(f)}`;
  yield `]}</script>\n<script>${HTML_REPORT_SCRIPT}</script>\n</body></html>\n`;
}
