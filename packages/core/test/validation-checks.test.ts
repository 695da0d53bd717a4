/**
 * Validation that knows the data and json-rules-engine's meaning: each silent mistake of
 * issue #14 is a problem with the file, a JSON pointer and, where one exists, a suggestion.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_OPERATORS, createEngine, loadPacks, type Condition, type Rule, type ValidationProblem } from '@sunshine/core';
import { fund, id, payment, tables } from './builders.js';

function rule(over: Partial<Rule> & { conditions: Condition }): Rule {
  return {
    id: 'probe',
    version: '1.0.0',
    category: 'eligibility',
    severity: 'medium',
    title: { zh: '探针', en: 'Probe' },
    description: { zh: '探针', en: 'Probe' },
    subject: { dataset: 'payments' },
    lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true } },
    key: '{{subject.payment_id}}',
    message: { zh: '{{subject.payment_id}}', en: '{{subject.payment_id}}' },
    ...over,
  };
}

/** Validates rules written to files (`<id>.json` unless named), as `sunshine validate` does. */
async function validate(content: unknown, file = `${(content as { id?: string }).id ?? 'x'}.json`): Promise<readonly ValidationProblem[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-validate-'));
  writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  return (await loadPacks([dir])).problems;
}

const at = (ps: readonly ValidationProblem[]): { pointer: string; suggestion?: string }[] => ps.map((p) => ({ pointer: p.pointer, ...(p.suggestion ? { suggestion: p.suggestion } : {}) }));

describe('values compared with a field that has allowed values', () => {
  it('a literal outside them is an error with its pointer and a did-you-mean', async () => {
    const ps = await validate(rule({ conditions: { all: [{ fact: 'fund.kind', operator: 'equal', value: 'means-tested' }] } }));
    expect(at(ps)).toEqual([{ pointer: '/conditions/all/0/value', suggestion: 'means_tested' }]);
    expect(ps[0]!.message).toContain('`funds.kind`');
    expect(ps[0]!.message).toContain('means_tested, age_based');
  });

  it('checks each element of an `in` list, and `notEqual` too', async () => {
    const ps = await validate(
      rule({
        conditions: {
          all: [
            { fact: 'fund.kind', operator: 'in', value: ['pension', 'Disability'] },
            { fact: 'fund.frequency', operator: 'notEqual', value: 'month' },
          ],
        },
      }),
    );
    expect(at(ps)).toEqual([
      { pointer: '/conditions/all/0/value/1', suggestion: 'disability' },
      { pointer: '/conditions/all/1/value', suggestion: 'monthly' },
    ]);
  });

  it('accepts the allowed values, null, and fields without allowed values', async () => {
    const ps = await validate(
      rule({
        conditions: {
          all: [
            { fact: 'fund.kind', operator: 'in', value: ['means_tested', 'pension'] },
            { fact: 'fund.kind', operator: 'notEqual', value: null },
            { fact: 'fund.name', operator: 'equal', value: 'anything' },
          ],
        },
      }),
    );
    expect(ps).toEqual([]);
  });

  it('a parameter used as such a value: its default, and a value given for the run', async () => {
    const r = rule({
      params: { kinds: { type: 'string[]', default: ['means_tested', 'age-based'] } },
      conditions: { all: [{ fact: 'fund.kind', operator: 'in', value: { param: 'kinds' } }] },
    });
    const ps = await validate(r);
    expect(at(ps)).toEqual([{ pointer: '/params/kinds/default/1', suggestion: 'age_based' }]);
    expect(ps[0]!.message).toContain('parameter `kinds`');

    const ok = rule({ ...r, params: { kinds: { type: 'string[]', default: ['means_tested'] } } });
    expect(() => createEngine({ asOf: '2024-12-31', rules: [ok] })).not.toThrow();
    expect(() => createEngine({ asOf: '2024-12-31', rules: [ok], params: { probe: { kinds: ['cars'] } } })).toThrow(/parameter `kinds` \(as given for this run\): "cars" is not an allowed value of `funds.kind`/);
  });

  it('a parameter declaring `values` refuses others', async () => {
    const r = rule({
      params: { mode: { type: 'string', default: 'strict', values: ['strict', 'lenient'] } },
      conditions: { fact: 'subject.amount', operator: 'greaterThan', value: 0 },
    });
    expect(await validate(r)).toEqual([]);
    expect(at(await validate({ ...r, params: { mode: { type: 'string', default: 'strict ', values: ['strict', 'lenient'] } } }))).toEqual([{ pointer: '/params/mode/default', suggestion: 'strict' }]);
    expect(() => createEngine({ asOf: '2024-12-31', rules: [r], params: { probe: { mode: 'loose' } } })).toThrow(/"loose" is not one of its allowed values \(strict, lenient\)/);
  });
});

describe('a list compared with one value', () => {
  it('a lookup without `one: true` compared by `equal` is an error naming the lookup', async () => {
    const ps = await validate(
      rule({
        lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' } } },
        conditions: { all: [{ fact: 'fund.kind', operator: 'equal', value: 'means-tested' }] },
      }),
    );
    expect(at(ps)).toEqual([{ pointer: '/conditions/all/0/fact' }, { pointer: '/conditions/all/0/value', suggestion: 'means_tested' }]);
    expect(ps[0]!.message).toContain('`fund` is a list lookup (no `"one": true` at /lookups/fund)');
    expect(ps[0]!.message).toContain('add `"one": true` to the lookup');
    expect(ps[0]!.message).toContain('contains');
  });

  it('list operators and aggregates of the list are fine', async () => {
    const ps = await validate(
      rule({
        lookups: { funds: { dataset: 'funds', on: { fund_code: 'subject.fund_code' } } },
        aggregates: { n: { op: 'count', over: 'funds' } },
        conditions: {
          all: [
            { fact: 'funds.kind', operator: 'contains', value: 'means_tested' },
            { fact: 'funds', operator: 'notEmpty' },
            { fact: 'n', operator: 'greaterThan', value: 1 },
          ],
        },
      }),
    );
    expect(ps).toEqual([]);
  });
});

describe('file names and limits', () => {
  it('a one-rule file named differently from its id is an error; a list file is exempt', async () => {
    const ps = await validate(rule({ conditions: { fact: 'subject.amount', operator: 'greaterThan', value: 0 } }), 'other-name.json');
    expect(at(ps)).toEqual([{ pointer: '/id', suggestion: 'probe.json' }]);
    expect(ps[0]!.message).toContain('rename the file to `probe.json`');
    expect(await validate([rule({ conditions: { fact: 'subject.amount', operator: 'greaterThan', value: 0 } })], 'many.json')).toEqual([]);
  });

  it('conditions nested 10,000 deep: a limit with the pointer, no stack overflow', async () => {
    // Written as text: JSON.stringify itself cannot write 10,000 levels.
    const leaf = JSON.stringify({ fact: 'subject.amount', operator: 'greaterThan', value: 0 });
    const deep = `${'{"not":'.repeat(10000)}${leaf}${'}'.repeat(10000)}`;
    const text = JSON.stringify(rule({ conditions: { fact: 'x', operator: 'empty' } })).replace('{"fact":"x","operator":"empty"}', deep);
    const ps = await validate(text, 'probe.json');
    expect(ps).toHaveLength(1);
    expect(ps[0]!.pointer).toBe(`/conditions${'/not'.repeat(65)}`);
    expect(ps[0]!.message).toContain('nested more than 64 levels deep');
  });

  it('too many condition nodes, and too large a file', async () => {
    const many = Array.from({ length: 6000 }, () => ({ fact: 'subject.amount', operator: 'greaterThan', value: 0 }));
    const ps = await validate(rule({ conditions: { any: many } }));
    expect(ps.map((p) => p.message)).toEqual([expect.stringContaining('more than 5000 condition nodes')]);
    const big = await validate(`${' '.repeat(6 * 1024 * 1024)}{}`, 'big.json');
    expect(big.map((p) => p.message)).toEqual([expect.stringContaining('a pack file may be at most 5.0 MB')]);
  });
});

describe('regular expressions run in linear time', () => {
  it('refuses what RE2 cannot run, with the pointer', async () => {
    const ps = await validate(
      rule({
        conditions: {
          all: [
            { fact: 'subject.bank_account', operator: 'matches', value: '^(a)\\1$' },
            { fact: 'subject.bank_account', operator: 'matches', value: '^(?=ACC)' },
            { fact: 'subject.bank_account', operator: 'matches', value: '^[0-9]{6,}$' },
          ],
        },
      }),
    );
    expect(ps.map((p) => [p.pointer, p.message.includes('backreference') || p.message.includes('lookahead')])).toEqual([
      ['/conditions/all/0/value', true],
      ['/conditions/all/1/value', true],
    ]);
  });

  it('a catastrophic-backtracking pattern answers at once', async () => {
    const r = rule({
      subject: { dataset: 'payments' },
      lookups: {},
      conditions: { fact: 'subject.bank_account', operator: 'matches', value: '^((\\d+)+)+x$' },
    });
    const engine = createEngine({ asOf: '2024-12-31', rules: [r] });
    const t = Date.now();
    const res = await engine.run(tables({ payments: [payment({ payment_id: 'P1', id_number: id(1), bank_account: '1'.repeat(5000) + 'y' })], funds: [fund] }));
    expect(Date.now() - t).toBeLessThan(5000);
    expect(res.findings).toEqual([]);
  });

  it('text patterns (from a parameter) are compiled too; JavaScript spellings like \\u4e00 work', () => {
    const m = BUILTIN_OPERATORS['matches']!.fn;
    expect(m('2024-05', '^\\d{4}-\\d{2}$')).toBe(true);
    expect(m('x2024-05', '^\\d{4}-\\d{2}$')).toBe(false);
    expect(m('张三', '^[\\u4e00-\\u9fa5]+$')).toBe(true);
    expect(m('abc', '(a)\\1')).toBe(false);
  });
});

describe('json-rules-engine forms whose meaning surprises', () => {
  it('`in` with a text value (a substring search there) is refused', async () => {
    const ps = await validate(rule({ conditions: { fact: 'subject.name', operator: 'in', value: '张三李四' } }));
    expect(at(ps)).toEqual([{ pointer: '/conditions/value', suggestion: '["张三李四"]' }]);
    expect(ps[0]!.message).toContain('substring search');
  });

  it('`in` with a parameter that is not a list is refused', async () => {
    const ps = await validate(rule({ params: { who: { type: 'string', default: 'x' } }, conditions: { fact: 'subject.name', operator: 'notIn', value: { param: 'who' } } }));
    expect(at(ps)).toEqual([{ pointer: '/conditions/value/param' }]);
  });

  it('an empty `any` or `all` is refused, saying json-rules-engine counts it as true', async () => {
    const ps = await validate(rule({ conditions: { all: [{ fact: 'subject.amount', operator: 'greaterThan', value: 0 }, { any: [] }] } }));
    expect(ps.map((p) => p.pointer)).toEqual(['/conditions/all/1/any']);
    expect(ps[0]!.message).toContain('counts an empty `any` as true');
  });

  it('a fact that reads like a hyphenated name is refused', async () => {
    const ps = await validate(rule({ lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true } }, conditions: { fact: 'subject-fund', operator: 'empty' } }));
    expect(at(ps)).toEqual([{ pointer: '/conditions/fact', suggestion: 'subject_fund' }]);
    expect(await validate(rule({ conditions: { fact: "$substring(subject.pay_date, 0, 4) & '-12-31'", operator: 'notEmpty' } }))).toEqual([]);
  });

  it('a path: only `$.name…`, only on a record', async () => {
    const ps = await validate(
      rule({
        lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true }, all_funds: { dataset: 'funds', on: { fund_code: 'subject.fund_code' } } },
        conditions: {
          all: [
            { fact: 'fund', path: '$.kind', operator: 'equal', value: 'pension' },
            { fact: 'fund', path: '$..kind', operator: 'equal', value: 'pension' },
            { fact: 'subject.amount', path: '$.x', operator: 'notEmpty' },
            { fact: 'all_funds', path: '$.kind', operator: 'notEmpty' },
          ],
        },
      }),
    );
    expect(ps.map((p) => p.pointer)).toEqual(['/conditions/all/1/path', '/conditions/all/2/path', '/conditions/all/3/path']);
  });
});

describe('operands jsonata always fails on', () => {
  it('text, dates or periods in arithmetic are an error with the pointer of the expression', async () => {
    const ps = await validate(
      rule({
        facts: { a: { expr: 'subject.name - 1', type: 'number' }, b: { expr: 'subject.pay_date + 30', type: 'number' } },
        conditions: { all: [{ fact: 'a', operator: 'greaterThan', value: 0 }, { fact: 'b', operator: 'greaterThan', value: 0 }] },
      }),
    );
    expect(ps.map((p) => p.pointer)).toEqual(['/facts/a/expr', '/facts/b/expr']);
    expect(ps[0]!.message).toContain('`-` needs numbers, but one side is text');
    expect(ps[1]!.message).toContain('a date (text)');
  });

  it('a number ordered against a text is an error; numbers with numbers and dates with dates are not', async () => {
    const bad = await validate(rule({ conditions: { all: [{ fact: 'subject.amount > subject.pay_date', operator: 'equal', value: true }] } }));
    expect(bad.map((p) => p.pointer)).toEqual(['/conditions/all/0/fact']);
    expect(bad[0]!.message).toContain('T2009');
    const good = await validate(
      rule({ conditions: { all: [{ fact: 'subject.amount * 2 > fund.standard_amount and subject.pay_date > $asOf', operator: 'equal', value: true }] } }),
    );
    expect(good).toEqual([]);
  });
});
