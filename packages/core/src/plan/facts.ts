/** Facts in a rule: named expressions over the context, typed as declared or as inferred. */
import { checkExpr } from './expressions.js';
import { esc, type PlanContext, type Scope } from './plan-context.js';
import type { FactPlan, ValueType } from './rule-plan.js';

/** Checks and plans the rule's facts, entering each into `scope` with its type. */
export function planFacts(pc: PlanContext, scope: Scope): FactPlan[] {
  const facts: FactPlan[] = [];
  for (const [name, fct] of Object.entries(pc.rule.facts ?? {})) {
    const expr = typeof fct === 'string' ? fct : fct.expr;
    const declared = typeof fct === 'string' ? undefined : (fct.type as ValueType | undefined);
    const inferred = checkExpr(pc, expr, `/facts/${esc(name)}${typeof fct === 'string' ? '' : '/expr'}`, scope);
    const type = declared ?? inferred;
    facts.push({ name, expr, type });
    scope.set(name, { type });
  }
  return facts;
}
