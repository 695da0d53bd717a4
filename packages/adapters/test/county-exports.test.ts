/**
 * What counties really export (issue #22): workbooks whose data is not on the first sheet, a
 * mapping naming the sheet, and a ledger keyed by 凭证号.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { AdapterError, createFolderSource, withMapping } from '@sunshine/adapters';
import { createXlsxSource } from '@sunshine/adapters/xlsx';
import { tempDir } from './temp-dir.js';
import { csvText } from './write-fixture.js';
import { writeFileSync } from 'node:fs';

let t = tempDir('county-exports');
afterEach(() => {
  t.remove();
  t = tempDir('county-exports');
});

const DEPARTMENTS = [
  ['部门代码', '部门名称'],
  ['MZ', '民政局'],
  ['CZ', '财政局'],
];

async function workbook(file: string, sheets: readonly (readonly [string, readonly (readonly unknown[])[], ('hidden' | undefined)?])[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows, state] of sheets) {
    const ws = wb.addWorksheet(name, state === undefined ? {} : { state });
    for (const r of rows) ws.addRow([...r]);
  }
  const path = join(t.dir, file);
  await wb.xlsx.writeFile(path);
  return path;
}

const instructions = [['说明'], ['1. 请勿修改表头。'], ['2. 身份证号按文本填写。']] as const;
const loadDepartments = async (mapping = {}): Promise<Awaited<ReturnType<typeof loadData>>> =>
  loadData(withMapping(createFolderSource({ dir: t.dir }), mapping), { datasets: ['departments'] });
const rows = [
  { department_code: 'MZ', name: '民政局' },
  { department_code: 'CZ', name: '财政局' },
];

describe('the sheet of a workbook', () => {
  it('passes over an instructions sheet (填表说明) first to the one sheet with the columns', async () => {
    await workbook('departments.xlsx', [['填表说明', instructions], ['部门', DEPARTMENTS]]);
    const data = await loadDepartments();
    expect(data.tables.get('departments')).toEqual(rows);
    expect(data.locations).toEqual([{ dataset: 'departments', file: join(t.dir, 'departments.xlsx') }]);
    expect(data.rejected).toEqual([]);
  });

  it('reads the sheet the mapping names, by name (a hidden one too) or by position among the visible sheets', async () => {
    await workbook('departments.xlsx', [['填表说明', instructions], ['旧表', [['部门代码', '部门名称'], ['OLD', '旧']]], ['隐藏', DEPARTMENTS, 'hidden'], ['部门', DEPARTMENTS]]);
    expect((await loadDepartments({ datasets: { departments: { sheet: '部门' } } })).tables.get('departments')).toEqual(rows);
    expect((await loadDepartments({ datasets: { departments: { sheet: 2 } } })).tables.get('departments')).toEqual(rows);
    expect((await loadDepartments({ datasets: { departments: { sheet: '隐藏' } } })).tables.get('departments')).toEqual(rows);
    expect((await loadDepartments({ datasets: { departments: { sheet: 1 } } })).tables.get('departments')).toEqual([{ department_code: 'OLD', name: '旧' }]);
    await expect(loadDepartments({ datasets: { departments: { sheet: '明细' } } })).rejects.toThrow(/no sheet `明细` for dataset `departments` \(sheets: `填表说明`, `旧表`, `隐藏` \(hidden\), `部门`\)/);
    await expect(loadDepartments({ datasets: { departments: { sheet: 3 } } })).rejects.toThrow(/no visible sheet at position 3/);
  });

  it('asks for `sheet` when several sheets after the first have the columns; keeps the first when it has them', async () => {
    await workbook('departments.xlsx', [['填表说明', instructions], ['2023', DEPARTMENTS], ['2024', DEPARTMENTS]]);
    const err = await loadDepartments().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).toMatchObject({ reason: 'AMBIGUOUS', message: expect.stringMatching(/several sheets have them \(`2023`, `2024`\).*datasets\.departments\.sheet/) as unknown });
    t.remove();
    t = tempDir('county-exports');
    await workbook('departments.xlsx', [['部门', DEPARTMENTS], ['备份', [['部门代码', '部门名称'], ['X', 'x']]]]);
    expect((await loadDepartments()).tables.get('departments')).toEqual(rows);
  });

  it('a workbook of sheets per dataset takes `sheets` by name or position too', async () => {
    const file = await workbook('county.xlsx', [['填表说明', instructions], ['部门', [['department_code', 'name'], ['MZ', '民政局'], ['CZ', '财政局']]]]);
    const data = await loadData(createXlsxSource({ file, sheets: { departments: 1 } }), { datasets: ['departments'] });
    expect(data.tables.get('departments')).toEqual(rows);
    expect(data.locations).toEqual([{ dataset: 'departments', file: `${file}#部门` }]);
  });
});

describe('凭证号 in a collective ledger', () => {
  const head = ['村代码', '日期', '收支方向', '金额', '科目', '对方名称', '支付方式', '摘要'];
  const line = ['V1', '2024-03-05', 'expense', '120.00', 'office', '文具店', 'cash', '文具'];

  it('alone, is the voucher id; beside 凭证编号, the number the bookkeeper wrote', async () => {
    writeFileSync(join(t.dir, 'collective_ledger.csv'), csvText(['凭证号', ...head], [['记-0012', ...line]]));
    const alone = await loadData(withMapping(createFolderSource({ dir: t.dir })), { datasets: ['collective_ledger'] });
    expect(alone.rejected).toEqual([]);
    expect(alone.tables.get('collective_ledger')).toEqual([expect.objectContaining({ voucher_id: '记-0012', voucher_no: null })]);

    for (const columns of [['凭证编号', '凭证号'], ['凭证号', '凭证编号']]) {
      const values = columns[0] === '凭证号' ? ['12', 'V2024-0012'] : ['V2024-0012', '12'];
      writeFileSync(join(t.dir, 'collective_ledger.csv'), csvText([...columns, ...head], [[...values, ...line]]));
      const both = await loadData(withMapping(createFolderSource({ dir: t.dir })), { datasets: ['collective_ledger'] });
      expect(both.rejected, columns.join(',')).toEqual([]);
      expect(both.tables.get('collective_ledger'), columns.join(',')).toEqual([expect.objectContaining({ voucher_id: 'V2024-0012', voucher_no: 12 })]);
    }
  });
});
