/**
 * The rule context at run time: one object per compiled rule whose names (lookups, aggregates,
 * facts) are lazy, memoised getters, reused from one subject to the next. A condition that
 * fails early never pays for the lookups it did not need, and the loop allocates nothing per
 * row: moving to the next subject is `gen++`.
 */
import type { Rec } from './data-runtime.js';

/** The run-time rule context: the subject (or group) and a memo slot per name. */
export interface Ctx {
  gen: number;
  stamp: Int32Array;
  vals: unknown[];
  /** 1 where a candidate is bound to the slot (a `where` filtering the name's elements). */
  pending: Uint8Array;
  cand: unknown[];
  subject: Rec | undefined;
  row: Rec | undefined;
  group: Record<string, unknown> | undefined;
  rows: readonly Rec[] | undefined;
  [name: string]: unknown;
}

/** A compiled value of the context. */
export type Fn = (ctx: Ctx) => unknown;
/** A compiled test of the context. */
export type Test = (ctx: Ctx) => boolean;

/** The empty list every lookup and group returns instead of allocating one. */
export const EMPTY: readonly Rec[] = Object.freeze([]);

/** A value as a list: nothing is empty, a list is itself, anything else a list of one. */
export const asList = (v: unknown): readonly unknown[] => (v === null || v === undefined ? EMPTY : Array.isArray(v) ? v : [v]);

/** Builds a context class whose `names` are lazy, memoised getters computed by `computers`. */
export function contextClass(names: readonly string[], computers: Fn[]): new () => Ctx {
  const n = names.length;
  class RuleContext {
    gen = 0;
    stamp = new Int32Array(n).fill(-1);
    vals: unknown[] = new Array<unknown>(n).fill(undefined);
    pending = new Uint8Array(n);
    cand: unknown[] = new Array<unknown>(n).fill(undefined);
    subject: Rec | undefined = undefined;
    row: Rec | undefined = undefined;
    group: Record<string, unknown> | undefined = undefined;
    rows: readonly Rec[] | undefined = undefined;
  }
  names.forEach((name, i) => {
    Object.defineProperty(RuleContext.prototype, name, {
      get(this: Ctx) {
        if (this.pending[i] === 1) return this.cand[i];
        if (this.stamp[i] === this.gen) return this.vals[i];
        const v = computers[i]!(this);
        this.vals[i] = v;
        this.stamp[i] = this.gen;
        return v;
      },
      enumerable: true,
    });
  });
  return RuleContext as unknown as new () => Ctx;
}
