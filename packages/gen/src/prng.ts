/**
 * A small deterministic pseudo-random generator (sfc32, seeded through splitmix32). The
 * generator never touches `Math.random` or the clock: the same seed gives the same county,
 * byte for byte.
 */

/** 32-bit FNV-1a over the parts (numbers as their decimal text), then an avalanche mix. */
export function hash32(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === 'number' ? String(part) : part;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x7c; // separator
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * sfc32 with helpers. Streams are derived by label ({@link Prng.derive}), so one part of the
 * county can change without shifting the random numbers of every other part.
 *
 * @example
 * ```ts
 * const rng = Prng.derive(1, 'persons');
 * rng.int(1, 6); // a household size
 * ```
 */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    const sm = splitmix32(seed);
    this.#a = sm();
    this.#b = sm();
    this.#c = sm();
    this.#d = sm();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A generator for a named stream of a seed. */
  static derive(seed: number, ...labels: readonly (string | number)[]): Prng {
    return new Prng(hash32(seed, ...labels));
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** `true` with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** An element drawn with the given weights (same length, not all zero). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** An element drawn with precomputed cumulative weights (ascending, last = total). */
  weightedCumulative<T>(items: readonly T[], cumulative: readonly number[]): T {
    const x = this.float() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** A roughly normal value (sum of four uniforms), mean 0, standard deviation 1. */
  normal(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * 1.7320508075688772;
  }
}
