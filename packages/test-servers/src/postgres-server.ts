/**
 * A throw-away PostgreSQL server: `initdb` into a temp dir, `pg_ctl start` on a free port on
 * 127.0.0.1 with trust authentication and durability off (fast), `stop()` removes it all. As
 * root it runs as the `postgres` system user (PostgreSQL refuses root).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { giveTo, isRoot, run, userIds } from './run-command.js';

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** `postgres://sunshine@127.0.0.1:PORT/postgres` */
  readonly url: string;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin', '/usr/local/pgsql/bin'];

/** The directory holding `initdb` and `pg_ctl` (`SUNSHINE_PG_BIN` overrides), or undefined. */
export function findPostgres(): string | undefined {
  const env = process.env['SUNSHINE_PG_BIN'];
  for (const dir of env ? [env] : CANDIDATES) {
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  if (!findPostgres()) return `no initdb/pg_ctl in ${CANDIDATES.join(', ')} (install postgresql-15, or set SUNSHINE_PG_BIN)`;
  if (isRoot() && !userIds('postgres')) return 'running as root and there is no `postgres` user to run the server as';
  return undefined;
}

/**
 * Starts a PostgreSQL server.
 *
 * @example
 * ```ts
 * const pg = await startPostgres();
 * try { … new Client({ connectionString: pg.url }) … } finally { await pg.stop(); }
 * ```
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgres();
  if (!bin) throw new Error(postgresMissing());
  const root = mkdtempSync(join(tmpdir(), 'sunshine-pg-'));
  const data = join(root, 'data');
  const asUser = isRoot() ? userIds('postgres') : undefined;
  if (asUser) giveTo(root, asUser);
  const cmd = (tool: string, args: string[]): [string, string[]] => (asUser ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]);
  const user = 'sunshine';
  try {
    await run(...cmd('initdb', ['-D', data, '-U', user, '--auth=trust', '-N', '-E', 'UTF8', '--locale=C']));
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await run(...cmd('pg_ctl', ['-D', data, '-l', join(root, 'log'), '-o', opts, '-w', '-t', '60', 'start']));
      } catch (e) {
        lastError = e;
        continue;
      }
      const [stopCmd, stopArgs] = cmd('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      const onExit = (): void => {
        spawnSync(stopCmd, stopArgs, { stdio: 'ignore' });
        rmSync(root, { recursive: true, force: true });
      };
      process.once('exit', onExit);
      return {
        host: '127.0.0.1',
        port,
        user,
        database: 'postgres',
        url: `postgres://${user}@127.0.0.1:${port}/postgres`,
        async stop() {
          process.removeListener('exit', onExit);
          await run(stopCmd, stopArgs).catch(() => undefined);
          rmSync(root, { recursive: true, force: true });
        },
      };
    }
    throw lastError;
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}
