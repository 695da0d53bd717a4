import type { RunReport } from './run-report.js';

/** `1234.50`: fen as yuan with two decimals and no separators, as spreadsheets read a number. */
function yuanCell(fen: number | null): string {
  if (fen === null) return '';
  const a = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** The columns of `--format csv`, in order. */
export const CSV_COLUMNS = [
  'rule',
  'category',
  'severity',
  'key',
  'department',
  'town',
  'village',
  'id_number',
  'message_zh',
  'message_en',
  'fingerprint',
  'amount',
] as const;

/** A number as spreadsheets read one (`-12.5`, `+3`, `1e5`): left as it is. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Characters that make a spreadsheet read a cell as a formula (`=`, `+`, `-`, `@`) or that
 * OWASP lists as able to start one after trimming (tab, carriage return, line feed).
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * Spreadsheet safety: a text that a spreadsheet would take for a formula (a payee named
 * `=HYPERLINK(…)` in county data) gets a leading apostrophe, so Excel, WPS and LibreOffice
 * show it as text; numbers (`-12.5`) stay as they are.
 *
 * @example
 * ```ts
 * spreadsheetSafe('=HYPERLINK("http://x")'); // '\'=HYPERLINK("http://x")'
 * spreadsheetSafe('-12.5'); // '-12.5'
 * ```
 */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

function field(value: string | null): string {
  const v = spreadsheetSafe(value ?? '');
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * `--format csv`: RFC 4180 (CRLF, quoted where needed), UTF-8 with a byte-order mark so that
 * Excel opens Chinese text correctly. One row per finding, in the engine's order; `amount` is
 * the money involved in yuan with two decimals (`1200.00`; empty where none). A cell that would start with `=`,
 * `+`, `-`, `@`, a tab or a line break and is not a number starts with an apostrophe instead
 * ({@link spreadsheetSafe}), so that no county value becomes a live formula.
 *
 * @example
 * ```ts
 * writeFileSync('findings.csv', [...renderCsvReport(report)].join(''));
 * ```
 */
export function* renderCsvReport(report: RunReport): Generator<string> {
  yield `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
  for (const f of report.findings) {
    yield `${[
      f.rule,
      f.category,
      f.severity,
      f.key,
      f.department_code,
      f.town_code,
      f.village_code,
      f.id_number,
      f.message.zh,
      f.message.en,
      f.fingerprint,
      yuanCell(f.amount),
    ]
      .map(field)
      .join(',')}\r\n`;
  }
}
