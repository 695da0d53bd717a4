/**
 * Prefilters that reject a record before any context work — both exact, because they only
 * skip records that cannot match:
 * - semi-join reduction: a required `notEmpty` on a lookup keyed by one field of the record
 *   fails when that field's value is not in the index;
 * - keyed verdicts: a required leaf that reads only such a lookup (e.g. `fund.kind =
 *   means_tested`) has one verdict per key value, so it is evaluated once per fund, not once
 *   per payment, and cached.
 */
import type { LeafCondition } from '../dsl/rule-schema.js';
import { stepReader } from '../dsl/expression.js';
import type { LookupPlan } from '../plan/rule-plan.js';
import { condRoots } from './condition-leaves.js';
import type { Rec } from './data-runtime.js';
import type { Ctx } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';

/**
 * The prefilter of records named `recordName` (`subject`, or a grouped subject's `row`) for
 * the required `leaves`; `evaluate` runs a test on a record in its context. `undefined` when
 * no leaf lends itself to one.
 */
export function prefilterFor(
  cc: RuleCompilation,
  leaves: readonly LeafCondition[],
  lookups: readonly LookupPlan[],
  recordName: 'subject' | 'row',
  evaluate: (r: Rec, test: (ctx: Ctx) => boolean) => boolean,
): ((r: Rec) => boolean) | undefined {
  const checks: ((r: Rec) => boolean)[] = [];
  const keyedBy = (name: string): { lookup: LookupPlan; field: string } | undefined => {
    const l = lookups.find((x) => x.name === name && x.kind === 'join' && x.on.length === 1);
    if (!l) return undefined;
    const m = new RegExp(`^${recordName}\\.([A-Za-z_]\\w*)$`).exec(l.on[0]!.expr.trim());
    if (!m) return undefined;
    if (l.where) {
      const roots = condRoots(l.where);
      if (!roots || [...roots].some((n) => n !== l.name)) return undefined;
    }
    return { lookup: l, field: m[1]! };
  };
  for (const leaf of leaves) {
    if (leaf.operator === 'notEmpty' && !leaf.path) {
      const k = keyedBy(leaf.fact);
      if (k) {
        const idx = cc.rt.index(k.lookup.dataset, [k.lookup.on[0]!.field]);
        const read = stepReader(k.field) as (r: Rec) => unknown;
        checks.push((r) => {
          const v = read(r);
          return v !== null && v !== undefined && idx.has(v);
        });
        if (!k.lookup.where) continue;
      }
    }
    const roots = condRoots(leaf);
    if (!roots || roots.size !== 1) continue;
    const only = [...roots][0]!;
    const k = keyedBy(only);
    if (!k) continue;
    const read = stepReader(k.field) as (r: Rec) => unknown;
    const cache = new Map<unknown, boolean>();
    const test = cc.cond(leaf).test;
    // Records come in runs of one key (payments by fund): the last verdict answers most.
    let lastKey: unknown;
    let lastVerdict = false;
    let primed = false;
    checks.push((r) => {
      const v = read(r);
      if (primed && v === lastKey) return lastVerdict;
      let verdict = cache.get(v);
      if (verdict === undefined) {
        verdict = evaluate(r, test);
        cache.set(v, verdict);
      }
      lastKey = v;
      lastVerdict = verdict;
      primed = true;
      return verdict;
    });
  }
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (r) => {
    for (const c of checks) if (!c(r)) return false;
    return true;
  };
}
