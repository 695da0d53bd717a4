/**
 * The packages as a county installs them: each public package packed (`pnpm pack`, which
 * applies `publishConfig`), checked by publint and are-the-types-wrong, installed with npm into a
 * fresh project outside the workspace, and used there — the README's API example over a generated
 * town, and the `sunshine` binary's `run`.
 *
 * Needs the packages built (`pnpm test` builds first) and the npm registry for the dependencies.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PUBLIC = ['core', 'adapters', 'rules-stdlib', 'gen', 'sql', 'server', 'cli'] as const;
const work = mkdtempSync(path.join(tmpdir(), 'sunshine-packed-'));
const packs = path.join(work, 'packs');
const project = path.join(work, 'county-system');
const tarballs = new Map<string, string>();
const built = PUBLIC.every((p) => existsSync(path.join(ROOT, 'packages', p, 'dist', 'index.js')));

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  if (!built) return;
  mkdirSync(packs);
  for (const p of PUBLIC) {
    const r = run('pnpm', ['pack', '--pack-destination', packs], path.join(ROOT, 'packages', p));
    if (r.code !== 0) throw new Error(`pnpm pack of packages/${p} failed:\n${r.out}`);
  }
  for (const f of readdirSync(packs)) tarballs.set(f.replace(/^sunshine-(.*)-\d+\.\d+\.\d+\.tgz$/, '$1'), path.join(packs, f));
}, 300_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!built)('the packed packages', () => {
  it.each(PUBLIC)('%s passes publint', (p) => {
    const r = run('pnpm', ['exec', 'publint', '--pack', 'pnpm', '--strict'], path.join(ROOT, 'packages', p));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('All good!');
  }, 120_000);

  it.each(PUBLIC)('%s passes are-the-types-wrong (ESM only)', (p) => {
    // CATALOGUE.md is exported as a file to resolve, not a module to import.
    const r = run('pnpm', ['exec', 'attw', tarballs.get(p)!, '--profile', 'esm-only', '--format', 'ascii', '--exclude-entrypoints', 'CATALOGUE.md'], ROOT);
    expect(r.code, r.out).toBe(0);
  }, 120_000);

  it('name only files they ship: every export target is in the tarball, no source condition', () => {
    for (const p of PUBLIC) {
      const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarballs.get(p)!, 'package/package.json'], { encoding: 'utf8' })) as { exports: unknown; dependencies?: Record<string, string> };
      const files = new Set(execFileSync('tar', ['-tzf', tarballs.get(p)!], { encoding: 'utf8' }).split('\n'));
      const targets: string[] = [];
      const walk = (v: unknown, where: string): void => {
        if (typeof v === 'string') targets.push(v);
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
          expect(k, `${p}: ${where}`).not.toBe('@sunshine/source');
          walk(x, `${where}/${k}`);
        }
      };
      walk(pkg.exports, 'exports');
      for (const t of targets.filter((x) => !x.includes('*'))) expect(files.has(`package/${t.replace(/^\.\//, '')}`), `${p}: ${t} is not in the tarball`).toBe(true);
      expect(JSON.stringify(pkg.dependencies ?? {}), p).not.toContain('workspace:');
    }
  });

  it('install with npm into a fresh project and run the README example and `sunshine run`', () => {
    mkdirSync(project);
    const deps = Object.fromEntries(PUBLIC.map((p) => [`@sunshine/${p}`, `file:${tarballs.get(p)!}`]));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'county-system', private: true, type: 'module', dependencies: deps, overrides: deps }, null, 2));
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project, { npm_config_nodedir: '/usr' });
    expect(install.code, install.out).toBe(0);

    const county = path.join(project, 'county');
    const gen = run(path.join(project, 'node_modules/.bin/sunshine'), ['gen', '--scale', 'tiny', '--out', county, '--seed', '1'], project);
    expect(gen.code, gen.out).toBe(0);

    writeFileSync(
      path.join(project, 'example.mjs'),
      [
        "import { createEngine, loadData } from '@sunshine/core';",
        "import { createFolderSource } from '@sunshine/adapters';",
        "import { loadStdlib } from '@sunshine/rules-stdlib';",
        "const engine = createEngine({ rules: await loadStdlib(), asOf: '2024-12-31', params: { 'shared-account': { minPersons: 4 } } });",
        "const data = await loadData(createFolderSource({ dir: './county' }));",
        'const { findings, rulesRun, rulesFailed } = await engine.run(data);',
        'const prepared = engine.prepare(data);',
        "const application = data.tables.get('payments')[0];",
        "const screened = prepared.screen('payments', application);",
        'console.log(JSON.stringify({ findings: findings.length, rulesRun: rulesRun.length, rulesFailed: rulesFailed.length, screened: Array.isArray(screened) }));',
      ].join('\n'),
    );
    const example = run('node', ['example.mjs'], project);
    expect(example.code, example.out).toBe(0);
    const summary = JSON.parse(example.out.trim().split('\n').at(-1)!) as { findings: number; rulesRun: number; rulesFailed: number; screened: boolean };
    expect(summary.rulesRun).toBeGreaterThan(60);
    expect(summary.rulesFailed).toBe(0);
    expect(summary.findings).toBeGreaterThan(0);
    expect(summary.screened).toBe(true);

    const cli = run(path.join(project, 'node_modules/.bin/sunshine'), ['run', '--data', county, '--as-of', '2024-12-31', '--format', 'json', '--out', 'findings.json', '--no-timings'], project);
    expect(cli.code, cli.out).toBe(0);
    expect(existsSync(path.join(project, 'findings.json'))).toBe(true);
  }, 900_000);
});

describe.skipIf(built)('the packed packages (skipped)', () => {
  it('need the packages built first: run `pnpm build` (pnpm test does)', () => {
    console.warn('[skip] packaging tests: packages are not built');
  });
});
