/**
 * The one error base of `@sunshine/cli`. Every failure a user can cause ends as a `CliError`
 * (or a core `SunshineError`), printed as one message without a stack trace. It extends core's
 * `SunshineError`, with the CLI's codes.
 */
import { SunshineError } from '@sunshine/core';

export type CliErrorCode =
  /** Bad flags or arguments. */
  | 'USAGE'
  /** Data, packs, config or params that cannot be read or are invalid. */
  | 'BAD_INPUT'
  /** A part of the library this command needs is not available in this build. */
  | 'NOT_AVAILABLE';

export class CliError extends SunshineError {
  override readonly name = 'CliError';
  declare readonly code: CliErrorCode;
  /** The process exit code this error ends with (2 for bad usage or bad input). */
  readonly exitCode: number;

  /**
   * The message in Chinese too, for an error raised where the user's language is not known (the
   * library); `main` says it in the user's language. `message` is the English.
   */
  readonly zh: string | undefined;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown; exitCode?: number; zh?: string }) {
    super(code, message, {}, options?.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options?.exitCode ?? 2;
    this.zh = options?.zh;
  }
}
