/**
 * The one error base of `@sunshine/gen`. Callers branch on `code`, never on message text.
 *
 * @example
 * ```ts
 * try { await generateCounty({ scale: 'town', out: './town' }) } catch (e) {
 *   if (e instanceof GenError && e.code === 'INVALID_OPTIONS') console.error(e.message);
 * }
 * ```
 */
export type GenErrorCode = 'INVALID_OPTIONS' | 'OUTPUT' | 'XLSX_ROW_LIMIT' | 'INTERNAL';

export class GenError extends Error {
  override readonly name: string = 'GenError';
  readonly code: GenErrorCode;
  /** The option, dataset or file the problem is about, where there is one. */
  readonly subject: string | undefined;

  constructor(code: GenErrorCode, message: string, subject?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.subject = subject;
  }
}
