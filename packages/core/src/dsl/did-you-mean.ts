/** How close a name must be to a known one to be suggested. */
export interface DidYouMeanOptions {
  /**
   * The edit distance allowed however short the name; a longer name may be a third of its
   * length away.
   * @default 1
   */
  readonly minDistance?: number;
  /**
   * When nothing is close enough, suggest the one known name that starts with the name (an
   * abbreviation: `--form` for `--format`).
   * @default false
   */
  readonly prefix?: boolean;
}

/**
 * Suggests the closest known name for a misspelt one (Levenshtein distance, case ignored, ≤ 1/3
 * of its length and at least `minDistance`).
 *
 * @example
 * ```ts
 * didYouMean('paymentz', ['payments', 'persons']); // 'payments'
 * didYouMean('--form', ['--format', '--out'], { minDistance: 2, prefix: true }); // '--format'
 * ```
 */
export function didYouMean(name: string, known: Iterable<string>, options: DidYouMeanOptions = {}): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const candidates = options.prefix ? [...known] : known;
  for (const k of candidates) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best !== undefined && bestD <= Math.max(options.minDistance ?? 1, Math.floor(name.length / 3))) return best;
  if (!options.prefix) return undefined;
  const prefixed = (candidates as string[]).filter((c) => c.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}
