/**
 * Conditions with json-rules-engine semantics: `all`/`any`/`not` and leaves (a fact, an
 * operator, a value). A leaf SQL cannot decide becomes TRUE or FALSE by its polarity, so the
 * WHERE it lands in selects a superset of the subjects that match.
 */
import { BUILTIN_OPERATORS, parseDate, parseMoney, type Condition, type LeafCondition, type OperatorDef } from '@sunshine/core';
import type { Value } from '../sql-values.js';
import type { CompileContext, Scope, SqlCondition } from './context.js';
import { expr } from './expressions.js';
import { applyFn } from './functions.js';
import { operator, sqlOperator, type LeafSql } from './operators.js';
import { constant, text, unk } from './scalars.js';

function factSource(fact: string, path: string | undefined): string {
  if (!path) return fact;
  const p = path.replace(/^\$\.?/, '');
  return p ? `${fact}.${p}` : fact;
}

/**
 * A condition as SQL that is never NULL: exact when every part compiled, else an
 * over-approximation (`over`) or an under-approximation.
 */
export function cond(cx: CompileContext, c: Condition, scope: Scope, over: boolean, ptr: string): SqlCondition {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const kids = (isAll ? c.all : c.any).map((k, i) => cond(cx, k, scope, over, `${ptr}/${isAll ? 'all' : 'any'}/${i}`));
    const parts = kids.map((k) => k.sql);
    const sets = kids.map((k) => k.requires ?? []);
    const requires = isAll ? [...new Set(sets.flat())] : sets.reduce((a, b) => a.filter((x) => b.includes(x)));
    return { sql: parts.length === 1 ? parts[0]! : `(${parts.join(isAll ? ' AND ' : ' OR ')})`, exact: kids.every((k) => k.exact), requires };
  }
  if ('not' in c) {
    const k = cond(cx, c.not, scope, !over, `${ptr}/not`);
    return { sql: `(NOT ${k.sql})`, exact: k.exact };
  }
  const req: string[] = [];
  const r = leaf(cx, c, scope, over, ptr, req);
  const fallback = over ? 'TRUE' : 'FALSE';
  if (r === undefined) return { sql: fallback, exact: false, requires: req };
  if (!r.exact) cx.note(ptr, `\`${c.fact}\` ${c.operator}: SQL cannot tell every case (null against undefined, a lookup it approximates, or a floating-point sum near the threshold)`);
  return { sql: r.nullable ? `COALESCE(${r.sql}, ${fallback})` : r.sql, exact: r.exact, requires: req };
}

/** A leaf: SQL where NULL means "cannot tell", or undefined when SQL cannot decide it at all. */
export function leaf(cx: CompileContext, c: LeafCondition, scope: Scope, over: boolean, ptr: string, requires: string[] = []): LeafSql | undefined {
  const opName = c.operator;
  const builtin = BUILTIN_OPERATORS[opName];
  const ops = cx.opts.operators;
  if (!builtin || (ops && ops[opName] && ops[opName].fn !== builtin.fn)) {
    cx.note(ptr, `the plug-in operator \`${opName}\``);
    return undefined;
  }
  const fact = expr(cx, factSource(c.fact, c.path), scope, ptr);
  if (fact.k === 'unk') return undefined;
  const value = valueSide(cx, c, builtin, scope, ptr);
  // A strict operator is false of an undefined fact: the first match the fact reads must exist.
  const joined = fact.k === 'sc' ? /^(j\d+)\."(?:[^"]|"")+"$/.exec(fact.sql)?.[1] : undefined;
  if (joined && sqlOperator(opName)?.strict === true && (opName !== 'equal' || (value.k === 'sc' && (value.nul === 'none' || value.nul === 'null')) || value.k === 'lst')) requires.push(joined);
  if (value.k === 'unk') {
    cx.note(ptr, value.why);
    return undefined;
  }
  const r = operator(cx, opName, fact, value, over);
  if (r === undefined) cx.note(ptr, `\`${opName}\` over these values`);
  return r;
}

export function valueSide(cx: CompileContext, c: LeafCondition, def: OperatorDef, scope: Scope, ptr: string): Value {
  const v = c.value;
  if (v === undefined) return constant(cx, undefined);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (c.operator === 'matches') {
      // Patterns from data or expressions may be any regular expression (RE2 in process, the server's dialect here): only a
      // parameter's pattern, checked like a literal one, is translated.
      if (!('param' in v)) return unk('a regular expression that is not a literal or a parameter');
      return matchesPattern(cx, cx.plan.params[v.param]);
    }
    if ('fact' in v) {
      const g = expr(cx, factSource(v.fact, v.path), scope, ptr);
      if (v.fn) return g.k === 'unk' ? g : applyFn(cx, v.fn, g);
      return g;
    }
    if ('param' in v) return constant(cx, cx.plan.params[v.param]);
    return expr(cx, v.expr, scope, ptr);
  }
  if (def.value === 'money') {
    const r = parseMoney(v);
    return constant(cx, r.ok ? r.value : undefined);
  }
  if (def.value === 'date' && typeof v === 'string') {
    const r = parseDate(v);
    return constant(cx, r.ok ? r.value : undefined);
  }
  if (c.operator === 'matches') return matchesPattern(cx, v);
  return constant(cx, v);
}

/** A `matches` pattern: only those whose meaning is the same in RE2 and POSIX: literals, \\d, anchors, {n,m}. */
export function matchesPattern(cx: CompileContext, v: unknown): Value {
  if (typeof v !== 'string' || !/^(?:[\^$A-Za-z0-9_ :,{}-]|\\d)*$/.test(v) || /\{(?!\d+(,\d*)?\})/.test(v)) return unk('a regular expression outside the simple subset');
  return text(cx.d.literal(v.replaceAll('\\d', '[0-9]')), 'none');
}
