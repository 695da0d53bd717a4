/**
 * `sunshine check-data` and the data-quality report of `run`, over the real library; and the
 * county exports of issue #22 end to end: a generated village re-exported as workbooks with an
 * instructions sheet (填表说明) first, Chinese headers, ID numbers forced to text (`'…`,
 * `="…"`), a totals row (合计) under the payments and a ledger keyed by 凭证号, loads under
 * `--strict` with the canonical findings.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalDatasets, formatMoney, loadData, type LoadedRecord } from '@sunshine/core';
import { createFolderSource, defaultHeaders } from '@sunshine/adapters';
import { generateCounty } from '@sunshine/gen';
import { createDefaultLibrary, type CliLibrary } from '../src/index.js';
import { id, runCli } from './fake-library.js';

let dir: string;
let lib: CliLibrary;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunshine-check-data-'));
  lib = createDefaultLibrary();
});

function writeFolder(name: string, files: Record<string, string[]>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, lines] of Object.entries(files)) writeFileSync(join(d, `${f}.csv`), `${lines.join('\n')}\n`);
  return d;
}

const payee = id('37142619500101001');
const county = (funds: string[]): Record<string, string[]> => ({
  regions: ['town_code,town_name,village_code,village_name', 'T1,城关镇,V1,东村'],
  departments: ['department_code,name', 'MZ,民政局'],
  funds: ['fund_code,name,department_code,kind,frequency', ...funds],
  payments: [
    'payment_id,fund_code,id_number,name,town_code,village_code,period,pay_date,amount,bank_account,account_holder_id_number,account_holder_name',
    `P1,F01,${payee},张三,T1,V1,2024-03,2024-03-05,500.00,6221,${payee},张三`,
    `P2,F-DIBAO,${payee},张三,T1,V1,2024-03,2024-03-05,616.00,6221,${payee},张三`,
    `P3,F-DIBAO,${payee},张三,T1,V1,2024-04,2024-04-05,616.00,6221,${payee},张三`,
    ',,,,,,,,"1,732.00",,,',
  ].map((l, i) => (i === 4 ? '合计,,,,,,,,1732.00,,,' : l)),
});

describe('sunshine check-data', () => {
  it('exits 1 naming a fund the catalogue lacks, once; 0 when the catalogue is complete', async () => {
    const gap = writeFolder('gap', county(['F01,低保,MZ,means_tested,monthly']));
    const r = await runCli(['check-data', '--data', gap], lib);
    expect(r.code).toBe(1);
    expect(r.out).toContain('数据质量报告');
    expect(r.out).toContain('BROKEN    payments.fund_code → funds: 2 of 3 rows point nowhere');
    expect(r.out).toContain('F-DIBAO: 2 rows (P2, P3)');
    expect(r.out).toMatch(/Totals rows skipped[^\n]*\n {2}\S*payments\.csv: 1 row \(5: 合计\)/);
    expect(r.err).toContain('data quality: 1 broken reference (payments.fund_code → funds: 2 rows, F-DIBAO)');

    const json = await runCli(['check-data', '--data', gap, '--format', 'json'], lib);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as { rejected: unknown[]; dataQuality: { clean: boolean; references: { name: string; missing: { value: string }[] }[] } };
    expect(report.rejected).toEqual([]);
    expect(report.dataQuality.clean).toBe(false);
    expect(report.dataQuality.references.find((x) => x.name === 'payments.fund_code → funds')!.missing.map((m) => m.value)).toEqual(['F-DIBAO']);

    const whole = writeFolder('whole', county(['F01,低保,MZ,means_tested,monthly', 'F-DIBAO,低保（城市）,MZ,means_tested,monthly']));
    const ok = await runCli(['check-data', '--data', whole, '--strict'], lib);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('No broken reference.');
  });

  it('the HTML report has the data-quality section: the broken reference with its missing value, the totals row skipped', async () => {
    const gap = writeFolder('gap-html', county(['F01,低保,MZ,means_tested,monthly']));
    const out = join(dir, 'gap-report.html');
    const r = await runCli(['run', '--data', gap, '--as-of', '2024-12-31', '--format', 'html', '--out', out, '--explain-limit', '0'], lib);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    const section = html.slice(html.indexOf('<section id="data-quality">'), html.indexOf('</section>', html.indexOf('<section id="data-quality">')));
    expect(section).toContain('数据质量报告');
    expect(section).toContain('1 处关联断链');
    expect(section).toContain('F-DIBAO (2)');
    expect(section).toContain('跳过的合计行');

    const whole = writeFolder('whole-html', county(['F01,低保,MZ,means_tested,monthly', 'F-DIBAO,低保（城市）,MZ,means_tested,monthly']));
    const out2 = join(dir, 'whole-report.html');
    expect((await runCli(['run', '--data', whole, '--as-of', '2024-12-31', '--format', 'html', '--out', out2, '--explain-limit', '0'], lib)).code).toBe(0);
    expect(readFileSync(out2, 'utf8')).toContain('所有被比对模型引用的关联都能对上。');
  });

  it('exits 2 for bad input and bad usage', async () => {
    expect((await runCli(['check-data', '--data', join(dir, 'nowhere')], lib)).code).toBe(2);
    expect((await runCli(['check-data'], lib)).code).toBe(2);
    const gap = writeFolder('gap2', county(['F01,低保,MZ,means_tested,monthly']));
    expect((await runCli(['check-data', '--data', gap, '--format', 'xml'], lib)).code).toBe(2);
    writeFileSync(join(gap, 'mapping.json'), '{ "datasets": { "paymentz": {} } }');
    expect((await runCli(['check-data', '--data', gap, '--mapping', join(gap, 'mapping.json')], lib)).code).toBe(2);
  });

  it('run writes the report under `dataQuality` and its line on stderr; a payment to an unknown fund is no finding of off-schedule-payment', async () => {
    const gap = writeFolder('gap3', county(['F01,低保,MZ,means_tested,monthly']));
    const rule = join(import.meta.dirname, '../../rules-stdlib/rules/payment/off-schedule-payment.json');
    const r = await runCli(['run', '--data', gap, '--rules', rule, '--format', 'json', '--as-of', '2024-12-31', '--no-timings', '--strict'], lib);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { findings: unknown[]; dataQuality: { broken: number } };
    expect(report.findings).toEqual([]);
    expect(report.dataQuality.broken).toBe(1);
    expect(r.err).toContain('data quality: 1 broken reference (payments.fund_code → funds: 2 rows, F-DIBAO)');
  });
});

/** Writes one dataset as a county would export it (see the file's header). */
async function writeExport(file: string, dataset: string, records: readonly LoadedRecord[]): Promise<void> {
  const def = canonicalDatasets.get(dataset)!;
  const fields = def.fields.map((f) => f.name);
  const aliases = defaultHeaders(dataset, fields);
  const headerOf = new Map<string, string>();
  for (const [h, f] of aliases) if (!headerOf.has(f)) headerOf.set(f, h);
  if (dataset === 'collective_ledger') headerOf.set('voucher_id', '凭证号');
  const wb = new ExcelJS.Workbook();
  const help = wb.addWorksheet('填表说明');
  help.addRow(['说明']);
  help.addRow(['1. 身份证号请按文本格式填写，勿用科学计数法。']);
  help.addRow(['2. 金额单位：元。']);
  const ws = wb.addWorksheet('数据');
  ws.addRow(fields.map((f) => headerOf.get(f)!));
  let total = 0;
  records.forEach((r, i) => {
    ws.addRow(
      def.fields.map((f) => {
        const v = r[f.name] ?? null;
        if (v === null) return null;
        if (f.type === 'money') {
          total += v as number;
          return formatMoney(v as number);
        }
        // Text forcing as exports write it: alternately a leading apostrophe and ="…".
        if (f.type === 'id_number') return i % 2 === 0 ? `'${String(v)}` : `="${String(v)}"`;
        return v;
      }),
    );
  });
  if (dataset === 'payments') ws.addRow(def.fields.map((f, j) => (j === 0 ? '合计' : f.type === 'money' ? formatMoney(total) : null)));
  await wb.xlsx.writeFile(file);
}

describe('county exports (issue #22)', () => {
  it('workbooks with an instructions sheet first, text-forced IDs, a totals row and 凭证号 load under --strict with the canonical findings', { timeout: 240_000 }, async () => {
    const canon = join(dir, 'canon');
    await generateCounty({ scale: 'village', seed: 5, out: canon });
    const data = await loadData(createFolderSource({ dir: canon }));
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    for (const [dataset, rows] of data.tables) if (rows.length > 0) await writeExport(join(exports, `${dataset}.xlsx`), dataset, rows);

    const args = ['--format', 'json', '--as-of', '2024-12-31', '--no-timings', '--strict', '-q'];
    const want = await runCli(['run', '--data', canon, ...args], lib);
    const got = await runCli(['run', '--data', exports, ...args], lib);
    expect(got.err).toBe('');
    expect(got.code).toBe(0);
    type Report = { findings: { rule: string; key: string; message: unknown }[]; rejected: unknown[]; dataQuality: { totalsSkipped: { rows: number }[] } };
    const a = JSON.parse(want.out) as Report;
    const b = JSON.parse(got.out) as Report;
    expect(b.rejected).toEqual([]);
    expect(b.dataQuality.totalsSkipped.map((t) => t.rows)).toEqual([1]);
    const view = (r: Report): string[] => r.findings.map((f) => `${f.rule} ${f.key} ${JSON.stringify(f.message)}`).sort();
    expect(a.findings.length).toBeGreaterThan(20);
    expect(view(b)).toEqual(view(a));
    const check = await runCli(['check-data', '--data', exports], lib);
    expect(check.code).toBe(0);
    expect(check.out).toContain('payments.xlsx#数据: 1 row');
    expect(readFileSync(join(canon, 'funds.csv'), 'utf8')).toContain('fund_code');
  });
});
