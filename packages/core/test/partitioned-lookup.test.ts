// A lookup whose `where` requires `equal` between the candidate and the subject is answered
// from a partition of each index bucket (partitioned-where.ts, partitionFor). These tests check it
// against the same lookup written so that it cannot be partitioned (`not notEqual`).
import { describe, expect, it } from 'vitest';
import { createEngine, type Rule } from '@sunshine/core';
import { fund, id, payment, tables } from './builders.js';

const rule = (ruleId: string, eq: (fact: string, value: string) => object): Rule =>
  ({
    id: ruleId,
    version: '1.0.0',
    category: 'duplicate',
    severity: 'low',
    title: { zh: '测试', en: 'test' },
    description: { zh: '测试', en: 'test' },
    subject: { dataset: 'payments' },
    lookups: {
      twins: {
        dataset: 'payments',
        on: { fund_code: 'subject.fund_code' },
        where: {
          all: [
            { fact: 'twins.payment_id', operator: 'notEqual', value: { fact: 'subject.payment_id' } },
            eq('$substring(twins.name, 0, 1)', 'initial'),
            eq('twins.quantity', 'subject.quantity'),
            eq('twins.amount / 7', 'subject.amount / 7'),
          ],
        },
      },
    },
    facts: { initial: { expr: '$substring(subject.name, 0, 1)', type: 'string' } },
    conditions: { all: [{ fact: 'twins', operator: 'notEmpty' }] },
    key: '{{subject.payment_id}}',
    evidence: ['twins'],
    message: { zh: '{{$join(twins.payment_id, ",")}}', en: '{{$join(twins.payment_id, ",")}}' },
  }) as unknown as Rule;

const partitioned = rule('split', (fact, value) => ({ fact, operator: 'equal', value: { fact: value } }));
const linear = rule('whole', (fact, value) => ({ not: { fact, operator: 'notEqual', value: { fact: value } } }));

function data(amounts: readonly number[], quantities: readonly (number | null)[]): Map<string, Record<string, string | number | null>[]> {
  const names = ['张三', '张四', '李四', '王五'];
  const payments = [];
  for (let i = 0; i < 60; i++) {
    payments.push(
      payment({
        payment_id: `P${String(i).padStart(2, '0')}`,
        id_number: id(i),
        fund_code: i % 7 === 0 ? 'F02' : 'F01',
        name: names[i % names.length]!,
        amount: amounts[Math.floor(i / 4) % amounts.length]!,
        quantity: quantities[Math.floor(i / 3) % quantities.length]!,
      }),
    );
  }
  return tables({ funds: [fund, { ...fund, fund_code: 'F02' }], payments });
}

async function both(d: ReturnType<typeof data>): Promise<[string[], string[]]> {
  const engine = createEngine({ rules: [partitioned, linear], asOf: '2024-12-31' });
  const r = await engine.run(d);
  const of = (ruleId: string): string[] => r.findings.filter((f) => f.rule === ruleId).map((f) => `${f.key}:${f.message.en}`);
  return [of('split'), of('whole')];
}

describe('partitioned lookup', () => {
  it('finds what filtering the whole bucket finds, on strings, small integers and nulls', async () => {
    const [split, whole] = await both(data([50000, 50000, 30000], [1, 2, null, 2]));
    expect(split.length).toBeGreaterThan(10);
    expect(split).toEqual(whole);
  });

  it('compares numbers exactly: values a rounding error apart do not match, partitioned or not', async () => {
    const d = data([50000, 50000 + 1e-9, 30000, 30000.5], [1, 1 + 1e-12, null, 3]);
    const [split, whole] = await both(d);
    const amount = new Map(d.get('payments')!.map((p) => [p['payment_id'], p['amount']]));
    const apart = whole.filter((w) => {
      const [key, twins] = w.split(':');
      return twins!.split(',').some((t) => amount.get(t) !== amount.get(key));
    });
    expect(apart).toEqual([]);
    expect(whole.length).toBeGreaterThan(0);
    expect(split).toEqual(whole);
  });
});
