/**
 * A throw-away MariaDB (or MySQL-compatible `mariadbd`) server: `mariadb-install-db` into a
 * temp dir, `mariadbd` on a free port on 127.0.0.1 and a socket in that dir, a `sunshine`
 * database created, `stop()` ends the server and removes it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { isRoot, run } from './run-command.js';

export interface MariadbServer {
  readonly host: string;
  readonly port: number;
  readonly socketPath: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** `mysql://root@127.0.0.1:PORT/sunshine` */
  readonly url: string;
  stop(): Promise<void>;
}

function which(names: readonly string[], dirs: readonly string[]): string | undefined {
  for (const n of names) for (const d of dirs) if (existsSync(join(d, n))) return join(d, n);
  return undefined;
}

const DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin'];

/** Paths of `mariadbd`, `mariadb-install-db` and the `mariadb` client, or undefined. */
export function findMariadb(): { server: string; installDb: string; client: string } | undefined {
  const server = which(['mariadbd', 'mysqld'], DIRS);
  const installDb = which(['mariadb-install-db', 'mysql_install_db'], DIRS);
  const client = which(['mariadb', 'mysql'], DIRS);
  return server && installDb && client ? { server, installDb, client } : undefined;
}

/** Why MariaDB tests cannot run here, or undefined when they can. */
export function mariadbMissing(): string | undefined {
  return findMariadb() ? undefined : 'no mariadbd / mariadb-install-db / mariadb client found (apt-get install mariadb-server)';
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

async function waitUntil(check: () => Promise<boolean>, child: ChildProcess, log: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}; see ${log}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`mariadbd did not come up in ${timeoutMs} ms; see ${log}`);
}

/**
 * Starts a MariaDB server with a `sunshine` database; `root` has no password.
 *
 * @example
 * ```ts
 * const db = await startMariadb();
 * try { … mysql.createConnection({ host: db.host, port: db.port, user: db.user, database: db.database }) … } finally { await db.stop(); }
 * ```
 */
export async function startMariadb(): Promise<MariadbServer> {
  const found = findMariadb();
  if (!found) throw new Error(mariadbMissing());
  const root = mkdtempSync(join(tmpdir(), 'sunshine-mariadb-'));
  const data = join(root, 'data');
  const socketPath = join(root, 'mariadb.sock');
  const log = join(root, 'mariadbd.log');
  const userArgs = isRoot() ? ['--user=root'] : [];
  try {
    await run(found.installDb, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs]);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const fd = openSync(log, 'a');
      const child = spawn(
        found.server,
        [
          '--no-defaults',
          `--datadir=${data}`,
          `--socket=${socketPath}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--pid-file=${join(root, 'mariadbd.pid')}`,
          '--skip-name-resolve',
          '--character-set-server=utf8mb4',
          '--collation-server=utf8mb4_unicode_ci',
          '--innodb-buffer-pool-size=64M',
          '--innodb-flush-log-at-trx-commit=0',
          '--skip-log-bin',
          ...userArgs,
        ],
        { stdio: ['ignore', fd, fd] },
      );
      const onExit = (): void => {
        child.kill('SIGKILL');
        rmSync(root, { recursive: true, force: true });
      };
      process.once('exit', onExit);
      try {
        await waitUntil(async () => existsSync(socketPath) && (await canConnect(port)), child, log, 60_000);
        await run(found.client, ['--no-defaults', `--socket=${socketPath}`, '-uroot', '-e', "CREATE DATABASE IF NOT EXISTS sunshine; CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"]);
      } catch (e) {
        lastError = e;
        process.removeListener('exit', onExit);
        child.kill('SIGKILL');
        continue;
      }
      return {
        host: '127.0.0.1',
        port,
        socketPath,
        user: 'root',
        password: '',
        database: 'sunshine',
        url: `mysql://root@127.0.0.1:${port}/sunshine`,
        async stop() {
          process.removeListener('exit', onExit);
          if (child.exitCode === null) {
            const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            await exited;
            clearTimeout(timer);
          }
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
