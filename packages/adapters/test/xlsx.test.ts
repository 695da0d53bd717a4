import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { createXlsxSource } from '@sunshine/adapters/xlsx';
import { testAdapter } from './contract.js';
import { P1, P2 } from './fixture-county.js';
import { tempDir } from './temp-dir.js';
import { writeXlsxFolder, writeXlsxWorkbook } from './write-fixture.js';

let one: ReturnType<typeof tempDir> = { dir: '', remove: () => undefined };
testAdapter({
  name: 'xlsx-sheets',
  firstDataRow: 2,
  fileOf: (dataset) => `${join(one.dir, 'county.xlsx')}#${dataset}`,
  async setup(county) {
    one = tempDir('xlsx-sheets');
    await writeXlsxWorkbook(join(one.dir, 'county.xlsx'), county);
    return { source: createXlsxSource({ file: join(one.dir, 'county.xlsx') }), cleanup: one.remove };
  },
});

let many: ReturnType<typeof tempDir> = { dir: '', remove: () => undefined };
testAdapter({
  name: 'xlsx-workbooks',
  firstDataRow: 2,
  fileOf: (dataset) => join(many.dir, `${dataset}.xlsx`),
  async setup(county) {
    many = tempDir('xlsx-workbooks');
    await writeXlsxFolder(many.dir, county);
    return { source: createXlsxSource({ dir: many.dir }), cleanup: many.remove };
  },
});

it('reads typed cells raw: numbers, date cells, formulas, rich text; skips title rows and hidden sheets', async () => {
  const t = tempDir('xlsx-typed');
  try {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('一卡通');
    ws.addRow(['青山县惠民惠农补贴发放明细']);
    ws.addRow(['fund_code', 'name', 'department_code', 'kind', 'frequency', 'standard_amount', 'min_age', 'max_amount']);
    ws.addRow(['F01', { richText: [{ text: '农村' }, { text: '低保' }] }, 'D01', 'means_tested', 'monthly', 450.5, 60, { formula: 'F3*2', result: 901 }]);
    ws.addRow(['F02', '高龄补贴', 'D01', 'age_based', 'monthly', 50, 80.5, null]);
    wb.addWorksheet('notes', { state: 'hidden' }).addRow(['x']);
    const dates = wb.addWorksheet('deaths');
    dates.addRow(['id_number', 'name', 'death_date', 'source']);
    dates.addRow([P1, '张大山', new Date(Date.UTC(2023, 10, 20)), '民政']);
    dates.addRow([P2, '李秀英', 45250, '民政']);
    dates.addRow([Number(P2.slice(0, 6) + P2.slice(8, 17)), '李秀英', '2023-11-21', '民政']);
    const file = join(t.dir, 'county.xlsx');
    await wb.xlsx.writeFile(file);

    const source = createXlsxSource({ file, names: { funds: '一卡通' }, headerRows: { funds: 2 } });
    expect((await source.datasets()).map((l) => l.dataset)).toEqual(['funds', 'deaths']);
    const data = await loadData(source, { datasets: ['funds', 'deaths'] });
    expect(data.tables.get('funds')).toEqual([
      { fund_code: 'F01', name: '农村低保', department_code: 'D01', kind: 'means_tested', frequency: 'monthly', standard_amount: 45050, max_amount: 90100, unit_rate: null, min_age: 60, exclusive_group: null, max_age: null },
    ]);
    expect(data.rejected).toEqual([expect.objectContaining({ dataset: 'funds', file: `${file}#一卡通`, row: 4, field: 'min_age', value: 80.5 })]);
    // A date cell and a serial day read as dates; an ID typed as a number keeps its digits
    // (15 digits: the legacy form, upgraded to 18 by the model).
    expect(data.tables.get('deaths')?.map((d) => [d['id_number'], d['death_date']])).toEqual([
      [P1, '2023-11-20'],
      [P2, '2023-11-20'],
      [P2, '2023-11-21'],
    ]);
  } finally {
    t.remove();
  }
});
