import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { openStore } from '@sunshine/adapters';

describe('openStore', () => {
  it('opens a folder with the built-in Chinese headers, and with a mapping file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-store-'));
    writeFileSync(path.join(dir, 'departments.csv'), '部门代码,部门名称\nMZ,民政局\n');
    const plain = await loadData(await openStore({ kind: 'folder', dir }), { datasets: ['departments'] });
    expect(plain.tables.get('departments')).toEqual([{ department_code: 'MZ', name: '民政局' }]);
    const mapping = path.join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ datasets: { departments: { columns: { 部门代码: 'department_code', 部门名称: 'name' } } } }));
    const mapped = await loadData(await openStore({ kind: 'folder', dir, mapping }), { datasets: ['departments'] });
    expect(mapped.tables.get('departments')).toEqual([{ department_code: 'MZ', name: '民政局' }]);
  });
});
