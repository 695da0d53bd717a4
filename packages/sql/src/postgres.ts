/**
 * The PostgreSQL connection (`pg`, imported on first use). Also the way into PostgreSQL-
 * compatible databases (KingbaseES, openGauss, HighGo) and, through a coordinator with
 * postgres_fdw foreign partitions, into sharded ones (`postgres-shards.ts`).
 *
 * Canonical tables: money and integers BIGINT (fen), decimals DOUBLE PRECISION, everything else
 * TEXT COLLATE "C" (ISO dates and codes compare by code point, as JavaScript compares them, and
 * the compiled SQL's `COLLATE "C"` comparisons can use the indexes), plus `_row BIGINT`.
 * Values are read back as PostgreSQL prints them (raw text): int8 exact, no time zones, no
 * driver-side parsing.
 */
import { reasonZh } from '@sunshine/core';
import { importDriver, PG_TEXT_TYPES, redactUrl } from '@sunshine/adapters';
import type { DatasetDef, Rec } from '@sunshine/core';
import { POSTGRES } from './dialect.js';
import { ROW_COLUMN, type SqlConnection, type SqlRows } from './sql-connection.js';
import { createPostgresTableSql } from './postgres-table.js';
import { messageOf, SqlError } from './sql-error.js';

/** The part of a `pg` client the executor uses. */
export interface PgClientLike {
  query(config: { text: string; values?: unknown[]; rowMode?: 'array'; types?: typeof PG_TEXT_TYPES }): Promise<{ rows: unknown[][]; fields: { name: string }[] }>;
  end(): Promise<void>;
}

interface PgModule {
  default?: { Client: new (config: { connectionString: string }) => PgClientLike & { connect(): Promise<void> } };
  Client?: new (config: { connectionString: string }) => PgClientLike & { connect(): Promise<void> };
}

export interface PostgresOptions {
  /** `postgres://user@host:port/db`. */
  readonly url?: string;
  /** A connected client to use instead (not closed by `close()`). */
  readonly client?: PgClientLike;
  /** Schema holding the canonical tables or views. @default the search path's first */
  readonly schema?: string;
  /**
   * How `load` sends rows: `copy` streams `COPY … FROM STDIN` through the `pg` client's own
   * protocol messages (no extra dependency; only on a client this connection opened from
   * `url`), `insert` sends `INSERT … SELECT FROM unnest($1::text[], …)` batches.
   * @default 'copy' with `url`, 'insert' with `client`
   */
  readonly loadMethod?: 'copy' | 'insert';
  /** Rows per insert statement (or per COPY chunk) when loading. @default 20000 */
  readonly loadBatch?: number;
  /**
   * PostgreSQL's JIT compilation of queries. Off by default: the candidate queries are many and
   * short, and compiling a large one costs about a second, more than running it.
   * @default false
   */
  readonly jit?: boolean;
  /**
   * The session's `work_mem`. A lookup the planner keeps as a subplan (`key IN (SELECT key FROM
   * persons)` inside `NOT` or `OR`) is hashed once when its rows fit in `work_mem`, and otherwise
   * rescanned for every outer row — at county scale, the difference between seconds and hours.
   * @default '128MB'
   */
  readonly workMem?: string;
}

/** Where a PostgreSQL connection points, for other servers to reach it (postgres_fdw). */
export interface PostgresAddress {
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly user: string;
  readonly password?: string;
  /** The schema `load` writes to (the search path's first). */
  readonly schema: string;
}

/** A {@link SqlConnection} to PostgreSQL, with what sharding needs on top. */
export interface PostgresConnection extends SqlConnection {
  /**
   * Creates (dropping one that exists) the canonical table `table` (default: the dataset's
   * name) and fills it with `rows`, `_row` taken from `rowNumbers` (default: 0, 1, 2, …).
   */
  loadRows(def: DatasetDef, rows: readonly Rec[], options?: { readonly table?: string; readonly rowNumbers?: readonly number[]; readonly collateC?: boolean }): Promise<void>;
  /** Host, port, database, user and schema of this connection, as the server sees them. */
  address(): Promise<PostgresAddress>;
  /** The server's `server_version_num` (150004 for 15.4). */
  serverVersion(): Promise<number>;
}

/** One value in COPY's text format. */
function copyValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

interface PgWire {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` as a `pg` "submittable": the client hands it the connection, and it
 * answers the server's CopyInResponse with the data chunks. The protocol calls are the ones
 * pg-copy-streams makes, without the dependency.
 */
class CopyIn {
  readonly text: string;
  readonly #chunks: readonly Buffer[];
  readonly #done: { resolve: () => void; reject: (e: unknown) => void };
  #error: unknown;

  constructor(text: string, chunks: readonly Buffer[], done: { resolve: () => void; reject: (e: unknown) => void }) {
    this.text = text;
    this.#chunks = chunks;
    this.#done = done;
  }

  submit(connection: PgWire): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgWire): void {
    for (const c of this.#chunks) connection.sendCopyFromChunk(c);
    connection.endCopyFrom();
  }

  handleError(e: unknown): void {
    this.#error = e;
    this.#done.reject(e);
  }

  handleReadyForQuery(): void {
    if (this.#error === undefined) this.#done.resolve();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

/**
 * Opens a connection to PostgreSQL.
 *
 * @example
 * ```ts
 * const db = await openPostgres({ url: 'postgres://sunshine@127.0.0.1:5432/county', schema: 'sunshine' });
 * await loadTables(db, data, engine.environment.registry);
 * await createLookupIndexes(db, engine.plans);
 * const { findings } = await runSql(engine, db);
 * await db.close();
 * ```
 */
export async function openPostgres(options: PostgresOptions): Promise<PostgresConnection> {
  const opts = Object.freeze({ ...options });
  const workMem = opts.workMem ?? '128MB';
  if (!/^\d+\s*(kB|MB|GB)$/.test(workMem)) throw new SqlError('INVALID_OPTIONS', `workMem \`${workMem}\` must be a size such as '128MB'`);
  let client: PgClientLike;
  let own = false;
  if (opts.client) client = opts.client;
  else {
    if (!opts.url) throw new SqlError('INVALID_OPTIONS', 'openPostgres needs `url` or `client`');
    const pg = await importDriver<PgModule>('pg', 'run rules in PostgreSQL', undefined, (e) => new SqlError('DRIVER_MISSING', `the PostgreSQL executor needs \`pg\`: install it (pnpm add pg) — ${messageOf(e)}`));
    const Client = pg.Client ?? pg.default?.Client;
    if (!Client) throw new SqlError('DRIVER_MISSING', 'the `pg` module has no Client');
    const c = new Client({ connectionString: opts.url });
    try {
      await c.connect();
    } catch (e) {
      throw new SqlError('UNREACHABLE', `cannot connect to ${redactUrl(opts.url)}: ${messageOf(e)}`, {}, { messageZh: `无法连接 ${redactUrl(opts.url)}（${reasonZh(e)}）` });
    }
    client = c;
    own = true;
  }
  const run = async (sql: string, values?: unknown[]): Promise<SqlRows> => {
    try {
      // Every value as PostgreSQL prints it: int8 exact, dates as YYYY-MM-DD, no time zones.
      const r = await client.query({ text: sql, ...(values ? { values } : {}), rowMode: 'array', types: PG_TEXT_TYPES });
      return { columns: r.fields.map((f) => f.name), rows: r.rows };
    } catch (e) {
      throw new SqlError('UNREACHABLE', `PostgreSQL: ${messageOf(e)}\n  in: ${sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql}`);
    }
  };
  const copy = (sql: string, chunks: readonly Buffer[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const submittable = new CopyIn(sql, chunks, { resolve, reject });
      (client as unknown as { query(s: CopyIn): unknown }).query(submittable);
    }).catch((e: unknown) => {
      throw new SqlError('UNREACHABLE', `PostgreSQL: ${messageOf(e)}\n  in: ${sql}`);
    });
  try {
    if (opts.schema) await run(`SET search_path TO ${POSTGRES.ident(opts.schema)}`);
    // PostgreSQL-compatible servers without the setting (openGauss, older ones) keep their default.
    if (!opts.jit) await run('SET jit = off').catch(() => undefined);
    await run(`SET work_mem = '${workMem}'`);
  } catch (e) {
    if (own) await client.end().catch(() => undefined);
    throw e;
  }
  const batch = opts.loadBatch ?? 20_000;
  const method = opts.loadMethod ?? (own ? 'copy' : 'insert');
  if (method === 'copy' && !own) throw new SqlError('INVALID_OPTIONS', "loadMethod 'copy' needs a connection opened from `url` (a `pg` Client this connection owns)");
  const q = (name: string): string => POSTGRES.ident(name);

  const loadRows: PostgresConnection['loadRows'] = async (def, rows, loadOptions = {}) => {
    const table = loadOptions.table ?? def.name;
    const numbers = loadOptions.rowNumbers;
    if (numbers && numbers.length !== rows.length) throw new SqlError('INVALID_OPTIONS', `loadRows(${def.name}): ${rows.length} rows but ${numbers.length} row numbers`);
    await run(`DROP TABLE IF EXISTS ${q(table)} CASCADE`);
    await run(createPostgresTableSql(def, table, { collateC: loadOptions.collateC ?? true }));
    const cols = [...def.fields.map((f) => q(f.name)), q(ROW_COLUMN)].join(', ');
    if (method === 'copy') {
      // COPY text format, in chunks of about 1 MB; one statement per `batch` rows.
      for (let start = 0; start < rows.length; start += batch) {
        const end = Math.min(rows.length, start + batch);
        const chunks: Buffer[] = [];
        let text = '';
        for (let i = start; i < end; i++) {
          const r = rows[i]!;
          let line = '';
          for (const f of def.fields) line += `${copyValue(r[f.name])}\t`;
          text += `${line}${numbers ? numbers[i]! : i}\n`;
          if (text.length > 1 << 19) {
            chunks.push(Buffer.from(text, 'utf8'));
            text = '';
          }
        }
        if (text) chunks.push(Buffer.from(text, 'utf8'));
        await copy(`COPY ${q(table)} (${cols}) FROM STDIN`, chunks);
      }
    } else {
      // One INSERT … SELECT FROM unnest(arrays) per batch.
      const types = [...def.fields.map((f) => (POSTGRES.columnType(f.type) === 'TEXT' ? 'text' : POSTGRES.columnType(f.type) === 'BIGINT' ? 'bigint' : 'float8')), 'bigint'];
      const params = types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
      const sql = `INSERT INTO ${q(table)} (${cols}) SELECT * FROM unnest(${params})`;
      for (let start = 0; start < rows.length; start += batch) {
        const end = Math.min(rows.length, start + batch);
        const arrays: unknown[][] = types.map(() => []);
        for (let i = start; i < end; i++) {
          const r = rows[i]!;
          def.fields.forEach((f, j) => arrays[j]!.push(r[f.name] ?? null));
          arrays[def.fields.length]!.push(numbers ? numbers[i]! : i);
        }
        await run(sql, arrays);
      }
    }
    await run(`ANALYZE ${q(table)}`);
  };

  return {
    dialect: POSTGRES,
    query: (sql) => run(sql),
    async exec(sql) {
      await run(sql);
    },
    async relations() {
      const r = await run(
        `SELECT lower(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`,
      );
      return new Set(r.rows.map((x) => String(x[0])));
    },
    load: (def, rows) => loadRows(def, rows),
    loadRows,
    async address() {
      const r = await run(`SELECT host(inet_server_addr()), inet_server_port(), current_database(), current_user, current_schema()`);
      const [host, port, dbname, user, schema] = r.rows[0]!.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v)));
      let password: string | undefined;
      if (opts.url) {
        try {
          const u = new URL(opts.url);
          if (u.password) password = decodeURIComponent(u.password);
        } catch {
          // not a URL: no password known
        }
      }
      if (!host || !port) throw new SqlError('INVALID_OPTIONS', 'this PostgreSQL connection is not over TCP (a Unix socket): other servers cannot reach it by address');
      return { host, port: Number(port), dbname: dbname!, user: user!, schema: schema ?? 'public', ...(password !== undefined ? { password } : {}) };
    },
    async serverVersion() {
      const r = await run(`SELECT current_setting('server_version_num')`);
      return Number(r.rows[0]![0]);
    },
    async close() {
      if (own) await client.end();
    },
  };
}

export { createLookupIndexes, lookupIndexes, lookupIndexName, type LookupIndex } from './lookup-indexes.js';
export { createShardedTables, type ShardedTablesOptions, type ShardLayout } from './postgres-shards.js';
export { createPostgresTableSql } from './postgres-table.js';
export { checkCanonicalViews, createCanonicalViews, type CanonicalView, type CanonicalViewsOptions, type ViewProblem } from './canonical-views.js';
