/**
 * The one error base of `@sunshine/core`. Callers branch on `code`, never on message text.
 *
 * @example
 * ```ts
 * try { loadPack(file) } catch (e) {
 *   if (e instanceof SunshineError && e.code === 'INVALID_PACK') process.exitCode = 2;
 * }
 * ```
 */
export type SunshineErrorCode =
  | 'INVALID_VALUE'
  | 'INVALID_PACK'
  | 'INVALID_PARAMS'
  | 'UNKNOWN_RULE'
  | 'UNKNOWN_DATASET'
  | 'INVALID_INPUT'
  | 'UNREADABLE_SOURCE'
  | 'PLUGIN'
  | 'INTERNAL';

export interface SunshineErrorDetails {
  /** File the problem is in, where there is one. */
  readonly file?: string | undefined;
  /** JSON pointer into that file (RFC 6901), for packs and config. */
  readonly pointer?: string | undefined;
  /** Row number (1-based data row, header excluded) for data files. */
  readonly row?: number | undefined;
  readonly field?: string | undefined;
  readonly dataset?: string | undefined;
}

export class SunshineError extends Error {
  override readonly name: string = 'SunshineError';
  readonly code: SunshineErrorCode;
  readonly details: SunshineErrorDetails;

  constructor(code: SunshineErrorCode, message: string, details: SunshineErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}
