/**
 * Opening a county store from a small description — what a config file or a command line
 * says — with its column mapping. The CLI (`sunshine run`, `sunshine.config.json`) and the
 * reference server's configured store both go through here.
 */
import type { Source } from '@sunshine/core';
import type { TextEncodingOption } from '../csv/decode-text.js';
import { createFolderSource } from '../folder/folder-source.js';
import { loadMapping } from '../mapping/load-mapping.js';
import { withMapping } from '../mapping/with-mapping.js';

/** Where the data is: a folder of files, or a database (one table or query per dataset). */
export type StoreSpec = (
  | { readonly kind: 'folder'; readonly dir: string }
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres' | 'mysql'; readonly connection: string }
) & {
  /** A column-mapping file; without one the built-in Chinese headers and codes still apply. */
  readonly mapping?: string | undefined;
  /**
   * Text encoding of a folder's CSV and JSON files (`--encoding`): over the mapping file's
   * file-wide `encoding`, under a dataset's own. @default 'auto'
   */
  readonly encoding?: TextEncodingOption | undefined;
};

/**
 * Opens a store as a mapped {@link Source}. Database drivers load only for their kind.
 *
 * @example
 * ```ts
 * const source = await openStore({ kind: 'postgres', connection: process.env.COUNTY_DB!, mapping: 'mapping.json' });
 * const data = await loadData(source);
 * ```
 */
export async function openStore(spec: StoreSpec): Promise<Source> {
  let source: Source;
  switch (spec.kind) {
    case 'folder':
      source = createFolderSource({ dir: spec.dir });
      break;
    case 'sqlite':
      source = (await import('../sqlite.js')).createSqliteSource({ file: spec.file });
      break;
    case 'postgres':
      source = (await import('../postgres.js')).createPostgresSource({ connection: spec.connection });
      break;
    case 'mysql':
      source = (await import('../mysql.js')).createMysqlSource({ connection: spec.connection });
      break;
  }
  const mapping = spec.mapping === undefined ? {} : await loadMapping(spec.mapping);
  return withMapping(source, spec.encoding === undefined ? mapping : { ...mapping, encoding: spec.encoding });
}
