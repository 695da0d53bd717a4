/**
 * The table of accepted value forms (value-forms.ts) is the source of docs/data-model.md's
 * "Value types" section: every example there is read here through the normaliser every
 * adapter uses, and must give its canonical value; every refused example must be refused.
 */
import { describe, expect, it } from 'vitest';
import { compileNormalizer, FREQUENCIES, VALUE_FORMS, type DatasetDef, type FieldType } from '@sunshine/core';
import { compileRowNormalizer } from '../src/source/row-normalizer.js';

function readAs(type: FieldType, input: unknown): ReturnType<ReturnType<typeof compileNormalizer>> {
  const def: DatasetDef = { name: 'example', doc: 'one field of the type', fields: [{ name: 'v', type, ...(type === 'enum' ? { values: FREQUENCIES } : {}) }] };
  const result = compileNormalizer(def)([input]);
  // loadData's memoising normaliser (with its fast path for text) reads it the same way.
  const rows = compileRowNormalizer(def);
  for (let i = 0; i < 2; i++) expect(rows.normalize([input]) ?? { problems: rows.problems }).toEqual(result.ok ? result.record : { problems: result.problems });
  return result;
}

const types = Object.entries(VALUE_FORMS) as [FieldType, (typeof VALUE_FORMS)[FieldType]][];

describe('every accepted form of every value type (the table behind docs/data-model.md)', () => {
  it.each(types.flatMap(([type, t]) => t.accepted.map((f) => [type, f.form, f.input, f.value] as const)))('%s, %s: %j reads as %j', (type, _form, input, value) => {
    expect(readAs(type, input)).toEqual({ ok: true, record: { v: value } });
  });

  it.each(types.flatMap(([type, t]) => t.refused.map((f) => [type, f.input, f.why] as const)))('%s: %j is refused (%s)', (type, input) => {
    expect(readAs(type, input).ok).toBe(false);
  });

  it('has at least two accepted forms per type', () => {
    for (const [type, t] of types) expect(t.accepted.length, type).toBeGreaterThanOrEqual(2);
  });
});
