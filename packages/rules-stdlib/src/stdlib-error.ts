/**
 * The one error base of `@sunshine/rules-stdlib`. Callers branch on `code`, never on message text.
 *
 * @example
 * ```ts
 * try { await loadStdlib({ preset: name }) } catch (e) {
 *   if (e instanceof StdlibError && e.code === 'UNKNOWN_PRESET') console.error(e.message);
 * }
 * ```
 */
export type StdlibErrorCode = 'INVALID_STDLIB' | 'INVALID_OPTIONS' | 'UNKNOWN_PRESET' | 'UNKNOWN_RULE';

export class StdlibError extends Error {
  override readonly name: string = 'StdlibError';
  readonly code: StdlibErrorCode;
  /** The preset or rule id the problem is about, where there is one. */
  readonly subject: string | undefined;

  constructor(code: StdlibErrorCode, message: string, subject?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.subject = subject;
  }
}
