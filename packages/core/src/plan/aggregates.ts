/**
 * Aggregates in a rule: the op is known, `over` names a lookup (or `rows`), `field` and
 * `value` read the elements, `where` sees each element by the `over` name; a `baseline`
 * compares a group with the same partition's earlier periods.
 */
import { problemOf } from '../dsl/problem-messages.js';
import { AggregateOps, builtinAggregate } from '../dsl/aggregates.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { checkCondition } from './conditions.js';
import { checkExpr } from './expressions.js';
import { esc, type PlanContext, type Scope } from './plan-context.js';
import type { AggregatePlan, LookupPlan, ValueType } from './rule-plan.js';
import type { PlannedSubject } from './subject.js';
import { typeOfField } from './value-types.js';

/** Checks and plans the rule's aggregates, entering each into `scope` with its type. */
export function planAggregates(pc: PlanContext, subject: PlannedSubject, lookups: readonly LookupPlan[], scope: Scope): AggregatePlan[] {
  const { rule, env, add, dsFields, params, paramDefs } = pc;
  const { grouped, groupBy } = subject;
  const subj = rule.subject;
  const aggregates: AggregatePlan[] = [];
  for (const [name, a] of Object.entries(rule.aggregates ?? {})) {
    const pointer = `/aggregates/${esc(name)}`;
    const known = [...AggregateOps, ...env.aggregates];
    if (!known.includes(a.op)) add(`${pointer}/op`, problemOf('unknownAggregate', { op: a.op, known }), didYouMean(a.op, known));
    const def = builtinAggregate(a.op);
    let elemDs: string | undefined;
    let type: ValueType = 'unknown';
    if (def?.kind === 'baseline') {
      if (!grouped) add(pointer, problemOf('baselineNeedsGroups', {}));
      if (!a.of || !rule.aggregates?.[a.of]) add(`${pointer}/of`, problemOf('baselineNeedsOf', {}), a.of ? didYouMean(a.of, Object.keys(rule.aggregates ?? {})) : undefined);
      if (!a.period || !groupBy.some((g) => g.name === a.period)) add(`${pointer}/period`, problemOf('baselineNeedsPeriod', {}), a.period ? didYouMean(a.period, groupBy.map((g) => g.name)) : undefined);
      for (const [i, k] of (a.partition ?? []).entries()) {
        if (!groupBy.some((g) => g.name === k)) add(`${pointer}/partition/${i}`, problemOf('notAGroupKey', { name: k }), didYouMean(k, groupBy.map((g) => g.name)));
      }
      type = def.result('unknown');
    } else {
      const over = a.over;
      if (!over) add(pointer, problemOf('aggregateNeedsOver', { op: a.op, grouped }));
      else if (over === 'rows') {
        if (!grouped) add(`${pointer}/over`, problemOf('rowsNeedsGroups', {}));
        elemDs = subj.dataset;
      } else {
        const l = lookups.find((x) => x.name === over);
        if (!l) add(`${pointer}/over`, problemOf('notALookup', { name: over }), didYouMean(over, [...lookups.map((x) => x.name), ...(grouped ? ['rows'] : [])]));
        else elemDs = l.dataset;
      }
      if (a.field && elemDs && !env.registry.field(elemDs, a.field)) add(`${pointer}/field`, problemOf('unknownField', { dataset: elemDs, field: a.field }), didYouMean(a.field, dsFields(elemDs)));
      let vt: ValueType = 'unknown';
      if (a.field && elemDs) {
        const f = env.registry.field(elemDs, a.field);
        if (f) vt = typeOfField(f.type);
      }
      if (a.value) vt = checkExpr(pc, a.value, `${pointer}/value`, new Map([...scope]), elemDs);
      if (a.where && over) checkCondition(pc, a.where, `${pointer}/where`, new Map(scope).set(over, { type: 'record', ...(elemDs ? { dataset: elemDs } : {}) }));
      // A plug-in's aggregate has the type of its values.
      type = def ? def.result(vt) : vt;
      if (def?.needsValue && !a.field && !a.value) add(pointer, problemOf('aggregateNeedsFieldOrValue', { op: a.op }));
    }
    const months = a.months === undefined ? undefined : typeof a.months === 'number' ? a.months : Number(params[a.months.param]);
    if (a.months !== undefined && typeof a.months !== 'number' && !paramDefs[a.months.param]) add(`${pointer}/months`, problemOf('unknownParameter', { name: a.months.param }));
    const plan: AggregatePlan = {
      name,
      op: a.op,
      type,
      ...(a.over !== undefined ? { over: a.over } : {}),
      ...(a.field !== undefined ? { field: a.field } : {}),
      ...(a.value !== undefined ? { value: a.value } : {}),
      ...(a.where !== undefined ? { where: a.where } : {}),
      ...(a.of !== undefined ? { of: a.of } : {}),
      ...(a.partition !== undefined ? { partition: a.partition } : {}),
      ...(a.period !== undefined ? { period: a.period } : {}),
      ...(months !== undefined ? { months } : {}),
      ...(a.minPeriods !== undefined ? { minPeriods: a.minPeriods } : {}),
      ...(a.stat !== undefined ? { stat: a.stat } : {}),
    };
    aggregates.push(plan);
    scope.set(name, { type });
  }
  return aggregates;
}
