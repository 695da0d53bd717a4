/**
 * The deployment files (issue #21), exercised rather than read:
 * - deploy/sunshine.service: its ExecStart, with the EnvironmentFile's variables expanded the
 *   way systemd does, run against a real PostgreSQL 15 (the unit's paths moved into a temp dir,
 *   its `sunshine` bin replaced by the built CLI); /healthz, a sign-in and /metrics answer; a
 *   SIGTERM, as `systemctl stop` sends, ends it cleanly with exit 0.
 * - deploy/sunshine-backup.service: its ExecStart (the nightly `serve --backup`) run while that
 *   server serves, and its clean-up of old files.
 * - deploy/Dockerfile: built only where a Docker daemon answers and its base image is already
 *   present (this workplace reaches no image registry); otherwise skipped saying so. It is not
 *   required under SUNSHINE_REQUIRE_SERVICES=1, because CI has no Docker.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, postgresMissing, servicesRequired, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
import { createPostgresDatabase } from '../src/index.js';
import { countyDir } from './server-fixture.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const CLI = join(ROOT, 'packages/cli/dist/bin.js');

/** The [Service] section's keys (repeated keys kept in order). */
function parseUnit(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  let section = '';
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1]!;
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv) throw new Error(`not a unit line: ${line}`);
    const key = `${section}.${kv[1]!}`;
    keys.set(key, [...(keys.get(key) ?? []), kv[2]!]);
  }
  return keys;
}

/** An EnvironmentFile: KEY=VALUE lines, # comments, optional quotes. */
function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return env;
}

/** ExecStart's words, with `${VAR}` expanded as one word and `$VAR` split on whitespace (systemd.service(5)). */
function execWords(line: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  for (const w of line.trim().split(/\s+/)) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w);
    if (whole) {
      words.push(...(env[whole[1]!] ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    words.push(w.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k: string) => env[k] ?? ''));
  }
  return words;
}

const unit = parseUnit(readFileSync(join(ROOT, 'deploy/sunshine.service'), 'utf8'));
const backupUnit = parseUnit(readFileSync(join(ROOT, 'deploy/sunshine-backup.service'), 'utf8'));

/** A command line of a unit as /bin/sh -c runs it: `${VAR}` from the environment, `$$` → `$`, `%%` → `%` (systemd's escapes). */
function shellScript(line: string, env: Record<string, string>): string {
  const m = /^\/bin\/sh -c '(.*)'$/.exec(line.trim());
  if (!m) throw new Error(`not a /bin/sh -c '…' line: ${line}`);
  return m[1]!.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k: string) => env[k] ?? '').replaceAll('$$', '$').replaceAll('%%', '%');
}
const skipPg = skipUnless('PostgreSQL', postgresMissing());

describe('deploy/sunshine.service', () => {
  it('has a backup unit run daily by its timer, writing with `serve --backup` from the same environment file', () => {
    expect(backupUnit.get('Service.Type')).toEqual(['oneshot']);
    expect(backupUnit.get('Service.EnvironmentFile')).toEqual(unit.get('Service.EnvironmentFile'));
    expect(backupUnit.get('Service.ExecStart')![0]).toContain('--backup /var/backups/sunshine/');
    const timer = parseUnit(readFileSync(join(ROOT, 'deploy/sunshine-backup.timer'), 'utf8'));
    expect(timer.get('Timer.OnCalendar')).toHaveLength(1);
    expect(timer.get('Install.WantedBy')).toEqual(['timers.target']);
  });

  it('is a unit that runs `sunshine serve` on PostgreSQL from its environment file, stopped by SIGTERM', () => {
    expect(unit.get('Service.ExecStart')).toHaveLength(1);
    expect(unit.get('Service.ExecStart')![0]).toMatch(/\/sunshine serve .*--database \$\{SUNSHINE_DATABASE_URL\}/);
    expect(unit.get('Service.EnvironmentFile')).toEqual(['/etc/sunshine/sunshine.env']);
    expect(unit.get('Service.KillSignal') ?? ['SIGTERM']).toEqual(['SIGTERM']);
    expect(unit.get('Service.Type')).toEqual(['simple']);
  });

  describe.skipIf(skipPg)('its ExecStart against PostgreSQL 15', () => {
    let pg: PostgresServer;
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-systemd-'));
    beforeAll(async () => {
      pg = await startPostgres();
    });
    afterAll(async () => {
      await (pg as PostgresServer | undefined)?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts, answers /healthz, a sign-in and /metrics, and exits 0 on SIGTERM', async () => {
      expect(existsSync(CLI), `${CLI} is missing: run pnpm build first`).toBe(true);
      const admin = await createPostgresDatabase({ url: pg.url, poolSize: 1 });
      await admin.exec('CREATE DATABASE sunshine');
      await admin.close();
      // The unit's folders, moved under the temp dir.
      const etc = join(dir, 'etc/sunshine');
      const backups = join(dir, 'var/backups/sunshine');
      mkdirSync(backups, { recursive: true, mode: 0o700 });
      const varLib = join(dir, 'var/lib/sunshine');
      mkdirSync(etc, { recursive: true, mode: 0o700 });
      mkdirSync(varLib, { recursive: true, mode: 0o700 });
      const county = await countyDir();
      let port = await freePort();
      const moved = (w: string): string =>
        w
          .replaceAll('/etc/sunshine', etc)
          .replaceAll('/var/lib/sunshine', varLib)
          .replaceAll('/var/backups/sunshine', backups)
          .replaceAll('/srv/county-exports', county);
      // The environment file as docs/deploy.md has the operator write it; the audit key made beforehand (/etc/sunshine is read-only to the service).
      const envFile = moved(unit.get('Service.EnvironmentFile')![0]!);
      writeFileSync(envFile, `# written as docs/deploy.md says\nSUNSHINE_DATABASE_URL=${pg.url.replace(/\/[^/]*$/, '/sunshine')}\n`, { mode: 0o600 });
      writeFileSync(join(etc, 'audit.key'), `${'5a'.repeat(32)}\n`, { mode: 0o600 });
      const env = parseEnvFile(readFileSync(envFile, 'utf8'));
      const words = execWords(unit.get('Service.ExecStart')![0]!, env).map(moved);
      expect(words[0]).toBe('/opt/sunshine/node_modules/.bin/sunshine');
      const argsFor = (p: number): string[] => words.slice(1).map((w, i, all) => (all[i - 1] === '--port' ? String(p) : w));
      expect(argsFor(port)).toContain(String(port));
      const childEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env };

      // The first account, as step 5 of docs/deploy.md makes it.
      const created = spawnSync(process.execPath, [CLI, 'serve', '--database', env['SUNSHINE_DATABASE_URL']!, '--create-user', 'jw', '--role', 'discipline'], { env: { ...childEnv, SUNSHINE_PASSWORD: 'a-long-systemd-password' }, encoding: 'utf8' });
      expect(created.status, created.stderr).toBe(0);

      // Started as systemd would; started again on another port if a parallel test took this one meanwhile.
      let out = '';
      let err = '';
      const launch = (p: number) => {
        out = '';
        err = '';
        const c = spawn(process.execPath, [CLI, ...argsFor(p)], { cwd: moved(unit.get('Service.WorkingDirectory')![0]!), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        return { child: c, exited: new Promise<number | null>((resolve) => c.on('exit', (code) => resolve(code))) };
      };
      let { child, exited } = launch(port);
      try {
        let health: Response | undefined;
        for (let attempt = 0; attempt < 3 && !health; attempt++) {
          const state = { gone: false };
          void exited.then(() => (state.gone = true));
          for (let i = 0; i < 300 && !health && !state.gone; i++) {
            // Only our server answers /healthz with its JSON (another process on the port would not).
            const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
            if (r?.status === 200 && out.includes(`:${port}`)) health = r;
            else await new Promise((res) => setTimeout(res, 100));
          }
          if (!health && state.gone && /cannot listen/.test(err)) {
            port = await freePort();
            ({ child, exited } = launch(port));
          } else break;
        }
        const base = `http://127.0.0.1:${port}`;
        expect(health?.status, `no /healthz: ${out}\n${err}`).toBe(200);
        expect(out).toContain('(state: postgres postgres://');
        const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'jw', password: 'a-long-systemd-password' }) });
        expect(login.status).toBe(200);
        expect(login.headers.get('set-cookie')).toMatch(/Secure/);
        const token = ((await login.json()) as { token: string }).token;
        const verify = await fetch(`${base}/api/audit/verify`, { headers: { authorization: `Bearer ${token}` } });
        expect(await verify.json()).toMatchObject({ ok: true });
        expect((await fetch(`${base}/metrics`)).status).toBe(200);
        expect(existsSync(join(varLib, 'audit-checkpoints.jsonl'))).toBe(true);

        // The nightly backup, as sunshine-backup.service runs it, while the server serves.
        const script = moved(shellScript(backupUnit.get('Service.ExecStart')![0]!, env)).replace('exec /opt/sunshine/node_modules/.bin/sunshine', `exec ${process.execPath} ${CLI}`);
        const backup = spawnSync('/bin/sh', ['-c', script], { cwd: varLib, env: childEnv, encoding: 'utf8' });
        expect(backup.status, backup.stderr).toBe(0);
        expect(backup.stdout).toContain('backed up postgres state');
        expect(readdirSync(backups).filter((f) => /^sunshine-\d{8}-\d{6}\.tar\.gz$/.test(f))).toHaveLength(1);
        const [findCmd, ...findArgs] = moved(backupUnit.get('Service.ExecStartPost')![0]!).split(/\s+/);
        expect(spawnSync(findCmd!, findArgs, { encoding: 'utf8' }).status).toBe(0);
        expect(readdirSync(backups)).toHaveLength(1);
      } finally {
        child.kill('SIGTERM');
      }
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
      if (code === 'timeout') child.kill('SIGKILL');
      expect(code, err).toBe(0);
      expect(out).toContain('stopped');
      expect(err).not.toMatch(/\n\s+at /);
    });
  });
});

/** Why the image cannot be built here, or undefined when it can. */
function dockerMissing(): string | undefined {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (info.error) return 'no `docker` command';
  if (info.status !== 0) return `no Docker daemon answers (${(info.stderr || info.stdout).trim().split('\n').at(-1) ?? ''})`;
  const base = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8').match(/^FROM (\S+)/m)?.[1] ?? '';
  if (spawnSync('docker', ['image', 'inspect', base], { stdio: 'ignore' }).status !== 0) return `the base image ${base} is not present and cannot be pulled here`;
  return undefined;
}

const noDocker = dockerMissing();
if (noDocker) console.warn(`[skip] deploy/Dockerfile image build: ${noDocker}. Not required${servicesRequired() ? ' even with SUNSHINE_REQUIRE_SERVICES=1' : ''}: CI has no Docker; build it where Docker runs (docker build -f deploy/Dockerfile .)`);

describe.skipIf(noDocker !== undefined)('deploy/Dockerfile', () => {
  it('builds, and the image\'s sunshine serve knows --backup', () => {
    const tag = `sunshine-test:${process.pid}`;
    const build = spawnSync('docker', ['build', '-f', 'deploy/Dockerfile', '-t', tag, '.'], { cwd: ROOT, encoding: 'utf8', timeout: 20 * 60_000 });
    expect(build.status, build.stderr.slice(-4000)).toBe(0);
    try {
      const help = spawnSync('docker', ['run', '--rm', tag, 'sunshine', 'serve', '--help'], { encoding: 'utf8' });
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toContain('--backup');
    } finally {
      spawnSync('docker', ['image', 'rm', '-f', tag], { stdio: 'ignore' });
    }
  }, 25 * 60_000);
});
