/**
 * Issue #23: under a Chinese locale (`LANG=zh_CN.UTF-8`, no `--lang`) every sentence a user
 * sees from `validate`, `test`, `run`, `explain`, `gen`, `demo` and `init` is Chinese — over
 * real data with bad inputs: rejected rows (a bad amount, an impossible date, a bad ID number,
 * a code outside the list, a row with too many values), broken rule files (invalid JSON, an
 * unknown operator, jsonata syntax errors) and a rule that stops on a jsonata evaluation error.
 * An English sentence is a run of three or more English words outside code (`…`), paths,
 * codes and the data's own values (a comma-separated list of names is not one).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDate, parseDecimal, parseIdNumber, parseInteger, parseMoney, parsePeriod } from '@sunshine/core';
import { createDefaultLibrary, type CliLibrary } from '../src/index.js';
import { rejectReasonZh } from '../src/i18n/reject-reasons.js';
import { sourceDescriptionIn } from '../src/i18n/source-description.js';
import { initTemplates } from '../src/commands/init-templates.js';
import { runCli, writeCounty } from './fake-library.js';

const ZH = { LANG: 'zh_CN.UTF-8' };
let dir: string;
let lib: CliLibrary;

/**
 * The English sentences in `text`: runs of 3+ English words, once code spans (`…`), quoted
 * JSON, paths, URLs, option names, identifiers (snake_case, camelCase, kebab-case) and command
 * lines (`npx sunshine …`, to the end of the line) are taken out.
 */
export function englishSentences(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/\b(?:npx|npm|pnpm|sunshine) .*$/, ' ')
      .replace(/`[^`]*`/g, ' ')
      .replace(/"[^"]*"/g, ' ')
      .replace(/(?:[A-Za-z]:)?[\w.-]*\/[\w./-]*/g, ' ')
      .replace(/--[\w-]+/g, ' ')
      .replace(/\b[A-Za-z]+(?:[_-][A-Za-z0-9]+)+\b/g, ' ')
      .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ');
    for (const m of line.matchAll(/\b[A-Za-z][a-z']*(?:[,;:]? +[A-Za-z][a-z']*){2,}\b/g)) if (!/^\w+(, \w+)+$/.test(m[0])) found.push(m[0]);
  }
  return found;
}

function rule(id: string, patch: (r: Record<string, unknown> & { conditions: { all: Record<string, unknown>[] } }) => void): string {
  const t = initTemplates({ name: 'x', cliVersion: '0.0.0', lang: 'zh' });
  const r = JSON.parse(t.find((f) => f.path === 'rules/county-large-hospitality.json')!.content) as Record<string, unknown> & { conditions: { all: Record<string, unknown>[] } };
  delete r['$schema'];
  r['id'] = id;
  patch(r);
  return JSON.stringify(r, null, 2);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunshine-zh-out-'));
  lib = createDefaultLibrary();
  const county = join(dir, 'county');
  mkdirSync(county);
  writeCounty(county, (f, text) => {
    writeFileSync(f, text);
  });
  // a row with more values than the header has columns
  writeFileSync(join(county, 'payments.csv'), `${readFileSync(join(county, 'payments.csv'), 'utf8')}\nP5,F01,1,2,3,4,5,6,7,8,9,10,11,12,13`);
  writeFileSync(join(county, 'collective_ledger.csv'), ['voucher_id,village_code,date,direction,amount,category,counterparty_name,payment_method,summary', 'V-9,V1,2024-05-20,expense,300.00,hospitality,农家乐饭店,transfer,接待'].join('\n'));

  mkdirSync(join(dir, 'bad'));
  writeFileSync(join(dir, 'bad', 'broken.json'), '{"id": "broken", ');
  writeFileSync(join(dir, 'bad', 'bad-op.json'), rule('bad-op', (r) => (r.conditions.all[0]!['operator'] = 'moneyGreaterThen')));
  writeFileSync(join(dir, 'bad', 'bad-end.json'), rule('bad-end', (r) => (r.conditions.all[0]!['fact'] = 'subject.amount +')));
  writeFileSync(join(dir, 'bad', 'bad-token.json'), rule('bad-token', (r) => (r.conditions.all[0]!['fact'] = 'subject.amount ]')));
  writeFileSync(join(dir, 'bad', 'bad-paren.json'), rule('bad-paren', (r) => (r.conditions.all[0]!['fact'] = '$number(subject.amount')));
  writeFileSync(join(dir, 'bad', 'bad-field.json'), rule('bad-field', (r) => (r.conditions.all[0]!['fact'] = 'subject.amountt')));

  // a rule that stops on jsonata's D3030 (`$number` of a text), with its fixtures
  mkdirSync(join(dir, 'eval'));
  writeFileSync(join(dir, 'eval', 'bad-eval.json'), rule('bad-eval', (r) => (r.conditions.all[0] = { fact: '$number(subject.summary)', operator: 'greaterThan', value: 0 })));
  const fx = JSON.parse(initTemplates({ name: 'x', cliVersion: '0.0.0', lang: 'zh' }).find((f) => f.path.endsWith('.fixtures.json'))!.content) as { rule: string; cases: unknown[] };
  writeFileSync(join(dir, 'eval', 'bad-eval.fixtures.json'), JSON.stringify({ ...fx, rule: 'bad-eval', cases: fx.cases.slice(0, 1) }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the English-sentence detector', () => {
  it('finds an English sentence and passes Chinese with code, paths and values', () => {
    expect(englishSentences('错误：the rule stopped with an error')).toEqual(['the rule stopped with an error']);
    expect(englishSentences('✗ /tmp/a b/bad-op.json /conditions/all/0/operator：没有 `moneyGreaterThen` 这个运算符；见 `sunshine validate --help`')).toEqual([]);
  });
});

describe('LANG=zh_CN.UTF-8: no English sentence', () => {
  const noEnglish = (r: { out: string; err: string }): void => {
    expect(englishSentences(`${r.out}\n${r.err}`)).toEqual([]);
  };

  it('validate: invalid JSON, an unknown operator, jsonata syntax errors (with their codes and positions)', async () => {
    const r = await runCli(['validate', join(dir, 'bad')], lib, { env: ZH });
    expect(r.code).toBe(1);
    expect(r.out + r.err).toContain('不是有效的 JSON');
    expect(r.out + r.err).toContain('没有 `moneyGreaterThen` 这个运算符');
    expect(r.out + r.err).toMatch(/写法有误（第 \d+ 个字符处）：S0207：/);
    expect(r.out + r.err).toMatch(/写法有误（第 \d+ 个字符处）：S0201：语法错误/);
    expect(r.out + r.err).toMatch(/：S0203：/);
    noEnglish(r);
  });

  it('test: a case whose rule stops on a jsonata evaluation error', async () => {
    const r = await runCli(['test', join(dir, 'eval')], lib, { env: ZH });
    expect(r.code).toBe(1);
    expect(r.out + r.err).toContain('D3030：这个文本不能读成数值');
    noEnglish(r);
  });

  it('run: the source, the summary and the rejected rows', async () => {
    const r = await runCli(['run', '--data', join(dir, 'county'), '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(r.out).toContain('数据文件夹');
    expect(r.out).toContain('不是金额');
    expect(r.out).toContain('校验码不对');
    expect(r.out).toContain('整行');
    noEnglish(r);
  });

  it('run: parameter overrides naming a rule that is not loaded (an error thrown by the engine, with its Chinese)', async () => {
    writeFileSync(join(dir, 'params-unknown.json'), JSON.stringify({ 'no-such-rule': { x: 1 } }));
    const r = await runCli(['run', '--data', join(dir, 'county'), '--params', join(dir, 'params-unknown.json'), '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(r.code).toBe(2);
    expect(r.err).toContain('比对模型 `no-such-rule` 不存在');
    noEnglish(r);
  });

  it('run: a parameter override the rule does not have (a planner problem inside the engine\'s error)', async () => {
    writeFileSync(join(dir, 'params-bad.json'), JSON.stringify({ 'deceased-payee': { nope: 1 } }));
    const r = await runCli(['run', '--data', join(dir, 'county'), '--params', join(dir, 'params-bad.json'), '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(r.code).toBe(2);
    expect(r.err).toContain('没有参数 `nope`');
    noEnglish(r);
  });

  it('run: data that cannot be read (a missing folder, an unclosed quote, a missing or broken mapping file)', async () => {
    const missing = await runCli(['run', '--data', join(dir, 'no-such-folder'), '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('无法读取数据文件夹（不存在）');
    noEnglish(missing);
    const quoted = join(dir, 'quoted');
    mkdirSync(quoted);
    writeFileSync(join(quoted, 'payments.csv'), 'payment_id,fund_code\n"P1,F01\n');
    const unclosed = await runCli(['run', '--data', quoted, '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(unclosed.code).toBe(2);
    expect(unclosed.err).toContain('引号括起的字段没有结束引号');
    noEnglish(unclosed);
    const noMapping = await runCli(['run', '--data', join(dir, 'county'), '--mapping', join(dir, 'no-such-mapping.json'), '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(noMapping.code).toBe(2);
    expect(noMapping.err).toContain('无法读取列名映射文件（不存在）');
    noEnglish(noMapping);
  });

  it('check-data: the data-quality report', async () => {
    const r = await runCli(['check-data', '--data', join(dir, 'county')], lib, { env: ZH });
    expect(r.out).toContain('数据质量报告');
    expect(r.out).toContain('引用关系');
    noEnglish(r);
  });

  it('run: a rule that stops with a jsonata error', async () => {
    const r = await runCli(['run', '--data', join(dir, 'county'), '--rules', join(dir, 'eval'), '--only', 'bad-eval', '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(r.code).toBe(2);
    expect(r.err).toContain('D3030：');
    noEnglish(r);
  });

  it('explain', async () => {
    const r = await runCli(['explain', '--data', join(dir, 'county'), '--rule', 'deceased-payee', '--key', 'nope', '--as-of', '2024-12-31'], lib, { env: ZH });
    expect(r.code).toBe(2);
    noEnglish(r);
  });

  it('gen, explain over its county, demo and init', async () => {
    const g = await runCli(['gen', '--scale', 'tiny', '--out', join(dir, 'gen')], lib, { env: ZH });
    expect(g.code).toBe(0);
    expect(g.out).toContain('答案文件');
    noEnglish(g);
    const report = await runCli(['run', '--data', join(dir, 'gen'), '--format', 'json', '-q'], lib, { env: ZH });
    const first = (JSON.parse(report.out) as { findings: { rule: string; key: string }[] }).findings[0]!;
    const e = await runCli(['explain', '--data', join(dir, 'gen'), '--rule', first.rule, '--key', first.key], lib, { env: ZH });
    expect(e.code).toBe(0);
    expect(e.out).toContain('是一条预警（有待核实）');
    noEnglish(e);
    const d = await runCli(['demo', '--scale', 'tiny', '--out', join(dir, 'demo')], lib, { env: ZH });
    expect(d.code).toBe(0);
    expect(d.out).toContain('HTML 报告');
    noEnglish(d);
    const i = await runCli(['init', join(dir, 'project')], lib, { env: ZH });
    expect(i.code).toBe(0);
    noEnglish(i);
    for (const f of ['MAPPING.md', 'data/README.md', 'rules/README.md']) expect(englishSentences(readFileSync(join(dir, 'project', f), 'utf8').replace(/^ {4}.*$/gm, ''))).toEqual([]);
  }, 60_000);
});

describe('the catalogues', () => {
  it('say the loader\'s reasons and the source kinds in Chinese', () => {
    expect(rejectReasonZh('`abc` is not an amount of money')).toBe('`abc` 不是金额');
    expect(rejectReasonZh('`2024-02-31` is not a calendar date')).toBe('`2024-02-31` 不是日历上存在的日期');
    expect(rejectReasonZh('something new')).toBe('something new');
    expect(sourceDescriptionIn('workbook county.xlsx', 'zh')).toBe('Excel 工作簿 county.xlsx');
    expect(sourceDescriptionIn('csv folder ./c (read in place by DuckDB)', 'zh')).toBe('数据文件夹（由 DuckDB 就地读取） ./c');
  });

  it('know every reason the model\'s value parsers give (a new reason fails here until it has its Chinese)', () => {
    const bad: readonly [(v: unknown) => { ok: boolean; message?: string }, readonly unknown[]][] = [
      [parseDate, ['2024-02-31', 'soon', 7, 99999999, new Date(Number.NaN)]],
      [parsePeriod, ['2024-13', '1800', '2024H1', 'later', '2024-03-05', 3]],
      [parseMoney, ['abc', '1,23.00', '1.234', Number.NaN, 1.234, '99999999999999999999', true]],
      [parseIdNumber, ['123', '110101199902301234', '11010119900101123X', 5]],
      [parseInteger, ['1.5', 1.5, false]],
      [parseDecimal, ['x', Number.POSITIVE_INFINITY, null]],
    ];
    for (const [parse, inputs] of bad) {
      for (const input of inputs) {
        const r = parse(input);
        if (r.ok) continue;
        expect(englishSentences(rejectReasonZh(r.message!)), `${String(input)}: ${r.message!}`).toEqual([]);
      }
    }
  });
});
