/**
 * What validation says about a rule pack, in English and Chinese, from one catalogue: every
 * problem has a stable `code` and its `params`, and each language renders the whole sentence
 * from them (never pieced together from translated fragments). `message` on a problem is the
 * English text, for callers that show one language; `problemText(p, 'zh')` gives the Chinese.
 *
 * Chinese wording follows the county's words of docs/glossary.zh-CN.md: 比对模型 (a rule),
 * 比对模型包 (a pack), 预警 (a finding), 数据表 / 字段 (dataset / field), 参数 (parameter),
 * 表达式 (expression), 运算符 (operator), 条件 (condition), 关联查询 (lookup), 汇总
 * (aggregate), 计算项 (fact), 比对对象 (subject), 分组 (group), 测试样例 (fixtures).
 */
import { PACK_PROBLEM_MESSAGES } from './problem-messages-pack.js';
import { PLAN_PROBLEM_MESSAGES } from './problem-messages-plan.js';
import { TEST_PROBLEM_MESSAGES } from './problem-messages-tests.js';

/** The languages problems are said in. */
export type ProblemLang = 'en' | 'zh';

export const PROBLEM_MESSAGES = { ...PACK_PROBLEM_MESSAGES, ...PLAN_PROBLEM_MESSAGES, ...TEST_PROBLEM_MESSAGES };

export type ProblemCode = keyof typeof PROBLEM_MESSAGES;
type First<F> = F extends (p: infer P) => string ? P : Record<string, never>;
export type ProblemParams<C extends ProblemCode> = First<(typeof PROBLEM_MESSAGES)[C]['en']>;

/** A problem's text: its code, its parameters, and the English sentence. */
export interface ProblemText {
  readonly code: ProblemCode;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/**
 * The problem `code` with `params`, its English sentence in `message`.
 *
 * @example
 * ```ts
 * problemOf('unknownDataset', { name: 'paymentz' }).message; // 'unknown dataset `paymentz`'
 * ```
 */
export function problemOf<C extends ProblemCode>(code: C, params: ProblemParams<C>): ProblemText {
  const en = PROBLEM_MESSAGES[code].en as (p: unknown) => string;
  return { code, params: params as Readonly<Record<string, unknown>>, message: en(params) };
}

/**
 * A problem's sentence in `lang`: from the catalogue when it has a known `code`, else its
 * `message` as given (a plug-in's own problem).
 *
 * @example
 * ```ts
 * problemText(problemOf('unknownDataset', { name: 'paymentz' }), 'zh'); // '没有 `paymentz` 这个数据表'
 * ```
 */
export function problemText(p: { readonly code?: string | undefined; readonly params?: Readonly<Record<string, unknown>> | undefined; readonly message: string }, lang: ProblemLang): string {
  if (p.code === undefined || !(p.code in PROBLEM_MESSAGES)) return p.message;
  const entry = PROBLEM_MESSAGES[p.code as ProblemCode];
  return (entry[lang] as (x: unknown) => string)(p.params ?? {});
}
