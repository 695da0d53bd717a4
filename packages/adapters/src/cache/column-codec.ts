/**
 * A loaded dataset as columns, for the load cache. Per field, a dictionary of its distinct
 * strings and one code per row: the string's place in the dictionary, `-1` for null, `-2` for
 * a number (held in the column's `numbers` at that row). Records read back share one string
 * per distinct value. The dictionary travels as one text joined by NUL (one copy with
 * `v8.serialize`, split back in one call), or as an array when a value holds a NUL itself.
 * Read back into records of the very shape `loadData` builds: every field of the dataset, in
 * model order, one object literal.
 */
import type { LoadedRecord } from '@sunshine/core';

/** One field's values. */
export interface EncodedColumn {
  /** The strings, joined by NUL, or as an array when one holds a NUL. */
  readonly strings: string | string[];
  /** How many strings (a joined empty text is one empty string, or none). */
  readonly count: number;
  /** Int8Array, Int16Array or Int32Array, the narrowest that holds the codes. */
  readonly codes: Int8Array | Int16Array | Int32Array;
  /** The numbers, at their rows; `null` when the column holds none. */
  readonly numbers: Float64Array | null;
}

const NULL = -1;
const NUMBER = -2;

function narrow(codes: Int32Array, max: number): Int8Array | Int16Array | Int32Array {
  return max < 128 ? Int8Array.from(codes) : max < 32768 ? Int16Array.from(codes) : codes;
}

function pack(strings: string[]): string | string[] {
  for (const s of strings) if (s.includes('\u0000')) return strings;
  return strings.join('\u0000');
}

function unpack(c: EncodedColumn): string[] {
  if (typeof c.strings !== 'string') return c.strings;
  return c.count === 0 ? [] : c.strings.split('\u0000');
}

/** Encodes a table's records field by field (`fields` in model order). */
export function encodeColumns(rows: readonly LoadedRecord[], fields: readonly string[]): EncodedColumn[] {
  const n = rows.length;
  return fields.map((field): EncodedColumn => {
    const codes = new Int32Array(n);
    let numbers: Float64Array | null = null;
    const strings: string[] = [];
    const index = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const v = rows[r]![field];
      if (v === null || v === undefined) codes[r] = NULL;
      else if (typeof v === 'number') {
        numbers ??= new Float64Array(n);
        numbers[r] = v;
        codes[r] = NUMBER;
      } else {
        let c = index.get(v);
        if (c === undefined) {
          c = strings.length;
          strings.push(v);
          index.set(v, c);
        }
        codes[r] = c;
      }
    }
    return { strings: pack(strings), count: strings.length, codes: narrow(codes, strings.length), numbers };
  });
}

/** Builds the records back: one generated object literal, so every record has one shape. */
export function decodeColumns(columns: readonly EncodedColumn[], fields: readonly string[], n: number): LoadedRecord[] {
  if (columns.length !== fields.length) throw new Error(`cache: ${columns.length} columns for ${fields.length} fields`);
  const parts = fields.map((f, i) => `${JSON.stringify(f)}: (k = c${i}[r]) >= 0 ? s${i}[k] : k === ${NULL} ? null : m${i}[r]`);
  const locals = fields.map((_, i) => `const c${i} = cols[${i}].codes, s${i} = strs[${i}], m${i} = cols[${i}].numbers;`);
  const body = `${locals.join('\n')}\nreturn function (r) { let k; return { ${parts.join(',\n')} }; };`;
  const strs = columns.map(unpack);
  columns.forEach((c, i) => {
    if (strs[i]!.length !== c.count || c.codes.length !== n) throw new Error('cache: a column of the wrong length');
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- field names are JSON-quoted; one literal gives records a single compact shape (as the row normaliser does)
  const make = (new Function('cols', 'strs', body) as (cols: readonly EncodedColumn[], strs: readonly string[][]) => (r: number) => LoadedRecord)(columns, strs);
  // Pushed, as `loadData` does: a packed array, not a holey one.
  const out: LoadedRecord[] = [];
  for (let r = 0; r < n; r++) out.push(make(r));
  return out;
}
