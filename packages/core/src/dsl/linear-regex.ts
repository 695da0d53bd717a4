/**
 * Regular expressions for the `matches` operator, run by a linear-time engine (re2js, a pure
 * JavaScript port of RE2): matching time grows with the length of the text, never
 * exponentially with the pattern, so a pattern like `^((\d+)+)+x$` cannot hang a run or the
 * server. JavaScript spellings RE2 lacks (`\u4e00`, `(?<name>…)`) are translated first;
 * what RE2 cannot run at all (backreferences `\1`, lookaround `(?=…)`, `(?<=…)`) is refused.
 * Each pattern is compiled once and kept.
 */
import { RE2JS } from 're2js';
import { problemOf, type ProblemText } from './problem-messages.js';

/** A compiled pattern: `test` is true when the pattern is found anywhere in the text (as `RegExp.test`). */
export interface LinearRegex {
  readonly source: string;
  test(text: string): boolean;
}

export type LinearRegexResult = { readonly ok: true; readonly regex: LinearRegex } | { readonly ok: false; readonly message: string; readonly problem: ProblemText };

const cache = new Map<string, LinearRegexResult>();
const CACHE_LIMIT = 1000;

/** Why RE2 refuses a pattern, said for an inspector. */
function explain(source: string, raw: string): ProblemText {
  if (/\\[1-9]/.test(source)) return problemOf('regexBackreference', { pattern: source });
  if (/\(\?<?[=!]/.test(source)) return problemOf('regexLookaround', { pattern: source });
  return problemOf('regexInvalid', { pattern: source, detail: raw });
}

/**
 * Compiles a `matches` pattern (cached). Never throws.
 *
 * @example
 * ```ts
 * const r = compileLinearRegex('^\\d{4}-\\d{2}$');
 * r.ok && r.regex.test('2024-05'); // true
 * compileLinearRegex('(a)\\1').ok; // false: backreference
 * ```
 */
export function compileLinearRegex(source: string): LinearRegexResult {
  const hit = cache.get(source);
  if (hit) return hit;
  let result: LinearRegexResult;
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source));
    // Rules test the same few texts over and over (periods, codes): answers are kept per text.
    const seen = new Map<string, boolean>();
    const test = (text: string): boolean => {
      let r = seen.get(text);
      if (r === undefined) {
        r = re.test(text);
        if (seen.size >= 4096) seen.clear();
        if (text.length <= 256) seen.set(text, r);
      }
      return r;
    };
    result = { ok: true, regex: { source, test } };
  } catch (e) {
    const problem = explain(source, (e as Error).message);
    result = { ok: false, message: problem.message, problem };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, result);
  return result;
}

/** True for a compiled pattern (the `matches` operator also takes pattern text, compiled on first use). */
export function isLinearRegex(v: unknown): v is LinearRegex {
  return typeof v === 'object' && v !== null && typeof (v as LinearRegex).test === 'function' && typeof (v as LinearRegex).source === 'string';
}
