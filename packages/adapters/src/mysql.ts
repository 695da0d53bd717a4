/**
 * `@sunshine/adapters/mysql`: MySQL and MariaDB, read with `mysql2` (an optional peer
 * dependency, imported on first use). Most county systems run on one of them.
 * @packageDocumentation
 */
import { AdapterError, messageOf, reasonZh } from './adapter-error.js';
import type { EntrySource } from './dataset-entry.js';
import { importDriver, type DriverLoader } from './import-driver.js';
import { createSqlSource, type SqlDriver, type SqlSourceOptions } from './sql/sql-source.js';

export type { SqlSourceOptions } from './sql/sql-source.js';

/** The part of a `mysql2` streaming query used here. */
export interface MysqlQuery {
  on(event: 'fields', listener: (fields: readonly { readonly name: string }[]) => void): this;
  on(event: 'result', listener: (row: unknown[]) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'end', listener: () => void): this;
}

/** The part of a `mysql2` connection (callback API) used here. */
export interface MysqlConnection {
  connect(callback: (error: unknown) => void): void;
  query(options: { sql: string; rowsAsArray?: boolean; values?: unknown[] }): MysqlQuery;
  pause(): void;
  resume(): void;
  end(callback?: (error: unknown) => void): void;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): this;
}

interface MysqlModule {
  createConnection(config: unknown): MysqlConnection;
}

/** Connection settings as `mysql2` takes them (`host`, `port`, `user`, `password`, `database`, `socketPath`, …). */
export type MysqlConnectionConfig = Readonly<Record<string, unknown>>;

export interface MysqlSourceOptions extends SqlSourceOptions {
  /** A connection URI (`mysql://user:pass@host:3306/db`) or `mysql2` connection settings. */
  readonly connection: string | MysqlConnectionConfig;
  /** Loader of `mysql2`. @default () => import('mysql2') */
  readonly driver?: DriverLoader;
}

function collect(conn: MysqlConnection, sql: string, values: unknown[] = []): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    const rows: unknown[][] = [];
    conn
      .query({ sql, values, rowsAsArray: true })
      .on('result', (row) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

function mysqlDriver(conn: MysqlConnection): SqlDriver {
  let broken = false;
  // A connection that dies while idle (server restart, network) must not crash the process:
  // the next query on it fails with the driver's error instead.
  conn.on('error', () => {
    broken = true;
  });
  return {
    async listTables() {
      const rows = await collect(conn, 'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()');
      return rows.map((r) => String(r[0]));
    },
    async *stream(sql, batchSize) {
      // Mutated by the query's event handlers.
      const state: { columns: readonly string[]; buffer: unknown[][]; done: boolean; failed: { error: unknown } | undefined; paused: boolean; wake: (() => void) | undefined } = {
        columns: [],
        buffer: [],
        done: false,
        failed: undefined,
        paused: false,
        wake: undefined,
      };
      const notify = (): void => {
        const w = state.wake;
        state.wake = undefined;
        w?.();
      };
      conn
        .query({ sql, rowsAsArray: true })
        .on('fields', (fields) => {
          state.columns = fields.map((f) => f.name);
        })
        .on('result', (row) => {
          state.buffer.push(row);
          if (state.buffer.length >= batchSize) {
            if (!state.paused) {
              state.paused = true;
              conn.pause();
            }
            notify();
          }
        })
        .on('error', (error) => {
          state.failed = { error };
          state.done = true;
          notify();
        })
        .on('end', () => {
          state.done = true;
          notify();
        });
      let yielded = false;
      try {
        for (;;) {
          if (state.failed) throw state.failed.error instanceof Error ? state.failed.error : new Error(String(state.failed.error));
          if (state.buffer.length >= batchSize || (state.done && (state.buffer.length > 0 || !yielded))) {
            const rows = state.buffer;
            state.buffer = [];
            yielded = true;
            if (state.paused) {
              state.paused = false;
              conn.resume();
            }
            yield { columns: state.columns, rows };
            continue;
          }
          if (state.done) return;
          await new Promise<void>((resolve) => (state.wake = resolve));
        }
      } finally {
        if (!state.done) {
          // Abandoned mid-stream: the connection still has rows in flight; drop it.
          broken = true;
          conn.destroy();
        }
      }
    },
    quote: (id) => `\`${id.replaceAll('`', '``')}\``,
    close() {
      if (broken) return Promise.resolve();
      return new Promise((resolve) => conn.end(() => resolve()));
    },
  };
}

/** Describes a connection for messages, without its password. */
function describe(connection: string | MysqlConnectionConfig): string {
  if (typeof connection === 'string') {
    try {
      const u = new URL(connection);
      return `MySQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
    } catch {
      return 'MySQL';
    }
  }
  const host = typeof connection['host'] === 'string' ? connection['host'] : 'localhost';
  const port = typeof connection['port'] === 'number' || typeof connection['port'] === 'string' ? `:${connection['port']}` : '';
  const where = typeof connection['socketPath'] === 'string' ? connection['socketPath'] : `${host}${port}`;
  const db = typeof connection['database'] === 'string' ? `/${connection['database']}` : '';
  return `MySQL ${where}${db}`;
}

/**
 * Creates a source over a MySQL or MariaDB database: each dataset from the table or view named
 * after it (any case), from `tables`, or from `queries`. Rows are streamed, `batchSize` at a
 * time; DATE and DATETIME arrive as text, DECIMAL as exact text, big integers as digits. Row
 * numbers are 1-based positions in the result.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createMysqlSource } from '@sunshine/adapters/mysql';
 *
 * const source = createMysqlSource({ connection: { host: 'db', user: 'audit', password, database: 'yktff' } });
 * try { const data = await loadData(source); } finally { await source.close?.(); }
 * ```
 */
export function createMysqlSource(options: MysqlSourceOptions): EntrySource {
  const opts = Object.freeze({ ...options });
  const description = describe(opts.connection);
  return createSqlSource(
    description,
    opts,
    async () => {
      const mysql = await importDriver<MysqlModule>('mysql2', 'read MySQL and MariaDB databases', opts.driver);
      const base = typeof opts.connection === 'string' ? { uri: opts.connection } : { ...opts.connection };
      const conn = mysql.createConnection({ ...base, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false });
      try {
        await new Promise<void>((resolve, reject) => conn.connect((e) => (e ? reject(e instanceof Error ? e : new Error('connection failed')) : resolve())));
      } catch (e) {
        conn.destroy();
        throw new AdapterError('UNREADABLE', `${description}: cannot connect (${messageOf(e)})`, {}, { cause: e, messageZh: `${description}：无法连接（${reasonZh(e)}）` });
      }
      return mysqlDriver(conn);
    },
    (tables) => createMysqlSource({ ...opts, tables }),
  );
}
