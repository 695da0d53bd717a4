/**
 * Fuzz tests of the file readers (issue #16), properties in `readers-cases.ts`: arbitrary and
 * broken CSV, JSON, NDJSON and XLSX files end in a Sunshine error naming the file or in counts
 * where every row is loaded or rejected — never another error (a stack trace) and never a hang:
 * the properties run in a worker thread, and a case that has not finished within its budget
 * fails the test, even one stuck in a synchronous loop.
 *
 * Few small cases by default, so that the file takes seconds on two cores; `FUZZ_RUNS=1000`
 * runs more, `FUZZ_SEED=n` replays a failure.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzSettings, IsolatedFuzz } from './isolated.js';

const { runs, seed } = fuzzSettings(40);
/** A case's budget in the worker: its own limit (3 s) plus room for a busy machine. */
const fuzz = new IsolatedFuzz(new URL('./readers-cases.ts', import.meta.url), 10_000);
afterAll(() => fuzz.close());

const properties: [string, string][] = [
  ['csvRows', 'every written CSV row is loaded or rejected, in UTF-8, UTF-8 with BOM and GB18030'],
  ['csvBytes', 'arbitrary, mutated and truncated CSV bytes end in a Sunshine error or in counts that add up'],
  ['jsonRows', 'every JSON element and NDJSON line is loaded or rejected'],
  ['jsonBroken', 'broken JSON and NDJSON end in a Sunshine error naming the file, or in rejected lines'],
  ['xlsxRows', 'every written worksheet row is loaded or rejected'],
  ['xlsxCorrupt', 'corrupt workbooks end in a Sunshine error or in counts that add up'],
];

describe('file readers under fuzzing', () => {
  for (const [name, title] of properties) {
    it(title, async () => {
      expect(await fuzz.run(name, runs, seed)).toBeGreaterThan(0);
    }, 120_000);
  }
});
