/**
 * Fuzz tests of the file readers (issue #16): whatever the bytes or structures of a CSV, JSON,
 * NDJSON or XLSX file, loading it through the folder source, the mapping and `loadData` (as
 * `sunshine run` does) ends in one of two ways: a `SunshineError` naming the file, or tables
 * in which every data row is either loaded or reported rejected (the counts add up). Never a
 * stack trace of another error, never a hang: each case has a time budget.
 *
 * Runs are few and small so that the whole file takes a few seconds on two cores; a failing
 * case prints its seed and path, and `FUZZ_RUNS=1000` runs more.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData, SunshineError, type LoadedData } from '@sunshine/core';
import { createFolderSource, withMapping } from '@sunshine/adapters';
import { decodeText, parseCsv } from '@sunshine/adapters/csv';
import { tempDir } from './temp-dir.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
/** Per case: far above what a case takes (a few ms), far below a hang. */
const CASE_MS = 3_000;

const HEADER = ['payment_id', 'fund_code', 'id_number', 'name', 'town_code', 'village_code', 'period', 'pay_date', 'amount', 'quantity', 'bank_account', 'account_holder_id_number', 'account_holder_name'];
const VALID = ['P000000001', 'MZ01', '37142619720707961X', '孙春泽', '371426001', '371426001201', '2024-01', '2024-01-06', '1330.00', '', '6230580000000124516', '37142619720707961X', '孙春泽'];

const t = tempDir('fuzz');
afterAll(() => t.remove());
let n = 0;

/** Writes `payments.<ext>` into a fresh folder and loads it as `sunshine run` does. */
async function load(ext: string, bytes: Uint8Array | string): Promise<{ data?: LoadedData; error?: unknown; ms: number }> {
  const dir = join(t.dir, String(n++));
  mkdirSync(dir);
  writeFileSync(join(dir, `payments.${ext}`), bytes);
  const started = performance.now();
  try {
    const data = await loadData(withMapping(createFolderSource({ dir })), { datasets: ['payments'] });
    return { data, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The outcome is a Sunshine error or a load whose counts add up to `expected` rows (when known). */
function checkOutcome(r: { data?: LoadedData; error?: unknown; ms: number }, expected?: number): void {
  expect(r.ms).toBeLessThan(CASE_MS);
  if (r.error !== undefined) {
    // Any other error would end `sunshine run` in a stack trace: a bug.
    if (!(r.error instanceof SunshineError)) throw r.error instanceof Error ? r.error : new Error('a value that is not an Error was thrown', { cause: r.error });
    expect(r.error.message).toMatch(/payments\.\w+/);
    return;
  }
  const data = r.data!;
  const loaded = data.tables.get('payments')!.length;
  const count = data.counts['payments']!;
  expect(count.loaded).toBe(loaded);
  expect(data.rejected.length).toBe(count.rejected);
  expect(new Set(data.rejected.map((x) => x.row)).size).toBe(count.rejected);
  if (expected !== undefined) expect(loaded + count.rejected).toBe(expected);
}

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Text cells: mostly what the column expects, else anything, including CSV's own characters. */
const textCell = (column: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(VALID[column] ?? '') },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '"', ',', '\n', '\r\n', '\r', '""', 'a,"b"\nc', '鲁N00163', '　', '\uFEFF', '=1+1', '-12.5', '2024-13-45', 'NaN', '1e400') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, '?')) },
  );

const textRow = fc.integer({ min: -2, max: 2 }).chain((d) => fc.tuple(...Array.from({ length: HEADER.length + d }, (_, c) => textCell(c))));

function csvText(rows: readonly (readonly string[])[], eol: string): string {
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [HEADER, ...rows].map((r) => r.map(cell).join(',')).join(eol) + eol;
}

describe('CSV reader', () => {
  it('every written row is loaded or rejected, in UTF-8, UTF-8 with BOM and GB18030', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(textRow, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.constantFrom('utf8', 'bom', 'gb18030'), async (rows, eol, encoding) => {
        const text = csvText(rows, eol);
        const bytes = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(encoding === 'bom' ? `\uFEFF${text}` : text);
        // Blank rows (every cell empty or spaces) are skipped, as blank lines are.
        const expected = rows.filter((r) => !r.every(blank)).length;
        const r = await load('csv', bytes);
        checkOutcome(r, expected);
        // And the text is read back exactly: detection took the right encoding. (Private-use
        // characters aside: iconv-lite encodes them by GB18030-2005, and Node's decoder reads
        // some of those codes by GB18030-2022 as the standard characters, U+E78D → U+FE10.)
        if (r.data && !(encoding === 'gb18030' && /[\ue000-\uf8ff]/.test(text))) expect(decodeText(bytes, 'payments.csv').text).toBe(text);
      }),
      { numRuns: RUNS, plugins: [fc.timeout(CASE_MS)] },
    );
  }, 60_000);

  it('arbitrary and mutated bytes end in a Sunshine error or in counts that add up', async () => {
    const valid = Buffer.from(csvText([VALID, VALID.map((v, i) => (i === 0 ? 'P2' : v))], '\n'));
    const mutated = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
      const b = Buffer.from(valid);
      for (const [at, byte] of edits) b[at] = byte;
      return b;
    });
    const truncated = fc.nat(valid.length).map((k) => valid.subarray(0, k));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated, truncated), async (bytes) => {
        const r = await load('csv', bytes);
        let expected: number | undefined;
        if (r.data) {
          // What the reader saw: the records after the header that are not blank.
          const { rows } = parseCsv(decodeText(bytes, 'payments.csv').text);
          expected = rows.slice(1).filter((x) => !x.every(blank)).length;
        }
        checkOutcome(r, expected);
      }),
      { numRuns: RUNS * 2, plugins: [fc.timeout(CASE_MS)] },
    );
  }, 60_000);
});

/** JSON values a county export could hold in a field, valid or not. */
const jsonCell = (column: number): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(VALID[column] === '' ? null : VALID[column]) }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.constantFrom(1330, -1, 0.1, 1e21, true, '', ' ', null, [], {}) });

/** Extra keys: anything, and keys that are special to JavaScript or to the header lookup. */
const jsonKey = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ' amount', 'AMOUNT', '身份证号', '发放金额', '', '(row)'));

const jsonObject = fc
  .tuple(fc.subarray(HEADER.map((_, i) => i), { minLength: 0 }), fc.dictionary(jsonKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }))
  .chain(([columns, extra]) => fc.tuple(...columns.map((c) => jsonCell(c))).map((values) => ({ ...extra, ...Object.fromEntries(columns.map((c, i) => [HEADER[c]!, values[i]])) })));

const jsonElement = fc.oneof({ weight: 8, arbitrary: jsonObject }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });

/** An element loadData skips as blank: an object all of whose values are blank. */
const isBlankElement = (e: unknown): boolean => e !== null && typeof e === 'object' && !Array.isArray(e) && Object.values(e).every(blank);

describe('JSON and NDJSON readers', () => {
  it('every element is loaded or rejected (objects, and anything else as a rejected row)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonElement, { maxLength: 25 }), fc.boolean(), async (elements, ndjson) => {
        const text = ndjson ? elements.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(elements);
        const r = await load(ndjson ? 'ndjson' : 'json', text);
        checkOutcome(r, elements.filter((e) => !isBlankElement(e)).length);
      }),
      { numRuns: RUNS, plugins: [fc.timeout(CASE_MS)] },
    );
  }, 60_000);

  it('broken JSON and NDJSON end in a Sunshine error naming the file, or in rejected lines', async () => {
    const valid = JSON.stringify([Object.fromEntries(HEADER.map((h, i) => [h, VALID[i]]))]);
    const mutated = fc.tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 4 })).map(([a, b, s]) => valid.slice(0, Math.min(a, b)) + s + valid.slice(Math.max(a, b)));
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })), fc.boolean(), async (content, ndjson) => {
        const r = await load(ndjson ? 'ndjson' : 'json', content);
        let expected: number | undefined;
        if (r.data && ndjson) {
          const text = decodeText(typeof content === 'string' ? Buffer.from(content) : content, 'x').text;
          expected = text.split('\n').filter((l) => {
            if (l.trim() === '') return false;
            try {
              return !isBlankElement(JSON.parse(l));
            } catch {
              return true;
            }
          }).length;
        }
        checkOutcome(r, expected);
      }),
      { numRuns: RUNS * 2, plugins: [fc.timeout(CASE_MS)] },
    );
  }, 60_000);
});

interface ExcelJs {
  Workbook: new () => { addWorksheet(name: string): { addRow(values: unknown[]): unknown }; xlsx: { writeBuffer(): Promise<ArrayBuffer> } };
}

/** Cell values exceljs writes: text, numbers, dates, booleans, formulas with results, rich text, errors, nothing. */
const xlsxCell = (column: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(VALID[column] === '' ? null : VALID[column]) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
    { weight: 1, arbitrary: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()) },
    { weight: 1, arbitrary: fc.date({ min: new Date('1900-03-01'), max: new Date('2100-01-01'), noInvalidDate: true }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constantFrom({ formula: 'A1', result: '1330.00' }, { formula: '1/0', result: { error: '#DIV/0!' } }, { richText: [{ text: '孙' }, { text: '春泽' }] }, { error: '#N/A' }, null, '', ' ') },
  );

/** What a cell reads as (read-xlsx's cellValue), for blankness. */
function cellBlank(v: unknown): boolean {
  if (v instanceof Date || typeof v === 'number' || typeof v === 'boolean') return false;
  if (v !== null && typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; error?: string };
    if (o.richText) return blank(o.richText.map((x) => x.text).join(''));
    if ('result' in o) return typeof o.result === 'object' ? false : blank(o.result);
    return o.error === undefined;
  }
  return blank(v);
}

describe('XLSX reader', () => {
  it('every written row is loaded or rejected', async () => {
    const { Workbook } = (await import('exceljs')).default as unknown as ExcelJs;
    const row = fc.integer({ min: -2, max: 1 }).chain((d) => fc.tuple(...Array.from({ length: HEADER.length + d }, (_, c) => xlsxCell(c))));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), async (rows) => {
        const wb = new Workbook();
        const ws = wb.addWorksheet('payments');
        ws.addRow(HEADER);
        for (const r of rows) ws.addRow(r);
        const r = await load('xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
        checkOutcome(r, rows.filter((x) => !x.every(cellBlank)).length);
      }),
      { numRuns: Math.ceil(RUNS / 2), plugins: [fc.timeout(CASE_MS)] },
    );
  }, 60_000);

  it('corrupt workbooks end in a Sunshine error or in counts that add up', async () => {
    const { Workbook } = (await import('exceljs')).default as unknown as ExcelJs;
    const wb = new Workbook();
    const ws = wb.addWorksheet('payments');
    ws.addRow(HEADER);
    ws.addRow(VALID);
    const valid = Buffer.from(await wb.xlsx.writeBuffer());
    const mutated = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => {
      const b = Buffer.from(valid);
      for (const [at, byte] of edits) b[at] = byte;
      return b;
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.nat(valid.length).map((k) => valid.subarray(0, k)), fc.uint8Array({ maxLength: 300 })), async (bytes) => {
        checkOutcome(await load('xlsx', bytes));
      }),
      { numRuns: RUNS, plugins: [fc.timeout(CASE_MS)] },
    );
  }, 60_000);
});
