/**
 * jsonata's value semantics, as jsonata 2.2 has them: sequences (arrays it made itself, marked
 * `sequence`), the boolean cast, deep equality, numbers that must be finite, and `$string`'s
 * formatting. Every compiled operator and function is built on these.
 */
import { EvaluationError } from './expression-error.js';

/** An array jsonata made while evaluating (as opposed to an array in the data). */
export type Sequence = unknown[] & { sequence: true; keepSingleton?: boolean; outerWrapper?: boolean; cons?: boolean };

/** A new sequence; with an argument, holding it (even `undefined`, as jsonata's does). */
export function createSequence(...items: unknown[]): Sequence {
  const s = items as Sequence;
  s.sequence = true;
  return s;
}

export function isSequence(v: unknown): v is Sequence {
  return Array.isArray(v) && (v as Partial<Sequence>).sequence === true;
}

/** What jsonata does with a node's value: an empty sequence is nothing, a singleton its item. */
export function unwrap(v: unknown): unknown {
  if (Array.isArray(v) && (v as Partial<Sequence>).sequence === true) {
    if (v.length === 0) return undefined;
    if (v.length === 1 && (v as Sequence).keepSingleton !== true) return v[0];
  }
  return v;
}

/** A finite number; an infinite one is an error (D1001), NaN is not a number. */
export function isNumeric(v: unknown): v is number {
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  if (!Number.isFinite(v)) throw new EvaluationError('D1001', v);
  return true;
}

export function isArrayOfNumbers(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (!isNumeric(x)) return false;
  return true;
}

/** jsonata's `$boolean`: undefined stays undefined. */
export function toBoolean(v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 1) return toBoolean(v[0]);
    if (v.length > 1) {
      let any = false;
      for (const x of v) if (toBoolean(x)) any = true;
      return any;
    }
    return false;
  }
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return isNumeric(v) && v !== 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return v === true;
}

/** The boolean cast of conditions and `and`/`or`: nothing is false. */
export function truthy(v: unknown): boolean {
  return toBoolean(v) === true;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ak = Object.getOwnPropertyNames(a).sort();
  const bk = Object.getOwnPropertyNames(b).sort();
  if (ak.length !== bk.length) return false;
  for (let i = 0; i < ak.length; i++) if (ak[i] !== bk[i]) return false;
  for (const k of ak) if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** jsonata's `$string`: texts as they are, numbers to 15 significant digits, the rest as JSON. */
export function stringify(v: unknown, prettify = false): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new EvaluationError('D3001', v);
    return String(Number.isInteger(v) ? v : Number(v.toPrecision(15)));
  }
  const x: unknown = Array.isArray(v) && (v as Partial<Sequence>).outerWrapper ? (v as unknown[])[0] : v;
  return JSON.stringify(x, (_k, val: unknown) => (typeof val === 'number' && isNumeric(val) && !Number.isInteger(val) ? Number(val.toPrecision(15)) : val), prettify ? 2 : 0);
}

/** Characters of a text (code points, as jsonata counts them). */
export function characters(s: string): string[] {
  return Array.from(s);
}
