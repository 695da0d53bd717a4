/**
 * The data model as JSON Schema (`sunshine schema --datasets`): one definition per dataset
 * describing a row as a `.json`/`.ndjson` data file holds it in canonical form, with each
 * field's type, Chinese name (`title`), allowed values and nullability. Generated from the
 * dataset registry, so it cannot drift from what the loaders accept.
 */
import { canonicalDatasets, type DatasetRegistry, type FieldDef, type FieldType } from './datasets.js';

type Json = Record<string, unknown>;

/** The JSON Schema of one value type in canonical form (an exhaustive table). */
const TYPE_SCHEMAS: Readonly<Record<FieldType, (f: FieldDef) => Json>> = {
  id_number: () => ({ type: 'string', pattern: '^[0-9]{17}[0-9X]$', description: '18-character resident ID number (GB 11643-1999)' }),
  date: () => ({ type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', format: 'date', description: 'YYYY-MM-DD' }),
  period: () => ({ type: 'string', pattern: '^[0-9]{4}(-(0[1-9]|1[0-2]))?$', description: 'YYYY-MM (monthly, quarterly by its first month) or YYYY (yearly, once)' }),
  money: () => ({ type: ['number', 'string'], pattern: '^-?[0-9]+(\\.[0-9]{1,2})?$', description: 'yuan, at most two decimals (integer fen inside the engine)' }),
  code: () => ({ type: 'string', minLength: 1 }),
  string: () => ({ type: 'string', minLength: 1 }),
  enum: (f) => ({ type: 'string', enum: [...(f.values ?? [])] }),
  integer: (f) => ({ type: 'integer', ...(f.min === undefined ? {} : { minimum: f.min }), ...(f.max === undefined ? {} : { maximum: f.max }) }),
  decimal: () => ({ type: 'number' }),
};

function fieldSchema(f: FieldDef): Json {
  const base = TYPE_SCHEMAS[f.type](f);
  const description = [f.doc, base['description']].filter((x): x is string => typeof x === 'string').join('; ');
  const typed: Json = { ...base, ...(f.zh === undefined ? {} : { title: f.zh }), ...(description === '' ? {} : { description }), 'x-sunshine-type': f.type };
  if (f.nullable !== true) return typed;
  const { type, enum: values, ...rest } = typed;
  return { ...rest, type: [...(Array.isArray(type) ? (type as string[]) : [type as string]), 'null'], ...(values === undefined ? {} : { enum: [...(values as string[]), null] }) };
}

/**
 * The JSON Schema of the datasets: `$defs.<dataset>` is a row of that dataset; the top level
 * is an object of datasets, each an array of rows.
 *
 * @example datasetsJsonSchema().$defs.persons.properties.gender // { type: 'string', enum: ['M', 'F'], title: '性别', … }
 */
export function datasetsJsonSchema(registry: DatasetRegistry = canonicalDatasets): Json & { $defs: Record<string, Json> } {
  const $defs: Record<string, Json> = {};
  for (const d of registry.all()) {
    $defs[d.name] = {
      type: 'object',
      ...(d.zh === undefined ? {} : { title: d.zh }),
      description: d.idField === undefined ? d.doc : `${d.doc}. Key: ${d.idField}`,
      properties: Object.fromEntries(d.fields.map((f) => [f.name, fieldSchema(f)])),
      required: d.fields.filter((f) => f.nullable !== true).map((f) => f.name),
      additionalProperties: true,
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://sunshine.dev/schema/datasets.json',
    title: 'Sunshine data model',
    description: 'The canonical datasets (docs/data-model.md): a data folder holds one file per dataset; in JSON, an array of rows (ndjson: one row per line). Extra columns are ignored.',
    type: 'object',
    properties: Object.fromEntries(registry.names().map((n) => [n, { type: 'array', items: { $ref: `#/$defs/${n}` } }])),
    additionalProperties: false,
    $defs,
  };
}
