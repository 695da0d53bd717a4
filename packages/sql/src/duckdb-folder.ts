/**
 * DuckDB reads a canonical data folder in place: one view (or table) per dataset file, in the
 * canonical column types, with no JavaScript between the files and the queries.
 *
 * What it reads: `<dataset>.csv` in UTF-8 (with or without BOM) with the canonical field names
 * as its header (any case, any order; extra columns ignored), as `sunshine gen` writes it, and
 * `<dataset>.parquet`. Values must already be in canonical form (money `1234.50` in yuan,
 * dates `YYYY-MM-DD`, periods `YYYY-MM` or `YYYY`, 18-character ID numbers, empty = null): the
 * in-place path does not normalise `2024/3/5` or `￥1,234.5` as the adapters do, and it trusts
 * the files — it does not reject rows. Instead, unless `check: false`, one query per file counts
 * the rows breaking the cheap checks (a required field empty, money, integers, decimals, dates,
 * periods or enums not in canonical form, an ID number of the wrong shape or check digit) and
 * reports them by file and row; by default any such row makes `attachFolder` throw, naming
 * them, so a county's non-canonical export goes through `loadTables` (which rejects and
 * reports row by row, as the in-process engine does) instead of silently differing from it.
 *
 * GB18030/GBK and UTF-16 files are refused: DuckDB reads UTF-8 only. Load those through the
 * adapters and `loadTables`, or convert them (`iconv -f GB18030 -t UTF-8`).
 *
 * Each relation has a `_row` column: the row's position in its file, counting from 0 — for
 * CSV, `row_number() OVER ()` over the file scan, which DuckDB keeps in file order while
 * `preserve_insertion_order` is on (its default; checked here); for Parquet, the reader's
 * `file_row_number`. That is the order the in-process loader reads, so evidence order and
 * first-wins agree with it.
 */
import { reasonZh } from '@sunshine/core';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '@sunshine/adapters/csv';
import type { DatasetDef, DatasetRegistry, FieldDef } from '@sunshine/core';
import { DUCKDB } from './dialect.js';
import { ROW_COLUMN, type SqlConnection } from './sql-connection.js';
import { messageOf, SqlError } from './sql-error.js';

export interface AttachFolderOptions {
  /**
   * `view` (the default) reads the files at every query, holding nothing; `table` reads each
   * file once into a DuckDB table (in memory, or in the database file, spilling under
   * `memoryLimit`), which later queries scan much faster.
   */
  readonly mode?: 'view' | 'table';
  /** Run the cheap checks over every file. @default true */
  readonly check?: boolean;
  /** What to do with rows breaking the checks: `throw` (the default) or `report` them and keep them. */
  readonly onProblems?: 'throw' | 'report';
  /** Problems listed at most (all are counted). @default 100 */
  readonly maxProblems?: number;
  /**
   * Table mode: hold the tables compressed (DuckDB's dictionary and FSST compression, about 5×
   * smaller: county 436 → 84 MB) in an in-memory database attached for them (`sunshine_tables`,
   * made the connection's current database), for some 40 % more CPU in reading. `auto` (the
   * default) compresses when the connection's current database is in memory and the files, at
   * twice their size, would fill more than half of DuckDB's memory limit: uncompressed, such
   * tables spill to disk and every rule reads them back. Ignored for views and database files.
   */
  readonly compress?: boolean | 'auto';
}

/** One dataset read in place. */
export interface AttachedDataset {
  readonly dataset: string;
  readonly file: string;
  readonly format: 'csv' | 'parquet';
  /** Fields the file lacks (nullable ones only: they read as null). */
  readonly absentFields: readonly string[];
}

/** A row breaking a cheap check, in the shape of the loader's rejected rows. */
export interface InPlaceProblem {
  readonly dataset: string;
  readonly file: string;
  /** Record number counting the header as 1 (the line number unless quoted values span lines; Parquet: row + 1). */
  readonly row: number;
  readonly field: string;
  readonly value: string | null;
  readonly message: string;
}

export interface AttachedFolder {
  readonly dir: string;
  readonly mode: 'view' | 'table';
  readonly datasets: readonly AttachedDataset[];
  /** Files whose name is no dataset of the registry (ignored), and manifests. */
  readonly ignored: readonly string[];
  /** Rows breaking the checks: the first `maxProblems`. */
  readonly problems: readonly InPlaceProblem[];
  /** How many (row, field) problems the checks found in all. */
  readonly problemCount: number;
}

type Format = 'csv' | 'parquet';

/** Header text → lookup key, as the loader has it: case and whitespace (a BOM too) do not matter. */
const headerKey = (h: string): string => h.replace(/[\s\uFEFF]+/g, '').toLowerCase();

const q = (name: string): string => DUCKDB.ident(name);
const lit = (s: string): string => DUCKDB.literal(s);

/** The first record of a CSV text (its header), split on commas outside double quotes. */
function parseHeader(text: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') break;
    else cur += c;
  }
  cells.push(cur);
  return cells;
}

/**
 * Reads a CSV file's first megabyte: refuses anything but UTF-8 and returns the header's
 * columns (empty for an empty file).
 */
async function csvHeader(file: string): Promise<string[]> {
  const fh = await open(file, 'r');
  let bytes: Buffer;
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    bytes = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (bytes.length === 0) return [];
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new SqlError('BAD_SCHEMA', `${file}: is UTF-16; DuckDB reads CSV in place in UTF-8 only — convert it, or load the folder with the adapters and loadTables`, { file });
  }
  // Cut at the last newline of the sample: a newline byte is never inside a UTF-8 or GB18030 character.
  const cut = bytes.length === 1 << 20 ? bytes.lastIndexOf(0x0a) + 1 : bytes.length;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, cut > 0 ? cut : bytes.length));
  } catch {
    throw new SqlError(
      'BAD_SCHEMA',
      `${file}: is not UTF-8 (GB18030 or GBK?); DuckDB reads CSV in place in UTF-8 only — load the folder with the adapters and loadTables (they read GB18030), or convert it (iconv -f GB18030 -t UTF-8)`,
      { file },
    );
  }
  // Valid UTF-8 can still be GB18030: a file whose only Chinese characters happen to form two-byte
  // UTF-8 sequences (鲁 is C2 B3, `³` in UTF-8). The adapters weigh what the text decodes to.
  const sample = bytes.subarray(0, cut > 0 ? cut : bytes.length);
  if (decodeText(sample, file).encoding === 'gb18030') {
    throw new SqlError(
      'BAD_SCHEMA',
      `${file}: reads as GB18030 (its non-ASCII bytes decode to Chinese in GB18030, to symbols in UTF-8); DuckDB reads CSV in place in UTF-8 only — load the folder with the adapters and loadTables, or convert it (iconv -f GB18030 -t UTF-8)`,
      { file },
    );
  }
  return parseHeader(text.replace(/^\uFEFF/, ''));
}

/** Maps a dataset's fields to source columns by header key; throws on a missing required field or a duplicate. */
function mapColumns(def: DatasetDef, file: string, columns: readonly string[]): (number | undefined)[] {
  const byKey = new Map<string, number>();
  columns.forEach((c, i) => {
    const k = headerKey(c);
    if (!k) return;
    const prev = byKey.get(k);
    if (prev !== undefined && def.fields.some((f) => headerKey(f.name) === k)) {
      throw new SqlError('BAD_SCHEMA', `${file}: columns \`${columns[prev]!}\` and \`${c}\` both give field \`${k}\` of \`${def.name}\`; keep one`, { file, dataset: def.name });
    }
    byKey.set(k, i);
  });
  return def.fields.map((f) => {
    const i = byKey.get(headerKey(f.name));
    if (i === undefined && !f.nullable) {
      throw new SqlError('BAD_SCHEMA', `${file}: required column \`${f.name}\` of \`${def.name}\` is missing (columns: ${columns.join(', ') || 'none'})`, {
        file,
        dataset: def.name,
        field: f.name,
      });
    }
    return i;
  });
}

/** The canonical value of a text column (trimmed, empty = null). */
const textOf = (c: string): string => `NULLIF(trim(${c}), '')`;

/** The canonical value of a field from a VARCHAR column. */
function fromText(f: FieldDef, c: string): string {
  return fromTrimmed(f, textOf(c));
}

/** The canonical value of a field from its canonical text `t` (trimmed, empty = null). */
function fromTrimmed(f: FieldDef, t: string): string {
  switch (f.type) {
    case 'money':
      // DECIMAL, not DOUBLE: '0.29' × 100 is exactly 29.
      return `CAST(CAST(${t} AS DECIMAL(18, 2)) * 100 AS BIGINT)`;
    case 'integer':
      return `CAST(${t} AS BIGINT)`;
    case 'decimal':
      return `CAST(${t} AS DOUBLE)`;
    case 'id_number':
      return `upper(${t})`;
    case 'code':
    case 'date':
    case 'enum':
    case 'period':
    case 'string':
    default:
      return t;
  }
}

/** The canonical value of a field from a typed (Parquet) column. */
function fromTyped(f: FieldDef, c: string, type: string, file: string, dataset: string): string {
  const t = type.toUpperCase();
  if (t === 'VARCHAR') return fromText(f, c);
  const bad = (): never => {
    throw new SqlError('BAD_SCHEMA', `${file}: column \`${f.name}\` (${f.type}) cannot be read from Parquet type ${type}`, { file, dataset, field: f.name });
  };
  const isInt = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t);
  const isDec = t.startsWith('DECIMAL');
  const isFloat = t === 'FLOAT' || t === 'DOUBLE';
  switch (f.type) {
    case 'money':
      // Yuan as DECIMAL (exact) or whole yuan as an integer; never floating point.
      if (isDec || isInt) return `CAST(${c} * 100 AS BIGINT)`;
      return bad();
    case 'integer':
      if (isInt) return `CAST(${c} AS BIGINT)`;
      return bad();
    case 'decimal':
      if (isInt || isDec || isFloat) return `CAST(${c} AS DOUBLE)`;
      return bad();
    case 'date':
      if (t === 'DATE' || t.startsWith('TIMESTAMP')) return `strftime(CAST(${c} AS DATE), '%Y-%m-%d')`;
      return bad();
    case 'code':
    case 'enum':
    case 'id_number':
    case 'period':
    case 'string':
    default:
      return textOf(`CAST(${c} AS VARCHAR)`);
  }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** SQL true when a non-empty canonical text `t` breaks the field's cheap check; undefined when there is none. */
function badText(f: FieldDef, t: string, upperT = `upper(${t})`): string | undefined {
  switch (f.type) {
    case 'money':
      return `NOT regexp_full_match(${t}, '-?[0-9]+(\\.[0-9]{1,2})?')`;
    case 'integer': {
      const range = [f.min !== undefined ? `TRY_CAST(${t} AS BIGINT) < ${f.min}` : '', f.max !== undefined ? `TRY_CAST(${t} AS BIGINT) > ${f.max}` : ''].filter(Boolean);
      return `(NOT regexp_full_match(${t}, '-?[0-9]+')${range.map((r) => ` OR ${r}`).join('')})`;
    }
    case 'decimal':
      return `TRY_CAST(${t} AS DOUBLE) IS NULL`;
    case 'date':
      return `(NOT regexp_full_match(${t}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') OR try_strptime(${t}, '%Y-%m-%d') IS NULL)`;
    case 'period':
      return `NOT regexp_full_match(${t}, '[0-9]{4}(-(0[1-9]|1[0-2]))?')`;
    case 'enum':
      return `${t} NOT IN (${(f.values ?? []).map(lit).join(', ')})`;
    case 'id_number': {
      const u = upperT;
      const sum = ID_WEIGHTS.map((w, i) => `CAST(substr(${u}, ${i + 1}, 1) AS INTEGER) * ${w}`).join(' + ');
      return `(NOT regexp_full_match(${u}, '[0-9]{17}[0-9X]') OR try_strptime(substr(${u}, 7, 8), '%Y%m%d') IS NULL OR substr('10X98765432', (${sum}) % 11 + 1, 1) <> substr(${u}, 18, 1))`;
    }
    case 'code':
    case 'string':
    default:
      return undefined;
  }
}

function problemMessage(f: FieldDef, value: string | null): string {
  if (value === null || value.trim() === '') return `\`${f.name}\` is required`;
  const v = `\`${value}\``;
  switch (f.type) {
    case 'money':
      return `${v} is not an amount in canonical form (yuan, at most two decimals, e.g. 1234.50)`;
    case 'integer':
      return `${v} is not a whole number${f.min !== undefined || f.max !== undefined ? ` in ${f.min ?? '-∞'}–${f.max ?? '∞'}` : ''}`;
    case 'decimal':
      return `${v} is not a number`;
    case 'date':
      return `${v} is not a date in canonical form (YYYY-MM-DD)`;
    case 'period':
      return `${v} is not a period in canonical form (YYYY-MM or YYYY)`;
    case 'enum':
      return `${v} is not one of ${(f.values ?? []).join(', ')}`;
    case 'id_number':
      return `${v} is not a canonical ID number (18 characters, a valid birth date and check digit)`;
    case 'code':
    case 'string':
    default:
      return `${v} is invalid`;
  }
}

interface Plan {
  readonly def: DatasetDef;
  readonly file: string;
  readonly format: Format;
  /** The file scan with `_row`, columns `c0…`. */
  readonly raw: string;
  /** CSV: the file scan without `_row` (columns `c0…`), for staging; rows then numbered by `rowid`. */
  readonly scan?: string;
  /** The scan's column names (`c0…`). */
  readonly names?: readonly string[];
  /** Per field: the source column expression, or undefined when absent. */
  readonly cols: readonly (string | undefined)[];
  /** Per field: the source column's type (VARCHAR for CSV). */
  readonly types: readonly string[];
}

async function planCsv(def: DatasetDef, file: string): Promise<Plan> {
  const header = await csvHeader(file);
  const types = def.fields.map(() => 'VARCHAR');
  if (header.length === 0) {
    // An empty file: an empty dataset, as the loader has it.
    const raw = `SELECT ${def.fields.map((_, i) => `CAST(NULL AS VARCHAR) AS c${i}`).join(', ')}, CAST(0 AS BIGINT) AS ${q(ROW_COLUMN)} WHERE false`;
    return { def, file, format: 'csv', raw, cols: def.fields.map((_, i) => `c${i}`), types };
  }
  const idx = mapColumns(def, file, header);
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const scan = `read_csv(${lit(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', encoding = 'utf-8', strict_mode = true, columns = {${columns}})`;
  const names = header.map((_, i) => `c${i}`);
  const raw = `SELECT ${names.join(', ')}, row_number() OVER () - 1 AS ${q(ROW_COLUMN)} FROM ${scan}`;
  return { def, file, format: 'csv', raw, scan: `SELECT ${names.join(', ')} FROM ${scan}`, names, cols: idx.map((i) => (i === undefined ? undefined : `c${i}`)), types };
}

async function planParquet(conn: SqlConnection, def: DatasetDef, file: string): Promise<Plan> {
  const src = `read_parquet(${lit(file)}, file_row_number = true)`;
  const d = await conn.query(`DESCRIBE SELECT * FROM ${src}`);
  const names = d.rows.map((r) => String(r[0])).filter((n) => n !== 'file_row_number');
  const typeOf = new Map(d.rows.map((r) => [String(r[0]), String(r[1])]));
  const idx = mapColumns(def, file, names);
  const raw = `SELECT ${names.map((n, i) => `${q(n)} AS c${i}`).join(', ')}, CAST(file_row_number AS BIGINT) AS ${q(ROW_COLUMN)} FROM ${src}`;
  return { def, file, format: 'parquet', raw, cols: idx.map((i) => (i === undefined ? undefined : `c${i}`)), types: idx.map((i) => (i === undefined ? 'VARCHAR' : typeOf.get(names[i]!)!)) };
}

/**
 * Table mode reads each file once, into a temporary staging table that the checks and the
 * canonical table then read. A CSV file's rows are numbered by the staging table's `rowid`
 * (DuckDB appends in file order while `preserve_insertion_order` is on) instead of by a window
 * over the scan, which would read the file on one thread.
 */
async function stage(conn: SqlConnection, p: Plan, name: string): Promise<Plan> {
  if (p.scan !== undefined && p.names !== undefined) {
    await conn.exec(`CREATE OR REPLACE TEMP TABLE ${q(name)} AS ${p.scan}`);
    return { ...p, raw: `SELECT ${p.names.join(', ')}, CAST(rowid AS BIGINT) AS ${q(ROW_COLUMN)} FROM ${q(name)}` };
  }
  await conn.exec(`CREATE OR REPLACE TEMP TABLE ${q(name)} AS ${p.raw}`);
  return { ...p, raw: `SELECT * FROM ${q(name)}` };
}

/** The canonical SELECT over a plan's raw scan. */
function canonicalSql(p: Plan): string {
  const cols = p.def.fields.map((f, i) => {
    const c = p.cols[i];
    const expr = c === undefined ? 'NULL' : p.format === 'csv' ? fromText(f, c) : fromTyped(f, c, p.types[i]!, p.file, p.def.name);
    return `CAST(${expr} AS ${DUCKDB.columnType(f.type)}) AS ${q(f.name)}`;
  });
  return `SELECT ${cols.join(', ')}, ${q(ROW_COLUMN)} FROM (${p.raw}) AS raw`;
}

interface Check {
  /** Per checked field index, a flag column `f<i>` and its value `v<i>`, with `_row`. */
  readonly flagged: string;
  /** True for a row breaking any check. */
  readonly any: string;
  readonly checked: readonly number[];
}

/** The cheap checks of a plan, as flag columns over its raw scan; undefined when nothing is checked. */
function checkOf(p: Plan): Check | undefined {
  const flags: string[] = [];
  const checked: number[] = [];
  // Each text is trimmed (and an ID number upper-cased) once, in the projections below: written
  // out in every check that reads it, DuckDB evaluates it again each time (4× the cost).
  const texts: string[] = [];
  const uppers: string[] = [];
  p.def.fields.forEach((f, i) => {
    const c = p.cols[i];
    if (c === undefined) return;
    const text = p.types[i]!.toUpperCase() === 'VARCHAR';
    let t = c;
    let fmt: string | undefined;
    if (text) {
      texts.push(`${textOf(c)} AS t${i}`);
      t = `t${i}`;
      if (f.type === 'id_number') uppers.push(`upper(t${i}) AS u${i}`);
      fmt = badText(f, t, f.type === 'id_number' ? `u${i}` : undefined);
    }
    const bad = [f.nullable ? '' : `${t} IS NULL`, fmt ? `(${t} IS NOT NULL AND ${fmt})` : ''].filter(Boolean).join(' OR ');
    if (!bad) return;
    flags.push(`coalesce(${bad}, true) AS f${i}`);
    checked.push(i);
  });
  if (!flags.length) return undefined;
  const values = checked.map((i) => `CAST(${p.cols[i]!} AS VARCHAR) AS v${i}`);
  const trimmed = `SELECT raw.*${texts.map((x) => `, ${x}`).join('')} FROM (${p.raw}) AS raw`;
  const upper = `SELECT l1.*${uppers.map((x) => `, ${x}`).join('')} FROM (${trimmed}) AS l1`;
  return {
    flagged: `SELECT ${q(ROW_COLUMN)}, ${flags.join(', ')}, ${values.join(', ')} FROM (${upper}) AS l2`,
    any: checked.map((i) => `f${i}`).join(' OR '),
    checked,
  };
}

/** Runs a plan's checks: the first `limit` problems, and how many there are. */
async function runCheck(conn: SqlConnection, p: Plan, limit: number): Promise<{ problems: InPlaceProblem[]; count: number }> {
  const check = checkOf(p);
  if (!check) return { problems: [], count: 0 };
  const perRow = check.checked.map((i) => `CAST(f${i} AS INTEGER)`).join(' + ');
  const r = await conn.query(`SELECT *, sum(${perRow}) OVER () AS _problems FROM (${check.flagged}) WHERE ${check.any} ORDER BY ${q(ROW_COLUMN)} LIMIT ${Math.max(1, limit)}`);
  const col = new Map(r.columns.map((c, i) => [c, i]));
  const problems: InPlaceProblem[] = [];
  for (const row of r.rows) {
    const at = Number(row[col.get(ROW_COLUMN)!]);
    for (const i of check.checked) {
      if (row[col.get(`f${i}`)!] !== true || problems.length >= limit) continue;
      const raw = row[col.get(`v${i}`)!];
      const value = typeof raw === 'string' ? raw : null;
      const f = p.def.fields[i]!;
      problems.push({ dataset: p.def.name, file: p.file, row: at + 2, field: f.name, value, message: problemMessage(f, value) });
    }
  }
  return { problems, count: r.rows.length ? Number(r.rows[0]![col.get('_problems')!]) : 0 };
}

/**
 * Table mode's one read of a CSV file: the file scanned once, each text trimmed once, straight
 * into the typed canonical table (DuckDB reads it on all its threads); `_row` is then the table's
 * `rowid` (file order while `preserve_insertion_order` is on), set by one UPDATE. The checks are
 * one aggregate query over that table: how many rows lack a required field, and how many of each
 * checked column's distinct values break its format (an ID number is checked once however many
 * payments carry it); the texts of numeric fields are kept for it in `_t<i>` columns, dropped
 * after. Returns the table's name, or undefined when a value would not convert or a check finds a
 * problem: the caller then takes the staged path, which reports each problem by file, row and
 * field (or fails) exactly as before.
 */
async function readTyped(conn: SqlConnection, p: Plan, name: string, check: boolean): Promise<string | undefined> {
  if (p.scan === undefined || p.names === undefined) return undefined;
  const texts: string[] = [];
  const cols: string[] = [];
  const kept: string[] = [];
  const counts: string[] = [];
  const required: string[] = [];
  p.def.fields.forEach((f, i) => {
    const c = p.cols[i];
    const col = q(f.name);
    if (c === undefined) {
      cols.push(`CAST(NULL AS ${DUCKDB.columnType(f.type)}) AS ${col}`);
      return;
    }
    texts.push(`${textOf(c)} AS t${i}`);
    cols.push(`CAST(${fromTrimmed(f, `t${i}`)} AS ${DUCKDB.columnType(f.type)}) AS ${col}`);
    // The value the checks read: the canonical text (an ID number's upper-cased, as its column holds it).
    let v = col;
    if (f.type === 'money' || f.type === 'integer' || f.type === 'decimal') {
      kept.push(`t${i} AS ${q(`_t${i}`)}`);
      v = q(`_t${i}`);
    }
    if (!f.nullable) required.push(`${v} IS NULL`);
    // In an aggregate's FILTER, not a WHERE: DuckDB would push a WHERE below the DISTINCT.
    const fmt = badText(f, 'v', 'v');
    if (fmt) counts.push(`SELECT count(*) FILTER (WHERE v IS NOT NULL AND coalesce(${fmt}, true)) AS n FROM (SELECT DISTINCT ${v} AS v FROM ${q(name)})`);
  });
  if (required.length) counts.unshift(`SELECT count(*) AS n FROM ${q(name)} WHERE ${required.join(' OR ')}`);
  let clean = true;
  try {
    await conn.exec(`CREATE OR REPLACE TABLE ${q(name)} AS SELECT ${[...cols, ...kept].join(', ')} FROM (SELECT ${texts.join(', ') || '1 AS one'} FROM (${p.scan}) AS raw) AS l1`);
    await conn.exec(`ALTER TABLE ${q(name)} ADD COLUMN ${q(ROW_COLUMN)} BIGINT`);
    await conn.exec(`UPDATE ${q(name)} SET ${q(ROW_COLUMN)} = rowid`);
    if (check && counts.length) {
      const r = await conn.query(`SELECT sum(n) FROM (${counts.map((x) => `(${x})`).join(' UNION ALL ')})`);
      clean = Number(r.rows[0]?.[0] ?? 0) === 0;
    }
  } catch {
    // A value DuckDB cannot convert (the staged path's checks name it, or its cast fails as before).
    clean = false;
  }
  if (!clean) {
    await conn.exec(`DROP TABLE IF EXISTS ${q(name)}`);
    return undefined;
  }
  for (const k of kept) await conn.exec(`ALTER TABLE ${q(name)} DROP COLUMN ${k.slice(k.lastIndexOf(' AS ') + 4)}`);
  return name;
}

const UNITS: Record<string, number> = { bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** DuckDB's memory limit in bytes (`3.7 GiB`), or undefined. */
function bytesOf(setting: unknown): number | undefined {
  const m = /^([\d.]+)\s*([a-z]+)$/i.exec(String(setting).trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : undefined;
}

/**
 * Makes an in-memory database with compression the connection's current one, when `compress`
 * says so (see {@link AttachFolderOptions.compress}); tables then go there.
 */
async function compressTables(conn: SqlConnection, compress: boolean | 'auto', files: readonly string[]): Promise<boolean> {
  if (compress === false) return false;
  const name = 'sunshine_tables';
  const cur = await conn.query(`SELECT d.database_name, d.path, current_setting('memory_limit') FROM duckdb_databases() AS d WHERE d.database_name = current_database()`);
  const [db, dbPath, limit] = cur.rows[0] ?? [];
  if (db === name) return true;
  if (dbPath !== null && dbPath !== undefined && dbPath !== '') return false;
  if (compress === 'auto') {
    const bytes = (await Promise.all(files.map(async (f) => (await stat(f)).size))).reduce((a, b) => a + b, 0);
    const max = bytesOf(limit);
    if (max === undefined || 2 * bytes <= max / 2) return false;
  }
  const had = await conn.query(`SELECT count(*) FROM duckdb_databases() WHERE database_name = ${lit(name)}`);
  if (Number(had.rows[0]?.[0] ?? 0) === 0) await conn.exec(`ATTACH ':memory:' AS ${q(name)} (COMPRESS)`);
  await conn.exec(`USE ${q(name)}`);
  return true;
}

/**
 * Creates one DuckDB view (or table) per dataset file of a canonical data folder, in the
 * canonical column types with a `_row` column, so that {@link runSql} reads the files in place.
 *
 * @example
 * ```ts
 * const db = await openDuckDb({ memoryLimit: '4GB' });
 * const folder = await attachFolder(db, './county', engine.environment.registry, { mode: 'view' });
 * const { findings } = await runSql(engine, db);
 * ```
 */
export async function attachFolder(conn: SqlConnection, dir: string, registry: DatasetRegistry, options: AttachFolderOptions = {}): Promise<AttachedFolder> {
  const opts = Object.freeze({ ...options });
  if (conn.dialect.name !== 'duckdb') throw new SqlError('INVALID_OPTIONS', `attachFolder needs a DuckDB connection (got ${conn.dialect.name}); load other databases with loadTables`);
  const mode: string = opts.mode ?? 'view';
  if (mode !== 'view' && mode !== 'table') throw new SqlError('INVALID_OPTIONS', `attachFolder: \`mode\` must be 'view' or 'table' (got \`${mode}\`)`);
  const maxProblems = opts.maxProblems ?? 100;
  const order = await conn.query(`SELECT current_setting('preserve_insertion_order')`);
  if (order.rows[0]?.[0] !== true && order.rows[0]?.[0] !== 'true') {
    throw new SqlError('INVALID_OPTIONS', 'attachFolder needs DuckDB\'s `preserve_insertion_order` on (its default): `_row` numbers rows in file order');
  }
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    throw new SqlError('UNREACHABLE', `${dir}: cannot read the data folder (${messageOf(e)})`, { file: dir }, { messageZh: `${dir}：无法读取数据文件夹（${reasonZh(e)}）` });
  }
  const files = new Map<string, { file: string; format: Format }>();
  const ignored: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name.startsWith('~$')) continue;
    const ext = path.extname(name).slice(1).toLowerCase();
    const dataset = name.slice(0, name.length - ext.length - (ext ? 1 : 0)).toLowerCase();
    const def = registry.get(dataset);
    if (!def) {
      ignored.push(name);
      continue;
    }
    if (ext !== 'csv' && ext !== 'parquet') {
      if (['tsv', 'tab', 'ndjson', 'json', 'xlsx'].includes(ext)) {
        throw new SqlError('INVALID_OPTIONS', `${path.join(dir, name)}: DuckDB reads CSV (UTF-8) and Parquet in place; load a folder with .${ext} files with the adapters and loadTables`, { file: path.join(dir, name), dataset });
      }
      ignored.push(name);
      continue;
    }
    const prev = files.get(dataset);
    if (prev) throw new SqlError('BAD_SCHEMA', `${dir}: both \`${path.basename(prev.file)}\` and \`${name}\` would give dataset \`${dataset}\`; keep one`, { file: dir, dataset });
    files.set(dataset, { file: path.join(dir, name), format: ext });
  }
  const compressed = mode === 'table' && (await compressTables(conn, opts.compress ?? 'auto', [...files.values()].map((f) => f.file)));
  // DuckDB compresses an in-memory database's tables when it checkpoints: after each table, so that they never all sit uncompressed.
  const compact = async (): Promise<void> => {
    if (compressed) await conn.exec('CHECKPOINT');
  };
  const datasets: AttachedDataset[] = [];
  const problems: InPlaceProblem[] = [];
  let problemCount = 0;
  for (const [dataset, { file, format }] of files) {
    const def = registry.get(dataset)!;
    const planned = format === 'csv' ? await planCsv(def, file) : await planParquet(conn, def, file);
    const absentFields = def.fields.filter((_, i) => planned.cols[i] === undefined).map((f) => f.name);
    const drop = async (): Promise<void> => {
      const had = await conn.query(`SELECT table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = current_schema() AND lower(table_name) = ${lit(dataset)}`);
      for (const [type] of had.rows) await conn.exec(`DROP ${type === 'VIEW' ? 'VIEW' : 'TABLE'} ${q(dataset)}`);
    };
    const typed = mode === 'table' ? await readTyped(conn, planned, `_sunshine_load_${dataset}`, opts.check ?? true) : undefined;
    if (typed !== undefined) {
      await drop();
      await conn.exec(`ALTER TABLE ${q(typed)} RENAME TO ${q(dataset)}`);
      await compact();
      datasets.push({ dataset, file, format, absentFields });
      continue;
    }
    const staging = `_sunshine_stage_${dataset}`;
    const p = mode === 'table' ? await stage(conn, planned, staging) : planned;
    if (opts.check ?? true) {
      const r = await runCheck(conn, p, maxProblems - problems.length);
      problems.push(...r.problems);
      problemCount += r.count;
    }
    const sql = canonicalSql(p);
    await drop();
    await conn.exec(`CREATE ${mode === 'view' ? 'VIEW' : 'TABLE'} ${q(dataset)} AS ${sql}`);
    if (mode === 'table') await conn.exec(`DROP TABLE ${q(staging)}`);
    await compact();
    datasets.push({ dataset, file, format, absentFields });
  }
  if (problemCount > 0 && (opts.onProblems ?? 'throw') === 'throw') {
    const shown = problems.slice(0, 5).map((x) => `  ${x.file} row ${x.row}, ${x.field}: ${x.message}`);
    throw new SqlError(
      'BAD_SCHEMA',
      `${dir}: ${problemCount} value${problemCount === 1 ? '' : 's'} not in canonical form; the in-place path trusts the files and cannot reject rows — fix them, or load the folder with the adapters and loadTables (which reject and report bad rows):\n${shown.join('\n')}${problemCount > shown.length ? '\n  …' : ''}`,
      { file: problems[0]?.file ?? dir, dataset: problems[0]?.dataset ?? '' },
    );
  }
  return { dir, mode, datasets, ignored, problems, problemCount };
}
