/**
 * Partitioned `where` for a join lookup: when the `where` requires `equal` between an
 * expression of the candidate alone and one of the subject alone (`$substring(twins.id_number,
 * 6, 8) = birth_digits`), each index bucket the lookup probes is split once by the candidate
 * side, and a subject filters only its own part of the bucket instead of the whole of it.
 * Exact: only used while every key is a string or a small integer (where `equal`'s numeric
 * tolerance cannot join two different values), and the full `where` still filters the part.
 */
import { parseExpression, rootNames } from '../dsl/expression.js';
import { BUILTIN_OPERATORS } from '../dsl/operators.js';
import type { LookupPlan, RulePlan } from '../plan/rule-plan.js';
import { factSource } from './compile-condition.js';
import { requiredLeaves } from './condition-leaves.js';
import type { Rec } from './data-runtime.js';
import { EMPTY, type Ctx, type Fn } from './rule-context.js';
import type { RuleCompilation } from './rule-compilation.js';

/** Buckets smaller than this are filtered element by element. */
export const PARTITION_MIN = 8;

const SELF_ROOTS = new Set(['subject', 'group', 'rows', 'row']);

/**
 * Whether an expression's value cannot change with the candidate bound to lookup `name`: it
 * reads only the subject (or group) and facts and plain lookups that do the same.
 */
function independentOf(plan: RulePlan, src: string, name: string, seen: Set<string> = new Set()): boolean {
  if (src.includes('$$') || new RegExp(`(^|[^\\w$])${name}(?!\\w)`).test(src)) return false;
  for (const r of rootNames(parseExpression(src))) {
    if (SELF_ROOTS.has(r) || seen.has(r)) continue;
    seen.add(r);
    const f = plan.facts.find((x) => x.name === r);
    if (f) {
      if (!independentOf(plan, f.expr, name, seen)) return false;
      continue;
    }
    const lk = plan.lookups.find((x) => x.name === r);
    if (lk && lk.kind === 'join' && !lk.where && lk.on.every((o) => independentOf(plan, o.expr, name, seen))) continue;
    return false;
  }
  return true;
}

const smallInt = (v: unknown): boolean => typeof v !== 'number' || (Number.isInteger(v) && Math.abs(v) < 1e8);

/** The partitioning of lookup `l`'s buckets, or `undefined` when its `where` has no such `equal`. */
export function partitionFor(cc: RuleCompilation, l: LookupPlan): ((ctx: Ctx, list: readonly Rec[]) => readonly Rec[]) | undefined {
  if (l.kind !== 'join' || !l.where || cc.exec.operators['equal']?.fn !== BUILTIN_OPERATORS['equal']!.fn) return undefined;
  const cands: Fn[] = [];
  const probes: Fn[] = [];
  for (const leaf of requiredLeaves(l.where)) {
    const v = leaf.value;
    if (leaf.operator !== 'equal' || v === null || typeof v !== 'object' || Array.isArray(v) || !('fact' in v) || v.fn) continue;
    const left = factSource(leaf.fact, leaf.path);
    const right = factSource(v.fact, v.path);
    const roots = rootNames(parseExpression(left));
    if (roots.length !== 1 || roots[0] !== l.name || left.includes('$$') || !independentOf(cc.plan, right, l.name)) continue;
    cands.push(cc.expr(left));
    probes.push(cc.expr(right));
  }
  const depth = cands.length;
  if (depth === 0) return undefined;
  const name = l.name;
  const slotOf = cc.slotOf;
  // null: a bucket whose keys are not all exact (see above); it is filtered as a whole.
  const parts = new WeakMap<readonly Rec[], Map<unknown, unknown> | null>();
  const split = (ctx: Ctx, list: readonly Rec[]): Map<unknown, unknown> | null => {
    const i = slotOf.get(name)!;
    const wasPending = ctx.pending[i]!;
    const saved = ctx.cand[i];
    ctx.pending[i] = 1;
    const top = new Map<unknown, unknown>();
    let ok = true;
    for (const e of list) {
      ctx.cand[i] = e;
      let m = top;
      for (let d = 0; d < depth; d++) {
        const k = cands[d]!(ctx);
        if (!smallInt(k)) {
          ok = false;
          break;
        }
        let next = m.get(k);
        if (next === undefined) m.set(k, (next = d === depth - 1 ? [] : new Map()));
        if (d === depth - 1) (next as Rec[]).push(e);
        else m = next as Map<unknown, unknown>;
      }
      if (!ok) break;
    }
    ctx.pending[i] = wasPending;
    ctx.cand[i] = saved;
    return ok ? top : null;
  };
  const values: unknown[] = new Array<unknown>(depth);
  return (ctx, list) => {
    for (let d = 0; d < depth; d++) {
      const v = probes[d]!(ctx);
      if (!smallInt(v)) return list;
      values[d] = v;
    }
    let p = parts.get(list);
    if (p === undefined) parts.set(list, (p = split(ctx, list)));
    if (p === null) return list;
    let m: unknown = p;
    for (let d = 0; d < depth && m !== undefined; d++) m = (m as Map<unknown, unknown>).get(values[d]);
    return (m as readonly Rec[] | undefined) ?? EMPTY;
  };
}
