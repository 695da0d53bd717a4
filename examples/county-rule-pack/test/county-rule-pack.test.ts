import { existsSync, mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createBufferedIo, main } from '@sunshine/cli';
import { afterAll, describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('..', import.meta.url));
const workflow = parse(readFileSync(join(example, '.github/workflows/county-rules.yml'), 'utf8')) as {
  jobs: Record<string, { steps: { name?: string; run?: string; uses?: string; with?: Record<string, unknown> }[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
/** Steps that set up the machine; the test suite has done that already. */
const SETUP = new Set(['pnpm install --frozen-lockfile']);

// The workflow runs in the county repository's root: here, a copy of the example folder.
const work = mkdtempSync(join(tmpdir(), 'sunshine-county-pack-'));
cpSync(example, work, { recursive: true, filter: (src) => !/[/\\](node_modules|county|reports)$/.test(src) });
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('examples/county-rule-pack: the workflow\'s commands', () => {
  const runs = steps.flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));

  it('are one-line `pnpm sunshine …` commands (besides the install)', () => {
    expect(runs.length).toBeGreaterThanOrEqual(5);
    for (const r of runs) {
      if (SETUP.has(r)) continue;
      expect(r).toMatch(/^pnpm sunshine [^\n"'`$|&;]+$/);
    }
    expect(runs.filter((r) => r.startsWith('pnpm sunshine validate'))).toHaveLength(1);
    expect(runs.some((r) => /^pnpm sunshine test .*--junit /.test(r))).toBe(true);
    expect(runs.some((r) => /^pnpm sunshine run .*--params params\.json .*--out reports\/sunshine\.sarif/.test(r))).toBe(true);
  });

  it('each exit 0 in order, run by the CLI\'s main()', { timeout: 120_000 }, async () => {
    for (const r of runs) {
      if (SETUP.has(r)) continue;
      const io = createBufferedIo({ cwd: work });
      const code = await main(r.replace(/^pnpm sunshine /, '').split(/\s+/), io);
      expect({ command: r, code, err: code === 0 ? '' : io.err() }).toEqual({ command: r, code: 0, err: '' });
    }
  });

  it('leave a JUnit report of every fixture case and a SARIF report that the upload step finds', () => {
    const junit = readFileSync(join(work, 'reports/junit.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toMatch(/<testsuites[^>]* tests="12"[^>]* failures="0"/);
    for (const rule of ['one-off-over-county-limit', 'centenarian-payee', 'household-means-tested-crowd']) expect(junit).toContain(rule);

    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    const sarifFile = join(work, String(upload?.with?.sarif_file));
    expect(existsSync(sarifFile)).toBe(true);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const ran = sarif.runs[0]!.tool.driver.rules.map((r) => r.id);
    // The standard library and the county's rules ran together.
    expect(ran).toEqual(expect.arrayContaining(['deceased-payee', 'shared-account', 'one-off-over-county-limit', 'centenarian-payee', 'household-means-tested-crowd']));
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.path === 'reports/')).toBe(true);
  });

  it('use params.json: lower limits than the defaults find more', async () => {
    const sarif = JSON.parse(readFileSync(join(work, 'reports/sunshine.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    const withParams = (id: string): number => sarif.runs[0]!.results.filter((x) => x.ruleId === id).length;
    const io = createBufferedIo({ cwd: work });
    expect(await main(['run', '--data', 'county', '--rules', 'stdlib', '--rules', './rules', '--as-of', '2024-12-31', '--format', 'json', '--no-timings'], io)).toBe(0);
    const byRule = (JSON.parse(io.out()) as { counts: { byRule: Record<string, number> } }).counts.byRule;
    const lowered = ['shared-account', 'large-cash-expense', 'split-expense', 'one-off-over-county-limit'];
    for (const id of lowered) expect(withParams(id), id).toBeGreaterThanOrEqual(byRule[id] ?? 0);
    expect(lowered.reduce((s, id) => s + withParams(id), 0)).toBeGreaterThan(lowered.reduce((s, id) => s + (byRule[id] ?? 0), 0));
  });
});
