/**
 * The one error base of `@sunshine/adapters`. It extends core's `SunshineError`, so a caller
 * that maps `SunshineError` to exit code 2 handles adapter failures too; `reason` says which.
 */
import { SunshineError, type SunshineErrorCode, type SunshineErrorDetails } from '@sunshine/core';

export { reasonZh } from '@sunshine/core';

/** Why an adapter failed. Branch on this, never on message text. */
export type AdapterErrorReason =
  /** The store's driver package (`exceljs`, `better-sqlite3`, `pg`, `mysql2`) is not installed. */
  | 'DRIVER_MISSING'
  /** A folder, file, database or table cannot be read or reached. */
  | 'UNREADABLE'
  /** A file is not what its extension says: unclosed CSV quote, bad JSON, unknown text encoding. */
  | 'MALFORMED'
  /** Two files give one dataset (`payments.csv` and `payments.xlsx`). */
  | 'AMBIGUOUS'
  /** A column mapping file is not valid. */
  | 'INVALID_MAPPING'
  /** A factory was given options it cannot use. */
  | 'INVALID_OPTIONS';

const CODE_OF: Record<AdapterErrorReason, SunshineErrorCode> = {
  DRIVER_MISSING: 'UNREADABLE_SOURCE',
  UNREADABLE: 'UNREADABLE_SOURCE',
  MALFORMED: 'INVALID_INPUT',
  AMBIGUOUS: 'INVALID_INPUT',
  INVALID_MAPPING: 'INVALID_INPUT',
  INVALID_OPTIONS: 'INVALID_INPUT',
};

/**
 * An adapter failure. `code` is core's coarse code (`UNREADABLE_SOURCE`, `INVALID_INPUT`),
 * `reason` the adapter's own.
 *
 * @example
 * ```ts
 * try { await loadData(createXlsxSource({ file: 'county.xlsx' })) } catch (e) {
 *   if (e instanceof AdapterError && e.reason === 'DRIVER_MISSING') console.error(e.message);
 * }
 * ```
 */
export class AdapterError extends SunshineError {
  override readonly name: string = 'AdapterError';
  readonly reason: AdapterErrorReason;

  constructor(reason: AdapterErrorReason, message: string, details: SunshineErrorDetails = {}, options?: { cause?: unknown; messageZh?: string }) {
    super(CODE_OF[reason], message, details, options);
    this.reason = reason;
  }
}

/** The message of an unknown thrown value. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
