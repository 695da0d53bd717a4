/** Edit distance (Levenshtein) between two short strings. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `input`, when it is close enough to be a likely typo.
 *
 * @example
 * ```ts
 * didYouMean('--fromat', ['--format', '--out']); // '--format'
 * ```
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(input.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  if (best !== undefined && bestD <= limit) return best;
  // A prefix is a likely abbreviation (`--form` for `--format`).
  const prefixed = candidates.filter((c) => c.startsWith(input));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
