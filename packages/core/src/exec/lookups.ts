/**
 * Lookups at run time: a keyed probe of a hash index (built on first probe, one walk down
 * nested maps for several keys, a list value probing once per element) or a household, then
 * the lookup's `where` (partitioned when it can be), `orderBy` and `one`.
 */
import type { LookupPlan } from '../plan/rule-plan.js';
import { DataRuntime, type ProbeMemo, type Rec } from './data-runtime.js';
import { partitionFor, PARTITION_MIN } from './partitioned-where.js';
import { EMPTY, type Fn } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';
import { sortRecords } from './sort-records.js';

/** Compiles lookup `l` to the computer of its context slot; a join registers its index in `cc.lookupIndexes`. */
export function compileLookup(cc: RuleCompilation, l: LookupPlan): Fn {
  const rt = cc.rt;
  let fetch: Fn;
  // Whether the last fetch returned a new array rather than an index bucket.
  let fresh = false;
  if (l.kind === 'household') {
    const id = cc.expr(l.householdOf!);
    fetch = (ctx) => {
      const v = id(ctx);
      return typeof v === 'string' ? rt.household(v) : EMPTY;
    };
  } else {
    // Several fields nest in the runtime's order (fewest distinct values first); the probe
    // values stay in the lookup's order (a list of values crosses in that order) and are read
    // through `perm`.
    const perm = rt.nesting(l.dataset, l.on.map((o) => o.field));
    const fields = perm.map((i) => l.on[i]!.field);
    // Built on first probe: a lookup that only gathers evidence for findings may never be probed.
    let built: Map<unknown, Rec[]> | undefined;
    const index = (): Map<unknown, Rec[]> => (built ??= rt.index(l.dataset, fields));
    let memo: ProbeMemo | undefined;
    let tupleMemo: ProbeMemo | undefined;
    cc.lookupIndexes.push(index);
    const probes = l.on.map((o) => cc.expr(o.expr));
    if (probes.length === 1) {
      const p = probes[0]!;
      fetch = (ctx) => {
        const v = p(ctx);
        fresh = false;
        if (v === null || v === undefined) return EMPTY;
        const idx = built ?? index();
        if (!Array.isArray(v)) {
          const m = (memo ??= rt.memo(idx));
          if (m.key === v) return m.rows;
          const rows = idx.get(v) ?? EMPTY;
          m.key = v;
          m.rows = rows;
          return rows;
        }
        fresh = true;
        const seen = new Set<unknown>();
        const out: Rec[] = [];
        for (const k of v) {
          if (k === null || k === undefined || seen.has(k)) continue;
          seen.add(k);
          const m = idx.get(k);
          if (m) for (const x of m) out.push(x);
        }
        return out;
      };
    } else {
      const n = probes.length;
      const values: unknown[] = new Array<unknown>(n);
      fetch = (ctx) => {
        let lists = false;
        fresh = false;
        for (let i = 0; i < n; i++) {
          const v = probes[i]!(ctx);
          if (v === null || v === undefined) return EMPTY;
          if (Array.isArray(v)) lists = true;
          values[i] = v;
        }
        const nested = (built ?? index()) as Map<unknown, unknown>;
        if (!lists) {
          // Fast path: one value per field, one walk down the nested maps (none for a repeat).
          const memo = (tupleMemo ??= rt.memo(nested));
          const last = memo.keys;
          let same = last.length === n;
          // Compared in the index's nesting order: lookups on the same fields in another
          // order share this index and its memo.
          for (let i = 0; same && i < n; i++) same = last[i] === values[perm[i]!];
          if (same) return memo.hit ?? EMPTY;
          let m: unknown = nested;
          for (let i = 0; i < n && m !== undefined; i++) m = (m as Map<unknown, unknown>).get(values[perm[i]!]);
          for (let i = 0; i < n; i++) last[i] = values[perm[i]!];
          last.length = n;
          const hit = m as readonly Rec[] | undefined;
          memo.hit = hit;
          return hit ?? EMPTY;
        }
        fresh = true;
        let keys: unknown[][] = [[]];
        for (const v of values) {
          const vs = Array.isArray(v) ? [...new Set(v as unknown[])].filter((x) => x !== null && x !== undefined) : [v];
          keys = keys.flatMap((k) => vs.map((x) => [...k, x]));
        }
        const out: Rec[] = [];
        for (const k of keys) {
          const m = DataRuntime.probe(
            nested,
            perm.map((i) => k[i]),
          );
          if (m) for (const x of m) out.push(x);
        }
        return out;
      };
    }
  }
  const where = l.where ? cc.cond(l.where).test : undefined;
  const part = partitionFor(cc, l);
  const filterWith = cc.filterWith;
  const name = l.name;
  const orderBy = l.orderBy;
  const one = l.one;
  return (ctx) => {
    let list = fetch(ctx) as readonly Rec[];
    if (where && list.length > 0) {
      if (part && !fresh && list.length >= PARTITION_MIN) list = part(ctx, list);
      if (list.length > 0) list = filterWith(ctx, name, list, where) as Rec[];
    }
    if (orderBy.length > 0 && list.length > 1) list = sortRecords([...list], orderBy);
    if (one) return list[0] ?? null;
    return list;
  };
}
