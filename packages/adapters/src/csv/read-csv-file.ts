/**
 * Streams one CSV (or TSV) file as raw batches: the file is read once into a Buffer, decoded
 * once (see decodeText), then scanned batch by batch; only the text and one batch of rows
 * are alive at a time besides what the caller keeps.
 */
import { readFile } from 'node:fs/promises';
import type { RawBatch } from '@sunshine/core';
import { AdapterError, messageOf } from '../adapter-error.js';
import { CsvScanner } from './csv-scanner.js';
import { decodeText, type TextEncodingOption } from './decode-text.js';

export interface CsvFileOptions {
  /** Field separator. @default `,` (`\t` for `.tsv` and `.tab` files) */
  readonly delimiter?: string;
  /** Text encoding. @default 'auto' */
  readonly encoding?: TextEncodingOption;
  /** The line of the header, when title lines come first. @default 1 */
  readonly headerRow?: number;
  /** Rows per batch. @default 2048 */
  readonly batchSize?: number;
}

/** Reads a file's bytes, turning a filesystem error into an `UNREADABLE` adapter error. */
export async function readBytes(path: string, label: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new AdapterError('UNREADABLE', `${label}: cannot read the file (${messageOf(e)})`, { file: label }, { cause: e });
  }
}

/**
 * Yields a CSV file's rows in batches, with line numbers (the header is line 1 unless
 * `headerRow` says otherwise). A file with no header at all yields one empty batch.
 */
export async function* readCsvFile(path: string, label: string, options: CsvFileOptions = {}): AsyncGenerator<RawBatch> {
  const delimiter = options.delimiter ?? (/\.(tsv|tab)$/i.test(path) ? '\t' : ',');
  const batchSize = options.batchSize ?? 2048;
  const headerRow = options.headerRow ?? 1;
  let bytes: Buffer | undefined = await readBytes(path, label);
  const { text } = decodeText(bytes, label, options.encoding);
  bytes = undefined;
  const scanner = new CsvScanner(text, { delimiter, file: label });
  const first: string[][] = [];
  const firstLines: number[] = [];
  // The header: the first record on or after line `headerRow`.
  let header: string[] | undefined;
  while (!header && scanner.read(first, firstLines, 1) > 0) {
    if (firstLines[firstLines.length - 1]! >= headerRow) header = first[first.length - 1];
  }
  if (!header) {
    yield { file: label, columns: [], rows: [], rowNumbers: [] };
    return;
  }
  const columns = header.map((h) => h.trim());
  let yielded = false;
  for (;;) {
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    const n = scanner.read(rows, rowNumbers, batchSize);
    if (n === 0 && yielded) return;
    yielded = true;
    yield { file: label, columns, rows, rowNumbers };
    if (n === 0) return;
  }
}
