import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { loadData } from '@sunshine/core';
import { loadMapping, withMapping } from '@sunshine/adapters';
import { createXlsxSource } from '@sunshine/adapters/xlsx';
import { describe, expect, it } from 'vitest';
import { COUNTY_EXPORTS } from '../src/county-exports.js';
import { main } from '../src/main.js';
import { chineseDate, yuanText } from '../src/make-exports.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const exportsDir = join(root, 'exports');

async function sheetRows(workbook: string): Promise<(string | number | Date | null)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(exportsDir, `${workbook}.xlsx`));
  const rows: (string | number | Date | null)[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as (string | number | Date | null)[]).slice(1)));
  return rows;
}

describe('examples/excel-import', () => {
  it('loads the committed Chinese-header workbooks unchanged through mapping.json and runs the payments models', async () => {
    const out: string[] = [];
    expect(await main(['--dir', exportsDir, '--mapping', join(root, 'mapping.json')], (l) => out.push(l))).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('rejected rows: 0');
    expect(text).not.toContain('warning:');
    // Every workbook's every data row is loaded.
    for (const ex of COUNTY_EXPORTS) {
      const dataRows = (await sheetRows(ex.workbook)).length - (ex.title ? 2 : 1);
      expect(text).toMatch(new RegExp(`^  ${ex.dataset} +${dataRows} rows  ← .*${ex.workbook}\\.xlsx$`, 'm'));
    }
    expect(text).toMatch(/^ran \d+ payments models \(\d+ skipped: the data lacks their datasets\); \d+ findings:$/m);
    for (const rule of ['deceased-payee', 'duplicate-payment', 'incarcerated-payee', 'shared-account', 'cadre-on-assistance', 'under-age-payee']) {
      expect(text).toMatch(new RegExp(`^  ${rule} +\\d+$`, 'm'));
    }
    expect(text).toMatch(/deceased-payee \[high\] .+已于\d{4}-\d{2}-\d{2}死亡/);
  });

  it('turns the exports\' money, dates, periods and code words into canonical values', async () => {
    const data = await loadData(withMapping(createXlsxSource({ dir: exportsDir }), await loadMapping(join(root, 'mapping.json'))));
    const [title, header, first] = await sheetRows('一卡通发放明细');
    expect(title![0]).toMatch(/发放明细表/);
    const at = (h: string): string | number | Date | null => first![header!.indexOf(h)] ?? null;
    expect(String(at('发放金额（元）'))).toMatch(/^￥[\d,]+\.\d{2}$/);
    expect(String(at('发放日期'))).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    const p = data.tables.get('payments')![0]!;
    expect(yuanText(p.amount as number)).toBe(at('发放金额（元）'));
    expect(chineseDate(p.pay_date as string)).toBe(at('发放日期'));
    expect(p.id_number).toBe(at('补贴对象身份证号'));
    const [pHeader, person] = await sheetRows('户籍人口信息');
    const birth = person![pHeader!.indexOf('出生日期')];
    expect(birth).toBeInstanceOf(Date); // an Excel date cell
    const loaded = data.tables.get('persons')![0]!;
    expect(loaded.birth_date).toBe((birth as Date).toISOString().slice(0, 10));
    expect(loaded.gender).toBe(person![pHeader!.indexOf('性别')] === '男' ? 'M' : 'F');
    expect(new Set(data.tables.get('funds')!.map((f) => f.kind))).toEqual(new Set(['means_tested', 'age_based', 'disability', 'land_based', 'pension', 'medical', 'other']));
  });

  it('needs its mapping: without it the payments and the county\'s own fund kinds do not load', async () => {
    const data = await loadData(createXlsxSource({ dir: exportsDir }));
    expect(data.missing).toContain('payments'); // the workbooks are not named after the datasets
    const named = await loadData(withMapping(createXlsxSource({ dir: exportsDir }), { datasets: { funds: { source: '补贴项目目录' } } }));
    expect(named.rejected.some((r) => r.field === 'kind' && r.value === '社会救助类')).toBe(true);
  });

  it('formats money and dates the way the exports do', () => {
    expect(yuanText(123450)).toBe('￥1,234.50');
    expect(yuanText(5)).toBe('￥0.05');
    expect(chineseDate('2024-03-05')).toBe('2024年3月5日');
    expect(chineseDate('2024-03')).toBe('2024年3月');
  });
});
