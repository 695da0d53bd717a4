/**
 * The SQLite implementation of {@link SqlDatabase}, on better-sqlite3 12.x (imported on first
 * use). better-sqlite3 is synchronous; a queue keeps a transaction's statements from
 * interleaving with other requests' while its callback awaits.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { importDriver } from '@sunshine/adapters';
import { ServerError } from '../server-error.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database.js';

/** The part of a better-sqlite3 statement used here. */
interface SqliteStatement {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): { changes: number };
}

/** The part of a better-sqlite3 database used here. */
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(sql: string): unknown;
  close(): void;
}

type SqliteConstructor = new (file: string) => SqliteDatabase;

export interface SqliteDatabaseOptions {
  /** The database file (created with its folder when missing), or `:memory:`. */
  readonly file: string;
}

/**
 * Opens (or creates) a SQLite database file in WAL mode.
 *
 * @example
 * ```ts
 * const db = await createSqliteDatabase({ file: '.sunshine/sunshine.db' });
 * const rows = await db.all('SELECT 1 AS one');
 * ```
 */
export async function createSqliteDatabase(options: SqliteDatabaseOptions): Promise<SqlDatabase> {
  const opts = Object.freeze({ ...options });
  const Database = await importDriver<SqliteConstructor>('better-sqlite3', 'keep the state in SQLite', undefined, (e) => new ServerError('CONFIG', `Cannot import \`better-sqlite3\`, needed for the SQLite state store. Install it (\`pnpm add better-sqlite3@12\`). (${(e as Error).message})`, {}, { cause: e }));
  if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(opts.file);
  } catch (e) {
    throw new ServerError('CONFIG', `cannot open the SQLite state file \`${opts.file}\`: ${(e as Error).message}`, {}, { cause: e });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const cache = new Map<string, SqliteStatement>();
  const prepare = (sql: string): SqliteStatement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (cache.size > 500) cache.clear();
      cache.set(sql, s);
    }
    return s;
  };

  // A failing statement rejects instead of throwing synchronously.
  const attempt = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const executor: SqlExecutor = {
    all: <T>(sql: string, params: readonly SqlValue[] = []) => attempt(() => prepare(sql).all(...params) as T[]),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => attempt(() => prepare(sql).get(...params) as T | undefined),
    run: (sql: string, params: readonly SqlValue[] = []) => attempt(() => prepare(sql).run(...params).changes),
    insertMany: (table, columns, rows) =>
      attempt(() => {
        const stmt = prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const r of rows) stmt.run(...r);
      }),
  };

  // One queue for everything: a transaction holds it until it ends; a plain statement waits for it.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  let inTransaction = false;
  const direct = <T>(fn: () => Promise<T>): Promise<T> => (inTransaction ? enqueue(fn) : fn());

  return {
    dialect: 'sqlite',
    description: `sqlite ${opts.file}`,
    all: (sql, params) => direct(() => executor.all(sql, params)),
    get: (sql, params) => direct(() => executor.get(sql, params)),
    run: (sql, params) => direct(() => executor.run(sql, params)),
    insertMany: (table, columns, rows) => enqueue(() => executor.insertMany(table, columns, rows)),
    exec(script) {
      return enqueue(() => {
        db.exec(script);
        return Promise.resolve();
      });
    },
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return enqueue(async () => {
        inTransaction = true;
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(executor);
          db.exec('COMMIT');
          return result;
        } catch (e) {
          db.exec('ROLLBACK');
          throw e;
        } finally {
          inTransaction = false;
        }
      });
    },
    close() {
      return enqueue(() => {
        db.close();
        return Promise.resolve();
      });
    },
  };
}
