/**
 * Imports (a folder on the server's disk, uploaded files, the configured store) and the cache
 * of imported tables runs and explanations read.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadData, type LoadedData, type Source, type Tables } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import type { Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { ImportRow } from '../store/server-store.js';
import { describeDataStore, openDataStore } from './data-store-spec.js';
import type { ServiceContext } from './service-context.js';
import type { ImportSummary, UploadFile } from './service-types.js';

function importSummary(r: ImportRow): ImportSummary {
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    description: r.description,
    created_at: r.created_at,
    counts: JSON.parse(r.counts) as Record<string, { loaded: number; rejected: number }>,
    rejected: r.rejected,
    missing: JSON.parse(r.missing) as string[],
    records_kept: r.records_pruned_at === null,
  };
}

const UPLOAD_NAME = /^[a-z_]+\.(csv|tsv|ndjson|json|xlsx)$/;

/** The datasets the citizen service cannot do without (sign-in, look-up, disclosure). */
export const REQUIRED_DATASETS = ['persons', 'payments'] as const;
/** An import keeping less than this share of a dataset's rows of the last import is refused. */
const KEEP_AT_LEAST = 0.5;
/** … when that dataset had at least this many rows. */
const SHRINK_CHECK_FROM = 20;

/** How an import may go ahead. */
export interface ImportOptions {
  /** Import even when it lacks a needed dataset or loses most rows of the last import. */
  readonly force?: boolean | undefined;
}

/** Imports and the cache of imported tables. */
export class Imports {
  readonly ctx: ServiceContext;
  readonly #tables = new Map<string, Promise<Tables>>();

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  /**
   * Why an import must not replace the last one: a dataset the service needs is missing or
   * empty, or a dataset lost most of its rows. Empty when it may go ahead.
   */
  async #problems(counts: Readonly<Record<string, { loaded: number }>>): Promise<string[]> {
    const problems: string[] = [];
    for (const d of REQUIRED_DATASETS) if (!counts[d]?.loaded) problems.push(`${d}: no rows (citizen sign-in, look-up and disclosure need it)`);
    const last = await this.ctx.store.latestImport();
    if (last) {
      for (const [d, c] of Object.entries(JSON.parse(last.counts) as Record<string, { loaded: number }>)) {
        const now = counts[d]?.loaded ?? 0;
        if (now > 0 && c.loaded >= SHRINK_CHECK_FROM && now < c.loaded * KEEP_AT_LEAST) problems.push(`${d}: ${now} rows, where the last import (#${last.seq}) had ${c.loaded}`);
      }
    }
    return problems;
  }

  async #importSource(p: Principal | undefined, kind: string, source: Source, description: string, options: ImportOptions = {}): Promise<ImportSummary> {
    let data: LoadedData;
    try {
      data = await loadData(source);
    } catch (e) {
      throw new ServerError('BAD_REQUEST', `cannot import ${description}: ${(e as Error).message}`, {}, { cause: e });
    } finally {
      await source.close?.();
    }
    const problems = await this.#problems(data.counts);
    if (problems.length && !options.force) {
      await this.ctx.store.audit({ actor: p?.id ?? 'system', role: p?.role ?? 'system', action: 'import.refused', target: '', detail: { kind, description, problems } });
      throw new ServerError('IMPORT_REFUSED', `the import of ${description} is refused, the last import keeps serving: ${problems.join('; ')} (import it anyway with \`force\`)`, { problems });
    }
    const row = await this.ctx.store.saveImport(
      {
        id: randomUUID(),
        kind,
        description,
        created_by: p?.id ?? null,
        counts: JSON.stringify(data.counts),
        rejected: data.rejected.length,
        missing: JSON.stringify(data.missing),
      },
      data.tables,
      { actor: p?.id ?? 'system', role: p?.role ?? 'system', action: 'import.create', target: '', detail: { kind, ...(problems.length ? { forced: problems } : {}) } },
    );
    this.#tables.set(row.id, Promise.resolve(data.tables));
    this.#trimCache(row.id);
    for (const id of await this.ctx.store.pruneImports(this.ctx.opts.keepImports ?? 3)) this.#tables.delete(id);
    return importSummary(row);
  }

  /** Imports a folder on the server's disk. */
  async importFolder(p: Principal | undefined, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
    this.ctx.requireDiscipline(p, 'imports data');
    return this.#importSource(p, 'folder', createFolderSource({ dir }), `folder ${dir}`, options);
  }

  /** Imports files sent in the request (one per dataset: `payments.csv`, …). */
  async importUpload(p: Principal | undefined, files: readonly UploadFile[], options: ImportOptions = {}): Promise<ImportSummary> {
    this.ctx.requireDiscipline(p, 'imports data');
    if (files.length === 0) throw new ServerError('BAD_REQUEST', '`files` is empty');
    for (const f of files) {
      if (!UPLOAD_NAME.test(f.name)) throw new ServerError('BAD_REQUEST', `file name \`${f.name}\`: use \`<dataset>.<csv|tsv|ndjson|json|xlsx>\` (e.g. \`payments.csv\`)`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'sunshine-upload-'));
    try {
      for (const f of files) await writeFile(join(dir, f.name), Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8'));
      return await this.#importSource(p, 'upload', createFolderSource({ dir }), `upload of ${files.map((f) => f.name).join(', ')}`, options);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Imports the configured store. */
  async importConfigured(p: Principal | undefined, options: ImportOptions = {}): Promise<ImportSummary> {
    this.ctx.requireDiscipline(p, 'imports data');
    const spec = this.ctx.opts.data;
    if (!spec) throw new ServerError('BAD_REQUEST', 'no data store is configured (start the server with `--data DIR` or the `data` option)');
    let source: Source;
    try {
      source = await openDataStore(spec);
    } catch (e) {
      throw new ServerError('BAD_REQUEST', `cannot open ${describeDataStore(spec)}: ${(e as Error).message}`, {}, { cause: e });
    }
    return this.#importSource(p, 'configured', source, describeDataStore(spec), options);
  }

  async listImports(p: Principal): Promise<ImportSummary[]> {
    this.ctx.requireOversight(p, 'list imports');
    return (await this.ctx.store.listImports()).map(importSummary);
  }

  #trimCache(keep: string): void {
    for (const k of this.#tables.keys()) if (this.#tables.size > 2 && k !== keep) this.#tables.delete(k);
  }

  tables(importId: string): Promise<Tables> {
    let t = this.#tables.get(importId);
    if (!t) {
      t = this.ctx.store.importTables(importId);
      this.#tables.set(importId, t);
      t.catch(() => this.#tables.delete(importId));
      this.#trimCache(importId);
    }
    return t;
  }
}
