/**
 * The row normaliser `loadData` runs over every row: the same rules and messages as core's
 * `compileNormalizer` (each field goes through a one-field normaliser compiled by it), plus a
 * memo per parsed field and a fast path for text. County data repeats itself (a few thousand
 * dates and periods, a few hundred amounts, each person paid every month), so most ID numbers,
 * dates, periods and amounts are answered from the memo: no parsing, and the record shares one
 * canonical string instead of holding a fresh copy. Text fields (codes, names) are interned
 * the same way: a county's 1.3 million payments name a few hundred villages and funds and one
 * account per payee. A field whose values turn out mostly unique stops being memoised. Strings a
 * record keeps are never slices of the source's text (a CSV reader's fields are), so the text
 * of a whole file is not held alive by them. A test checks that the output equals
 * `compileNormalizer`'s.
 */
import type { DatasetDef } from '../schema/datasets.js';
import { compileNormalizer, type FieldProblem } from '../schema/normalize.js';
import { compileRowChecks } from '../schema/row-checks.js';
import { cleanCellText, needsCleaning } from '../schema/values.js';

type Entry = { readonly ok: true; readonly value: string | number | null } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * Entries a field's memo holds at most. When it is full, a field that missed more often than
 * it hit (IDs, account numbers) stops being memoised and its memo is freed; the others keep
 * answering from the entries they have.
 */
const MEMO_MAX = 1 << 17;

/**
 * Distinct values a text field interns at most. Interning pays for codes with few values
 * (villages, funds, periods); for one with many (accounts, names) probing a big map costs more
 * than it saves, so a field that fills this many with more misses than hits stops interning.
 */
const TEXT_MAX = 1 << 14;

/**
 * A string that does not keep a larger one alive. V8 makes a substring of 13 or more characters
 * a view into its parent (a CSV reader's whole buffer of text); a record holding such a view
 * would hold the whole file. Shorter substrings are copies already.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** A row normaliser; keeps memo state, so use one per dataset load. */
export interface RowNormalizer {
  /**
   * The record of one row's raw values (in `def.fields` order), or `undefined` when the row
   * breaks the model; then {@link RowNormalizer.problems} lists why, field by field.
   */
  normalize(values: readonly unknown[]): Record<string, string | number | null> | undefined;
  /** The problems of the last rejected row. */
  readonly problems: readonly FieldProblem[];
}

/**
 * A function building a record with the dataset's fields, in order, from an array of values.
 * Generated as one object literal so that every record shares one shape with its fields held
 * in the object itself.
 */
function compileRecordFactory(names: readonly string[]): (values: readonly (string | number | null)[]) => Record<string, string | number | null> {
  const body = `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}};`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- field names are JSON-quoted; one literal gives records a single compact shape
    return new Function('v', body) as (values: readonly (string | number | null)[]) => Record<string, string | number | null>;
  } catch {
    return (v) => {
      const r: Record<string, string | number | null> = {};
      for (let i = 0; i < names.length; i++) r[names[i]!] = v[i]!;
      return r;
    };
  }
}

/** Options of {@link compileRowNormalizer}. */
export interface RowNormalizerOptions {
  /**
   * A pool of canonical ID numbers shared by the normalisers of one load: every record holding
   * an ID number holds the pool's one string for it, whatever its dataset, so that hash
   * indexes on ID numbers (persons, payments) compare keys by identity.
   */
  readonly ids?: Map<string, string>;
}

/**
 * Compiles the memoising row normaliser of a dataset.
 *
 * @example
 * ```ts
 * const rows = compileRowNormalizer(canonicalDatasets.get('departments')!);
 * rows.normalize(['D01', '民政局']); // { department_code: 'D01', name: '民政局' }
 * ```
 */
export function compileRowNormalizer(def: DatasetDef, options: RowNormalizerOptions = {}): RowNormalizer {
  const ids = options.ids;
  const n = def.fields.length;
  const names = def.fields.map((f) => f.name);
  const single = def.fields.map((field) => compileNormalizer({ name: def.name, doc: def.doc, fields: [field] }));
  // Text fields (codes, names, enums) take a fast path instead: a non-empty trimmed string is
  // the value (after an enum's membership check), exactly as the one-field normaliser has it;
  // anything else goes through that normaliser. Parsed types are memoised.
  const text = def.fields.map((f) => f.type === 'code' || f.type === 'string' || f.type === 'enum');
  const isId = def.fields.map((f) => f.type === 'id_number');
  const clean = def.fields.map((f) => f.type !== 'string');
  const allowed = def.fields.map((f) => (f.type === 'enum' ? new Set(f.values) : undefined));
  const memos: (Map<unknown, Entry> | undefined)[] = def.fields.map((f, i) => (text[i] ? undefined : new Map<unknown, Entry>()));
  // Interned text, except the dataset's row identifier (unique by definition).
  const interned: (Map<string, string> | undefined)[] = def.fields.map((f, i) => (text[i] && f.name !== def.idField ? new Map<string, string>() : undefined));
  const hits = new Array<number>(n).fill(0);
  const misses = new Array<number>(n).fill(0);
  const make = compileRecordFactory(names);
  // Checks across fields (a gender against the ID number), after every field has parsed.
  const rowChecks = compileRowChecks(def);
  const out = new Array<string | number | null>(n).fill(null);
  const cell: unknown[] = [undefined];
  let problems: readonly FieldProblem[] = [];

  const compute = (i: number, raw: unknown): Entry => {
    cell[0] = raw;
    const r = single[i]!(cell);
    if (!r.ok) return { ok: false, problems: r.problems };
    const value = r.record[names[i]!]!;
    if (typeof value !== 'string') return { ok: true, value };
    if (ids !== undefined && isId[i]) {
      let v = ids.get(value);
      if (v === undefined) ids.set((v = detach(value)), v);
      return { ok: true, value: v };
    }
    return { ok: true, value: detach(value) };
  };

  return {
    get problems() {
      return problems;
    },
    normalize(values) {
      let bad: FieldProblem[] | undefined;
      for (let i = 0; i < n; i++) {
        const raw = values[i];
        if (text[i] && typeof raw === 'string') {
          let s = raw.trim();
          // Codes and enums lose text forcing and full-width forms, as in compileNormalizer.
          if (clean[i] && s !== '' && needsCleaning(s) && !s.includes('\0')) s = cleanCellText(s);
          const set = allowed[i];
          // Text with a NUL character goes the slow way, which rejects it (no enum value holds one).
          if (s !== '' && (set === undefined ? !s.includes('\0') : set.has(s))) {
            const pool = interned[i];
            if (pool === undefined) {
              out[i] = detach(s);
              continue;
            }
            let v = pool.get(s);
            if (v === undefined) {
              v = detach(s);
              misses[i]!++;
              if (pool.size < TEXT_MAX) {
                pool.set(v, v);
                if (pool.size === TEXT_MAX && hits[i]! < misses[i]!) interned[i] = undefined;
              }
            } else {
              hits[i]!++;
            }
            out[i] = v;
            continue;
          }
        }
        const memo = memos[i];
        let entry: Entry | undefined;
        if (memo !== undefined && (typeof raw === 'string' || typeof raw === 'number' || raw === null || raw === undefined)) {
          entry = memo.get(raw);
          if (entry === undefined) {
            entry = compute(i, raw);
            misses[i]!++;
            if (memo.size < MEMO_MAX) {
              memo.set(raw, entry);
              if (memo.size === MEMO_MAX && hits[i]! < misses[i]!) memos[i] = undefined;
            }
          } else {
            hits[i]!++;
          }
        } else {
          entry = compute(i, raw);
        }
        if (entry.ok) out[i] = entry.value;
        else if (bad) bad.push(...entry.problems);
        else bad = [...entry.problems];
      }
      if (bad === undefined && rowChecks !== undefined) bad = rowChecks(out);
      if (bad) {
        problems = bad;
        return undefined;
      }
      return make(out);
    },
  };
}
