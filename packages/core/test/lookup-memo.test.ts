// A lookup on several fields probes a composite index that nests its fields in the runtime's
// order (fewest distinct values first), and the index keeps a one-entry memo shared by every
// lookup probing it. Two lookups on the same fields written in different orders share that
// index and memo: each must still get the rows of its own key, the same as when it runs alone.
import { describe, expect, it } from 'vitest';
import { createEngine, type Rule } from '@sunshine/core';
import { fund, id, payment, tables } from './builders.js';

const lookupRule = (ruleId: string, on: Record<string, string>): Rule =>
  ({
    id: ruleId,
    version: '1.0.0',
    category: 'duplicate',
    severity: 'low',
    title: { zh: '测试', en: 'test' },
    description: { zh: '测试', en: 'test' },
    subject: { dataset: 'payments' },
    lookups: { same: { dataset: 'payments', on } },
    conditions: { all: [{ fact: 'same', operator: 'notEmpty' }] },
    key: '{{subject.payment_id}}',
    evidence: ['same'],
    message: { zh: '{{$join(same.payment_id, ",")}}', en: '{{$join(same.payment_id, ",")}}' },
  }) as unknown as Rule;

// `straight` asks for rows with the subject's account and holder; `crossed` for rows whose account
// is the subject's holder name and whose holder name is its account — none here. With a memo
// compared in each lookup's own order, `crossed` would be handed `straight`'s rows.
const straight = lookupRule('straight', { bank_account: 'subject.bank_account', account_holder_name: 'subject.account_holder_name' });
const crossed = lookupRule('crossed', { account_holder_name: 'subject.bank_account', bank_account: 'subject.account_holder_name' });

function data(): Map<string, Record<string, string | number | null>[]> {
  const payments = [];
  for (let i = 0; i < 40; i++) {
    payments.push(payment({ payment_id: `P${String(i).padStart(2, '0')}`, id_number: id(i % 10), account_holder_name: i % 2 === 0 ? '张三' : '李四' }));
  }
  return tables({ funds: [fund], payments });
}

async function findings(rules: readonly Rule[]): Promise<string[]> {
  const r = await createEngine({ rules: [...rules], asOf: '2024-12-31' }).run(data());
  return r.findings.map((f) => `${f.rule} ${f.key}:${f.message.en}`);
}

describe('the index memo', () => {
  it('gives each lookup its own key’s rows when lookups on the same fields in other orders share it', async () => {
    const together = await findings([straight, crossed]);
    expect(together.filter((f) => f.startsWith('crossed'))).toEqual([]);
    expect(together.filter((f) => f.startsWith('straight')).length).toBe(40);
    const alone = [...(await findings([straight])), ...(await findings([crossed]))];
    expect([...together].sort()).toEqual(alone.sort());
  });
});
