/**
 * The one contract every adapter passes (unstorage `testDriver` style): the fixture county
 * written into the adapter's store must load into the same records and the same rejections.
 * `SUNSHINE_ADAPTERS=csv,sqlite` narrows the matrix (a name matches itself and its `name-*`
 * variants).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, loadData, type LoadedData, type Source } from '@sunshine/core';
import { buildFixtureCounty, type FixtureCounty } from './fixture-county.js';

export interface AdapterUnderTest {
  /** Matrix name (`csv-gb18030`). */
  readonly name: string;
  /** Row number of the first data row: 2 where a header row comes first (CSV, XLSX), else 1. */
  readonly firstDataRow: 1 | 2;
  /** Writes the county into a fresh store and opens a source on it. */
  setup(county: FixtureCounty): Promise<{ source: Source; cleanup?: () => Promise<void> | void }>;
  /** The file name a dataset's rows are reported in. */
  fileOf(dataset: string): string;
  /** Tests of this adapter alone, given the source under test. */
  additionalTests?: (ctx: { readonly source: () => Source; readonly county: FixtureCounty }) => void;
  /** A reason to skip the whole suite (a missing server). */
  readonly skip?: boolean;
}

/** `true` when SUNSHINE_ADAPTERS is unset or selects this adapter. */
export function adapterSelected(name: string): boolean {
  const filter = process.env['SUNSHINE_ADAPTERS'];
  if (!filter?.trim()) return true;
  return filter.split(',').some((f) => {
    const x = f.trim();
    return x === name || name.startsWith(`${x}-`);
  });
}

export function testAdapter(adapter: AdapterUnderTest): void {
  describe.skipIf(adapter.skip === true || !adapterSelected(adapter.name))(`adapter contract: ${adapter.name}`, () => {
    const county = buildFixtureCounty();
    let source: Source | undefined;
    let cleanup: (() => Promise<void> | void) | undefined;
    let data: LoadedData;

    beforeAll(async () => {
      const made = await adapter.setup(county);
      source = made.source;
      cleanup = made.cleanup;
      data = await loadData(source);
    });
    afterAll(async () => {
      await source?.close?.();
      await cleanup?.();
    });

    it('lists every dataset, each where the adapter says', async () => {
      const locations = await source!.datasets();
      expect(locations.map((l) => l.dataset).sort()).toEqual(DATASETS.map((d) => d.name).sort());
      for (const l of locations) expect(l.file).toBe(adapter.fileOf(l.dataset));
      expect(data.missing).toEqual([]);
    });

    it('loads the same records as every other store', () => {
      for (const t of county) expect(data.tables.get(t.dataset), t.dataset).toEqual(t.records);
      expect(data.warnings).toEqual([]);
    });

    it('rejects exactly the broken rows, with dataset, file, row, field, value and message', () => {
      const want = county.flatMap((t) =>
        t.rejections.map((r) => ({ dataset: t.dataset, file: adapter.fileOf(t.dataset), row: r.index + adapter.firstDataRow, field: r.field, value: r.value })),
      );
      expect(data.rejected.map((r) => ({ dataset: r.dataset, file: r.file, row: r.row, field: r.field, value: r.value }))).toEqual(want);
      for (const t of county) {
        for (const r of t.rejections) {
          const got = data.rejected.find((x) => x.dataset === t.dataset && x.row === r.index + adapter.firstDataRow);
          expect(got?.message).toMatch(r.message);
        }
        expect(data.counts[t.dataset]).toEqual({ loaded: t.records.length, rejected: t.rejections.length });
      }
    });

    it('reads a dataset again, and reads only the datasets asked for', async () => {
      const again = await loadData(source!, { datasets: ['payments', 'regions'] });
      expect([...again.tables.keys()]).toEqual(['regions', 'payments']);
      expect(again.tables.get('payments')).toEqual(data.tables.get('payments'));
      expect(again.rejected).toHaveLength(3);
    });

    adapter.additionalTests?.({ source: () => source!, county });
  });
}
