/**
 * A per-client limit on the public routes (公示, 村务公开): a fixed window of requests per
 * address, in memory. A village kiosk or a WeChat gateway shares one address among many
 * people, so the default is generous; a scraper walking every village is slowed down.
 */

export interface PublicRateLimits {
  /**
   * Requests one address may make per window.
   * @default 120
   */
  readonly perWindow?: number;
  /**
   * The window, in milliseconds.
   * @default 60000
   */
  readonly windowMs?: number;
}

const MAX_CLIENTS = 100_000;

/**
 * @example
 * ```ts
 * const limiter = new PublicRateLimiter({ perWindow: 60 });
 * const r = limiter.take(req.ip, Date.now());
 * if (!r.ok) reply.code(429).header('retry-after', String(r.retryAfterSeconds));
 * ```
 */
export class PublicRateLimiter {
  readonly #per: number;
  readonly #windowMs: number;
  readonly #clients = new Map<string, { start: number; n: number }>();

  constructor(limits: PublicRateLimits = {}) {
    this.#per = limits.perWindow ?? 120;
    this.#windowMs = limits.windowMs ?? 60_000;
  }

  /** Counts a request of `client`; refuses it past the limit, saying when to come back. */
  take(client: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let c = this.#clients.get(client);
    if (!c || now - c.start >= this.#windowMs) {
      if (this.#clients.size >= MAX_CLIENTS) this.#prune(now);
      c = { start: now, n: 0 };
      this.#clients.set(client, c);
    }
    if (c.n >= this.#per) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((c.start + this.#windowMs - now) / 1000)) };
    c.n++;
    return { ok: true };
  }

  #prune(now: number): void {
    for (const [k, c] of this.#clients) if (now - c.start >= this.#windowMs) this.#clients.delete(k);
    if (this.#clients.size >= MAX_CLIENTS) this.#clients.clear();
  }
}
