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

/** Merges per-dataset name and header-row options into entries. */
export function mergeEntries(
  names: Readonly<Record<string, string>> | undefined,
  headerRows: Readonly<Record<string, number>> | undefined,
  entries: Readonly<Record<string, DatasetEntry>>,
): { names: Record<string, string>; headerRows: Record<string, number> } {
  const n: Record<string, string> = { ...names };
  const h: Record<string, number> = { ...headerRows };
  for (const [dataset, e] of Object.entries(entries)) {
    if (e.name !== undefined) n[dataset] = e.name;
    if (e.headerRow !== undefined) h[dataset] = e.headerRow;
  }
  return { names: n, headerRows: h };
}
