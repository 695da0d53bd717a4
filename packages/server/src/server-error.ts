import { SunshineError } from '@sunshine/core';

/**
 * The one error base of `@sunshine/server`, a core `SunshineError` with the server's codes.
 * Route handlers throw it; the HTTP layer turns it
 * into `{ error: { code, message } }` with the status of its code. Callers branch on `code`.
 *
 * @example
 * ```ts
 * try { await service.transition(principal, id, { action: 'confirm' }) } catch (e) {
 *   if (e instanceof ServerError && e.code === 'REASON_REQUIRED') …
 * }
 * ```
 */
export type ServerErrorCode =
  /** No valid session (sign in first). */
  | 'UNAUTHENTICATED'
  /** Signed in, but the role may not do this. */
  | 'FORBIDDEN'
  /** No such row within the caller's jurisdiction. */
  | 'NOT_FOUND'
  /** Bad request body, query or file. */
  | 'BAD_REQUEST'
  /** The alert's state does not allow the action. */
  | 'INVALID_TRANSITION'
  /** The action needs a `reason`. */
  | 'REASON_REQUIRED'
  /** A custom rule does not validate (see `problems`). */
  | 'INVALID_RULE'
  /** Already exists, or a run is in progress. */
  | 'CONFLICT'
  /** Too many sign-in attempts. */
  | 'RATE_LIMITED'
  /** A body or an attachment past its limit or quota. */
  | 'TOO_LARGE'
  /** Nothing imported yet. */
  | 'NO_DATA'
  /** An import that lacks a needed dataset or loses most rows of the last one (send `force`). */
  | 'IMPORT_REFUSED'
  /** Bad server options or a failing store. */
  | 'CONFIG'
  | 'STORE';

const STATUS: Readonly<Record<ServerErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  INVALID_TRANSITION: 409,
  REASON_REQUIRED: 400,
  INVALID_RULE: 422,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  NO_DATA: 409,
  IMPORT_REFUSED: 422,
  CONFIG: 500,
  STORE: 500,
};

export class ServerError extends SunshineError {
  override readonly name = 'ServerError';
  declare readonly code: ServerErrorCode;
  /** Extra structured detail (validation problems, retry delay). */
  declare readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ServerErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, details, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  /** The HTTP status this error is answered with. */
  get status(): number {
    return STATUS[this.code];
  }
}
