import { SunshineError, type SunshineErrorCode } from '@sunshine/core';

/**
 * The one error base of `@sunshine/rules-stdlib`: a {@link SunshineError} (so callers that map
 * core errors to exit codes handle it too) with a `reason` saying what in the library failed.
 * Callers branch on `code` or `reason`, never on message text.
 *
 * @example
 * ```ts
 * try { await loadStdlib({ preset: name }) } catch (e) {
 *   if (e instanceof StdlibError && e.reason === 'UNKNOWN_PRESET') console.error(e.message);
 * }
 * ```
 */
export type StdlibErrorCode = 'INVALID_STDLIB' | 'INVALID_OPTIONS' | 'UNKNOWN_PRESET' | 'UNKNOWN_RULE';

const CORE_CODE: Readonly<Record<StdlibErrorCode, SunshineErrorCode>> = {
  INVALID_STDLIB: 'INVALID_PACK',
  INVALID_OPTIONS: 'INVALID_INPUT',
  UNKNOWN_PRESET: 'UNKNOWN_RULE',
  UNKNOWN_RULE: 'UNKNOWN_RULE',
};

export class StdlibError extends SunshineError {
  override readonly name: string = 'StdlibError';
  readonly reason: StdlibErrorCode;
  /** The preset or rule id the problem is about, where there is one. */
  readonly subject: string | undefined;

  constructor(reason: StdlibErrorCode, message: string, subject?: string, options?: { cause?: unknown }) {
    super(CORE_CODE[reason], message, {}, options);
    this.reason = reason;
    this.subject = subject;
  }
}
