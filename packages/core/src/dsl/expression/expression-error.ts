/**
 * Errors of rule expressions. A compile-time {@link ExpressionError} means the expression is
 * refused (a syntax error, or a construct outside the compiled subset); an
 * {@link EvaluationError} is what jsonata itself would throw while evaluating — a type error such
 * as `"s" - 1` — and carries jsonata's own error code.
 */
import { SunshineError, type JsonataErrorCode, type SunshineErrorCode } from '../../errors.js';
import type { ProblemText } from '../problem-messages.js';

export class ExpressionError extends SunshineError {
  override readonly name: string = 'ExpressionError';
  constructor(
    message: string,
    readonly position: number | undefined,
    /** The validation problem it is, in the problem catalogue (`problem-messages.ts`). */
    readonly problem?: ProblemText,
    code: SunshineErrorCode = 'INVALID_EXPRESSION',
  ) {
    super(code, message);
  }

  /** An error whose message is the catalogue's English text of `problem`. */
  static of(problem: ProblemText, position: number | undefined): ExpressionError {
    return new ExpressionError(problem.message, position, problem);
  }
}

/** jsonata's error codes for the evaluation errors the compiled subset can raise. */
export const EVALUATION_MESSAGES = {
  T2001: 'the left side of an arithmetic operator must be a number',
  T2002: 'the right side of an arithmetic operator must be a number',
  T2009: 'the values either side of a comparison must be of the same type',
  T2010: 'the values either side of a comparison must be numbers or texts',
  D1001: 'a number is out of range (Infinity or NaN)',
  D1002: 'only a number can be negated',
  D3001: '$string cannot format Infinity or NaN',
  D3030: 'the text cannot be read as a number',
  T0410: 'an argument does not match the function signature',
  T0411: 'the context value does not match the function signature',
  T0412: 'an argument must be an array of the type the function takes',
} as const satisfies Record<JsonataErrorCode, string>;

export type EvaluationCode = keyof typeof EVALUATION_MESSAGES;

/** The same in Chinese (a missing code is a compile error). */
const EVALUATION_MESSAGES_ZH: Readonly<Record<EvaluationCode, string>> = {
  T2001: '算术运算符左边必须是数值',
  T2002: '算术运算符右边必须是数值',
  T2009: '比较运算符两边的值必须是同一类型',
  T2010: '比较运算符两边的值必须是数值或文本',
  D1001: '数值超出范围（Infinity 或 NaN）',
  D1002: '只有数值才能取负',
  D3001: '$string 不能格式化 Infinity 或 NaN',
  D3030: '这个文本不能读成数值',
  T0410: '有一个参数与函数签名不符',
  T0411: '上下文的值与函数签名不符',
  T0412: '参数必须是函数所要类型的数组',
};

/**
 * An error jsonata would raise evaluating the expression: the rule fails on that record with
 * this message, exactly where jsonata would fail, instead of answering something else.
 *
 * @example
 * ```ts
 * try { f({ a: 's' }, env) } catch (e) { if (e instanceof EvaluationError) e.code; } // 'T2001'
 * ```
 */
export class EvaluationError extends ExpressionError {
  override readonly name: string = 'EvaluationError';
  declare readonly code: EvaluationCode;
  constructor(
    code: EvaluationCode,
    readonly value: unknown,
    detail?: string,
  ) {
    super(`${code}: ${EVALUATION_MESSAGES[code]}${detail ? ` (${detail})` : ''}, got ${describe(value)}`, undefined, undefined, code);
    const arg = detail === undefined ? null : /^argument (\d+)(: a regular expression is outside the compiled subset)?$/.exec(detail);
    const detailZh =
      detail === undefined ? ''
      : arg === null ? `（${detail}）`
      : `（第 ${arg[1]!} 个参数${arg[2] === undefined ? '' : '：正则表达式不在可编译的子集之内'}）`;
    this.messageZh = `${code}：${EVALUATION_MESSAGES_ZH[code]}${detailZh}，实际是${describeZh(value)}`;
  }

  /** The message in Chinese, with jsonata's code in front (`run --lang zh` says it). */
  override readonly messageZh: string;
}

/**
 * A finding's `amount` expression gave something other than whole fen: the rule stops with this
 * (as with jsonata's own errors) rather than report a rounded or a wrong amount.
 */
export class AmountError extends ExpressionError {
  override readonly name: string = 'AmountError';
  declare readonly code: 'AMOUNT';
  constructor(src: string, value: unknown) {
    super(`the finding's \`amount\` (\`${src}\`) must be whole fen or nothing, got ${describe(value)}; round it ($round(…))`, undefined, undefined, 'AMOUNT');
    this.messageZh = `预警的 \`amount\`（\`${src}\`）必须是整数分或者不给，实际是${describeZh(value)}；请取整（$round(…)）`;
  }

  /** The message in Chinese. */
  override readonly messageZh: string;
}

function describeZh(v: unknown): string {
  if (v === undefined) return '（空）';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return ` ${String(v)}`;
  if (typeof v === 'string') return ` ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (Array.isArray(v)) return `一个有 ${v.length} 项的列表`;
  return '一个对象';
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return 'an object';
}
