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
  };
}

const UPLOAD_NAME = /^[a-z_]+\.(csv|tsv|ndjson|json|xlsx)$/;

/** Imports and the cache of imported tables. */
export class Imports {
  readonly ctx: ServiceContext;
  readonly #tables = new Map<string, Promise<Tables>>();

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  async #importSource(p: Principal | undefined, kind: string, source: Source, description: string): Promise<ImportSummary> {
    let data: LoadedData;
    try {
      data = await loadData(source);
    } catch (e) {
      throw new ServerError('BAD_REQUEST', `cannot import ${description}: ${(e as Error).message}`, {}, { cause: e });
    } finally {
      await source.close?.();
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
      { actor: p?.id ?? 'system', role: p?.role ?? 'system', action: 'import.create', target: '', detail: { kind } },
    );
    this.#tables.set(row.id, Promise.resolve(data.tables));
    this.#trimCache(row.id);
    return importSummary(row);
  }

  /** Imports a folder on the server's disk. */
  async importFolder(p: Principal | undefined, dir: string): Promise<ImportSummary> {
    this.ctx.requireDiscipline(p, 'imports data');
    return this.#importSource(p, 'folder', createFolderSource({ dir }), `folder ${dir}`);
  }

  /** Imports files sent in the request (one per dataset: `payments.csv`, …). */
  async importUpload(p: Principal | undefined, files: readonly UploadFile[]): Promise<ImportSummary> {
    this.ctx.requireDiscipline(p, 'imports data');
    if (files.length === 0) throw new ServerError('BAD_REQUEST', '`files` is empty');
    for (const f of files) {
      if (!UPLOAD_NAME.test(f.name)) throw new ServerError('BAD_REQUEST', `file name \`${f.name}\`: use \`<dataset>.<csv|tsv|ndjson|json|xlsx>\` (e.g. \`payments.csv\`)`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'sunshine-upload-'));
    try {
      for (const f of files) await writeFile(join(dir, f.name), Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8'));
      return await this.#importSource(p, 'upload', createFolderSource({ dir }), `upload of ${files.map((f) => f.name).join(', ')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Imports the configured store. */
  async importConfigured(p: Principal | undefined): Promise<ImportSummary> {
    this.ctx.requireDiscipline(p, 'imports data');
    const spec = this.ctx.opts.data;
    if (!spec) throw new ServerError('BAD_REQUEST', 'no data store is configured (start the server with `--data DIR` or the `data` option)');
    let source: Source;
    try {
      source = await openDataStore(spec);
    } catch (e) {
      throw new ServerError('BAD_REQUEST', `cannot open ${describeDataStore(spec)}: ${(e as Error).message}`, {}, { cause: e });
    }
    return this.#importSource(p, 'configured', source, describeDataStore(spec));
  }

  async listImports(p: Principal): Promise<ImportSummary[]> {
    this.ctx.requireDiscipline(p, 'lists imports');
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
