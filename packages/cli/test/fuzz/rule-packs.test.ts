/**
 * Fuzz test of rule packs (issue #16), the property in `rule-packs-cases.ts`: mutated
 * standard-library rules through `validate`, and `run` when they pass, end in 0, 1 or 2
 * without a stack trace. The property runs in a worker thread (the harness of the adapters'
 * fuzz tests), so that a case stuck even in a synchronous loop fails the test instead of
 * hanging it. `FUZZ_RUNS=500` runs more cases, `FUZZ_SEED=n` replays a failure.
 */
import { afterAll, expect, it } from 'vitest';
import { fuzzSettings, IsolatedFuzz } from '../../../adapters/test/fuzz/isolated.js';

const { runs, seed } = fuzzSettings(40);
/** A case's budget in the worker: its own limit (5 s) plus room for a busy machine. */
const fuzz = new IsolatedFuzz(new URL('./rule-packs-cases.ts', import.meta.url), 15_000);
afterAll(() => fuzz.close());

it('mutated rule packs: validate and run end in 0, 1 or 2 with a message, never a stack trace or a hang', async () => {
  expect(await fuzz.run('rulePacks', runs, seed)).toBeGreaterThan(0);
}, 120_000);
