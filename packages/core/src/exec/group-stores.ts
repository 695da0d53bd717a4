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

/** Groups built by {@link groupAdder}: nested maps, one level per key part, to group numbers. */
export interface NestedGroups {
  readonly root: Map<string, unknown>;
  readonly order: Members[];
}

/** An empty store of nested maps. */
export function nestedStore(): NestedGroups & GroupStore {
  const store = {
    root: new Map<string, unknown>(),
    order: [] as Members[],
    find(parts: readonly string[]): Members | undefined {
      let m: unknown = store.root;
      for (let i = 0; i < parts.length && m !== undefined; i++) m = (m as Map<string, unknown>).get(parts[i]!);
      return m === undefined ? undefined : store.order[m as number];
    },
  };
  return store;
}

/** Adds one record to a group store (the grouping step, also driven by the engine's fused pass). */
export function groupAdder(rs: RowStage): (store: NestedGroups, row: Rec) => void {
  const rowStage = rs.stage;
  const stageKeys = rs.keys;
  return (store, row) => {
    if (!rowStage(row)) return;
    const last = stageKeys.length - 1;
    let m = store.root;
    for (let i = 0; i < last; i++) {
      const k = stageKeys[i]!;
      let next = m.get(k) as Map<string, unknown> | undefined;
      if (next === undefined) m.set(k, (next = new Map()));
      m = next;
    }
    const k = stageKeys[last]!;
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
