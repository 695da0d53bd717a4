/**
 * jsonata function signatures (`<s-nn?:s>`): which arguments a built-in function takes, checked
 * before it runs, as jsonata checks them — a wrong type is error T0410, an array of the wrong
 * item type T0412, a single value where an array is expected becomes a one-item array, and a
 * parameter marked `-` takes the context value when the argument is left out.
 */
import { EvaluationError } from './expression-error.js';

interface Param {
  regex: string;
  type: string;
  subtype?: string;
  context?: boolean;
  contextRegex?: RegExp;
}

/** A parsed signature: the argument count it accepts and its validator. */
export interface Signature {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Checks and converts the arguments; `context` is the value a `-` parameter falls back to. */
  validate(args: readonly unknown[], context: unknown): unknown[];
}

/** jsonata's type letter of a value. */
export function typeSymbol(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 's';
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'function':
      return 'f';
    case 'object':
      return v === null ? 'l' : Array.isArray(v) ? 'a' : 'o';
    case 'undefined':
    case 'bigint':
    case 'symbol':
      return 'm';
  }
}

const SIMPLE: Readonly<Record<string, string>> = { s: '[sm]', n: '[nm]', b: '[bm]', l: '[lm]', o: '[om]', a: '[asnblfom]', f: 'f', j: '[asnblom]', x: '[asnblfom]' };

function closing(s: string, from: number, open: string, close: string): number {
  let depth = 1;
  let i = from;
  while (i < s.length) {
    i++;
    const c = s.charAt(i);
    if (c === close && --depth === 0) break;
    if (c === open) depth++;
  }
  return i;
}

/** Parses a signature such as `<a<n>:n>`. Only the forms jsonata's own built-ins use. */
export function parseSignature(sig: string): Signature {
  const params: Param[] = [];
  let i = 1;
  while (i < sig.length) {
    const c = sig.charAt(i);
    if (c === ':') break;
    const prev = params.at(-1);
    if (c in SIMPLE) {
      params.push({ regex: SIMPLE[c]!, type: c });
    } else if (c === '-' && prev) {
      prev.context = true;
      prev.contextRegex = new RegExp(prev.regex);
      prev.regex += '?';
    } else if ((c === '?' || c === '+') && prev) {
      prev.regex += c;
    } else if (c === '(') {
      const end = closing(sig, i, '(', ')');
      const choice = sig.substring(i + 1, end);
      params.push({ regex: `[${choice}m]`, type: `(${choice})` });
      i = end;
    } else if (c === '<' && prev) {
      const end = closing(sig, i, '<', '>');
      prev.subtype = sig.substring(i + 1, end);
      i = end;
    } else {
      throw new Error(`unsupported signature ${sig}`);
    }
    i++;
  }
  const regex = new RegExp(`^${params.map((p) => `(${p.regex})`).join('')}$`);
  const minArgs = params.filter((p) => !p.regex.endsWith('?')).length;
  const maxArgs = params.some((p) => p.regex.endsWith('+')) ? Infinity : params.length;

  const fail = (args: readonly unknown[], supplied: string): never => {
    let pattern = '^';
    let goodTo = 0;
    for (const p of params) {
      pattern += p.regex;
      const m = new RegExp(pattern).exec(supplied);
      if (m === null) throw new EvaluationError('T0410', args[goodTo], `argument ${goodTo + 1}`);
      goodTo = m[0].length;
    }
    throw new EvaluationError('T0410', args[goodTo], `argument ${goodTo + 1}`);
  };

  /**
   * What validation does for one combination of argument types, worked out once: `direct` when
   * the arguments pass as they are (the common case: no context value, no wrapping, no item check).
   */
  interface Plan {
    readonly m: RegExpExecArray;
    readonly direct: boolean;
  }
  const plans = new Map<string, Plan | null>();
  const planFor = (supplied: string): Plan | null => {
    let p = plans.get(supplied);
    if (p === undefined) {
      const m = regex.exec(supplied);
      p = m === null ? null : { m, direct: params.every((q, i) => m[i + 1]!.length === 1 && (q.type !== 'a' || (m[i + 1] === 'a' && q.subtype === undefined))) };
      if (plans.size < 256) plans.set(supplied, p);
    }
    return p;
  };

  return {
    minArgs,
    maxArgs,
    validate(args, context) {
      let supplied = '';
      for (const a of args) supplied += typeSymbol(a);
      const plan = planFor(supplied);
      if (plan === null) return fail(args, supplied);
      if (plan.direct) return args as unknown[];
      const m = plan.m;
      const out: unknown[] = [];
      let k = 0;
      params.forEach((p, index) => {
        const match = m[index + 1]!;
        if (match === '') {
          if (p.context && p.contextRegex) {
            if (!p.contextRegex.test(typeSymbol(context))) throw new EvaluationError('T0411', context, `argument ${k + 1}`);
            out.push(context);
          } else {
            out.push(args[k]);
            k++;
          }
          return;
        }
        for (const single of match) {
          let arg = args[k];
          if (p.type === 'a') {
            if (single === 'm') {
              arg = undefined;
            } else {
              let ok = true;
              if (p.subtype !== undefined) {
                if (single !== 'a' && match !== p.subtype) ok = false;
                else if (single === 'a' && (arg as unknown[]).length > 0) {
                  const itemType = typeSymbol((arg as unknown[])[0]);
                  if (itemType !== p.subtype.charAt(0)) ok = false;
                  else ok = (arg as unknown[]).every((v) => typeSymbol(v) === itemType);
                }
              }
              if (!ok) throw new EvaluationError('T0412', arg, `argument ${k + 1}`);
              if (single !== 'a') arg = [arg];
            }
          }
          out.push(arg);
          k++;
        }
      });
      return out;
    },
  };
}
