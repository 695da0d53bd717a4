/**
 * The embedded DuckDB connection (`@duckdb/node-api`, imported on first use). In memory by
 * default; give `path` for a database file, and `memoryLimit` / `tempDirectory` to let DuckDB
 * spill to disk when the data is larger than memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatasetDef, Rec } from '@sunshine/core';
import { DUCKDB } from './dialect.js';
import { createTableSql, type SqlConnection, type SqlRows } from './sql-connection.js';
import { messageOf, SqlError } from './sql-error.js';

type DuckApi = typeof import('@duckdb/node-api');

export interface DuckDbOptions {
  /** Database file; `:memory:` (the default) keeps everything in memory, spilling to `tempDirectory`. */
  readonly path?: string;
  /** DuckDB's `memory_limit`, e.g. `'4GB'`. */
  readonly memoryLimit?: string;
  /**
   * Where DuckDB spills when over its memory limit. @default with `memoryLimit`, a new folder
   * under `os.tmpdir()`, removed by `close()`
   */
  readonly tempDirectory?: string;
  /** Worker threads. @default DuckDB's (one per core) */
  readonly threads?: number;
}

async function importDuck(): Promise<DuckApi> {
  try {
    return await import('@duckdb/node-api');
  } catch (e) {
    throw new SqlError('DRIVER_MISSING', `the DuckDB executor needs \`@duckdb/node-api\`: install it (pnpm add @duckdb/node-api@1.5.6-r.1) — ${messageOf(e)}`);
  }
}

/** BIGINTs come back as bigint; money and counts fit a double exactly, so make them numbers. */
function plain(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/**
 * Opens an embedded DuckDB database.
 *
 * @example
 * ```ts
 * const db = await openDuckDb({ memoryLimit: '8GB', tempDirectory: '/tmp/spill' });
 * await loadTables(db, loaded); // or reference CSV/Parquet files in place
 * const result = await runSql(engine, db);
 * await db.close();
 * ```
 */
export async function openDuckDb(options: DuckDbOptions = {}): Promise<SqlConnection> {
  const opts = Object.freeze({ ...options });
  const duck = await importDuck();
  const config: Record<string, string> = {};
  if (opts.memoryLimit) config['memory_limit'] = opts.memoryLimit;
  // A memory limit without a spill folder would fail instead of spilling: give it one of its own.
  const ownTemp = opts.memoryLimit && !opts.tempDirectory ? mkdtempSync(path.join(tmpdir(), 'sunshine-duckdb-spill-')) : undefined;
  const tempDirectory = opts.tempDirectory ?? ownTemp;
  if (tempDirectory) config['temp_directory'] = tempDirectory;
  if (opts.threads) config['threads'] = String(opts.threads);
  let instance: InstanceType<DuckApi['DuckDBInstance']>;
  try {
    instance = await duck.DuckDBInstance.create(opts.path ?? ':memory:', config);
  } catch (e) {
    if (ownTemp) rmSync(ownTemp, { recursive: true, force: true });
    throw new SqlError('UNREACHABLE', `cannot open DuckDB database ${opts.path ?? ':memory:'}: ${messageOf(e)}`);
  }
  const conn = await instance.connect();
  const run = async (sql: string): Promise<SqlRows> => {
    try {
      const reader = await conn.runAndReadAll(sql);
      const columns = reader.columnNames();
      const rows = reader.getRows().map((r) => r.map(plain));
      return { columns, rows };
    } catch (e) {
      throw new SqlError('UNREACHABLE', `DuckDB: ${messageOf(e)}\n  in: ${sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql}`);
    }
  };
  return {
    dialect: DUCKDB,
    query: run,
    async exec(sql) {
      await run(sql);
    },
    async relations() {
      const r = await run(`SELECT lower(table_name) FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = current_schema()`);
      return new Set(r.rows.map((x) => String(x[0])));
    },
    async load(def: DatasetDef, rows: readonly Rec[]) {
      await run(`DROP TABLE IF EXISTS ${DUCKDB.ident(def.name)} CASCADE`);
      await run(createTableSql(def, DUCKDB));
      const appender = await conn.createAppender(def.name);
      const fields = def.fields.map((f) => ({ name: f.name, kind: f.type === 'money' || f.type === 'integer' ? 'int' : f.type === 'decimal' ? 'float' : 'text' }));
      try {
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!;
          for (const f of fields) {
            const v = r[f.name];
            if (v === null || v === undefined) appender.appendNull();
            else if (f.kind === 'int') appender.appendBigInt(BigInt(v));
            else if (f.kind === 'float') appender.appendDouble(Number(v));
            else appender.appendVarchar(String(v));
          }
          appender.appendBigInt(BigInt(i));
          appender.endRow();
        }
        appender.closeSync();
      } catch (e) {
        throw new SqlError('BAD_SCHEMA', `cannot load ${def.name} into DuckDB: ${messageOf(e)}`, { dataset: def.name });
      }
    },
    close() {
      conn.closeSync();
      instance.closeSync();
      if (ownTemp) rmSync(ownTemp, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

export { attachFolder, type AttachFolderOptions, type AttachedDataset, type AttachedFolder, type InPlaceProblem } from './duckdb-folder.js';
