/**
 * A time budget for one rule at a time. The engine restarts it as each rule (or each shared
 * pass) begins; the compiled rule ticks it in its inner loops (lookup filters, groups), so a
 * runaway rule — a lookup without a key over millions of rows, say — ends with an error for
 * that rule instead of a process or server that never answers.
 */

import { SunshineError } from '../errors.js';

/** Thrown by `RuleBudget.tick` (the engine's per-rule time budget) when the rule has used up its time. */
export class RuleTimeoutError extends SunshineError {
  override readonly name = 'RuleTimeoutError';
  declare readonly code: 'TIMEOUT';
  constructor(readonly ms: number) {
    super('TIMEOUT', `the rule ran longer than its time budget of ${ms / 1000} s`);
  }
}

export class RuleBudget {
  #until = Number.POSITIVE_INFINITY;
  #ticks = 0;

  /** @param ms milliseconds a rule may run; 0 or Infinity for no limit. */
  constructor(readonly ms: number) {}

  /** Starts the budget anew (a new rule, or a shared pass after it stopped a rule). */
  restart(): void {
    this.#until = this.ms > 0 && Number.isFinite(this.ms) ? performance.now() + this.ms : Number.POSITIVE_INFINITY;
  }

  stop(): void {
    this.#until = Number.POSITIVE_INFINITY;
  }

  expired(): boolean {
    return performance.now() > this.#until;
  }

  /** Called from inner loops: looks at the clock every 4,096 ticks. */
  tick(): void {
    if ((++this.#ticks & 4095) === 0 && performance.now() > this.#until) throw new RuleTimeoutError(this.ms);
  }
}
