/**
 * `--format xlsx`: one workbook an inspector passes around. exceljs is loaded only when a
 * workbook is written.
 */
import { CATEGORIES, CATEGORY_NAMES, type Category, type Finding } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import { groupFindings, periodOf, type FindingGroup } from './finding-groups.js';
import { spreadsheetSafe } from './render-csv-report.js';
import { COLUMN_NAMES, fenToYuan, SEVERITIES_DESC, SEVERITY_NAMES } from './report-vocabulary.js';
import type { RunReport } from './run-report.js';

/** The sheet that opens first. */
export const XLSX_SUMMARY_SHEET = '汇总';

/** The number format of amounts (yuan). */
export const YUAN_FORMAT = '#,##0.00';

/** Headers of the summary sheet. */
export const XLSX_SUMMARY_HEADERS = ['分组', '名称', '代码', COLUMN_NAMES.findings.zh, COLUMN_NAMES.amount.zh] as const;

/** Headers of each category's sheet. */
export const XLSX_FINDING_HEADERS = [
  COLUMN_NAMES.severity.zh,
  COLUMN_NAMES.rule.zh,
  COLUMN_NAMES.ruleId.zh,
  COLUMN_NAMES.key.zh,
  COLUMN_NAMES.town.zh,
  COLUMN_NAMES.village.zh,
  COLUMN_NAMES.department.zh,
  COLUMN_NAMES.idNumber.zh,
  COLUMN_NAMES.count.zh,
  COLUMN_NAMES.period.zh,
  COLUMN_NAMES.amount.zh,
  COLUMN_NAMES.message.zh,
  COLUMN_NAMES.fingerprint.zh,
] as const;

const FINDING_WIDTHS = [8, 24, 26, 22, 16, 16, 16, 20, 6, 20, 14, 70, 34];

type Cell = string | number | null;

/** A text cell: spreadsheets never read it as a formula ({@link spreadsheetSafe}). */
function text(v: string | null): string | null {
  return v === null ? null : spreadsheetSafe(v);
}

function yuan(fen: number | null): number | null {
  return fen === null ? null : fenToYuan(fen);
}

function named(names: Readonly<Record<string, string>>, code: string | null): string | null {
  if (code === null) return null;
  const n = names[code];
  return n === undefined ? code : `${n}（${code}）`;
}

/** Minimal view of the exceljs API used here (the library is loaded lazily). */
interface Sheet {
  columns: { header: string; width: number }[];
  addRow(values: Cell[]): { outlineLevel: number; hidden: boolean; font: unknown };
  getColumn(n: number): { numFmt: string };
  autoFilter: unknown;
  properties: { outlineProperties?: { summaryBelow: boolean; summaryRight: boolean } };
  getRow(n: number): { font: unknown };
}

interface ExcelJs {
  Workbook: new () => {
    creator: string;
    addWorksheet(name: string, options: { views: { state: 'frozen'; ySplit: number; activeCell?: string }[] }): Sheet;
    xlsx: { writeBuffer(): Promise<ArrayBuffer | Uint8Array> };
  };
}

async function loadExcelJs(): Promise<ExcelJs> {
  try {
    const m = (await import('exceljs')) as unknown as { default?: ExcelJs } & ExcelJs;
    return m.default ?? m;
  } catch (e) {
    throw new CliError('NOT_AVAILABLE', 'Cannot import `exceljs` for `--format xlsx`. Make sure it is installed (`pnpm add exceljs`).', { cause: e });
  }
}

function sheetWithHeader(wb: InstanceType<ExcelJs['Workbook']>, name: string, headers: readonly string[], widths: readonly number[]): Sheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((header, i) => ({ header, width: widths[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  return ws;
}

function summaryRows(report: RunReport): Cell[][] {
  const c = report.counts;
  const m = report.money;
  const n = report.names;
  const rows: Cell[][] = [['合计', '全部预警', null, c.findings, yuan(m.total)]];
  for (const k of CATEGORIES) rows.push(['类别', CATEGORY_NAMES[k].zh, k, c.byCategory[k], yuan(m.byCategory[k])]);
  for (const s of SEVERITIES_DESC) rows.push(['风险等级', SEVERITY_NAMES[s].zh, s, c.bySeverity[s], yuan(m.bySeverity[s])]);
  const place = (label: string, get: (f: Finding) => string | null, money: Readonly<Record<string, number>>, names: Readonly<Record<string, string>>): void => {
    const counts = new Map<string, number>();
    for (const f of report.findings) {
      const k = get(f);
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort((a, b) => (money[b] ?? 0) - (money[a] ?? 0) || counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
    for (const k of keys) rows.push([label, text(names[k] ?? k), text(k), counts.get(k)!, yuan(money[k] ?? 0)]);
  };
  place('乡镇', (f) => f.town_code, m.byTown, n.towns);
  place('村', (f) => f.village_code, m.byVillage, n.villages);
  place('主管部门', (f) => f.department_code, m.byDepartment, n.departments);
  return rows;
}

function findingRow(report: RunReport, f: Finding, count: number | null, period: string | null, amount: number | null): Cell[] {
  const n = report.names;
  return [
    SEVERITY_NAMES[f.severity].zh,
    text(f.title.zh),
    f.rule,
    text(f.key),
    text(named(n.towns, f.town_code)),
    text(named(n.villages, f.village_code)),
    text(named(n.departments, f.department_code)),
    text(f.id_number),
    count,
    text(period),
    yuan(amount),
    text(f.message.zh),
    f.fingerprint,
  ];
}

function range(g: FindingGroup): string | null {
  if (g.periodFrom === null) return null;
  return g.periodFrom === g.periodTo ? g.periodFrom : `${g.periodFrom} 至 ${g.periodTo ?? ''}`;
}

/**
 * `--format xlsx`: a workbook whose first sheet, 汇总, counts the findings and totals their
 * money (yuan) by category, severity, town, village and department, then one sheet per
 * category with findings (Chinese headers), in reading order: severity, amount, key. One
 * person's repeats of one rule are one row (次数, 期间, total) with the single findings below
 * it as an outline group, collapsed. Amounts are numbers in yuan formatted `#,##0.00`; every
 * sheet has a frozen header row and filters; no text cell is ever read as a formula.
 *
 * @example
 * ```ts
 * writeFileSync('findings.xlsx', await renderXlsxReport(report));
 * ```
 */
export async function renderXlsxReport(report: RunReport): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  wb.creator = `sunshine ${report.tool.version}`;

  const summary = sheetWithHeader(wb, XLSX_SUMMARY_SHEET, XLSX_SUMMARY_HEADERS, [10, 30, 16, 10, 18]);
  for (const r of summaryRows(report)) summary.addRow(r);
  summary.getColumn(5).numFmt = YUAN_FORMAT;
  summary.addRow([]);
  summary.addRow([`截至 ${report.asOf}`, text(report.source.description), null, null, null]);

  const groups = groupFindings(report.findings);
  const byCategory = new Map<Category, FindingGroup[]>();
  for (const g of groups) {
    const cat = report.findings[g.members[0]!]!.category;
    const list = byCategory.get(cat) ?? [];
    list.push(g);
    byCategory.set(cat, list);
  }
  for (const cat of CATEGORIES) {
    const list = byCategory.get(cat);
    if (list === undefined) continue;
    const ws = sheetWithHeader(wb, CATEGORY_NAMES[cat].zh, XLSX_FINDING_HEADERS, FINDING_WIDTHS);
    ws.properties.outlineProperties = { summaryBelow: false, summaryRight: false };
    for (const g of list) {
      const first = report.findings[g.members[0]!]!;
      if (g.members.length === 1) {
        ws.addRow(findingRow(report, first, 1, periodOf(first), first.amount));
        continue;
      }
      ws.addRow(findingRow(report, { ...first, severity: g.severity }, g.members.length, range(g), g.amount)).font = { bold: true };
      for (const i of g.members) {
        const f = report.findings[i]!;
        const row = ws.addRow(findingRow(report, f, null, periodOf(f), f.amount));
        row.outlineLevel = 1;
        row.hidden = true;
      }
    }
    ws.getColumn(11).numFmt = YUAN_FORMAT;
  }
  const buf = await wb.xlsx.writeBuffer();
  return buf instanceof Uint8Array ? buf : new Uint8Array(buf);
}
