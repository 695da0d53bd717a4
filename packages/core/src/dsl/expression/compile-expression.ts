/**
 * jsonata expressions, compiled. Rules are written in jsonata syntax (parsed by the jsonata
 * library, so syntax errors carry its positions), but the batch path never runs the jsonata
 * interpreter: the AST is compiled to synchronous closures for the subset rules need, each with
 * jsonata 2.2's own semantics. Anything outside the subset is refused with its position — an
 * expression is either answered as jsonata answers it, or not accepted.
 */
import { BUILTIN_FUNCTIONS } from '../functions.js';
import { parseExpression, type Node } from './ast.js';
import { compilePath, compileFilter } from './compile-path.js';
import { BINARY_OPERATORS, boolize, type BinaryOperatorName } from './compile-operators.js';
import { unsupported, type CompileContext, type CompileOptions, type CompiledExpr, type ExprEnv } from './compile-context.js';
import { EvaluationError, ExpressionError } from './expression-error.js';
import { problemOf } from '../problem-messages.js';
import { JSONATA_FUNCTION_NAMES } from './jsonata-function-names.js';
import { createSequence, isNumeric, isSequence, toBoolean, unwrap, type Sequence } from './values.js';

type NodeCompiler = (n: Node, cx: CompileContext) => CompiledExpr;

const literal: NodeCompiler = (n) => {
  const v = n.value;
  return () => v;
};

/** jsonata's lookup of a name: in an object its property, over an array each item's, flattened. */
function lookup(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = createSequence();
    for (const el of input) {
      const res = lookup(el, key);
      if (res === undefined) continue;
      if (Array.isArray(res)) for (const v of res) result.push(v);
      else result.push(res);
    }
    return result;
  }
  if (input !== null && typeof input === 'object') return (input as Record<string, unknown>)[key];
  return undefined;
}

/** A name as a path step (the parser puts every name in a path). */
const compileName: NodeCompiler = (n) => {
  const key = String(n.value);
  return (input) => lookup(input, key);
};

const compileVariable: NodeCompiler = (n, cx) => {
  const name = String(n.value);
  if (name === '') return (input) => (isSequence(input) && input.outerWrapper ? input[0] : input);
  if (name === '$') return unsupported(n, cx, 'the root `$$`');
  const known = cx.variables ? cx.variables.has(name) : !(name in cx.functions) && !JSONATA_FUNCTION_NAMES.has(name);
  if (!known) {
    const fnName = name in cx.functions || JSONATA_FUNCTION_NAMES.has(name);
    return unsupported(n, cx, fnName ? `the function \`$${name}\` used as a value` : `the variable \`$${name}\``);
  }
  return (_input, env) => env.vars[name];
};

const compileBinary: NodeCompiler = (n, cx) => {
  const op = String(n.value);
  const l = cx.compile(n.lhs!);
  const r = cx.compile(n.rhs!);
  if (op === 'and') return (input, env) => boolize(l(input, env)) && boolize(r(input, env));
  if (op === 'or') return (input, env) => boolize(l(input, env)) || boolize(r(input, env));
  if (!Object.hasOwn(BINARY_OPERATORS, op)) return unsupported(n, cx, op === '..' ? 'the range operator `..`' : `the operator \`${op}\``);
  const f = BINARY_OPERATORS[op as BinaryOperatorName];
  return (input, env) => {
    const a = l(input, env);
    return f(a, r(input, env));
  };
};

const compileUnary: NodeCompiler = (n, cx) => {
  if (n.value === '-') {
    const e = cx.compile(n.expression!);
    return (input, env) => {
      const v = e(input, env);
      if (v === undefined) return undefined;
      if (isNumeric(v)) return -v;
      throw new EvaluationError('D1002', v);
    };
  }
  if (n.value === '[') {
    const items = (n.expressions ?? []).map((x) => ({ ev: cx.compile(x), nested: x.value === '[' }));
    const cons = n.consarray === true;
    return (input, env) => {
      let out: unknown[] = [];
      for (const it of items) {
        const v = it.ev(input, env);
        if (v === undefined) continue;
        if (it.nested) out.push(v);
        else out = out.concat(Array.isArray(v) ? v : [v]);
      }
      if (cons) Object.defineProperty(out, 'cons', { enumerable: false, configurable: false, value: true });
      return out;
    };
  }
  return unsupported(n, cx, n.value === '{' ? 'an object constructor `{…}`' : `the unary \`${String(n.value)}\``);
};

const compileCondition: NodeCompiler = (n, cx) => {
  const cond = cx.compile(n.condition!);
  const then = cx.compile(n.then!);
  const els = n.else ? cx.compile(n.else) : undefined;
  return (input, env) => (toBoolean(cond(input, env)) ? then(input, env) : els ? els(input, env) : undefined);
};

const compileBlock: NodeCompiler = (n, cx) => {
  const parts = (n.expressions ?? []).map((x) => cx.compile(x));
  return (input, env) => {
    let v: unknown;
    for (const p of parts) v = p(input, env);
    return v;
  };
};

const compileFunction: NodeCompiler = (n, cx) => {
  if (n.procedure?.type !== 'variable') return unsupported(n, cx, 'a computed function');
  const name = String(n.procedure.value);
  const def = cx.functions[name];
  if (!def) {
    const known = Object.keys(cx.functions);
    throw ExpressionError.of(problemOf(JSONATA_FUNCTION_NAMES.has(name) ? 'jsonataFunctionOutsideSubset' : 'exprUnknownFunction', { src: cx.src, name, known }), n.position);
  }
  const args = (n.arguments ?? []).map((a) => cx.compile(a));
  if (args.length < def.arity[0] || args.length > def.arity[1]) {
    throw ExpressionError.of(problemOf('functionArity', { src: cx.src, name, least: def.arity[0], most: def.arity[1] === Infinity ? null : def.arity[1], got: args.length }), n.position);
  }
  const fn = def.fn;
  const sig = def.signature;
  if (sig) {
    const call = (v: unknown[], env: ExprEnv): unknown => fn(env.rt, v[0], v[1], v[2]);
    if (args.length === 1) {
      const a0 = args[0]!;
      return (input, env) => call(sig.validate([a0(input, env)], input), env);
    }
    if (args.length === 2) {
      const a0 = args[0]!;
      const a1 = args[1]!;
      return (input, env) => {
        const v0 = a0(input, env);
        return call(sig.validate([v0, a1(input, env)], input), env);
      };
    }
    return (input, env) => call(sig.validate(args.map((a) => a(input, env)), input), env);
  }
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
    const a0 = args[0]!;
    const a1 = args[1]!;
    const a2 = args[2]!;
    return (input, env) => fn(env.rt, a0(input, env), a1(input, env), a2(input, env));
  }
  return (input, env) => fn(env.rt, ...args.map((a) => a(input, env)));
};

/** How each node type compiles; a type not listed is outside the subset. */
const NODE_COMPILERS: Readonly<Record<string, NodeCompiler>> = {
  string: literal,
  number: literal,
  value: literal,
  path: compilePath,
  name: compileName,
  variable: compileVariable,
  binary: compileBinary,
  unary: compileUnary,
  condition: compileCondition,
  block: compileBlock,
  function: compileFunction,
};

const REFUSED: Readonly<Record<string, string>> = {
  regex: 'a regular expression',
  wildcard: 'the wildcard `*`',
  descendant: 'the descendant wildcard `**`',
  parent: 'the parent operator `%`',
  sort: 'sorting `^(…)`',
  bind: 'a variable binding `:=`',
  lambda: 'a function definition',
  partial: 'a partial application',
  apply: 'the chain operator `~>`',
  transform: 'a transform `|…|`',
};

/** Node types whose value is never a sequence: no unwrapping needed (a path unwraps its own). */
const NEVER_SEQUENCE = new Set(['string', 'number', 'value', 'binary']);
const NODE_KEYS = new Set(['type', 'value', 'position', 'lhs', 'rhs', 'expression', 'expressions', 'condition', 'then', 'else', 'arguments', 'procedure', 'steps', 'stages', 'predicate', 'consarray', 'keepSingletonArray', 'group', 'keepArray']);

function compileNode(n: Node, cx: CompileContext): CompiledExpr {
  for (const k of Object.keys(n)) if (!NODE_KEYS.has(k) && (n as unknown as Record<string, unknown>)[k] !== undefined) unsupported(n, cx, k === 'tuple' || k === 'focus' || k === 'index' ? 'the `@` and `#` bindings' : `an expression with \`${k}\``);
  if (n.type !== 'path' && (n.group || n.keepArray || n.keepSingletonArray)) unsupported(n, cx, n.group ? 'grouping `{…}`' : 'keeping singleton arrays (`[]`)');
  const make = NODE_COMPILERS[n.type];
  if (!make) return unsupported(n, cx, REFUSED[n.type] ?? `a \`${n.type}\` expression`);
  const base = make(n, cx);
  const filters = (n.predicate ?? []).map((p) => compileFilter(p, cx));
  if (filters.length === 0) return NEVER_SEQUENCE.has(n.type) || n.type === 'path' ? base : (input, env) => unwrap(base(input, env));
  return (input, env) => {
    let r = base(input, env);
    for (const f of filters) r = f(r, env);
    return unwrap(r);
  };
}

/**
 * Compiles jsonata source to a closure. Throws {@link ExpressionError} for syntax errors,
 * unknown functions and constructs outside the compiled subset; the closure throws
 * {@link EvaluationError} where jsonata would fail.
 *
 * @example
 * ```ts
 * const f = compileExpression('subject.amount > fund.max_amount');
 * f({ subject: { amount: 5 }, fund: { max_amount: 3 } }, env); // true
 * ```
 */
export function compileExpression(src: string, options: CompileOptions = {}): CompiledExpr {
  const ast = parseExpression(src);
  const cx: CompileContext = {
    src,
    functions: { ...BUILTIN_FUNCTIONS, ...options.functions },
    variables: options.variables ? new Set(options.variables) : undefined,
    compile: (x) => compileNode(x, cx),
  };
  const root = compileNode(ast, cx);
  return (input, env) => {
    if (Array.isArray(input) && !isSequence(input)) {
      const wrapped: Sequence = createSequence(input);
      wrapped.outerWrapper = true;
      return root(wrapped, env);
    }
    return root(input, env);
  };
}
