import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { sunshineConfigJsonSchema } from '../src/index.js';

const committed = join(import.meta.dirname, '..', 'schema', 'sunshine.config.schema.json');

describe('sunshine.config.json schema', () => {
  it('the committed schema is generated from the definition (run `pnpm --filter @sunshine/cli gen:schema` to update)', () => {
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(sunshineConfigJsonSchema());
  });

  it('accepts the documented shapes and rejects mistakes', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(sunshineConfigJsonSchema());
    expect(validate({ data: { dir: './data', mapping: './mapping.json' }, packs: ['stdlib'], params: { 'shared-account': { minPersons: 4 } }, asOf: '2024-12-31', output: { format: 'html', file: 'r.html' }, failOn: 'high' })).toBe(true);
    expect(validate({ data: { store: 'postgres', connectionEnv: 'DB' } })).toBe(true);
    expect(validate({ data: { store: 'sqlite', file: 'county.db' } })).toBe(true);
    expect(validate({ failOn: 'severe' })).toBe(false);
    expect(validate({ output: { format: 'pdf' } })).toBe(false);
    expect(validate({ dataDir: './data' })).toBe(false);
  });
});
