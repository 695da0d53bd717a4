/**
 * XLSX reading through `exceljs`, imported lazily. Only the part of exceljs used here is
 * described (kysely-style), so the package does not depend on its types. Cell values pass
 * through raw: numbers stay numbers, dates become Excel serial days (the core's date parser
 * reads them), formulas give their cached result, rich text its plain text.
 */
import type { RawBatch } from '@sunshine/core';
import { AdapterError, messageOf } from '../adapter-error.js';
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
    throw new AdapterError(missing ? 'UNREADABLE' : 'MALFORMED', `${label}: cannot read the workbook (${messageOf(e)})`, { file: label }, { cause: e });
  }
  return wb;
}

/** Worksheets a person sees (hidden ones are skipped). */
export function visibleSheets(wb: XlsxWorkbook): XlsxWorksheet[] {
  return wb.worksheets.filter((ws) => ws.state === undefined || ws.state === 'visible');
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
      columns = [];
      for (let c = 1; c < values.length; c++) {
        const h = cellValue(values[c]);
        columns.push(typeof h === 'string' ? h.trim() : typeof h === 'number' ? String(h) : '');
      }
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
