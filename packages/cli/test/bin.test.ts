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

  it('validate: the silent mistakes of issue #14 exit 1 with file, pointer and suggestion, no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-bin-'));
    const rule = (id: string, conditions: unknown, lookups: unknown = { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true } }): string =>
      JSON.stringify({ id, version: '1.0.0', category: 'eligibility', severity: 'medium', title: { zh: '探针', en: 'Probe' }, description: { zh: '探针', en: 'Probe' }, subject: { dataset: 'payments' }, lookups, conditions, key: '{{subject.payment_id}}', message: { zh: '探针', en: 'Probe' } });
    const leaf = { fact: 'subject.amount', operator: 'greaterThan', value: 0 };
    writeFileSync(join(dir, 'enum-value.json'), rule('enum-value', { fact: 'fund.kind', operator: 'equal', value: 'means-tested' }));
    writeFileSync(join(dir, 'list-lookup.json'), rule('list-lookup', { fact: 'fund.kind', operator: 'equal', value: 'means_tested' }, { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' } } }));
    writeFileSync(join(dir, 'not-its-id.json'), rule('some-other-id', leaf));
    writeFileSync(join(dir, 'runaway-regex.json'), rule('runaway-regex', { fact: 'subject.bank_account', operator: 'matches', value: '^(\\d+)\\1x$' }));
    // 10,000 levels of `not`, written as text (JSON.stringify cannot write that deep)
    writeFileSync(join(dir, 'deep.json'), rule('deep', { x: 1 }).replace('{"x":1}', `${'{"not":'.repeat(10000)}${JSON.stringify(leaf)}${'}'.repeat(10000)}`));
    const r = sunshine(['validate', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK);
    expect(r.out).toContain(`enum-value.json /conditions/value: "means-tested" is not an allowed value of \`funds.kind\``);
    expect(r.out).toContain('(did you mean `means_tested`?)');
    expect(r.out).toMatch(/list-lookup\.json \/conditions\/fact: `fund` is a list lookup .*"one": true/);
    expect(r.out).toContain('not-its-id.json /id: the rule id `some-other-id` differs from the file name');
    expect(r.out).toContain('runaway-regex.json /conditions/value:');
    expect(r.out).toContain('backreference');
    expect(r.out).toContain(`deep.json /conditions${'/not'.repeat(65)}: conditions are nested more than 64 levels deep`);
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
