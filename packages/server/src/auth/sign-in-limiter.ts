/**
 * Rate limits for sign-in attempts, in memory: at most `perKey` failed attempts per account
 * (username or ID number) and `perClient` attempts of any outcome per client address, each
 * within a sliding window.
 */

export interface SignInLimits {
  /**
   * The window, in milliseconds.
   * @default 900000 (15 minutes)
   */
  readonly windowMs?: number;
  /**
   * Failed attempts per account within the window.
   * @default 5
   */
  readonly perKey?: number;
  /**
   * Attempts per client address within the window (a village kiosk serves many people).
   * @default 300
   */
  readonly perClient?: number;
}

/**
 * @example
 * ```ts
 * const limiter = new SignInLimiter({ perKey: 5 });
 * if (!limiter.admit(ip, `citizen:${id}`, Date.now()).ok) throw tooMany;
 * ```
 */
export class SignInLimiter {
  readonly #windowMs: number;
  readonly #perKey: number;
  readonly #perClient: number;
  readonly #failures = new Map<string, number[]>();
  readonly #attempts = new Map<string, number[]>();

  constructor(limits: SignInLimits = {}) {
    this.#windowMs = limits.windowMs ?? 15 * 60_000;
    this.#perKey = limits.perKey ?? 5;
    this.#perClient = limits.perClient ?? 300;
  }

  #recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const list = (map.get(key) ?? []).filter((t) => t > now - this.#windowMs);
    if (list.length === 0) map.delete(key);
    else map.set(key, list);
    return list;
  }

  /**
   * Records an attempt and says whether it may go ahead; when not, how many seconds until it may.
   */
  admit(client: string, key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const byClient = this.#recent(this.#attempts, client, now);
    const byKey = this.#recent(this.#failures, key, now);
    const full = byClient.length >= this.#perClient ? byClient : byKey.length >= this.#perKey ? byKey : undefined;
    if (full) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((full[0]! + this.#windowMs - now) / 1000)) };
    this.#attempts.set(client, [...byClient, now]);
    return { ok: true };
  }

  /** Records that an admitted attempt failed. */
  fail(key: string, now: number): void {
    this.#failures.set(key, [...this.#recent(this.#failures, key, now), now]);
  }

  /** Forgets an account's failures after a successful sign-in. */
  succeed(key: string): void {
    this.#failures.delete(key);
  }
}
