import { appendFileSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { dataQualityReport, loadData, type LoadedData } from '@sunshine/core';
import { cachedDerived, createFolderSource, loadDataCached, withMapping } from '@sunshine/adapters';
import { buildFixtureCounty } from './fixture-county.js';
import { decodeColumns, encodeColumns } from '../src/cache/column-codec.js';
import { tempDir } from './temp-dir.js';
import iconv from 'iconv-lite';
import { csvText, writeCsvFolder } from './write-fixture.js';

let data: ReturnType<typeof tempDir>;
let cache: ReturnType<typeof tempDir>;

beforeEach(() => {
  data = tempDir('cache-data');
  cache = tempDir('cache-dir');
  // GB18030 with the fixture's broken rows (rejected), plus a totals row (skipped), a column
  // the model lacks (warned and dropped), a file of no dataset and an empty file.
  writeCsvFolder(data.dir, buildFixtureCounty(), 'gb18030');
  const payments = join(data.dir, 'payments.csv');
  const text = readFileSync(payments);
  const header = text.subarray(0, text.indexOf(0x0a)).toString('latin1').trim();
  appendFileSync(payments, iconv.encode(`合计${','.repeat(header.split(',').length - 1)}\r\n`, 'gb18030'));
  writeFileSync(join(data.dir, 'vehicles.csv'), readFileSync(join(data.dir, 'vehicles.csv'), 'latin1').replace(/\r\n/, ',note\r\n').replace(/(\r\n[^\r]+)\r\n/, '$1,x\r\n'), 'latin1');
  writeFileSync(join(data.dir, 'notes.csv'), csvText(['a'], [['1']]));
  writeFileSync(join(data.dir, 'incarcerations.csv'), '');
});
afterEach(() => {
  data.remove();
  cache.remove();
});

const source = () => withMapping(createFolderSource({ dir: data.dir }), {});
const strip = (d: LoadedData & { cache?: unknown }): LoadedData => {
  const rest = { ...d };
  delete rest.cache;
  return rest;
};

it('gives what loadData gives, first from the files (writing the cache), then from the cache', async () => {
  const direct = await loadData(source());
  expect(direct.rejected.length).toBeGreaterThan(0);
  expect(direct.skipped?.length).toBe(1);
  expect(direct.warnings.map((w) => w.code).sort()).toEqual(['EMPTY_FILE', 'UNKNOWN_COLUMN', 'UNKNOWN_DATASET']);

  const first = await loadDataCached(source(), { cacheDir: cache.dir });
  expect(first.cache.hits).toEqual([]);
  expect(first.cache.written.length).toBe(direct.locations.length);
  expect(strip(first)).toStrictEqual(direct);

  const second = await loadDataCached(source(), { cacheDir: cache.dir });
  expect(second.cache.written).toEqual([]);
  expect(second.cache.hits).toEqual(first.cache.written);
  expect(strip(second)).toStrictEqual(direct);
  // Same key order in every record, as loadData builds them.
  for (const [name, rows] of direct.tables) rows.forEach((r, i) => expect(Object.keys(second.tables.get(name)![i]!)).toEqual(Object.keys(r)));
  expect(dataQualityReport(second)).toStrictEqual(dataQualityReport(direct));
});

it('reads a file again when its content changed, even with the same size and modification time', async () => {
  const file = join(data.dir, 'funds.csv');
  // A whole second, which the file system keeps exactly.
  const second = Math.floor(Date.now() / 1000) - 60;
  utimesSync(file, second, second);
  await loadDataCached(source(), { cacheDir: cache.dir });
  const before = statSync(file);
  const text = readFileSync(file, 'latin1');
  // One digit of the first record's code, the length unchanged.
  const changed = text.replace(/\n([^,]*?)(\d)/, (_m, p: string, d: string) => `\n${p}${d === '9' ? '8' : String(Number(d) + 1)}`);
  expect(changed).not.toBe(text);
  expect(changed.length).toBe(text.length);
  writeFileSync(file, changed, 'latin1');
  utimesSync(file, second, second);
  expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  expect(statSync(file).size).toBe(before.size);

  const again = await loadDataCached(source(), { cacheDir: cache.dir });
  expect(again.cache.written).toEqual(['funds']);
  expect(again.cache.hits).not.toContain('funds');
  expect(strip(again)).toStrictEqual(await loadData(source()));
});

it('keys entries by the caller`s key, loads a subset, and survives a damaged entry', async () => {
  await loadDataCached(source(), { cacheDir: cache.dir, key: 'mapping A' });
  const other = await loadDataCached(source(), { cacheDir: cache.dir, key: 'mapping B' });
  expect(other.cache.hits).toEqual([]);

  const some = await loadDataCached(source(), { cacheDir: cache.dir, key: 'mapping B', datasets: ['payments', 'funds'] });
  expect(some.cache.hits).toEqual(['funds', 'payments']);
  expect(strip(some)).toStrictEqual(await loadData(source(), { datasets: ['payments', 'funds'] }));

  for (const f of readdirSync(cache.dir).filter((n) => n.endsWith('.bin'))) writeFileSync(join(cache.dir, f), 'garbage');
  const damaged = await loadDataCached(source(), { cacheDir: cache.dir, key: 'mapping B', datasets: ['payments'] });
  expect(damaged.cache.hits).toEqual([]);
  expect(damaged.cache.written).toEqual(['payments']);
  expect(strip(damaged)).toStrictEqual(await loadData(source(), { datasets: ['payments'] }));
});

it('goes on without the cache when it cannot write it', async () => {
  const blocked = join(data.dir, 'notes.csv'); // a file where the folder should be
  const r = await loadDataCached(source(), { cacheDir: join(blocked, 'cache') });
  expect(r.cache.written).toEqual([]);
  expect(r.cache.writeError).toMatch(/ENOTDIR|EEXIST/);
  expect(strip(r)).toStrictEqual(await loadData(source()));
});

it('keeps what is computed from a load under the whole load`s key, and computes it again when a file changes', async () => {
  const first = await loadDataCached(source(), { cacheDir: cache.dir });
  expect(first.cache.key).toMatch(/^[0-9a-f]{40}$/);
  let computed = 0;
  const quality = (d: LoadedData) => () => (computed++, dataQualityReport(d));
  const a = await cachedDerived(cache.dir, 'data-quality', first.cache.key, quality(first));
  const second = await loadDataCached(source(), { cacheDir: cache.dir });
  expect(second.cache.key).toBe(first.cache.key);
  const b = await cachedDerived(cache.dir, 'data-quality', second.cache.key, quality(second));
  expect(computed).toBe(1);
  expect(b).toStrictEqual(a);
  expect(b).toStrictEqual(dataQualityReport(await loadData(source())));

  appendFileSync(join(data.dir, 'regions.csv'), '');
  writeFileSync(join(data.dir, 'departments.csv'), csvText(['department_code', 'name'], [['D01', '民政局'], ['D01', '民政局']]));
  const third = await loadDataCached(source(), { cacheDir: cache.dir });
  expect(third.cache.key).not.toBe(first.cache.key);
  const c = await cachedDerived(cache.dir, 'data-quality', third.cache.key, quality(third));
  expect(computed).toBe(2);
  expect(c).toStrictEqual(dataQualityReport(await loadData(source())));
  expect(c).not.toStrictEqual(a);
});

it('encodes columns exactly: dictionaries, nulls, numbers, empty and NUL-holding strings', () => {
  const fields = ['id', 'town', 'amount', 'note', 'mixed'];
  const rows: Record<string, string | number | null>[] = [];
  for (let i = 0; i < 5000; i++) {
    rows.push({
      id: `ID${i}`, // distinct
      town: i % 7 === 0 ? null : `T${i % 5}`, // few
      amount: i % 11 === 0 ? null : i * 100 - 250_000,
      note: i % 13 === 0 ? `a\u0000b${i}` : i % 3 === 0 ? '' : `n${i}`, // NUL: kept as an array
      mixed: i % 2 === 0 ? i : i % 5 === 0 ? null : `m${i % 4}`,
    });
  }
  rows.push({ id: '', town: '', amount: -0, note: null, mixed: '' });
  const columns = encodeColumns(rows, fields);
  expect(columns.map((c) => c.count)).toEqual([5001, 6, 0, 3463, 3]);
  expect(typeof columns[3]!.strings).not.toBe('string');
  const back = decodeColumns(deserialize(serialize(columns)) as typeof columns, fields, rows.length);
  expect(back).toStrictEqual(rows);
  expect(Object.is(back.at(-1)!['amount'], -0)).toBe(true);
  expect(decodeColumns(encodeColumns([], fields), fields, 0)).toEqual([]);
  expect(() => decodeColumns(columns, fields, rows.length + 1)).toThrow(/wrong length/);
});
