/**
 * The rules guides show what `sunshine validate`, `test`, `run` and `explain` print for the
 * guide's walk-through model (and `validate` for a misspelt dataset): this runs them — the
 * Chinese guide's in a Chinese locale, the English guide's in none — and compares, so a changed
 * message fails here until the guides show it. `…` in a guide stands for the folder's path.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultLibrary } from '../src/index.js';
import { runCli } from './fake-library.js';

const root = join(import.meta.dirname, '../../..');
const zh = readFileSync(join(root, 'docs/rules-guide.zh-CN.md'), 'utf8');
const en = readFileSync(join(root, 'docs/rules-guide.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'sunshine-guide-output-'));
const myRules = join(dir, 'my-rules');
const county = join(dir, 'county');
const ZH = { env: { LANG: 'zh_CN.UTF-8' } };
const EN = { env: {} };
const bad = join(dir, 'bad', 'my-rules');

/** The guide's walk-through model and its fixtures, saved as its step 6 says; and the model with `paymentz`. */
const WALKTHROUGH = 'guide-labour-fees-concentrated';
mkdirSync(myRules);
mkdirSync(bad, { recursive: true });
for (const m of zh.matchAll(/```json (rule|fixtures)\n([\s\S]*?)```/g)) {
  const o = JSON.parse(m[2]!) as { id?: string; rule?: string };
  if (o.id === WALKTHROUGH) {
    writeFileSync(join(myRules, `${WALKTHROUGH}.json`), m[2]!);
    writeFileSync(join(bad, 'x.json'), JSON.stringify({ ...o, id: 'x', subject: { dataset: 'paymentz' }, aggregates: undefined, conditions: { all: [{ fact: 'subject.amount', operator: 'moneyGreaterThan', value: '1.00' }] }, key: '{{subject.payment_id}}', evidence: ['subject'], message: { zh: 'x', en: 'x' } }));
  }
  if (o.rule === WALKTHROUGH) writeFileSync(join(myRules, `${WALKTHROUGH}.fixtures.json`), m[2]!);
}

beforeAll(async () => {
  const gen = await runCli(['gen', '--scale', 'town', '--out', county], createDefaultLibrary(), EN);
  expect(gen.code, gen.err).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The guide's ```text block that starts with `start`, with `…` as the folder given. */
function shown(start: string, folder: string): string {
  const block = [...zh.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith(start));
  expect(block, `the guide has no output block starting with ${start}`).toBeDefined();
  return block!.replaceAll('…', folder);
}

const printed = (r: { out: string; err: string }): string => `${r.out}${r.err}`;
const STALE = (cmd: string): string => `the CLI's output of \`${cmd}\` is not what docs/rules-guide.zh-CN.md shows: update the guide's \`\`\`text block (and docs/rules-guide.md's comments) with the new output`;

describe('docs/rules-guide.zh-CN.md shows what the CLI prints', () => {
  it('validate', async () => {
    const r = await runCli(['validate', 'my-rules/'], createDefaultLibrary(), { cwd: dir, ...ZH });
    expect(r.code).toBe(0);
    expect(printed(r), STALE('validate')).toBe(shown('✓ 1 个比对模型包', dir));
  });

  it('test', async () => {
    const r = await runCli(['test', 'my-rules/'], createDefaultLibrary(), { cwd: dir, ...ZH });
    expect(r.code).toBe(0);
    expect(printed(r), STALE('test')).toBe(shown(`✓ ${WALKTHROUGH}`, dir));
  });

  it('validate with a misspelt dataset', async () => {
    const r = await runCli(['validate', 'my-rules/'], createDefaultLibrary(), { cwd: join(dir, 'bad'), ...ZH });
    expect(r.code).toBe(1);
    expect(printed(r), STALE('validate')).toBe(shown('✗ …/my-rules/x.json', join(dir, 'bad')));
  });

  it('run', async () => {
    const r = await runCli(['run', '--data', './county', '--rules', 'my-rules/', '--format', 'html', '--out', 'report.html'], createDefaultLibrary(), { cwd: dir, ...ZH });
    expect(r.code, r.err).toBe(0);
    expect(printed(r), STALE('run')).toContain(shown('已把 html 报告', dir));
  }, 60_000);

  it('explain', async () => {
    const line = zh.split('\n').find((l) => l.startsWith('pnpm exec sunshine explain') && l.includes(WALKTHROUGH))!;
    const args = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(3);
    const r = await runCli(args, createDefaultLibrary(), { cwd: dir, ...ZH });
    expect(r.code, r.err).toBe(0);
    const block = shown('未命中', dir);
    expect(r.out.slice(0, block.length), STALE('explain')).toBe(block);
  }, 60_000);
});

describe('docs/rules-guide.md shows the same in its comments', () => {
  it('validate and test', async () => {
    const v = await runCli(['validate', 'my-rules/'], createDefaultLibrary(), { cwd: dir, ...EN });
    const t = await runCli(['test', 'my-rules/'], createDefaultLibrary(), { cwd: dir, ...EN });
    // The walk-through's commands (the last ones of each), not the overview's at the top.
    const comment = (cmd: string): string => [...en.matchAll(new RegExp(`^pnpm exec sunshine ${cmd} my-rules/ +# (.*)$`, 'gm'))].at(-1)?.[1] ?? '';
    expect(printed(v)).toContain(comment('validate').replaceAll('…', dir));
    expect(printed(t)).toContain(comment('test'));
  });
});
