/**
 * The library against the generator's truth: a generated town with planted anomalies and near
 * misses for every fixed core model. Every planted finding must be reported with its key, and
 * nothing else from those 28 models. The nine models over the extension datasets (pensions,
 * household moves, medical settlements) are held against the planted list the same way.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, loadData } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { EXTENSION_MODEL_IDS, generateCounty, type TruthFile } from '@sunshine/gen';
import { coreModelIds, loadStdlib } from '@sunshine/rules-stdlib';

const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-truth-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let generated: Promise<unknown> | undefined;
const generate = (): Promise<unknown> => (generated ??= generateCounty({ scale: 'town', seed: 7, out: dir }));

describe('the 28 core models on a generated town', () => {
  it('report exactly the truth file', async () => {
    await generate();
    const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as TruthFile;
    const data = await loadData(createFolderSource({ dir }));
    expect(data.rejected).toEqual([]);
    const core = new Set<string>(coreModelIds);
    const rules = (await loadStdlib()).filter((r) => core.has(r.id));
    expect(rules).toHaveLength(28);
    const result = await createEngine({ rules, asOf: truth.asOf }).run(data);
    expect(result.rulesSkipped).toEqual([]);
    const got = result.findings.map((f) => `${f.rule} ${f.key}`).sort();
    const want = truth.findings.map((f) => `${f.rule} ${f.key}`).sort();
    expect(want.length).toBeGreaterThan(100);
    const missing = want.filter((k) => !got.includes(k));
    const unexpected = got.filter((k) => !want.includes(k));
    expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
    // Every core model has planted cases in the truth.
    expect(new Set(truth.findings.map((f) => f.rule)).size).toBe(28);
  });
});

interface PlantedFile {
  readonly items: readonly { readonly rule: string; readonly kind: 'case' | 'near_miss'; readonly note: string; readonly keys: readonly string[] }[];
}

describe('the 9 models over pensions, household moves and medical settlements on a generated town', () => {
  it('report exactly their planted cases, and none of their near misses', async () => {
    await generate();
    const planted = JSON.parse(readFileSync(path.join(dir, 'planted.json'), 'utf8')) as PlantedFile;
    const data = await loadData(createFolderSource({ dir }));
    expect(data.rejected).toEqual([]);
    expect(data.missing).toEqual([]);
    const ids = new Set<string>(EXTENSION_MODEL_IDS);
    const rules = (await loadStdlib()).filter((r) => ids.has(r.id));
    expect(rules).toHaveLength(9);
    const result = await createEngine({ rules, asOf: '2024-12-31' }).run(data);
    expect(result.rulesSkipped).toEqual([]);
    const got = new Set(result.findings.map((f) => `${f.rule} ${f.key}`));
    const items = planted.items.filter((p) => ids.has(p.rule));
    const cases = new Set(items.filter((p) => p.kind === 'case').flatMap((p) => p.keys.map((k) => `${p.rule} ${k}`)));
    const nearMisses = items.filter((p) => p.kind === 'near_miss').flatMap((p) => p.keys.map((k) => `${p.rule} ${k} (${p.note})`));
    const missing = [...cases].filter((k) => !got.has(k));
    const unexpected = [...got].filter((k) => !cases.has(k));
    const reported = nearMisses.filter((k) => got.has(k.slice(0, k.indexOf(' ('))));
    expect({ missing, unexpected, reported }).toEqual({ missing: [], unexpected: [], reported: [] });
    // Every one of the nine has planted cases that are found, and near misses.
    for (const id of EXTENSION_MODEL_IDS) {
      expect(result.findings.some((f) => f.rule === id), `${id} reports its planted cases`).toBe(true);
      expect(items.some((p) => p.rule === id && p.kind === 'near_miss'), `${id} has near misses`).toBe(true);
    }
  });
});
