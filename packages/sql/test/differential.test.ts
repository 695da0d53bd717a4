/**
 * Every model of the library on a generated town, in-process and by the DuckDB executor:
 * the findings must be identical (keys, messages, evidence and their hashes), byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, loadData, type Engine, type LoadedData, type RunResult } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty, type TruthFile } from '@sunshine/gen';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { loadTables, runSql, type SqlConnection } from '../src/index.js';
import { openDuckDb } from '../src/duckdb.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-sql-diff-'));
let engine: Engine;
let data: LoadedData;
let inProcess: RunResult;

beforeAll(async () => {
  await generateCounty({ scale: 'town', seed: 7, out: dir });
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as TruthFile;
  data = await loadData(createFolderSource({ dir }));
  engine = createEngine({ rules: await loadStdlib(), asOf: truth.asOf });
  inProcess = await engine.run(data);
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Findings as lines, for a readable diff. */
const lines = (r: RunResult): string[] => r.findings.map((f) => JSON.stringify(f));

describe('DuckDB executor', () => {
  let db: SqlConnection;
  beforeAll(async () => {
    db = await openDuckDb();
    await loadTables(db, data, engine.environment.registry);
  });
  afterAll(async () => {
    await db.close();
  });

  it('finds exactly what the in-process engine finds, for every model', async () => {
    const r = await runSql(engine, db);
    expect(r.rulesRun).toEqual(inProcess.rulesRun);
    expect(r.rulesSkipped).toEqual(inProcess.rulesSkipped);
    expect(inProcess.findings.length).toBeGreaterThan(100);
    const want = lines(inProcess);
    const got = lines(r);
    const missing = want.filter((l) => !got.includes(l)).slice(0, 5);
    const unexpected = got.filter((l) => !want.includes(l)).slice(0, 5);
    expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
    expect(got).toEqual(want);
  }, 600_000);
});
