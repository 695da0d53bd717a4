/**
 * `@sunshine/adapters/postgres`: PostgreSQL, read with `pg` (an optional peer dependency,
 * imported on first use). Also the way in for PostgreSQL-compatible databases: KingbaseES
 * (人大金仓), openGauss / GaussDB, HighGo (瀚高) and others that speak the PostgreSQL wire protocol.
 * @packageDocumentation
 */
import { AdapterError, messageOf, reasonZh } from './adapter-error.js';
import type { EntrySource } from './dataset-entry.js';
import { importDriver, type DriverLoader } from './import-driver.js';
import { PG_TEXT_TYPES } from './db/pg-types.js';
import { createSqlSource, type SqlDriver, type SqlSourceOptions } from './sql/sql-source.js';

export type { SqlSourceOptions } from './sql/sql-source.js';

/** The part of a `pg` query result used here. */
export interface PgResult {
  readonly rows: unknown[];
  readonly fields: readonly { readonly name: string }[];
}

/** The part of a `pg` client used here. */
export interface PgClient {
  connect(): Promise<unknown>;
  query(config: { text: string; values?: unknown[]; rowMode?: 'array'; types?: unknown }): Promise<PgResult>;
  end(): Promise<void>;
}

interface PgModule {
  Client: new (config?: unknown) => PgClient;
}

/** Connection settings as `pg` takes them (`host`, `port`, `user`, `password`, `database`, `ssl`, …). */
export type PgConnectionConfig = Readonly<Record<string, unknown>>;

export interface PostgresSourceOptions extends SqlSourceOptions {
  /** A connection string (`postgres://user:pass@host:5432/db`) or `pg` client settings. Give this or `client`. */
  readonly connection?: string | PgConnectionConfig;
  /** A connected `pg` client; the source does not end it. Give this or `connection`. */
  readonly client?: PgClient;
  /** Schema to find tables in. @default the search path's schemas */
  readonly schema?: string;
  /** Loader of `pg`. @default () => import('pg') */
  readonly driver?: DriverLoader;
}

let cursorSeq = 0;

function pgDriver(client: PgClient, owned: boolean, schema: string | undefined): SqlDriver {
  const quote = (id: string): string => `"${id.replaceAll('"', '""')}"`;
  return {
    async listTables() {
      const r = schema
        ? await client.query({ text: 'SELECT table_name FROM information_schema.tables WHERE table_schema = $1', values: [schema], rowMode: 'array', types: PG_TEXT_TYPES })
        : await client.query({ text: 'SELECT table_name FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))', rowMode: 'array', types: PG_TEXT_TYPES });
      return (r.rows as [string][]).map((x) => x[0]);
    },
    async *stream(sql, batchSize) {
      const cursor = `sunshine_cursor_${++cursorSeq}`;
      await client.query({ text: 'BEGIN READ ONLY' });
      try {
        await client.query({ text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}` });
        for (;;) {
          const r = await client.query({ text: `FETCH FORWARD ${batchSize} FROM ${cursor}`, rowMode: 'array', types: PG_TEXT_TYPES });
          yield { columns: r.fields.map((f) => f.name), rows: r.rows as unknown[][] };
          if (r.rows.length < batchSize) break;
        }
      } finally {
        await client.query({ text: 'ROLLBACK' }).catch(() => undefined);
      }
    },
    quote: (id) => (schema ? `${quote(schema)}.${quote(id)}` : quote(id)),
    async close() {
      if (owned) await client.end();
    },
  };
}

/** Describes a connection for messages, without its password. */
function describe(connection: string | PgConnectionConfig | undefined): string {
  if (connection === undefined) return 'PostgreSQL';
  if (typeof connection === 'string') {
    try {
      const u = new URL(connection);
      return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
    } catch {
      return 'PostgreSQL';
    }
  }
  const host = typeof connection['host'] === 'string' ? connection['host'] : 'localhost';
  const port = typeof connection['port'] === 'number' || typeof connection['port'] === 'string' ? `:${String(connection['port'])}` : '';
  const db = typeof connection['database'] === 'string' ? `/${connection['database']}` : '';
  return `PostgreSQL ${host}${port}${db}`;
}

/**
 * Creates a source over a PostgreSQL (or KingbaseES, openGauss, HighGo) database: each dataset
 * from the table or view named after it (any case), from `tables`, or from `queries`. Rows are
 * fetched through a read-only cursor, `batchSize` at a time; every value arrives as its text
 * form. Row numbers are 1-based positions in the result.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createPostgresSource } from '@sunshine/adapters/postgres';
 *
 * const source = createPostgresSource({ connection: process.env.DATABASE_URL, schema: 'county' });
 * try { const data = await loadData(source); } finally { await source.close?.(); }
 * ```
 */
export function createPostgresSource(options: PostgresSourceOptions): EntrySource {
  const opts = Object.freeze({ ...options });
  if ((opts.connection === undefined) === (opts.client === undefined)) {
    throw new AdapterError('INVALID_OPTIONS', 'createPostgresSource: give exactly one of `connection` or `client`');
  }
  const description = describe(opts.connection);
  return createSqlSource(
    description,
    opts,
    async () => {
      if (opts.client) return pgDriver(opts.client, false, opts.schema);
      const pg = await importDriver<PgModule>('pg', 'read PostgreSQL databases', opts.driver);
      const config = typeof opts.connection === 'string' ? { connectionString: opts.connection } : { ...opts.connection };
      const client = new pg.Client(config);
      try {
        await client.connect();
      } catch (e) {
        await client.end().catch(() => undefined);
        throw new AdapterError('UNREADABLE', `${description}: cannot connect (${messageOf(e)})`, {}, { cause: e, messageZh: `${description}：无法连接（${reasonZh(e)}）` });
      }
      return pgDriver(client, true, opts.schema);
    },
    (tables) => createPostgresSource({ ...opts, tables }),
  );
}
