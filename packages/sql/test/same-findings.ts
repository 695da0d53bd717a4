/**
 * The equivalence check of the executor tests: an executor's run must skip and run the same
 * rules as the in-process engine and give the same findings (JSON lines), byte for byte. A
 * difference fails with the first few missing and unexpected lines, readable, before the full
 * comparison.
 */
import { expect } from 'vitest';
import type { RunResult } from '@sunshine/core';

/** Findings as lines, for a readable diff. */
export const findingLines = (r: RunResult): string[] => r.findings.map((f) => JSON.stringify(f));

/**
 * Asserts that `got` found exactly what `want` (the in-process run) found.
 *
 * @example
 * ```ts
 * expectSameFindings(await runSql(engine, db), await engine.run(data));
 * ```
 */
export function expectSameFindings(got: RunResult, want: RunResult, options: { readonly minFindings?: number } = {}): void {
  expect(got.rulesRun).toEqual(want.rulesRun);
  expect(got.rulesSkipped).toEqual(want.rulesSkipped);
  expect(want.findings.length).toBeGreaterThan(options.minFindings ?? 100);
  const wanted = findingLines(want);
  const found = findingLines(got);
  const wantedSet = new Set(wanted);
  const foundSet = new Set(found);
  const missing = wanted.filter((l) => !foundSet.has(l)).slice(0, 5);
  const unexpected = found.filter((l) => !wantedSet.has(l)).slice(0, 5);
  expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
  expect(found).toEqual(wanted);
}
