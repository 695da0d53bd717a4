/**
 * XLSX reading through `exceljs`, imported lazily. Only the part of exceljs used here is
 * described (kysely-style), so the package does not depend on its types. Cell values pass
 * through raw: numbers stay numbers, dates become Excel serial days (the core's date parser
 * reads them), formulas give their cached result, rich text its plain text.
 */
import type { RawBatch } from '@sunshine/core';
import { AdapterError, messageOf, reasonZh } from '../adapter-error.js';
import { importDriver, type DriverLoader } from '../import-driver.js';

/** The part of an exceljs row used here: `values` is 1-based and sparse. */
export interface XlsxRow {
  readonly values: unknown;
}

/** The part of an exceljs worksheet used here. */
export interface XlsxWorksheet {
  readonly name: string;
  readonly state?: string;
  eachRow(options: { includeEmpty: boolean }, callback: (row: XlsxRow, rowNumber: number) => void): void;
}

/** The part of an exceljs workbook used here. */
export interface XlsxWorkbook {
  readonly worksheets: readonly XlsxWorksheet[];
  readonly xlsx: { readFile(path: string): Promise<unknown> };
}

interface ExcelJsModule {
  Workbook: new () => XlsxWorkbook;
}

/** Opens a workbook with exceljs (loaded on first use). */
export async function openWorkbook(path: string, label: string, driver?: DriverLoader): Promise<XlsxWorkbook> {
  const excel = await importDriver<ExcelJsModule>('exceljs', 'read XLSX workbooks', driver);
  const wb = new excel.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    const missing = (e as { code?: unknown }).code === 'ENOENT';
    throw new AdapterError(missing ? 'UNREADABLE' : 'MALFORMED', `${label}: cannot read the workbook (${messageOf(e)})`, { file: label }, { cause: e, messageZh: `${label}：无法读取 Excel 工作簿（${reasonZh(e)}）` });
  }
  return wb;
}

/** Worksheets a person sees (hidden ones are skipped). */
export function visibleSheets(wb: XlsxWorkbook): XlsxWorksheet[] {
  return wb.worksheets.filter((ws) => ws.state === undefined || ws.state === 'visible');
}

/** Thrown inside `eachRow` to stop at the header (exceljs has no early exit). */
class StopReading extends Error {}
const STOP = new StopReading('stop at the header');

/** The header of a sheet: its first non-empty row on or after `headerRow`, trimmed. */
export function sheetHeader(ws: XlsxWorksheet, headerRow = 1): string[] {
  let columns: string[] = [];
  try {
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (n < headerRow) return;
      columns = headerOf(row.values as readonly unknown[]);
      throw STOP;
    });
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return columns;
}

function headerOf(values: readonly unknown[]): string[] {
  const columns: string[] = [];
  for (let c = 1; c < values.length; c++) {
    const h = cellValue(values[c]);
    columns.push(typeof h === 'string' ? h.trim() : typeof h === 'number' ? String(h) : '');
  }
  return columns;
}

/** How {@link pickSheet} chooses a dataset's sheet. */
export interface SheetChoice {
  /** The dataset (for messages). */
  readonly dataset: string;
  /** Names a sheet may have to be the dataset's, in order (`payments`, the file's stem). */
  readonly names: readonly string[];
  /** The sheet the mapping names, by name or 0-based position among the visible sheets. */
  readonly sheet?: string | number | undefined;
  /** Header row of the dataset. @default 1 */
  readonly headerRow?: number | undefined;
  /** Whether a header gives the dataset's required fields (see `DatasetEntry.fits`). */
  readonly fits?: ((columns: readonly string[]) => boolean) | undefined;
  /** The workbook, for messages. */
  readonly file: string;
}

/**
 * The sheet of a workbook that holds a dataset, by these documented rules, in order:
 * 1. the sheet the mapping names (`"sheet"`: a name — even of a hidden sheet — or a 0-based
 *    position among the visible sheets); a name or position the workbook lacks is an error;
 * 2. a visible sheet named after the dataset or the file;
 * 3. the first visible sheet, unless its header lacks the dataset's required fields while
 *    exactly one other visible sheet has them (an instructions sheet such as 填表说明 first):
 *    then that sheet. When several other sheets have them, the choice is ambiguous: an error
 *    asking for `"sheet"`.
 * `undefined` when the workbook has no visible sheet.
 */
export function pickSheet(wb: XlsxWorkbook, choice: SheetChoice): XlsxWorksheet | undefined {
  const sheets = visibleSheets(wb);
  const list = (): string => wb.worksheets.map((w) => `\`${w.name}\`${visibleSheets(wb).includes(w) ? '' : ' (hidden)'}`).join(', ');
  if (typeof choice.sheet === 'number') {
    const ws = sheets[choice.sheet];
    if (!ws) {
      throw new AdapterError('UNREADABLE', `${choice.file}: no visible sheet at position ${choice.sheet} (0-based) for dataset \`${choice.dataset}\` (sheets: ${list()})`, { file: choice.file, dataset: choice.dataset });
    }
    return ws;
  }
  if (typeof choice.sheet === 'string') {
    const wanted = choice.sheet.trim();
    const ws = sheets.find((s) => s.name.trim() === wanted) ?? wb.worksheets.find((s) => s.name.trim() === wanted);
    if (!ws) {
      throw new AdapterError('UNREADABLE', `${choice.file}: no sheet \`${choice.sheet}\` for dataset \`${choice.dataset}\` (sheets: ${list()})`, { file: choice.file, dataset: choice.dataset });
    }
    return ws;
  }
  for (const name of choice.names) {
    const ws = sheets.find((s) => s.name.trim() === name);
    if (ws) return ws;
  }
  const first = sheets[0];
  if (!first || sheets.length === 1 || !choice.fits || choice.fits(sheetHeader(first, choice.headerRow))) return first;
  const fitting = sheets.slice(1).filter((s) => choice.fits!(sheetHeader(s, choice.headerRow)));
  if (fitting.length === 1) return fitting[0];
  if (fitting.length > 1) {
    throw new AdapterError(
      'AMBIGUOUS',
      `${choice.file}: the first sheet \`${first.name}\` lacks the columns of \`${choice.dataset}\` and several sheets have them (${fitting.map((s) => `\`${s.name}\``).join(', ')}); name one in the mapping file under \`datasets.${choice.dataset}.sheet\``,
      { file: choice.file, dataset: choice.dataset },
    );
  }
  return first;
}

const MS_PER_DAY = 86_400_000;
/** Days from Excel's day 0 (1899-12-30) to 1970-01-01. */
const EXCEL_UNIX_EPOCH = 25_569;

/** One cell's raw value, or `null` when empty. */
export function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (v instanceof Date) return v.getTime() / MS_PER_DAY + EXCEL_UNIX_EPOCH;
  const o = v as { richText?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; text?: unknown; error?: unknown };
  if (Array.isArray(o.richText)) return (o.richText as readonly { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  if ('formula' in o || 'sharedFormula' in o || 'result' in o) return cellValue(o.result);
  if (o.error !== undefined) return o.error;
  if (o.text !== undefined) return cellValue(o.text);
  return v;
}

/**
 * Yields a worksheet's rows in batches. The header is the first non-empty row on or after
 * `headerRow`; row numbers are the sheet's row numbers.
 */
export function* sheetBatches(ws: XlsxWorksheet, label: string, options: { headerRow?: number; batchSize?: number } = {}): Generator<RawBatch> {
  const headerRow = options.headerRow ?? 1;
  const batchSize = options.batchSize ?? 2048;
  let columns: string[] | undefined;
  let rows: unknown[][] = [];
  let rowNumbers: number[] = [];
  const batches: RawBatch[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = row.values as readonly unknown[];
    if (!columns) {
      if (n < headerRow) return;
      columns = headerOf(values);
      return;
    }
    const width = values.length - 1;
    const out = new Array<unknown>(width);
    let blank = true;
    for (let c = 0; c < width; c++) {
      const x = cellValue(values[c + 1]);
      out[c] = x;
      if (x !== null && x !== '') blank = false;
    }
    if (blank) return;
    rows.push(out);
    rowNumbers.push(n);
    if (rows.length >= batchSize) {
      batches.push({ file: label, columns, rows, rowNumbers });
      rows = [];
      rowNumbers = [];
    }
  });
  if (!columns) {
    yield { file: label, columns: [], rows: [], rowNumbers: [] };
    return;
  }
  if (rows.length > 0 || batches.length === 0) batches.push({ file: label, columns, rows, rowNumbers });
  yield* batches;
}
