/**
 * The PostgreSQL implementation of {@link SqlDatabase}, on `pg` (imported on first use). `?`
 * placeholders become `$1, $2, …`; 64-bit integers come back as numbers (the store's counts and
 * sums stay far below 2^53).
 */
import { importDriver, pgTypesInt8AsNumber, redactUrl, type PgTypeParsers } from '@sunshine/adapters';
import { ServerError } from '../server-error.js';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database.js';

/** The part of a pg client used here. */
interface PgQueryable {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: SqlRow[]; rowCount: number | null }>;
}
interface PgPoolClient extends PgQueryable {
  release(): void;
}
interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (e: Error) => void): void;
}
interface PgModule {
  Pool: new (config: Record<string, unknown>) => PgPool;
  types: PgTypeParsers;
}

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /**
   * Connections in the pool.
   * @default 10
   */
  readonly poolSize?: number;
}

/** `?` → `$n`, outside string literals. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/**
 * Connects a pool to a PostgreSQL database.
 *
 * @example
 * ```ts
 * const db = await createPostgresDatabase({ url: 'postgres://sunshine@127.0.0.1:5432/sunshine' });
 * ```
 */
export async function createPostgresDatabase(options: PostgresDatabaseOptions): Promise<SqlDatabase> {
  const opts = Object.freeze({ ...options });
  const pg = await importDriver<PgModule>('pg', 'keep the state in PostgreSQL', undefined, (e) => new ServerError('CONFIG', `Cannot import \`pg\`, needed for a PostgreSQL state store. Install it (\`pnpm add pg\`). (${(e as Error).message})`, {}, { cause: e }));
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, types: pgTypesInt8AsNumber(pg.types) });
  pool.on('error', () => undefined);
  const description = `postgres ${redactUrl(opts.url)}`;
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new ServerError('CONFIG', `cannot connect to ${description}: ${(e as Error).message}`, {}, { cause: e });
  }
  const sqlCache = new Map<string, string>();
  const numbered = (sql: string): string => {
    let s = sqlCache.get(sql);
    if (s === undefined) {
      s = numberPlaceholders(sql);
      sqlCache.set(sql, s);
    }
    return s;
  };

  const executorOf = (q: PgQueryable): SqlExecutor => ({
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await q.query(numbered(sql), params)).rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await q.query(numbered(sql), params)).rows[0] as T | undefined;
    },
    async run(sql, params = []) {
      return (await q.query(numbered(sql), params)).rowCount ?? 0;
    },
    async insertMany(table, columns, rows) {
      const per = Math.max(1, Math.floor(8000 / Math.max(1, columns.length)));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const values: SqlValue[] = [];
        let n = 0;
        const tuples = chunk.map((r) => {
          values.push(...r);
          return `(${r.map(() => `$${++n}`).join(', ')})`;
        });
        await q.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
      }
    },
  });
  const direct = executorOf(pool);

  return {
    dialect: 'postgres',
    description,
    ...direct,
    async exec(script) {
      await pool.query(script);
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executorOf(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
