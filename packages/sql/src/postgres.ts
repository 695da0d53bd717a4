/**
 * The PostgreSQL connection (`pg`, imported on first use). Also the way into PostgreSQL-
 * compatible databases (KingbaseES, openGauss, HighGo) and, through a coordinator with
 * postgres_fdw foreign partitions, into sharded ones.
 */
import type { DatasetDef, Rec } from '@sunshine/core';
import { POSTGRES } from './dialect.js';
import { createTableSql, type SqlConnection, type SqlRows } from './sql-connection.js';
import { messageOf, SqlError } from './sql-error.js';

const RAW_TEXT = { getTypeParser: () => (v: string) => v };

/** The part of a `pg` client the executor uses. */
export interface PgClientLike {
  query(config: { text: string; values?: unknown[]; rowMode?: 'array'; types?: typeof RAW_TEXT }): Promise<{ rows: unknown[][]; fields: { name: string }[] }>;
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
  /** Rows per insert statement when loading. @default 20000 */
  readonly loadBatch?: number;
}

/** Hides the password of a URL for messages. */
function safeUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Opens a connection to PostgreSQL.
 *
 * @example
 * ```ts
 * const db = await openPostgres({ url: 'postgres://sunshine@127.0.0.1:5432/county' });
 * const { findings } = await runSql(engine, db);
 * await db.close();
 * ```
 */
export async function openPostgres(options: PostgresOptions): Promise<SqlConnection> {
  const opts = Object.freeze({ ...options });
  let client: PgClientLike;
  let own = false;
  if (opts.client) client = opts.client;
  else {
    if (!opts.url) throw new SqlError('INVALID_OPTIONS', 'openPostgres needs `url` or `client`');
    let pg: PgModule;
    try {
      const name = 'pg';
      pg = (await import(name)) as PgModule;
    } catch (e) {
      throw new SqlError('DRIVER_MISSING', `the PostgreSQL executor needs \`pg\`: install it (pnpm add pg) — ${messageOf(e)}`);
    }
    const Client = pg.Client ?? pg.default?.Client;
    if (!Client) throw new SqlError('DRIVER_MISSING', 'the `pg` module has no Client');
    const c = new Client({ connectionString: opts.url });
    try {
      await c.connect();
    } catch (e) {
      throw new SqlError('UNREACHABLE', `cannot connect to ${safeUrl(opts.url)}: ${messageOf(e)}`);
    }
    client = c;
    own = true;
  }
  const run = async (sql: string, values?: unknown[]): Promise<SqlRows> => {
    try {
      // Every value as PostgreSQL prints it: int8 exact, dates as YYYY-MM-DD, no time zones.
      const r = await client.query({ text: sql, ...(values ? { values } : {}), rowMode: 'array', types: RAW_TEXT });
      return { columns: r.fields.map((f) => f.name), rows: r.rows };
    } catch (e) {
      throw new SqlError('UNREACHABLE', `PostgreSQL: ${messageOf(e)}\n  in: ${sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql}`);
    }
  };
  if (opts.schema) await run(`SET search_path TO ${POSTGRES.ident(opts.schema)}`);
  const batch = opts.loadBatch ?? 20_000;
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
    async load(def: DatasetDef, rows: readonly Rec[]) {
      const q = (name: string): string => POSTGRES.ident(name);
      await run(`DROP TABLE IF EXISTS ${q(def.name)} CASCADE`);
      await run(createTableSql(def, POSTGRES));
      // One INSERT … SELECT FROM unnest(arrays) per batch: a round trip per 20,000 rows.
      const types = [...def.fields.map((f) => (POSTGRES.columnType(f.type) === 'TEXT' ? 'text' : POSTGRES.columnType(f.type) === 'BIGINT' ? 'bigint' : 'float8')), 'bigint'];
      const cols = [...def.fields.map((f) => q(f.name)), q('_row')].join(', ');
      const params = types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
      const sql = `INSERT INTO ${q(def.name)} (${cols}) SELECT * FROM unnest(${params})`;
      for (let start = 0; start < rows.length; start += batch) {
        const end = Math.min(rows.length, start + batch);
        const arrays: unknown[][] = types.map(() => []);
        for (let i = start; i < end; i++) {
          const r = rows[i]!;
          def.fields.forEach((f, j) => arrays[j]!.push(r[f.name] ?? null));
          arrays[def.fields.length]!.push(i);
        }
        await run(sql, arrays);
      }
      await run(`ANALYZE ${q(def.name)}`);
    },
    async close() {
      if (own) await client.end();
    },
  };
}
