/**
 * The library against the generator's truth: a generated town with planted anomalies and near
 * misses for every fixed core model. Every planted finding must be reported with its key, and
 * nothing else from those 28 models.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, loadData } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty, type TruthFile } from '@sunshine/gen';
import { coreModelIds, loadStdlib } from '@sunshine/rules-stdlib';

const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-truth-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the 28 core models on a generated town', () => {
  it('report exactly the truth file', async () => {
    await generateCounty({ scale: 'town', seed: 7, out: dir });
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
