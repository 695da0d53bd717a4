/**
 * The subject of a rule: its dataset, and for a grouped subject the row stage — row lookups,
 * the `where` over each row, the `groupBy` keys and the date `window` — which defines the
 * `group` and `rows` names; a row subject defines `subject`.
 */
import { problemOf } from '../dsl/problem-messages.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { checkCondition } from './conditions.js';
import { checkExpr } from './expressions.js';
import { lookupEntry, planLookup } from './lookups.js';
import { declareName } from './names.js';
import { esc, type PlanContext, type Scope, type ScopeEntry } from './plan-context.js';
import type { LookupPlan, ValueType } from './rule-plan.js';

/** The planned subject, and the scope it opens for the rest of the rule. */
export interface PlannedSubject {
  readonly grouped: boolean;
  readonly rowLookups: LookupPlan[];
  readonly groupBy: { name: string; expr: string; type: ValueType }[];
  readonly window: { date: string; days: number; orderBy: string[] } | undefined;
  /** The rule-level scope: `subject`, or `group` and `rows`. */
  readonly scope: Scope;
}

/** Checks the rule's subject and plans it. */
export function planSubject(pc: PlanContext): PlannedSubject {
  const { env, add, dsFields, paramDefs, params } = pc;
  const subj = pc.rule.subject;
  const subjectOk = pc.checkDataset(subj.dataset, '/subject/dataset');
  const grouped = subj.groupBy !== undefined;
  if (!grouped && subj.window) add('/subject/window', problemOf('windowNeedsGroupBy', {}));
  if (!grouped && subj.lookups) add('/subject/lookups', problemOf('subjectLookupsNeedGroups', {}));

  // row stage (grouped) or subject scope
  const scope = new Map<string, ScopeEntry>();
  const rowLookups: LookupPlan[] = [];
  let groupBy: { name: string; expr: string; type: ValueType }[] = [];
  let window: { date: string; days: number; orderBy: string[] } | undefined;
  if (grouped) {
    const rowScope = new Map<string, ScopeEntry>([['row', { type: 'record', dataset: subj.dataset }]]);
    for (const [name, l] of Object.entries(subj.lookups ?? {})) {
      declareName(pc, name, `/subject/lookups/${esc(name)}`);
      const lp = planLookup(pc, name, l, `/subject/lookups/${esc(name)}`, rowScope);
      if (lp) {
        rowLookups.push(lp);
        rowScope.set(name, lookupEntry(lp));
      }
    }
    if (subj.where) checkCondition(pc, subj.where, '/subject/where', rowScope);
    groupBy = Object.entries(subj.groupBy ?? {}).map(([name, expr]) => ({
      name,
      expr,
      type: checkExpr(pc, expr, `/subject/groupBy/${esc(name)}`, rowScope),
    }));
    if (subj.window) {
      const w = subj.window;
      if (subjectOk && !env.registry.field(subj.dataset, w.date)) add('/subject/window/date', problemOf('unknownField', { dataset: subj.dataset, field: w.date }), didYouMean(w.date, dsFields(subj.dataset)));
      let days = 0;
      if (typeof w.days === 'number') days = w.days;
      else if (!paramDefs[w.days.param]) add('/subject/window/days', problemOf('unknownParameter', { name: w.days.param }), didYouMean(w.days.param, Object.keys(paramDefs)));
      else days = Number(params[w.days.param]);
      for (const [i, f] of (w.orderBy ?? []).entries()) {
        if (!env.registry.field(subj.dataset, f)) add(`/subject/window/orderBy/${i}`, problemOf('unknownField', { dataset: subj.dataset, field: f }), didYouMean(f, dsFields(subj.dataset)));
      }
      window = { date: w.date, days, orderBy: [...(w.orderBy ?? [])] };
    }
    const keys: Record<string, ValueType> = Object.fromEntries(groupBy.map((g) => [g.name, g.type]));
    if (window) Object.assign(keys, { window_start: 'date', window_end: 'date' });
    keys['size'] = 'integer';
    scope.set('group', { type: 'record', keys });
    scope.set('rows', { type: 'list', dataset: subj.dataset });
  } else {
    scope.set('subject', { type: 'record', dataset: subj.dataset });
  }
  return { grouped, rowLookups, groupBy, window, scope };
}
