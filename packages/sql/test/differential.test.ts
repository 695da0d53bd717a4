/**
 * Every model of the library on a generated town, in-process and by the DuckDB executor:
 * the findings must be identical (keys, messages, evidence and their hashes), byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEngine, loadData, type Engine, type LoadedData, type RunResult } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty, type TruthFile } from '@sunshine/gen';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { loadTables, runSql, type SqlConnection } from '../src/index.js';
import { openDuckDb } from '../src/duckdb.js';
import { expectSameFindings } from './same-findings.js';

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
    expectSameFindings(r, inProcess);
  }, 600_000);
});
