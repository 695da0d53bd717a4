/**
 * A folder with one file per dataset (data-model.md): `<dataset>.csv`, `.tsv`, `.ndjson`,
 * `.json` or `.xlsx`, whichever exists. The CSV, JSON and XLSX sources are this source
 * restricted to their formats.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { DatasetLocation, RawBatch } from '@sunshine/core';
import { AdapterError, messageOf, reasonZh } from '../adapter-error.js';
import { readCsvFile } from '../csv/read-csv-file.js';
import type { TextEncodingOption } from '../csv/decode-text.js';
import { mergeEntries, type DatasetEntry, type EntrySource, type SheetRef } from '../dataset-entry.js';
import type { DriverLoader } from '../import-driver.js';
import { readJsonArrayFile, readNdjsonFile } from '../json/read-json-file.js';
import { openWorkbook, pickSheet, sheetBatches, visibleSheets } from '../xlsx/read-xlsx.js';

/** File formats a folder source reads, by extension. */
export type FolderFormat = 'csv' | 'tsv' | 'ndjson' | 'json' | 'xlsx';

export const FOLDER_FORMATS: readonly FolderFormat[] = ['csv', 'tsv', 'ndjson', 'json', 'xlsx'];

export interface FolderSourceOptions {
  /** The folder. */
  readonly dir: string;
  /** File formats to consider. @default every one: csv, tsv, ndjson, json, xlsx */
  readonly formats?: readonly FolderFormat[];
  /**
   * File of a dataset whose file is not named after it: dataset → file name, with or without
   * extension (`{ payments: '一卡通发放明细.xlsx' }`).
   */
  readonly files?: Readonly<Record<string, string>>;
  /** Header row of a dataset's CSV file or sheet when title rows come first. @default 1 */
  readonly headerRows?: Readonly<Record<string, number>>;
  /**
   * Text encoding of CSV and JSON files. @default 'auto' (UTF-16 with BOM; UTF-8 with or
   * without BOM, unless a file valid as UTF-8 reads as Latin-1 letters there and as Chinese in
   * GB18030; else GB18030)
   */
  readonly encoding?: TextEncodingOption;
  /** Text encoding of one dataset's CSV or JSON file, over `encoding`: dataset → encoding. */
  readonly encodings?: Readonly<Record<string, TextEncodingOption>>;
  /** Field separator of `.csv` files (`.tsv` files always use a tab). @default ',' */
  readonly delimiter?: string;
  /** Rows per batch. @default 2048 */
  readonly batchSize?: number;
  /** Loader of `exceljs` for `.xlsx` files. @default () => import('exceljs') */
  readonly xlsxDriver?: DriverLoader;
  /**
   * Sheet of a dataset's workbook: dataset → sheet name, or 0-based position among the visible
   * sheets. @default the sheet named after the dataset or file, else the first visible sheet
   * (see `pickSheet`)
   */
  readonly sheets?: Readonly<Record<string, SheetRef>>;
  /** Whether a header gives a dataset's required fields, to pass over an instructions sheet (see `DatasetEntry.fits`). */
  readonly fits?: Readonly<Record<string, (columns: readonly string[]) => boolean>>;
}

interface FileOf {
  readonly dataset: string;
  readonly path: string;
  readonly label: string;
  readonly format: FolderFormat;
}

function formatOf(file: string, formats: readonly FolderFormat[]): FolderFormat | undefined {
  const ext = extname(file).slice(1).toLowerCase();
  const f = (ext === 'tab' ? 'tsv' : ext) as FolderFormat;
  return formats.includes(f) ? f : undefined;
}

function stemOf(file: string): string {
  return file.slice(0, file.length - extname(file).length);
}

/**
 * Creates a source over a folder of dataset files.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createFolderSource } from '@sunshine/adapters';
 *
 * const data = await loadData(createFolderSource({ dir: './county' }));
 * ```
 */
export function createFolderSource(options: FolderSourceOptions): EntrySource {
  const opts = Object.freeze({ ...options });
  const formats = opts.formats ?? FOLDER_FORMATS;
  const description = `folder ${opts.dir}`;
  let listing: Promise<Map<string, FileOf>> | undefined;

  const list = async (): Promise<Map<string, FileOf>> => {
    let names: string[];
    try {
      const st = await stat(opts.dir);
      if (!st.isDirectory()) throw new Error('not a folder');
      names = (await readdir(opts.dir)).sort();
    } catch (e) {
      throw new AdapterError('UNREADABLE', `${opts.dir}: cannot read the data folder (${messageOf(e)})`, { file: opts.dir }, { cause: e, messageZh: `${opts.dir}：无法读取数据文件夹（${reasonZh(e)}）` });
    }
    const explicit = new Map<string, string>();
    for (const [dataset, file] of Object.entries(opts.files ?? {})) explicit.set(dataset, file);
    const claimed = new Set(explicit.keys());
    const found = new Map<string, FileOf>();
    const add = (dataset: string, name: string, format: FolderFormat): void => {
      const prev = found.get(dataset);
      if (prev) {
        throw new AdapterError('AMBIGUOUS', `${opts.dir}: both \`${prev.label}\` and \`${name}\` would give dataset \`${dataset}\`; keep one`, { file: opts.dir, dataset }, { messageZh: `${opts.dir}：\`${prev.label}\` 和 \`${name}\` 都是数据表 \`${dataset}\` 的文件，只保留一个` });
      }
      found.set(dataset, { dataset, path: join(opts.dir, name), label: join(opts.dir, name), format });
    };
    for (const name of names) {
      if (name.startsWith('.') || name.startsWith('~$')) continue;
      const format = formatOf(name, formats);
      if (!format) continue;
      const stem = stemOf(name);
      let dataset: string | undefined;
      for (const [ds, file] of explicit) {
        if (file === name || (extname(file) === '' && file === stem)) dataset = ds;
      }
      if (dataset === undefined) {
        dataset = stem.toLowerCase();
        if (claimed.has(dataset)) continue; // read from the file `files` names instead
      }
      add(dataset, name, format);
    }
    for (const [dataset, file] of explicit) {
      if (!found.has(dataset)) {
        throw new AdapterError('UNREADABLE', `${opts.dir}: no file \`${file}\` for dataset \`${dataset}\` (with extension ${formats.map((f) => `.${f}`).join(', ')})`, { file: join(opts.dir, file), dataset }, { messageZh: `${opts.dir}：没有数据表 \`${dataset}\` 的文件 \`${file}\`（扩展名 ${formats.map((f) => `.${f}`).join('、')}）` });
      }
    }
    return found;
  };
  const files = (): Promise<Map<string, FileOf>> => (listing ??= list());

  async function* batches(dataset: string): AsyncGenerator<RawBatch> {
    const f = (await files()).get(dataset);
    if (!f) return;
    const headerRow = opts.headerRows?.[dataset];
    const encoding = opts.encodings?.[dataset] ?? opts.encoding;
    const common = { ...(encoding ? { encoding } : {}), ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) };
    switch (f.format) {
      case 'csv':
      case 'tsv':
        yield* readCsvFile(f.path, f.label, {
          ...common,
          ...(headerRow ? { headerRow } : {}),
          ...(f.format === 'csv' && opts.delimiter ? { delimiter: opts.delimiter } : {}),
        });
        return;
      case 'ndjson':
        yield* readNdjsonFile(f.path, f.label, common);
        return;
      case 'json':
        yield* readJsonArrayFile(f.path, f.label, common);
        return;
      case 'xlsx': {
        const wb = await openWorkbook(f.path, f.label, opts.xlsxDriver);
        const sheets = visibleSheets(wb);
        const stem = stemOf(opts.files?.[dataset] ?? dataset);
        const ws = pickSheet(wb, { dataset, names: [dataset, stem], sheet: opts.sheets?.[dataset], headerRow, fits: opts.fits?.[dataset], file: f.label });
        if (!ws) {
          yield { file: f.label, columns: [], rows: [], rowNumbers: [] };
          return;
        }
        const label = sheets.length > 1 || !sheets.includes(ws) ? `${f.label}#${ws.name}` : f.label;
        yield* sheetBatches(ws, label, { ...(headerRow ? { headerRow } : {}), ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) });
        return;
      }
    }
  }

  return {
    description,
    async datasets(): Promise<DatasetLocation[]> {
      return [...(await files()).values()].map((f) => ({ dataset: f.dataset, file: f.label }));
    },
    batches,
    withEntries(entries: Readonly<Record<string, DatasetEntry>>): EntrySource {
      const { names, headerRows, sheets, fits } = mergeEntries(opts.files, opts.headerRows, entries, opts);
      const encodings: Record<string, TextEncodingOption> = { ...opts.encodings };
      for (const [dataset, e] of Object.entries(entries)) if (e.encoding !== undefined) encodings[dataset] = e.encoding;
      return createFolderSource({ ...opts, files: names, headerRows, encodings, sheets, fits });
    },
    close(): Promise<void> {
      listing = undefined;
      return Promise.resolve();
    },
  };
}
