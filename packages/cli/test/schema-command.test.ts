/**
 * `sunshine schema` over the real library: the rule-pack schema with dataset and field
 * completion, and `--datasets`, the data model as JSON Schema.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultLibrary } from '../src/index.js';
import { runCli } from './fake-library.js';

interface DatasetsSchema {
  $defs: Record<string, { title: string; properties: Record<string, { title?: string; enum?: unknown[]; type: unknown }>; required: string[] }>;
}

describe('sunshine schema', () => {
  it('--datasets prints every dataset with field types, Chinese names, allowed values and nullability', async () => {
    for (const args of [['schema', '--datasets'], ['schema', '--for', 'datasets']]) {
      const r = await runCli(args, createDefaultLibrary());
      expect(r.code, r.err).toBe(0);
      const s = JSON.parse(r.out) as DatasetsSchema;
      expect(Object.keys(s.$defs)).toContain('payments');
      expect(s.$defs['payments']?.title).toBe('惠民惠农补贴发放（一卡通）');
      expect(s.$defs['payments']?.properties['pay_date']).toMatchObject({ title: '发放日期', type: 'string', format: 'date' });
      expect(s.$defs['funds']?.properties['kind']?.enum).toEqual(['means_tested', 'age_based', 'disability', 'land_based', 'pension', 'medical', 'other']);
      expect(s.$defs['persons']?.properties['relation']?.enum).toContain('head');
      expect(s.$defs['funds']?.required).not.toContain('max_amount');
    }
  });

  it('the rule-pack schema completes dataset names and fields', async () => {
    const r = await runCli(['schema'], createDefaultLibrary());
    expect(r.code).toBe(0);
    expect(r.out).toContain('"payments"');
    expect(r.out).toContain('"subject.id_number"');
  });

  it('refuses an unknown schema and two at once, with exit 2', async () => {
    const bad = await runCli(['schema', '--for', 'tables'], createDefaultLibrary());
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('`--for` must be pack, datasets or config, got `tables`');
    const two = await runCli(['schema', '--datasets', '--for', 'config'], createDefaultLibrary());
    expect(two.code).toBe(2);
  });
});
