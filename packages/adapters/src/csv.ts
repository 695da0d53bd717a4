/**
 * `@sunshine/adapters/csv`: a folder of `<dataset>.csv` (or `.tsv`) files in UTF-8 (with or
 * without BOM), GB18030/GBK or UTF-16 with BOM, detected per file; and the CSV scanner itself.
 * @packageDocumentation
 */
import { createFolderSource, type FolderSourceOptions } from './folder/folder-source.js';
import type { EntrySource } from './dataset-entry.js';

export { CsvScanner, parseCsv } from './csv/csv-scanner.js';
export { decodeText, type DecodedText, type TextEncodingName, type TextEncodingOption } from './csv/decode-text.js';
export { readCsvFile, type CsvFileOptions } from './csv/read-csv-file.js';

/** Options of {@link createCsvSource}. */
export type CsvSourceOptions = Omit<FolderSourceOptions, 'formats' | 'xlsxDriver'>;

/**
 * Creates a source over a folder of CSV files, one per dataset, with the canonical field names
 * (or, through `withMapping`, the county's own headers) on the first line. Row numbers are
 * line numbers: the header is row 1.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createCsvSource } from '@sunshine/adapters/csv';
 *
 * const data = await loadData(createCsvSource({ dir: './county' }));
 * ```
 */
export function createCsvSource(options: CsvSourceOptions): EntrySource {
  return createFolderSource({ ...options, formats: ['csv', 'tsv'] });
}
