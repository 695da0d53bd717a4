/**
 * Where a server imports data from when told to import "the configured store" (and on every
 * scheduled run): a folder of files, or a county database, read through `@sunshine/adapters`
 * with its column mapping (the built-in Chinese headers by default, or a mapping file).
 */
import type { Source } from '@sunshine/core';
import { openStore, redactUrl } from '@sunshine/adapters';

export type DataStoreSpec =
  | { readonly kind: 'folder'; readonly dir: string; readonly mapping?: string }
  | { readonly kind: 'sqlite'; readonly file: string; readonly mapping?: string }
  | { readonly kind: 'postgres' | 'mysql'; readonly url: string; readonly mapping?: string };

/** A short description without passwords, for the import record. */
export function describeDataStore(spec: DataStoreSpec): string {
  switch (spec.kind) {
    case 'folder':
      return `folder ${spec.dir}`;
    case 'sqlite':
      return `sqlite ${spec.file}`;
    case 'postgres':
    case 'mysql':
      return `${spec.kind} ${redactUrl(spec.url)}`;
  }
}

/**
 * Opens the source a spec names (drivers load on first use).
 *
 * @example
 * ```ts
 * const source = await openDataStore({ kind: 'folder', dir: './county' });
 * const data = await loadData(source);
 * ```
 */
export async function openDataStore(spec: DataStoreSpec): Promise<Source> {
  const mapping = spec.mapping === undefined ? {} : { mapping: spec.mapping };
  return openStore(spec.kind === 'folder' || spec.kind === 'sqlite' ? { ...spec } : { kind: spec.kind, connection: spec.url, ...mapping });
}
