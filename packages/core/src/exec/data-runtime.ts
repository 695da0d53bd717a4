/**
 * The data side of a run: the loaded tables and the hash indexes built over them. Each index
 * (dataset + key fields) is built once, on first use, and shared by every rule of the run.
 */
import type { FunctionRuntime } from '../dsl/functions.js';
import type { Tables } from '../engine/engine-types.js';
import { BY_HOUSEHOLD, BY_PERSON, HOUSEHOLD_ID, PERSONS, standInPerson } from '../schema/household.js';

export type Rec = Readonly<Record<string, string | number | null>>;
const EMPTY: readonly Rec[] = Object.freeze([]);
const SEP = '\u0001';

/** The key under which a composite index stores a row; single fields use the value itself. */
export function compositeKey(values: readonly unknown[]): string {
  let k = keyPart(values[0]);
  for (let i = 1; i < values.length; i++) k += SEP + keyPart(values[i]);
  return k;
}

/** One part of a composite key, as text. */
export function keyPart(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

const NO_KEY = Symbol('no key');

/** See {@link DataRuntime.memo}: the last single key and its rows; the last key tuple and its rows. */
export interface ProbeMemo {
  key: unknown;
  rows: readonly Rec[];
  keys: unknown[];
  hit: readonly Rec[] | undefined;
}

export class DataRuntime implements FunctionRuntime {
  readonly tables: Tables;
  readonly #indexes = new Map<string, Map<unknown, Rec[]>>();
  readonly #nestings = new Map<string, readonly number[]>();
  readonly #memos = new WeakMap<Map<unknown, unknown>, ProbeMemo>();
  /** A composite index's buckets in the order their keys were first seen. */
  readonly #leaves = new WeakMap<Map<unknown, Rec[]>, Rec[][]>();
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

  /**
   * The hash index of a dataset on some fields (rows with a null key part are left out). On one
   * field: value → rows. On several: nested maps, one level per field; use {@link probe}.
   */
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
      // Composite keys as nested maps (field by field): probing hashes the record's own
      // strings, which V8 caches, instead of building and hashing a new joined key per probe.
      const last = fields.length - 1;
      const leaves: Rec[][] = [];
      this.#leaves.set(idx, leaves);
      outer: for (const r of rows) {
        let m: Map<unknown, unknown> = idx;
        for (let i = 0; i < last; i++) {
          const v = r[fields[i]!];
          if (v === null || v === undefined) continue outer;
          let next = m.get(v) as Map<unknown, unknown> | undefined;
          if (!next) m.set(v, (next = new Map()));
          m = next;
        }
        const v = r[fields[last]!];
        if (v === null || v === undefined) continue;
        const list = m.get(v) as Rec[] | undefined;
        if (list) list.push(r);
        else {
          const l = [r];
          m.set(v, l);
          leaves.push(l);
        }
      }
    }
    this.#indexes.set(id, idx);
    this.indexMs += performance.now() - t0;
    return idx;
  }

  /**
   * The order in which to nest a composite index on `fields`: their positions, fields with the
   * fewest distinct values first (counted on an evenly spread sample of up to 4,096 rows; ties
   * keep the given order). Any order finds the same rows; this one makes a few small maps at the
   * top instead of one map per ID number (payments by id_number, fund_code, period: 500 maps
   * instead of 600,000), which is less memory and fewer cache misses per probe. Callers that
   * index several fields pass them in this order and permute their probe values the same way.
   */
  nesting(dataset: string, fields: readonly string[]): readonly number[] {
    // A subclass whose rows or index are its own (the SQL executors' fetched rows) keeps the
    // given order: reading its rows to count may have effects (a fetch marked as missing).
    if (fields.length < 2 || this.index !== DataRuntime.prototype.index || this.rows !== DataRuntime.prototype.rows) return fields.map((_, i) => i);
    const id = `${dataset}${SEP}${fields.join(SEP)}`;
    let order = this.#nestings.get(id);
    if (order) return order;
    const rows = this.rows(dataset);
    const step = Math.max(1, Math.floor(rows.length / 4096));
    const distinct = fields.map((f) => {
      const seen = new Set<unknown>();
      for (let i = 0; i < rows.length; i += step) seen.add(rows[i]![f]);
      return seen.size;
    });
    order = fields.map((_, i) => i).sort((a, b) => distinct[a]! - distinct[b]! || a - b);
    this.#nestings.set(id, order);
    return order;
  }

  /**
   * The one-entry memo of an index, shared by every lookup probing it: the rules of a fused
   * pass probe the same index with the same key for the same record one after another (the
   * person of a payment, its household), and a repeat is answered without a probe into a
   * large map. Indexes do not change once built, so the memo cannot go stale.
   */
  memo(idx: Map<unknown, unknown>): ProbeMemo {
    let m = this.#memos.get(idx);
    if (!m) this.#memos.set(idx, (m = { key: NO_KEY, rows: EMPTY, keys: [], hit: EMPTY }));
    return m;
  }

  /** {@link nesting} applied to the fields: the field list to index by. */
  nested(dataset: string, fields: readonly string[]): readonly string[] {
    return fields.length < 2 ? fields : this.nesting(dataset, fields).map((i) => fields[i]!);
  }

  /**
   * The buckets of {@link index} (built if need be) in the order their keys first occur in the
   * dataset: the groups of the rows by those fields. Undefined in a subclass whose index or
   * rows are its own (its index need not be over its rows).
   */
  buckets(dataset: string, fields: readonly string[]): readonly Rec[][] | undefined {
    if (this.index !== DataRuntime.prototype.index || this.rows !== DataRuntime.prototype.rows) return undefined;
    const idx = this.index(dataset, fields);
    return fields.length === 1 ? [...idx.values()] : this.#leaves.get(idx);
  }

  /**
   * Forgets the index of a dataset on some fields, so that its memory can be reclaimed once no
   * compiled rule holds it; a later {@link index} call builds it again.
   */
  release(dataset: string, fields: readonly string[]): void {
    this.#indexes.delete(`${dataset}${SEP}${fields.join(SEP)}`);
    if (dataset === PERSONS) {
      this.#personById = undefined;
      this.#lastPersonId = undefined;
      this.#lastHouseholdId = undefined;
    }
  }

  /** The rows of a (possibly composite) index under one value per field. */
  static probe(idx: Map<unknown, unknown>, values: readonly unknown[]): readonly Rec[] | undefined {
    let m: unknown = idx;
    for (const v of values) {
      if (m === undefined) return undefined;
      m = (m as Map<unknown, unknown>).get(v);
    }
    return m as readonly Rec[] | undefined;
  }

  // One-entry memos: rules evaluated one after another on the same record ask for the same
  // person again and again (age, birth date, household), and a probe into a 450,000-entry map
  // is a cache miss each time.
  #lastPersonId: string | undefined;
  #lastPerson: Rec | undefined;
  #lastHouseholdId: string | undefined;
  #lastHousehold: readonly Rec[] = EMPTY;

  readonly #shared = new Map<string, unknown>();

  hasShared(id: string): boolean {
    return this.#shared.has(id);
  }

  /** Forgets a shared structure (a group map no rule still to run needs). */
  releaseShared(id: string): void {
    this.#shared.delete(id);
  }

  /** A structure built once per run and shared by every rule that asks with the same id (group maps). */
  shared<T>(id: string, build: () => T): T {
    if (this.#shared.has(id)) return this.#shared.get(id) as T;
    const v = build();
    this.#shared.set(id, v);
    return v;
  }

  person(id: string): Rec | undefined {
    if (id === this.#lastPersonId) return this.#lastPerson;
    this.#personById ??= this.index(PERSONS, BY_PERSON);
    const p = this.#personById.get(id)?.[0];
    this.#lastPersonId = id;
    this.#lastPerson = p;
    return p;
  }

  /** The members of a person's household; a person not in `persons` is a household of one. */
  household(id: string): readonly Rec[] {
    if (id === this.#lastHouseholdId) return this.#lastHousehold;
    const members = this.#householdOf(id);
    this.#lastHouseholdId = id;
    this.#lastHousehold = members;
    return members;
  }

  #householdOf(id: string): readonly Rec[] {
    const p = this.person(id);
    const h = p?.[HOUSEHOLD_ID];
    if (p === undefined || h === null || h === undefined) return [standInPerson(id)];
    return this.index(PERSONS, BY_HOUSEHOLD).get(h) ?? [p];
  }
}
