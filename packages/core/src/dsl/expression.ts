/**
 * jsonata expressions, compiled. Rules are written in jsonata syntax (parsed by the jsonata
 * library, so syntax errors carry its positions), but the batch path never runs the jsonata
 * interpreter: the AST is compiled to plain synchronous closures for the subset rules need —
 * paths with filters, arithmetic, comparison, `and`/`or`, `in`, `&`, conditionals, array
 * constructors, blocks and function calls. Anything outside the subset is a validation error,
 * named with its position.
 */
import jsonata from 'jsonata';
import { BUILTIN_FUNCTIONS, truthy, type FunctionDef, type FunctionRuntime } from './functions.js';

/** Variables and functions an expression sees: `$params`, `$asOf`, `$fn(...)`. */
export interface ExprEnv {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly rt: FunctionRuntime;
}

/** A compiled expression: `input` is the rule context (or an element, inside a filter). */
export type CompiledExpr = (input: unknown, env: ExprEnv) => unknown;

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    readonly position: number | undefined,
  ) {
    super(message);
  }
}

/**
 * A node of jsonata's abstract syntax tree (`jsonata(src).ast()`), as far as the engine reads
 * it. Exported (as `ExpressionNode`) for compilers of rule expressions, such as the SQL one.
 *
 * @example
 * ```ts
 * const ast: ExpressionNode = parseExpression('amount > 100');
 * ast.type; // 'binary'
 * ```
 */
export interface Node {
  type: string;
  value?: unknown;
  position?: number;
  steps?: Node[];
  stages?: Node[];
  expr?: Node;
  lhs?: Node;
  rhs?: Node;
  expression?: Node;
  expressions?: Node[];
  condition?: Node;
  then?: Node;
  else?: Node;
  arguments?: Node[];
  procedure?: Node;
  predicate?: Node[];
  keepArray?: boolean;
}

/** Parses jsonata source; throws {@link ExpressionError} with the position on a syntax error. */
export function parseExpression(src: string): Node {
  try {
    return jsonata(src).ast() as Node;
  } catch (e) {
    const err = e as { message?: string; position?: number; code?: string };
    throw new ExpressionError(`bad expression \`${src}\`: ${err.message ?? String(e)}`, err.position);
  }
}

/** Names read from the input at the top level of an expression (its context dependencies). */
export function rootNames(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: Node | undefined, top: boolean): void => {
    if (!n) return;
    if (n.type === 'path') {
      const first = n.steps?.[0];
      if (top && first?.type === 'name') out.add(String(first.value));
      n.steps?.forEach((s, i) => {
        if (i > 0 || s.type !== 'name') walk(s, top && i === 0);
        s.stages?.forEach((st) => {
          walk(st.expr, false);
        });
      });
      return;
    }
    if (n.type === 'name') {
      if (top) out.add(String(n.value));
      n.stages?.forEach((st) => {
        walk(st.expr, false);
      });
      return;
    }
    for (const k of ['lhs', 'rhs', 'expression', 'condition', 'then', 'else', 'expr'] as const) walk(n[k], top);
    n.expressions?.forEach((x) => {
      walk(x, top);
    });
    n.arguments?.forEach((x) => {
      walk(x, top);
    });
  };
  walk(node, true);
  return [...out];
}

/** Function names an expression calls. */
export function calledFunctions(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach(walk);
      return;
    }
    const x = n as Node;
    if (x.type === 'function' && x.procedure?.type === 'variable') out.add(String(x.procedure.value));
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(node);
  return [...out];
}

/** Variables (`$name` not called as functions) an expression reads. */
export function usedVariables(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: unknown, isProc: boolean): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach((x) => {
        walk(x, false);
      });
      return;
    }
    const x = n as Node;
    if (x.type === 'variable' && !isProc && x.value !== '') out.add(String(x.value));
    for (const [k, v] of Object.entries(x)) if (typeof v === 'object') walk(v, k === 'procedure');
  };
  walk(node, false);
  return [...out];
}

// ---------------------------------------------------------------- evaluation helpers

function flattenInto(out: unknown[], v: unknown): void {
  if (v === undefined) return;
  if (Array.isArray(v)) for (const x of v) flattenInto(out, x);
  else out.push(v);
}

/** Reads one step: a property of an object, mapped over arrays (jsonata path semantics). */
function step(v: unknown, name: string): unknown {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      if (x !== null && typeof x === 'object') flattenInto(out, (x as Record<string, unknown>)[name]);
    }
    return out.length === 0 ? undefined : out;
  }
  if (typeof v === 'object') return (v as Record<string, unknown>)[name];
  return undefined;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const stepCache = new Map<string, (v: unknown) => unknown>();

/**
 * A step reader specialised for one property name. Each is its own function (its own inline
 * caches), so reading `subject` or `id_number` in the hot loop is a monomorphic property load
 * instead of a megamorphic keyed one. Names are identifiers (checked), never arbitrary code.
 */
export function stepReader(name: string): (v: unknown) => unknown {
  let f = stepCache.get(name);
  if (f) return f;
  if (IDENT.test(name)) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function('step', `return function read_${name.replace(/\$/g, '_')}(v) { if (v === null || v === undefined) return undefined; if (Array.isArray(v)) return step(v, ${JSON.stringify(name)}); return typeof v === 'object' ? v.${name} : undefined; }`) as (s: typeof step) => (v: unknown) => unknown;
    f = make(step);
  } else {
    f = (v) => step(v, name);
  }
  stepCache.set(name, f);
  return f;
}

const EPS = 1e-9;

/** Numeric comparison tolerant of binary floating point in decimals (areas × rates). */
export function compareNumbers(a: number, b: number): number {
  const d = a - b;
  const scale = Math.max(1, Math.abs(a), Math.abs(b));
  if (Math.abs(d) <= EPS * scale) return 0;
  return d < 0 ? -1 : 1;
}

/** Compares two scalars of one kind (numbers, or strings in code-unit order); NaN when incomparable. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number.NaN;
}

function equalValues(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b) === 0;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equalValues(x, b[i]));
  }
  return a === b;
}

function arith(op: string, a: unknown, b: unknown): unknown {
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return b === 0 ? undefined : a % b;
  }
  return undefined;
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function scalarOf(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

// ---------------------------------------------------------------- compiler

export interface CompileOptions {
  /** Functions available besides the built-ins (plug-ins). */
  readonly functions?: Readonly<Record<string, FunctionDef>>;
}

/**
 * Compiles jsonata source to a closure. Throws {@link ExpressionError} for syntax errors,
 * unknown functions and constructs outside the compiled subset.
 *
 * @example
 * ```ts
 * const f = compileExpression('subject.amount > fund.max_amount');
 * f({ subject: { amount: 5 }, fund: { max_amount: 3 } }, env); // true
 * ```
 */
export function compileExpression(src: string, options: CompileOptions = {}): CompiledExpr {
  const ast = parseExpression(src);
  const fns = { ...BUILTIN_FUNCTIONS, ...options.functions };
  return compileNode(ast, fns, src);
}

function unsupported(n: Node, src: string, what: string): never {
  throw new ExpressionError(
    `\`${src}\`: ${what} is outside the compiled jsonata subset (paths, filters [..], arithmetic, comparisons, and/or, in, &, ?:, [..], blocks, function calls)`,
    n.position,
  );
}

function compileNode(n: Node, fns: Readonly<Record<string, FunctionDef>>, src: string): CompiledExpr {
  const c = (x: Node): CompiledExpr => compileNode(x, fns, src);
  switch (n.type) {
    case 'string':
    case 'number':
    case 'value': {
      const v = n.value;
      return () => v;
    }
    case 'regex':
      return unsupported(n, src, 'a regular expression');
    case 'name':
      return compilePath({ type: 'path', steps: [n] }, fns, src);
    case 'path':
      return compilePath(n, fns, src);
    case 'variable': {
      const name = String(n.value);
      if (name === '') return (input) => input;
      if (n.stages?.length || n.predicate?.length) return unsupported(n, src, 'a filter on a variable');
      return (_input, env) => env.vars[name];
    }
    case 'block': {
      const parts = (n.expressions ?? []).map(c);
      return (input, env) => {
        let v: unknown;
        for (const p of parts) v = p(input, env);
        return v;
      };
    }
    case 'condition': {
      const cond = c(n.condition!);
      const then = c(n.then!);
      const els = n.else ? c(n.else) : () => undefined;
      return (input, env) => (truthy(cond(input, env)) ? then(input, env) : els(input, env));
    }
    case 'unary': {
      if (n.value === '-') {
        const e = c(n.expression!);
        return (input, env) => {
          const v = e(input, env);
          return typeof v === 'number' ? -v : undefined;
        };
      }
      if (n.value === '[') {
        const items = (n.expressions ?? []).map(c);
        return (input, env) => {
          const out: unknown[] = [];
          for (const it of items) {
            const v = it(input, env);
            if (Array.isArray(v)) out.push(...(v as unknown[]));
            else if (v !== undefined) out.push(v);
          }
          return out;
        };
      }
      return unsupported(n, src, `the unary \`${String(n.value)}\``);
    }
    case 'binary': {
      const op = String(n.value);
      const l = c(n.lhs!);
      const r = c(n.rhs!);
      switch (op) {
        case 'and':
          return (input, env) => truthy(l(input, env)) && truthy(r(input, env));
        case 'or':
          return (input, env) => truthy(l(input, env)) || truthy(r(input, env));
        case '+':
        case '-':
        case '*':
        case '/':
        case '%':
          return (input, env) => arith(op, scalarOf(l(input, env)), scalarOf(r(input, env)));
        case '&':
          return (input, env) => {
            const a = scalarOf(l(input, env));
            const b = scalarOf(r(input, env));
            return `${textOf(a)}${textOf(b)}`;
          };
        case '=':
          return (input, env) => {
            const a = scalarOf(l(input, env));
            const b = scalarOf(r(input, env));
            return a !== undefined && b !== undefined && equalValues(a, b);
          };
        case '!=':
          return (input, env) => {
            const a = scalarOf(l(input, env));
            const b = scalarOf(r(input, env));
            return a !== undefined && b !== undefined && !equalValues(a, b);
          };
        case '<':
        case '<=':
        case '>':
        case '>=':
          return (input, env) => {
            const cmp = compareValues(scalarOf(l(input, env)), scalarOf(r(input, env)));
            if (Number.isNaN(cmp)) return false;
            return op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : cmp >= 0;
          };
        case 'in':
          return (input, env) => {
            const a = scalarOf(l(input, env));
            if (a === undefined) return false;
            const b = r(input, env);
            return Array.isArray(b) ? b.some((x) => equalValues(a, x)) : equalValues(a, b);
          };
        default:
          return unsupported(n, src, `the operator \`${op}\``);
      }
    }
    case 'function': {
      if (n.procedure?.type !== 'variable') return unsupported(n, src, 'a computed function');
      const name = String(n.procedure.value);
      const def = fns[name];
      if (!def) {
        throw new ExpressionError(`\`${src}\`: unknown function \`$${name}\` (known: ${Object.keys(fns).map((k) => `$${k}`).join(', ')})`, n.position);
      }
      const args = (n.arguments ?? []).map(c);
      if (args.length < def.arity[0] || args.length > def.arity[1]) {
        throw new ExpressionError(`\`${src}\`: \`$${name}\` takes ${def.arity[0]}–${def.arity[1]} arguments, got ${args.length}`, n.position);
      }
      const fn = def.fn;
      if (args.length === 1) {
        const a0 = args[0]!;
        return (input, env) => fn(env.rt, a0(input, env));
      }
      if (args.length === 2) {
        const a0 = args[0]!;
        const a1 = args[1]!;
        return (input, env) => fn(env.rt, a0(input, env), a1(input, env));
      }
      if (args.length === 3) {
        // `$substring(s, start, length)` runs once per record: no argument array for it.
        const a0 = args[0]!;
        const a1 = args[1]!;
        const a2 = args[2]!;
        return (input, env) => fn(env.rt, a0(input, env), a1(input, env), a2(input, env));
      }
      return (input, env) => fn(env.rt, ...args.map((a) => a(input, env)));
    }
    default:
      return unsupported(n, src, `a \`${n.type}\` expression`);
  }
}

function compilePath(n: Node, fns: Readonly<Record<string, FunctionDef>>, src: string): CompiledExpr {
  const steps = n.steps ?? [];
  const parts: ((v: unknown, root: unknown, env: ExprEnv) => unknown)[] = [];
  steps.forEach((s, i) => {
    let get: (v: unknown, root: unknown, env: ExprEnv) => unknown;
    if (s.type === 'name') {
      const read = stepReader(String(s.value));
      get = (v) => read(v);
    } else if (s.type === 'variable' && i === 0) {
      const name = String(s.value);
      get = name === '' ? (v) => v : (_v, _root, env) => env.vars[name];
    } else if (i === 0) {
      const e = compileNode({ ...s, stages: [] }, fns, src);
      get = (v, _root, env) => e(v, env);
    } else {
      return unsupported(s, src, `a \`${s.type}\` path step`);
    }
    for (const st of s.stages ?? []) {
      if (st.type !== 'filter' || !st.expr) return unsupported(st, src, `a \`${st.type}\` stage`);
      const prev = get;
      if (st.expr.type === 'number') {
        const idx = Number(st.expr.value);
        get = (v, root, env) => {
          const r = prev(v, root, env);
          const arr = r === undefined ? [] : Array.isArray(r) ? r : [r];
          return arr.at(idx);
        };
      } else {
        const pred = compileNode(st.expr, fns, src);
        get = (v, root, env) => {
          const r = prev(v, root, env);
          if (r === undefined) return undefined;
          const arr = Array.isArray(r) ? r : [r];
          const out = arr.filter((x) => truthy(pred(x, env)));
          return out.length === 0 ? undefined : out;
        };
      }
    }
    parts.push(get);
  });
  const plain = steps.every((s) => s.type === 'name' && !s.stages?.length);
  if (parts.length === 1 && plain) return stepReader(String(steps[0]!.value));
  if (parts.length === 1) {
    const p0 = parts[0]!;
    return (input, env) => p0(input, input, env);
  }
  if (parts.length === 2 && plain) {
    const a = stepReader(String(steps[0]!.value));
    const b = stepReader(String(steps[1]!.value));
    return (input) => b(a(input));
  }
  return (input, env) => {
    let v: unknown = input;
    for (const p of parts) {
      v = p(v, input, env);
      if (v === undefined) return undefined;
    }
    return v;
  };
}
