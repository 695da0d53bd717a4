import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, loadPacks, type Finding } from '@sunshine/core';
import { fund, id, payment, person, tables } from './builders.js';

const stdlib = path.resolve(import.meta.dirname, '../../rules-stdlib/rules');
const rulesOf = async (...ids: string[]) => {
  const pack = await loadPacks([stdlib]);
  expect(pack.problems).toEqual([]);
  return pack.rules.map((r) => r.rule).filter((r) => ids.includes(r.id));
};
const keys = (fs: readonly Finding[], rule: string) => fs.filter((f) => f.rule === rule).map((f) => f.key);

describe('deceased-payee', () => {
  it('reports a payment for a period starting after the death, not one starting on the death day', async () => {
    const a = id(1);
    const b = id(2);
    const engine = createEngine({ rules: await rulesOf('deceased-payee'), asOf: '2024-12-31' });
    const data = tables({
      funds: [fund],
      payments: [
        payment({ payment_id: 'P1', id_number: a, period: '2024-03' }),
        payment({ payment_id: 'P2', id_number: b, period: '2024-03' }),
        payment({ payment_id: 'P3', id_number: a, period: '2024-02' }),
      ],
      deaths: [
        { id_number: a, name: '张三', death_date: '2024-02-29', source: 'civil' },
        { id_number: b, name: '王五', death_date: '2024-03-01', source: 'civil' },
      ],
    });
    const r = await engine.run(data);
    expect(keys(r.findings, 'deceased-payee')).toEqual(['P1']);
    const f = r.findings[0]!;
    expect(f.department_code).toBe('civil');
    expect(f.message.zh).toBe(`张三（${a}）已于2024-02-29死亡，仍领取2024-03期城乡低保500.00元`);
    expect(f.evidence.map((e) => [e.role, e.id])).toEqual([
      ['subject', 'P1'],
      ['death', a],
    ]);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('skips the rule when deaths are absent', async () => {
    const engine = createEngine({ rules: await rulesOf('deceased-payee'), asOf: '2024-12-31' });
    const r = await engine.run(tables({ funds: [fund], payments: [] }));
    expect(r.rulesSkipped).toEqual([{ rule: 'deceased-payee', missing: ['deaths'], reason: 'needs `deaths`, which the data lacks' }]);
  });
});

describe('shared-account', () => {
  it('needs 3 people from 2 households; a family sharing a card is fine', async () => {
    const engine = createEngine({ rules: await rulesOf('shared-account'), asOf: '2024-12-31' });
    const [a, b, c, d, e, f] = [1, 2, 3, 4, 5, 6].map((n) => id(n));
    const data = tables({
      funds: [fund],
      persons: [
        person({ id_number: a!, household_id: 'H1' }),
        person({ id_number: b!, household_id: 'H1' }),
        person({ id_number: c!, household_id: 'H2' }),
        person({ id_number: d!, household_id: 'H3' }),
        person({ id_number: e!, household_id: 'H3' }),
        person({ id_number: f!, household_id: 'H3' }),
      ],
      payments: [
        payment({ payment_id: 'P1', id_number: a!, bank_account: 'X' }),
        payment({ payment_id: 'P2', id_number: b!, bank_account: 'X' }),
        payment({ payment_id: 'P3', id_number: c!, bank_account: 'X' }),
        payment({ payment_id: 'P4', id_number: d!, bank_account: 'Y' }),
        payment({ payment_id: 'P5', id_number: e!, bank_account: 'Y' }),
        payment({ payment_id: 'P6', id_number: f!, bank_account: 'Y' }),
      ],
    });
    const r = await engine.run(data);
    expect(keys(r.findings, 'shared-account')).toEqual(['X']);
    expect(r.findings[0]!.message.en).toBe('Bank account X received payments for 3 people from 2 households (3 payments)');
    const strict = createEngine({ rules: await rulesOf('shared-account'), asOf: '2024-12-31', params: { 'shared-account': { minPersons: 4 } } });
    expect((await strict.run(data)).findings).toEqual([]);
  });

  it('counts a payee missing from the registry as a household of one', async () => {
    const engine = createEngine({ rules: await rulesOf('shared-account'), asOf: '2024-12-31' });
    const [a, b, c] = [1, 2, 3].map((n) => id(n));
    const data = tables({
      funds: [fund],
      persons: [person({ id_number: a!, household_id: 'H1' }), person({ id_number: b!, household_id: 'H1' })],
      payments: [
        payment({ payment_id: 'P1', id_number: a!, bank_account: 'X' }),
        payment({ payment_id: 'P2', id_number: b!, bank_account: 'X' }),
        payment({ payment_id: 'P3', id_number: c!, bank_account: 'X' }),
      ],
    });
    expect(keys((await engine.run(data)).findings, 'shared-account')).toEqual(['X']);
  });
});

describe('cadre-related-contract', () => {
  const cadre = id(10);
  const rel = id(11);
  const other = id(12);
  const base = {
    cadres: [
      { id_number: cadre, name: '赵村长', village_code: 'V001', position: 'director', term_start: '2021-01-01', term_end: null },
      { id_number: other, name: '钱书记', village_code: 'V002', position: 'secretary', term_start: '2021-01-01', term_end: null },
    ],
    cadre_relatives: [
      { cadre_id_number: cadre, relative_id_number: rel, relative_name: '赵二', relation: 'sibling' },
    ],
    companies: [
      { company_id: 'C1', company_name: '赵氏农业', id_number: rel, role: 'shareholder', registered_capital: 10000000, status: 'active', established_date: '2019-01-01' },
      { company_id: 'C2', company_name: '别家公司', id_number: other, role: 'legal_rep', registered_capital: 10000000, status: 'active', established_date: '2019-01-01' },
    ],
  };
  const contract = (c: Record<string, string | number | null>) => ({
    village_code: 'V001',
    subject_type: 'land',
    subject_desc: '东沟地50亩',
    area: 50,
    counterparty_name: 'x',
    counterparty_id_number: null,
    counterparty_company_id: null,
    start_date: '2022-01-01',
    end_date: '2030-12-31',
    annual_amount: 1000000,
    resolution_id: 'R1',
    ...c,
  });
  it('catches the cadre, a relative and a relative’s company; not another village’s cadre', async () => {
    const engine = createEngine({ rules: await rulesOf('cadre-related-contract'), asOf: '2024-12-31' });
    const data = tables({
      ...base,
      collective_contracts: [
        contract({ contract_id: 'K1', counterparty_id_number: cadre }),
        contract({ contract_id: 'K2', counterparty_id_number: rel }),
        contract({ contract_id: 'K3', counterparty_company_id: 'C1' }),
        contract({ contract_id: 'K4', counterparty_id_number: other }),
        contract({ contract_id: 'K5', counterparty_company_id: 'C2' }),
        contract({ contract_id: 'K6', counterparty_id_number: cadre, start_date: '2020-06-01' }),
      ],
    });
    const r = await engine.run(data);
    expect(keys(r.findings, 'cadre-related-contract')).toEqual(['K1', 'K2', 'K3']);
    const ex = engine.explain(data, 'cadre-related-contract', 'K6');
    expect(ex?.matched).toBe(false);
    expect(ex?.conditions.kind).toBe('any');
  });
});

describe('dependency cycles', () => {
  it('a fact named like a field it reads is not a cycle; a real cycle is', async () => {
    const { planRule, buildEnvironment } = await import('@sunshine/core');
    const env = buildEnvironment().plan;
    const base = {
      id: 'x',
      version: '1.0.0',
      category: 'eligibility' as const,
      severity: 'low' as const,
      title: { zh: 'x', en: 'x' },
      description: { zh: 'x', en: 'x' },
      subject: { dataset: 'payments' },
      lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true } },
      conditions: { fact: 'name', operator: 'notEmpty' },
      key: '{{subject.payment_id}}',
      message: { zh: 'x', en: 'x' },
    };
    expect(planRule({ ...base, facts: { name: 'fund.name' } }, env).problems).toEqual([]);
    const cyclic = planRule({ ...base, facts: { name: 'other', other: 'name' } }, env).problems;
    expect(cyclic.map((p) => p.message).join()).toMatch(/depends on itself/);
  });
});

describe('templates', () => {
  it('print money parameters and money fields in yuan', async () => {
    const engine = createEngine({
      asOf: '2024-12-31',
      rules: [
        {
          id: 'tpl',
          version: '1.0.0',
          category: 'standard',
          severity: 'low',
          title: { zh: 'x', en: 'x' },
          description: { zh: 'x', en: 'x' },
          params: { limit: { type: 'money', default: '300.00' } },
          subject: { dataset: 'payments' },
          conditions: { fact: 'subject.amount', operator: 'moneyGreaterThan', value: { param: 'limit' } },
          key: '{{subject.payment_id}}|{{subject.amount}}',
          message: { zh: '{{subject.amount}}元超过{{$params.limit}}元', en: '{{subject.amount}} > {{$params.limit}}' },
        },
      ],
    });
    const r = await engine.run(tables({ payments: [payment({ payment_id: 'P1', id_number: id(1), amount: 30001 })] }));
    expect(r.findings.map((f) => [f.key, f.message.zh])).toEqual([['P1|300.01', '300.01元超过300.00元']]);
  });
});

describe('runRuleTests', () => {
  it('on one rule file runs that rule’s fixtures and leaves its neighbours’ alone', async () => {
    const { runRuleTests } = await import('@sunshine/core/testing');
    const file = path.join(stdlib, 'eligibility', 'deceased-payee.json');
    const r = await runRuleTests([file]);
    expect(r.problems).toEqual([]);
    expect(new Set(r.cases.map((c) => c.rule))).toEqual(new Set(['deceased-payee']));
    expect(r.cases.every((c) => c.passed)).toBe(true);
  });
});
