import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthDateOfId, compileNormalizer, DATASETS, genderOfId, loadData, parseIdNumber, schemas, type LoadedData } from '@sunshine/core';
import { GenError, generateCounty, referenceCheck, type GenerateCountyResult, type ReferenceTables, type TruthFile } from '../src/index.js';
import { folderSource, readDatasetFile } from './folder-source.js';

const root = mkdtempSync(join(tmpdir(), 'sunshine-gen-'));
const dir = (name: string): string => join(root, name);
const results = new Map<string, GenerateCountyResult>();
const loaded = new Map<string, LoadedData>();

const GENERATED = DATASETS;

function filesOf(d: string): string[] {
  return readdirSync(d).sort();
}

beforeAll(async () => {
  results.set('a', await generateCounty({ scale: 'tiny', seed: 1, out: dir('a') }));
  results.set('b', await generateCounty({ scale: 'tiny', seed: 1, out: dir('b') }));
  results.set('c', await generateCounty({ scale: 'tiny', seed: 2, out: dir('c') }));
  results.set('v', await generateCounty({ scale: 'village', seed: 3, out: dir('v') }));
  results.set('n', await generateCounty({ scale: 'tiny', seed: 1, out: dir('n'), format: 'ndjson' }));
  for (const k of ['a', 'v', 'n']) loaded.set(k, await loadData(folderSource(dir(k))));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('generateCounty', () => {
  it('writes byte-identical files for the same seed', () => {
    expect(filesOf(dir('a'))).toEqual(filesOf(dir('b')));
    for (const f of filesOf(dir('a'))) expect(readFileSync(join(dir('b'), f)).equals(readFileSync(join(dir('a'), f))), f).toBe(true);
  });

  it('writes different data for a different seed', () => {
    for (const f of ['persons.csv', 'payments.csv', 'collective_ledger.csv']) {
      expect(readFileSync(join(dir('c'), f)).equals(readFileSync(join(dir('a'), f))), f).toBe(false);
    }
  });

  it('writes one file per dataset with the canonical field names as header, plus truth, planted, manifest and README', () => {
    const files = filesOf(dir('a'));
    for (const def of GENERATED) {
      expect(files).toContain(`${def.name}.csv`);
      expect(readDatasetFile(join(dir('a'), `${def.name}.csv`)).columns).toEqual(def.fields.map((f) => f.name));
    }
    for (const f of ['truth.json', 'planted.json', 'manifest.json', 'README.md']) expect(files).toContain(f);
    const manifest = JSON.parse(readFileSync(join(dir('a'), 'manifest.json'), 'utf8')) as { counts: Record<string, number>; records: number; seed: number; scale: string; asOf: string };
    expect(manifest).toMatchObject({ seed: 1, scale: 'tiny', asOf: '2024-12-31' });
    for (const def of GENERATED) expect(manifest.counts[def.name], def.name).toBe(readDatasetFile(join(dir('a'), `${def.name}.csv`)).rows.length);
    expect(manifest.records).toBe(results.get('a')!.records);
  });

  it('writes rows that the normaliser accepts and the zod schemas validate (CSV and NDJSON)', () => {
    for (const k of ['a', 'v', 'n']) {
      const data = loaded.get(k)!;
      expect(data.rejected, k).toEqual([]);
      for (const def of GENERATED) {
        const table = data.tables.get(def.name) ?? [];
        expect(table.length, `${k} ${def.name}`).toBe(results.get(k)!.counts[def.name]);
        const schema = (schemas as unknown as Record<string, { safeParse(x: unknown): { success: boolean; error?: unknown } }>)[def.name]!;
        for (const r of table) {
          const res = schema.safeParse(r);
          if (!res.success) throw new Error(`${k} ${def.name}: ${JSON.stringify(r)} ${String(res.error)}`);
        }
      }
    }
  });

  it('writes rows that compileNormalizer accepts as they are in the file', () => {
    for (const k of ['a', 'n']) {
      for (const def of GENERATED) {
        const { columns, rows } = readDatasetFile(join(dir(k), `${def.name}.${k === 'n' ? 'ndjson' : 'csv'}`));
        expect(columns).toEqual(def.fields.map((f) => f.name));
        const normalize = compileNormalizer(def);
        for (const row of rows) {
          const r = normalize(row);
          if (!r.ok) throw new Error(`${k} ${def.name}: ${JSON.stringify(row)} ${JSON.stringify(r.problems)}`);
        }
      }
    }
  });

  it('writes CSV and NDJSON with the same content', () => {
    const a = loaded.get('a')!;
    const n = loaded.get('n')!;
    for (const def of GENERATED) expect(n.tables.get(def.name), def.name).toEqual(a.tables.get(def.name));
  });

  it('writes money with two decimals, dates as YYYY-MM-DD and empty nullable cells', () => {
    const { columns, rows } = readDatasetFile(join(dir('v'), 'payments.csv'));
    const at = (c: string): number => columns.indexOf(c);
    for (const r of rows.slice(0, 2000)) {
      expect(r[at('amount')]).toMatch(/^\d+\.\d{2}$/);
      expect(r[at('pay_date')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[at('quantity')]).toMatch(/^(\d+\.\d{2})?$/);
    }
  });

  it('gives everyone a valid ID number that agrees with their birth date and gender', () => {
    const data = loaded.get('v')!;
    const persons = data.tables.get('persons')!;
    const ids = new Set<string>();
    for (const p of persons) {
      const id = p['id_number'] as string;
      expect(parseIdNumber(id)).toEqual({ ok: true, value: id });
      expect(birthDateOfId(id)).toBe(p['birth_date']);
      expect(genderOfId(id)).toBe(p['gender']);
      ids.add(id);
    }
    expect(ids.size).toBe(persons.length);
    const households = new Map<string, string[]>();
    for (const p of persons) households.set(p['household_id'] as string, [...(households.get(p['household_id'] as string) ?? []), p['relation'] as string]);
    for (const [hh, rels] of households) expect(rels.filter((r) => r === 'head').length, hh).toBe(1);
    const sizes = [...households.values()].map((r) => r.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
  });

  it('writes the extension datasets with rows at every scale, consistent with the registry', () => {
    for (const k of ['a', 'v']) {
      const data = loaded.get(k)!;
      expect(data.missing, k).toEqual([]);
      for (const d of ['pensions', 'household_moves', 'medical_settlements']) expect(data.tables.get(d)!.length, `${k} ${d}`).toBeGreaterThan(10);
      const persons = new Set(data.tables.get('persons')!.map((p) => p['id_number']));
      const households = new Set(data.tables.get('persons')!.map((p) => p['household_id']));
      const villages = new Set(data.tables.get('regions')!.map((r) => r['village_code']));
      const latest = new Map<string, Record<string, unknown>>();
      for (const mv of data.tables.get('household_moves')!) {
        expect(villages.has(mv['village_code']), String(mv['move_id'])).toBe(true);
        expect(mv['household_id'] === null || households.has(mv['household_id']), String(mv['move_id'])).toBe(true);
        latest.set(mv['id_number'] as string, mv); // rows are in date order, an out before an in of the same day
      }
      // Whose latest move is in is in the registry; whose latest move left the county is not.
      for (const [id, mv] of latest) {
        if (mv['move_type'] === 'in') expect(persons.has(id), String(mv['move_id'])).toBe(true);
        else if (mv['place'] !== null) expect(persons.has(id), String(mv['move_id'])).toBe(false);
      }
      for (const s of data.tables.get('medical_settlements')!) {
        expect(s['admission_date'] as string <= (s['settle_date'] as string), String(s['settlement_id'])).toBe(true);
      }
      for (const p of data.tables.get('pensions')!) {
        expect(p['end_date'] === null || (p['start_date'] as string) <= (p['end_date'] as string), String(p['pension_id'])).toBe(true);
      }
    }
  });

  it('pays within the period (monthly and quarterly in its first month, yearly and once in its year)', () => {
    const data = loaded.get('v')!;
    const funds = new Map((data.tables.get('funds') ?? []).map((f) => [f['fund_code'] as string, f]));
    const payments = data.tables.get('payments')!;
    expect(payments.length).toBeGreaterThan(5_000);
    const ids = new Set(payments.map((p) => p['payment_id']));
    expect(ids.size).toBe(payments.length);
    let outside = 0;
    for (const p of payments) {
      const period = p['period'] as string;
      const pay = p['pay_date'] as string;
      const freq = funds.get(p['fund_code'] as string)!['frequency'];
      expect(period.length, `${String(freq)} ${period}`).toBe(freq === 'monthly' || freq === 'quarterly' ? 7 : 4);
      if (!pay.startsWith(period)) outside++;
    }
    // Only the planted back pay (a missed month paid with the next month's batch) is paid outside its period.
    expect(outside).toBeLessThanOrEqual(2);
  });

  it('writes as truth.json exactly what the reference checker finds in the files as loaded', () => {
    for (const k of ['a', 'v']) {
      const truth = JSON.parse(readFileSync(join(dir(k), 'truth.json'), 'utf8')) as TruthFile;
      const data = loaded.get(k)!;
      const tables = Object.fromEntries(GENERATED.map((d) => [d.name, data.tables.get(d.name) ?? []])) as unknown as ReferenceTables;
      const again = referenceCheck(tables, { asOf: truth.asOf });
      expect(again.findings).toEqual(truth.findings);
      // Straight from loadData: its missing datasets are absent, not empty.
      const direct = referenceCheck(data.tables, { asOf: truth.asOf, absent: data.missing });
      expect(direct.findings).toEqual(truth.findings);
      expect(direct.skipped).toEqual([]);
      expect(truth.findings.length).toBeGreaterThan(50);
    }
  });

  it('writes XLSX workbooks when asked', async () => {
    const r = await generateCounty({ scale: 'tiny', seed: 1, out: dir('x'), format: 'xlsx' });
    const book = readFileSync(join(dir('x'), 'payments.xlsx'));
    expect(book.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(r.counts['payments']).toBe(results.get('a')!.counts['payments']);
    // Every dataset, the extension ones included, as a workbook with the CSV's rows.
    for (const def of DATASETS) {
      expect(readFileSync(join(dir('x'), `${def.name}.xlsx`)).subarray(0, 4).toString('hex'), def.name).toBe('504b0304');
      expect(r.counts[def.name], def.name).toBe(results.get('a')!.counts[def.name]);
    }
    expect(readFileSync(join(dir('x'), 'truth.json'), 'utf8')).toBe(readFileSync(join(dir('a'), 'truth.json'), 'utf8'));
  });

  it.each([
    [{ scale: 'huge' }, 'scale'],
    [{ scale: 'tiny', seed: 1.5 }, 'seed'],
    [{ scale: 'tiny', format: 'xml' }, 'format'],
    [{ scale: 'tiny', asOf: '2024-02-30' }, 'asOf'],
    [{ scale: 'tiny', scaleFactor: 0 }, 'scaleFactor'],
    [{ scale: 'tiny', out: '' }, 'out'],
  ])('rejects bad options: %o', async (bad, option) => {
    const err = await generateCounty({ out: dir('bad'), ...bad } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenError);
    expect(err).toMatchObject({ code: 'INVALID_OPTIONS', subject: option });
    expect((err as Error).message).toContain(`\`${option}\``);
  });
});
