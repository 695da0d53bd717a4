/**
 * The row stage of a grouped subject: each record of the dataset, in a context of its own
 * (`row` and the subject's row lookups), is filtered by the subject's `where` and gets its
 * group key. Staging allocates nothing: the key's parts land in one reused array.
 */
import type { Rec } from './data-runtime.js';
import { keyPart } from './data-runtime.js';
import { requiredLeaves } from './condition-leaves.js';
import { compileLookup } from './lookups.js';
import { prefilterFor } from './prefilters.js';
import { contextClass, type Fn } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';

export interface RowStage {
  /**
   * The grouping step of one record: `false` when the record is filtered out or a key is null;
   * otherwise `true`, with the group key's parts (as text) in {@link keys}.
   */
  readonly stage: (row: Rec) => boolean;
  /** The last staged record's key parts, as text (reused). */
  readonly keys: string[];
  /** A record's group key values, as they are (for the group view and screening). */
  readonly rowKeys: (row: Rec) => unknown[];
}

/** Compiles the row stage of the plan's grouped subject (its row lookups, `where` and `groupBy`). */
export function compileRowStage(cc: RuleCompilation): RowStage {
  const plan = cc.plan;
  const stageKeys: string[] = [];
  const rowNames: string[] = [];
  const rowComputers: Fn[] = [];
  const rowSlots = new Map<string, number>();
  for (const l of plan.subject.rowLookups) {
    rowSlots.set(l.name, rowNames.length);
    rowNames.push(l.name);
    rowComputers.push(compileLookup(cc, l));
  }
  // A row lookup's `where` binds candidates to its slot in the row context, not the rule's.
  for (const l of plan.subject.rowLookups) if (l.where) cc.slotOf.set(l.name, rowSlots.get(l.name)!);
  const RowCtx = contextClass(rowNames, rowComputers);
  const rctx = new RowCtx();
  const where = plan.subject.where ? cc.cond(plan.subject.where).test : undefined;
  const fns = plan.subject.groupBy.map((g) => cc.expr(g.expr));
  const n = fns.length;
  const rowPrefilter = prefilterFor(cc, requiredLeaves(plan.subject.where), plan.subject.rowLookups, 'row', (r, test) => {
    rctx.gen++;
    rctx.row = r;
    return test(rctx);
  });
  const stage = (row: Rec): boolean => {
    if (rowPrefilter && !rowPrefilter(row)) return false;
    rctx.gen++;
    rctx.row = row;
    if (where && !where(rctx)) return false;
    for (let i = 0; i < n; i++) {
      const v = fns[i]!(rctx);
      if (v === null || v === undefined) return false;
      stageKeys[i] = keyPart(v);
    }
    return true;
  };
  const rowKeys = (row: Rec): unknown[] => {
    rctx.gen++;
    rctx.row = row;
    return fns.map((f) => f(rctx));
  };
  return { stage, keys: stageKeys, rowKeys };
}
