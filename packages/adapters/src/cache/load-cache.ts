/**
 * The load cache: what `loadData` made of each dataset's file, kept in a local folder so that
 * the next load of an unchanged file skips reading, parsing and normalising it. One entry per
 * dataset: `<dataset>.key.json` (what the entry was made from) and `<dataset>.bin` (the
 * records as columns, the rejected and skipped rows, the warnings; see column-codec).
 *
 * An entry is used only when everything it was made from is the same: each source file's size,
 * modification time and SHA-1 of its content; the data model (the registry's datasets and
 * fields); the code of `@sunshine/core` and `@sunshine/adapters` (their files' names, sizes and
 * modification times); and the caller's `key` (a mapping file's content, an encoding). Anything
 * else reads the file again and rewrites the entry. A load through the cache gives what
 * `loadData` gives: the same records in the same order, rejected and skipped rows, warnings,
 * counts and locations, so the data-quality report is the same too.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import {
  canonicalDatasets,
  loadData,
  type DatasetLocation,
  type DatasetRegistry,
  type LoadDataOptions,
  type LoadedData,
  type LoadedRecord,
  type LoadWarning,
  type RejectedRow,
  type SkippedRow,
  type Source,
} from '@sunshine/core';
import { decodeColumns, encodeColumns, type EncodedColumn } from './column-codec.js';

/** Bumped whenever the entry format changes. */
const FORMAT = 'sunshine-load-cache/2';

export interface CachedLoadOptions {
  /** The cache folder (made when missing). */
  readonly cacheDir: string;
  /** Whatever else the records depend on (a mapping file's content, `--encoding`): part of every entry's key. */
  readonly key?: string;
  /** As in `loadData`. */
  readonly registry?: DatasetRegistry;
  /** As in `loadData`: load only these datasets. */
  readonly datasets?: readonly string[];
  /** As in `loadData`; a dataset read from the cache reports its rows once. */
  readonly onProgress?: LoadDataOptions['onProgress'];
}

/** What the cache did in one load. */
export interface CacheActivity {
  /** Datasets read from the cache. */
  readonly hits: string[];
  /** Datasets read from their files and written to the cache. */
  readonly written: string[];
  /** Why an entry could not be written (a read-only folder), when one could not. */
  readonly writeError?: string;
  /**
   * A key of the whole load (every requested dataset's entry key, and which are missing), for
   * what is computed from it ({@link cachedDerived}); absent when a dataset was not cacheable.
   */
  readonly key?: string;
}

interface EntryKey {
  readonly format: string;
  readonly fingerprint: string;
  readonly dataset: string;
  readonly files: readonly { readonly file: string; readonly size: number; readonly mtimeMs: number; readonly sha1: string }[];
}

interface EntryBody {
  readonly rows: number;
  readonly fields: readonly string[];
  readonly columns: readonly EncodedColumn[];
  readonly rejected: readonly RejectedRow[];
  readonly skipped: readonly SkippedRow[];
  readonly warnings: readonly LoadWarning[];
  readonly counts: { loaded: number; rejected: number };
}

let codeFingerprint: string | undefined;

/** Names, sizes and modification times of the files of the folders holding core's and this package's code. */
function codeOf(): string {
  if (codeFingerprint !== undefined) return codeFingerprint;
  const h = createHash('sha1');
  const dirs = new Set<string>();
  try {
    dirs.add(dirname(fileURLToPath(import.meta.url)));
    dirs.add(dirname(fileURLToPath(import.meta.resolve('@sunshine/core'))));
  } catch {
    // Where import.meta.resolve is missing, the model and the versions below still count.
  }
  for (const dir of [...dirs].sort()) {
    for (const name of (readdirSync(dir, { recursive: true, encoding: 'utf8' })).sort()) {
      try {
        const s = statSync(join(dir, name));
        if (s.isFile()) h.update(`${dir}/${name}\u0000${s.size}\u0000${s.mtimeMs}\n`);
      } catch {
        // A file gone while listing: it no longer counts.
      }
    }
  }
  return (codeFingerprint = h.digest('hex'));
}

function fingerprintOf(registry: DatasetRegistry, key: string, dataset: string): string {
  const def = registry.get(dataset);
  return createHash('sha1').update(JSON.stringify({ def, key, code: codeOf() })).digest('hex');
}

async function fileKey(file: string): Promise<EntryKey['files'][number] | undefined> {
  try {
    const before = await stat(file);
    if (!before.isFile()) return undefined;
    const sha1 = createHash('sha1').update(await readFile(file)).digest('hex');
    const after = await stat(file);
    // Changed while being read: no entry for it this time.
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) return undefined;
    return { file, size: before.size, mtimeMs: before.mtimeMs, sha1 };
  } catch {
    // Not a file of this machine (a database table, a sheet): not cached.
    return undefined;
  }
}

/** File-name-safe form of a dataset name. */
function entryName(dataset: string): string {
  return encodeURIComponent(dataset).replace(/\./g, '%2E');
}

async function readEntry(dir: string, key: EntryKey): Promise<EntryBody | undefined> {
  const base = join(dir, entryName(key.dataset));
  try {
    const stored = await readFile(`${base}.key.json`, 'utf8');
    if (stored !== JSON.stringify(key)) return undefined;
    const body = deserialize(await readFile(`${base}.bin`)) as EntryBody & { readonly key?: string };
    // The key is in the body too: a body from another write than the key file is not used.
    if (body.key !== stored) return undefined;
    return body;
  } catch {
    return undefined;
  }
}

async function writeEntry(dir: string, key: EntryKey, body: EntryBody): Promise<void> {
  const base = join(dir, entryName(key.dataset));
  const stored = JSON.stringify(key);
  const tmp = `.${process.pid}.${Date.now()}.tmp`;
  await mkdir(dir, { recursive: true });
  await writeFile(`${base}.bin${tmp}`, serialize({ ...body, key: stored }));
  await rename(`${base}.bin${tmp}`, `${base}.bin`);
  await writeFile(`${base}.key.json${tmp}`, stored);
  await rename(`${base}.key.json${tmp}`, `${base}.key.json`);
}

/**
 * `loadData` through the load cache in `cacheDir`: datasets whose files are unchanged come from
 * their entries, the others are loaded from the source (in one `loadData`) and their entries
 * written. The result is what `loadData(source, { registry, datasets })` returns, plus what the
 * cache did. A dataset whose place is not a local file (a database table) is always loaded.
 *
 * @example
 * ```ts
 * const source = createFolderSource({ dir: './county' });
 * const data = await loadDataCached(source, { cacheDir: './county/.sunshine-cache' });
 * console.error(`from the cache: ${data.cache.hits.join(', ')}`);
 * ```
 */
export async function loadDataCached(source: Source, options: CachedLoadOptions): Promise<LoadedData & { readonly cache: CacheActivity }> {
  const registry = options.registry ?? canonicalDatasets;
  // The listing (and its warnings about files of no dataset, and its errors) as loadData has it.
  const listing = await loadData(source, { registry, datasets: [] });
  const wanted = new Set(options.datasets ?? registry.names());
  for (const name of wanted) if (!registry.get(name)) await loadData(source, { registry, datasets: [name] }); // throws UNKNOWN_DATASET
  const requested = registry.names().filter((n) => wanted.has(n));
  const all: readonly DatasetLocation[] = await source.datasets();
  const locations = all.filter((l) => registry.get(l.dataset) !== undefined && wanted.has(l.dataset));

  const keys = new Map<string, EntryKey>();
  // Entries read, decoded at once: each entry's columns are garbage before the next is read.
  const bodies = new Map<string, Omit<EntryBody, 'columns' | 'fields'> & { readonly table: LoadedRecord[] }>();
  for (const dataset of requested) {
    const mine = locations.filter((l) => l.dataset === dataset);
    if (mine.length === 0) continue;
    const files: EntryKey['files'][number][] = [];
    for (const l of mine) {
      const k = await fileKey(l.file);
      if (k === undefined) break;
      files.push(k);
    }
    if (files.length !== mine.length) continue;
    const key: EntryKey = { format: FORMAT, fingerprint: fingerprintOf(registry, options.key ?? '', dataset), dataset, files };
    keys.set(dataset, key);
    const body = await readEntry(options.cacheDir, key);
    if (body !== undefined && body.fields.join('\u0000') === registry.get(dataset)!.fields.map((f) => f.name).join('\u0000')) {
      let table: LoadedRecord[];
      try {
        table = decodeColumns(body.columns, body.fields, body.rows);
      } catch {
        continue; // a damaged entry: loaded from the file below
      }
      bodies.set(dataset, { rows: body.rows, rejected: body.rejected, skipped: body.skipped, warnings: body.warnings, counts: body.counts, table });
      options.onProgress?.({ dataset, file: mine[0]!.file, rows: body.counts.loaded + body.counts.rejected });
    }
  }

  const toLoad = requested.filter((d) => !bodies.has(d));
  const fresh = toLoad.length === 0 ? undefined : await loadData(source, { registry, datasets: toLoad, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });

  const tables = new Map<string, readonly LoadedRecord[]>();
  const rejected: RejectedRow[] = [];
  const skipped: SkippedRow[] = [];
  const warnings: LoadWarning[] = [...listing.warnings];
  const counts: Record<string, { loaded: number; rejected: number }> = {};
  const missing: string[] = [];
  const hits: string[] = [];
  const written: string[] = [];
  let writeError: string | undefined;
  for (const dataset of requested) {
    const body = bodies.get(dataset);
    if (body !== undefined) {
      hits.push(dataset);
      tables.set(dataset, body.table);
      rejected.push(...body.rejected);
      skipped.push(...body.skipped);
      warnings.push(...body.warnings);
      counts[dataset] = { ...body.counts };
      continue;
    }
    const table = fresh!.tables.get(dataset) ?? [];
    const part = {
      rejected: fresh!.rejected.filter((r) => r.dataset === dataset),
      skipped: (fresh!.skipped ?? []).filter((s) => s.dataset === dataset),
      warnings: fresh!.warnings.filter((w) => w.dataset === dataset && w.code !== 'UNKNOWN_DATASET'),
      counts: fresh!.counts[dataset] ?? { loaded: table.length, rejected: 0 },
    };
    tables.set(dataset, table);
    rejected.push(...part.rejected);
    skipped.push(...part.skipped);
    warnings.push(...part.warnings);
    counts[dataset] = part.counts;
    if (fresh!.missing.includes(dataset)) missing.push(dataset);
    const key = keys.get(dataset);
    if (key !== undefined && writeError === undefined) {
      const fields = registry.get(dataset)!.fields.map((f) => f.name);
      try {
        await writeEntry(options.cacheDir, key, { rows: table.length, fields, columns: encodeColumns(table, fields), ...part });
        written.push(dataset);
      } catch (e) {
        writeError = e instanceof Error ? e.message : String(e);
      }
    }
  }
  // The whole load's key: every requested dataset has an entry key or no file at all.
  const cacheable = requested.every((d) => keys.has(d) || !locations.some((l) => l.dataset === d));
  const whole = cacheable
    ? createHash('sha1')
        .update(JSON.stringify({ format: FORMAT, listing: listing.warnings, datasets: requested.map((d) => keys.get(d) ?? d) }))
        .digest('hex')
    : undefined;
  return {
    tables,
    rejected,
    missing,
    locations,
    counts,
    warnings,
    skipped,
    cache: { hits, written, ...(writeError === undefined ? {} : { writeError }), ...(whole === undefined ? {} : { key: whole }) },
  };
}

/**
 * A value computed from a whole load (its data-quality report, say), kept in the cache folder
 * under `name` and the load's {@link CacheActivity.key}: read back when the key is the same,
 * else computed and written. Without a key, or when the folder cannot be read or written, it
 * is computed.
 */
export async function cachedDerived<T>(cacheDir: string, name: string, key: string | undefined, compute: () => T): Promise<T> {
  if (key === undefined) return compute();
  const file = join(cacheDir, `${entryName(name)}-${key}.bin`);
  try {
    const stored = deserialize(await readFile(file)) as { key: string; value: T };
    if (stored.key === key) return stored.value;
  } catch {
    // Not there yet, or damaged: computed below.
  }
  const value = compute();
  try {
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await mkdir(cacheDir, { recursive: true });
    await writeFile(tmp, serialize({ key, value }));
    await rename(tmp, file);
  } catch {
    // A read-only cache: the value stands without being kept.
  }
  return value;
}
