import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { createJsonSource } from '@sunshine/adapters/json';
import { testAdapter } from './contract.js';
import { tempDir } from './temp-dir.js';
import { writeJsonFolder } from './write-fixture.js';

for (const kind of ['json', 'ndjson'] as const) {
  let t: ReturnType<typeof tempDir> = { dir: '', remove: () => undefined };
  testAdapter({
    name: kind,
    firstDataRow: 1,
    fileOf: (dataset) => join(t.dir, `${dataset}.${kind}`),
    setup(county) {
      t = tempDir(kind);
      writeJsonFolder(t.dir, county, kind);
      return Promise.resolve({ source: createJsonSource({ dir: t.dir }), cleanup: t.remove });
    },
  });
}

it('rejects NDJSON lines that are not JSON objects and loads the rest', async () => {
  const t = tempDir('ndjson-bad');
  try {
    writeFileSync(join(t.dir, 'departments.ndjson'), '{"department_code":"D01","name":"民政局"}\n{oops\n\n[1,2]\n{"department_code":"D02","name":"农业农村局","extra":1}\n');
    const data = await loadData(createJsonSource({ dir: t.dir }), { datasets: ['departments'] });
    expect(data.tables.get('departments')).toEqual([
      { department_code: 'D01', name: '民政局' },
      { department_code: 'D02', name: '农业农村局' },
    ]);
    expect(data.rejected.map((r) => [r.row, r.field, r.value])).toEqual([
      [2, '(row)', '{oops'],
      [4, '(row)', [1, 2]],
    ]);
    expect(data.rejected[0]!.message).toMatch(/not valid JSON/);
    expect(data.warnings.map((w) => w.column)).toEqual(['extra']);
  } finally {
    t.remove();
  }
});

it('names the line and column of a JSON syntax error', async () => {
  const t = tempDir('json-bad');
  try {
    writeFileSync(join(t.dir, 'departments.json'), '[\n {"department_code": "D01",\n  "name": }\n]');
    await expect(loadData(createJsonSource({ dir: t.dir }))).rejects.toMatchObject({
      reason: 'MALFORMED',
      message: expect.stringMatching(/departments\.json: not valid JSON at line 3, column/) as unknown,
    });
    writeFileSync(join(t.dir, 'departments.json'), '{"department_code": "D01"}');
    await expect(loadData(createJsonSource({ dir: t.dir }))).rejects.toMatchObject({ message: expect.stringMatching(/expected a JSON array of objects/) as unknown });
  } finally {
    t.remove();
  }
});
