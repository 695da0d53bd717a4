import { describe, expect, it } from 'vitest';
import { buildCounty } from '../src/generate-county.js';
import { EXTENSION_MODEL_IDS } from '../src/plant/index.js';
import { CORE_MODEL_IDS, referenceCheck } from '../src/reference-check.js';

const CORE = new Set<string>(CORE_MODEL_IDS);

/**
 * Builds a county in memory and compares the reference checker's findings with the planted
 * list of the core models (the extension models are held against the library in
 * rules-stdlib's truth test).
 */
function check(scale: 'tiny' | 'village' | 'town', seed: number) {
  const { model, tables, planted } = buildCounty({ scale, seed });
  const truth = referenceCheck(tables, { asOf: model.asOf });
  const found = new Set(truth.findings.map((f) => `${f.rule}|${f.key}`));
  const cases = new Set<string>();
  const missing: string[] = [];
  const reported: string[] = [];
  for (const item of planted) {
    const keys = item.keys();
    expect(keys.length, `${item.rule}: ${item.note}`).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key, `${item.rule}: ${item.note}`).not.toBe('');
      if (!CORE.has(item.rule)) continue;
      const k = `${item.rule}|${key}`;
      if (item.kind === 'case') {
        cases.add(k);
        if (!found.has(k)) missing.push(`${k} (${item.note})`);
      } else if (found.has(k)) reported.push(`${k} (${item.note})`);
    }
  }
  const unexpected = truth.findings.filter((f) => !cases.has(`${f.rule}|${f.key}`)).map((f) => `${f.rule}|${f.key}`);
  return { truth, planted, missing, reported, unexpected };
}

describe('planted anomalies', () => {
  it.each([
    ['tiny', 1],
    ['tiny', 2],
    ['tiny', 3],
    ['tiny', 17],
    ['village', 4],
    ['village', 5],
  ] as const)('%s seed %i: every planted case is found, no near miss is, and nothing else is', (scale, seed) => {
    const { truth, planted, missing, reported, unexpected } = check(scale, seed);
    expect(missing).toEqual([]);
    expect(reported).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(truth.skipped).toEqual([]);
    for (const rule of EXTENSION_MODEL_IDS) {
      expect(planted.some((p) => p.rule === rule && p.kind === 'case'), `${rule} has a planted case`).toBe(true);
      expect(planted.some((p) => p.rule === rule && p.kind === 'near_miss'), `${rule} has a near miss`).toBe(true);
    }
    for (const rule of CORE_MODEL_IDS) {
      expect(planted.some((p) => p.rule === rule && p.kind === 'case'), `${rule} has a planted case`).toBe(true);
      expect(planted.some((p) => p.rule === rule && p.kind === 'near_miss'), `${rule} has a near miss`).toBe(true);
      expect(truth.findings.some((f) => f.rule === rule), `${rule} is in the truth`).toBe(true);
    }
  });

  it('town seed 1: the same holds at the size of one town', () => {
    const { truth, missing, reported, unexpected } = check('town', 1);
    expect(missing).toEqual([]);
    expect(reported).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(truth.findings.length).toBeGreaterThan(100);
  });
});
