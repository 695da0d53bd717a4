import { canonicalDatasets, CATEGORIES, CATEGORY_NAMES, SEVERITIES } from '@sunshine/core';
import { formatCount } from '../feedback/feedback.js';
import { HTML_REPORT_SCRIPT } from './html-report-script.js';
import { HTML_REPORT_STYLE } from './html-report-style.js';
import { formatRejectedValue, type RunReport } from './run-report.js';

/** Rejected rows listed in the page; the JSON report has them all. */
const REJECTED_IN_PAGE = 1000;
/** Bars per chart; the rest are summed into one "other" bar. */
const BARS = 15;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text in both languages; CSS shows the chosen one. */
function bi(zh: string, en: string): string {
  return zh === en ? esc(zh) : `<span class="l-zh">${esc(zh)}</span><span class="l-en">${esc(en)}</span>`;
}

interface Bar {
  readonly zh: string;
  readonly en: string;
  readonly n: number;
  readonly color?: string;
  /** `category:eligibility` — clicking the bar sets that filter. */
  readonly filter?: string;
}

/** A horizontal bar chart as inline SVG. */
export function svgBarChart(id: string, bars: readonly Bar[]): string {
  const shown = bars.slice(0, BARS);
  const rest = bars.slice(BARS).reduce((t, b) => t + b.n, 0);
  const max = Math.max(1, ...shown.map((b) => b.n));
  const rowH = 22;
  const labelW = 190;
  const barW = 300;
  const rows = shown.map((b, i) => {
    const y = i * rowH + 2;
    const w = Math.max(b.n > 0 ? 2 : 0, Math.round((b.n / max) * barW));
    const label = (s: string, cls: string): string => `<text class="${cls}" x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(s.length > 24 ? `${s.slice(0, 23)}…` : s)}</text>`;
    const labels = b.zh === b.en ? label(b.zh, 'lbl') : `${label(b.zh, 'lbl l-zh')}${label(b.en, 'lbl l-en')}`;
    return (
      `<g class="bar"${b.filter === undefined ? '' : ` data-filter="${esc(b.filter)}" style="cursor:pointer"`}><title>${esc(b.zh)} / ${esc(b.en)}: ${b.n}</title>${labels}` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" rx="2" fill="${b.color ?? '#c8102e'}"/>` +
      `<text class="v" x="${labelW + w + 6}" y="${y + 15}">${formatCount(b.n)}</text></g>`
    );
  });
  if (rest > 0) {
    // The long tail as a note, not a bar that would dwarf the ones shown.
    const y = shown.length * rowH + 2;
    const more = bars.length - BARS;
    rows.push(`<text class="v l-zh" x="${labelW}" y="${y + 15}">另有 ${more} 项，共 ${formatCount(rest)} 条</text><text class="v l-en" x="${labelW}" y="${y + 15}">${more} more, ${formatCount(rest)} findings</text>`);
  }
  const h = Math.max(1, shown.length + (rest > 0 ? 1 : 0)) * rowH + 4;
  const empty = shown.length === 0 ? `<text x="10" y="16" class="v">—</text>` : '';
  return `<svg id="${esc(id)}" role="img" viewBox="0 0 ${labelW + barW + 70} ${h}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${empty}</svg>`;
}

const SEVERITY_COLOR: Readonly<Record<string, string>> = { low: '#5b8def', medium: '#e8a317', high: '#e5532d', critical: '#a4002a' };
const SEVERITY_ZH: Readonly<Record<string, string>> = { low: '低', medium: '中', high: '高', critical: '严重' };

function countBy(report: RunReport, get: (f: RunReport['findings'][number]) => string | null): [string, number][] {
  const m = new Map<string, number>();
  for (const f of report.findings) {
    const k = get(f);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
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
 * `--format html`: one self-contained page (inline CSS, JS and SVG; no network, a strict CSP):
 * totals, bar charts by category, severity, town, village and department, every finding with
 * its Chinese (or English) message, evidence records and explanation, filterable in the page by
 * category, severity, town, village, department and free text, 50 findings per page so tens of
 * thousands stay fast.
 *
 * @example
 * ```ts
 * writeChunksToFile('report.html', renderHtmlReport(report));
 * ```
 */
export function* renderHtmlReport(report: RunReport): Generator<string> {
  const c = report.counts;
  const names = report.names;
  const title = `阳光监督报告 Sunshine report — ${report.asOf}`;
  yield `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<meta name="generator" content="sunshine ${esc(report.tool.version)}"><title>${esc(title)}</title><style>${HTML_REPORT_STYLE}</style></head><body>\n`;
  yield `<header><h1>${bi('阳光监督报告', 'Sunshine report')}</h1><div class="meta">${bi('截至', 'as of')} ${esc(report.asOf)} · ${esc(report.source.description)} · sunshine ${esc(report.tool.version)}</div>` +
    `<button id="lang-toggle" type="button" title="中文 / English">中文 / EN</button></header>\n<main>\n`;

  const rowsLoaded = report.source.datasets.reduce((t, d) => t + d.rows, 0);
  const card = (id: string, n: number, zh: string, en: string): string => `<div class="card" id="${id}"><div class="n">${formatCount(n)}</div><div class="l">${bi(zh, en)}</div></div>`;
  yield `<section id="totals"><h2>${bi('总览', 'Overview')}</h2><div class="cards">` +
    card('total-findings', c.findings, '发现问题', 'findings') +
    [...SEVERITIES].reverse().map((s) => card(`total-${s}`, c.bySeverity[s], `${SEVERITY_ZH[s] ?? s}风险`, s)).join('') +
    card('total-rules', report.rulesRun.length, '运行规则', 'rules run') +
    card('total-rows', rowsLoaded, '载入记录', 'rows loaded') +
    card('total-rejected', c.rejected, '拒收记录', 'rows rejected') +
    `</div></section>\n`;

  const catBars: Bar[] = CATEGORIES.map((k) => ({ zh: CATEGORY_NAMES[k].zh, en: CATEGORY_NAMES[k].en, n: c.byCategory[k], filter: `category:${k}` })).filter((b) => b.n > 0);
  const sevBars: Bar[] = [...SEVERITIES].reverse().map((s) => ({ zh: `${SEVERITY_ZH[s] ?? s}风险`, en: s, n: c.bySeverity[s], color: SEVERITY_COLOR[s] ?? '#999', filter: `severity:${s}` }));
  const placeBars = (get: (f: RunReport['findings'][number]) => string | null, map: Readonly<Record<string, string>>, filter: string): Bar[] =>
    countBy(report, get).map(([k, n]) => ({ zh: named(map, k), en: named(map, k), n, filter: `${filter}:${k}` }));
  const chart = (id: string, zh: string, en: string, bars: readonly Bar[]): string => `<div class="chart"><h3>${bi(zh, en)}</h3>${svgBarChart(id, bars)}</div>`;
  yield `<section id="charts"><h2>${bi('分布', 'Distribution')}</h2><div class="charts">` +
    chart('chart-category', '按类别', 'By category', catBars) +
    chart('chart-severity', '按风险等级', 'By severity', sevBars) +
    chart('chart-town', '按乡镇', 'By town', placeBars((f) => f.town_code, names.towns, 'town')) +
    chart('chart-village', '按村（前 15）', 'By village (top 15)', placeBars((f) => f.village_code, names.villages, 'village')) +
    chart('chart-department', '按主管部门', 'By department', placeBars((f) => f.department_code, names.departments, 'department')) +
    `</div></section>\n`;

  yield `<section id="findings"><h2>${bi('问题清单', 'Findings')} (<span id="shown-count">${formatCount(c.findings)}</span> / ${formatCount(c.findings)})</h2>` +
    `<div class="filters"><select id="f-category"></select><select id="f-severity"></select><select id="f-town"></select><select id="f-village"></select><select id="f-department"></select><input id="f-text" type="search"></div>` +
    `<table><thead><tr><th>${bi('等级', 'Severity')}</th><th>${bi('类别', 'Category')}</th><th>${bi('规则', 'Rule')}</th><th>${bi('编号', 'Key')}</th><th>${bi('乡镇 / 村', 'Town / village')}</th><th>${bi('部门', 'Department')}</th><th>${bi('说明', 'Message')}</th></tr></thead>` +
    `<tbody id="findings-body"><tr><td colspan="7" class="muted">${bi('正在加载…（需要启用 JavaScript）', 'Loading… (needs JavaScript)')}</td></tr></tbody></table>` +
    `<div class="pager"><button id="prev" type="button">‹</button><span id="page-info" class="muted"></span><button id="next" type="button">›</button></div></section>\n`;

  const ruleTitle = new Map(report.rules.map((r) => [r.id, r.title]));
  for (const f of report.findings) if (!ruleTitle.has(f.rule)) ruleTitle.set(f.rule, f.title);
  yield `<section id="rules"><h2>${bi('规则', 'Rules')} (${report.rulesRun.length} ${bi('运行', 'run')}, ${report.rulesSkipped.length} ${bi('跳过', 'skipped')})</h2><table><thead><tr><th>id</th><th>${bi('名称', 'Name')}</th><th>${bi('发现', 'Findings')}</th></tr></thead><tbody>` +
    report.rulesRun
      .map((id) => {
        const t = ruleTitle.get(id);
        return `<tr><td class="key">${esc(id)}</td><td>${t === undefined ? '' : bi(t.zh, t.en)}</td><td>${formatCount(c.byRule[id] ?? 0)}</td></tr>`;
      })
      .join('') +
    report.rulesSkipped.map((s) => `<tr><td class="key">${esc(s.rule)}</td><td class="muted">${bi('跳过', 'skipped')}: ${esc(s.reason)}</td><td>—</td></tr>`).join('') +
    `</tbody></table></section>\n`;

  if (report.rejected.length > 0) {
    yield `<section id="rejected"><h2>${bi('拒收记录', 'Rejected rows')} (${formatCount(report.rejected.length)})</h2>` +
      (report.rejected.length > REJECTED_IN_PAGE ? `<p class="muted">${bi(`仅列出前 ${REJECTED_IN_PAGE} 条；完整清单见 JSON 报告`, `First ${REJECTED_IN_PAGE} shown; the JSON report lists all`)}</p>` : '') +
      `<table><thead><tr><th>dataset</th><th>file</th><th>row</th><th>field</th><th>value</th><th>message</th></tr></thead><tbody>` +
      report.rejected
        .slice(0, REJECTED_IN_PAGE)
        .map((r) => `<tr><td>${esc(r.dataset)}</td><td class="key">${esc(r.file)}</td><td>${r.row}</td><td>${esc(r.field)}</td><td class="key">${esc(formatRejectedValue(r.value))}</td><td>${esc(r.message)}</td></tr>`)
        .join('') +
      `</tbody></table></section>\n`;
  }
  const moneyFields = Object.fromEntries(canonicalDatasets.all().map((d) => [d.name, d.fields.filter((f) => f.type === 'money').map((f) => f.name)]));
  yield `</main>\n<script type="application/json" id="sunshine-data">{"categories":${scriptJson(CATEGORY_NAMES)},"money":${scriptJson(moneyFields)},"names":${scriptJson(names)},"rules":${scriptJson(report.rules)},"explanations":${scriptJson(report.explanations)},"findings":[`;
  let i = 0;
  for (const f of report.findings) yield `${i++ === 0 ? '' : ','}\n${scriptJson(f)}`;
  yield `]}</script>\n<script>${HTML_REPORT_SCRIPT}</script>\n</body></html>\n`;
}
