/**
 * The guides cannot rot: every ```json rule block in docs/*.md must validate, every
 * ```json fixtures block must pass against the guide's rules, and every ```json fragment
 * must be well-formed JSON properties.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPacks, formatProblem } from '@sunshine/core';
import { runRuleTests } from '@sunshine/core/testing';

const docs = path.resolve(import.meta.dirname, '../../../docs');
const guides = readdirSync(docs).filter((f) => /^rules-guide.*\.md$/.test(f));

function blocks(md: string): { kind: string; text: string; line: number }[] {
  const out: { kind: string; text: string; line: number }[] = [];
  const re = /^```json(?: (\w+))?\n([\s\S]*?)^```/gm;
  for (const m of md.matchAll(re)) out.push({ kind: m[1] ?? 'json', text: m[2]!, line: md.slice(0, m.index).split('\n').length });
  return out;
}

describe.each(guides)('%s', (guide) => {
  const md = readFileSync(path.join(docs, guide), 'utf8');
  const all = blocks(md);
  const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-guide-'));

  it('has rules and fixtures', () => {
    expect(all.filter((b) => b.kind === 'rule').length).toBeGreaterThanOrEqual(3);
    expect(all.filter((b) => b.kind === 'fixtures').length).toBeGreaterThanOrEqual(2);
  });

  it('every fragment is well-formed JSON', () => {
    for (const b of all.filter((x) => x.kind === 'fragment' || x.kind === 'json')) {
      const text = b.kind === 'fragment' ? `{${b.text}}` : b.text;
      expect(() => JSON.parse(text) as unknown, `${guide}:${b.line}`).not.toThrow();
    }
  });

  it('every rule validates and every fixture passes', async () => {
    for (const b of all.filter((x) => x.kind === 'rule')) {
      const rule = JSON.parse(b.text) as { id: string };
      writeFileSync(path.join(dir, `${rule.id}.json`), b.text);
    }
    for (const b of all.filter((x) => x.kind === 'fixtures')) {
      const fx = JSON.parse(b.text) as { rule: string };
      writeFileSync(path.join(dir, `${fx.rule}.fixtures.json`), b.text);
    }
    const pack = await loadPacks([dir]);
    expect(pack.problems.map(formatProblem)).toEqual([]);
    const report = await runRuleTests([dir]);
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.cases.filter((c) => !c.passed).map((c) => `${c.rule} / ${c.name}: ${c.message ?? ''}`)).toEqual([]);
    expect(report.cases.length).toBeGreaterThanOrEqual(6);
  });
});
