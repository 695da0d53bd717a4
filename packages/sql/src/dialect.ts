/**
 * What differs between the SQL engines the executors target: quoting, literals, column types
 * and the few functions whose spelling differs. The compiler writes SQL through a dialect only.
 */
import type { FieldType } from '@sunshine/core';

export type DialectName = 'duckdb' | 'postgres';

export interface Dialect {
  readonly name: DialectName;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A literal of a JS value (string, finite number, boolean or null). */
  literal(v: string | number | boolean | null): string;
  /** The column type holding a canonical field (money and integers in BIGINT, dates as ISO text). */
  columnType(t: FieldType): string;
  /** Text type name for casts. */
  readonly text: string;
}

function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function literal(v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} as SQL`);
  return Number.isInteger(v) ? String(v) : String(v);
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function columnType(t: FieldType, float: string): string {
  switch (t) {
    case 'money':
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return float;
    default:
      return 'TEXT';
  }
}

export const DUCKDB: Dialect = Object.freeze({
  name: 'duckdb',
  ident,
  literal,
  columnType: (t: FieldType) => columnType(t, 'DOUBLE'),
  text: 'VARCHAR',
});

export const POSTGRES: Dialect = Object.freeze({
  name: 'postgres',
  ident,
  literal,
  columnType: (t: FieldType) => columnType(t, 'DOUBLE PRECISION'),
  text: 'TEXT',
});
