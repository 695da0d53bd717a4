/**
 * `@sunshine/adapters/xlsx`: Excel workbooks, read with `exceljs` (an optional peer
 * dependency, imported on first use): one workbook with a sheet per dataset, or a folder with
 * a workbook per dataset.
 * @packageDocumentation
 */
import type { DatasetLocation, RawBatch } from '@sunshine/core';
import { AdapterError } from './adapter-error.js';
import { mergeEntries, type DatasetEntry, type EntrySource, type SheetRef } from './dataset-entry.js';
import { createFolderSource } from './folder/folder-source.js';
import type { DriverLoader } from './import-driver.js';
import { openWorkbook, pickSheet, sheetBatches, visibleSheets, type XlsxWorkbook, type XlsxWorksheet } from './xlsx/read-xlsx.js';

export { cellValue, pickSheet, type SheetChoice, type XlsxRow, type XlsxWorkbook, type XlsxWorksheet } from './xlsx/read-xlsx.js';
export type { SheetRef } from './dataset-entry.js';

export interface XlsxSourceOptions {
  /** One workbook holding a sheet per dataset (sheet name = dataset name). Give this or `dir`. */
  readonly file?: string;
  /** A folder holding a workbook per dataset (`payments.xlsx`). Give this or `file`. */
  readonly dir?: string;
  /**
   * Sheet (with `file`) or workbook (with `dir`) of a dataset not named after it:
   * dataset → name (`{ payments: '一卡通发放明细' }`).
   */
  readonly names?: Readonly<Record<string, string>>;
  /** Header row of a dataset's sheet when title rows come first. @default 1 */
  readonly headerRows?: Readonly<Record<string, number>>;
  /**
   * Sheet of a dataset by name or 0-based position among the visible sheets, over `names`
   * (with `dir`: the sheet inside the dataset's workbook, see `pickSheet`).
   */
  readonly sheets?: Readonly<Record<string, SheetRef>>;
  /** Whether a header gives a dataset's required fields (with `dir`, see `DatasetEntry.fits`). */
  readonly fits?: Readonly<Record<string, (columns: readonly string[]) => boolean>>;
  /** Rows per batch. @default 2048 */
  readonly batchSize?: number;
  /** Loader of `exceljs`. @default () => import('exceljs') */
  readonly driver?: DriverLoader;
}

/**
 * Creates a source over Excel workbooks. Sheet rows keep their numbers (the header is row 1
 * unless `headerRows` says otherwise); cells pass through raw: numbers as numbers, dates as
 * Excel serial days, formulas as their cached result. Hidden sheets are ignored.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createXlsxSource } from '@sunshine/adapters/xlsx';
 *
 * const data = await loadData(createXlsxSource({ file: './county.xlsx' }));
 * ```
 */
export function createXlsxSource(options: XlsxSourceOptions): EntrySource {
  const opts = Object.freeze({ ...options });
  if ((opts.file === undefined) === (opts.dir === undefined)) {
    throw new AdapterError('INVALID_OPTIONS', 'createXlsxSource: give exactly one of `file` (a workbook with a sheet per dataset) or `dir` (a folder with a workbook per dataset)');
  }
  if (opts.dir !== undefined) {
    return createFolderSource({
      dir: opts.dir,
      formats: ['xlsx'],
      ...(opts.names ? { files: opts.names } : {}),
      ...(opts.headerRows ? { headerRows: opts.headerRows } : {}),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      ...(opts.driver ? { xlsxDriver: opts.driver } : {}),
      ...(opts.sheets ? { sheets: opts.sheets } : {}),
      ...(opts.fits ? { fits: opts.fits } : {}),
    });
  }
  const file = opts.file!;
  let workbook: Promise<XlsxWorkbook> | undefined;
  const open = (): Promise<XlsxWorkbook> => (workbook ??= openWorkbook(file, file, opts.driver));
  // A dataset's sheet: `sheets` (a name, or a position among the visible sheets), else `names`, else the dataset name.
  const sheetNames = async (): Promise<Record<string, string>> => {
    const wb = await open();
    const out: Record<string, string> = { ...opts.names };
    for (const [dataset, ref] of Object.entries(opts.sheets ?? {})) {
      const ws = pickSheet(wb, { dataset, names: [], sheet: ref, file });
      if (ws) out[dataset] = ws.name.trim();
    }
    return out;
  };
  const sheetOf = async (dataset: string): Promise<string> => (await sheetNames())[dataset] ?? dataset;

  return {
    description: `workbook ${file}`,
    async datasets(): Promise<DatasetLocation[]> {
      const wb = await open();
      const names = await sheetNames();
      const byName = new Map<string, string>();
      for (const [dataset, sheet] of Object.entries(names)) byName.set(sheet, dataset);
      const out: DatasetLocation[] = [];
      const explicit = (ws: XlsxWorksheet): boolean => byName.has(ws.name.trim());
      for (const ws of wb.worksheets.filter((w) => visibleSheets(wb).includes(w) || explicit(w))) {
        const name = ws.name.trim();
        const dataset = byName.get(name) ?? (names[name] !== undefined ? undefined : name);
        if (dataset !== undefined) out.push({ dataset, file: `${file}#${ws.name}` });
      }
      for (const [dataset, sheet] of Object.entries(names)) {
        if (!out.some((l) => l.dataset === dataset)) {
          throw new AdapterError('UNREADABLE', `${file}: no sheet \`${sheet}\` for dataset \`${dataset}\` (sheets: ${wb.worksheets.map((w) => w.name).join(', ')})`, { file, dataset });
        }
      }
      return out;
    },
    async *batches(dataset: string): AsyncGenerator<RawBatch> {
      const wb = await open();
      const wanted = await sheetOf(dataset);
      const ws = visibleSheets(wb).find((s) => s.name.trim() === wanted) ?? (opts.sheets?.[dataset] !== undefined ? wb.worksheets.find((s) => s.name.trim() === wanted) : undefined);
      if (!ws) return;
      const headerRow = opts.headerRows?.[dataset];
      yield* sheetBatches(ws, `${file}#${ws.name}`, {
        ...(headerRow ? { headerRow } : {}),
        ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      });
    },
    withEntries(entries: Readonly<Record<string, DatasetEntry>>): EntrySource {
      const { names, headerRows, sheets, fits } = mergeEntries(opts.names, opts.headerRows, entries, opts);
      return createXlsxSource({ ...opts, names, headerRows, sheets, fits });
    },
    close(): Promise<void> {
      workbook = undefined;
      return Promise.resolve();
    },
  };
}
