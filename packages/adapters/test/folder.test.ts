import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { AdapterError, createFolderSource } from '@sunshine/adapters';
import { testAdapter } from './contract.js';
import { tempDir } from './temp-dir.js';
import { csvText, writeCsvFolder, writeJsonFolder, writeXlsxFolder } from './write-fixture.js';

// A folder mixing every format. Datasets with broken rows are CSV, so that every rejected
// row counts from 2 (NDJSON and JSON count from 1); the others rotate through the formats.
const formats = ['csv', 'ndjson', 'json', 'xlsx', 'tsv'] as const;
type Format = (typeof formats)[number];
let t: ReturnType<typeof tempDir> = { dir: '', remove: () => undefined };
const formatOf = new Map<string, Format>();
testAdapter({
  name: 'folder-mixed',
  // Row numbers differ by format: the contract compares what a person would find.
  firstDataRow: 2,
  fileOf: (dataset) => join(t.dir, `${dataset}.${formatOf.get(dataset)!}`),
  async setup(county) {
    t = tempDir('folder');
    for (const [i, table] of county.entries()) {
      const f: Format = table.rejections.length ? 'csv' : formats[i % formats.length]!;
      formatOf.set(table.dataset, f);
      const one = [table];
      if (table.rejections.length) writeCsvFolder(t.dir, one, 'gb18030');
      else if (f === 'csv') writeCsvFolder(t.dir, one, 'utf8-bom');
      else if (f === 'tsv') writeCsvFolder(t.dir, one, 'tsv');
      else if (f === 'xlsx') await writeXlsxFolder(t.dir, one);
      else writeJsonFolder(t.dir, one, f);
    }
    expect(new Set(formatOf.values()).size).toBe(formats.length);
    return { source: createFolderSource({ dir: t.dir }), cleanup: t.remove };
  },
});

it('refuses two files for one dataset, and a missing folder, with AdapterErrors', async () => {
  const d = tempDir('folder-ambiguous');
  try {
    writeFileSync(join(d.dir, 'departments.csv'), 'department_code,name\n');
    writeFileSync(join(d.dir, 'departments.json'), '[]');
    const err = await loadData(createFolderSource({ dir: d.dir })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', reason: 'AMBIGUOUS', message: expect.stringMatching(/departments\.csv.*departments\.json.*`departments`/) as unknown });
    const missing = await loadData(createFolderSource({ dir: join(d.dir, 'nope') })).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'UNREADABLE_SOURCE', reason: 'UNREADABLE', message: expect.stringMatching(/nope: cannot read the data folder/) as unknown });
  } finally {
    d.remove();
  }
});

it('reads a dataset from a file named in `files`, ignores lock files, warns about unknown files', async () => {
  const d = tempDir('folder-files');
  try {
    mkdirSync(d.dir, { recursive: true });
    writeFileSync(join(d.dir, '部门.csv'), csvText(['department_code', 'name'], [['D01', '民政局']]));
    writeFileSync(join(d.dir, 'departments.csv'), csvText(['department_code', 'name'], [['X', 'ignored: `files` names another file']]));
    writeFileSync(join(d.dir, '~$部门.xlsx'), 'lock');
    writeFileSync(join(d.dir, 'payment.csv'), 'x\n');
    const options = { dir: d.dir, files: { departments: '部门' } };
    const source = createFolderSource(options);
    const data = await loadData(source);
    expect(data.tables.get('departments')).toEqual([{ department_code: 'D01', name: '民政局' }]);
    expect(data.warnings).toEqual([expect.objectContaining({ code: 'UNKNOWN_DATASET', dataset: 'payment' })]);
    expect(options).toEqual({ dir: d.dir, files: { departments: '部门' } });
    await expect(loadData(createFolderSource({ dir: d.dir, files: { regions: '区划' } }))).rejects.toMatchObject({ message: expect.stringMatching(/no file `区划` for dataset `regions`/) as unknown });
  } finally {
    d.remove();
  }
});
