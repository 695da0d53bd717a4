/**
 * A loaded dataset as columns, for the load cache: per field a dictionary of its distinct
 * strings and one integer code per row (the string's place, `-1` for null, `-2` for a number
 * held in the column's `numbers`). Written with `v8.serialize` (typed arrays are copied as
 * bytes), read back into records of the very shape `loadData` builds: every field of the
 * dataset, in model order, one object literal.
 */
import type { LoadedRecord } from '@sunshine/core';

/** One field's values. */
export interface EncodedColumn {
  readonly strings: string[];
  /** Int8Array, Int16Array or Int32Array, the narrowest that holds the codes. */
  readonly codes: Int8Array | Int16Array | Int32Array;
  /** The numbers, at their rows; `null` when the column holds none. */
  readonly numbers: Float64Array | null;
}

const NULL = -1;
const NUMBER = -2;

/** Encodes a table's records field by field (`fields` in model order). */
export function encodeColumns(rows: readonly LoadedRecord[], fields: readonly string[]): EncodedColumn[] {
  const n = rows.length;
  return fields.map((field) => {
    const codes = new Int32Array(n);
    const strings: string[] = [];
    const index = new Map<string, number>();
    let numbers: Float64Array | null = null;
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
    const narrow = strings.length < 128 ? Int8Array.from(codes) : strings.length < 32768 ? Int16Array.from(codes) : codes;
    return { strings, codes: narrow, numbers };
  });
}

/** Builds the records back: one generated object literal, so every record has one shape. */
export function decodeColumns(columns: readonly EncodedColumn[], fields: readonly string[], n: number): LoadedRecord[] {
  if (columns.length !== fields.length) throw new Error(`cache: ${columns.length} columns for ${fields.length} fields`);
  const parts = fields.map((f, i) => `${JSON.stringify(f)}: (k = c${i}[r]) >= 0 ? s${i}[k] : k === ${NULL} ? null : m${i}[r]`);
  const locals = fields.map((_, i) => `const c${i} = cols[${i}].codes, s${i} = cols[${i}].strings, m${i} = cols[${i}].numbers;`);
  const body = `${locals.join('\n')}\nreturn function (r) { let k; return { ${parts.join(',\n')} }; };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- field names are JSON-quoted; one literal gives records a single compact shape (as the row normaliser does)
  const make = (new Function('cols', body) as (cols: readonly EncodedColumn[]) => (r: number) => LoadedRecord)(columns);
  // Pushed, as `loadData` does: a packed array, not a holey one.
  const out: LoadedRecord[] = [];
  for (let r = 0; r < n; r++) out.push(make(r));
  return out;
}
