/**
 * A file too big for one JavaScript string is read in pieces cut at record boundaries; the
 * rows and their line numbers must be the same as reading it whole, in UTF-8 and GB18030,
 * with quoted fields holding commas, quotes and line breaks near the cuts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { RawBatch } from '@sunshine/core';
import { readCsvFile, splitAtRecords } from '../src/csv/read-csv-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-pieces-'));

function csv(): string {
  const lines = ['payment_id,name,summary'];
  for (let i = 0; i < 400; i++) {
    const summary = i % 7 === 0 ? `"第${i}笔, 含逗号"` : i % 11 === 0 ? `"两行\n说明 ""引号"""` : `补贴${i}`;
    lines.push(`P${i},张三${i},${summary}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function all(file: string, pieceBytes?: number): Promise<{ rows: readonly (readonly unknown[])[]; lines: number[] }> {
  const rows: (readonly unknown[])[] = [];
  const lines: number[] = [];
  const batches: AsyncGenerator<RawBatch> = readCsvFile(file, 'payments.csv', pieceBytes === undefined ? { batchSize: 37 } : { batchSize: 37, pieceBytes });
  for await (const b of batches) {
    rows.push(...b.rows);
    lines.push(...b.rowNumbers);
  }
  return { rows, lines };
}

describe('reading a CSV file in pieces', () => {
  it.each([
    ['utf-8', (t: string) => Buffer.from(t, 'utf8')],
    ['gb18030', (t: string) => iconv.encode(t, 'gb18030')],
  ])('gives the same rows and line numbers as reading it whole (%s)', async (name, encode) => {
    const file = path.join(dir, `${name}.csv`);
    const bytes = encode(csv());
    writeFileSync(file, bytes);
    expect(splitAtRecords(bytes, 97).length).toBeGreaterThan(50);
    const whole = await all(file);
    expect(whole.rows).toHaveLength(400);
    for (const size of [97, 500, 4096]) {
      const pieces = await all(file, size);
      expect(pieces.lines).toEqual(whole.lines);
      expect(pieces.rows).toEqual(whole.rows);
    }
  });

  it('never cuts inside a quoted field', () => {
    const bytes = Buffer.from('a,b\n1,"x\ny\nz"\n2,w\n', 'utf8');
    for (let size = 1; size < bytes.length; size++) {
      const parts = splitAtRecords(bytes, size).map((p) => p.toString('utf8'));
      expect(parts.join('')).toBe(bytes.toString('utf8'));
      for (const p of parts) expect((p.match(/"/g) ?? []).length % 2).toBe(0);
    }
  });
});
