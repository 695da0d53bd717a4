// A rule whose expression fails on the data (as jsonata would fail) or that runs past its time
// budget stops with an error of its own; the run and the other rules go on.
import { describe, expect, it } from 'vitest';
import { createEngine, type Rule } from '@sunshine/core';
import { fund, id, payment, tables } from './builders.js';

const base = {
  version: '1.0.0',
  category: 'payment',
  severity: 'low',
  title: { zh: '测试', en: 'test' },
  description: { zh: '测试', en: 'test' },
  subject: { dataset: 'payments' },
  key: '{{subject.payment_id}}',
  message: { zh: '{{subject.payment_id}}', en: '{{subject.payment_id}}' },
};

const rule = (r: Record<string, unknown>): Rule => ({ ...base, ...r }) as unknown as Rule;

const big = rule({ id: 'big', conditions: { all: [{ fact: 'subject.amount', operator: 'greaterThan', value: 60000 }] } });
// `quantity + 1` with an empty (null) quantity: jsonata raises T2001 (the left side of `+` must
// be a number). Not knowable before the data: `validate` accepts it.
const typeError = rule({ id: 'type-error', facts: { x: { expr: 'subject.quantity + 1', type: 'number' } }, conditions: { all: [{ fact: 'x', operator: 'greaterThan', value: 0 }] } });
// Compares every payment with every payment of the fund: quadratic, and slowed down on purpose.
const runaway = rule({
  id: 'runaway',
  lookups: {
    others: {
      dataset: 'payments',
      on: { fund_code: 'subject.fund_code' },
      where: { all: [{ fact: '$length($string([others.name, subject.payment_id, others.payment_id, subject.name, others.name, subject.payment_id, others.payment_id, subject.name]))', operator: 'greaterThan', value: 1000 }] },
    },
  },
  conditions: { all: [{ fact: 'others', operator: 'notEmpty' }] },
});

function data(n: number): ReturnType<typeof tables> {
  const payments = [];
  for (let i = 0; i < n; i++) payments.push(payment({ payment_id: `P${i}`, id_number: id(i % 400), amount: i % 2 === 0 ? 70000 : 50000 }));
  return tables({ funds: [fund], payments });
}

describe('rules that stop with an error', () => {
  it('an expression failing as jsonata fails stops that rule only, naming the record and jsonata’s code', async () => {
    const engine = createEngine({ rules: [big, typeError], asOf: '2024-12-31' });
    const r = await engine.run(data(10));
    expect(r.rulesFailed).toHaveLength(1);
    expect(r.rulesFailed[0]).toMatchObject({ rule: 'type-error', code: 'EVALUATION' });
    expect(r.rulesFailed[0]!.message).toContain('T2001');
    expect(r.rulesFailed[0]!.message).toContain('record 1 of `payments`');
    expect(r.rulesRun).toEqual(['big']);
    expect(r.findings.map((f) => f.key)).toEqual(['P0', 'P2', 'P4', 'P6', 'P8']);
  });

  it('a runaway rule ends with TIMEOUT within its budget; the others still report', async () => {
    const engine = createEngine({ rules: [big, runaway], asOf: '2024-12-31' });
    const t = performance.now();
    const r = await engine.run(data(3000), { ruleTimeoutMs: 200 });
    expect(performance.now() - t).toBeLessThan(10_000);
    expect(r.rulesFailed).toEqual([expect.objectContaining({ rule: 'runaway', code: 'TIMEOUT' })]);
    expect(r.findings.filter((f) => f.rule === 'big')).toHaveLength(1500);
  });

  it('without a failure, rulesFailed is empty and every rule ran', () => {
    const engine = createEngine({ rules: [big], asOf: '2024-12-31' });
    const r = engine.runSync(data(4));
    expect(r.rulesFailed).toEqual([]);
    expect(r.rulesRun).toEqual(['big']);
  });
});

describe('a finding’s amount', () => {
  it('is the rule’s amount expression in whole fen', () => {
    const r = createEngine({ rules: [{ ...big, amount: 'subject.amount' }], asOf: '2024-12-31' }).runSync(data(2));
    expect(r.findings.map((f) => f.amount)).toEqual([70000]);
  });

  it('is null when the rule names none', () => {
    const r = createEngine({ rules: [big], asOf: '2024-12-31' }).runSync(data(2));
    expect(r.findings.map((f) => f.amount)).toEqual([null]);
  });

  it('stops the rule when it is not whole fen, rather than round it', () => {
    const r = createEngine({ rules: [{ ...big, amount: 'subject.amount / 3' }], asOf: '2024-12-31' }).runSync(data(2));
    expect(r.findings).toEqual([]);
    expect(r.rulesFailed[0]?.message).toContain('must be whole fen');
  });

  it('is refused by validation when it cannot be money', () => {
    expect(() => createEngine({ rules: [{ ...big, amount: 'subject.name' }], asOf: '2024-12-31' })).toThrow(/`amount` must be money in fen/);
  });
});
