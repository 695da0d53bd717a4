/**
 * Where a dataset is found in a store when its name is not the dataset's: the county's own
 * file, sheet or table name, and the header row when title rows come first. A column mapping
 * file's `source` and `headerRow` reach the source through {@link EntrySource.withEntries}.
 */
import type { Source } from '@sunshine/core';
import type { TextEncodingOption } from './csv/decode-text.js';

export interface DatasetEntry {
  /** File name (with or without extension), sheet name or table name in the store. */
  readonly name?: string;
  /** Row of the header in CSV files and sheets (1-based), when title rows come first. */
  readonly headerRow?: number;
  /** Text encoding of a CSV or JSON file (ignored by spreadsheets and databases). */
  readonly encoding?: TextEncodingOption;
  /**
   * The sheet of a workbook holding the dataset: its name, or its 0-based position among the
   * visible sheets (the tabs a person sees). Ignored by other formats.
   */
  readonly sheet?: SheetRef;
  /**
   * Whether a header row (after `headerRow`) gives the dataset's required fields. A workbook
   * whose first visible sheet fails it (an instructions sheet, 填表说明) is read from the one
   * other sheet that passes, when exactly one does and no `sheet` is named. `withMapping`
   * supplies it from the header dictionary and the mapping's `columns`.
   */
  readonly fits?: (columns: readonly string[]) => boolean;
}

/** A sheet by name, or by 0-based position among the visible sheets. */
export type SheetRef = string | number;

/** Per-dataset sheet options of the workbook readers (see {@link DatasetEntry}). */
export interface SheetOptions {
  readonly sheets?: Readonly<Record<string, SheetRef>>;
  readonly fits?: Readonly<Record<string, (columns: readonly string[]) => boolean>>;
}

/** A source that can be re-made reading some datasets from entries of other names. */
export interface EntrySource extends Source {
  /** A new source like this one, with `entries` overriding where each named dataset is read from. */
  withEntries(entries: Readonly<Record<string, DatasetEntry>>): Source;
}

/** `true` when the source supports {@link EntrySource.withEntries} (every adapter of this package does). */
export function isEntrySource(source: Source): source is EntrySource {
  return typeof (source as Partial<EntrySource>).withEntries === 'function';
}

/** Merges per-dataset name, header-row and sheet options into entries. */
export function mergeEntries(
  names: Readonly<Record<string, string>> | undefined,
  headerRows: Readonly<Record<string, number>> | undefined,
  entries: Readonly<Record<string, DatasetEntry>>,
  sheetOptions: SheetOptions = {},
): { names: Record<string, string>; headerRows: Record<string, number>; sheets: Record<string, SheetRef>; fits: Record<string, (columns: readonly string[]) => boolean> } {
  const n: Record<string, string> = { ...names };
  const h: Record<string, number> = { ...headerRows };
  const s: Record<string, SheetRef> = { ...sheetOptions.sheets };
  const f: Record<string, (columns: readonly string[]) => boolean> = { ...sheetOptions.fits };
  for (const [dataset, e] of Object.entries(entries)) {
    if (e.name !== undefined) n[dataset] = e.name;
    if (e.headerRow !== undefined) h[dataset] = e.headerRow;
    if (e.sheet !== undefined) s[dataset] = e.sheet;
    if (e.fits !== undefined) f[dataset] = e.fits;
  }
  return { names: n, headerRows: h, sheets: s, fits: f };
}
