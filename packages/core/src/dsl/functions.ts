/**
 * The functions rules can call: in jsonata facts (`$periodStart(subject.period)`) and as `fn`
 * on a condition value. Each is a plain synchronous function; those that need the loaded data
 * (`$ageAt`, `$household`) get it through the {@link FunctionRuntime}.
 */
import {
  addDays,
  addMonths,
  addYears,
  ageAt,
  birthDateOfId,
  dayNumber,
  formatMoney,
  parseMoney,
  periodStart,
} from '../schema/values.js';
import { JSONATA_FUNCTIONS } from './expression/jsonata-functions.js';
import { HOUSEHOLD_ID } from '../schema/household.js';
import type { Signature } from './expression/signature.js';

/** What a function can see of the run: the loaded data's person lookups. */
export interface FunctionRuntime {
  /** The `persons` row of an ID number, when registered. */
  person(id: string): Readonly<Record<string, string | number | null>> | undefined;
}

/** A function callable from rules. */
export type RuleFunction = (rt: FunctionRuntime, ...args: unknown[]) => unknown;

export interface FunctionDef {
  readonly fn: RuleFunction;
  /** Result type for templates and checks (`money`, `date`, …); absent when it varies. */
  readonly returns?: string;
  readonly doc: string;
  /** Accepted number of arguments. */
  readonly arity: readonly [number, number];
  /**
   * jsonata's signature, for jsonata's own functions: arguments are checked and converted as
   * jsonata does before `fn` runs. Functions without one get the values as they are.
   */
  readonly signature?: Signature;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

function seq(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function nums(v: unknown): number[] {
  return seq(v).filter(isNum);
}

/** Median; of an even count, the mean of the middle two. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Number of k ≥ 0 with start + k years ≤ until (0 when until < start). */
export function anniversaries(start: string, until: string): number {
  if (until < start) return 0;
  let k = +until.slice(0, 4) - +start.slice(0, 4);
  while (k >= 0 && addYears(start, k) > until) k--;
  return k + 1;
}

function birthOf(rt: FunctionRuntime, id: string): string | undefined {
  const p = rt.person(id);
  const b = p?.['birth_date'];
  if (isStr(b)) return b;
  return /^\d{17}[\dX]$/.test(id) ? birthDateOfId(id) : undefined;
}

/**
 * Memoises a date or period function of a text and a number. Rules call them once per record
 * on values that repeat (a county's payments have a few hundred pay dates and a dozen periods),
 * so most calls are one lookup in a small map instead of parsing and formatting a new string.
 * Each map is bounded: a full one is cleared.
 */
function memoTextNumber(f: (s: string, n: number) => string): (s: string, n: number) => string {
  const byNumber = new Map<number, Map<string, string>>();
  return (s, n) => {
    let m = byNumber.get(n);
    if (m === undefined) {
      if (byNumber.size >= 256) byNumber.clear();
      byNumber.set(n, (m = new Map<string, string>()));
    }
    let r = m.get(s);
    if (r === undefined) {
      r = f(s, n);
      if (m.size >= 8192) m.clear();
      m.set(s, r);
    }
    return r;
  };
}

const addDaysMemo = memoTextNumber(addDays);
const addMonthsMemo = memoTextNumber((p, n) => addMonths(p.slice(0, 7), n));
const addYearsMemo = memoTextNumber(addYears);
const periodStartMemo = memoTextNumber((p) => periodStart(p));

const def = (fn: RuleFunction, arity: [number, number], doc: string, returns?: string): FunctionDef =>
  returns === undefined ? { fn, arity, doc } : { fn, arity, doc, returns };

/** The built-in functions, by name (without the `$`). */
const FUNCTIONS = {
  // ---- the model's own
  periodStart: def((_rt, p) => (isStr(p) ? periodStartMemo(p, 0) : undefined), [1, 1], 'First day of a period: `2024-03` → `2024-03-01`', 'date'),
  addYears: def((_rt, d, n) => (isStr(d) && isNum(n) ? addYearsMemo(d, n) : undefined), [2, 2], 'A date plus whole years (29 Feb → 28 Feb)', 'date'),
  addDays: def((_rt, d, n) => (isStr(d) && isNum(n) ? addDaysMemo(d, n) : undefined), [2, 2], 'A date plus days', 'date'),
  addMonths: def((_rt, p, n) => (isStr(p) && isNum(n) ? addMonthsMemo(p, n) : undefined), [2, 2], 'A monthly period plus months', 'period'),
  daysBetween: def((_rt, a, b) => (isStr(a) && isStr(b) ? dayNumber(b) - dayNumber(a) : undefined), [2, 2], 'Days from the first date to the second', 'integer'),
  ageAt: def(
    (rt, id, d) => {
      if (!isStr(id) || !isStr(d)) return undefined;
      const b = birthOf(rt, id);
      return b === undefined ? undefined : ageAt(b, d);
    },
    [2, 2],
    "A person's age in whole years at a date (birth date from `persons`, else from the ID number)",
    'integer',
  ),
  birthDate: def((rt, id) => (isStr(id) ? birthOf(rt, id) : undefined), [1, 1], "A person's birth date (from `persons`, else from the ID number)", 'date'),
  household: def(
    (rt, id) => {
      if (!isStr(id)) return undefined;
      const h = rt.person(id)?.[HOUSEHOLD_ID];
      return isStr(h) ? h : `~${id}`;
    },
    [1, 1],
    "A person's household_id; a person not in `persons` is a household of one (`~` + ID number)",
    'string',
  ),
  anniversaries: def(
    (_rt, s, u) => (isStr(s) && isStr(u) ? anniversaries(s, u) : undefined),
    [2, 2],
    'How many k ≥ 0 have start + k years ≤ until (the yearly instalments due)',
    'integer',
  ),
  minDate: def((_rt, ...a) => seq(a.flat()).filter(isStr).sort()[0], [1, 9], 'The earliest of the dates', 'date'),
  maxDate: def((_rt, ...a) => seq(a.flat()).filter(isStr).sort().at(-1), [1, 9], 'The latest of the dates', 'date'),
  yuan: def((_rt, f) => (isNum(f) ? formatMoney(Math.round(f)) : undefined), [1, 1], 'Integer fen as yuan text: 120000 → "1200.00"', 'string'),
  fen: def(
    (_rt, y) => {
      const r = parseMoney(y);
      return r.ok ? r.value : undefined;
    },
    [1, 1],
    'Yuan (text or number) as integer fen',
    'money',
  ),
  median: def((_rt, a) => median(nums(a)), [1, 1], 'Median of numbers (of an even count, the mean of the middle two)'),
  countDistinct: def((_rt, a) => new Set(seq(a)).size, [1, 1], 'Number of distinct values', 'integer'),
  firstDigit: def(
    (_rt, n) => {
      if (!isNum(n) || n === 0) return undefined;
      const s = String(Math.abs(n)).replace(/^[0.]+/, '');
      return Number(s[0]);
    },
    [1, 1],
    'First significant digit of a number',
    'integer',
  ),
  // ---- jsonata's own, with jsonata's signatures and results
  ...Object.fromEntries(
    Object.entries(JSONATA_FUNCTIONS).map(([name, j]): [string, FunctionDef] => {
      const impl = j.impl;
      // jsonata's functions take at most three arguments; a missing one is undefined to each of them.
      const d: FunctionDef = { fn: (_rt, a, b, c) => impl(a, b, c), arity: [j.signature.minArgs, j.signature.maxArgs], doc: j.doc, signature: j.signature };
      return [name, j.returns === undefined ? d : { ...d, returns: j.returns }];
    }),
  ),
} satisfies Record<string, FunctionDef>;

/** The built-in functions' names (without the `$`): a table keyed by them (the SQL executor's) must cover every one. */
export type FunctionName = Extract<keyof typeof FUNCTIONS, string> | keyof typeof JSONATA_FUNCTIONS;

/** The built-in functions, by name (without the `$`). */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, FunctionDef>> = FUNCTIONS;

