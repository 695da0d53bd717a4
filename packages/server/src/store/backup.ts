/**
 * `sunshine serve --backup FILE` / `--restore FILE`: one file (a .tar.gz) holding the state and
 * the audit checkpoints, with a manifest (`manifest.json`: format, Sunshine version, schema
 * version, time, audit head, sha256 of every part).
 *
 * - SQLite: `VACUUM INTO` on a connection of its own gives a consistent snapshot while a server
 *   runs on the same file (attachments are rows of the database, so they come along).
 * - PostgreSQL: `pg_dump --format=custom` (from PATH or /usr/lib/postgresql/NN/bin) into the same
 *   kind of file; restored with `pg_restore`.
 * - The audit checkpoint file (with an audit key) is included, cut to the checkpoints the
 *   snapshot's chain reaches. The audit key is never included: it is kept apart (that is its
 *   point), and the same key must be given to `--restore`.
 *
 * A restore checks the manifest and every checksum, refuses a backup from a newer schema and a
 * non-empty target (without `force`), opens the restored state with the current server
 * (migrating an older one), verifies the audit chain and its checkpoints, and records
 * `state.restore` in the chain (appended, so verification still holds).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { redactUrl } from '@sunshine/adapters';
import { createServer } from '../create-server.js';
import type { Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import { readArchive, sha256File, writeArchive } from './backup-archive.js';
import { MIGRATIONS } from './migrations.js';
import { createPostgresDatabase } from './postgres-database.js';
import { ServerStore } from './server-store.js';
import type { SqlDatabase } from './sql-database.js';
import { createSqliteDatabase } from './sqlite-database.js';

export const BACKUP_FORMAT = 'sunshine-backup/1';

/** The manifest at the head of a backup file. */
export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly sunshine_version: string;
  /** The highest migration applied to the backed-up state. */
  readonly schema_version: number;
  readonly created_at: string;
  readonly engine: 'sqlite' | 'postgres';
  /** The chain as the snapshot holds it (for PostgreSQL: as read just before the dump, which holds at least these). */
  readonly audit: { readonly entries: number; readonly head: string; readonly verified: boolean } | null;
  readonly parts: readonly { readonly name: string; readonly size: number; readonly sha256: string; readonly what: string }[];
  readonly not_included: readonly string[];
}

/** Where the state is and where its audit files are (the flags of `serve`). */
export interface StateLocation {
  /** SQLite state folder (default `./.sunshine`), when `database` is not given. */
  readonly stateDir?: string | undefined;
  /** PostgreSQL URL. */
  readonly database?: string | undefined;
  readonly auditKeyFile?: string | undefined;
  readonly auditCheckpointFile?: string | undefined;
}

export interface RestoreReport {
  readonly manifest: BackupManifest;
  /** Where the state went. */
  readonly target: string;
  /** Migrations applied to the restored state (a backup from an older release). */
  readonly migrated: readonly number[];
  readonly audit: { readonly ok: boolean; readonly entries: number; readonly checkpoints: number | null };
  /** Files set aside because `force` replaced them. */
  readonly setAside: readonly string[];
}

const NOT_INCLUDED = ['the audit key (--audit-key): keep it apart from the backups; a restore needs the same key', 'the county exports (--data): they are read, not kept'];
const SQLITE_PART = 'sunshine.db';
const POSTGRES_PART = 'postgres.dump';
const CHECKPOINTS_PART = 'audit-checkpoints.jsonl';

const isErrno = (e: unknown, code: string): boolean => (e as NodeJS.ErrnoException | null)?.code === code;

function sunshineVersion(): string {
  try {
    return (createRequire(import.meta.url)('@sunshine/server/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The newest schema version this server knows. */
export function latestSchemaVersion(): number {
  return Math.max(...MIGRATIONS.map((m) => m.version));
}

function checkpointFileOf(loc: StateLocation): string | undefined {
  if (!loc.auditKeyFile) return undefined;
  return loc.auditCheckpointFile ?? join(dirname(loc.auditKeyFile), 'audit-checkpoints.jsonl');
}

function sqliteFile(loc: StateLocation): string {
  return resolve(loc.stateDir ?? '.sunshine', 'sunshine.db');
}

/** The schema version and the audit chain of a store. */
async function describeState(db: SqlDatabase): Promise<{ schema: number; audit: BackupManifest['audit'] }> {
  const v = await db.get<{ v: number | string | null }>('SELECT MAX(version) AS v FROM schema_migrations').catch(() => undefined);
  if (!v || v.v === null) throw new ServerError('CONFIG', `${db.description} holds no Sunshine state (no schema_migrations)`);
  const store = new ServerStore(db);
  const head = await store.auditHead();
  const check = await store.verifyAudit();
  return { schema: Number(v.v), audit: head ? { entries: head.entries, head: head.hash, verified: check.ok } : null };
}

/** The checkpoint lines a chain of `entries` entries reaches (later ones would read as a deleted tail). */
async function checkpointsUpTo(file: string, entries: number): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return undefined;
    throw new ServerError('CONFIG', `cannot read the audit checkpoints ${file}: ${(e as Error).message}`);
  }
  const keep = text.split('\n').filter((l) => {
    if (l.trim() === '') return false;
    try {
      return (JSON.parse(l) as { entries: number }).entries <= entries;
    } catch {
      return true; // kept as it is: verification will say the file was edited
    }
  });
  return keep.length ? `${keep.join('\n')}\n` : undefined;
}

/** The directory of the PostgreSQL client tools (`pg_dump`, `pg_restore`): PATH first, then the Debian locations. */
export function findPgTool(tool: 'pg_dump' | 'pg_restore', env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const dirs = [...(env['SUNSHINE_PG_BIN'] ? [env['SUNSHINE_PG_BIN']] : []), ...(env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
  for (const d of dirs) if (existsSync(join(d, tool))) return join(d, tool);
  return undefined;
}

/** What to run by hand when the server cannot find pg_dump / pg_restore. */
export const PG_MANUAL = `without the PostgreSQL client tools, back up and restore by hand (see docs/deploy.md, "Backups"):
  pg_dump --format=custom --no-owner --no-privileges --file=sunshine.dump "$SUNSHINE_DATABASE_URL"
  pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$SUNSHINE_DATABASE_URL" sunshine.dump
and copy the audit checkpoint file beside it (never the audit key)`;

/**
 * Runs pg_dump / pg_restore on `url`: the password goes in PGPASSWORD, not on the command line
 * (where `ps` would show it to every user of the host).
 */
function runTool(cmd: string, args: readonly string[], url: string): Promise<void> {
  let dbname = url;
  const env: NodeJS.ProcessEnv = { ...process.env };
  try {
    const u = new URL(url);
    if (u.password) {
      env['PGPASSWORD'] = decodeURIComponent(u.password);
      u.password = '';
      dbname = u.toString();
    }
  } catch {
    // not a URL the WHATWG parser takes: passed as it is (libpq reads it)
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, [...args, `--dbname=${dbname}`], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', (e) => reject(new ServerError('CONFIG', `cannot run ${cmd}: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new ServerError('STORE', `${basename(cmd)} failed (exit ${code}): ${redactUrl(err.trim())}`))));
  });
}

/**
 * Backs the state up into `out` (a .tar.gz). Safe while a server runs on the same state.
 *
 * @example
 * ```ts
 * const manifest = await backupState({ stateDir: '/var/lib/sunshine', auditKeyFile: '/etc/sunshine/audit.key' }, '/backup/sunshine-2025-01-01.tar.gz');
 * ```
 */
export async function backupState(loc: StateLocation, out: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<BackupManifest> {
  const target = resolve(out);
  if (existsSync(target)) throw new ServerError('CONFIG', `\`--backup\`: ${target} exists; give a new file name`);
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (e) {
    throw new ServerError('CONFIG', `\`--backup\`: cannot make the folder of ${target}: ${(e as Error).message}`);
  }
  const staging = `${target}.staging-${process.pid}`;
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    let engine: BackupManifest['engine'];
    let described: Awaited<ReturnType<typeof describeState>>;
    let part: { name: string; what: string };
    if (loc.database) {
      engine = 'postgres';
      const pgDump = findPgTool('pg_dump', env);
      if (!pgDump) throw new ServerError('CONFIG', `\`--backup\` with \`--database\` needs pg_dump (not on PATH nor in /usr/lib/postgresql/*/bin); ${PG_MANUAL}`);
      const db = await createPostgresDatabase({ url: loc.database, poolSize: 1 });
      try {
        described = await describeState(db);
      } finally {
        await db.close();
      }
      part = { name: POSTGRES_PART, what: 'pg_dump --format=custom of the state database' };
      await runTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(staging, POSTGRES_PART)}`], loc.database);
    } else {
      engine = 'sqlite';
      const file = sqliteFile(loc);
      if (!existsSync(file)) throw new ServerError('CONFIG', `\`--backup\`: no state at ${file} (give \`--state DIR\`)`);
      const snapshot = join(staging, SQLITE_PART);
      const driver = 'better-sqlite3';
      const mod = (await import(driver)) as { default?: unknown };
      const Database = (mod.default ?? mod) as new (file: string, options: { fileMustExist: boolean }) => { pragma(s: string): unknown; prepare(s: string): { run(...p: unknown[]): unknown }; close(): void };
      const raw = new Database(file, { fileMustExist: true });
      try {
        raw.pragma('busy_timeout = 10000');
        // One read transaction: the snapshot is the state as of one moment, whatever a running server writes meanwhile.
        raw.prepare('VACUUM INTO ?').run(snapshot);
      } finally {
        raw.close();
      }
      const db = await createSqliteDatabase({ file: snapshot });
      try {
        described = await describeState(db);
      } finally {
        await db.close();
      }
      for (const f of [`${snapshot}-wal`, `${snapshot}-shm`]) await rm(f, { force: true });
      part = { name: SQLITE_PART, what: 'SQLite snapshot of the state (VACUUM INTO), attachments included' };
    }
    const parts: { name: string; what: string }[] = [part];
    const cpFile = checkpointFileOf(loc);
    if (cpFile) {
      const text = await checkpointsUpTo(cpFile, described.audit?.entries ?? 0);
      if (text !== undefined) {
        await writeFile(join(staging, CHECKPOINTS_PART), text, { mode: 0o600 });
        parts.push({ name: CHECKPOINTS_PART, what: `the signed audit checkpoints of ${cpFile}, up to the snapshot's chain` });
      }
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      sunshine_version: sunshineVersion(),
      schema_version: described.schema,
      created_at: new Date().toISOString(),
      engine,
      audit: described.audit,
      parts: await Promise.all(parts.map(async (p) => ({ name: p.name, size: (await stat(join(staging, p.name))).size, sha256: await sha256File(join(staging, p.name)), what: p.what }))),
      not_included: NOT_INCLUDED,
    };
    await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await writeArchive(target, [{ name: 'manifest.json', file: join(staging, 'manifest.json') }, ...parts.map((p) => ({ name: p.name, file: join(staging, p.name) }))]);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function parseManifest(text: string, file: string): BackupManifest {
  let m: Partial<Record<keyof BackupManifest, unknown>>;
  try {
    m = JSON.parse(text) as Partial<Record<keyof BackupManifest, unknown>>;
  } catch {
    throw new ServerError('CONFIG', `\`--restore\`: ${file} has no readable manifest.json`);
  }
  if (m.format !== BACKUP_FORMAT) throw new ServerError('CONFIG', `\`--restore\`: ${file} is not a ${BACKUP_FORMAT} backup (format ${JSON.stringify(m.format)})`);
  if (!Number.isInteger(m.schema_version) || !Array.isArray(m.parts) || (m.engine !== 'sqlite' && m.engine !== 'postgres')) throw new ServerError('CONFIG', `\`--restore\`: the manifest of ${file} is incomplete`);
  return m as unknown as BackupManifest;
}

async function setAside(file: string, stamp: string, aside: string[]): Promise<void> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(f)) continue;
    const to = `${f}.before-restore-${stamp}`;
    await rename(f, to);
    aside.push(to);
  }
}

async function nonEmpty(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return false;
    throw e;
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  try {
    await rename(from, to);
  } catch (e) {
    if (!isErrno(e, 'EXDEV')) throw e;
    await copyFile(from, to);
    await unlink(from);
  }
  await chmod(to, 0o600);
}

/** Opens a restored state with the current server: migrates it, verifies the chain, records the restore. */
async function openAndVerify(state: { stateDir: string } | { database: string }, loc: StateLocation, checkpointFile: string | undefined, manifest: BackupManifest, file: string): Promise<{ migrated: number[]; audit: RestoreReport['audit'] }> {
  const before = await (async () => {
    const db = 'database' in state ? await createPostgresDatabase({ url: state.database, poolSize: 1 }) : await createSqliteDatabase({ file: join(state.stateDir, 'sunshine.db') });
    try {
      return new Set((await db.all<{ version: number | string }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    } finally {
      await db.close();
    }
  })();
  const server = await createServer({ ...state, ...(loc.auditKeyFile ? { auditKeyFile: loc.auditKeyFile } : {}), ...(checkpointFile ? { auditCheckpointFile: checkpointFile } : {}) });
  try {
    const migrated = MIGRATIONS.map((m) => m.version).filter((v) => !before.has(v));
    const restorer: Principal = { role: 'discipline', id: 'system:restore', name: 'restore', departmentCode: null, townCode: null, villageCode: null, idNumber: null };
    const v = await server.service.verifyAudit(restorer);
    if (!v.ok) throw new ServerError('STORE', `the restored state's audit chain does not verify: ${v.broken?.reason ?? (v.alert_states.mismatched.length ? `alert states ${v.alert_states.mismatched.map((m) => `#${m.seq}`).join(', ')} differ from their history` : 'unknown')}${v.checkpoints === null ? '' : ' (the audit key must be the one the backed-up server used)'}`);
    await server.store.audit({ actor: 'system', role: 'system', action: 'state.restore', target: 'state', detail: { file: basename(file), created_at: manifest.created_at, sunshine_version: manifest.sunshine_version, schema_version: manifest.schema_version, entries: manifest.audit?.entries ?? 0, migrated } });
    return { migrated, audit: { ok: true, entries: v.entries, checkpoints: v.checkpoints?.checked ?? null } };
  } finally {
    await server.close();
  }
}

/**
 * Restores a backup made by {@link backupState}. Stop the server first.
 *
 * @example
 * ```ts
 * const report = await restoreState({ stateDir: '/var/lib/sunshine', auditKeyFile: '/etc/sunshine/audit.key' }, '/backup/sunshine-2025-01-01.tar.gz');
 * ```
 */
export async function restoreState(loc: StateLocation, file: string, options: { force?: boolean; env?: Readonly<Record<string, string | undefined>> } = {}): Promise<RestoreReport> {
  const source = resolve(file);
  if (!existsSync(source)) throw new ServerError('CONFIG', `\`--restore\`: no file ${source}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const workBase = loc.database ? source : resolve(loc.stateDir ?? '.sunshine');
  const work = `${workBase}.restore-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  try {
    let members;
    try {
      members = await readArchive(source, join(work, 'unpacked'));
    } catch (e) {
      throw new ServerError('CONFIG', `\`--restore\`: cannot read ${source}: ${(e as Error).message}`);
    }
    const manifestMember = members.find((m) => m.name === 'manifest.json');
    if (!manifestMember) throw new ServerError('CONFIG', `\`--restore\`: ${source} has no manifest.json: not a Sunshine backup`);
    const manifest = parseManifest(await readFile(manifestMember.file, 'utf8'), source);
    for (const p of manifest.parts) {
      const m = members.find((x) => x.name === p.name);
      if (!m) throw new ServerError('CONFIG', `\`--restore\`: ${source} lacks ${p.name}, which its manifest lists`);
      if (m.size !== p.size || m.sha256 !== p.sha256) throw new ServerError('CONFIG', `\`--restore\`: ${p.name} in ${source} does not match its checksum in the manifest (damaged or altered backup)`);
    }
    const extra = members.filter((m) => m.name !== 'manifest.json' && !manifest.parts.some((p) => p.name === m.name));
    if (extra.length) throw new ServerError('CONFIG', `\`--restore\`: ${source} holds ${extra.map((m) => m.name).join(', ')}, which its manifest does not list`);
    const latest = latestSchemaVersion();
    if (manifest.schema_version > latest) throw new ServerError('CONFIG', `\`--restore\`: the backup's schema is version ${manifest.schema_version}, newer than this server knows (${latest}); restore it with Sunshine ${manifest.sunshine_version} or later`);
    const part = (name: string): string | undefined => members.find((m) => m.name === name)?.file;
    const checkpoints = part(CHECKPOINTS_PART);
    const cpTarget = checkpointFileOf(loc);
    if (checkpoints) {
      if (!loc.auditKeyFile) throw new ServerError('CONFIG', '`--restore`: this backup carries signed audit checkpoints: give `--audit-key` with the key the backed-up server used (and `--audit-checkpoints FILE` if it had one)');
      if (!existsSync(loc.auditKeyFile)) throw new ServerError('CONFIG', `\`--restore\`: the audit key ${loc.auditKeyFile} does not exist; the backup's checkpoints need the key the backed-up server used`);
    }
    const aside: string[] = [];
    if (cpTarget && (await nonEmpty(cpTarget)) && !options.force) throw new ServerError('CONFIG', `\`--restore\`: the audit checkpoint file ${cpTarget} is not empty; give \`--force\` to set it aside and restore`);
    // The checkpoints are verified from a copy; the real file is replaced only once all is well.
    const cpWork = cpTarget ? join(work, 'audit-checkpoints.jsonl') : undefined;
    if (cpWork && checkpoints) await copyFile(checkpoints, cpWork);

    let target: string;
    let result: Awaited<ReturnType<typeof openAndVerify>>;
    if (manifest.engine === 'sqlite') {
      if (loc.database) throw new ServerError('CONFIG', '`--restore`: this is a backup of a SQLite state; restore it with `--state DIR`, not `--database`');
      const db = part(SQLITE_PART);
      if (!db) throw new ServerError('CONFIG', `\`--restore\`: ${source} has no ${SQLITE_PART}`);
      const dbFile = sqliteFile(loc);
      target = `sqlite ${dbFile}`;
      if ((await nonEmpty(dbFile)) && !options.force) throw new ServerError('CONFIG', `\`--restore\`: ${dbFile} holds a state already; stop the server and give \`--force\` to set it aside and restore`);
      const stagedDir = join(work, 'state');
      await mkdir(stagedDir, { recursive: true, mode: 0o700 });
      await rename(db, join(stagedDir, 'sunshine.db'));
      result = await openAndVerify({ stateDir: stagedDir }, loc, cpWork, manifest, source);
      await setAside(dbFile, stamp, aside);
      await mkdir(dirname(dbFile), { recursive: true, mode: 0o700 });
      await moveFile(join(stagedDir, 'sunshine.db'), dbFile);
    } else {
      if (!loc.database) throw new ServerError('CONFIG', '`--restore`: this is a backup of a PostgreSQL state; restore it with `--database postgres://…`');
      const dump = part(POSTGRES_PART);
      if (!dump) throw new ServerError('CONFIG', `\`--restore\`: ${source} has no ${POSTGRES_PART}`);
      const pgRestore = findPgTool('pg_restore', options.env ?? process.env);
      if (!pgRestore) throw new ServerError('CONFIG', `\`--restore\` with \`--database\` needs pg_restore (not on PATH nor in /usr/lib/postgresql/*/bin); ${PG_MANUAL}`);
      target = `postgres ${redactUrl(loc.database)}`;
      const pg = await createPostgresDatabase({ url: loc.database, poolSize: 1 });
      let occupied: boolean;
      try {
        occupied = (await pg.get<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t"))?.t != null;
      } finally {
        await pg.close();
      }
      if (occupied && !options.force) throw new ServerError('CONFIG', `\`--restore\`: ${redactUrl(loc.database)} holds a Sunshine state already; stop the server and give \`--force\` to replace it (take a pg_dump first)`);
      await runTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', ...(occupied ? ['--clean', '--if-exists'] : []), dump], loc.database);
      result = await openAndVerify({ database: loc.database }, loc, cpWork, manifest, source);
    }
    if (cpTarget && cpWork && existsSync(cpWork)) {
      await setAside(cpTarget, stamp, aside);
      await moveFile(cpWork, cpTarget);
    }
    return { manifest, target, migrated: result.migrated, audit: result.audit, setAside: aside };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
