/**
 * Issue #23, "Chinese first", over the real library: a rule written in one language validates,
 * tests, runs and explains in both (the missing language shows the given text); validation
 * problems read in Chinese under `--lang zh` or a Chinese locale; `test` fails a rule without
 * test cases.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultLibrary, type CliLibrary } from '../src/index.js';
import { id, runCli } from './fake-library.js';

const STDLIB = join(import.meta.dirname, '../../rules-stdlib/rules/eligibility');
const HAN = /[\u4e00-\u9fff]/;
let dir: string;
let data: string;
let lib: CliLibrary;
const dead = id('37142619500101001');

/** deceased-payee with its texts in one language, under a new id, with its fixtures. */
function oneLanguageRule(lang: 'zh' | 'en', ruleId: string): string {
  const rule = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.json'), 'utf8')) as Record<string, unknown> & Record<'title' | 'description' | 'message', Record<string, string>>;
  delete rule['$schema'];
  const pick = (t: Record<string, string>): Record<string, string> => ({ [lang]: t[lang]! });
  writeFileSync(join(dir, 'rules', `${ruleId}.json`), JSON.stringify({ ...rule, id: ruleId, title: pick(rule.title), description: pick(rule.description), message: pick(rule.message) }, null, 2));
  const fx = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.fixtures.json'), 'utf8')) as { cases: Record<string, unknown>[] };
  // The fixtures check the Chinese message; an English-only rule shows its English text there.
  const cases = lang === 'zh' ? fx.cases : fx.cases.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'messages')));
  writeFileSync(join(dir, 'rules', `${ruleId}.fixtures.json`), JSON.stringify({ ...fx, rule: ruleId, cases }, null, 2));
  return join(dir, 'rules', `${ruleId}.json`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunshine-zh-'));
  data = join(dir, 'county');
  mkdirSync(data);
  mkdirSync(join(dir, 'rules'));
  const w = (name: string, lines: string[]): void => writeFileSync(join(data, `${name}.csv`), lines.join('\n'));
  w('funds', ['fund_code,name,department_code,kind,frequency,standard_amount', 'F01,城乡低保,civil,means_tested,monthly,500.00']);
  w('departments', ['department_code,name', 'civil,民政局']);
  w('regions', ['town_code,town_name,village_code,village_name', 'T1,城关镇,V1,东村']);
  w('payments', ['payment_id,fund_code,id_number,name,town_code,village_code,period,pay_date,amount,quantity,bank_account,account_holder_id_number,account_holder_name', `P1,F01,${dead},张三,T1,V1,2024-03,2024-03-10,500.00,,6221,${dead},张三`]);
  w('deaths', ['id_number,name,death_date,source', `${dead},张三,2024-02-20,民政`]);
  oneLanguageRule('zh', 'deceased-payee-zh');
  oneLanguageRule('en', 'deceased-payee-en');
  lib = createDefaultLibrary();
});

describe('a rule written in one language', () => {
  it.each([['en'], ['zh']])('validates and passes its fixtures (--lang %s)', async (lang) => {
    const v = await runCli(['validate', 'rules', '--lang', lang], lib, { cwd: dir });
    expect(v.out + v.err).not.toContain('missing property');
    expect(v.code).toBe(0);
    const t = await runCli(['test', 'rules', '--lang', lang], lib, { cwd: dir });
    expect(t.code).toBe(0);
    expect(t.out).toContain(lang === 'zh' ? '8 个通过，0 个失败' : '8 passed, 0 failed');
  });

  it('runs: the missing language shows the given text as written, visibly', async () => {
    const r = await runCli(['run', '--data', data, '--rules', join(dir, 'rules'), '--format', 'json', '--as-of', '2024-12-31', '-q'], lib);
    expect(r.err).not.toContain('error');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { findings: { rule: string; title: { zh: string; en: string }; message: { zh: string; en: string } }[] };
    const zh = report.findings.find((f) => f.rule === 'deceased-payee-zh')!;
    expect(zh.title).toEqual({ zh: '死亡人员领取补贴', en: '死亡人员领取补贴' });
    expect(zh.message.en).toBe(zh.message.zh);
    expect(zh.message.zh).toContain('张三');
    const en = report.findings.find((f) => f.rule === 'deceased-payee-en')!;
    expect(en.title).toEqual({ zh: 'Payment to a deceased person', en: 'Payment to a deceased person' });
    // the findings themselves are those of the bilingual rule
    const both = await runCli(['run', '--data', data, '--rules', join(STDLIB, 'deceased-payee.json'), '--format', 'json', '--as-of', '2024-12-31', '-q'], lib);
    const keys = (out: string, rule: string): string[] => (JSON.parse(out) as { findings: { rule: string; key: string }[] }).findings.filter((f) => f.rule === rule).map((f) => f.key);
    expect(keys(r.out, 'deceased-payee-zh')).toEqual(keys(both.out, 'deceased-payee'));
    expect(keys(r.out, 'deceased-payee-zh')).toEqual(['P1']);
  });

  it.each([['en'], ['zh']])('explains (--lang %s)', async (lang) => {
    const r = await runCli(['explain', '--data', data, '--rules', join(dir, 'rules'), '--rule', 'deceased-payee-zh', '--key', 'P1', '--as-of', '2024-12-31', '--lang', lang], lib);
    expect(r.code).toBe(0);
    expect(r.out).toContain(lang === 'zh' ? '命中：deceased-payee-zh P1 是一条预警（有待核实）' : 'deceased-payee-zh P1: MATCHED');
  });

  it('the terminal summary of a run is in Chinese under --lang zh', async () => {
    const r = await runCli(['run', '--data', data, '--rules', join(dir, 'rules', 'deceased-payee-zh.json'), '--as-of', '2024-12-31', '--lang', 'zh'], lib);
    expect(r.code).toBe(0);
    for (const line of ['比对模型：运行 1 个，未运行 0 个', '预警：1 条', '类别', '涉及金额（元）', '各比对模型的预警：', '死亡人员领取补贴']) expect(r.out).toContain(line);
    expect(r.out).not.toMatch(/Findings|Money involved|Rules:|Data:/);
    expect(r.err).toMatch(/^数据质量：/m);
    // the loader's notes too
    writeFileSync(join(data, 'notes.csv'), 'a,b\n1,2\n');
    const noted = await runCli(['run', '--data', data, '--rules', join(dir, 'rules', 'deceased-payee-zh.json'), '--as-of', '2024-12-31', '--no-cache', '--lang', 'zh'], lib);
    expect(noted.err).toContain('`notes` 不是数据模型中的数据表，已忽略');
    rmSync(join(data, 'notes.csv'));
    // the HTML report calls an unverified hit 预警
    const html = join(dir, 'report.html');
    expect((await runCli(['run', '--data', data, '--rules', join(dir, 'rules', 'deceased-payee-zh.json'), '--as-of', '2024-12-31', '--out', html, '-q'], lib)).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    for (const word of ['预警（待核实）', '预警清单', '运行比对模型']) expect(page).toContain(word);
    expect(page).not.toMatch(/发现问题|问题清单|运行规则/);
    const missing = await runCli(['explain', '--data', data, '--rules', join(dir, 'rules'), '--rule', 'deceased-payee-zhh', '--key', 'P1', '--as-of', '2024-12-31', '--lang', 'zh'], lib);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('没有 `deceased-payee-zhh` 这个比对模型；是不是要用 `deceased-payee-zh`？');
    const noKey = await runCli(['explain', '--data', data, '--rules', join(dir, 'rules'), '--rule', 'deceased-payee-zh', '--key', 'NOPE', '--as-of', '2024-12-31', '--lang', 'zh'], lib);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('在这批数据中，比对模型 `deceased-payee-zh` 没有预警编号为 `NOPE` 的比对对象');
    const badDate = await runCli(['run', '--data', data, '--as-of', '2024-13-01', '--lang', 'zh'], lib);
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('`--as-of` 应当是 YYYY-MM-DD 格式的日期，收到的是 `2024-13-01`');
    const noPack = await runCli(['validate', join(dir, 'nope.json'), '--lang', 'zh'], lib);
    expect(noPack.code).toBe(2);
    expect(noPack.err).toContain('比对模型包 `');
    expect(noPack.err).toContain('` 不存在');
  });
});

describe('validation problems in Chinese', () => {
  let bad: string;
  beforeAll(() => {
    bad = join(dir, 'bad');
    mkdirSync(bad);
    const rule = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.json'), 'utf8')) as Record<string, unknown>;
    delete rule['$schema'];
    const write = (ruleId: string, change: Record<string, unknown>): void => writeFileSync(join(bad, `${ruleId}.json`), JSON.stringify({ ...rule, id: ruleId, ...change }));
    write('bad-operator', { conditions: { all: [{ fact: 'death', operator: 'notEmty' }] } });
    write('bad-field', { key: '{{subject.paymentid}}' });
    write('bad-dataset', { subject: { dataset: 'paymentz' } });
    write('bad-expression', { amount: 'subject.amount +' });
    write('bad-type', { severity: 'urgent', version: 2, title: {} });
  });

  it.each([
    ['--lang zh', ['validate', 'bad', '--lang', 'zh'], {}],
    ['LANG=zh_CN.UTF-8', ['validate', 'bad'], { LANG: 'zh_CN.UTF-8' }],
  ])('every problem, with its file, pointer and did-you-mean (%s)', async (_, argv, env) => {
    const r = await runCli(argv, lib, { cwd: dir, env });
    expect(r.code).toBe(1);
    const lines = r.out.split('\n').filter((l) => l.startsWith('✗'));
    expect(lines.length).toBeGreaterThanOrEqual(7);
    for (const l of lines) expect(HAN.test(l.replace(/^✗ \S+ [^：]*：/, '')), l).toBe(true);
    expect(r.out).not.toMatch(/unknown|has no field|must be|missing property|bad expression/);
    expect(r.out).toMatch(/bad-operator\.json \/conditions\/all\/0\/operator：没有 `notEmty` 这个运算符；可用的运算符有：`equal`、.*`startsWith`（是不是要用 `notEmpty`？）/);
    expect(r.out).toContain('bad-field.json /key：`subject.paymentid`：数据表 `payments` 没有 `paymentid` 这个字段（是不是要用 `payment_id`？）');
    expect(r.out).toContain('bad-dataset.json /subject/dataset：没有 `paymentz` 这个数据表（是不是要用 `payments`？）');
    expect(r.out).toContain('bad-expression.json /amount：表达式 `subject.amount +` 写法有误');
    // three schema mistakes in one rule, all at once, the allowed values complete
    expect(r.out).toContain('bad-type.json /severity：只能是以下之一："low"、"medium"、"high"、"critical"');
    expect(r.out).toContain('bad-type.json /version：应当是文本');
    expect(r.out).toContain('bad-type.json /title：请用 `zh`（中文）或 `en`（英文）写出这段文字');
    expect(r.out).toMatch(/中有 \d+ 处错误/);
  });

  it('the same problems in English by default', async () => {
    const r = await runCli(['validate', 'bad'], lib, { cwd: dir, env: { LANG: 'C.UTF-8' } });
    expect(r.out).toContain('bad-dataset.json /subject/dataset: unknown dataset `paymentz` (did you mean `payments`?)');
    expect(r.out).toMatch(/unknown operator `notEmty`; the operators are `equal`, .*`startsWith` \(did you mean `notEmpty`\?\)/);
  });

  it('run refuses an invalid pack in Chinese (exit 2)', async () => {
    const r = await runCli(['run', '--data', data, '--rules', join(bad, 'bad-dataset.json'), '--lang', 'zh'], lib, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('比对模型包有误');
    expect(r.err).toContain('没有 `paymentz` 这个数据表');
  });
});

describe('a rule that stops with an error, in Chinese', () => {
  it('says where and why under --lang zh', async () => {
    const pack = join(dir, 'failing-rule');
    mkdirSync(pack);
    const rule = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.json'), 'utf8')) as Record<string, unknown>;
    delete rule['$schema'];
    // `quantity + 1` on an empty quantity: jsonata fails with T2001.
    writeFileSync(join(pack, 'quantity-arithmetic.json'), JSON.stringify({ ...rule, id: 'quantity-arithmetic', facts: { x: { expr: 'subject.quantity + 1', type: 'number' } }, conditions: { all: [{ fact: 'x', operator: 'greaterThan', value: 0 }] } }));
    const r = await runCli(['run', '--data', data, '--rules', pack, '--as-of', '2024-12-31', '--lang', 'zh', '-q'], lib);
    expect(r.code).toBe(2);
    expect(r.err).toContain('quantity-arithmetic：表达式运算出错（在 `payments` 第 1 条记录处），已中止：T2001');
    expect(r.err).toContain('1 个比对模型运行出错中止');
  });
});

describe('sunshine test and a rule without test cases', () => {
  it.each([
    ['en', 'rule has no test cases, and an untested rule fails `test`: lonely'],
    ['zh', '个比对模型没有测试样例，未经测试的比对模型不能通过 `test`：lonely'],
  ])('exits 1 (--lang %s)', async (lang, text) => {
    const pack = join(dir, `untested-${lang}`);
    mkdirSync(pack);
    const rule = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.json'), 'utf8')) as Record<string, unknown>;
    delete rule['$schema'];
    writeFileSync(join(pack, 'lonely.json'), JSON.stringify({ ...rule, id: 'lonely' }));
    const r = await runCli(['test', pack, '--lang', lang], lib);
    expect(r.out).toContain(text);
    expect(r.code).toBe(1);
    // a fixture file with an empty list of cases tests nothing either
    writeFileSync(join(pack, 'lonely.fixtures.json'), JSON.stringify({ rule: 'lonely', cases: [] }));
    expect((await runCli(['test', pack, '--lang', lang], lib)).code).toBe(1);
    // with its cases it passes
    copyFileSync(join(STDLIB, 'deceased-payee.fixtures.json'), join(pack, 'lonely.fixtures.json'));
    const fx = JSON.parse(readFileSync(join(pack, 'lonely.fixtures.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(pack, 'lonely.fixtures.json'), JSON.stringify({ ...fx, rule: 'lonely' }));
    expect((await runCli(['test', pack, '--lang', lang], lib)).code).toBe(0);
  });

  it('a failing case says why in Chinese', async () => {
    const pack = join(dir, 'failing');
    mkdirSync(pack);
    copyFileSync(join(STDLIB, 'deceased-payee.json'), join(pack, 'deceased-payee.json'));
    const fx = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.fixtures.json'), 'utf8')) as { cases: { expect: string[] }[] };
    fx.cases[0]!.expect = ['NOPE'];
    writeFileSync(join(pack, 'deceased-payee.fixtures.json'), JSON.stringify(fx));
    const r = await runCli(['test', pack, '--lang', 'zh'], lib);
    expect(r.code).toBe(1);
    expect(r.out).toContain('— 应当得到预警 ["NOPE"]，实际得到 ["P1"]');
    expect(r.out).toContain('    应当：["NOPE"]');
  });
});
