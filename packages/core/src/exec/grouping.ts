/**
 * Grouped subjects: the groups (shared by every rule of the run that groups one dataset the
 * same way, or read straight from a hash index), their date-window clusters, the walk over
 * them with the `group` view set, and the baseline series built from that walk.
 */
import { dayNumber } from '../schema/values.js';
import { compositeKey, DataRuntime, type Rec } from './data-runtime.js';
import { groupAdder, nestedStore, sampleNesting, type GroupStore, type Members } from './group-stores.js';
import { createGroupView, type GroupView } from './group-view.js';
import { compileRowStage } from './row-stage.js';
import type { Ctx } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';
import { sortRecords } from './sort-records.js';

interface Cluster {
  readonly rows: Rec[];
  readonly start: string;
  readonly end: string;
}

/** How to build a grouping's group map in someone else's pass over the dataset (see `CompiledRule.grouping`). */
export interface GroupingSpec {
  readonly id: string;
  readonly build: () => { add: (row: Rec) => void; done: () => void } | undefined;
  readonly index?: { readonly dataset: string; readonly fields: readonly string[] };
}

/** A grouped rule's groups, walked with the rule context's `group` and `rows` set. */
export interface Grouping {
  readonly view: GroupView;
  /** Builds the groups (and clusters) once. */
  readonly build: () => void;
  /** Visits every group (or window cluster) with the view set; stops when `visit` returns true. */
  readonly eachGroup: (visit: () => boolean | undefined) => number;
  /** Screening: the members of the group `record` would join, itself included; `undefined` when it is filtered out. */
  readonly joined: (record: Rec) => Rec[] | undefined;
  readonly setView: (rows: readonly Rec[]) => void;
  readonly spec: GroupingSpec;
}

/** Compiles the grouping of the plan's grouped subject over the rule context `ctx`. */
export function createGrouping(cc: RuleCompilation, ctx: Ctx): Grouping {
  const { plan, rt, registry, budget } = cc;
  const rs = compileRowStage(cc);
  const rowStage = rs.stage;
  const stageKeys = rs.keys;
  const rowKeys = rs.rowKeys;
  const addToGroups = groupAdder(rs);
  const view = createGroupView(
    plan.subject.groupBy.map((g) => g.name),
    rowKeys,
  );
  const single: Rec[] = [];

  let groups: GroupStore | undefined;
  let clusters: Cluster[] | undefined;
  // Rules that group one dataset the same way (same filter, keys and row lookups) share the map.
  const groupingSpec = JSON.stringify([plan.subject.dataset, plan.subject.where ?? null, plan.subject.groupBy.map((g) => g.expr), plan.subject.rowLookups]);
  const groupingParams = Object.keys(plan.params)
    .filter((p) => groupingSpec.includes(`$params.${p}`) || groupingSpec.includes(`"param":"${p}"`))
    .map((p) => [p, plan.params[p]]);
  const groupingId = JSON.stringify([groupingSpec, groupingParams]);
  /**
   * Groups keyed by plain fields of the record alone (`row.id_number`, no filter, no row
   * lookups) are exactly the buckets of the dataset's hash index on those fields, in the same
   * first-seen order: the index is used (often built already for a lookup) instead of a new map.
   */
  const plainFields = plan.subject.groupBy.map((g) => /^\s*row\.([A-Za-z_]\w*)\s*$/.exec(g.expr)?.[1]);
  const groupIndex =
    !plan.subject.where && plan.subject.rowLookups.length === 0 && plainFields.length > 0 && plainFields.every((f) => f !== undefined && registry.field(plan.subject.dataset, f) !== undefined)
      ? { dataset: plan.subject.dataset, fields: rt.nested(plan.subject.dataset, plainFields as string[]) }
      : undefined;
  // The index nests in the runtime's order; a record's key values are permuted to it.
  const groupPerm = groupIndex ? rt.nesting(plan.subject.dataset, plainFields as string[]) : undefined;

  const build = (): void => {
    if (groups) return;
    const store = rt.shared<GroupStore>(groupingId, () => {
      const order = groupIndex && rt.buckets(groupIndex.dataset, groupIndex.fields);
      if (order) {
        const idx = rt.index(groupIndex.dataset, groupIndex.fields) as Map<unknown, unknown>;
        return {
          order,
          find(_parts: readonly string[], values: () => readonly unknown[]): Members | undefined {
            const vs = values();
            return DataRuntime.probe(
              idx,
              groupPerm!.map((i) => vs[i]),
            ) as Rec[] | undefined;
          },
        };
      }
      const s0 = nestedStore(sampleNesting(rs, rt.rows(plan.subject.dataset), plan.subject.groupBy.length));
      for (const row of rt.rows(plan.subject.dataset)) addToGroups(s0, row);
      return s0;
    });
    groups = store;
    const w = plan.subject.window;
    if (w) {
      const order = [w.date, ...w.orderBy];
      clusters = [];
      for (const m of store.order) {
        const rows = Array.isArray(m) ? sortRecords([...m], order) : [m];
        let i = 0;
        while (i < rows.length) {
          const start = rows[i]![w.date] as string;
          const limit = dayNumber(start) + w.days;
          let j = i + 1;
          while (j < rows.length && dayNumber(rows[j]![w.date] as string) <= limit) j++;
          const members = rows.slice(i, j);
          clusters.push({ rows: members, start, end: members.at(-1)![w.date] as string });
          i = j;
        }
      }
    }
  };

  const setView = (rows: readonly Rec[], cluster?: Cluster): void => {
    ctx.gen++;
    view.version++;
    view.rows = rows;
    view.window_start = cluster?.start;
    view.window_end = cluster?.end;
    ctx.group = view as unknown as Record<string, unknown>;
    ctx.rows = rows;
  };
  const eachGroup = (visit: () => boolean | undefined): number => {
    build();
    let n = 0;
    if (clusters) {
      for (const c of clusters) {
        budget?.tick();
        setView(c.rows, c);
        n++;
        if (visit() === true) break;
      }
      return n;
    }
    for (const m of groups!.order) {
      budget?.tick();
      let rows: Rec[];
      if (Array.isArray(m)) rows = m;
      else {
        single[0] = m;
        rows = single;
      }
      setView(rows);
      n++;
      if (visit() === true) break;
    }
    return n;
  };

  if (plan.aggregates.some((a) => a.op === 'baseline')) {
    const baseline = cc.baseline;
    baseline.build = () => {
      const data = new Map<string, Map<string, unknown>>();
      baseline.data = data;
      const bases = plan.aggregates.filter((a) => a.op === 'baseline');
      // A copy: a lone member's rows array is reused by the pass below.
      const saved = { rows: [...view.rows], start: view.window_start, end: view.window_end };
      const g = view as unknown as Record<string, unknown>;
      for (const b of bases) {
        eachGroup(() => {
          const pk = compositeKey((b.partition ?? []).map((k) => g[k]));
          let series = data.get(pk);
          if (!series) data.set(pk, (series = new Map<string, unknown>()));
          series.set(String(g[b.period!]), ctx[b.of!]);
          return undefined;
        });
      }
      // Back to the group being evaluated; its memoised values are stale now.
      setView(saved.rows, saved.start === undefined ? undefined : { rows: saved.rows, start: saved.start, end: saved.end! });
    };
  }

  const joined = (record: Rec): Rec[] | undefined => {
    build();
    if (!rowStage(record)) return undefined;
    const m = groups!.find(stageKeys, () => rowKeys(record));
    return m === undefined ? [record] : Array.isArray(m) ? [...m, record] : [m, record];
  };

  const spec: GroupingSpec = {
    id: groupingId,
    ...(groupIndex ? { index: groupIndex } : {}),
    build: (): { add: (row: Rec) => void; done: () => void } | undefined => {
      if (rt.hasShared(groupingId) || (groupIndex && rt.buckets(groupIndex.dataset, groupIndex.fields))) return undefined;
      const store = nestedStore(sampleNesting(rs, rt.rows(plan.subject.dataset), plan.subject.groupBy.length));
      return { add: (row: Rec) => addToGroups(store, row), done: () => rt.shared<GroupStore>(groupingId, () => store) };
    },
  };

  return { view, build, eachGroup, joined, setView, spec };
}
