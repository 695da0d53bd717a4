/**
 * What differs between the SQL engines the executors target: quoting, literals, column types
 * and the few functions whose spelling differs. The compiler writes SQL through a dialect only.
 */
import type { FieldType } from '@sunshine/core';

export type DialectName = 'duckdb' | 'postgres';

/** Comparison operators the compiler writes. */
export type SqlComparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

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
  /** Double-precision type name for casts (JS numbers are doubles). */
  readonly float: string;
  /** Compares two texts by code point, as JavaScript's `<` does for the canonical values (PostgreSQL: `COLLATE "C"`). */
  compareText(a: string, op: SqlComparison, b: string): string;
  /** Whether the whole of text `x` matches a POSIX-style pattern (no anchors in `pattern`). */
  fullMatch(x: string, pattern: string): string;
  /** ISO date text plus whole days, as ISO text. */
  addDays(date: string, days: string): string;
  /** ISO date text plus whole years (29 Feb → 28 Feb), as ISO text. */
  addYears(date: string, years: string): string;
  /** Days from ISO date `a` to ISO date `b`, as an integer. */
  daysBetween(a: string, b: string): string;
  /** JavaScript's `%` on doubles (the sign of the dividend). */
  mod(a: string, b: string): string;
  /** Every match of the regular expression `pattern` (an SQL text) in `x` replaced by `replacement`. */
  replaceAll(x: string, pattern: string, replacement: string): string;
  /** Whether text `x` contains a match of the regular expression `pattern` (an SQL text). */
  matches(x: string, pattern: string): string;
  /** The median of a numeric aggregate argument (the mean of the middle two of an even count). */
  median(x: string): string;
  /** An interval of whole days, for a window frame (`RANGE … FOLLOWING`). */
  days(n: number): string;
  /** A text expression sorting and comparing by code point. */
  collate(x: string): string;
  /**
   * The first row of each key: `SELECT cols FROM from WHERE where`, keeping per distinct `keys`
   * the row first in `order` (terms with their direction; the last term makes the order total).
   */
  firstRows(cols: string, from: string, where: string, keys: readonly string[], order: readonly string[]): string;
  /**
   * A column store: a query reading few columns of many rows is much cheaper than one reading
   * them all. Candidate queries then find the candidates' `_row`s first and read their whole
   * rows after, by `_row`.
   */
  readonly columnar: boolean;
}

function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function literal(v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} as SQL`);
  return String(v);
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function columnType(t: FieldType, float: string): string {
  switch (t) {
    case 'money':
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return float;
    case 'code':
    case 'date':
    case 'enum':
    case 'id_number':
    case 'period':
    case 'string':
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
  float: 'DOUBLE',
  compareText: (a: string, op: SqlComparison, b: string) => `(${a} ${op} ${b})`,
  fullMatch: (x: string, pattern: string) => `regexp_full_match(${x}, ${quoteString(pattern)})`,
  addDays: (d: string, n: string) => `strftime(CAST(${d} AS DATE) + CAST(${n} AS INTEGER), '%Y-%m-%d')`,
  addYears: (d: string, n: string) => `strftime(CAST(${d} AS DATE) + to_years(CAST(${n} AS INTEGER)), '%Y-%m-%d')`,
  daysBetween: (a: string, b: string) => `date_diff('day', CAST(${a} AS DATE), CAST(${b} AS DATE))`,
  mod: (a: string, b: string) => `fmod(${a}, ${b})`,
  collate: (x: string) => x,
  days: (n: number) => `INTERVAL ${n} DAY`,
  median: (x: string) => `median(CAST(${x} AS DOUBLE))`,
  matches: (x: string, p: string) => `regexp_matches(${x}, ${p})`,
  replaceAll: (x: string, p: string, r: string) => `regexp_replace(${x}, ${p}, ${r}, 'g')`,
  // DuckDB's DISTINCT ON sorts; a row_number window per key is hashed and partitioned (3× faster at county).
  firstRows: (cols: string, from: string, where: string, keys: readonly string[], order: readonly string[]) =>
    `SELECT ${cols} FROM ${from} WHERE ${where} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${order.join(', ')}) = 1`,
  columnar: true,
});

export const POSTGRES: Dialect = Object.freeze({
  name: 'postgres',
  ident,
  literal,
  columnType: (t: FieldType) => columnType(t, 'DOUBLE PRECISION'),
  text: 'TEXT',
  float: 'DOUBLE PRECISION',
  compareText: (a: string, op: SqlComparison, b: string) => `(${a} COLLATE "C" ${op} ${b} COLLATE "C")`,
  fullMatch: (x: string, pattern: string) => `(${x} ~ ${quoteString(`^(?:${pattern})$`)})`,
  addDays: (d: string, n: string) => `to_char(CAST(${d} AS DATE) + CAST(${n} AS INTEGER), 'YYYY-MM-DD')`,
  addYears: (d: string, n: string) => `to_char(CAST(${d} AS DATE) + make_interval(years => CAST(${n} AS INTEGER)), 'YYYY-MM-DD')`,
  daysBetween: (a: string, b: string) => `(CAST(${b} AS DATE) - CAST(${a} AS DATE))`,
  mod: (a: string, b: string) => `(${a} - ${b} * trunc(${a} / ${b}))`,
  collate: (x: string) => `(${x} COLLATE "C")`,
  days: (n: number) => `INTERVAL '${n} days'`,
  median: (x: string) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${x})`,
  matches: (x: string, p: string) => `(${x} ~ ${p})`,
  replaceAll: (x: string, p: string, r: string) => `regexp_replace(${x}, ${p}, ${r}, 'g')`,
  firstRows: (cols: string, from: string, where: string, keys: readonly string[], order: readonly string[]) =>
    `SELECT DISTINCT ON (${keys.join(', ')}) ${cols} FROM ${from} WHERE ${where} ORDER BY ${[...keys, ...order].join(', ')}`,
  columnar: false,
});
