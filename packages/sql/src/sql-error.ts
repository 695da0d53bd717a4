/**
 * The one error base of `@sunshine/sql`. It extends core's `SunshineError`, so a caller that
 * maps `SunshineError` to exit code 2 handles executor failures too; `reason` says which.
 */
import { SunshineError, type SunshineErrorCode, type SunshineErrorDetails } from '@sunshine/core';

/** Why a SQL executor failed. Branch on this, never on message text. */
export type SqlErrorReason =
  /** The database driver (`@duckdb/node-api`, `pg`) is not installed. */
  | 'DRIVER_MISSING'
  /** The database cannot be opened or reached, or a query failed. */
  | 'UNREACHABLE'
  /** The database lacks a table or column the run needs, or holds a value of the wrong type. */
  | 'BAD_SCHEMA'
  /** Options that cannot be used. */
  | 'INVALID_OPTIONS';

const CODE_OF: Record<SqlErrorReason, SunshineErrorCode> = {
  DRIVER_MISSING: 'UNREADABLE_SOURCE',
  UNREACHABLE: 'UNREADABLE_SOURCE',
  BAD_SCHEMA: 'INVALID_INPUT',
  INVALID_OPTIONS: 'INVALID_INPUT',
};

export class SqlError extends SunshineError {
  override readonly name = 'SqlError';
  readonly reason: SqlErrorReason;

  constructor(reason: SqlErrorReason, message: string, details: SunshineErrorDetails = {}, options?: { cause?: unknown; messageZh?: string }) {
    super(CODE_OF[reason], message, details, options);
    this.reason = reason;
  }
}

/** The message of anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
