import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { AdapterError } from '@sunshine/adapters';
import { createXlsxSource } from '@sunshine/adapters/xlsx';
import { createSqliteSource } from '@sunshine/adapters/sqlite';
import { tempDir } from './temp-dir.js';
import { writeXlsxWorkbook } from './write-fixture.js';
import { buildFixtureCounty } from './fixture-county.js';

const noSuchPackage = ['sunshine', 'no', 'such', 'driver'].join('-');
const missing = (): Promise<unknown> => import(noSuchPackage);

it('says which driver is missing and how to install it, without a stack of module errors', async () => {
  const d = tempDir('driver');
  try {
    const file = join(d.dir, 'county.xlsx');
    await writeXlsxWorkbook(file, buildFixtureCounty().slice(0, 1));
    const err = await loadData(createXlsxSource({ file, driver: missing })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).toMatchObject({ code: 'UNREADABLE_SOURCE', reason: 'DRIVER_MISSING' });
    expect((err as Error).message).toMatch(/^Cannot import `exceljs`, needed to read XLSX workbooks\. Install it .*`pnpm add exceljs`/);
    await expect(loadData(createSqliteSource({ file: 'x.db', driver: missing }))).rejects.toMatchObject({ reason: 'DRIVER_MISSING', message: expect.stringMatching(/`better-sqlite3`/) as unknown });
    // With the real driver the same workbook loads.
    expect((await loadData(createXlsxSource({ file }))).counts['regions']).toEqual({ loaded: 2, rejected: 0 });
  } finally {
    d.remove();
  }
});

it('checks factory options', () => {
  expect(() => createXlsxSource({})).toThrow(/exactly one of `file`/);
  expect(() => createSqliteSource({})).toThrow(/exactly one of `file` or `database`/);
});
