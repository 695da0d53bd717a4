import { SunshineError } from '@sunshine/core';

/**
 * The one error base of `@sunshine/gen`, a core `SunshineError` with the generator's codes.
 * Callers branch on `code`, never on message text.
 *
 * @example
 * ```ts
 * try { await generateCounty({ scale: 'town', out: './town' }) } catch (e) {
 *   if (e instanceof GenError && e.code === 'INVALID_OPTIONS') console.error(e.message);
 * }
 * ```
 */
export type GenErrorCode = 'INVALID_OPTIONS' | 'OUTPUT' | 'XLSX_ROW_LIMIT' | 'INTERNAL';

export class GenError extends SunshineError {
  override readonly name: string = 'GenError';
  declare readonly code: GenErrorCode;
  /** The option, dataset or file the problem is about, where there is one. */
  readonly subject: string | undefined;

  constructor(code: GenErrorCode, message: string, subject?: string, options?: { cause?: unknown }) {
    super(code, message, {}, options);
    this.subject = subject;
  }
}
