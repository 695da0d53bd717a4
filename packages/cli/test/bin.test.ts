/**
 * The built binary (`packages/cli/dist/bin.js`; the root `pnpm test` builds first): exit codes
 * and no stack trace on bad input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'dist', 'bin.js');
const built = existsSync(bin);
if (!built) console.log(`skipping the binary tests: ${bin} is not built (run \`pnpm build\`)`);

function sunshine(args: string[], cwd = tmpdir()): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const STACK = /\n\s+at .+:\d+:\d+/;

describe.skipIf(!built && process.env.CI === undefined)('dist/bin.js', () => {
  it('prints the version and help', () => {
    expect(sunshine(['--version'])).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) as unknown });
    expect(sunshine(['run', '--help']).out).toContain('sunshine run --data DIR');
  });

  it.each([
    [['frobnicate'], 'unknown command `frobnicate`'],
    [['run', '--dta', 'x'], 'did you mean `--data`?'],
    [['run'], 'needs `--data DIR`'],
    [['run', '--data', '.', '--as-of', '2024-13-01'], '`--as-of` must be a date'],
    [['validate', '/nonexistent/pack.json'], 'does not exist'],
    [['gen', '--scale', 'planet', '--out', 'x'], '`--scale` must be one of'],
  ])('exits 2 without a stack trace: %j', (args, message) => {
    const r = sunshine(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(STACK);
  });

  it('exits 2 on an unreadable data folder, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-bin-'));
    expect(sunshine(['init', dir]).code).toBe(0);
    const r = sunshine(['run', '--data', '/nonexistent/county-xyz', '--rules', 'rules'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('/nonexistent/county-xyz');
    expect(r.err).not.toMatch(STACK);
  });

  it('exits 1 when validate finds problems in a pack, naming the pointer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-bin-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'x', version: '1.0.0', category: 'nope' }));
    const r = sunshine(['validate', 'bad.json'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('bad.json');
    expect(r.err).not.toMatch(STACK);
  });

  it('exits 2 on a pack that is not JSON, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-bin-'));
    writeFileSync(join(dir, 'broken.json'), '{ "id": ');
    const r = sunshine(['run', '--data', dir, '--rules', 'broken.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('broken.json');
    expect(r.err).not.toMatch(STACK);
  });
});
