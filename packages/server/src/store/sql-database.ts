/**
 * The small SQL interface the server's store runs on, with one implementation per engine
 * (`createSqliteDatabase`, `createPostgresDatabase`). Statements are written once with `?`
 * placeholders in SQL that both engines accept; the PostgreSQL side numbers them.
 */

/** A value bound to a placeholder or read from a column. */
export type SqlValue = string | number | null;

/** A row as the driver returns it, by column name. */
export type SqlRow = Record<string, SqlValue>;

/** What statements run on: the database, or a transaction. */
export interface SqlExecutor {
  /** Runs a query and returns every row. */
  all<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a query and returns the first row, if any. */
  get<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Inserts many rows into one table, in batches. */
  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
}

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: SqlDialect;
  /** Where it is, for messages (`sqlite .sunshine/sunshine.db`), without passwords. */
  readonly description: string;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Transactions never interleave (SQLite: one at a time; PostgreSQL: its own connection).
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
