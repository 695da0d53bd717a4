/**
 * `latestDateIn` of `@sunshine/core` inside a database: the latest date of the fields the
 * registry marks `asOfCandidate` (a period by its first day), one `max()` per field, so a run
 * in DuckDB or PostgreSQL takes the same default date as one in-process without loading the
 * data.
 */
import { asOfFields, canonicalDatasets, periodStart, type DatasetRegistry } from '@sunshine/core';
import type { SqlConnection } from './sql-connection.js';

/**
 * The latest date (`YYYY-MM-DD`) of the registry's `asOfCandidate` fields in the canonical
 * tables (or views) of `conn`; `undefined` when none holds a date. Tables the database lacks
 * are skipped.
 *
 * @example
 * ```ts
 * const asOf = (await latestDateInDatabase(conn)) ?? '2024-12-31';
 * ```
 */
export async function latestDateInDatabase(conn: SqlConnection, registry: DatasetRegistry = canonicalDatasets): Promise<string | undefined> {
  const present = await conn.relations();
  const d = conn.dialect;
  let latest: string | undefined;
  for (const f of asOfFields(registry)) {
    if (!present.has(f.dataset)) continue;
    // Canonical dates and periods are text; `COLLATE "C"` (PostgreSQL) compares them by code point, as in-process.
    const r = await conn.query(`SELECT max(${d.collate(d.ident(f.field))}) FROM ${d.ident(f.dataset)}`);
    const v = r.rows[0]?.[0];
    if (typeof v !== 'string' || v === '') continue;
    const day = f.type === 'period' ? periodStart(v) : v;
    if (latest === undefined || day > latest) latest = day;
  }
  return latest;
}
