/**
 * The data model as JSON Schema (`sunshine schema --datasets`) and the editor hints of the
 * rule-pack schema, both from the dataset registry.
 */
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { DATASETS, canonicalDatasets, datasetsJsonSchema, idCheckDigit, rulePackJsonSchema } from '@sunshine/core';

const id = (first17: string): string => first17 + idCheckDigit(first17);

describe('datasetsJsonSchema', () => {
  const schema = datasetsJsonSchema();

  it('has every dataset and field of the registry, with Chinese names, allowed values and nullability', () => {
    expect(Object.keys(schema.$defs)).toEqual(DATASETS.map((d) => d.name));
    for (const d of canonicalDatasets.all()) {
      const def = schema.$defs[d.name] as { title: string; properties: Record<string, { title?: string; type: unknown }>; required: string[] };
      expect(def.title, d.name).toBe(d.zh);
      expect(Object.keys(def.properties)).toEqual(d.fields.map((f) => f.name));
      for (const f of d.fields) {
        expect(def.properties[f.name]?.title, `${d.name}.${f.name}`).toBe(f.zh);
        expect(f.zh, `${d.name}.${f.name} has a Chinese name`).toMatch(/\p{Script=Han}/u);
      }
      expect(def.required).toEqual(d.fields.filter((f) => f.nullable !== true).map((f) => f.name));
    }
    expect(schema.$defs['persons']).toMatchObject({ properties: { gender: { type: 'string', enum: ['M', 'F'], title: '性别' } } });
    expect(schema.$defs['vehicles']).toMatchObject({ properties: { deregistration_date: { type: ['string', 'null'] } } });
  });

  it('accepts a canonical row and refuses a wrong value', () => {
    const check = Compile(schema.$defs['persons'] as never);
    const row = { id_number: id('42010119800101001'), name: '张三', gender: 'M', birth_date: '1980-01-01', household_id: 'H1', relation: 'head', town_code: 'T1', village_code: 'V1' };
    expect(check.Check(row)).toBe(true);
    expect(check.Check({ ...row, relation: 'householder' })).toBe(false);
    expect(check.Check({ ...row, birth_date: '1980/01/01' })).toBe(false);
  });
});

describe('the rule-pack schema completes datasets and fields in an editor', () => {
  const text = JSON.stringify(rulePackJsonSchema);
  it('offers the datasets for `dataset` and `subject.<field>` for `fact`', () => {
    const rule = (rulePackJsonSchema as { $defs: { Rule: { properties: { subject: { properties: { dataset: { anyOf: { enum?: string[] }[] } } } } } } }).$defs.Rule;
    expect(rule.properties.subject.properties.dataset.anyOf[0]?.enum).toEqual(canonicalDatasets.names());
    expect(text).toContain('"examples":["subject.account_holder_id_number"');
    expect(text).toContain('"subject.id_number"');
  });
});
