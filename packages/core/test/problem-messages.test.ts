/**
 * The problem catalogue: every code says its problem in English and in Chinese, and the
 * problems validation really produces carry a code of the catalogue and its parameters.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_OPERATORS } from '../src/dsl/operators.js';
import { formatProblemIn as formatProblem } from '../src/dsl/load-pack.js';
import { PROBLEM_MESSAGES, problemText, type ProblemCode } from '../src/dsl/problem-messages.js';
import { loadPacks } from '../src/engine/load-packs.js';

const HAN = /[\u4e00-\u9fff]/;

/** A value that serves as any parameter: text, a list, a number-ish, a nested problem. */
function sample(): unknown {
  const v = Object.assign(['x-y', 'z'], {
    split: (s: string) => 'x-y'.split(s),
    replaceAll: (a: string, b: string) => 'x-y'.replaceAll(a, b),
    code: 'regexInvalid',
    params: { pattern: '(', detail: 'missing )' },
    message: 'missing )',
  });
  return v;
}
const anyParams = new Proxy({}, { get: () => sample() });

describe('the problem catalogue', () => {
  const codes = Object.keys(PROBLEM_MESSAGES) as ProblemCode[];

  it('has many codes, each said in English and in Chinese', () => {
    expect(codes.length).toBeGreaterThan(60);
    for (const code of codes) {
      const entry = PROBLEM_MESSAGES[code] as { en?: unknown; zh?: unknown };
      expect(typeof entry.en, code).toBe('function');
      expect(typeof entry.zh, code).toBe('function');
      const en = problemText({ code, params: anyParams, message: '' }, 'en');
      const zh = problemText({ code, params: anyParams, message: '' }, 'zh');
      expect(en.length, code).toBeGreaterThan(0);
      expect(HAN.test(zh), `${code} in Chinese: ${zh}`).toBe(true);
      expect(HAN.test(en), `${code} in English: ${en}`).toBe(false);
    }
  });

  it('gives a problem without a code (a plug-in\'s own) as written', () => {
    expect(problemText({ message: 'from a plug-in' }, 'zh')).toBe('from a plug-in');
  });
});

describe('validation problems in two languages', () => {
  const base = JSON.parse(readFileSync(join(import.meta.dirname, '../../rules-stdlib/rules/eligibility/deceased-payee.json'), 'utf8')) as Record<string, unknown>;
  const write = (rules: Record<string, Record<string, unknown>>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-problems-'));
    for (const [id, r] of Object.entries(rules)) writeFileSync(join(dir, `${id}.json`), JSON.stringify({ ...base, id, ...r }));
    return dir;
  };

  it('real mistakes carry a catalogue code and read in Chinese with the same pointer and did-you-mean', async () => {
    const conditions = base['conditions'] as { all: Record<string, unknown>[] };
    const dir = write({
      'bad-operator': { conditions: { all: [{ ...conditions.all[0], operator: 'dateAftr' }] } },
      'bad-field': { key: '{{subject.paymentid}}' },
      'bad-dataset': { subject: { dataset: 'paymentz' } },
      'bad-expression': { amount: 'subject.amount +' },
      'bad-type': { severity: 'urgent', category: 'nope', version: 1 },
    });
    const { problems } = await loadPacks([dir]);
    const byRule = (id: string) => problems.filter((p) => p.rule === id || p.file.endsWith(`${id}.json`));
    for (const p of problems) {
      expect(p.code, p.message).toBeDefined();
      expect(p.code! in PROBLEM_MESSAGES, p.code).toBe(true);
      const zh = formatProblem(p, 'zh');
      expect(HAN.test(zh.slice(p.file.length)), zh).toBe(true);
      expect(zh.startsWith(`${p.file}${p.pointer ? `#${p.pointer}` : ''}：`)).toBe(true);
    }
    const op = byRule('bad-operator')[0]!;
    expect(op).toMatchObject({ code: 'unknownOperator', suggestion: 'dateAfter' });
    const zhOp = formatProblem(op, 'zh');
    for (const name of Object.keys(BUILTIN_OPERATORS)) expect(zhOp).toContain(`\`${name}\``);
    expect(zhOp).toContain('没有 `dateAftr` 这个运算符');
    expect(zhOp).toContain('（是不是要用 `dateAfter`？）');
    expect(formatProblem(byRule('bad-field')[0]!, 'zh')).toContain('没有 `paymentid` 这个字段');
    expect(formatProblem(byRule('bad-dataset')[0]!, 'zh')).toContain('没有 `paymentz` 这个数据表');
    // no cascade of "the unknown dataset has no field …"
    expect(byRule('bad-dataset').filter((p) => p.code === 'exprUnknownField')).toEqual([]);
    expect(formatProblem(byRule('bad-expression')[0]!, 'zh')).toContain('表达式 `subject.amount +` 写法有误');
    // every schema mistake of one rule at once, with complete lists of allowed values
    const typed = byRule('bad-type');
    expect(typed.map((p) => p.pointer).sort()).toEqual(['/category', '/severity', '/version']);
    expect(formatProblem(typed.find((p) => p.pointer === '/category')!, 'zh')).toContain('"eligibility"、"duplicate"、"standard"、"payment"、"cadre"、"contract"、"finance"、"statistical"');
    expect(formatProblem(typed.find((p) => p.pointer === '/version')!, 'en')).toContain('must be text');
  });

  it('more than eight schema errors are all reported (typebox stops at eight by default)', async () => {
    const params = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${i}`, { type: 'int', default: 1 }]));
    const dir = write({ 'many-params': { params } });
    const { problems } = await loadPacks([dir]);
    expect(problems.map((p) => p.pointer)).toEqual(Array.from({ length: 12 }, (_, i) => `/params/p${i}/type`));
    expect(problems[11]!.message).toBe('must be one of "integer", "number", "money", "string", "boolean", "date", "string[]", "integer[]"');
  });
});
