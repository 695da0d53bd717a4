/**
 * How `pg` turns PostgreSQL's text values into JavaScript ones, for the packages that talk to
 * PostgreSQL (the adapters' source, the SQL executor, the server's store). Passed as a query's
 * or a pool's `types`.
 */

/** The part of `pg.types` these take. */
export interface PgTypeParsers {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}

/**
 * Every value as PostgreSQL prints it (raw text): int8 exact, dates as `YYYY-MM-DD`, no time
 * zones, no driver-side parsing. The canonical data is read this way.
 */
export const PG_TEXT_TYPES = { getTypeParser: () => (value: string): string => value };

/** The `int8` OID. */
const INT8 = 20;

/**
 * `pg`'s own parsers, except that 64-bit integers (`COUNT(*)`, `BIGINT` sums) come back as
 * numbers instead of strings: for stores whose counts and sums stay far below 2^53.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: url, types: pgTypesInt8AsNumber(pg.types) });
 * ```
 */
export function pgTypesInt8AsNumber(types: PgTypeParsers): PgTypeParsers {
  const parseInt8 = (v: string): number => Number(v);
  return { getTypeParser: (oid: number, format?: string) => (oid === INT8 ? parseInt8 : types.getTypeParser(oid, format)) };
}
