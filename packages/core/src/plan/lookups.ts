/**
 * Lookups in a rule: a keyed join to another dataset (its `on` fields exist, their expressions
 * check, an index is needed on them) or a household; the `where` sees the candidate by the
 * lookup's name.
 */
import { problemOf } from '../dsl/problem-messages.js';
import type { Lookup } from '../dsl/rule-schema.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { checkCondition } from './conditions.js';
import { checkExpr } from './expressions.js';
import { HOUSEHOLD_INDEXES, PERSONS } from '../schema/household.js';
import { esc, type PlanContext, type Scope, type ScopeEntry } from './plan-context.js';
import type { LookupPlan } from './rule-plan.js';

/** Checks lookup `name` at `pointer` and plans it; `undefined` when its dataset is unknown. */
export function planLookup(pc: PlanContext, name: string, l: Lookup, pointer: string, scope: Scope): LookupPlan | undefined {
  const { env, add, dsFields, needIndex } = pc;
  if ('householdOf' in l) {
    pc.datasets.add(PERSONS);
    checkExpr(pc, l.householdOf, `${pointer}/householdOf`, scope);
    for (const i of HOUSEHOLD_INDEXES) needIndex(i.dataset, [...i.fields]);
    const inner = new Map(scope).set(name, { type: 'record', dataset: PERSONS });
    if (l.where) checkCondition(pc, l.where, `${pointer}/where`, inner);
    return { name, kind: 'household', dataset: PERSONS, on: [], householdOf: l.householdOf, ...(l.where ? { where: l.where } : {}), one: false, orderBy: [] };
  }
  if (!pc.checkDataset(l.dataset, `${pointer}/dataset`)) return undefined;
  const on = Object.entries(l.on).map(([field, expr]) => {
    if (!env.registry.field(l.dataset, field)) add(`${pointer}/on/${esc(field)}`, problemOf('unknownField', { dataset: l.dataset, field }), didYouMean(field, dsFields(l.dataset)));
    checkExpr(pc, expr, `${pointer}/on/${esc(field)}`, scope);
    return { field, expr };
  });
  needIndex(
    l.dataset,
    on.map((o) => o.field),
  );
  for (const [i, f] of (l.orderBy ?? []).entries()) {
    if (!env.registry.field(l.dataset, f)) add(`${pointer}/orderBy/${i}`, problemOf('unknownField', { dataset: l.dataset, field: f }), didYouMean(f, dsFields(l.dataset)));
  }
  const inner = new Map(scope).set(name, { type: 'record', dataset: l.dataset });
  if (l.where) checkCondition(pc, l.where, `${pointer}/where`, inner);
  return {
    name,
    kind: 'join',
    dataset: l.dataset,
    on,
    ...(l.where ? { where: l.where } : {}),
    one: l.one ?? false,
    orderBy: l.orderBy ?? [],
  };
}

/** What a planned lookup's name is in the scope: its record, or the list of them. */
export const lookupEntry = (lp: LookupPlan): ScopeEntry => ({ type: lp.one ? 'record' : 'list', dataset: lp.dataset });
