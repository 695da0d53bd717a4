/**
 * Sharded PostgreSQL with nothing but PostgreSQL: on a coordinator, each dataset with a town
 * field becomes a table `PARTITION BY LIST (town_code)` whose partitions are postgres_fdw
 * foreign tables on the shard servers (towns dealt round-robin); datasets without one stay
 * on the coordinator as reference data, and so do the smaller datasets rules look up by
 * another key (persons by ID number): a correlated lookup into foreign partitions is one
 * remote query per outer row, on the coordinator an index probe. The executor's SQL runs on the coordinator unchanged:
 * PostgreSQL prunes partitions, pushes filters, sorts and aggregates to the shards where it
 * can, and reads the shards' partitions asynchronously (`async_capable`, PostgreSQL 14+).
 * Citus and Greenplum reach the same layout with their own DDL (see docs/sql-executors.md).
 */
import type { DatasetRegistry, LoadedData, Rec, Tables } from '@sunshine/core';
import type { PostgresConnection } from './postgres.js';
import { createPostgresTableSql } from './postgres-table.js';
import { lookupIndexName, type LookupIndex } from './lookup-indexes.js';
import { SqlError } from './sql-error.js';

export interface ShardedTablesOptions {
  /** The field rows are distributed by; datasets without it are reference tables. @default 'town_code' */
  readonly by?: string;
  /** Name prefix of the coordinator's foreign servers (`<prefix>_0`, `<prefix>_1`, …). @default 'sunshine_shard' */
  readonly serverPrefix?: string;
  /** postgres_fdw `fetch_size`: rows per round trip from a shard. @default 10000 */
  readonly fetchSize?: number;
  /**
   * Indexes to create where the rows live (on the shards for sharded datasets, on the
   * coordinator for reference tables), e.g. `lookupIndexes(engine.plans)`.
   */
  readonly indexes?: readonly LookupIndex[];
  /** Password for the user mappings, when the shards' URLs do not carry one. */
  readonly password?: string;
  /**
   * Datasets with the `by` field kept whole on the coordinator (as reference tables) instead
   * of partitioned. A rule's lookup by another key (a person by ID number, a household's
   * contracts) is a correlated subquery that PostgreSQL cannot always turn into a join; into a
   * partitioned foreign table it is one remote query per outer row and shard, on the
   * coordinator an index probe. Default: every dataset `indexes` looks up by a key without
   * `by`, unless it holds at least half as many rows as the largest dataset with the field
   * (the payments stay sharded). `[]` partitions every dataset with the field.
   */
  readonly replicate?: readonly string[];
  /**
   * The coordinator session's `work_mem`. A lookup written `key IN (SELECT key FROM payments)`
   * inside `OR` stays a subplan; PostgreSQL hashes its rows once when they fit in `work_mem`
   * (times `hash_mem_multiplier`), and otherwise scans them again for every outer row — over a
   * county's million payments, minutes per rule. @default '128MB'
   */
  readonly workMem?: string;
}

/** What {@link createShardedTables} made. */
export interface ShardLayout {
  /** Value of the sharding field (a town code) → shard index. */
  readonly towns: ReadonlyMap<string, number>;
  /** Datasets partitioned across the shards. */
  readonly sharded: readonly string[];
  /** Datasets without the `by` field, kept on the coordinator. */
  readonly reference: readonly string[];
  /** Datasets with the `by` field kept whole on the coordinator (see {@link ShardedTablesOptions.replicate}). */
  readonly replicated: readonly string[];
  /** Rows per shard per sharded dataset (the last entry: the coordinator's default partition). */
  readonly rows: ReadonlyMap<string, readonly number[]>;
}

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Creates the sharded canonical tables and loads `data` into them.
 *
 * @example
 * ```ts
 * const coordinator = await openPostgres({ url: 'postgres://sunshine@10.0.0.1/county' });
 * const shards = await Promise.all(['10.0.0.2', '10.0.0.3'].map((h) => openPostgres({ url: `postgres://sunshine@${h}/county` })));
 * await createShardedTables(coordinator, shards, engine.environment.registry, data, { indexes: lookupIndexes(engine.plans) });
 * const { findings } = await runSql(engine, coordinator);
 * ```
 */
export async function createShardedTables(
  coordinator: PostgresConnection,
  shards: readonly PostgresConnection[],
  registry: DatasetRegistry,
  data: LoadedData | Tables,
  options: ShardedTablesOptions = {},
): Promise<ShardLayout> {
  const opts = Object.freeze({ ...options });
  if (shards.length < 1) throw new SqlError('INVALID_OPTIONS', 'createShardedTables needs at least one shard');
  const by = opts.by ?? 'town_code';
  const prefix = opts.serverPrefix ?? 'sunshine_shard';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new SqlError('INVALID_OPTIONS', `serverPrefix \`${prefix}\` must be a lower-case SQL name`);
  const fetchSize = opts.fetchSize ?? 10_000;
  const workMem = opts.workMem ?? '128MB';
  if (!/^\d+\s*(kB|MB|GB)$/.test(workMem)) throw new SqlError('INVALID_OPTIONS', `workMem \`${workMem}\` must be a size such as '128MB'`);
  const q = (name: string): string => coordinator.dialect.ident(name);
  const tables: Tables = 'tables' in data && 'missing' in data ? data.tables : (data);
  const missing = new Set('missing' in data ? (data).missing : []);

  // Foreign servers, one per shard, with the pushdown settings that help.
  const version = await coordinator.serverVersion();
  await coordinator.exec('CREATE EXTENSION IF NOT EXISTS postgres_fdw');
  const shardSchemas: string[] = [];
  for (let k = 0; k < shards.length; k++) {
    const a = await shards[k]!.address();
    shardSchemas.push(a.schema);
    const server = `${prefix}_${k}`;
    const serverOptions = [
      `host ${lit(a.host)}`,
      `port ${lit(String(a.port))}`,
      `dbname ${lit(a.dbname)}`,
      `use_remote_estimate 'true'`,
      `fetch_size ${lit(String(fetchSize))}`,
      ...(version >= 140_000 ? [`async_capable 'true'`] : []),
    ];
    await coordinator.exec(`DROP SERVER IF EXISTS ${q(server)} CASCADE`);
    await coordinator.exec(`CREATE SERVER ${q(server)} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (${serverOptions.join(', ')})`);
    const password = a.password ?? opts.password;
    await coordinator.exec(`CREATE USER MAPPING FOR CURRENT_USER SERVER ${q(server)} OPTIONS (user ${lit(a.user)}${password !== undefined ? `, password ${lit(password)}` : ''})`);
  }

  // Towns, dealt round-robin in code-point order.
  const present: [string, readonly Rec[]][] = [];
  for (const [name, rows] of tables) if (!missing.has(name) && registry.get(name)) present.push([name, rows]);
  const codes = new Set<string>();
  for (const [name, rows] of present) {
    if (!registry.get(name)!.fields.some((f) => f.name === by)) continue;
    for (const r of rows) {
      const v = r[by];
      if (typeof v === 'string') codes.add(v);
    }
  }
  const towns = new Map([...codes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((c, i) => [c, i % shards.length]));

  const indexesOf = (dataset: string): LookupIndex[] => (opts.indexes ?? []).filter((ix) => ix.dataset === dataset);
  const createIndexes = async (conn: PostgresConnection, dataset: string, table: string): Promise<void> => {
    for (const ix of indexesOf(dataset)) {
      await conn.exec(`CREATE INDEX IF NOT EXISTS ${q(lookupIndexName({ ...ix, dataset: table }))} ON ${q(table)} (${ix.fields.map((f) => q(f)).join(', ')})`);
    }
  };

  // Datasets looked up by a key the partitions do not follow stay whole on the coordinator.
  const hasBy = (name: string): boolean => registry.get(name)!.fields.some((f) => f.name === by);
  const largest = Math.max(0, ...present.filter(([name]) => hasBy(name)).map(([, rows]) => rows.length));
  const replicate = new Set(
    opts.replicate ??
      present
        .filter(([name, rows]) => hasBy(name) && rows.length * 2 < largest && indexesOf(name).some((ix) => !ix.fields.includes(by)))
        .map(([name]) => name),
  );

  const sharded: string[] = [];
  const reference: string[] = [];
  const replicated: string[] = [];
  const counts = new Map<string, number[]>();
  for (const [name, rows] of present) {
    const def = registry.get(name)!;
    if (!hasBy(name) || replicate.has(name)) {
      await coordinator.loadRows(def, rows, { collateC: false });
      await createIndexes(coordinator, name, name);
      await coordinator.exec(`ANALYZE ${q(name)}`);
      (hasBy(name) ? replicated : reference).push(name);
      continue;
    }
    // Rows per shard, keeping their global row numbers; rows without a town stay local.
    const parts = Array.from({ length: shards.length + 1 }, () => ({ rows: [] as Rec[], numbers: [] as number[] }));
    rows.forEach((r, i) => {
      const v = r[by];
      const k = typeof v === 'string' ? towns.get(v)! : shards.length;
      parts[k]!.rows.push(r);
      parts[k]!.numbers.push(i);
    });
    for (let k = 0; k < shards.length; k++) {
      await shards[k]!.loadRows(def, parts[k]!.rows, { rowNumbers: parts[k]!.numbers, collateC: false });
      await createIndexes(shards[k]!, name, name);
    }
    await coordinator.exec(`DROP TABLE IF EXISTS ${q(name)} CASCADE`);
    await coordinator.exec(`${createPostgresTableSql(def, name, { collateC: false })} PARTITION BY LIST (${q(by)})`);
    for (let k = 0; k < shards.length; k++) {
      const list = [...towns].filter(([, s]) => s === k).map(([c]) => lit(c));
      if (!list.length) continue;
      await coordinator.exec(
        `CREATE FOREIGN TABLE ${q(`${name}__shard_${k}`)} PARTITION OF ${q(name)} FOR VALUES IN (${list.join(', ')}) ` +
          `SERVER ${q(`${prefix}_${k}`)} OPTIONS (schema_name ${lit(shardSchemas[k]!)}, table_name ${lit(name)})`,
      );
    }
    // The default partition (towns unknown when loading, and no town) is a local table.
    const local = `${name}__local`;
    await coordinator.loadRows(def, parts[shards.length]!.rows, { table: local, rowNumbers: parts[shards.length]!.numbers, collateC: false });
    await createIndexes(coordinator, name, local);
    await coordinator.exec(`ALTER TABLE ${q(name)} ATTACH PARTITION ${q(local)} DEFAULT`);
    await coordinator.exec(`ANALYZE ${q(name)}`);
    counts.set(
      name,
      parts.map((p) => p.rows.length),
    );
    sharded.push(name);
  }
  // Let joins and aggregates run per partition, so that postgres_fdw can push them to a shard.
  await coordinator.exec('SET enable_partitionwise_join = on');
  await coordinator.exec('SET enable_partitionwise_aggregate = on');
  await coordinator.exec(`SET work_mem = ${lit(workMem)}`);
  return { towns, sharded, reference, replicated, rows: counts };
}
