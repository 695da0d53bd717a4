/**
 * `@sunshine/adapters/sqlite`: a SQLite database file, read with `better-sqlite3` 12.x (an
 * optional peer dependency, imported on first use). One table, view or query per dataset.
 * @packageDocumentation
 */
import { AdapterError, messageOf, reasonZh } from './adapter-error.js';
import type { EntrySource } from './dataset-entry.js';
import { importDriver, type DriverLoader } from './import-driver.js';
import { createSqlSource, type SqlDriver, type SqlSourceOptions } from './sql/sql-source.js';

export type { SqlSourceOptions } from './sql/sql-source.js';

/** The part of a better-sqlite3 statement used here. */
export interface SqliteStatement {
  raw(toggle?: boolean): this;
  safeIntegers(toggle?: boolean): this;
  columns(): { name: string }[];
  iterate(...params: unknown[]): IterableIterator<unknown[]>;
  all(...params: unknown[]): unknown[];
}

/** The part of a better-sqlite3 database used here. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

type SqliteConstructor = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;

export interface SqliteSourceOptions extends SqlSourceOptions {
  /** The database file (opened read-only). Give this or `database`. */
  readonly file?: string;
  /** An open better-sqlite3 database; the source does not close it. Give this or `file`. */
  readonly database?: SqliteDatabase;
  /** Loader of `better-sqlite3`. @default () => import('better-sqlite3') */
  readonly driver?: DriverLoader;
}

/**
 * Integers come back as BigInt (so none loses precision); those within the safe range become
 * numbers again, larger ones (an 18-digit ID number stored as INTEGER) their exact digits.
 */
function unBig(row: unknown[]): unknown[] {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v === 'bigint') row[i] = v >= Number.MIN_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER ? Number(v) : v.toString();
  }
  return row;
}

function sqliteDriver(db: SqliteDatabase, owned: boolean): SqlDriver {
  return {
    listTables: () =>
      Promise.resolve(
        (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").raw(true).all() as [string][]).map((r) => r[0]),
      ),
    async *stream(sql, batchSize) {
      const stmt = db.prepare(sql).raw(true).safeIntegers(true);
      const columns = stmt.columns().map((c) => c.name);
      let rows: unknown[][] = [];
      let yielded = false;
      for (const row of stmt.iterate()) {
        rows.push(unBig(row));
        if (rows.length >= batchSize) {
          yield { columns, rows };
          yielded = true;
          rows = [];
          await Promise.resolve();
        }
      }
      if (rows.length > 0 || !yielded) yield { columns, rows };
    },
    quote: (id) => `"${id.replaceAll('"', '""')}"`,
    close() {
      if (owned) db.close();
      return Promise.resolve();
    },
  };
}

/**
 * Creates a source over a SQLite database: each dataset from the table or view named after it
 * (any case), from `tables`, or from `queries`. Row numbers are 1-based positions in the
 * result. Integers larger than 2^53 are read as their exact digits.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createSqliteSource } from '@sunshine/adapters/sqlite';
 *
 * const source = createSqliteSource({ file: './county.sqlite', tables: { payments: 'yktff' } });
 * try { const data = await loadData(source); } finally { await source.close?.(); }
 * ```
 */
export function createSqliteSource(options: SqliteSourceOptions): EntrySource {
  const opts = Object.freeze({ ...options });
  if ((opts.file === undefined) === (opts.database === undefined)) {
    throw new AdapterError('INVALID_OPTIONS', 'createSqliteSource: give exactly one of `file` or `database`');
  }
  const description = opts.file !== undefined ? `SQLite database ${opts.file}` : 'SQLite database';
  return createSqlSource(
    description,
    opts,
    async () => {
      if (opts.database) return sqliteDriver(opts.database, false);
      const Database = await importDriver<SqliteConstructor>('better-sqlite3', 'read SQLite databases', opts.driver);
      try {
        return sqliteDriver(new Database(opts.file!, { readonly: true, fileMustExist: true }), true);
      } catch (e) {
        throw new AdapterError('UNREADABLE', `${opts.file!}: cannot open the SQLite database (${messageOf(e)})`, { file: opts.file }, { cause: e, messageZh: `${opts.file!}：无法打开 SQLite 数据库（${reasonZh(e)}）` });
      }
    },
    (tables) => createSqliteSource({ ...opts, tables }),
  );
}
