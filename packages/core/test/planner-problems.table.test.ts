/**
 * The planner's problems as a table, RuleTester style: a valid rule with one mistake → exactly
 * the problem the inspector sees (its catalogue code, the JSON pointer to the mistake and the
 * did-you-mean suggestion, if any). A row fails when the planner stops reporting the mistake,
 * reports it elsewhere or reports something more.
 */
import { describe, expect, it } from 'vitest';
import { validateRules } from '@sunshine/core';

const BIG = {
  id: 'big-single-payment',
  version: '1.0.0',
  category: 'standard',
  severity: 'low',
  title: { zh: '单笔大额发放', en: 'Large single payment' },
  description: { zh: '单笔发放金额超过2000元。', en: 'A single payment above 2000 yuan.' },
  department: 'fund.department_code',
  subject: { dataset: 'payments' },
  lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true } },
  conditions: { all: [{ fact: 'subject.amount', operator: 'moneyGreaterThan', value: '2000.00' }] },
  key: '{{subject.payment_id}}',
  evidence: ['subject'],
  message: { zh: '{{subject.name}}单笔领取{{fund.name}}', en: '{{subject.name}} was paid {{fund.name}} at once' },
};

/** The rule with one condition leaf. */
const leaf = (l: object): object => ({ ...BIG, conditions: { all: [l] } });
/** The rule grouped by person, for aggregate rows. */
const grouped = (extra: object): object => ({
  ...BIG,
  lookups: undefined,
  department: undefined,
  subject: { dataset: 'payments', groupBy: { id_number: 'row.id_number' } },
  key: '{{group.id_number}}',
  evidence: ['rows'],
  message: { zh: 'x', en: 'x' },
  ...extra,
});

type Row = readonly [name: string, rule: object, code: string, pointer: string, suggestion?: string];

const ROWS: readonly Row[] = [
  ['a misspelt dataset', { ...BIG, subject: { dataset: 'paymets' } }, 'unknownDataset', '/subject/dataset', 'payments'],
  ['a misspelt field in a fact', leaf({ fact: 'subject.amout', operator: 'moneyGreaterThan', value: '1.00' }), 'exprUnknownField', '/conditions/all/0/fact', 'amount'],
  ['a misspelt operator', leaf({ fact: 'subject.amount', operator: 'greaterThen', value: 1 }), 'unknownOperator', '/conditions/all/0/operator', 'greaterThan'],
  ['a parameter the rule does not declare', leaf({ fact: 'subject.amount', operator: 'moneyGreaterThan', value: { param: 'limt' } }), 'unknownParameter', '/conditions/all/0/value/param'],
  ['a misspelt parameter', { ...BIG, params: { limit: { type: 'money', default: '2000.00' } }, conditions: { all: [{ fact: 'subject.amount', operator: 'moneyGreaterThan', value: { param: 'limt' } }] } }, 'unknownParameter', '/conditions/all/0/value/param', 'limit'],
  ['a misspelt function', { ...BIG, facts: { y: { expr: '$yaun(subject.amount)' } } }, 'exprUnknownFunction', '/facts/y/expr'],
  ['a misspelt aggregate', grouped({ aggregates: { n: { op: 'cout', over: 'rows' } }, conditions: { all: [{ fact: 'n', operator: 'greaterThan', value: 1 }] } }), 'unknownAggregate', '/aggregates/n/op', 'count'],
  ['a sum without field or value', grouped({ aggregates: { n: { op: 'sum', over: 'rows' } }, conditions: { all: [{ fact: 'n', operator: 'greaterThan', value: 1 }] } }), 'aggregateNeedsFieldOrValue', '/aggregates/n'],
  ['a group field that is not a key', grouped({ conditions: { all: [{ fact: 'group.fund_code', operator: 'equal', value: 'F01' }] } }), 'exprNoKey', '/conditions/all/0/fact'],
  ['a value for `empty`', leaf({ fact: 'subject.amount', operator: 'empty', value: 1 }), 'operatorTakesNoValue', '/conditions/all/0/value'],
  ['no value for a comparison', leaf({ fact: 'subject.amount', operator: 'moneyGreaterThan' }), 'operatorNeedsValue', '/conditions/all/0'],
  ['an amount that is not one', leaf({ fact: 'subject.amount', operator: 'moneyGreaterThan', value: 'lots' }), 'notAnAmount', '/conditions/all/0/value'],
  ['a date that is not one', leaf({ fact: 'subject.pay_date', operator: 'dateBefore', value: '2024-13-45' }), 'notADate', '/conditions/all/0/value'],
  ['`in` a single value', leaf({ fact: 'subject.fund_code', operator: 'in', value: 'F01' }), 'membershipNeedsListLiteral', '/conditions/all/0/value', '["F01"]'],
  ['`between` one bound', leaf({ fact: 'subject.amount', operator: 'between', value: [1] }), 'operatorNeedsRange', '/conditions/all/0/value'],
  ['`matches` on an amount', leaf({ fact: 'subject.amount', operator: 'matches', value: '^1' }), 'operatorFactType', '/conditions/all/0/operator'],
  ['a money operator on text', leaf({ fact: 'subject.name', operator: 'moneyGreaterThan', value: '1.00' }), 'operatorFactType', '/conditions/all/0/operator'],
  ['a date operator on text', leaf({ fact: 'subject.name', operator: 'dateBefore', value: '2024-01-01' }), 'operatorFactType', '/conditions/all/0/operator'],
  ['a back-reference (not linear time)', leaf({ fact: 'subject.name', operator: 'matches', value: '(a)\\1' }), 'regexBackreference', '/conditions/all/0/value'],
  ['a lookahead (not linear time)', leaf({ fact: 'subject.name', operator: 'matches', value: '(?=a)' }), 'regexLookaround', '/conditions/all/0/value'],
  ['an unbalanced pattern', leaf({ fact: 'subject.name', operator: 'matches', value: '(' }), 'regexInvalid', '/conditions/all/0/value'],
  ['a fact named like a lookup', { ...BIG, facts: { fund: { expr: '1' } } }, 'nameAlreadyDefined', '/facts/fund'],
  ['a fact named `subject`', { ...BIG, facts: { subject: { expr: '1' } } }, 'reservedName', '/facts/subject'],
  ['two facts defined by each other', { ...BIG, facts: { a: { expr: 'b' }, b: { expr: 'a' } } }, 'nameCycle', '/facts/a'],
  ['an expression cut short', { ...BIG, facts: { a: { expr: '1 +' } } }, 'expressionSyntax', '/facts/a/expr'],
  ['a function given too few arguments', { ...BIG, facts: { a: { expr: '$addDays(subject.pay_date)' } } }, 'functionArity', '/facts/a/expr'],
  ['a misspelt field in an expression', { ...BIG, facts: { a: { expr: 'subject.amout' } } }, 'exprUnknownField', '/facts/a/expr', 'amount'],
  ['a parameter the rule does not declare, in an expression', { ...BIG, facts: { a: { expr: '$params.nope' } } }, 'exprUnknownParameter', '/facts/a/expr'],
  ['arithmetic on text', { ...BIG, facts: { a: { expr: 'subject.name * 2' } } }, 'arithmeticOnText', '/facts/a/expr'],
  ['a misspelt evidence role', { ...BIG, evidence: ['subject', 'fnd'] }, 'evidenceUnknown', '/evidence/1', 'fund'],
  ['`rows` evidence without groups', { ...BIG, evidence: ['rows'] }, 'evidenceUnknown', '/evidence/0'],
  ['an unclosed template', { ...BIG, key: '{{subject.payment_id' }, 'unclosedTemplate', '/key'],
  ['a default that is not its type', { ...BIG, params: { limit: { type: 'money', default: 'lots' } } }, 'paramWrongValue', '/params/limit/default'],
  ['a window without groups', { ...BIG, subject: { dataset: 'payments', window: { date: 'pay_date', days: 30 } } }, 'windowNeedsGroupBy', '/subject/window'],
  ['a list lookup compared as a value', { ...BIG, lookups: { ...BIG.lookups, deaths: { dataset: 'deaths', on: { id_number: 'subject.id_number' } } }, conditions: { all: [{ fact: 'deaths', operator: 'equal', value: 1 }] } }, 'listLookupCompare', '/conditions/all/0/fact'],
  ['a misspelt property (schema)', { ...BIG, severty: 'low' }, 'unknownProperty', '/severty', 'severity'],
  ['a severity that is not one (schema)', { ...BIG, severity: 'extreme' }, 'notOneOf', '/severity'],
  ['an empty `all` (schema)', { ...BIG, conditions: { all: [] } }, 'emptyAllAny', '/conditions/all'],
];

describe('planner problems', () => {
  it('the table starts from a valid rule', () => {
    expect(validateRules(BIG).problems).toEqual([]);
  });

  it.each(ROWS.map(([name, rule, code, pointer, suggestion]) => ({ name, rule, code, pointer, suggestion })))('$name → $code', ({ rule, code, pointer, suggestion }) => {
    const { problems } = validateRules(JSON.parse(JSON.stringify(rule)) as unknown);
    expect(problems.map((p) => ({ code: p.code, pointer: p.pointer, suggestion: p.suggestion }))).toEqual([{ code, pointer, suggestion }]);
  });
});
