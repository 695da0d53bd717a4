/**
 * Explanations: one key's subject (or group), every condition's inputs and verdict, the
 * materialised context, and the finding when it matched.
 */
import type { Finding } from '../findings/finding.js';
import { snapshot, type ConditionTrace } from './compile-condition.js';
import type { Rec } from './data-runtime.js';
import type { Grouping } from './grouping.js';
import { EMPTY, type Ctx } from './rule-context.js';
import type { CNode, RuleCompilation } from './rule-compilation.js';
import type { Emitter } from './templates/emit.js';

export interface RuleExplanation {
  readonly rule: string;
  readonly key: string;
  readonly matched: boolean;
  readonly subject: { readonly dataset: string; readonly records: readonly Rec[]; readonly group?: Readonly<Record<string, unknown>> };
  readonly where?: ConditionTrace;
  readonly conditions: ConditionTrace;
  readonly lookups: Readonly<Record<string, unknown>>;
  readonly aggregates: Readonly<Record<string, unknown>>;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly finding?: Finding;
  /** The materialised context, for cross-checking with json-rules-engine. */
  readonly context: Readonly<Record<string, unknown>>;
}

/** What explaining reads of the compiled rule. */
export interface ExplainParts {
  readonly ctx: Ctx;
  readonly conditions: CNode;
  readonly subjectWhere: CNode | undefined;
  readonly emitter: Emitter;
  readonly grouping: Grouping | undefined;
}

/** Compiles `explain(key)` for the rule. */
export function createExplain(cc: RuleCompilation, parts: ExplainParts): (key: string) => RuleExplanation | undefined {
  const { plan, rt } = cc;
  const { ctx, conditions, subjectWhere, emitter, grouping } = parts;
  const keyTpl = emitter.key;

  const materialise = (): { lookups: Record<string, unknown>; aggregates: Record<string, unknown>; facts: Record<string, unknown>; context: Record<string, unknown> } => {
    const lookups: Record<string, unknown> = {};
    const aggregates: Record<string, unknown> = {};
    const facts: Record<string, unknown> = {};
    for (const l of plan.lookups) lookups[l.name] = snapshot(ctx[l.name]);
    for (const a of plan.aggregates) aggregates[a.name] = snapshot(ctx[a.name]);
    for (const f of plan.facts) facts[f.name] = snapshot(ctx[f.name]);
    const context: Record<string, unknown> = { ...lookups, ...aggregates, ...facts };
    if (grouping) {
      context['group'] = grouping.view.snapshot();
      context['rows'] = [...grouping.view.rows];
    } else context['subject'] = ctx.subject;
    return { lookups, aggregates, facts, context };
  };

  const explainCurrent = (key: string, records: readonly Rec[], group?: Record<string, unknown>): RuleExplanation => {
    const whereTrace = subjectWhere?.trace(ctx);
    const condTrace = conditions.trace(ctx);
    const matched = (whereTrace?.result ?? true) && condTrace.result;
    const m = materialise();
    return {
      rule: plan.id,
      key,
      matched,
      subject: { dataset: plan.subject.dataset, records, ...(group ? { group } : {}) },
      ...(whereTrace ? { where: whereTrace } : {}),
      conditions: condTrace,
      ...m,
      params: plan.params,
      ...(matched ? { finding: emitter.emit(ctx, key) } : {}),
    };
  };

  return (key) => {
    if (grouping) {
      const view = grouping.view;
      let found: RuleExplanation | undefined;
      grouping.eachGroup(() => {
        if (keyTpl(ctx) !== key) return false;
        found = explainCurrent(key, [...view.rows], view.snapshot());
        return true;
      });
      return found;
    }
    // A key that is one field of the subject (`{{subject.payment_id}}`) is found by its index.
    const direct = /^\{\{\s*subject\.([A-Za-z_]\w*)\s*\}\}$/.exec(plan.emit.key);
    const candidates = direct ? (rt.index(plan.subject.dataset, [direct[1]!]).get(key) ?? EMPTY) : rt.rows(plan.subject.dataset);
    for (const r of candidates) {
      ctx.gen++;
      ctx.subject = r;
      if (keyTpl(ctx) === key) return explainCurrent(key, [r]);
    }
    return undefined;
  };
}
