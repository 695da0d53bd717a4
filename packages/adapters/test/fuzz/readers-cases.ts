/**
 * Fuzz properties of the file readers, run in a worker by `readers.test.ts`: whatever the bytes
 * or structures of a CSV, JSON, NDJSON or XLSX file, loading it through the folder source, the
 * mapping and `loadData` (as `sunshine run` does) ends in one of two ways: a `SunshineError`
 * naming the file, or tables in which every data row is either loaded or reported rejected (the
 * counts add up). Never another error, which would end `sunshine run` in a stack trace.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { loadData, SunshineError, type LoadedData } from '@sunshine/core';
import { createFolderSource, withMapping } from '@sunshine/adapters';
import { decodeText, parseCsv } from '@sunshine/adapters/csv';
import type { FuzzContext, FuzzProperty } from './isolated.js';

/** Per case, measured: far above what a case takes (a few ms), far below a hang. */
export const CASE_MS = 3_000;

const HEADER = ['payment_id', 'fund_code', 'id_number', 'name', 'town_code', 'village_code', 'period', 'pay_date', 'amount', 'quantity', 'bank_account', 'account_holder_id_number', 'account_holder_name'];
const VALID = ['P000000001', 'MZ01', '37142619720707961X', '孙春泽', '371426001', '371426001201', '2024-01', '2024-01-06', '1330.00', '', '6230580000000124516', '37142619720707961X', '孙春泽'];

/** Writes `payments.<ext>` into a fresh folder and loads it as `sunshine run` does. */
async function load(ext: string, bytes: Uint8Array | string): Promise<{ data?: LoadedData; error?: unknown; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-fuzz-'));
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
  assert.ok(r.ms < CASE_MS, `took ${Math.round(r.ms)} ms`);
  if (r.error !== undefined) {
    // Any other error would end `sunshine run` in a stack trace: a bug.
    if (!(r.error instanceof SunshineError)) throw r.error instanceof Error ? r.error : new Error('a value that is not an Error was thrown', { cause: r.error });
    assert.match(r.error.message, /payments\.\w+/);
    return;
  }
  const data = r.data!;
  const loaded = data.tables.get('payments')!.length;
  const count = data.counts['payments']!;
  assert.equal(count.loaded, loaded);
  assert.equal(data.rejected.length, count.rejected);
  assert.equal(new Set(data.rejected.map((x) => x.row)).size, count.rejected);
  if (expected !== undefined) assert.equal(loaded + count.rejected, expected, 'rows loaded + rows rejected = rows written');
}

/** `fc.assert` with the worker's seed, number of runs and heartbeat. */
function check<T>(ctx: FuzzContext, arbitrary: fc.Arbitrary<T>, body: (value: T) => Promise<void>, runs = ctx.runs): Promise<void> {
  return fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      ctx.tick();
      await body(value);
    }),
    { numRuns: runs, seed: ctx.seed, plugins: [fc.timeout(CASE_MS)] },
  );
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

/** Extra keys: anything, and keys that are special to JavaScript or to the header lookup. */
const jsonKey = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ' amount', 'AMOUNT', '身份证号', '发放金额', '', '(row)'));

/** JSON values a county export could hold in a field, valid or not. */
const jsonCell = (column: number): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(VALID[column] === '' ? null : VALID[column]) }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.constantFrom(1330, -1, 0.1, 1e21, true, '', ' ', null, [], {}) });

const jsonObject = fc
  .tuple(fc.subarray(HEADER.map((_, i) => i), { minLength: 0 }), fc.dictionary(jsonKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }))
  .chain(([columns, extra]) => fc.tuple(...columns.map((c) => jsonCell(c))).map((values) => ({ ...extra, ...Object.fromEntries(columns.map((c, i) => [HEADER[c]!, values[i]])) })));

const jsonElement = fc.oneof({ weight: 8, arbitrary: jsonObject }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });

/** An element loadData skips as blank: an object all of whose values are blank. */
const isBlankElement = (e: unknown): boolean => e !== null && typeof e === 'object' && !Array.isArray(e) && Object.values(e).every(blank);

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

async function excel(): Promise<ExcelJs> {
  return (await import('exceljs')).default;
}

/** Valid bytes with up to `max` bytes overwritten. */
const mutationsOf = (valid: Buffer, max: number): fc.Arbitrary<Buffer> =>
  fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: max }).map((edits) => {
    const b = Buffer.from(valid);
    for (const [at, byte] of edits) b[at] = byte;
    return b;
  });

export const cases: Record<string, FuzzProperty> = {
  /** Every written CSV row is loaded or rejected, in UTF-8, UTF-8 with BOM and GB18030. */
  csvRows: (ctx) =>
    check(ctx, fc.tuple(fc.array(textRow, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.constantFrom('utf8', 'bom', 'gb18030')), async ([rows, eol, encoding]) => {
      const text = csvText(rows, eol);
      const bytes = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(encoding === 'bom' ? `\uFEFF${text}` : text);
      // Blank rows (every cell empty or spaces) are skipped, as blank lines are.
      const r = await load('csv', bytes);
      checkOutcome(
        r,
        rows.filter((x) => !x.every(blank)).length,
      );
      // And the text is read back exactly: detection took the right encoding. (Private-use
      // characters aside: iconv-lite encodes them by GB18030-2005, and Node's decoder reads
      // some of those codes by GB18030-2022 as the standard characters, U+E78D → U+FE10.)
      if (r.data && !(encoding === 'gb18030' && /[\ue000-\uf8ff]/.test(text))) assert.equal(decodeText(bytes, 'payments.csv').text, text);
    }),

  /** Arbitrary, mutated and truncated CSV bytes: a Sunshine error, or the records read all counted. */
  csvBytes: (ctx) => {
    const valid = Buffer.from(csvText([VALID, VALID.map((v, i) => (i === 0 ? 'P2' : v))], '\n'));
    return check(
      ctx,
      fc.oneof(fc.uint8Array({ maxLength: 400 }), mutationsOf(valid, 8), fc.nat(valid.length).map((k) => valid.subarray(0, k))),
      async (bytes) => {
        const r = await load('csv', bytes);
        // What the reader saw: the records after the header that are not blank.
        checkOutcome(r, r.data ? parseCsv(decodeText(bytes, 'payments.csv').text).rows.slice(1).filter((x) => !x.every(blank)).length : undefined);
      },
      ctx.runs * 2,
    );
  },

  /** Every JSON array element and NDJSON line is loaded or rejected (objects, and anything else as a rejected row). */
  jsonRows: (ctx) =>
    check(ctx, fc.tuple(fc.array(jsonElement, { maxLength: 25 }), fc.boolean()), async ([elements, ndjson]) => {
      const text = ndjson ? elements.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(elements);
      checkOutcome(await load(ndjson ? 'ndjson' : 'json', text), elements.filter((e) => !isBlankElement(e)).length);
    }),

  /** Broken JSON and NDJSON: a Sunshine error naming the file, or rejected lines. */
  jsonBroken: (ctx) => {
    const valid = JSON.stringify([Object.fromEntries(HEADER.map((h, i) => [h, VALID[i]]))]);
    const mutated = fc.tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 4 })).map(([a, b, s]) => valid.slice(0, Math.min(a, b)) + s + valid.slice(Math.max(a, b)));
    return check(
      ctx,
      fc.tuple(fc.oneof(mutated, fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })), fc.boolean()),
      async ([content, ndjson]) => {
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
      },
      ctx.runs * 2,
    );
  },

  /** Every written worksheet row is loaded or rejected. */
  xlsxRows: async (ctx) => {
    const { Workbook } = await excel();
    const row = fc.integer({ min: -2, max: 1 }).chain((d) => fc.tuple(...Array.from({ length: HEADER.length + d }, (_, c) => xlsxCell(c))));
    await check(
      ctx,
      fc.array(row, { maxLength: 12 }),
      async (rows) => {
        const wb = new Workbook();
        const ws = wb.addWorksheet('payments');
        ws.addRow(HEADER);
        for (const r of rows) ws.addRow(r);
        checkOutcome(await load('xlsx', new Uint8Array(await wb.xlsx.writeBuffer())), rows.filter((x) => !x.every(cellBlank)).length);
      },
      Math.ceil(ctx.runs / 2),
    );
  },

  /** Corrupt workbooks: a Sunshine error or counts that add up. */
  xlsxCorrupt: async (ctx) => {
    const { Workbook } = await excel();
    const wb = new Workbook();
    const ws = wb.addWorksheet('payments');
    ws.addRow(HEADER);
    ws.addRow(VALID);
    const valid = Buffer.from(await wb.xlsx.writeBuffer());
    await check(ctx, fc.oneof(mutationsOf(valid, 6), fc.nat(valid.length).map((k) => valid.subarray(0, k)), fc.uint8Array({ maxLength: 300 })), async (bytes) => {
      checkOutcome(await load('xlsx', bytes));
    });
  },
};
