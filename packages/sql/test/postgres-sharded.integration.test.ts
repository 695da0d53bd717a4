/**
 * The same executor over sharded PostgreSQL: three servers on loopback, a coordinator whose
 * town tables are partitioned (LIST) into postgres_fdw foreign partitions on two shards.
 * Findings must be identical (JSON lines) to the in-process engine's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, loadData, type Engine, type LoadedData, type RunResult } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty, type TruthFile } from '@sunshine/gen';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { findPostgres, postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { runSql } from '../src/index.js';
import { createShardedTables, lookupIndexes, openPostgres, type PostgresConnection, type ShardLayout } from '../src/postgres.js';
import { expectSameFindings } from './same-findings.js';

/** postgres_fdw ships with the server package (postgresql-15 in Debian); look next to the binaries. */
function fdwMissing(): string | undefined {
  const missing = postgresMissing();
  if (missing) return missing;
  const bin = findPostgres()!;
  const share = path.join(bin, '..', '..', '..', '..', 'share', 'postgresql', path.basename(path.dirname(bin)), 'extension', 'postgres_fdw.control');
  return existsSync(share) ? undefined : `no postgres_fdw extension (${share})`;
}

const skip = skipUnless('PostgreSQL with postgres_fdw', fdwMissing());

/**
 * The field rows are sharded by. A county shards by `town_code`; the generated town has one
 * town, so the test deals its villages over the shards instead (the same code path).
 */
const BY = 'village_code';

describe.skipIf(skip)('sharded PostgreSQL (postgres_fdw partitions by town)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-sql-shards-'));
  const servers: PostgresServer[] = [];
  const conns: PostgresConnection[] = [];
  let coordinator: PostgresConnection;
  let engine: Engine;
  let data: LoadedData;
  let inProcess: RunResult;
  let layout: ShardLayout;

  beforeAll(async () => {
    const started = Promise.all([startPostgres(), startPostgres(), startPostgres()]);
    await generateCounty({ scale: 'town', seed: 7, out: dir });
    const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as TruthFile;
    data = await loadData(createFolderSource({ dir }));
    engine = createEngine({ rules: await loadStdlib(), asOf: truth.asOf });
    inProcess = await engine.run(data);
    servers.push(...(await started));
    for (const s of servers) conns.push(await openPostgres({ url: s.url }));
    coordinator = conns[0]!;
    const t = performance.now();
    layout = await createShardedTables(coordinator, conns.slice(1), engine.environment.registry, data, { by: BY, indexes: lookupIndexes(engine.plans) });
    console.log(`[sharded] loaded ${[...data.tables.values()].reduce((n, r) => n + r.length, 0)} rows over 2 shards in ${Math.round(performance.now() - t)} ms`);
  }, 240_000);

  afterAll(async () => {
    for (const c of conns) await c.close();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('partitions the datasets with the field over both shards and keeps the rest on the coordinator', async () => {
    expect(layout.sharded).toContain('payments');
    // Looked up by ID number or household, not by the field: whole on the coordinator.
    expect(layout.replicated).toEqual(expect.arrayContaining(['persons', 'cadres', 'land_contracts', 'household_moves']));
    expect(layout.replicated).not.toContain('payments');
    expect(layout.reference).toEqual(expect.arrayContaining(['funds', 'departments']));
    const persons = await coordinator.query(`SELECT relkind FROM pg_class WHERE relname = 'persons'`);
    expect(persons.rows).toEqual([['r']]);
    expect(new Set(layout.towns.values())).toEqual(new Set([0, 1]));
    const perShard = layout.rows.get('payments')!;
    expect(perShard[0]).toBeGreaterThan(0);
    expect(perShard[1]).toBeGreaterThan(0);
    // The rows are on the shards, not on the coordinator.
    const onShard = await conns[1]!.query('SELECT count(*) FROM payments');
    expect(Number(onShard.rows[0]![0])).toBe(perShard[0]);
    const kinds = await coordinator.query(`SELECT relname, relkind FROM pg_class WHERE relname LIKE 'payments%' AND relkind IN ('p', 'r', 'f') ORDER BY relname`);
    expect(kinds.rows).toEqual([
      ['payments', 'p'],
      ['payments__local', 'r'],
      ['payments__shard_0', 'f'],
      ['payments__shard_1', 'f'],
    ]);
    const total = await coordinator.query('SELECT count(*), sum(amount) FROM payments');
    const payments = data.tables.get('payments')!;
    expect(total.rows[0]).toEqual([String(payments.length), String(payments.reduce((n, p) => n + (p['amount'] as number), 0))]);
  });

  it('sends a filter on the sharding field to one shard only', async () => {
    const [town, shard] = [...layout.towns][0]!;
    const plan = await coordinator.query(`EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM payments WHERE ${BY} = '${town}'`);
    const text = plan.rows.map((r) => String(r[0])).join('\n');
    expect(text).toContain(`payments__shard_${shard}`);
    expect(text).not.toContain(`payments__shard_${1 - shard}`);
    expect(text).toMatch(/Remote SQL: SELECT count\(\*\)|Foreign Scan/);
  });

  it('finds exactly what the in-process engine finds', async () => {
    const t = performance.now();
    const r = await runSql(engine, coordinator);
    console.log(`[sharded] ran ${r.rulesRun.length} rules in ${Math.round(performance.now() - t)} ms; ${r.findings.length} findings`);
    expectSameFindings(r, inProcess);
  }, 420_000);
});
