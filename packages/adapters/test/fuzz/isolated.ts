/**
 * Fuzz properties run in a worker thread, so that no case can hang the test run: each case
 * reports as it starts, and a case that has not finished within its time budget — even one
 * stuck in a synchronous endless loop, which no timer in its own thread could stop — gets the
 * worker terminated and the test failed, naming the property, the case and the seed to replay.
 */
import { Worker } from 'node:worker_threads';

/** Time for the worker to start and load the sources (tsx transforms on first use). */
const STARTUP_MS = 60_000;

export interface FuzzContext {
  /** Cases to run. */
  readonly runs: number;
  /** fast-check's seed, to replay a failure. */
  readonly seed: number;
  /** Call as each case starts. */
  readonly tick: () => void;
}

/** A property: runs `runs` cases with `fc.assert`, calling `tick` at the start of each. */
export type FuzzProperty = (ctx: FuzzContext) => Promise<void>;

interface Message {
  readonly ready?: boolean;
  readonly tick?: string;
  readonly done?: string;
  readonly error?: string;
}

/**
 * A worker running the properties of one module (`export const cases = { name: property }`),
 * one at a time; after a hang the next property gets a fresh worker.
 */
export class IsolatedFuzz {
  readonly #module: URL;
  readonly #caseMs: number;
  #worker: Promise<Worker> | undefined;

  /** `module` exports `cases`; a case gets `caseMs` to finish. */
  constructor(module: URL, caseMs: number) {
    this.#module = module;
    this.#caseMs = caseMs;
  }

  #start(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { execArgv: ['--conditions=@sunshine/source'], workerData: { module: this.#module.href } });
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`the fuzz worker did not start within ${STARTUP_MS / 1000} s`));
      }, STARTUP_MS);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve(worker);
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Runs one property; resolves with the number of cases run (shrinking included). */
  async run(name: string, runs: number, seed: number): Promise<number> {
    const worker = await (this.#worker ??= this.#start());
    return new Promise((resolve, reject) => {
      let cases = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          finish();
          this.#worker = undefined;
          void worker.terminate();
          reject(new Error(`${name}: case ${cases} did not finish within ${this.#caseMs} ms (a hang?); replay with FUZZ_SEED=${seed}`));
        }, this.#caseMs);
      };
      const onMessage = (m: Message): void => {
        if (m.tick === name) {
          cases++;
          arm();
        } else if (m.done === name) {
          finish();
          if (m.error === undefined) resolve(cases);
          else reject(new Error(`${name} (FUZZ_SEED=${seed}): ${m.error}`));
        }
      };
      const onError = (e: Error): void => {
        finish();
        this.#worker = undefined;
        reject(e);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      arm();
      worker.postMessage({ name, runs, seed });
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w !== undefined) await (await w).terminate();
  }
}

/** Cases per property (`FUZZ_RUNS`) and the seed (`FUZZ_SEED`, else a random one, printed on failure). */
export function fuzzSettings(defaultRuns: number): { runs: number; seed: number } {
  const runs = Number(process.env['FUZZ_RUNS'] ?? defaultRuns);
  const seed = process.env['FUZZ_SEED'] === undefined ? (Math.random() * 2 ** 31) | 0 : Number(process.env['FUZZ_SEED']);
  return { runs, seed };
}
