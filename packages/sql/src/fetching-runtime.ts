/**
 * The runtime a SQL executor finishes a rule's candidates over. It holds only the rows fetched
 * so far and records every probe it could not answer for certain (an index key, a person, a
 * whole table) instead of answering it wrongly. The executor runs the rule, fetches what was
 * recorded in one query per index, and runs again, until a run records nothing: then every
 * lookup the rule made saw exactly the rows the in-process engine would have seen.
 */
import { compositeKey, DataRuntime, type DatasetDef, type Rec } from '@sunshine/core';

/** The rows of one dataset fetched so far, and which keys are known complete. */
export class DatasetPool {
  readonly def: DatasetDef;
  readonly #byRow = new Map<number, Rec>();
  #sorted: Rec[] | undefined;
  readonly #rowOf = new Map<Rec, number>();
  /** Per index (fields joined by `,`): keys (composite) whose rows are all here. */
  readonly complete = new Map<string, Set<string>>();
  /** The whole table is here. */
  whole = false;

  constructor(def: DatasetDef) {
    this.def = def;
  }

  /** Adds a row under its `_row` number; a row seen before keeps its first object. */
  add(row: number, rec: Rec): Rec {
    const had = this.#byRow.get(row);
    if (had) return had;
    this.#byRow.set(row, rec);
    this.#rowOf.set(rec, row);
    this.#sorted = undefined;
    return rec;
  }

  get size(): number {
    return this.#byRow.size;
  }

  /** Every row held, in load order. */
  rows(): readonly Rec[] {
    if (!this.#sorted) {
      const keys = [...this.#byRow.keys()].sort((a, b) => a - b);
      this.#sorted = keys.map((k) => this.#byRow.get(k)!);
    }
    return this.#sorted;
  }

  rowOf(rec: Rec): number | undefined {
    return this.#rowOf.get(rec);
  }

  isComplete(fields: readonly string[], key: string): boolean {
    return this.whole || (this.complete.get(fields.join(','))?.has(key) ?? false);
  }

  markComplete(fields: readonly string[], key: string): void {
    const id = fields.join(',');
    let set = this.complete.get(id);
    if (!set) this.complete.set(id, (set = new Set()));
    set.add(key);
  }
}

/** Probes a run could not answer: index keys per dataset and fields, and whole tables. */
export interface Misses {
  /** dataset → fields joined by `,` → missing key tuples by composite key. */
  readonly keys: Map<string, Map<string, Map<string, readonly unknown[]>>>;
  readonly whole: Set<string>;
}

/**
 * A {@link DataRuntime} over fetched rows: `rows(subject)` is the candidates, every other
 * table is what has been fetched, and each index records the keys it was asked for but does
 * not hold completely.
 */
export class FetchingRuntime extends DataRuntime {
  readonly #pools: ReadonlyMap<string, DatasetPool>;
  readonly #subject: string;
  readonly #candidates: readonly Rec[];
  readonly #indexes = new Map<string, Map<unknown, Rec[]>>();
  readonly misses: Misses = { keys: new Map(), whole: new Set() };

  constructor(pools: ReadonlyMap<string, DatasetPool>, subject: string, candidates: readonly Rec[]) {
    super(new Map());
    this.#pools = pools;
    this.#subject = subject;
    this.#candidates = candidates;
  }

  get missed(): boolean {
    return this.misses.keys.size > 0 || this.misses.whole.size > 0;
  }

  override has(dataset: string): boolean {
    return this.#pools.has(dataset);
  }

  override rows(dataset: string): readonly Rec[] {
    if (dataset === this.#subject) return this.#candidates;
    const pool = this.#pools.get(dataset);
    if (!pool) return [];
    if (!pool.whole) this.misses.whole.add(dataset);
    return pool.rows();
  }

  override index(dataset: string, fields: readonly string[]): Map<unknown, Rec[]> {
    const id = `${dataset}\u0001${fields.join('\u0001')}`;
    let idx = this.#indexes.get(id);
    if (idx) return idx;
    const pool = this.#pools.get(dataset);
    const record = (tuple: readonly unknown[]): void => {
      if (!pool) return;
      const key = compositeKey(tuple);
      if (pool.isComplete(fields, key)) return;
      let byFields = this.misses.keys.get(dataset);
      if (!byFields) this.misses.keys.set(dataset, (byFields = new Map<string, Map<string, readonly unknown[]>>()));
      const fid = fields.join(',');
      let tuples = byFields.get(fid);
      if (!tuples) byFields.set(fid, (tuples = new Map<string, readonly unknown[]>()));
      tuples.set(key, tuple);
    };
    const n = fields.length;
    const levels: RecordingMap[] = [];
    const root = new RecordingMap(0, n, [], record);
    levels.push(root);
    for (const r of pool?.rows() ?? []) {
      let m: RecordingMap = root;
      let ok = true;
      for (let i = 0; i < n - 1; i++) {
        const v = r[fields[i]!];
        if (v === null || v === undefined) {
          ok = false;
          break;
        }
        let next = Map.prototype.get.call(m, v) as RecordingMap | undefined;
        if (!next) {
          next = new RecordingMap(i + 1, n, [...m.path, v], record);
          Map.prototype.set.call(m, v, next);
        }
        m = next;
      }
      if (!ok) continue;
      const v = r[fields[n - 1]!];
      if (v === null || v === undefined) continue;
      const list = Map.prototype.get.call(m, v) as Rec[] | undefined;
      if (list) list.push(r);
      else Map.prototype.set.call(m, v, [r]);
    }
    idx = root as unknown as Map<unknown, Rec[]>;
    this.#indexes.set(id, idx);
    return idx;
  }
}

/**
 * One level of a recording index: `get` on the last level (and `has` on a one-field index)
 * records the probed key unless the pool holds it completely; `get` on an inner level never
 * returns undefined, so that a walk down the levels always reaches the last one.
 */
class RecordingMap extends Map<unknown, unknown> {
  readonly level: number;
  readonly levels: number;
  readonly path: readonly unknown[];
  readonly #record: (tuple: readonly unknown[]) => void;

  constructor(level: number, levels: number, path: readonly unknown[], record: (tuple: readonly unknown[]) => void) {
    super();
    this.level = level;
    this.levels = levels;
    this.path = path;
    this.#record = record;
  }

  override get(k: unknown): unknown {
    const v = super.get(k);
    if (this.level === this.levels - 1) {
      if (k !== null && k !== undefined) this.#record([...this.path, k]);
      return v;
    }
    if (v !== undefined || k === null || k === undefined) return v;
    const next = new RecordingMap(this.level + 1, this.levels, [...this.path, k], this.#record);
    super.set(k, next);
    return next;
  }

  override has(k: unknown): boolean {
    if (this.level === this.levels - 1 && k !== null && k !== undefined) this.#record([...this.path, k]);
    return super.has(k);
  }
}
