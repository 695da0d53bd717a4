/**
 * Streams a JSON array file (`[{…}, …]`) or an NDJSON file (one object a line) as raw
 * batches. Columns are the objects' keys in order of first appearance; a key missing from an
 * object reads as absent (`undefined`). A line or element that is not an object is an
 * unreadable row, not a crash.
 */
import type { RawBatch, UnreadableRow } from '@sunshine/core';
import { AdapterError } from '../adapter-error.js';
import { decodeText, type TextEncodingOption } from '../csv/decode-text.js';
import { readBytes } from '../csv/read-csv-file.js';
import { jsonErrorOffset } from './json-error-offset.js';

export interface JsonFileOptions {
  /** Text encoding. @default 'auto' */
  readonly encoding?: TextEncodingOption;
  /** Rows per batch. @default 2048 */
  readonly batchSize?: number;
}

/** Collects objects into column-aligned rows, growing the column list as keys appear. */
class RowBuilder {
  readonly #index = new Map<string, number>();
  #columns: string[] = [];
  #rows: unknown[][] = [];
  #rowNumbers: number[] = [];
  #unreadable: UnreadableRow[] = [];
  #grew = false;

  get size(): number {
    return this.#rows.length + this.#unreadable.length;
  }

  bad(row: number, value: unknown, message: string): void {
    this.#unreadable.push({ row, value, message });
  }

  add(value: unknown, row: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.bad(row, value, `is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not an object of fields`);
      return;
    }
    const out: unknown[] = new Array<unknown>(this.#columns.length);
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      let c = this.#index.get(key);
      if (c === undefined) {
        c = this.#columns.length;
        this.#index.set(key, c);
        if (!this.#grew) {
          this.#columns = [...this.#columns];
          this.#grew = true;
        }
        this.#columns.push(key);
      }
      out[c] = (value as Record<string, unknown>)[key];
    }
    this.#rows.push(out);
    this.#rowNumbers.push(row);
  }

  take(file: string): RawBatch {
    const batch: RawBatch = {
      file,
      columns: this.#columns,
      rows: this.#rows,
      rowNumbers: this.#rowNumbers,
      ...(this.#unreadable.length ? { unreadable: this.#unreadable } : {}),
    };
    this.#rows = [];
    this.#rowNumbers = [];
    this.#unreadable = [];
    this.#grew = false;
    return batch;
  }
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${position - start + 1}`;
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Yields an NDJSON file's objects in batches; the row number is the line number. */
export async function* readNdjsonFile(path: string, label: string, options: JsonFileOptions = {}): AsyncGenerator<RawBatch> {
  const batchSize = options.batchSize ?? 2048;
  const { text } = decodeText(await readBytes(path, label), label, options.encoding);
  const builder = new RowBuilder();
  let yielded = false;
  let line = 0;
  for (let pos = 0; pos < text.length; ) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    line++;
    const s = text.slice(pos, nl).trim();
    pos = nl + 1;
    if (s === '') continue;
    try {
      const value: unknown = JSON.parse(s);
      builder.add(value, line);
    } catch (e) {
      builder.bad(line, shorten(s), `is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (builder.size >= batchSize) {
      yield builder.take(label);
      yielded = true;
    }
  }
  if (builder.size > 0 || !yielded) yield builder.take(label);
}

/** Yields a JSON array file's elements in batches; the row number is the 1-based element. */
export async function* readJsonArrayFile(path: string, label: string, options: JsonFileOptions = {}): AsyncGenerator<RawBatch> {
  const batchSize = options.batchSize ?? 2048;
  let text: string | undefined = decodeText(await readBytes(path, label), label, options.encoding).text;
  if (text.trim() === '') {
    yield { file: label, columns: [], rows: [], rowNumbers: [] };
    return;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = jsonErrorOffset(text);
    const where = offset >= 0 ? ` at ${lineAndColumn(text, offset)}` : '';
    throw new AdapterError('MALFORMED', `${label}: not valid JSON${where} (${message})`, { file: label }, { cause: e, messageZh: `${label}：不是有效的 JSON${offset >= 0 ? `（${lineAndColumn(text, offset)}）` : ''}` });
  }
  text = undefined;
  if (!Array.isArray(data)) {
    throw new AdapterError('MALFORMED', `${label}: expected a JSON array of objects, one per row, got ${data === null ? 'null' : typeof data}`, { file: label }, { messageZh: `${label}：应当是对象的 JSON 数组（每行一个对象），实际是 ${data === null ? 'null' : typeof data}` });
  }
  const builder = new RowBuilder();
  let yielded = false;
  for (let i = 0; i < data.length; i++) {
    builder.add(data[i], i + 1);
    if (builder.size >= batchSize) {
      yield builder.take(label);
      yielded = true;
    }
  }
  if (builder.size > 0 || !yielded) yield builder.take(label);
}
