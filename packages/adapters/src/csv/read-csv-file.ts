/**
 * Streams one CSV (or TSV) file as raw batches: the file is read once into a Buffer, decoded
 * once (see decodeText), then scanned batch by batch; only the text and one batch of rows
 * are alive at a time besides what the caller keeps. A file too big for one JavaScript string
 * (V8 stops near 512 M characters) is cut at record boundaries into pieces that are decoded
 * and scanned one after another.
 */
import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import type { RawBatch } from '@sunshine/core';
import { AdapterError, messageOf, reasonZh } from '../adapter-error.js';
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
  /**
   * Bytes per piece for a file too big to be one string: it is cut at record boundaries and
   * decoded piece by piece. @default 268435456 (256 MiB)
   */
  readonly pieceBytes?: number;
}

/** Reads a file's bytes, turning a filesystem error into an `UNREADABLE` adapter error. */
export async function readBytes(path: string, label: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new AdapterError('UNREADABLE', `${label}: cannot read the file (${messageOf(e)})`, { file: label }, { cause: e, messageZh: `${label}：无法读取文件（${reasonZh(e)}）` });
  }
}

/** Bytes per piece: far below V8's longest string, in any encoding. */
const PIECE_BYTES = 256 * 1024 * 1024;

/**
 * Cuts a file's bytes at line breaks outside quoted fields into pieces of about `size` bytes
 * (no copies: sub-arrays of `bytes`). Byte-level quote tracking is exact for UTF-8 and GB18030:
 * neither uses 0x22 or 0x0A inside a multi-byte character.
 */
export function splitAtRecords(bytes: Buffer, size: number): Buffer[] {
  if (bytes.length <= size) return [bytes];
  const pieces: Buffer[] = [];
  let start = 0;
  let quoted = false;
  let scanned = 0;
  while (bytes.length - start > size) {
    let cut = -1;
    let pos = start + size;
    // Quote parity up to the candidate cut.
    for (let q = bytes.indexOf(0x22, scanned); q !== -1 && q < pos; q = bytes.indexOf(0x22, q + 1)) {
      quoted = !quoted;
      scanned = q + 1;
    }
    scanned = Math.max(scanned, pos);
    for (;;) {
      const nl = bytes.indexOf(0x0a, pos);
      if (nl === -1) break;
      // Quotes between pos and the line break change the parity.
      for (let q = bytes.indexOf(0x22, pos); q !== -1 && q < nl; q = bytes.indexOf(0x22, q + 1)) quoted = !quoted;
      scanned = nl + 1;
      if (!quoted) {
        cut = nl + 1;
        break;
      }
      pos = nl + 1;
    }
    if (cut === -1) break;
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

function countLineBreaks(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Yields a CSV file's rows in batches, with line numbers (the header is line 1 unless
 * `headerRow` says otherwise). A file with no header at all yields one empty batch.
 */
export async function* readCsvFile(path: string, label: string, options: CsvFileOptions = {}): AsyncGenerator<RawBatch> {
  const delimiter = options.delimiter ?? (/\.(tsv|tab)$/i.test(path) ? '\t' : ',');
  const batchSize = options.batchSize ?? 2048;
  const headerRow = options.headerRow ?? 1;
  const bytes = await readBytes(path, label);
  const isUtf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const pieces = isUtf16 ? [bytes] : splitAtRecords(bytes, options.pieceBytes ?? PIECE_BYTES);
  const decoded = decodeText(pieces[0]!, label, options.encoding);
  // Later pieces are decoded in the first piece's encoding (detected on it; a file that is
  // valid UTF-8 in its first 256 MB and not after would fail loudly in the decoder).
  const laterEncoding: TextEncodingOption = options.encoding ?? (pieces.length > 1 && decoded.encoding === 'utf-8' && !isUtf8(bytes) ? 'gb18030' : decoded.encoding);
  let scanner = new CsvScanner(decoded.text, { delimiter, file: label });
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
  let piece = 0;
  let line = 1;
  for (;;) {
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    let n = scanner.read(rows, rowNumbers, batchSize);
    while (n === 0 && piece + 1 < pieces.length) {
      // The next piece starts on the line after the last break of this one.
      line += countLineBreaks(pieces[piece]!);
      piece++;
      scanner = new CsvScanner(decodeText(pieces[piece]!, label, laterEncoding).text, { delimiter, file: label, firstLine: line });
      n = scanner.read(rows, rowNumbers, batchSize);
    }
    if (n === 0 && yielded) return;
    yielded = true;
    yield { file: label, columns, rows, rowNumbers };
    if (n === 0) return;
  }
}
