/**
 * The planner: checks a rule's semantics against the data model and the loaded plug-ins and
 * turns it into a {@link RulePlan}. Every problem carries a JSON pointer into the rule and,
 * where one exists, a did-you-mean. This file assembles the parts, each a function of one
 * explicit {@link PlanContext}: parameters (`resolve-params.ts`), expressions and names
 * (`expressions.ts`), conditions (`conditions.ts`), the subject (`subject.ts`), lookups
 * (`lookups.ts`), aggregates (`aggregates.ts`), facts (`facts.ts`), declared names and their
 * cycles (`names.ts`) and emission (`emit.ts`, `templates.ts`).
 */
import { builtinAggregate } from '../dsl/aggregates.js';
import type { Rule } from '../dsl/rule-schema.js';
import { PERSONS } from '../schema/household.js';
import { planAggregates } from './aggregates.js';
import { checkCondition } from './conditions.js';
import { planEmit } from './emit.js';
import { planFacts } from './facts.js';
import { planLookup } from './lookups.js';
import { checkCycles, declareName } from './names.js';
import { createPlanContext, esc, type PlanEnvironment, type Problem } from './plan-context.js';
import { resolveParams } from './resolve-params.js';
import type { LookupPlan, RulePlan, ValueType } from './rule-plan.js';
import { planSubject } from './subject.js';
import { paramType } from './value-types.js';

/**
 * Checks a rule and builds its plan. `problems` is empty exactly when `plan` is set.
 */
export function planRule(
  rule: Rule,
  env: PlanEnvironment,
  overrides?: Readonly<Record<string, unknown>>,
): { plan?: RulePlan; problems: Problem[] } {
  const problems: Problem[] = [];
  const params = resolveParams(rule, overrides, problems);
  const pc = createPlanContext(rule, env, overrides, params, problems);
  const subject = planSubject(pc);
  const { grouped, scope } = subject;
  const subj = rule.subject;

  // Declare every name first so order of use is free (cycles are checked below).
  for (const name of Object.keys(rule.lookups ?? {})) declareName(pc, name, `/lookups/${esc(name)}`);
  for (const name of Object.keys(rule.aggregates ?? {})) declareName(pc, name, `/aggregates/${esc(name)}`);
  for (const name of Object.keys(rule.facts ?? {})) declareName(pc, name, `/facts/${esc(name)}`);

  // Lookups may use the subject and other lookups.
  const lookups: LookupPlan[] = [];
  for (const [name, l] of Object.entries(rule.lookups ?? {})) {
    if ('dataset' in l) scope.set(name, { type: l.one ? 'record' : 'list', dataset: l.dataset });
    else scope.set(name, { type: 'list', dataset: PERSONS });
  }
  // Aggregates whose result is a record are records before they are planned (`stats.mad` reads a field).
  for (const [name, l] of Object.entries(rule.aggregates ?? {})) scope.set(name, { type: builtinAggregate(l.op)?.result('unknown') === 'record' ? 'record' : 'unknown' });
  for (const [name, fct] of Object.entries(rule.facts ?? {})) scope.set(name, { type: typeof fct === 'string' ? 'unknown' : ((fct.type as ValueType | undefined) ?? 'unknown') });

  for (const [name, l] of Object.entries(rule.lookups ?? {})) {
    const lp = planLookup(pc, name, l, `/lookups/${esc(name)}`, scope);
    if (lp) lookups.push(lp);
  }
  const aggregates = planAggregates(pc, subject, lookups, scope);
  const facts = planFacts(pc, scope);
  checkCycles(pc, lookups, aggregates, facts);

  checkCondition(pc, rule.conditions, '/conditions', scope);
  if (!grouped && subj.where) checkCondition(pc, subj.where, '/subject/where', scope);
  const emit = planEmit(pc, subject, lookups, scope);

  if (problems.length > 0) return { problems };
  const scopeOut: Record<string, { type: ValueType; dataset?: string }> = {};
  for (const [k, v] of scope) scopeOut[k] = v.dataset ? { type: v.type, dataset: v.dataset } : { type: v.type };
  const plan: RulePlan = {
    id: rule.id,
    version: rule.version,
    category: rule.category,
    severity: rule.severity,
    title: rule.title,
    description: rule.description,
    params,
    subject: {
      dataset: subj.dataset,
      grouped,
      rowLookups: subject.rowLookups,
      ...(subj.where ? { where: subj.where } : {}),
      groupBy: subject.groupBy,
      ...(subject.window ? { window: subject.window } : {}),
    },
    lookups,
    aggregates,
    facts,
    conditions: rule.conditions,
    emit,
    datasets: [...pc.datasets].sort(),
    indexes: [...pc.indexes.values()],
    paramTypes: Object.fromEntries(Object.entries(pc.paramDefs).map(([k, d]) => [k, paramType(d)])),
    scope: scopeOut,
  };
  return { plan, problems };
}
