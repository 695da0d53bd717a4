import { describe, expect, it } from 'vitest';
import { DATASETS, compileNormalizer, idCheckDigit, type FieldDef } from '@sunshine/core';
import { compileRowNormalizer } from '../src/source/row-normalizer.js';

const id = (first17: string): string => first17 + idCheckDigit(first17);

/** Raw cells per value type: good ones in several spellings, bad ones, empty ones. */
function samples(field: FieldDef): unknown[] {
  // A NUL character rejects a row whatever the type (the memo and fast paths must agree).
  const empty = ['', '  ', null, undefined, 'A\u0000'];
  switch (field.type) {
    case 'id_number':
      return [id('42010119800101001'), id('42010119900229001').toLowerCase(), '420101800101001', '420101198001010010', 'abc', 4.2e17, ...empty];
    case 'date':
      return ['2024-03-05', '2024/3/5', '2024年3月5日', '20240305', 45356, '2024-02-31', 'soon', ...empty];
    case 'period':
      return ['2024-03', '2024', '202403', '2024年3月', '2024-13', 2024, ...empty];
    case 'money':
      return ['1,234.50', '￥1234.5', '1234.5元', 12.5, '1.234', 'abc', ...empty];
    case 'decimal':
      return ['12.5', '1,200.25', 3, 'x', ...empty];
    case 'integer':
      return ['3', 2, '3.0', '-1', '200', ...empty];
    case 'enum':
      return [...(field.values ?? []), ` ${field.values?.[0] ?? ''} `, 'nope', `${field.values?.[0] ?? ''}\u0000`, ...empty];
    case 'code':
    case 'string':
    default:
      return ['A01', ' 张三 ', 42, true, ...empty];
  }
}

describe('compileRowNormalizer', () => {
  it('gives exactly what compileNormalizer gives, for every dataset, memo or not', () => {
    for (const def of DATASETS) {
      const reference = compileNormalizer(def);
      const rows = compileRowNormalizer(def);
      const cells = def.fields.map(samples);
      // Every sample of every field, twice (the second pass answers from the memo).
      const longest = Math.max(...cells.map((c) => c.length));
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < longest * 3; k++) {
          const values = cells.map((c, i) => c[(k + i * pass) % c.length]);
          const want = reference(values);
          const got = rows.normalize(values);
          if (want.ok) {
            expect(got, `${def.name} ${JSON.stringify(values)}`).toEqual(want.record);
            expect(Object.keys(got!)).toEqual(Object.keys(want.record));
          } else {
            expect(got, `${def.name} ${JSON.stringify(values)}`).toBeUndefined();
            expect(rows.problems).toEqual(want.problems);
          }
        }
      }
    }
  });

  it('keeps answering correctly after a mostly-unique field stops being memoised', () => {
    const def = DATASETS.find((d) => d.name === 'departments')!;
    const rows = compileRowNormalizer(def);
    let wrong = 0;
    for (let i = 0; i < 140_000; i++) {
      const r = rows.normalize([`D${i}`, i % 2 ? '民政局' : '']);
      if (i % 2 ? r?.['department_code'] !== `D${i}` || r['name'] !== '民政局' : r !== undefined) wrong++;
    }
    expect(wrong).toBe(0);
    expect(rows.problems).toEqual([{ field: 'name', value: '', message: '`name` is required' }]);
  });
});
