/**
 * The one error base of every Sunshine package: the other packages' errors (`AdapterError`,
 * `SqlError`, `StdlibError`, `GenError`, `CliError`, `ServerError`, …) extend it, each with its
 * codes in this union. Callers branch on `code` (or `instanceof` a package's class), never on
 * message text.
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
  | 'INTERNAL'
  /** A rule or a run went past its time budget (`RuleTimeoutError`, the server's run limit). */
  | 'TIMEOUT'
  /** A rule expression that does not parse or is outside the compiled subset (`ExpressionError`). */
  | 'INVALID_EXPRESSION'
  /** A finding's `amount` that is not whole fen (`AmountError`). */
  | 'AMOUNT'
  /** jsonata's own evaluation errors (`EvaluationError`). */
  | JsonataErrorCode
  /** `@sunshine/cli` (`CliError`). */
  | 'USAGE'
  | 'BAD_INPUT'
  | 'NOT_AVAILABLE'
  /** `@sunshine/gen` (`GenError`). */
  | 'INVALID_OPTIONS'
  | 'OUTPUT'
  | 'XLSX_ROW_LIMIT'
  /** `@sunshine/server` (`ServerError`, whose HTTP status follows from the code). */
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'INVALID_TRANSITION'
  | 'REASON_REQUIRED'
  | 'INVALID_RULE'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'TOO_LARGE'
  | 'NO_DATA'
  | 'IMPORT_REFUSED'
  | 'CONFIG'
  | 'STORE';

/** The codes of jsonata's evaluation errors that the compiled expression subset raises. */
export type JsonataErrorCode = 'T2001' | 'T2002' | 'T2009' | 'T2010' | 'D1001' | 'D1002' | 'D3001' | 'D3030' | 'T0410' | 'T0411' | 'T0412';

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
  /** The message in Chinese, where the thrower gave one (the CLI shows it under `--lang zh`). */
  readonly messageZh: string | undefined;

  constructor(code: SunshineErrorCode, message: string, details: SunshineErrorDetails = {}, options?: { cause?: unknown; messageZh?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...details });
    this.messageZh = options?.messageZh;
  }
}

/**
 * The reason of a system error in Chinese (a missing file, no permission, …), or its own
 * message when the code is not one of the common ones.
 */
export function reasonZh(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return '不存在';
    case 'EACCES':
    case 'EPERM':
      return '没有读取权限';
    case 'ENOTDIR':
      return '不是文件夹';
    case 'EISDIR':
      return '是文件夹，不是文件';
    case 'ECONNREFUSED':
      return '连接被拒绝，服务没有运行或端口不对';
    case 'ENOTFOUND':
      return '找不到这个主机';
    case 'ETIMEDOUT':
      return '连接超时';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
