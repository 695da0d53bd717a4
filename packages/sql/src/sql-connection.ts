/**
 * The connection the SQL executors talk through: run SQL, read rows, create and fill the
 * canonical tables. One implementation per engine (`@sunshine/sql/duckdb`,
 * `@sunshine/sql/postgres`); an integrator can supply their own (e.g. a pool they already have).
 */
import type { DatasetDef, Rec } from '@sunshine/core';
import type { Dialect } from './dialect.js';

/** Rows of a query: column names and one array of JS values per row (BIGINT as number or bigint). */
export interface SqlRows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface SqlConnection {
  readonly dialect: Dialect;
  /** Runs one statement and returns its rows. */
  query(sql: string): Promise<SqlRows>;
  /** Runs statements whose rows are not needed. */
  exec(sql: string): Promise<void>;
  /** The tables and views visible (lower-case names), to tell which datasets are present. */
  relations(): Promise<ReadonlySet<string>>;
  /**
   * Creates the canonical table of a dataset (dropping one that exists) and fills it with
   * `rows`, numbering them in a `_row` column in the order given.
   */
  load(def: DatasetDef, rows: readonly Rec[]): Promise<void>;
  close(): Promise<void>;
}

/** The column holding each row's position in load order: evidence and first-wins follow it. */
export const ROW_COLUMN = '_row';

/** `CREATE TABLE` for a dataset's canonical table. */
export function createTableSql(def: DatasetDef, dialect: Dialect): string {
  const cols = def.fields.map((f) => `${dialect.ident(f.name)} ${dialect.columnType(f.type)}`);
  return `CREATE TABLE ${dialect.ident(def.name)} (${cols.join(', ')}, ${dialect.ident(ROW_COLUMN)} BIGINT NOT NULL)`;
}
