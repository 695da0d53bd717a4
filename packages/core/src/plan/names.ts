/**
 * The names a rule declares (row lookups, lookups, aggregates, facts): none reserved, none
 * twice, and none depending on itself through the others.
 */
import { problemOf } from '../dsl/problem-messages.js';
import type { Condition } from '../dsl/rule-schema.js';
import { parseExpression, rootNames } from '../dsl/expression.js';
import type { PlanContext } from './plan-context.js';
import type { AggregatePlan, FactPlan, LookupPlan } from './rule-plan.js';

const RESERVED = new Set(['subject', 'row', 'group', 'rows', 'params', 'asOf']);

/** Declares `name` at `pointer`, reporting a reserved or duplicate name. */
export function declareName(pc: PlanContext, name: string, pointer: string): void {
  const names = pc.names;
  if (RESERVED.has(name)) pc.add(pointer, problemOf('reservedName', { name, reserved: [...RESERVED] }));
  else if (names.has(name)) pc.add(pointer, problemOf('nameAlreadyDefined', { name, at: names.get(name)! }));
  names.set(name, pointer);
}

function exprNames(src: string): string[] {
  try {
    return rootNames(parseExpression(src));
  } catch {
    return [];
  }
}

const condFacts = (c: Condition | undefined): string[] => {
  if (!c) return [];
  if ('all' in c) return c.all.flatMap(condFacts);
  if ('any' in c) return c.any.flatMap(condFacts);
  if ('not' in c) return condFacts(c.not);
  const out = [c.fact.split('.')[0]!];
  const v = c.value;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if ('fact' in v) out.push(v.fact.split('.')[0]!);
    if ('expr' in v) out.push(...exprNames(v.expr));
  }
  return out;
};

/** Reports every name that depends on itself through lookups, aggregates and facts. */
export function checkCycles(pc: PlanContext, lookups: readonly LookupPlan[], aggregates: readonly AggregatePlan[], facts: readonly FactPlan[]): void {
  const deps = new Map<string, string[]>();
  for (const l of lookups) deps.set(l.name, [...l.on.flatMap((o) => exprNames(o.expr)), ...exprNames(l.householdOf ?? '1'), ...condFacts(l.where)].filter((n) => n !== l.name));
  for (const a of aggregates) deps.set(a.name, [...(a.over ? [a.over] : []), ...(a.of ? [a.of] : []), ...condFacts(a.where).filter((n) => n !== a.over)]);
  for (const f of facts) deps.set(f.name, exprNames(f.expr));
  const state = new Map<string, number>();
  const visit = (n: string, path: string[]): void => {
    if (!deps.has(n)) return;
    const s = state.get(n);
    if (s === 2) return;
    if (s === 1) {
      pc.add(pc.names.get(n) ?? '', problemOf('nameCycle', { name: n, path: [...path, n] }));
      return;
    }
    state.set(n, 1);
    for (const d of deps.get(n)!) visit(d, [...path, n]);
    state.set(n, 2);
  };
  for (const n of deps.keys()) visit(n, []);
}
