/**
 * The data side of a run: the loaded tables and the hash indexes built over them. Each index
 * (dataset + key fields) is built once, on first use, and shared by every rule of the run.
 */
import type { FunctionRuntime } from '../dsl/functions.js';
import type { Tables } from '../engine/engine-types.js';

export type Rec = Readonly<Record<string, string | number | null>>;
const EMPTY: readonly Rec[] = Object.freeze([]);
const SEP = '\u0001';

/** The key under which a composite index stores a row; single fields use the value itself. */
export function compositeKey(values: readonly unknown[]): string {
  let k = String(values[0]);
  for (let i = 1; i < values.length; i++) k += SEP + String(values[i]);
  return k;
}

export class DataRuntime implements FunctionRuntime {
  readonly tables: Tables;
  readonly #indexes = new Map<string, Map<unknown, Rec[]>>();
  #personById: Map<unknown, Rec[]> | undefined;
  /** Milliseconds spent building indexes. */
  indexMs = 0;

  constructor(tables: Tables) {
    this.tables = tables;
  }

  rows(dataset: string): readonly Rec[] {
    return this.tables.get(dataset) ?? EMPTY;
  }

  has(dataset: string): boolean {
    return this.tables.has(dataset);
  }

  /** The hash index of a dataset on some fields (rows with a null key part are left out). */
  index(dataset: string, fields: readonly string[]): Map<unknown, Rec[]> {
    const id = `${dataset}${SEP}${fields.join(SEP)}`;
    let idx = this.#indexes.get(id);
    if (idx) return idx;
    const t0 = performance.now();
    idx = new Map();
    const rows = this.rows(dataset);
    if (fields.length === 1) {
      const f = fields[0]!;
      for (const r of rows) {
        const k = r[f];
        if (k === null || k === undefined) continue;
        const list = idx.get(k);
        if (list) list.push(r);
        else idx.set(k, [r]);
      }
    } else {
      outer: for (const r of rows) {
        const parts: unknown[] = [];
        for (const f of fields) {
          const v = r[f];
          if (v === null || v === undefined) continue outer;
          parts.push(v);
        }
        const k = compositeKey(parts);
        const list = idx.get(k);
        if (list) list.push(r);
        else idx.set(k, [r]);
      }
    }
    this.#indexes.set(id, idx);
    this.indexMs += performance.now() - t0;
    return idx;
  }

  person(id: string): Rec | undefined {
    this.#personById ??= this.index('persons', ['id_number']);
    return this.#personById.get(id)?.[0];
  }

  /** The members of a person's household; a person not in `persons` is a household of one. */
  household(id: string): readonly Rec[] {
    const p = this.person(id);
    const h = p?.['household_id'];
    if (p === undefined || h === null || h === undefined) return [standIn(id)];
    return this.index('persons', ['household_id']).get(h) ?? [p];
  }
}

const standInCache = new Map<string, Rec>();
function standIn(id: string): Rec {
  let r = standInCache.get(id);
  if (!r) {
    r = Object.freeze({ id_number: id, name: null, gender: null, birth_date: null, household_id: null, relation: null, town_code: null, village_code: null });
    if (standInCache.size > 100_000) standInCache.clear();
    standInCache.set(id, r);
  }
  return r;
}
