/**
 * Runs rules in a worker thread (`run-worker.ts`), so that a slow or runaway rule never holds
 * the event loop that answers requests. One worker is kept while it is healthy (it keeps the
 * tables of the last import and the planned engine); a run past the run-level limit terminates
 * it, and the next run starts a new one.
 *
 * The worker entry is found next to this module: `run-worker.js` in the built package
 * (a tsup entry of its own), `run-worker.ts` when the package runs from source (tests, where it
 * is loaded through tsx with the `@sunshine/source` condition).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SunshineError, type FailedRule, type Finding, type ParamOverrides, type Rule, type RuleExplanation, type Tables } from '@sunshine/core';

/** What a run in the worker returns. */
export interface WorkerRunResult {
  readonly findings: readonly Finding[];
  readonly rulesRun: readonly string[];
  readonly rulesSkipped: readonly { readonly rule: string; readonly reason: string }[];
  readonly rulesFailed: readonly FailedRule[];
}

interface EngineRequest {
  readonly id: number;
  /** Identifies rules, parameters and asOf: the worker reuses its engine while it stays the same. */
  readonly engineKey: string;
  readonly rules: readonly Rule[];
  readonly params: ParamOverrides;
  readonly asOf: string;
}

/** Messages to the worker. */
export type RunnerRequest =
  | (EngineRequest & { readonly type: 'prepare' })
  | (EngineRequest & {
      readonly type: 'run';
      readonly importId: string;
      /** Sent when the worker does not hold this import's tables yet. */
      readonly tables?: Tables | undefined;
      readonly missing: readonly string[];
      readonly ruleTimeoutMs?: number | undefined;
    })
  | {
      readonly type: 'explain';
      readonly id: number;
      readonly importId: string;
      readonly tables?: Tables | undefined;
      readonly rule: Rule;
      readonly params: ParamOverrides;
      readonly asOf: string;
      readonly key: string;
    };

/** Messages from the worker. */
export type RunnerReply =
  | { readonly type: 'ok'; readonly id: number }
  | { readonly type: 'done'; readonly id: number; readonly result: WorkerRunResult }
  /** The explanation as JSON text (it may hold values structured cloning refuses), or null when the key is unknown. */
  | { readonly type: 'explained'; readonly id: number; readonly json: string | null }
  | { readonly type: 'error'; readonly id: number; readonly stage: 'prepare' | 'run'; readonly message: string };

/** A failure of the rules' set-up (planning): nothing ran. */
export class RulePrepareError extends SunshineError {
  override readonly name = 'RulePrepareError';
  constructor(message: string) {
    super('INVALID_RULE', message);
  }
}

/** The run went past the run-level limit and its worker was terminated. */
export class RunTimeoutError extends SunshineError {
  override readonly name = 'RunTimeoutError';
  constructor(message: string) {
    super('TIMEOUT', message);
  }
}

function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // From source (vitest, tsx): load the TypeScript entry through tsx, resolving workspace
    // packages to their sources as the tests do.
    const entry = new URL('./run-worker.ts', here).href;
    const tsxPackage = createRequire(here).resolve('tsx/package.json');
    const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, execArgv: ['--conditions=@sunshine/source'] });
  }
  return new Worker(new URL('./run-worker.js', here));
}

type Pending = { resolve: (r: RunnerReply) => void; reject: (e: Error) => void };

export class RuleRunner {
  #worker: Worker | undefined;
  /** The import whose tables the current worker holds. */
  #held: string | undefined;
  #next = 1;
  readonly #pending = new Map<number, Pending>();

  #spawn(): Worker {
    if (this.#worker) return this.#worker;
    const w = spawnWorker();
    w.unref();
    const drop = (err: Error): void => {
      if (this.#worker !== w) return;
      this.#worker = undefined;
      this.#held = undefined;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    w.on('message', (m: RunnerReply) => {
      const p = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      // An idle worker does not keep the process alive; a busy one does.
      if (this.#pending.size === 0) w.unref();
      p?.resolve(m);
    });
    w.on('error', (e) => drop(new Error(`the rule worker failed: ${e.message}`, { cause: e })));
    w.on('exit', (code) => drop(new Error(`the rule worker stopped (exit code ${code})`)));
    this.#worker = w;
    return w;
  }

  #call(w: Worker, msg: RunnerRequest): Promise<RunnerReply> {
    return new Promise((resolve, reject) => {
      this.#pending.set(msg.id, { resolve, reject });
      w.ref();
      w.postMessage(msg);
    });
  }

  /** Plans the rules (throws {@link RulePrepareError} when they cannot be planned). */
  async prepare(req: Omit<EngineRequest, 'id'>): Promise<void> {
    const w = this.#spawn();
    const reply = await this.#call(w, { ...req, type: 'prepare', id: this.#next++ });
    if (reply.type === 'error') throw new RulePrepareError(reply.message);
  }

  /**
   * Runs the rules over an import. `tables` is asked only when the worker does not hold the
   * import yet. Past `runTimeoutMs` the worker is terminated and {@link RunTimeoutError} thrown.
   */
  async run(req: Omit<EngineRequest, 'id'> & { importId: string; tables: () => Promise<Tables>; missing: readonly string[]; ruleTimeoutMs?: number | undefined; runTimeoutMs?: number | undefined }): Promise<WorkerRunResult> {
    const { tables, runTimeoutMs, ...rest } = req;
    const w = this.#spawn();
    const send = this.#held === req.importId ? undefined : await tables();
    this.#held = req.importId;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      if (!runTimeoutMs) return;
      timer = setTimeout(() => {
        reject(new RunTimeoutError(`the run took longer than ${Math.round(runTimeoutMs / 1000)} s and was stopped`));
        void this.#terminate(w);
      }, runTimeoutMs);
    });
    try {
      const reply = await Promise.race([this.#call(w, { ...rest, type: 'run', id: this.#next++, tables: send }), limit]);
      if (reply.type === 'error') throw reply.stage === 'prepare' ? new RulePrepareError(reply.message) : new Error(reply.message);
      if (reply.type !== 'done') throw new Error(`unexpected reply from the rule worker: ${reply.type}`);
      return reply.result;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Explains one rule's verdict for one key in the worker (the data of a county takes seconds
   * to index; a custom rule may be slow). Past `timeoutMs` the worker is terminated.
   */
  async explain(req: { importId: string; tables: () => Promise<Tables>; rule: Rule; params: ParamOverrides; asOf: string; key: string; timeoutMs: number }): Promise<RuleExplanation | undefined> {
    const { tables, timeoutMs, ...rest } = req;
    const w = this.#spawn();
    const send = this.#held === req.importId ? undefined : await tables();
    this.#held = req.importId;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new RunTimeoutError(`the explanation took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
        void this.#terminate(w);
      }, timeoutMs);
    });
    try {
      const reply = await Promise.race([this.#call(w, { ...rest, type: 'explain', id: this.#next++, tables: send }), limit]);
      if (reply.type === 'error') throw new Error(reply.message);
      if (reply.type !== 'explained') throw new Error(`unexpected reply from the rule worker: ${reply.type}`);
      return reply.json === null ? undefined : (JSON.parse(reply.json) as RuleExplanation);
    } finally {
      clearTimeout(timer);
    }
  }

  async #terminate(w: Worker): Promise<void> {
    if (this.#worker === w) {
      this.#worker = undefined;
      this.#held = undefined;
      for (const p of this.#pending.values()) p.reject(new Error('the rule worker was stopped'));
      this.#pending.clear();
    }
    await w.terminate();
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    if (this.#worker) await this.#terminate(this.#worker);
  }
}
