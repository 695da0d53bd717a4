/**
 * Expressions: jsonata source (the compiled subset) to SQL values — paths, names, operators
 * and function calls. Names bound to lookups and aggregates compile through the context's
 * resolvers.
 */
import { BUILTIN_FUNCTIONS, parseDate, parseExpression, type ExpressionNode as Node } from '@sunshine/core';
import type { Nul, RelationField, Scalar, Shape, Unknown, Value } from '../sql-values.js';
import type { CompileContext, Scope } from './context.js';
import { apply } from './functions.js';
import { field, member, truthy } from './relations.js';
import { bool, compare, constant, dbl, derivedNul, equal, num, text, textOf, ULP2, unk } from './scalars.js';

/** Compiles jsonata source in a scope. */
export function expr(cx: CompileContext, src: string, scope: Scope, ptr: string): Value {
  let ast: Node;
  try {
    ast = parseExpression(src);
  } catch {
    return unknown(cx, ptr, `\`${src}\` does not parse`);
  }
  const v = node(cx, ast, scope, ptr);
  if (v.k === 'unk') cx.note(ptr, `\`${src}\`: ${v.why}`);
  return v;
}

export function unknown(cx: CompileContext, ptr: string, why: string): Unknown {
  cx.note(ptr, why);
  return unk(why);
}

export function node(cx: CompileContext, n: Node, scope: Scope, ptr: string): Value {
  const c = (x: Node): Value => node(cx, x, scope, ptr);
  switch (n.type) {
    case 'string':
    case 'number':
    case 'value':
      return constant(cx, n.value);
    case 'name':
      return path(cx, { type: 'path', steps: [n] }, scope, ptr);
    case 'path':
      return path(cx, n, scope, ptr);
    case 'variable': {
      if (n.stages?.length || n.predicate?.length) return unk('a filter');
      const name = String(n.value);
      if (name === '') return scope.input ?? unk('`$` outside an element');
      if (name === 'asOf') return text(cx.d.literal(cx.opts.asOf), 'none', 'date');
      if (name === 'params') return unk('`$params` as a whole');
      return unk(`the variable \`$${name}\``);
    }
    case 'condition': {
      const cond = truthy(cx, c(n.condition!));
      if (cond === undefined) return unk('a conditional on a value SQL cannot test');
      const a = c(n.then!);
      const b = n.else ? c(n.else) : constant(cx, undefined);
      if (a.k !== 'sc' || b.k !== 'sc') return unk('a conditional of non-scalar values');
      const t = a.t === 'null' ? b.t : b.t === 'null' || b.t === a.t ? a.t : undefined;
      if (t === undefined) return unk('a conditional whose branches differ in type');
      const nul: Nul = a.nul === 'none' ? b.nul : b.nul === 'none' || b.nul === a.nul ? a.nul : 'mixed';
      const sql = `(CASE WHEN ${cond} THEN ${a.sql} ELSE ${b.sql} END)`;
      if (a.upper || b.upper) return unk('a conditional of a bound');
      if (a.err || b.err) return { ...num(sql, a.nul === b.nul ? a.nul : 'mixed'), err: `(CASE WHEN ${cond} THEN ${a.err ?? '0'} ELSE ${b.err ?? '0'} END)` };
      const shape = a.shape === b.shape || b.t === 'null' ? a.shape : a.t === 'null' ? b.shape : undefined;
      return { k: 'sc', t, sql, nul, ...(t === 'num' && a.int !== false && b.int !== false && (a.int || b.t === 'null') && (b.int || a.t === 'null') ? { int: true } : {}), ...(shape ? { shape } : {}) };
    }
    case 'unary': {
      if (n.value === '-') {
        const e = c(n.expression!);
        if (e.k !== 'sc') return unk('minus of a non-scalar');
        if (e.t !== 'num') return constant(cx, undefined);
        if (e.upper) return unk('minus a bound');
        return e.err ? { ...num(`(-${e.sql})`, derivedNul(e)), err: e.err } : num(`(-${e.sql})`, derivedNul(e), e.int);
      }
      if (n.value === '[') {
        const items: (Scalar | RelationField)[] = [];
        for (const x of n.expressions ?? []) {
          const v = c(x);
          if (v.k === 'sc' || v.k === 'relf') items.push(v);
          else if (v.k === 'lst') items.push(...v.items);
          else return unk('a list of records');
        }
        return { k: 'lst', items };
      }
      return unk(`the unary \`${String(n.value)}\``);
    }
    case 'binary':
      return binary(cx, String(n.value), c(n.lhs!), c(n.rhs!));
    case 'block': {
      // Expressions are pure: a block's value is its last expression's.
      const last = n.expressions?.at(-1);
      return last ? c(last) : constant(cx, undefined);
    }
    case 'function':
      return call(cx, n, scope, ptr);
    default:
      return unk(`a \`${n.type}\` expression`);
  }
}

export function path(cx: CompileContext, n: Node, scope: Scope, ptr: string): Value {
  const steps = n.steps ?? [];
  if (steps.some((s) => s.stages?.length || s.predicate?.length)) return unk('a filter or index in a path');
  const [first, ...rest] = steps;
  if (!first) return unk('an empty path');
  let v: Value;
  let i = 0;
  if (first.type === 'variable' && first.value === 'params') {
    const p = rest[0];
    if (p?.type !== 'name') return unk('`$params` as a whole');
    v = constant(cx, cx.plan.params[String(p.value)]);
    i = 1;
  } else if (first.type === 'name') {
    const name = String(first.value);
    if (scope.input) v = field(cx, scope.input, name);
    else v = resolve(cx, name, scope);
  } else {
    v = node(cx, { ...first, stages: [] }, scope, ptr);
  }
  for (const s of rest.slice(i)) {
    if (s.type !== 'name') return unk(`a \`${s.type}\` path step`);
    v = step(cx, v, String(s.value), scope);
    if (v.k === 'unk') return v;
  }
  return v;
}

export function step(cx: CompileContext, v: Value, name: string, scope: Scope): Value {
  switch (v.k) {
    case 'rec':
      return field(cx, v, name);
    case 'rel':
      return v.ds.fields.some((f) => f.name === name) ? { k: 'relf', rel: v, field: name } : unk(`\`${name}\` is no field of \`${v.ds.name}\``);
    case 'group': {
      const g = scope.group!;
      if (name === 'size') {
        if (g.window) {
          if (!g.windowBound || g.alias !== 'g0') return unk('`group.size` of a date window');
          return { ...num(`g0.${cx.q(g.column(`MAX(r.${cx.q(g.windowBound)})`))}`, 'none', true), upper: true };
        }
        if (g.alias !== 'g0') return unk('`group.size` inside an aggregate');
        return num(`g0.${cx.q(g.column('COUNT(*)'))}`, 'none', true);
      }
      if (name === 'window_start' || name === 'window_end') return unk(`\`group.${name}\` of a date window`);
      const i = g.keys.findIndex((k) => k.name === name);
      if (i < 0) return constant(cx, undefined);
      const k = g.keys[i]!;
      const sql = `${g.alias}.${cx.q(`_k${i}`)}`;
      return { k: 'sc', t: k.t, sql, nul: 'none', ...(k.int ? { int: true } : {}), ...(k.shape ? { shape: k.shape } : {}) };
    }
    case 'sc':
      return constant(cx, undefined);
    case 'lst':
    case 'relf':
    case 'unk':
    default:
      return unk(`a path through a ${v.k === 'lst' ? 'list' : v.k === 'relf' ? 'list of values' : 'value'}`);
  }
}

export function resolve(cx: CompileContext, name: string, scope: Scope): Value {
  const b = scope.names.get(name);
  if (!b) return unk(`the name \`${name}\``);
  if (b.k === 'v') return b.v;
  if (cx.resolving.includes(name)) return unk(`\`${name}\` depends on itself`);
  cx.resolving.push(name);
  try {
    if (b.k === 'fact') return expr(cx, b.f.expr, scope, b.ptr);
    if (b.k === 'lookup') {
      const rel = cx.resolvers.lookup(cx, b.l, scope, b.ptr);
      if (rel.k === 'unk') return rel;
      return b.l.one ? { k: 'rec', ds: rel.ds, one: rel } : rel;
    }
    const v = cx.resolvers.aggregate(cx, b.a, scope, b.ptr);
    if (v.k === 'unk') cx.note(b.ptr, v.why);
    return v;
  } finally {
    cx.resolving.pop();
  }
}

export function binary(cx: CompileContext, op: string, l: Value, r: Value): Value {
  if (op === 'and' || op === 'or') {
    const a = truthy(cx, l);
    const b = truthy(cx, r);
    if (a === undefined || b === undefined) return unk(`\`${op}\` of values SQL cannot test`);
    return bool(`(${a} ${op.toUpperCase()} ${b})`);
  }
  if (op === 'in') {
    // jsonata: `l in r` of one value r is `l = r` (both `===`, both false of an undefined side).
    if (l.k === 'sc' && r.k === 'sc') return binary(cx, '=', l, r);
    const m = member(cx, l, r, true);
    if (!m || !m.exact) return unk('`in` over a list SQL cannot build exactly');
    return bool(`COALESCE(${m.sql}, FALSE)`);
  }
  if (l.k !== 'sc' || r.k !== 'sc') return unk(`\`${op}\` of a list or record`);
  if (l.upper || r.upper) return unk(`\`${op}\` of a bound`);
  if ((l.err || r.err) && op !== '+' && op !== '-' && op !== '*') return unk(`\`${op}\` of a floating-point sum SQL adds up in another order`);
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      if (l.t !== 'num' || r.t !== 'num') return constant(cx, undefined);
      const a = dbl(cx, l);
      const b = dbl(cx, r);
      const nul = derivedNul(l, r);
      if (l.err || r.err) {
        // Both sides round; the inputs' own bounds carry through.
        const el = l.err ?? '0';
        const er = r.err ?? '0';
        const err =
          op === '*'
            ? `(ABS(${a}) * ${er} + ABS(${b}) * ${el} + ${el} * ${er} + ${ULP2} * (ABS(${a}) + ${el}) * (ABS(${b}) + ${er}))`
            : `(${el} + ${er} + ${ULP2} * (ABS(${a}) + ABS(${b}) + ${el} + ${er}))`;
        return { ...num(`(${a} ${op} ${b})`, nul), err };
      }
      if (op === '/') return num(`(CASE WHEN ${b} = 0 THEN NULL ELSE ${a} / ${b} END)`, 'undef');
      if (op === '%') {
        // PostgreSQL has no fmod: `a - b * trunc(a / b)` rounds twice, exact for whole numbers (below 2^53) only.
        if (cx.d.name === 'postgres' && !(l.int && r.int)) return unk('`%` of numbers that are not whole (PostgreSQL cannot compute the double remainder exactly)');
        return num(`(CASE WHEN ${b} = 0 THEN NULL ELSE ${cx.d.mod(a, b)} END)`, 'undef');
      }
      // Whole numbers stay BIGINT (exact below 2^53, as in JS), so that they print as JS prints them.
      if (l.int && r.int) return num(`(${l.sql} ${op} ${r.sql})`, nul, true);
      return num(`(${a} ${op} ${b})`, nul);
    }
    case '&': {
      const a = textOf(cx, l);
      const b = textOf(cx, r);
      if (a === undefined || b === undefined) return unk('`&` of a number that is not a whole number');
      const shape: Shape | undefined = l.shape === 'year' && r.t === 'text' && /^'-\d\d-\d\d'$/.test(r.sql) && parseDate(`2000${r.sql.slice(1, -1)}`).ok ? 'date' : undefined;
      return text(`(${a} || ${b})`, 'none', shape);
    }
    case '=':
    case '!=': {
      // jsonata: false when either side is undefined; else equal (null === null).
      const e = equal(cx, l, r);
      if (e === undefined) return unk('`=` of values that may be null or undefined');
      const oneKnown = l.nul === 'none' || r.nul === 'none';
      const undef = oneKnown ? [] : [l, r].filter((x) => x.nul === 'undef' || x.nul === 'mixed');
      if (undef.some((x) => x.nul === 'mixed')) return unk('`=` of a value that may be null or undefined');
      const guard = undef.map((x) => `${x.sql} IS NOT NULL`);
      const core = op === '=' ? e.sql : `NOT ${e.sql}`;
      return bool(`COALESCE(${[...guard, core].join(' AND ')}, FALSE)`);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const cmp = compare(cx, l, op, r);
      return cmp === undefined ? bool('FALSE') : bool(`COALESCE(${cmp}, FALSE)`);
    }
    default:
      return unk(`the operator \`${op}\``);
  }
}

export function call(cx: CompileContext, n: Node, scope: Scope, ptr: string): Value {
  if (n.procedure?.type !== 'variable') return unk('a computed function');
  const name = String(n.procedure.value);
  const fns = cx.opts.functions;
  if (fns && fns[name] && fns[name].fn !== BUILTIN_FUNCTIONS[name]?.fn) return unk(`the plug-in function \`$${name}\``);
  const raw = n.arguments ?? [];
  // `$substring(x, k, 1)` keeps its literal arguments for `$number`.
  const args = raw.map((x) => node(cx, x, scope, ptr));
  const bad = args.find((a): a is Unknown => a.k === 'unk');
  if (bad) return bad;
  return apply(cx, name, args, raw);
}
