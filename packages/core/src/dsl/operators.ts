/**
 * Condition operators: json-rules-engine 7.3's vocabulary with exactly its semantics (its
 * `engine-default-operators.js` is the table: `===`, `indexOf`, JavaScript `<` behind a
 * `parseFloat` check), plus our own operators for dates, money, ranges, emptiness and text.
 * Every operator is a plain `(factValue, value) => boolean`. Numbers compare exactly.
 */
import { compareValues } from './expression.js';
import { compileLinearRegex, isLinearRegex } from './linear-regex.js';

export type OperatorFn = (fact: unknown, value: unknown) => boolean;

/** What an operator expects, for validation and for converting literals. */
export type OperandKind = 'any' | 'number' | 'date' | 'money' | 'list' | 'none' | 'text' | 'range';

export interface OperatorDef {
  readonly fn: OperatorFn;
  /** Kind of the right-hand value; literals of kind `money` are written in yuan and converted to fen, `date` literals are checked. */
  readonly value: OperandKind;
  /** Kind of the fact. */
  readonly fact: OperandKind;
  readonly doc: string;
}

const isNumeric = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
const isText = (v: unknown): v is string => typeof v === 'string';

/** json-rules-engine's `equal`: `a === b` (so `1000000000` ≠ `1000000001`, `NaN` ≠ `NaN`). */
function equal(a: unknown, b: unknown): boolean {
  return a === b;
}

function numCmp(test: (c: number) => boolean): OperatorFn {
  return (a, b) => isNumeric(a) && isNumeric(b) && test(compareValues(a, b));
}

/**
 * json-rules-engine's numeric comparison for its own operator names: the fact qualifies when
 * `parseFloat` reads a number from it (a one-element list `[3]`, the text `"3x"` do), and then
 * the two compare as JavaScript's `<` does.
 */
function jreNumCmp(js: (a: number, b: number) => boolean): OperatorFn {
  return (a, b) => !Number.isNaN(Number.parseFloat(a as string)) && js(a as number, b as number);
}

function dateCmp(test: (c: number) => boolean): OperatorFn {
  return (a, b) => isText(a) && isText(b) && test(compareValues(a, b));
}

/**
 * json-rules-engine's `in`: `value.indexOf(fact) > -1` — membership (`===`) in a list, and for
 * a text value a substring search of the fact as text. `validate` refuses values that are not
 * lists; any other value (json-rules-engine throws on it) holds for neither `in` nor `notIn`.
 */
function indexOf(a: unknown, b: unknown): number | undefined {
  if (Array.isArray(b)) return b.indexOf(a);
  if (isText(b)) return b.indexOf(a as string);
  return undefined;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** `matches`: the pattern (compiled, or text compiled on first use) is found in the fact, by the linear-time engine. */
function matches(a: unknown, b: unknown): boolean {
  if (!isText(a)) return false;
  if (isLinearRegex(b)) return b.test(a);
  if (!isText(b)) return false;
  const r = compileLinearRegex(b);
  return r.ok && r.regex.test(a);
}

const op = (fn: OperatorFn, fact: OperandKind, value: OperandKind, doc: string): OperatorDef => ({ fn, fact, value, doc });

/** The built-in operators by name. */
const OPERATORS = {
  equal: op(equal, 'any', 'any', 'fact === value (numbers compared exactly)'),
  notEqual: op((a, b) => !equal(a, b), 'any', 'any', 'fact !== value'),
  lessThan: op(jreNumCmp((a, b) => a < b), 'number', 'number', 'fact < value (numbers)'),
  lessThanInclusive: op(jreNumCmp((a, b) => a <= b), 'number', 'number', 'fact ≤ value (numbers)'),
  greaterThan: op(jreNumCmp((a, b) => a > b), 'number', 'number', 'fact > value (numbers)'),
  greaterThanInclusive: op(jreNumCmp((a, b) => a >= b), 'number', 'number', 'fact ≥ value (numbers)'),
  in: op((a, b) => (indexOf(a, b) ?? -1) > -1, 'any', 'list', 'fact is one of the values (`===`)'),
  notIn: op((a, b) => indexOf(a, b) === -1, 'any', 'list', 'fact is none of the values (`===`)'),
  contains: op((a, b) => Array.isArray(a) && a.indexOf(b) > -1, 'list', 'any', 'the fact (a list) contains the value (`===`)'),
  doesNotContain: op((a, b) => Array.isArray(a) && a.indexOf(b) === -1, 'list', 'any', 'the fact (a list) does not contain the value'),
  dateBefore: op(dateCmp((c) => c < 0), 'date', 'date', 'fact date < value date'),
  dateOnOrBefore: op(dateCmp((c) => c <= 0), 'date', 'date', 'fact date ≤ value date'),
  dateAfter: op(dateCmp((c) => c > 0), 'date', 'date', 'fact date > value date'),
  dateOnOrAfter: op(dateCmp((c) => c >= 0), 'date', 'date', 'fact date ≥ value date'),
  moneyEqual: op(numCmp((c) => c === 0), 'money', 'money', 'amounts equal (literals in yuan)'),
  moneyGreaterThan: op(numCmp((c) => c > 0), 'money', 'money', 'amount > value (literals in yuan)'),
  moneyGreaterThanInclusive: op(numCmp((c) => c >= 0), 'money', 'money', 'amount ≥ value (literals in yuan)'),
  moneyLessThan: op(numCmp((c) => c < 0), 'money', 'money', 'amount < value (literals in yuan)'),
  moneyLessThanInclusive: op(numCmp((c) => c <= 0), 'money', 'money', 'amount ≤ value (literals in yuan)'),
  between: op(
    (a, b) => {
      if (!Array.isArray(b) || b.length !== 2) return false;
      const lo = compareValues(a, b[0]);
      const hi = compareValues(a, b[1]);
      return !Number.isNaN(lo) && !Number.isNaN(hi) && lo >= 0 && hi <= 0;
    },
    'any',
    'range',
    'value[0] ≤ fact ≤ value[1] (numbers or dates)',
  ),
  empty: op((a) => isEmpty(a), 'any', 'none', 'the fact is null, missing, empty text or an empty list'),
  notEmpty: op((a) => !isEmpty(a), 'any', 'none', 'the fact has a value (a non-empty list)'),
  matches: op(matches, 'text', 'text', 'the regular expression (RE2 syntax, linear time) is found in the fact'),
  startsWith: op((a, b) => isText(a) && isText(b) && a.startsWith(b), 'text', 'text', 'the fact starts with the text'),
} satisfies Record<string, OperatorDef>;

/** The built-in operators' names: a table keyed by them (the SQL executor's) must cover every one. */
export type OperatorName = keyof typeof OPERATORS;

/** The built-in operators by name. */
export const BUILTIN_OPERATORS: Readonly<Record<string, OperatorDef>> = OPERATORS;

/** Names of json-rules-engine's own operators (the differential test compares these with it). */
export const JSON_RULES_ENGINE_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const satisfies readonly OperatorName[];
