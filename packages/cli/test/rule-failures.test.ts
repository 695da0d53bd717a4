/**
 * A rule that fails on the data stops alone: `sunshine run` still writes the other rules'
 * findings, names the failing rule (and jsonata's error code) on stderr, lists it under
 * `rulesFailed` and exits 2. `--rule-timeout` is checked as usage.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDefaultLibrary } from '../src/index.js';
import { id, runCli } from './fake-library.js';

const dir = mkdtempSync(join(tmpdir(), 'sunshine-failures-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const rule = (ruleId: string, fact: string): object => ({
  id: ruleId,
  version: '1.0.0',
  category: 'payment',
  severity: 'low',
  title: { zh: '测试', en: 'test' },
  description: { zh: '测试', en: 'test' },
  subject: { dataset: 'payments' },
  facts: { x: { expr: fact, type: 'number' } },
  conditions: { all: [{ fact: 'x', operator: 'greaterThan', value: 0 }] },
  key: '{{subject.payment_id}}',
  message: { zh: '{{subject.payment_id}}', en: '{{subject.payment_id}}' },
});

describe('a rule that fails on the data', () => {
  it('stops alone; the run writes the rest, says why on stderr, lists it and exits 2', async () => {
    const data = join(dir, 'data');
    const rules = join(dir, 'rules');
    mkdirSync(data);
    mkdirSync(rules);
    const p = id('42010119800101001');
    writeFileSync(
      join(data, 'payments.csv'),
      ['payment_id,fund_code,id_number,name,town_code,village_code,period,pay_date,amount,quantity,bank_account,account_holder_id_number,account_holder_name', `P1,F01,${p},张三,T1,V1,2024-07,2024-07-10,100,,6221,${p},张三`].join('\n'),
    );
    writeFileSync(join(rules, 'amount-positive.json'), JSON.stringify(rule('amount-positive', 'subject.amount')));
    // `quantity + 1` on an empty quantity: jsonata fails with T2001 (the left side of `+` must be a number).
    writeFileSync(join(rules, 'name-arithmetic.json'), JSON.stringify(rule('name-arithmetic', 'subject.quantity + 1')));
    const r = await runCli(['run', '--data', data, '--rules', rules, '--as-of', '2024-12-31', '--format', 'json', '--no-timings'], createDefaultLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('name-arithmetic');
    expect(r.err).toContain('T2001');
    expect(r.err).not.toMatch(/\n\s+at /);
    const out = JSON.parse(r.out) as { rulesRun: string[]; rulesFailed: { rule: string; code: string }[]; findings: { rule: string; key: string }[] };
    expect(out.rulesRun).toEqual(['amount-positive']);
    expect(out.rulesFailed).toEqual([expect.objectContaining({ rule: 'name-arithmetic', code: 'EVALUATION' })]);
    expect(out.findings.map((f) => `${f.rule}:${f.key}`)).toEqual(['amount-positive:P1']);
  }, 60_000);

  it('--rule-timeout takes seconds, and says so when given something else', async () => {
    const r = await runCli(['run', '--data', join(dir, 'data'), '--as-of', '2024-12-31', '--rule-timeout', 'soon'], createDefaultLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('`--rule-timeout` must be a number of seconds');
  }, 60_000);
});
