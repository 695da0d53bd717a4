/**
 * Paths (`subject.amount`, `rows[amount > 0].id_number`, `$params.funds`) and filters, with
 * jsonata 2.2's semantics: each step maps over the items of the previous one and flattens
 * arrays one level, a one-item result is unwrapped (here, not by the caller), a filter or an index applies to each step's
 * own results, an array found at the last step is returned as it is.
 */
import type { Node } from './ast.js';
import { unsupported, type CompileContext, type CompiledExpr, type ExprEnv } from './compile-context.js';
import { createSequence, isArrayOfNumbers, isNumeric, isSequence, toBoolean, unwrap, type Sequence } from './values.js';

/** A filter stage: `[3]`, `[-1]` or `[amount > 0]`, applied to a value. */
export type CompiledFilter = (input: unknown, env: ExprEnv) => unknown;

export function compileFilter(stage: Node, cx: CompileContext): CompiledFilter {
  if (stage.type !== 'filter' || !stage.expr) return unsupported(stage, cx, `a \`${stage.type}\` stage (# or @ bindings)`);
  const pred = stage.expr;
  if (pred.type === 'number') {
    const at = Math.floor(Number(pred.value));
    return (value) => {
      let results: unknown = createSequence();
      const list = Array.isArray(value) ? value : createSequence(value);
      const item: unknown = list[at < 0 ? list.length + at : at];
      if (item !== undefined) {
        if (Array.isArray(item)) results = item;
        else (results as Sequence).push(item);
      }
      return results;
    };
  }
  const test = cx.compile(pred);
  return (value, env) => {
    const results = createSequence();
    const list = Array.isArray(value) ? value : createSequence(value);
    for (let index = 0; index < list.length; index++) {
      const item: unknown = list[index];
      let r = test(item, env);
      if (isNumeric(r)) r = [r];
      if (isArrayOfNumbers(r)) {
        for (const x of r as number[]) {
          let i = Math.floor(x);
          if (i < 0) i = list.length + i;
          if (i === index) results.push(item);
        }
      } else if (toBoolean(r)) results.push(item);
    }
    return results;
  };
}

interface Step {
  readonly ev: CompiledExpr;
  readonly filters: readonly CompiledFilter[];
  readonly consarray: boolean;
}

const STEP_KEYS = new Set(['type', 'value', 'position', 'stages', 'expressions', 'arguments', 'procedure', 'expression', 'lhs', 'rhs', 'condition', 'then', 'else', 'steps', 'predicate', 'consarray']);

export function compilePath(n: Node, cx: CompileContext): CompiledExpr {
  for (const k of Object.keys(n)) {
    if ((n as unknown as Record<string, unknown>)[k] === undefined) continue;
    if (!['type', 'steps', 'position', 'predicate'].includes(k)) {
      return unsupported(n, cx, k === 'keepSingletonArray' ? 'keeping singleton arrays (`[]` after a step)' : k === 'group' ? 'grouping `{…}` on a path' : `a path with \`${k}\``);
    }
  }
  const nodes = n.steps ?? [];
  if (nodes.length === 0) return unsupported(n, cx, 'an empty path');
  const steps: Step[] = nodes.map((s, i) => {
    for (const k of Object.keys(s)) {
      if (!STEP_KEYS.has(k) && (s as unknown as Record<string, unknown>)[k] !== undefined) {
        const what = k === 'tuple' || k === 'focus' || k === 'index' ? 'the `@` and `#` bindings' : k === 'keepArray' ? 'keeping singleton arrays (`[]` after a step)' : k === 'group' ? 'grouping `{…}`' : `a path step with \`${k}\``;
        return unsupported(s, cx, what);
      }
    }
    if (s.type === 'sort') return unsupported(s, cx, 'sorting `^(…)`');
    const { stages, ...bare } = s;
    return { ev: cx.compile(bare), filters: (stages ?? []).map((st) => compileFilter(st, cx)), consarray: i === 0 && s.consarray === true };
  });
  const firstIsVariable = nodes[0]!.type === 'variable';
  const last = steps.length - 1;

  /** jsonata's step: the step over each input item, its filters, then one level of flattening. */
  const runStep = (step: Step, input: readonly unknown[], isLast: boolean, env: ExprEnv): unknown[] => {
    const result: unknown[] = [];
    for (const item of input) {
      let res = step.ev(item, env);
      for (const f of step.filters) res = f(res, env);
      if (res !== undefined) result.push(res);
    }
    if (isLast && result.length === 1 && Array.isArray(result[0]) && !isSequence(result[0])) return result[0];
    const out = createSequence();
    for (const res of result) {
      if (!Array.isArray(res) || (res as Partial<Sequence>).cons) out.push(res);
      else for (const v of res) out.push(v);
    }
    return out;
  };

  /** The general path from step `from` on, with `input` as that step's input sequence; unwrapped as jsonata's evaluate does. */
  const general = (from: number, input: unknown[], env: ExprEnv): unknown => unwrap(walk(from, input, env));
  const walk = (from: number, input: unknown[], env: ExprEnv): unknown => {
    let seq = input;
    let result: unknown[] | undefined;
    for (let i = from; i < steps.length; i++) {
      const step = steps[i]!;
      result = i === 0 && step.consarray ? (step.ev(seq, env) as unknown[] | undefined) : runStep(step, seq, i === last, env);
      if (result === undefined || result.length === 0) break;
      seq = result;
    }
    return result;
  };

  const plainNames = nodes.every((s, i) => (s.type === 'name' || (i === 0 && s.type === 'variable' && s.value !== '$')) && !s.stages?.length && !s.predicate?.length && !s.consarray);
  if (!plainNames) {
    return (input, env) => general(0, Array.isArray(input) && !firstIsVariable ? input : createSequence(input), env);
  }
  // Fast path, equal to the general one: while each step meets one object, a step is a property
  // read; the first array met continues by the general path from that step.
  const names = nodes.map((s) => String(s.value));
  const first = firstIsVariable ? names[0]! : undefined;
  const start = firstIsVariable ? 1 : 0;
  const generated = generatedReader(names, start);
  if (generated) {
    const read = generated(general, isSequence, (v) => createSequence(v));
    return first === undefined
      ? (input, env) => read(input, input, env)
      : first === ''
        ? (input, env) => read(isSequence(input) && input.outerWrapper ? input[0] : input, input, env)
        : (input, env) => read(env.vars[first], input, env);
  }
  if (!firstIsVariable && names.length === 1) {
    const name = names[0]!;
    return (input, env) => {
      if (Array.isArray(input)) return general(0, input, env);
      if (input === null || typeof input !== 'object') return undefined;
      const v = (input as Record<string, unknown>)[name];
      return isSequence(v) ? general(0, createSequence(input), env) : v;
    };
  }
  return (input, env) => {
    let cur: unknown = first === undefined ? input : first === '' ? (isSequence(input) && input.outerWrapper ? input[0] : input) : env.vars[first];
    let i = start;
    for (; i < names.length; i++) {
      if (cur === undefined) return undefined;
      if (Array.isArray(cur)) return general(i, cur, env);
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[names[i]!];
    }
    return isSequence(cur) ? general(0, Array.isArray(input) && !firstIsVariable ? input : createSequence(input), env) : cur;
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
type Reader = (cur: unknown, input: unknown, env: ExprEnv) => unknown;
type ReaderFactory = (general: (from: number, input: unknown[], env: ExprEnv) => unknown, isSeq: (v: unknown) => boolean, seq: (v: unknown) => unknown[]) => Reader;
const readerCache = new Map<string, ReaderFactory>();

/**
 * The fast path above, unrolled into one function per list of names (`cur.subject`, then
 * `.amount`): each property read is written out, so it is a monomorphic load the JIT caches
 * instead of a keyed one. Only for identifier names; the code is the loop's, step for step.
 */
function generatedReader(names: readonly string[], start: number): ReaderFactory | undefined {
  const rest = names.slice(start);
  if (rest.length === 0 || rest.length > 8 || !rest.every((n) => IDENT.test(n))) return undefined;
  const key = `${start}\u0000${names.join('\u0000')}`;
  let f = readerCache.get(key);
  if (f) return f;
  const lines = rest.map(
    (n, k) =>
      `if (cur === undefined) return undefined; if (Array.isArray(cur)) return general(${start + k}, cur, env); if (cur === null || typeof cur !== 'object') return undefined; cur = cur.${n};`,
  );
  const general0 = start === 0 ? 'Array.isArray(input) ? input : seq(input)' : 'seq(input)';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  f = new Function(
    'general',
    'isSeq',
    'seq',
    `return function read(cur, input, env) { ${lines.join(' ')} if (isSeq(cur)) return general(0, ${general0}, env); return cur; };`,
  ) as ReaderFactory;
  readerCache.set(key, f);
  return f;
}
