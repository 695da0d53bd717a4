import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { createCsvSource, decodeText } from '@sunshine/adapters/csv';
import { testAdapter } from './contract.js';
import { tempDir } from './temp-dir.js';
import { writeCsvFolder, type CsvFlavour } from './write-fixture.js';

const flavours: { name: string; flavour: CsvFlavour; encoding: string }[] = [
  { name: 'csv-utf8', flavour: 'utf8', encoding: 'utf-8' },
  { name: 'csv-utf8-bom', flavour: 'utf8-bom', encoding: 'utf-8' },
  { name: 'csv-gb18030', flavour: 'gb18030', encoding: 'gb18030' },
  { name: 'csv-tsv', flavour: 'tsv', encoding: 'utf-8' },
  { name: 'csv-cr-only', flavour: 'cr', encoding: 'gb18030' },
];

for (const f of flavours) {
  let t: ReturnType<typeof tempDir> = { dir: '', remove: () => undefined };
  const ext = f.flavour === 'tsv' ? 'tsv' : 'csv';
  testAdapter({
    name: f.name,
    firstDataRow: 2,
    fileOf: (dataset) => join(t.dir, `${dataset}.${ext}`),
    setup(county) {
      t = tempDir(f.name);
      writeCsvFolder(t.dir, county, f.flavour);
      return Promise.resolve({ source: createCsvSource({ dir: t.dir }), cleanup: t.remove });
    },
    additionalTests() {
      it(`detects ${f.encoding}`, () => {
        const { text, encoding } = decodeText(readFileSync(join(t.dir, `persons.${ext}`)), 'persons');
        expect(encoding).toBe(f.encoding);
        expect(text.startsWith('id_number')).toBe(true);
        expect(text).toContain('张大山');
      });
    },
  });
}

it('reports a CSV row with more values than the header, and an unclosed quote', async () => {
  const t = tempDir('csv-broken');
  try {
    writeFileSync(join(t.dir, 'departments.csv'), 'department_code,name\nD01,民政局\nD02,农业,农村局\nD03,"财政局\n');
    const data = await loadData(createCsvSource({ dir: t.dir }), { datasets: ['departments'] }).catch((e: unknown) => e);
    expect(data).toMatchObject({ code: 'INVALID_INPUT', reason: 'MALFORMED', message: expect.stringMatching(/departments\.csv: line 4: a quoted field is never closed/) as unknown });
    writeFileSync(join(t.dir, 'departments.csv'), 'department_code,name\nD01,民政局\nD02,农业,农村局\n,,\n');
    const ok = await loadData(createCsvSource({ dir: t.dir }), { datasets: ['departments'] });
    expect(ok.tables.get('departments')).toEqual([{ department_code: 'D01', name: '民政局' }]);
    expect(ok.rejected).toEqual([expect.objectContaining({ row: 3, field: '(row)', value: '农村局' })]);
  } finally {
    t.remove();
  }
});

it('reads CR-only line ends (classic Mac OS, some Windows exports) as line ends, not as one long header', async () => {
  const t = tempDir('csv-cr');
  try {
    writeFileSync(join(t.dir, 'departments.csv'), 'department_code,name\rD01,民政局\r"D02","农业\n农村局"\rD03,财政局\r');
    const data = await loadData(createCsvSource({ dir: t.dir }), { datasets: ['departments'] });
    expect(data.warnings).toEqual([]);
    expect(data.rejected).toEqual([]);
    expect(data.tables.get('departments')).toEqual([
      { department_code: 'D01', name: '民政局' },
      { department_code: 'D02', name: '农业\n农村局' },
      { department_code: 'D03', name: '财政局' },
    ]);
    expect(data.locations).toEqual([expect.objectContaining({ dataset: 'departments' })]);
  } finally {
    t.remove();
  }
});

it('finds the header below title lines with `headerRows`', async () => {
  const t = tempDir('csv-title');
  try {
    writeFileSync(join(t.dir, 'departments.csv'), '青山县部门名单\n\ndepartment_code,name\nD01,民政局\n');
    const data = await loadData(createCsvSource({ dir: t.dir, headerRows: { departments: 3 } }), { datasets: ['departments'] });
    expect(data.tables.get('departments')).toEqual([{ department_code: 'D01', name: '民政局' }]);
  } finally {
    t.remove();
  }
});
