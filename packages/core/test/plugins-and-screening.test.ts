import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, loadPacks, SunshineError, type Finding, type Rule, type SunshinePlugin } from '@sunshine/core';
import { fund, id, payment, person, tables } from './builders.js';

const stdlib = path.resolve(import.meta.dirname, '../../rules-stdlib/rules');

const base = {
  version: '1.0.0',
  category: 'eligibility',
  severity: 'low',
  title: { zh: '测试', en: 'Test' },
  description: { zh: '测试', en: 'Test' },
  message: { zh: '{{subject.payment_id}}', en: '{{subject.payment_id}}' },
  key: '{{subject.payment_id}}',
} as const;

describe('plug-ins', () => {
  const collected: Finding[] = [];
  const plugin: SunshinePlugin = {
    name: 'county-test',
    operators: { idPrefix: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b) },
    functions: { double: { fn: (_rt, v) => (typeof v === 'number' ? v * 2 : undefined), arity: [1, 1], doc: 'twice', returns: 'money' } },
    aggregates: { range: (values) => {
      const n = values.filter((v): v is number => typeof v === 'number');
      return n.length ? Math.max(...n) - Math.min(...n) : 0;
    } },
    datasets: [{ name: 'poor_villages', doc: 'villages on the poverty list', idField: 'village_code', fields: [{ name: 'village_code', type: 'code' }] }],
    sinks: [{ name: 'collect', write: (f) => { collected.push(f); } }],
  };
  const rule: Rule = {
    ...base,
    id: 'plugin-rule',
    subject: { dataset: 'payments' },
    lookups: { poor: { dataset: 'poor_villages', on: { village_code: 'subject.village_code' }, one: true } },
    facts: { twice: { expr: '$double(subject.amount)', type: 'money' } },
    conditions: {
      all: [
        { fact: 'subject.id_number', operator: 'idPrefix', value: '371426' },
        { fact: 'poor', operator: 'notEmpty' },
        { fact: 'twice', operator: 'moneyGreaterThan', value: '900.00' },
      ],
    },
  };

  it('adds operators, functions, datasets and sinks that validation and the run both know', async () => {
    const engine = createEngine({ rules: [rule], asOf: '2024-12-31', plugins: [plugin] });
    const data = tables({
      payments: [payment({ payment_id: 'P1', id_number: id(1), amount: 50000 }), payment({ payment_id: 'P2', id_number: id(2), amount: 40000 })],
      poor_villages: [{ village_code: 'V001' }],
    });
    const r = await engine.run(data);
    expect(r.findings.map((f) => f.key)).toEqual(['P1']);
    expect(collected.map((f) => f.key)).toEqual(['P1']);
  });

  it('without the plug-in the same rule does not validate', () => {
    expect(() => createEngine({ rules: [rule], asOf: '2024-12-31' })).toThrow(SunshineError);
    try {
      createEngine({ rules: [rule], asOf: '2024-12-31' });
    } catch (e) {
      expect((e as SunshineError).code).toBe('INVALID_PACK');
      expect((e as Error).message).toMatch(/unknown dataset `poor_villages`|unknown operator `idPrefix`/);
    }
  });

  it('plug-in aggregates', async () => {
    const r2: Rule = {
      ...base,
      id: 'range-rule',
      key: '{{group.id_number}}',
      message: { zh: '{{spread}}', en: '{{spread}}' },
      subject: { dataset: 'payments', groupBy: { id_number: 'row.id_number' } },
      aggregates: { spread: { op: 'range', over: 'rows', field: 'amount' } },
      conditions: { fact: 'spread', operator: 'greaterThan', value: 0 },
    };
    const engine = createEngine({ rules: [r2], asOf: '2024-12-31', plugins: [plugin] });
    const a = id(1);
    const r = await engine.run(tables({ payments: [payment({ payment_id: 'P1', id_number: a, amount: 100 }), payment({ payment_id: 'P2', id_number: a, amount: 300 })] }));
    // The aggregate of a money field is money: 300 − 100 fen prints as yuan.
    expect(r.findings.map((f) => [f.key, f.message.en])).toEqual([[a, '2.00']]);
  });
});

describe('screening a new record against loaded data', () => {
  it('finds a new payment to a dead person and a duplicate (timing: `pnpm bench`)', async () => {
    const pack = await loadPacks([stdlib]);
    const rules = pack.rules.map((r) => r.rule).filter((r) => ['deceased-payee', 'duplicate-payment', 'shared-account'].includes(r.id));
    const engine = createEngine({ rules, asOf: '2024-12-31' });
    const ids = Array.from({ length: 400 }, (_, i) => id(i));
    const data = tables({
      funds: [fund],
      persons: ids.map((x, i) => person({ id_number: x, household_id: `H${i}` })),
      deaths: [{ id_number: ids[7]!, name: '死者', death_date: '2024-01-15', source: 'civil' }],
      payments: ids.map((x, i) => payment({ payment_id: `P${i}`, id_number: x, period: '2024-01', pay_date: '2024-01-10' })),
    });
    const prepared = engine.prepare(data);
    const fresh = (pid: string, who: string) => payment({ payment_id: pid, id_number: who, period: '2024-03', pay_date: '2024-03-10' });
    expect(prepared.screen('payments', fresh('N1', ids[7]!)).map((f) => f.rule)).toEqual(['deceased-payee']);
    const dup = payment({ payment_id: 'N2', id_number: ids[3]!, period: '2024-01', pay_date: '2024-01-20' });
    expect(prepared.screen('payments', dup).map((f) => [f.rule, f.key])).toEqual([['duplicate-payment', `${ids[3]!}|F01|2024-01`]]);
    expect(prepared.screen('payments', fresh('N3', ids[4]!))).toEqual([]);
    // The prepared data explains too: P7 was paid for January, and the death came mid-month.
    const ex = prepared.explain('deceased-payee', 'P7');
    expect(ex?.matched).toBe(false);
    expect(ex?.lookups['death']).toBeNull();
  });
});
