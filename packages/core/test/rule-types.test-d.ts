// `WrittenRule` is the static type of `RuleSchema` (typebox), not a hand-written twin, and
// `Rule` is it with every text in both languages (`completeRule`): these checks fail to
// compile when they drift, or when a part of the type stops being what rules need.
import type { Static } from 'typebox';
import { expectTypeOf } from 'vitest';
import type { Aggregate, Category, CompleteText, Condition, Lookup, Rule, RuleParam, RuleSchema, RuleSubject, Severity, WrittenRule } from '@sunshine/core';

type Texts = 'title' | 'description' | 'message' | 'params';
expectTypeOf<WrittenRule>().toEqualTypeOf<Static<typeof RuleSchema>>();
expectTypeOf<Omit<Rule, Texts>>().toEqualTypeOf<Omit<WrittenRule, Texts>>();
expectTypeOf<Rule['title']>().toEqualTypeOf<CompleteText>();
expectTypeOf<Rule['message']>().toEqualTypeOf<CompleteText>();
// A rule may be written in one language: either text is optional where it is written.
expectTypeOf<WrittenRule['title']>().toEqualTypeOf<{ zh?: string; en?: string }>();
expectTypeOf<Rule['category']>().toEqualTypeOf<Category>();
expectTypeOf<Rule['severity']>().toEqualTypeOf<Severity>();
expectTypeOf<Rule['conditions']>().toEqualTypeOf<Condition>();
expectTypeOf<RuleSubject['where']>().toEqualTypeOf<Condition | undefined>();
expectTypeOf<NonNullable<Rule['lookups']>[string]>().toEqualTypeOf<Lookup>();
expectTypeOf<NonNullable<Rule['aggregates']>[string]>().toEqualTypeOf<Aggregate>();
expectTypeOf<Aggregate['where']>().toEqualTypeOf<Condition | undefined>();
expectTypeOf<RuleParam['type']>().toEqualTypeOf<'integer' | 'number' | 'money' | 'string' | 'boolean' | 'date' | 'string[]' | 'integer[]'>();
expectTypeOf<Exclude<NonNullable<Rule['facts']>[string], string>['type']>().toEqualTypeOf<'money' | 'date' | 'period' | 'number' | 'integer' | 'string' | 'boolean' | 'list' | undefined>();

// A nested condition keeps its type all the way down (typebox's Static of the cyclic schema turns it into `any`).
declare const c: Condition;
if ('all' in c) {
  const inner = c.all[0]!;
  if ('any' in inner) {
    const leaf = inner.any[0]!;
    // @ts-expect-error a condition is not a number at any depth
    expectTypeOf(leaf).toEqualTypeOf<number>();
    expectTypeOf(leaf).toEqualTypeOf<Condition>();
  }
}

export const rule: Rule = {
  id: 'late-payment',
  version: '1.0.0',
  category: 'payment',
  severity: 'low',
  title: { zh: '迟发', en: 'Late payment' },
  description: { zh: '迟发', en: 'Late payment' },
  subject: { dataset: 'payments' },
  conditions: { all: [{ fact: 'subject.pay_date', operator: 'dateAfter', value: { fact: 'subject.due_date' } }] },
  key: '{{subject.payment_id}}',
  message: { zh: '迟发', en: 'Late' },
};

export const badCategory: Rule = {
  ...rule,
  // @ts-expect-error categories are the schema's literals
  category: 'lateness',
};
