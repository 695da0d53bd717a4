/**
 * `@sunshine/adapters/json`: a folder of `<dataset>.ndjson` (one object a line) or
 * `<dataset>.json` (an array of objects) files.
 * @packageDocumentation
 */
import { createFolderSource, type FolderSourceOptions } from './folder/folder-source.js';
import type { EntrySource } from './dataset-entry.js';

export { readJsonArrayFile, readNdjsonFile, type JsonFileOptions } from './json/read-json-file.js';

/** Options of {@link createJsonSource}. */
export type JsonSourceOptions = Omit<FolderSourceOptions, 'formats' | 'xlsxDriver' | 'delimiter' | 'headerRows'>;

/**
 * Creates a source over a folder of JSON files: `<dataset>.ndjson` or `<dataset>.json`, each
 * row an object keyed by field name, `null` for an empty value. Row numbers are NDJSON line
 * numbers, or 1-based positions in a JSON array.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createJsonSource } from '@sunshine/adapters/json';
 *
 * const data = await loadData(createJsonSource({ dir: './export' }));
 * ```
 */
export function createJsonSource(options: JsonSourceOptions): EntrySource {
  return createFolderSource({ ...options, formats: ['ndjson', 'json'] });
}
