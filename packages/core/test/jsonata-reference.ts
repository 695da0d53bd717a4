// Runs an expression both ways — compiled by the engine, and by the jsonata package itself —
// and says whether the answers agree. The engine's own functions ($periodStart, $ageAt, …) are
// lent to jsonata as bindings, so an expression using them means the same to both.
import jsonata from 'jsonata';
import { BUILTIN_FUNCTIONS, compileExpression, type FunctionRuntime } from '@sunshine/core';

const JSONATA_OWN = new Set(['sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'lowercase', 'uppercase', 'length', 'trim', 'contains', 'join', 'number', 'abs', 'floor', 'ceil', 'round', 'boolean', 'not', 'exists', 'distinct', 'append']);

export const rt: FunctionRuntime = { person: () => undefined };

/** The engine's own functions, callable from jsonata. */
const lent: Record<string, unknown> = Object.fromEntries(
  Object.entries(BUILTIN_FUNCTIONS)
    .filter(([name]) => !JSONATA_OWN.has(name))
    .map(([name, def]) => [name, (...args: unknown[]) => def.fn(rt, ...args)]),
);

/** A canonical text of a value: undefined, NaN and ±Infinity kept apart; sequences as arrays. */
export function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'function') return 'function';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export type Outcome = { kind: 'refused'; message: string } | { kind: 'same'; value: string } | { kind: 'different'; ours: string; theirs: string };

/** Compares the compiled expression with jsonata on one input and set of variables. */
export async function compare(src: string, input: unknown, vars: Record<string, unknown> = {}): Promise<Outcome> {
  let f;
  try {
    f = compileExpression(src, { variables: Object.keys(vars) });
  } catch (e) {
    return { kind: 'refused', message: (e as Error).message };
  }
  let ours: string;
  try {
    ours = canonical(f(input, { vars, rt }));
  } catch (e) {
    // Ours must fail as jsonata fails (an EvaluationError with jsonata's code), never crash.
    const code = (e as { code?: string }).code;
    ours = code ? `error ${code}` : `crash ${(e as Error).message}`;
  }
  let theirs: string;
  try {
    theirs = canonical(await jsonata(src).evaluate(input, { ...lent, ...vars }));
  } catch (e) {
    theirs = `error ${(e as { code?: string }).code ?? String(e)}`;
  }
  // An error is an error: which code jsonata reports first may depend on its evaluation order.
  if (ours === theirs || (ours.startsWith('error') && theirs.startsWith('error'))) return { kind: 'same', value: ours };
  return { kind: 'different', ours, theirs };
}
