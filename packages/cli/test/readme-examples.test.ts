/**
 * Every `sunshine explain … --key K` example of the READMEs and the rules guide finds its key
 * on the county the same pages generate (`sunshine gen --scale town --out ./county`), with the
 * guide's rules as `my-rules/`. A key that does not exist there fails this test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultLibrary } from '../src/index.js';
import { runCli } from './fake-library.js';

const root = join(import.meta.dirname, '../../..');
const PAGES = ['README.md', 'README.zh-CN.md', 'packages/cli/README.md', 'docs/rules-guide.md', 'docs/rules-guide.zh-CN.md'];
const dir = mkdtempSync(join(tmpdir(), 'sunshine-readme-'));
const county = join(dir, 'county');
const myRules = join(dir, 'my-rules');

/** Splits a shell command line (single and double quotes, no escapes), up to a `#` comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(#.*$)|(\S+)/g)) {
    if (m[3] !== undefined) break;
    words.push(m[1] ?? m[2] ?? m[4]!);
  }
  return words;
}

/** The `explain` examples of a page: its arguments after `sunshine`, with the line. */
function explainExamples(page: string): { line: string; args: string[] }[] {
  const text = readFileSync(join(root, page), 'utf8');
  return text
    .split('\n')
    .filter((l) => /^\s*pnpm (--silent |exec )?sunshine explain /.test(l))
    .map((line) => ({ line: line.trim(), args: shellWords(line.trim().replace(/^pnpm (--silent|exec) /, 'pnpm ')).slice(2) }));
}

beforeAll(async () => {
  const gen = await runCli(['gen', '--scale', 'town', '--out', county], createDefaultLibrary());
  expect(gen.code, gen.err).toBe(0);
  // The guide's rules, as its walk-through saves them.
  mkdirSync(myRules);
  const guide = readFileSync(join(root, 'docs/rules-guide.md'), 'utf8');
  for (const m of guide.matchAll(/```json[^\n]*\n([\s\S]*?)```/g)) {
    let json: unknown;
    try {
      json = JSON.parse(m[1]!);
    } catch {
      continue;
    }
    const o = json as { id?: string; rule?: string; version?: string };
    if (typeof o.id === 'string' && typeof o.version === 'string') writeFileSync(join(myRules, `${o.id}.json`), m[1]!);
    else if (typeof o.rule === 'string') writeFileSync(join(myRules, `${o.rule}.fixtures.json`), m[1]!);
  }
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('explain examples in the documentation', () => {
  const examples = PAGES.flatMap((page) => explainExamples(page).map((e) => ({ page, ...e })));

  it('are found on every page that has them', () => {
    expect(examples.map((e) => e.page)).toEqual(expect.arrayContaining(PAGES));
  });

  it.each(examples.filter((e) => !e.args.includes('KEY')).map((e) => [e.page, e.line, e.args] as const))('%s: %s finds its key', async (_page, _line, args) => {
    const argv = args.map((a) => (a === './county' ? county : a === 'my-rules/' ? myRules : a));
    const r = await runCli([...argv, '--format', 'json'], createDefaultLibrary());
    expect(r.code, r.err).toBe(0);
    const key = args[args.indexOf('--key') + 1];
    expect((JSON.parse(r.out) as { key: string }).key).toBe(key);
  }, 60_000);
});

describe('the READMEs\' commands and pnpm\'s [ELIFECYCLE] line', () => {
  it('run the CLI through `pnpm exec sunshine`, not the package script (pnpm 12 adds [ELIFECYCLE] after a non-zero exit, even with --silent)', () => {
    for (const page of ['README.md', 'README.zh-CN.md', 'packages/cli/README.md']) {
      const commands = readFileSync(join(root, page), 'utf8').split('\n').filter((l) => /^pnpm /.test(l));
      expect(commands.filter((l) => l.includes('sunshine')).length, page).toBeGreaterThan(3);
      expect(commands.filter((l) => /(^|&& )pnpm (--silent )?sunshine /.test(l)), page).toEqual([]);
    }
  });

  const pnpm = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  const linked = existsSync(join(root, 'node_modules/.bin/sunshine')) && existsSync(join(root, 'packages/cli/dist/bin.js'));
  it.skipIf(pnpm.status !== 0 || !linked)('`pnpm exec sunshine` exits 2 on bad input with sunshine\'s message alone', () => {
    const r = spawnSync('pnpm', ['exec', 'sunshine', 'validate', '/nonexistent/pack.json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/nonexistent/pack.json');
    expect(`${r.stdout}${r.stderr}`).not.toContain('ELIFECYCLE');
  });
});
