/**
 * A fast RFC 4180 CSV scanner over one decoded string: quoted fields with `""` escapes,
 * separators and line breaks inside quotes, LF or CRLF line ends — or CR alone (classic Mac OS,
 * some Windows exports: then an LF inside a quoted cell is text), told by the first line break.
 * Lines without a quote take
 * a fast path that splits with `indexOf` and slices; only quoted records are scanned character
 * by character. Fields are slices of the text (no copies).
 *
 * Lenient where Excel exports are sloppy: a quote inside an unquoted field is kept as text,
 * text after a closing quote is appended, blank lines are skipped. An unclosed quote is an
 * error (it would swallow the rest of the file).
 */
import { AdapterError } from '../adapter-error.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads records from CSV text in batches.
 *
 * @example
 * ```ts
 * const scanner = new CsvScanner('a,b\n1,"x,y"\n', { file: 'data.csv' });
 * const rows: string[][] = [];
 * const lines: number[] = [];
 * scanner.read(rows, lines, 1000); // rows = [['a','b'],['1','x,y']], lines = [1, 2]
 * ```
 */
export class CsvScanner {
  readonly #text: string;
  readonly #file: string;
  readonly #delim: string;
  readonly #delimCode: number;
  /** The line end: `\n` (LF or CRLF), or `\r` for a text whose lines end in CR alone. */
  readonly #eol: string;
  readonly #crOnly: boolean;
  #pos = 0;
  #line = 1;
  /** Position of the next `"` at or after #pos, or text length + 1 when there is none. */
  #quote = -1;

  constructor(text: string, options: { readonly delimiter?: string; readonly file?: string; readonly firstLine?: number } = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new AdapterError('INVALID_OPTIONS', `\`delimiter\` must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
    }
    this.#text = text;
    // CR-only line ends, told by the first line break (else the whole file reads as one header
    // line, and every column after the first row's looks missing).
    this.#crOnly = isCrOnly(text);
    this.#eol = this.#crOnly ? '\r' : '\n';
    this.#line = options.firstLine ?? 1;
    this.#file = options.file ?? 'CSV text';
    this.#delim = delimiter;
    this.#delimCode = delimiter.charCodeAt(0);
  }

  /** `true` once every record has been read. */
  get done(): boolean {
    return this.#pos >= this.#text.length;
  }

  /**
   * Appends up to `max` records to `rows`, and the line each starts on to `lines`. Returns the
   * number read; 0 at the end of the text. Blank lines are skipped (their lines still count).
   */
  read(rows: string[][], lines: number[], max: number): number {
    const text = this.#text;
    const len = text.length;
    const delim = this.#delim;
    let pos = this.#pos;
    let line = this.#line;
    let quote = this.#quote;
    let n = 0;
    while (n < max && pos < len) {
      let nl = text.indexOf(this.#eol, pos);
      if (nl === -1) nl = len;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === CR && !this.#crOnly) end--;
      if (quote < pos) {
        quote = text.indexOf('"', pos);
        if (quote === -1) quote = len + 1;
      }
      if (quote >= end) {
        if (end > pos) {
          const row: string[] = [];
          let s = pos;
          for (;;) {
            const d = text.indexOf(delim, s);
            if (d === -1 || d >= end) {
              row.push(text.slice(s, end));
              break;
            }
            row.push(text.slice(s, d));
            s = d + 1;
          }
          rows.push(row);
          lines.push(line);
          n++;
        }
        pos = nl + 1;
        line++;
        continue;
      }
      // A record with a quote somewhere on its first line: scan it field by field.
      const startLine = line;
      const row: string[] = [];
      let s = pos;
      for (;;) {
        let value: string;
        let p: number;
        if (text.charCodeAt(s) === QUOTE) {
          value = '';
          p = s + 1;
          for (;;) {
            const q = text.indexOf('"', p);
            if (q === -1) {
              throw new AdapterError('MALFORMED', `${this.#file}: line ${startLine}: a quoted field is never closed`, { file: this.#file, row: startLine }, { messageZh: `${this.#file}：第 ${startLine} 行：引号括起的字段没有结束引号` });
            }
            value += text.slice(p, q);
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += '"';
              p = q + 2;
            } else {
              p = q + 1;
              break;
            }
          }
          line += countLineBreaks(text, s, p, this.#eol);
          // Text after the closing quote, up to the separator or line end, is kept.
          const k = this.#fieldEnd(p);
          if (k > p) {
            value += text.slice(p, k);
            line += countLineBreaks(text, p, k, this.#eol);
          }
          p = k;
        } else {
          p = this.#fieldEnd(s);
          value = text.slice(s, p);
        }
        row.push(value);
        const c = text.charCodeAt(p);
        if (c === this.#delimCode) {
          s = p + 1;
          continue;
        }
        // Line end (LF, CRLF, or CR alone) or end of text.
        if (c === CR && !this.#crOnly) p++;
        pos = p + 1;
        line++;
        break;
      }
      rows.push(row);
      lines.push(startLine);
      n++;
    }
    this.#pos = pos;
    this.#line = line;
    this.#quote = quote;
    return n;
  }

  /** End of an unquoted field starting at `p`: the separator, the LF, CRLF or lone CR, or the text end. */
  #fieldEnd(p: number): number {
    const text = this.#text;
    const len = text.length;
    const delim = this.#delimCode;
    const eol = this.#crOnly ? CR : LF;
    for (; p < len; p++) {
      const c = text.charCodeAt(p);
      if (c === delim || c === eol) return p;
      if (c === CR && (p + 1 === len || text.charCodeAt(p + 1) === LF)) return p;
    }
    return len;
  }
}

function countLineBreaks(text: string, from: number, to: number, eol: string): number {
  let n = 0;
  for (let i = text.indexOf(eol, from); i !== -1 && i < to; i = text.indexOf(eol, i + 1)) n++;
  return n;
}

/** Whether the text's first line break is a CR not followed by an LF (classic Mac OS line ends). */
function isCrOnly(text: string): boolean {
  const cr = text.indexOf('\r');
  if (cr === -1 || text.charCodeAt(cr + 1) === LF) return false;
  const lf = text.indexOf('\n');
  return lf === -1 || cr < lf;
}

/**
 * Parses a whole CSV text: every record with the line it starts on.
 *
 * @example
 * ```ts
 * parseCsv('id,name\r\n1,"Zhang ""San"""\r\n') // { rows: [['id','name'],['1','Zhang "San"']], lines: [1, 2] }
 * ```
 */
export function parseCsv(text: string, options: { readonly delimiter?: string; readonly file?: string } = {}): { rows: string[][]; lines: number[] } {
  const scanner = new CsvScanner(text, options);
  const rows: string[][] = [];
  const lines: number[] = [];
  while (scanner.read(rows, lines, 65_536) > 0);
  return { rows, lines };
}
