/**
 * `@sunshine/adapters`: load a county's stores into the canonical model. This entry point has
 * the folder source (CSV, TSV, NDJSON, JSON, XLSX by extension), column mapping and the error
 * class; each store also has its own subpath (`/csv`, `/json`, `/xlsx`, `/sqlite`,
 * `/postgres`, `/mysql`). Drivers (exceljs, better-sqlite3, pg, mysql2) load on first use.
 * @packageDocumentation
 */
export { AdapterError, type AdapterErrorReason } from './adapter-error.js';
export { importDriver, type DriverLoader } from './import-driver.js';
export { redactUrl } from '@sunshine/core';
export { PG_TEXT_TYPES, pgTypesInt8AsNumber, type PgTypeParsers } from './db/pg-types.js';
export { isEntrySource, type DatasetEntry, type EntrySource, type SheetRef } from './dataset-entry.js';
export { createFolderSource, FOLDER_FORMATS, type FolderFormat, type FolderSourceOptions } from './folder/folder-source.js';
export type { TextEncodingName, TextEncodingOption } from './csv/decode-text.js';
export { mappingSchema, datasetMappingSchema, mappingJsonSchema, encodingOption, MAPPING_ENCODINGS, type Mapping, type DatasetMapping, type MappingEncoding } from './mapping/mapping-schema.js';
export { loadMapping, parseMapping, jsonPointer, type MappingCheckOptions } from './mapping/load-mapping.js';
export { headerFits, headerResolver, HEADER_PRIORITY, withMapping, mappingHeaderKey, type HeaderMatch, type WithMappingOptions } from './mapping/with-mapping.js';
export { defaultHeaderFallbacks, defaultHeaders } from './mapping/default-headers.js';
export { defaultValues } from './mapping/default-values.js';
export { openStore, type StoreSpec } from './store/open-store.js';
export { cachedDerived, loadDataCached, type CachedLoadOptions, type CacheActivity } from './cache/load-cache.js';
