/**
 * The CLI over the real library (`createDefaultLibrary`: the adapters' folder source with the
 * built-in Chinese headers, the engine, a standard library rule), end to end in-process.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultLibrary, type CliLibrary } from '../src/index.js';
import iconv from 'iconv-lite';
import { id, runCli } from './fake-library.js';

let dir: string;
let data: string;
let lib: CliLibrary;
const dead = id('37142619500101001');
/** One stdlib rule, so that this suite does not move with the whole library. */
let MAPPING: string;
const RULE = join(import.meta.dirname, '../../rules-stdlib/rules/eligibility/deceased-payee.json');
const alive = id('37142619600101002');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunshine-engine-'));
  MAPPING = join(dir, 'mapping.json');
  data = join(dir, 'county');
  mkdirSync(data);
  const w = (name: string, lines: string[]): void => writeFileSync(join(data, `${name}.csv`), lines.join('\n'));
  w('funds', ['fund_code,name,department_code,kind,frequency,standard_amount,max_amount,unit_rate,min_age,exclusive_group', 'F01,城乡低保,civil,means_tested,monthly,500.00,,,,']);
  w('departments', ['department_code,name', 'civil,民政局']);
  w('regions', ['town_code,town_name,village_code,village_name', 'T1,城关镇,V1,东村']);
  // A county export: Chinese headers, GB18030, Chinese dates and amounts with separators.
  writeFileSync(
    join(data, 'payments.csv'),
    iconv.encode(
      [
        '发放编号,项目编码,身份证号,姓名,乡镇编码,村编码,所属期,发放日期,发放金额,面积,银行账号,户主身份证号,户名',
        `P1,F01,${dead},张三,T1,V1,2024-03,2024年3月10日,500.00,,6221,${dead},张三`,
        `P2,F01,${alive},李四,T1,V1,2024-03,2024/3/10,"1,500.00",,6222,${alive},李四`,
        `P3,F01,${alive},李四,T1,V1,2024-03,2024-02-31,500.00,,6222,${alive},李四`,
      ].join('\r\n'),
      'gb18030',
    ),
  );
  writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ datasets: { payments: { columns: { 项目编码: 'fund_code', 户主身份证号: 'account_holder_id_number' } } } }));
  w('deaths', ['id_number,name,death_date,source', `${dead},张三,2024-02-20,民政`]);
  lib = createDefaultLibrary();
});

describe('the CLI over the real engine', () => {
  it('runs the standard library and reports findings and rejected rows', async () => {
    const r = await runCli(['run', '--data', data, '--mapping', MAPPING, '--rules', RULE, '--format', 'json', '--as-of', '2024-12-31', '--no-timings'], lib);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { findings: { rule: string; key: string; department_code: string; town_code: string }[]; rejected: { row: number; field: string }[]; rulesRun: string[] };
    expect(report.findings.filter((f) => f.rule === 'deceased-payee').map((f) => f.key)).toEqual(['P1']);
    expect(report.findings.find((f) => f.rule === 'deceased-payee')).toMatchObject({ department_code: 'civil', town_code: 'T1' });
    expect(report.rejected).toMatchObject([{ row: 4, field: 'pay_date' }]);
    expect(report.rulesRun).toContain('deceased-payee');
    expect(r.err).toContain('1 row rejected (payments: 1)');
    // byte-identical rerun
    expect((await runCli(['run', '--data', data, '--mapping', MAPPING, '--rules', RULE, '--format', 'json', '--as-of', '2024-12-31', '--no-timings'], lib)).out).toBe(r.out);
    // --fail-on high trips on the high deceased-payee finding
    expect((await runCli(['run', '--data', data, '--mapping', MAPPING, '--rules', RULE, '--as-of', '2024-12-31', '--fail-on', 'high', '-q'], lib)).code).toBe(1);
  });

  it('--only runs one rule, and an unknown one exits 2 with a suggestion', async () => {
    const one = await runCli(['run', '--data', data, '--mapping', MAPPING, '--only', 'deceased-payee', '--format', 'json', '--as-of', '2024-12-31', '-q'], lib);
    expect(one.code).toBe(0);
    expect((JSON.parse(one.out) as { rulesRun: string[] }).rulesRun).toEqual(['deceased-payee']);
    const bad = await runCli(['run', '--data', data, '--mapping', MAPPING, '--only', 'deceased-payed', '--as-of', '2024-12-31'], lib);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown rule `deceased-payed` in `--only`; did you mean `deceased-payee`?');
  });

  it('embeds explanations in the HTML report', async () => {
    const out = join(dir, 'report.html');
    const r = await runCli(['run', '--data', data, '--mapping', MAPPING, '--rules', RULE, '--out', out, '--as-of', '2024-12-31', '-q'], lib);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const json = JSON.parse(/<script type="application\/json" id="sunshine-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { explanations: Record<string, string> };
    // Explanations come rendered, in both languages: sentences and tables with units.
    const e = Object.values(json.explanations);
    expect(e.length).toBeGreaterThan(0);
    expect(e[0]).toContain('<div class="verdict ok">');
    expect(e[0]).toContain('死亡登记有记录');
    expect(e[0]).toContain('500.00 元');
    expect(e[0]).not.toContain('"context"');
  });

  it('explains a subject condition by condition', async () => {
    const hit = await runCli(['explain', '--data', data, '--mapping', MAPPING, '--rules', RULE, '--rule', 'deceased-payee', '--key', 'P1', '--as-of', '2024-12-31'], lib);
    expect(hit.code).toBe(0);
    expect(hit.out).toContain('deceased-payee P1: MATCHED');
    expect(hit.out).toMatch(/✓ death is present \(.*death_date 2024-02-20/);
    const miss = await runCli(['explain', '--data', data, '--mapping', MAPPING, '--rules', RULE, '--rule', 'deceased-payee', '--key', 'P2', '--as-of', '2024-12-31'], lib);
    expect(miss.out).toContain('deceased-payee P2: no match');
    expect(miss.out).toMatch(/✗ death is present \(\(none\)\)/);
    const none = await runCli(['explain', '--data', data, '--mapping', MAPPING, '--rules', RULE, '--rule', 'deceased-payee', '--key', 'NOPE'], lib);
    expect(none.code).toBe(2);
    expect(none.err).toContain('has no subject with key `NOPE`');
  });

  it('validate exits 1 naming the unknown dataset and its pointer', async () => {
    const rule = JSON.parse(readFileSync(join(import.meta.dirname, '../../rules-stdlib/rules/eligibility/deceased-payee.json'), 'utf8')) as { subject: { dataset: string } };
    rule.subject.dataset = 'paymentz';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(rule, null, 2));
    const r = await runCli(['validate', 'bad.json'], lib, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.out).toContain('/subject/dataset');
    expect(r.out).toContain('paymentz');
    // the same pack makes `run` exit 2
    const run = await runCli(['run', '--data', data, '--rules', 'bad.json'], lib, { cwd: dir });
    expect(run.err).toContain('/subject/dataset');
    expect(run.code).toBe(2);
    expect(run.err).toContain('invalid rule pack');
  });

  it('init scaffolds a project whose rule validates and whose fixtures pass', async () => {
    const project = join(dir, 'project');
    expect((await runCli(['init', project], lib)).code).toBe(0);
    const v = await runCli(['validate', 'rules'], lib, { cwd: project });
    expect(v.out).toBe('✓ 1 pack valid: ' + join(project, 'rules') + '\n');
    expect(v.code).toBe(0);
    const t = await runCli(['test', 'rules', '--junit', 'junit.xml'], lib, { cwd: project });
    expect(t.code).toBe(0);
    expect(t.out).toContain('4 passed, 0 failed');
    expect(readFileSync(join(project, 'junit.xml'), 'utf8')).toContain('tests="4" failures="0"');
  });

  it('test runs a standard library rule\'s fixtures', async () => {
    const rules = join(dir, 'one-rule');
    mkdirSync(rules);
    for (const f of ['deceased-payee.json', 'deceased-payee.fixtures.json']) copyFileSync(join(RULE, '..', f), join(rules, f));
    const r = await runCli(['test', rules], lib);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ deceased-payee › /);
  });
});

describe('sunshine demo over the real generator and library', () => {
  it('writes a tiny county, runs the whole library, writes the HTML report and compares with the truth', async () => {
    const out = join(dir, 'demo');
    const r = await runCli(['demo', '--scale', 'tiny', '--out', out], createDefaultLibrary());
    expect(r.code).toBe(0);
    // quiet about the files the generator wrote beside the data, which the loader does not know
    expect(readdirSync(join(out, 'county'))).toEqual(expect.arrayContaining(['manifest.json', 'planted.json']));
    expect(r.err).not.toContain('is not a dataset of the model');
    expect(r.err).toContain('running rules');
    expect(r.out).toMatch(/Truth file: \d+ of \d+ planted findings reported/);
    expect(r.out).toContain(`The HTML report: ${join(out, 'report.html')}`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('id="chart-category"');
    const json = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { counts: { findings: number }; rulesRun: string[] };
    expect(json.counts.findings).toBeGreaterThan(0);
    expect(json.rulesRun.length).toBeGreaterThan(20);
  });
});
