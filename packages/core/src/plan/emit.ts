/**
 * What a rule emits: its key and message templates, department and amount expressions, where
 * a finding is located (given, or the subject's or group's own `id_number`, `village_code`,
 * `town_code`) and which records are its evidence.
 */
import { problemOf } from '../dsl/problem-messages.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { checkExpr } from './expressions.js';
import { BY_VILLAGE, REGIONS } from '../schema/household.js';
import type { PlanContext, Scope } from './plan-context.js';
import type { EmitPlan, LookupPlan } from './rule-plan.js';
import type { PlannedSubject } from './subject.js';
import { splitTemplate } from './templates.js';

/** Checks the rule's emission and plans it. */
export function planEmit(pc: PlanContext, subject: PlannedSubject, lookups: readonly LookupPlan[], scope: Scope): EmitPlan {
  const { rule, env, add } = pc;
  const { grouped, groupBy } = subject;
  const subj = rule.subject;
  const checkTemplate = (tpl: string, pointer: string): void => {
    const parts = splitTemplate(tpl);
    if (!Array.isArray(parts)) {
      add(pointer, parts);
      return;
    }
    for (const p of parts) if (typeof p !== 'string') checkExpr(pc, p.expr, pointer, scope);
  };
  checkTemplate(rule.key, '/key');
  checkTemplate(rule.message.zh, '/message/zh');
  // A one-language message is the same text in both (`completeRule`): check it once.
  if (rule.message.en !== rule.message.zh) checkTemplate(rule.message.en, '/message/en');
  if (rule.department) checkExpr(pc, rule.department, '/department', scope);
  if (rule.amount !== undefined) {
    const t = checkExpr(pc, rule.amount, '/amount', scope);
    if (!['money', 'integer', 'number', 'unknown'].includes(t)) add('/amount', problemOf('amountNotMoney', { expr: rule.amount, kind: t }));
  }
  const subjDef = env.registry.get(subj.dataset);
  const has = (f: string): boolean => (grouped ? groupBy.some((g) => g.name === f) : !!subjDef?.fields.some((x) => x.name === f));
  const base = grouped ? 'group' : 'subject';
  const locate: { id_number?: string; village_code?: string; town_code?: string } = {};
  for (const f of ['id_number', 'village_code', 'town_code'] as const) {
    const given = rule.locate?.[f];
    if (given) {
      checkExpr(pc, given, `/locate/${f}`, scope);
      locate[f] = given;
    } else if (has(f)) locate[f] = `${base}.${f}`;
  }
  if (!locate.town_code && locate.village_code && env.registry.get(REGIONS)) pc.needIndex(REGIONS, [...BY_VILLAGE]);
  const evidence = rule.evidence ?? [grouped ? 'rows' : 'subject'];
  evidence.forEach((e, i) => {
    const ok = e === (grouped ? 'rows' : 'subject') || lookups.some((l) => l.name === e);
    if (!ok) add(`/evidence/${i}`, problemOf('evidenceUnknown', { name: e, grouped }), didYouMean(e, [grouped ? 'rows' : 'subject', ...lookups.map((l) => l.name)]));
  });
  return {
    key: rule.key,
    message: rule.message,
    ...(rule.department ? { department: rule.department } : {}),
    ...(rule.amount !== undefined ? { amount: rule.amount } : {}),
    locate,
    evidence,
  };
}
