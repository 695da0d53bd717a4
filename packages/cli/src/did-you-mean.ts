import { didYouMean as closest } from '@sunshine/core';

/**
 * The candidate closest to `input`, when it is close enough to be a likely typo: core's
 * `didYouMean`, a little more forgiving for flags, commands and rule ids (distance 2 always
 * allowed, and a unique prefix taken as an abbreviation).
 *
 * @example
 * ```ts
 * didYouMean('--fromat', ['--format', '--out']); // '--format'
 * ```
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  return closest(input, candidates, { minDistance: 2, prefix: true });
}
