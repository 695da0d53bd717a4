/**
 * Condition operators: json-rules-engine's vocabulary with its semantics, plus operators for
 * dates, money, emptiness and text. Every operator is a plain `(factValue, value) => boolean`.
 */
import { compareNumbers, compareValues } from './expression.js';

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

function equal(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b) === 0;
  return a === b;
}

function numCmp(test: (c: number) => boolean): OperatorFn {
  return (a, b) => isNumeric(a) && isNumeric(b) && test(compareNumbers(a, b));
}

/**
 * json-rules-engine's numeric comparison, for its own operator names: numbers compare with the
 * 1e-9 tolerance; anything else qualifies when `parseFloat` reads a number from it (a one-element
 * list `[3]` does) and then compares as JavaScript does.
 */
function jreNumCmp(test: (c: number) => boolean, js: (a: number, b: number) => boolean): OperatorFn {
  return (a, b) => {
    if (isNumeric(a) && isNumeric(b)) return test(compareNumbers(a, b));
    if (Number.isNaN(Number.parseFloat(String(a)))) return false;
    return js(a as number, b as number);
  };
}

function dateCmp(test: (c: number) => boolean): OperatorFn {
  return (a, b) => isText(a) && isText(b) && test(compareValues(a, b));
}

function member(a: unknown, b: unknown): boolean {
  if (b === undefined || b === null) return false;
  if (Array.isArray(b)) return b.some((x) => equal(a, x));
  return equal(a, b);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

const op = (fn: OperatorFn, fact: OperandKind, value: OperandKind, doc: string): OperatorDef => ({ fn, fact, value, doc });

/** The built-in operators by name. */
export const BUILTIN_OPERATORS: Readonly<Record<string, OperatorDef>> = {
  equal: op(equal, 'any', 'any', 'fact equals value (numbers compared with a 1e-9 relative tolerance)'),
  notEqual: op((a, b) => !equal(a, b), 'any', 'any', 'fact differs from value'),
  lessThan: op(jreNumCmp((c) => c < 0, (a, b) => a < b), 'number', 'number', 'fact < value (numbers)'),
  lessThanInclusive: op(jreNumCmp((c) => c <= 0, (a, b) => a <= b), 'number', 'number', 'fact ≤ value (numbers)'),
  greaterThan: op(jreNumCmp((c) => c > 0, (a, b) => a > b), 'number', 'number', 'fact > value (numbers)'),
  greaterThanInclusive: op(jreNumCmp((c) => c >= 0, (a, b) => a >= b), 'number', 'number', 'fact ≥ value (numbers)'),
  in: op((a, b) => a !== undefined && member(a, b), 'any', 'list', 'fact is one of the values'),
  notIn: op((a, b) => !member(a, b), 'any', 'list', 'fact is none of the values'),
  contains: op((a, b) => Array.isArray(a) && a.some((x) => equal(x, b)), 'list', 'any', 'the fact (a list) contains the value'),
  doesNotContain: op((a, b) => Array.isArray(a) && !a.some((x) => equal(x, b)), 'list', 'any', 'the fact (a list) does not contain the value'),
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
  matches: op((a, b) => isText(a) && b instanceof RegExp && b.test(a), 'text', 'text', 'the fact matches the regular expression'),
  startsWith: op((a, b) => isText(a) && isText(b) && a.startsWith(b), 'text', 'text', 'the fact starts with the text'),
};

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
] as const;
