/**
 * `sunshine run --executor duckdb|postgres` over the real library: the report's findings are
 * byte-identical to the in-process run's, on a generated tiny county with planted cases.
 */
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, loadData } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty } from '@sunshine/gen';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { loadTables } from '@sunshine/sql';
import { openPostgres } from '@sunshine/sql/postgres';
import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { createDefaultLibrary } from '../src/index.js';
import { runCli } from './fake-library.js';

const dir = mkdtempSync(join(tmpdir(), 'sunshine-executors-'));
const data = join(dir, 'county');
const AS_OF = '2024-12-31';
let inProcess: string;

interface Report {
  findings: unknown[];
  rulesRun: string[];
}

beforeAll(async () => {
  await generateCounty({ scale: 'tiny', seed: 3, out: data, asOf: AS_OF });
  const r = await runCli(['run', '--data', data, '--as-of', AS_OF, '--format', 'json', '--no-timings'], createDefaultLibrary());
  expect(r.code).toBe(0);
  inProcess = r.out;
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sunshine run --executor duckdb', () => {
  it('writes the same report as the in-process run', async () => {
    const r = await runCli(['run', '--data', data, '--as-of', AS_OF, '--format', 'json', '--no-timings', '--executor', 'duckdb', '--memory-limit', '1GB'], createDefaultLibrary());
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect((JSON.parse(inProcess) as Report).findings.length).toBeGreaterThan(40);
    expect(r.out).toBe(inProcess);
  }, 120_000);

  it('reads the folder in place with --in-place, with the same findings', async () => {
    const r = await runCli(['run', '--data', data, '--as-of', AS_OF, '--format', 'json', '--no-timings', '--executor', 'duckdb', '--in-place'], createDefaultLibrary());
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as Report & { source: { description: string; datasets: { dataset: string; rows: number }[] } };
    const want = JSON.parse(inProcess) as Report & { source: { datasets: { dataset: string; rows: number }[] } };
    expect(got.source.description).toContain('read in place by DuckDB');
    expect(got.source.datasets.map((d) => [d.dataset, d.rows])).toEqual(want.source.datasets.map((d) => [d.dataset, d.rows]));
    expect(JSON.stringify(got.findings)).toBe(JSON.stringify(want.findings));
  }, 120_000);

  it('without --as-of, takes the latest date in the data from max() queries, as in-process', async () => {
    for (const extra of [[], ['--in-place']]) {
      const r = await runCli(['run', '--data', data, '--format', 'json', '--no-timings', '--executor', 'duckdb', ...extra], createDefaultLibrary());
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`as of ${AS_OF}, the latest date in the data; give --as-of to choose\n`);
      const got = JSON.parse(r.out) as Report & { asOf: string };
      expect(got.asOf).toBe(AS_OF);
      expect(JSON.stringify(got.findings)).toBe(JSON.stringify((JSON.parse(inProcess) as Report).findings));
    }
  }, 120_000);

  it('says which datasets the folder lacks with --in-place, as a loaded run does', async () => {
    const partial = join(dir, 'partial');
    cpSync(data, partial, { recursive: true });
    rmSync(join(partial, 'vehicles.csv'));
    const r = await runCli(['run', '--data', partial, '--as-of', AS_OF, '--format', 'json', '--no-timings', '--executor', 'duckdb', '--in-place'], createDefaultLibrary());
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/1 dataset is missing from csv folder .*partial \(read in place by DuckDB\) and treated as empty: vehicles/);
    expect((JSON.parse(r.out) as { source: { missing: string[] } }).source.missing).toEqual(['vehicles']);
  }, 120_000);

  it('works in a DuckDB database file with --duckdb-file, run after run', async () => {
    const file = join(dir, 'county.duckdb');
    const args = ['run', '--data', data, '--as-of', AS_OF, '--format', 'json', '--no-timings', '--executor', 'duckdb', '--duckdb-file', file];
    for (let i = 0; i < 2; i++) {
      const r = await runCli(args, createDefaultLibrary());
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(inProcess);
      expect(statSync(file).size).toBeGreaterThan(0);
    }
  }, 120_000);

  it('rejects bad executor options with exit 2', async () => {
    const lib = createDefaultLibrary();
    const bad = await runCli(['run', '--data', data, '--executor', 'spark'], lib);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('`--executor` must be one of in-process, duckdb, postgres, got `spark`');
    const size = await runCli(['run', '--data', data, '--executor', 'duckdb', '--memory-limit', 'lots'], lib);
    expect(size.code).toBe(2);
    expect(size.err).toContain('`--memory-limit` must be a size');
    const noDb = await runCli(['run', '--executor', 'postgres'], lib, { env: {} });
    expect(noDb.code).toBe(2);
    expect(noDb.err).toContain('`--executor postgres` needs `--database');
    const inPlace = await runCli(['run', '--data', data, '--in-place'], lib);
    expect(inPlace.code).toBe(2);
    expect(inPlace.err).toContain('`--in-place` is for `--executor duckdb`');
  });
});

describe('sunshine catalog', () => {
  it('says per rule what SQL decides and what runs in-process', async () => {
    const lib = createDefaultLibrary();
    const json = JSON.parse((await runCli(['catalog', '--format', 'json'], lib)).out) as { sql: { rule: string; coverage: string; residual: { part: string }[] }[] };
    expect(json.sql).toHaveLength(74);
    for (const e of json.sql) expect(e.coverage === 'exact').toBe(e.residual.length === 0);
    expect(json.sql.find((e) => e.rule === 'deceased-payee')?.coverage).toBe('exact');
    // A rule whose date windows are formed in-process says so.
    expect(json.sql.find((e) => e.rule === 'split-expense')?.residual.map((r) => r.part)).toContain('/subject/window');
    const md = (await runCli(['catalog'], lib)).out;
    expect(md).toContain('## SQL executors');
    expect(md).toMatch(/^\| `deceased-payee` \| exact \| — \|$/m);
  }, 60_000);
});

const skip = skipUnless('PostgreSQL', postgresMissing());
describe.skipIf(skip)('sunshine run --executor postgres', () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgres();
    const engine = createEngine({ rules: await loadStdlib(), asOf: AS_OF });
    const conn = await openPostgres({ url: pg.url });
    await loadTables(conn, await loadData(createFolderSource({ dir: data })), engine.environment.registry);
    await conn.close();
  }, 180_000);
  afterAll(async () => {
    await pg.stop();
  });

  it('runs inside the database and finds what the in-process run finds', async () => {
    const r = await runCli(['run', '--executor', 'postgres', '--database', pg.url, '--as-of', AS_OF, '--format', 'json', '--no-timings'], createDefaultLibrary());
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as Report;
    const want = JSON.parse(inProcess) as Report;
    expect(got.rulesRun).toEqual(want.rulesRun);
    expect(JSON.stringify(got.findings)).toBe(JSON.stringify(want.findings));
  }, 180_000);

  it('without --as-of, takes the latest date in the database', async () => {
    const r = await runCli(['run', '--executor', 'postgres', '--database', pg.url, '--format', 'json', '--no-timings'], createDefaultLibrary());
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`as of ${AS_OF}, the latest date in the data; give --as-of to choose\n`);
    expect(JSON.stringify((JSON.parse(r.out) as Report).findings)).toBe(JSON.stringify((JSON.parse(inProcess) as Report).findings));
  }, 180_000);

  it('says which database it cannot reach, with exit 2', async () => {
    const r = await runCli(['run', '--executor', 'postgres', '--database', 'postgres://nobody:secret@127.0.0.1:1/none'], createDefaultLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('postgres://nobody:***@127.0.0.1:1/none');
    expect(r.err).not.toContain('secret');
  });
});
