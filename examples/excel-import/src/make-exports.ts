/**
 * Writes the example county's Excel exports into `exports/`:
 * `tsx src/make-exports.ts [--out exports] [--seed 1]`.
 *
 * A `tiny` county from `@sunshine/gen` is loaded into canonical records, then written the way
 * the county's systems export it (see `county-exports.ts`): Chinese file names and headers,
 * 男/女 and other code words, money as `￥1,234.50`, dates as Excel date cells or `2024年3月5日`,
 * a title line above the payments' header. The workbooks are committed; run this only to
 * regenerate them.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { formatMoney, loadData, type LoadedRecord } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty } from '@sunshine/gen';
import { COUNTY_EXPORTS, type ExportColumn } from './county-exports.js';

/** `123450` → `￥1,234.50`. */
export function yuanText(fen: number): string {
  const [int, dec] = formatMoney(Math.abs(fen)).split('.') as [string, string];
  return `${fen < 0 ? '-' : ''}￥${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/** `2024-03-05` → `2024年3月5日`; `2024-03` → `2024年3月`; `2024` → `2024年`. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y!}年${m ? `${Number(m)}月` : ''}${d ? `${Number(d)}日` : ''}`;
}

function cell(col: ExportColumn, record: LoadedRecord): string | number | Date | null {
  if (col.field === null) return col.header === '备注' ? '' : '系统';
  const v = record[col.field] ?? null;
  if (v === null) return null;
  if (col.words) {
    const w = col.words[String(v)];
    if (w === undefined) throw new Error(`no word for ${col.field} = ${String(v)}`);
    return w;
  }
  switch (col.style) {
    case 'yuan':
      return yuanText(v as number);
    case 'excel-date': {
      const [y, m, d] = String(v).split('-').map(Number) as [number, number, number];
      return new Date(Date.UTC(y, m - 1, d));
    }
    case 'cn-date':
    case 'cn-period':
      return chineseDate(String(v));
    case 'number':
      return Number(v);
    case 'text':
      return String(v);
  }
}

/**
 * Writes one workbook per dataset of {@link COUNTY_EXPORTS} into `out`.
 *
 * @example
 * ```ts
 * await makeExports({ out: './exports' }); // { 一卡通发放明细: 1062, 户籍人口信息: 312, … }
 * ```
 */
export async function makeExports(options: { readonly out: string; readonly seed?: number }): Promise<Record<string, number>> {
  const tmp = mkdtempSync(join(tmpdir(), 'sunshine-excel-'));
  try {
    await generateCounty({ scale: 'tiny', seed: options.seed ?? 1, out: tmp });
    const data = await loadData(createFolderSource({ dir: tmp }));
    mkdirSync(options.out, { recursive: true });
    const written: Record<string, number> = {};
    for (const ex of COUNTY_EXPORTS) {
      const rows = data.tables.get(ex.dataset) ?? [];
      const wb = new ExcelJS.Workbook();
      wb.creator = '县惠民惠农补贴管理系统';
      wb.created = wb.modified = new Date(Date.UTC(2025, 0, 2));
      const ws = wb.addWorksheet(ex.sheet);
      if (ex.title) ws.addRow([ex.title]);
      ws.addRow(ex.columns.map((col) => col.header)).font = { bold: true };
      for (const r of rows) ws.addRow(ex.columns.map((col) => cell(col, r)));
      ex.columns.forEach((col, i) => {
        const column = ws.getColumn(i + 1);
        column.width = Math.max(10, col.header.length * 2 + 2);
        if (col.style === 'excel-date') column.numFmt = 'yyyy-mm-dd';
      });
      await wb.xlsx.writeFile(join(options.out, `${ex.workbook}.xlsx`));
      written[ex.workbook] = rows.length;
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'exports' }, seed: { type: 'string', default: '1' } } });
  const written = await makeExports({ out: values.out, seed: Number(values.seed) });
  for (const [name, rows] of Object.entries(written)) console.log(`${values.out}/${name}.xlsx  ${rows} rows`);
}
