/**
 * Group stores. Groups are kept lean because most are tiny (a county's 1.5 M payments make
 * over a million id × fund × period groups of one): one map from the joined key to the
 * members, a lone member kept as itself until a second one joins, and no per-group object.
 */
import type { Rec } from './data-runtime.js';
import type { RowStage } from './row-stage.js';

/** A group's members: a lone record, or the list of them. */
export type Members = Rec | Rec[];

/** A grouping's groups in first-seen order, and the group of the record last staged. */
export interface GroupStore {
  readonly order: readonly Members[];
  /** The group of a record: `parts`, its key parts as text (see {@link RowStage}); `values`, as they are. */
  find(parts: readonly string[], values: () => readonly unknown[]): Members | undefined;
}

/**
 * Groups built by {@link groupAdder}: nested maps, one level per key part, to group numbers;
 * level `i` holds key part `perm[i]` (see {@link sampleNesting}).
 */
export interface NestedGroups {
  readonly root: Map<string, unknown>;
  readonly order: Members[];
  readonly perm: readonly number[];
}

/** An empty store of nested maps, nesting the key parts in the order `perm`. */
export function nestedStore(perm: readonly number[]): NestedGroups & GroupStore {
  const store = {
    root: new Map<string, unknown>(),
    order: [] as Members[],
    perm,
    find(parts: readonly string[]): Members | undefined {
      let m: unknown = store.root;
      for (let i = 0; i < parts.length && m !== undefined; i++) m = (m as Map<string, unknown>).get(parts[perm[i]!]!);
      return m === undefined ? undefined : store.order[m as number];
    },
  };
  return store;
}

/**
 * The nesting order of a grouping's key parts: fewest distinct values first, counted over the
 * staged keys of an evenly spread sample of up to 4,096 rows (ties keep the key's order). The
 * groups and their order are the same in any nesting; this one makes a few small maps at the
 * top (fund, year) instead of one map per ID number, which is less memory and fewer misses.
 */
export function sampleNesting(rs: RowStage, rows: readonly Rec[], parts: number): readonly number[] {
  const perm = Array.from({ length: parts }, (_, i) => i);
  if (parts < 2) return perm;
  const seen = perm.map(() => new Set<string>());
  const step = Math.max(1, Math.floor(rows.length / 4096));
  for (let r = 0; r < rows.length; r += step) {
    if (!rs.stage(rows[r]!)) continue;
    for (let i = 0; i < parts; i++) seen[i]!.add(rs.keys[i]!);
  }
  return perm.sort((a, b) => seen[a]!.size - seen[b]!.size || a - b);
}

/** Adds one record to a group store (the grouping step, also driven by the engine's fused pass). */
export function groupAdder(rs: RowStage): (store: NestedGroups, row: Rec) => void {
  const rowStage = rs.stage;
  const stageKeys = rs.keys;
  return (store, row) => {
    if (!rowStage(row)) return;
    const last = stageKeys.length - 1;
    const perm = store.perm;
    let m = store.root;
    for (let i = 0; i < last; i++) {
      const k = stageKeys[perm[i]!]!;
      let next = m.get(k) as Map<string, unknown> | undefined;
      if (next === undefined) m.set(k, (next = new Map()));
      m = next;
    }
    const k = stageKeys[perm[last]!]!;
    const g = m.get(k) as number | undefined;
    const order = store.order;
    if (g === undefined) {
      m.set(k, order.length);
      order.push(row);
    } else {
      const cur = order[g]!;
      if (Array.isArray(cur)) cur.push(row);
      else order[g] = [cur, row];
    }
  };
}
