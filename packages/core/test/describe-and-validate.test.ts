/**
 * `describeRule` (what catalogues and the server's rule list show) and `validateRules` (the
 * in-memory twin of `loadPacks`): the same problems as the pack loader, at the same pointers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completeRule, describeRule, loadPacks, validateRules, type WrittenRule } from '@sunshine/core';

const BIG: WrittenRule = {
  id: 'big-single-payment',
  version: '1.0.0',
  category: 'standard',
  severity: 'low',
  title: { zh: '单笔大额发放', en: 'Large single payment' },
  description: { zh: '单笔发放金额超过2000元。', en: 'A single payment above 2000 yuan.' },
  department: 'fund.department_code',
  subject: { dataset: 'payments' },
  lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true } },
  conditions: { all: [{ fact: 'subject.amount', operator: 'greaterThan', value: 200000 }] },
  key: '{{subject.payment_id}}',
  evidence: ['subject'],
  message: { zh: '{{subject.name}}单笔领取{{fund.name}}', en: '{{subject.name}} was paid {{fund.name}} at once' },
};

const dir = mkdtempSync(join(tmpdir(), 'sunshine-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What loadPacks says about the same rule written to a file named after it. */
async function fromFile(rule: unknown): Promise<{ pointer: string; code: string | undefined }[]> {
  const id = (rule as { id?: unknown }).id;
  const file = join(dir, `${typeof id === 'string' && /^[a-z][a-z0-9-]*$/.test(id) ? id : 'rule'}.json`);
  writeFileSync(file, JSON.stringify(rule));
  const pack = await loadPacks([file]);
  rmSync(file);
  return pack.problems.map((p) => ({ pointer: p.pointer, code: p.code }));
}

describe('validateRules', () => {
  const cases: [string, unknown][] = [
    ['a valid rule', BIG],
    ['an unknown dataset', { ...BIG, subject: { dataset: 'paymets' } }],
    ['an unknown operator', { ...BIG, conditions: { all: [{ fact: 'subject.amount', operator: 'greaterThen', value: 1 }] } }],
    ['a misspelt property', { ...BIG, severty: 'low' }],
    ['an unknown field', { ...BIG, conditions: { all: [{ fact: 'subject.amout', operator: 'greaterThan', value: 1 }] } }],
    ['a missing key', { ...BIG, key: undefined }],
  ];
  it.each(cases)('finds what loadPacks finds in %s', async (_name, rule) => {
    const mem = validateRules(JSON.parse(JSON.stringify(rule)) as unknown);
    expect(mem.problems.map((p) => ({ pointer: p.pointer, code: p.code }))).toEqual(await fromFile(rule));
  });

  it('gives list pointers and duplicate ids for a list', () => {
    const r = validateRules([BIG, BIG]);
    expect(r.rules).toHaveLength(2);
    expect(r.problems.map((p) => [p.pointer, p.code])).toEqual([['/1/id', 'duplicateRuleId']]);
  });
});

describe('describeRule', () => {
  it('describes department, datasets, key, parameters and responsible level', () => {
    const d = describeRule(completeRule(BIG));
    expect(d.department).toEqual({ expression: 'fund.department_code', zh: '资金主管部门', en: "the fund's department" });
    expect([...d.datasets].sort()).toEqual(['funds', 'payments']);
    expect(d.key).toBe('payment_id');
    expect(d.responsible).toBe('department');
    expect(d.categoryName.en).toBeTruthy();
  });

  it('names a department given by a parameter, and the town for a village’s own books', () => {
    const rule = completeRule({
      ...BIG,
      department: '$params.department',
      params: { department: { type: 'string', default: 'MZJ' }, limit: { type: 'money', default: '2000.00' } },
    });
    const d = describeRule(rule);
    expect(d.department).toMatchObject({ param: 'department', default: 'MZJ', en: 'parameter `department`, default `MZJ`' });
    expect(d.params.find((p) => p.name === 'limit')).toMatchObject({ type: 'money', unit: 'yuan' });
    expect(describeRule(completeRule({ ...BIG, subject: { dataset: 'collective_ledger' } })).responsible).toBe('town');
    expect(describeRule(completeRule({ ...BIG, responsible: 'village' })).responsible).toBe('village');
  });

  it('lists the subject only for a rule that does not plan', () => {
    const d = describeRule(completeRule({ ...BIG, conditions: { all: [{ fact: 'subject.nope', operator: 'equal', value: 1 }] } }));
    expect(d.datasets).toEqual(['payments']);
  });
});
