/**
 * Writes canonical records to files: CSV (RFC 4180 quoting, UTF-8, header of canonical field
 * names, money in yuan with two decimals, empty cells for nulls) or NDJSON (one object per
 * line, money as a two-decimal string, nulls as null). Rows are streamed through a buffer, so
 * a million payments never become one giant string.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { formatMoney, type DatasetDef, type FieldDef } from '@sunshine/core';
import { GenError } from './gen-error.js';

export type TextFormat = 'csv' | 'ndjson';

const FLUSH_AT = 1 << 20;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function csvCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The text of one canonical value as a CSV cell (before quoting). */
export function cellText(field: FieldDef, value: string | number | null): string {
  if (value === null) return '';
  switch (field.type) {
    case 'money':
      return formatMoney(value as number);
    case 'decimal':
      return (value as number).toFixed(2);
    case 'integer':
      return String(value);
    case 'code':
    case 'date':
    case 'enum':
    case 'id_number':
    case 'period':
    case 'string':
    default:
      return String(value);
  }
}

function jsonValue(field: FieldDef, value: string | number | null): string {
  if (value === null) return 'null';
  if (field.type === 'money') return `"${formatMoney(value as number)}"`;
  if (field.type === 'decimal') return (value as number).toFixed(2);
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Streams the records of one dataset to one file. */
export class DatasetWriter {
  readonly file: string;
  readonly #def: DatasetDef;
  readonly #format: TextFormat;
  readonly #fd: number;
  #buf = '';
  #rows = 0;

  constructor(file: string, def: DatasetDef, format: TextFormat) {
    this.file = file;
    this.#def = def;
    this.#format = format;
    try {
      this.#fd = openSync(file, 'w');
    } catch (e) {
      throw new GenError('OUTPUT', `cannot write \`${file}\`: ${(e as Error).message}`, file, { cause: e });
    }
    if (format === 'csv') this.#buf = `${def.fields.map((f) => csvCell(f.name)).join(',')}\n`;
  }

  get rows(): number {
    return this.#rows;
  }

  write(record: Readonly<Record<string, string | number | null>>): void {
    const fields = this.#def.fields;
    let line = '';
    if (this.#format === 'csv') {
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        if (i > 0) line += ',';
        const text = cellText(f, record[f.name] ?? null);
        // Only free text can hold a comma, a quote or a line break.
        line += f.type === 'string' || f.type === 'code' || f.type === 'enum' ? csvCell(text) : text;
      }
    } else {
      line = '{';
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        if (i > 0) line += ',';
        line += `"${f.name}":${jsonValue(f, record[f.name] ?? null)}`;
      }
      line += '}';
    }
    this.#buf += `${line}\n`;
    this.#rows++;
    if (this.#buf.length >= FLUSH_AT) this.#flush();
  }

  #flush(): void {
    if (this.#buf.length === 0) return;
    writeSync(this.#fd, this.#buf);
    this.#buf = '';
  }

  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }
}
