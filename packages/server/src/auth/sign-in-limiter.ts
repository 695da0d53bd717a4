/**
 * Sign-in throttling, in memory: progressive delays, never a lock-out. Failed attempts are
 * counted per account, per account and address, and per address; past a few free failures each
 * further attempt must wait a delay that doubles with every failure. The delay an account's
 * failures impose on *other* addresses is capped low (30 s by default), and an address the
 * account signed in from before is not delayed by them at all — so a guesser slows down
 * themselves, not the rightful owner. Counters are forgotten a window after their last failure.
 */

export interface SignInLimits {
  /**
   * Counters are forgotten this long after their last failure, in milliseconds.
   * @default 900000 (15 minutes)
   */
  readonly windowMs?: number;
  /**
   * Failed attempts per account (and per account and address) before delays start.
   * @default 5
   */
  readonly perKey?: number;
  /**
   * Failed attempts per address, any account, before delays start (a village kiosk serves many
   * people).
   * @default 30
   */
  readonly perClient?: number;
  /**
   * The first delay, in milliseconds; each further failure doubles it.
   * @default 1000
   */
  readonly baseDelayMs?: number;
  /**
   * The longest delay an account's failures impose on an address that did not fail itself.
   * @default 30000
   */
  readonly maxAccountDelayMs?: number;
  /**
   * The longest delay an address's own failures impose on it.
   * @default 900000 (15 minutes)
   */
  readonly maxDelayMs?: number;
}

interface Counter {
  n: number;
  last: number;
}

const MAX_COUNTERS = 100_000;
const MAX_KNOWN_PER_ACCOUNT = 32;

/**
 * @example
 * ```ts
 * const limiter = new SignInLimiter({ perKey: 5 });
 * const r = limiter.admit(ip, `user:${username}`, Date.now());
 * if (!r.ok) throw tooMany(r.retryAfterSeconds);
 * if (wrong) limiter.fail(ip, `user:${username}`, Date.now()); else limiter.succeed(ip, `user:${username}`);
 * ```
 */
export class SignInLimiter {
  readonly #windowMs: number;
  readonly #perKey: number;
  readonly #perClient: number;
  readonly #baseMs: number;
  readonly #maxAccountMs: number;
  readonly #maxMs: number;
  readonly #counters = new Map<string, Counter>();
  /** Account key → addresses it signed in from. */
  readonly #known = new Map<string, string[]>();

  constructor(limits: SignInLimits = {}) {
    this.#windowMs = limits.windowMs ?? 15 * 60_000;
    this.#perKey = limits.perKey ?? 5;
    this.#perClient = limits.perClient ?? 30;
    this.#baseMs = limits.baseDelayMs ?? 1000;
    this.#maxAccountMs = limits.maxAccountDelayMs ?? 30_000;
    this.#maxMs = limits.maxDelayMs ?? 15 * 60_000;
  }

  #counter(id: string, now: number): Counter | undefined {
    const c = this.#counters.get(id);
    if (c && now - c.last > this.#windowMs) {
      this.#counters.delete(id);
      return undefined;
    }
    return c;
  }

  /** Milliseconds still to wait given a counter, its free failures and its cap. */
  #wait(c: Counter | undefined, free: number, cap: number, now: number): number {
    if (!c || c.n < free) return 0;
    const delay = Math.min(cap, this.#baseMs * 2 ** Math.min(c.n - free, 30));
    return Math.max(0, c.last + delay - now);
  }

  /**
   * Whether an attempt may go ahead now; when not, how many seconds until it may. A refused
   * attempt does not count as a failure.
   */
  admit(client: string, key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const known = this.#known.get(key)?.includes(client) ?? false;
    const wait = Math.max(
      this.#wait(this.#counter(`pair:${key}|${client}`, now), this.#perKey, this.#maxMs, now),
      known ? 0 : this.#wait(this.#counter(`key:${key}`, now), this.#perKey, this.#maxAccountMs, now),
      this.#wait(this.#counter(`client:${client}`, now), this.#perClient, this.#maxMs, now),
    );
    return wait > 0 ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } : { ok: true };
  }

  /** Records a failed attempt. */
  fail(client: string, key: string, now: number): void {
    if (this.#counters.size > MAX_COUNTERS) this.#prune(now);
    for (const id of [`pair:${key}|${client}`, `key:${key}`, `client:${client}`]) {
      const c = this.#counter(id, now);
      if (c) {
        c.n++;
        c.last = now;
      } else this.#counters.set(id, { n: 1, last: now });
    }
  }

  /** Records a successful sign-in: the address is known to the account from now on. */
  succeed(client: string, key: string): void {
    this.#counters.delete(`pair:${key}|${client}`);
    const known = (this.#known.get(key) ?? []).filter((c) => c !== client);
    known.push(client);
    if (this.#known.size > MAX_COUNTERS) this.#known.clear();
    this.#known.set(key, known.slice(-MAX_KNOWN_PER_ACCOUNT));
  }

  #prune(now: number): void {
    for (const [id, c] of this.#counters) if (now - c.last > this.#windowMs) this.#counters.delete(id);
    if (this.#counters.size > MAX_COUNTERS) this.#counters.clear();
  }
}
