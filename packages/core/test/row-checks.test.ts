/**
 * Row checks a county expects: a gender that contradicts the ID number and text holding a NUL
 * character are rejected rows naming the field, through `compileNormalizer`, the memoising
 * row normaliser and `loadData` alike.
 */
import { describe, expect, it } from 'vitest';
import { DATASETS, canonicalDatasets, compileNormalizer, genderOfId, idCheckDigit, loadData, type RawBatch, type Source } from '@sunshine/core';
import { compileRowNormalizer } from '../src/source/row-normalizer.js';

const id = (first17: string): string => first17 + idCheckDigit(first17);
/** 17th digit 1 (odd): a man's number. */
const man = id('42010119800101001');
/** 17th digit 2 (even): a woman's number. */
const woman = id('42010119820202002');
const persons = canonicalDatasets.get('persons')!;
const row = (idNumber: string, gender: string, name = '张三'): string[] => [idNumber, name, gender, '1980-01-01', 'H1', 'head', 'T1', 'V1'];

function source(dataset: string, columns: string[], rows: string[][]): Source {
  return {
    description: 'test rows',
    datasets: () => Promise.resolve([{ dataset, file: `${dataset}.csv` }]),
    // eslint-disable-next-line @typescript-eslint/require-await
    async *batches(): AsyncGenerator<RawBatch> {
      yield { file: `${dataset}.csv`, columns, rows, rowNumbers: rows.map((_, i) => i + 2) };
    },
  };
}

describe('gender against the ID number', () => {
  it('reads the 17th digit: odd is M, even is F', () => {
    expect(genderOfId(man)).toBe('M');
    expect(genderOfId(woman)).toBe('F');
  });

  it.each([
    ['compileNormalizer', (values: string[]) => { const r = compileNormalizer(persons)(values); return r.ok ? undefined : r.problems; }],
    ['compileRowNormalizer', (values: string[]) => { const n = compileRowNormalizer(persons); return n.normalize(values) === undefined ? n.problems : undefined; }],
  ] as const)('%s rejects a contradicting gender, naming the field, and accepts agreeing ones', (_name, problemsOf) => {
    expect(problemsOf(row(man, 'M'))).toBeUndefined();
    expect(problemsOf(row(woman, 'F'))).toBeUndefined();
    // A 15-digit legacy number: its last digit is the gender digit.
    expect(problemsOf(row('420101800101001', 'M'))).toBeUndefined();
    const problems = problemsOf(row(woman, 'M'));
    expect(problems).toEqual([{ field: 'gender', value: 'M', message: expect.stringContaining(`\`gender\` is \`M\` but \`id_number\` ${woman} is a woman's`) as unknown }]);
    expect(problems?.[0]?.message).toContain('correct the gender or the ID number');
    // A bad ID number is reported as such, not as a gender mismatch.
    expect(problemsOf(row('abc', 'M'))?.map((p) => p.field)).toEqual(['id_number']);
  });

  it('every `agreesWith` of the registry names a field of its dataset', () => {
    for (const d of DATASETS) {
      for (const f of d.fields as readonly { name: string; agreesWith?: { field: string } }[]) {
        if (f.agreesWith !== undefined) expect(d.fields.map((x) => x.name), `${d.name}.${f.name}`).toContain(f.agreesWith.field);
      }
    }
  });

  it('loadData rejects the row with dataset, row and field, and keeps the others', async () => {
    const columns = persons.fields.map((f) => f.name);
    const r = await loadData(source('persons', columns, [row(man, 'M'), row(woman, 'M', '李四'), row(woman, 'F', '王五')]));
    expect(r.tables.get('persons')?.map((p) => p['name'])).toEqual(['张三', '王五']);
    expect(r.rejected).toEqual([expect.objectContaining({ dataset: 'persons', row: 3, field: 'gender', value: 'M' })]);
  });
});

describe('a NUL character in a field', () => {
  it('rejects the row naming the field, whatever its type, on every path', async () => {
    const n = compileRowNormalizer(persons);
    for (const [i, bad] of [[1, '张\u0000三'], [2, 'M\u0000'], [3, '1980-01-01\u0000'], [0, `${man}\u0000`]] as const) {
      const values = row(man, 'M');
      values[i] = bad;
      const reference = compileNormalizer(persons)(values);
      expect(reference.ok).toBe(false);
      if (!reference.ok) expect(reference.problems).toEqual([{ field: persons.fields[i]!.name, value: bad, message: expect.stringContaining('contains a NUL character') as unknown }]);
      expect(n.normalize(values)).toBeUndefined();
      expect(n.problems).toEqual(reference.ok ? [] : reference.problems);
    }
    const r = await loadData(source('persons', persons.fields.map((f) => f.name), [row(man, 'M', '张\u0000三')]));
    expect(r.rejected[0]).toMatchObject({ dataset: 'persons', field: 'name', row: 2 });
    expect(r.rejected[0]?.message).toContain('export it again as text');
  });
});
