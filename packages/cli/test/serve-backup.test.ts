/**
 * `sunshine serve --backup` / `--restore` / `--metrics-token-file` through the CLI (issue #21):
 * the flags reach the server's one-shot commands, relative paths resolved against the working
 * folder, and a state backed up through the CLI restores through it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeLibrary, runCli } from './fake-library.js';

describe('sunshine serve --backup / --restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-cli-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backs up a state made with --create-user and restores it elsewhere', async () => {
    const state = join(dir, 'state');
    const made = await runCli(['serve', '--state', state, '--create-user', 'jw', '--role', 'discipline'], fakeLibrary(), { env: { SUNSHINE_PASSWORD: 'a-long-password' } });
    expect(made.code, made.err).toBe(0);
    const file = join(dir, 'b.tar.gz');
    const b = await runCli(['serve', '--state', state, '--backup', file], fakeLibrary());
    expect(b.code, b.err).toBe(0);
    expect(b.out).toContain('backed up sqlite state');
    const r = await runCli(['serve', '--state', join(dir, 'restored'), '--restore', file], fakeLibrary());
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('audit chain verifies');
    const again = await runCli(['serve', '--state', join(dir, 'restored'), '--restore', file], fakeLibrary());
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
    expect(again.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a missing backup, both commands at once, and a short metrics token, with exit 2', async () => {
    const missing = await runCli(['serve', '--state', join(dir, 'x'), '--restore', join(dir, 'none.tar.gz')], fakeLibrary());
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no file');
    const both = await runCli(['serve', '--state', join(dir, 'x'), '--backup', join(dir, 'a.tar.gz'), '--restore', join(dir, 'b.tar.gz')], fakeLibrary());
    expect(both.code).toBe(2);
    expect(both.err).toContain('not both');
    writeFileSync(join(dir, 'token'), 'short');
    const token = await runCli(['serve', '--state', join(dir, 'x'), '--metrics-token-file', join(dir, 'token')], fakeLibrary());
    expect(token.code).toBe(2);
    expect(token.err).toContain('--metrics-token-file');
  });
});
