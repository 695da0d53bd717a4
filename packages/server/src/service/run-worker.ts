/**
 * The worker thread runs execute in (`node:worker_threads`): it keeps the tables of the last
 * import it was sent and the engine of the last rule set, and answers `prepare` (plan the rules)
 * and `run` (run them over the import with a time budget per rule). A rule that runs away
 * therefore costs this thread, never the server's event loop; the server can terminate it.
 */
import { parentPort } from 'node:worker_threads';
import { createEngine, type Engine, type Tables } from '@sunshine/core';
import type { RunnerReply, RunnerRequest } from './rule-runner.js';

let held: { readonly importId: string; readonly tables: Tables } | undefined;
let engine: { readonly key: string; readonly engine: Engine } | undefined;

function hold(importId: string, tables: Tables | undefined): Tables | undefined {
  if (tables) held = { importId, tables };
  return held?.importId === importId ? held.tables : undefined;
}

function engineFor(m: Extract<RunnerRequest, { type: 'prepare' | 'run' }>): Engine {
  if (engine?.key !== m.engineKey) engine = { key: m.engineKey, engine: createEngine({ rules: m.rules, params: m.params, asOf: m.asOf }) };
  return engine.engine;
}

async function answer(m: RunnerRequest): Promise<RunnerReply> {
  try {
    if (m.type === 'prepare') {
      engineFor(m);
      return { type: 'ok', id: m.id };
    }
    const tables = hold(m.importId, m.tables);
    if (!tables) return { type: 'error', id: m.id, stage: 'run', message: `the worker does not hold import ${m.importId}` };
    if (m.type === 'explain') {
      const explanation = createEngine({ rules: [m.rule], params: m.params, asOf: m.asOf }).explain(tables, m.rule.id, m.key);
      return { type: 'explained', id: m.id, json: explanation ? JSON.stringify(explanation) : null };
    }
    let e: Engine;
    try {
      e = engineFor(m);
    } catch (err) {
      return { type: 'error', id: m.id, stage: 'prepare', message: (err as Error).message };
    }
    const present: Tables = new Map([...tables].filter(([d]) => !m.missing.includes(d)));
    const r = await e.run(present, m.ruleTimeoutMs === undefined ? {} : { ruleTimeoutMs: m.ruleTimeoutMs });
    return { type: 'done', id: m.id, result: { findings: r.findings, rulesRun: r.rulesRun, rulesSkipped: r.rulesSkipped.map((s) => ({ rule: s.rule, reason: s.reason })), rulesFailed: r.rulesFailed } };
  } catch (err) {
    return { type: 'error', id: m.id, stage: m.type === 'prepare' ? 'prepare' : 'run', message: (err as Error).message };
  }
}

parentPort?.on('message', (m: RunnerRequest) => {
  void answer(m).then((reply) => parentPort?.postMessage(reply));
});
