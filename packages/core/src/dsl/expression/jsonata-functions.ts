/**
 * The jsonata built-in functions rules may call, with jsonata 2.2's signatures and results:
 * nothing in gives nothing out (except `$count`, `$exists`), `$round` rounds half to even,
 * `$string` formats numbers to 15 significant digits, `$distinct` compares deeply, wrong types
 * are errors. Each is checked against the jsonata package itself by the differential tests.
 */
import { EvaluationError } from './expression-error.js';
import { parseSignature, type Signature } from './signature.js';
import { characters, createSequence, deepEqual, isSequence, stringify, toBoolean } from './values.js';

/** A jsonata function: its signature and its body (called with validated arguments). */
export interface JsonataFunction {
  readonly signature: Signature;
  readonly impl: (...args: unknown[]) => unknown;
  readonly doc: string;
  readonly returns?: string;
}

const nums = (v: unknown): number[] => v as number[];
const str = (v: unknown): string => v as string;

function roundHalfEven(arg: number, precision: unknown): number {
  let x = arg;
  const p = typeof precision === 'number' ? precision : 0;
  if (p) {
    const [m, e] = x.toString().split('e');
    x = +`${m}e${e ? +e + p : p}`;
  }
  let r = Math.round(x);
  if (Math.abs(r - x) === 0.5 && Math.abs(r % 2) === 1) r -= 1;
  if (p) {
    const [m, e] = r.toString().split('e');
    r = +`${m}e${e ? +e - p : -p}`;
  }
  return Object.is(r, -0) ? 0 : r;
}

function toNumber(arg: unknown): number | undefined {
  if (arg === undefined) return undefined;
  if (typeof arg === 'number') return arg;
  if (typeof arg === 'string' && /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/.test(arg) && !Number.isNaN(Number.parseFloat(arg)) && Number.isFinite(Number(arg))) return Number.parseFloat(arg);
  if (typeof arg === 'string' && /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/.test(arg)) return Number(arg);
  if (arg === true) return 1;
  if (arg === false) return 0;
  throw new EvaluationError('D3030', arg);
}

const SURROGATE = /[\uD800-\uDFFF]/;

function substring(s: string, start: number, length: unknown): string {
  // Without surrogate pairs a code unit is a character: String#slice counts as Array#slice does.
  if (!SURROGATE.test(s)) {
    let b = start;
    if (s.length + b < 0) b = 0;
    if (typeof length === 'number') {
      if (length <= 0) return '';
      return s.slice(b, b >= 0 ? b + length : s.length + b + length);
    }
    return s.slice(b);
  }
  const chars = characters(s);
  let b = start;
  if (chars.length + b < 0) b = 0;
  if (typeof length === 'number') {
    if (length <= 0) return '';
    const end = b >= 0 ? b + length : chars.length + b + length;
    return chars.slice(b, end).join('');
  }
  return chars.slice(b).join('');
}

function distinct(arr: unknown): unknown {
  if (arr === undefined) return undefined;
  if (!Array.isArray(arr) || arr.length <= 1) return arr;
  const out: unknown[] = isSequence(arr) ? createSequence() : [];
  for (const v of arr) if (!out.some((x) => deepEqual(v, x))) out.push(v);
  return out;
}

function append(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const x = Array.isArray(a) ? a : createSequence(a);
  const y = Array.isArray(b) ? b : [b];
  return x.concat(y);
}

const fn = (signature: string, impl: (...args: unknown[]) => unknown, doc: string, returns?: string): JsonataFunction =>
  returns === undefined ? { signature: parseSignature(signature), impl, doc } : { signature: parseSignature(signature), impl, doc, returns };

/** jsonata's functions in the compiled subset, by name (without the `$`). */
export const JSONATA_FUNCTIONS = {
  sum: fn('<a<n>:n>', (a) => (a === undefined ? undefined : nums(a).reduce((t, n) => t + n, 0)), 'Sum of numbers'),
  count: fn('<a:n>', (a) => (a === undefined ? 0 : (a as unknown[]).length), 'Number of elements', 'integer'),
  max: fn('<a<n>:n>', (a) => (a === undefined || nums(a).length === 0 ? undefined : Math.max(...nums(a))), 'Largest number'),
  min: fn('<a<n>:n>', (a) => (a === undefined || nums(a).length === 0 ? undefined : Math.min(...nums(a))), 'Smallest number'),
  average: fn('<a<n>:n>', (a) => (a === undefined || nums(a).length === 0 ? undefined : nums(a).reduce((t, n) => t + n, 0) / nums(a).length), 'Mean of numbers', 'number'),
  string: fn('<x-b?:s>', (v, pretty) => stringify(v, pretty === true), 'As text (numbers to 15 significant digits)', 'string'),
  substring: fn('<s-nn?:s>', (s, start, len) => (s === undefined ? undefined : substring(str(s), start as number, len)), 'Part of a text, by characters', 'string'),
  lowercase: fn('<s-:s>', (s) => (s === undefined ? undefined : str(s).toLowerCase()), 'Lower case', 'string'),
  uppercase: fn('<s-:s>', (s) => (s === undefined ? undefined : str(s).toUpperCase()), 'Upper case', 'string'),
  length: fn('<s-:n>', (s) => (s === undefined ? undefined : SURROGATE.test(str(s)) ? characters(str(s)).length : str(s).length), 'Length of a text in characters', 'integer'),
  trim: fn(
    '<s-:s>',
    (s) => {
      if (s === undefined) return undefined;
      let r = str(s).replace(/[ \t\n\r]+/gm, ' ');
      if (r.charAt(0) === ' ') r = r.substring(1);
      if (r.charAt(r.length - 1) === ' ') r = r.substring(0, r.length - 1);
      return r;
    },
    'Trims, and collapses runs of spaces, tabs and line breaks to one space',
    'string',
  ),
  contains: fn(
    '<s-(sf):b>',
    (s, t) => {
      if (s === undefined || t === undefined) return undefined;
      if (typeof t !== 'string') throw new EvaluationError('T0410', t, 'argument 2: a regular expression is outside the compiled subset');
      return str(s).includes(t);
    },
    'Text contains text',
    'boolean',
  ),
  join: fn('<a<s>s?:s>', (a, sep) => (a === undefined ? undefined : (a as string[]).join(sep === undefined ? '' : str(sep))), 'Joins texts', 'string'),
  number: fn('<(nsb)-:n>', toNumber, 'As a number', 'number'),
  abs: fn('<n-:n>', (n) => (n === undefined ? undefined : Math.abs(n as number)), 'Absolute value'),
  floor: fn('<n-:n>', (n) => (n === undefined ? undefined : Math.floor(n as number)), 'Rounds down', 'integer'),
  ceil: fn('<n-:n>', (n) => (n === undefined ? undefined : Math.ceil(n as number)), 'Rounds up', 'integer'),
  round: fn('<n-n?:n>', (n, p) => (n === undefined ? undefined : roundHalfEven(n as number, p)), 'Rounds to a number of decimals, half to even (2.5 → 2)', 'number'),
  boolean: fn('<x-:b>', (v) => toBoolean(v), 'As a boolean (jsonata rules)', 'boolean'),
  not: fn('<x-:b>', (v) => (v === undefined ? undefined : !toBoolean(v)), 'Boolean negation', 'boolean'),
  exists: fn('<x:b>', (v) => v !== undefined, 'true when the value is defined', 'boolean'),
  distinct: fn('<x:x>', distinct, 'Distinct values (compared deeply)', 'list'),
  append: fn('<xx:a>', append, 'Concatenates lists', 'list'),
} satisfies Record<string, JsonataFunction>;
