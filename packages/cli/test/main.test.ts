import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/index.js';
import { fakeLibrary, runCli } from './fake-library.js';

describe('main', () => {
  it('prints the version', async () => {
    const r = await runCli(['--version'], fakeLibrary());
    expect(r).toMatchObject({ code: 0, out: '9.9.9\n' });
  });

  it('lists every command in --help', async () => {
    const r = await runCli(['--help'], fakeLibrary());
    expect(r.code).toBe(0);
    for (const c of ['run', 'validate', 'test', 'explain', 'catalog', 'schema', 'gen', 'serve', 'init']) expect(r.out).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it('exits 2 with the help on stderr when no command is given', async () => {
    const r = await runCli([], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: sunshine <command>');
  });

  it.each(COMMANDS.map((c) => c.name))('has --help for %s', async (name) => {
    const r = await runCli([name, '--help'], fakeLibrary());
    expect(r.code).toBe(0);
    expect(r.out).toContain(`sunshine ${name}`);
    expect(r.out).toContain('Options:');
  });

  it('suggests the closest command for an unknown one', async () => {
    const r = await runCli(['rnu'], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: unknown command `rnu`; did you mean `run`? (see `sunshine --help`)\n');
  });

  it('suggests the closest flag for an unknown one, without a stack trace', async () => {
    const r = await runCli(['run', '--data', '.', '--fromat', 'json'], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown option `--fromat` for `sunshine run`; did you mean `--format`?');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('says when a flag lacks its value', async () => {
    const r = await runCli(['run', '--data'], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('option `--data` needs a value');
  });

  it('prints the stack of an error with --debug only', async () => {
    const plain = await runCli(['run', '--data', '/nonexistent-dir-xyz'], fakeLibrary());
    expect(plain.code).toBe(2);
    expect(plain.err).not.toMatch(/\n\s+at /);
    const debug = await runCli(['run', '--data', '/nonexistent-dir-xyz', '--debug'], fakeLibrary());
    expect(debug.code).toBe(2);
    expect(debug.err).toMatch(/\n\s+at /);
  });

  it('reports an internal error as a bug with exit 3 and a stack', async () => {
    const lib = fakeLibrary();
    const broken = { ...lib, loadPacks: () => Promise.reject(new TypeError('boom')) };
    const r = await runCli(['run', '--data', '.'], broken);
    expect(r.code).toBe(3);
    expect(r.err).toContain('internal error (a bug in sunshine');
    expect(r.err).toMatch(/\n\s+at /);
  });

  it('writes errors as JSON lines with --log-format json', async () => {
    const r = await runCli(['run', '--log-format', 'json'], fakeLibrary());
    expect(r.code).toBe(2);
    const line = JSON.parse(r.err.trim()) as { level: string; code: string; message: string };
    expect(line).toMatchObject({ level: 'error', code: 'USAGE' });
    expect(line.message).toContain('needs `--data DIR`');
  });

  it('rejects an unknown --log-format', async () => {
    const r = await runCli(['catalog', '--log-format', 'xml'], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('`--log-format` must be `text` or `json`');
  });

  it('serve refuses bad options with exit 2 before starting anything', async () => {
    const r = await runCli(['serve', '--port', 'abc'], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('`--port` must be an integer');
    const both = await runCli(['serve', '--state', '/tmp/x', '--database', 'postgres://x@127.0.0.1/x'], fakeLibrary());
    expect(both.code).toBe(2);
    expect(both.err).toContain('give `--state` or `--database`, not both');
  });
});
