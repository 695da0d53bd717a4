import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, loadData, type Source } from '@sunshine/core';
import {
  AdapterError,
  createFolderSource,
  defaultHeaders,
  defaultValues,
  headerResolver,
  HEADER_PRIORITY,
  loadMapping,
  mappingHeaderKey,
  mappingJsonSchema,
  parseMapping,
  withMapping,
  type Mapping,
} from '@sunshine/adapters';
import { buildFixtureCounty, P1 } from './fixture-county.js';
import { tempDir } from './temp-dir.js';
import { csvText, writeCsvFolder, writeXlsxFolder } from './write-fixture.js';

describe('mapping file', () => {
  it('has its JSON Schema committed, generated from the zod definition', () => {
    const committed = JSON.parse(readFileSync(new URL('../schema/mapping.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed, 'schema/mapping.schema.json is stale: run `pnpm --filter @sunshine/adapters run schema`').toEqual(mappingJsonSchema());
  });

  it('reports every problem with its JSON pointer', () => {
    const bad = {
      datasets: {
        payments: { columns: { 身份证号: 'idnumber', 'a/b': 'amount' }, headerRow: 0, values: { gender: { 男: 'M' } } },
        persons: { values: { gender: { 男: 'male' } }, defaults: { town: 'T1' }, colums: {} },
        salaries: {},
      },
    };
    const err = (() => {
      try {
        parseMapping(bad, { file: 'm.json' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).toMatchObject({ reason: 'INVALID_MAPPING', code: 'INVALID_INPUT', details: { file: 'm.json' } });
    // Schema problems first (the model is checked only once the shape is right).
    expect((err as Error).message).toMatch(/m\.json#\/datasets\/payments\/headerRow: /);
    expect((err as Error).message).toMatch(/m\.json#\/datasets\/persons\/colums: unknown property/);

    const err2 = (() => {
      try {
        parseMapping({ datasets: { ...bad.datasets, payments: { columns: bad.datasets.payments.columns, values: bad.datasets.payments.values }, persons: { values: bad.datasets.persons.values, defaults: bad.datasets.persons.defaults } } }, { file: 'm.json' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })()!;
    const lines = err2.message.split('\n').slice(1).map((l) => l.trim());
    expect(lines).toEqual([
      expect.stringMatching(/^m\.json#\/datasets\/payments\/columns\/身份证号: `idnumber` is not a field of `payments`/),
      expect.stringMatching(/^m\.json#\/datasets\/payments\/values\/gender: `gender` is not a field of `payments`/),
      expect.stringMatching(/^m\.json#\/datasets\/persons\/values\/gender\/男: `male` is not a value of `persons.gender` \(one of M, F\)/),
      expect.stringMatching(/^m\.json#\/datasets\/persons\/defaults\/town: `town` is not a field of `persons`/),
      expect.stringMatching(/^m\.json#\/datasets\/salaries: unknown dataset `salaries`/),
    ]);
    expect(err2).toMatchObject({ details: { pointer: '/datasets/payments/columns/身份证号' } });
  });

  it('loads a file, and says when it is not JSON', async () => {
    const d = tempDir('mapping-file');
    try {
      const file = join(d.dir, 'mapping.json');
      writeFileSync(file, '\uFEFF{"$schema": "./mapping.schema.json", "datasets": {"payments": {"columns": {"发放金额(元)": "amount"}}}}');
      expect(await loadMapping(file)).toEqual({ $schema: './mapping.schema.json', datasets: { payments: { columns: { '发放金额(元)': 'amount' } } } });
      writeFileSync(file, '{"datasets": ');
      await expect(loadMapping(file)).rejects.toMatchObject({ reason: 'INVALID_MAPPING', message: expect.stringMatching(/mapping\.json: not valid JSON/) as unknown });
      await expect(loadMapping(join(d.dir, 'nope.json'))).rejects.toMatchObject({ reason: 'UNREADABLE' });
    } finally {
      d.remove();
    }
  });
});

describe('built-in Chinese dictionary', () => {
  it('names every field of every dataset, each header one field', () => {
    for (const def of DATASETS) {
      const fields = def.fields.map((f) => f.name);
      const headers = defaultHeaders(def.name, fields);
      const covered = new Set(headers.values());
      expect(fields.filter((f) => !covered.has(f)), `${def.name}: fields without a Chinese header`).toEqual([]);
      const byKey = new Map<string, string>();
      for (const [h, f] of headers) {
        const k = mappingHeaderKey(h);
        expect(byKey.get(k) ?? f, `${def.name}: \`${h}\` names two fields`).toBe(f);
        byKey.set(k, f);
      }
    }
  });

  it('maps code words only onto values the model allows', () => {
    for (const def of DATASETS) {
      for (const [field, map] of Object.entries(defaultValues(def.name))) {
        const f = def.fields.find((x) => x.name === field);
        expect(f, `${def.name}.${field}`).toBeDefined();
        for (const to of new Set(Object.values(map))) {
          if (f!.type === 'enum') expect(f!.values, `${def.name}.${field}`).toContain(to);
          else expect(String(Number(to)), `${def.name}.${field}`).toBe(to);
        }
      }
    }
  });
});

/** The fixture county as a county would export it: Chinese headers and Chinese code words. */
function chineseCounty(): ReturnType<typeof buildFixtureCounty> {
  return buildFixtureCounty().map((t) => {
    const headers = defaultHeaders(
      t.dataset,
      t.columns.map((c) => c),
    );
    const headerOf = new Map<string, string>();
    for (const [h, f] of headers) if (!headerOf.has(f)) headerOf.set(f, h);
    const words = defaultValues(t.dataset);
    const wordOf = (field: string, v: string): string => {
      const map = words[field];
      if (!map || v === '') return v;
      return Object.entries(map).find(([, to]) => to === v)?.[0] ?? v;
    };
    return {
      ...t,
      columns: t.columns.map((c) => headerOf.get(c)!),
      rows: t.rows.map((r, i) => (t.rejections.some((x) => x.index === i) ? r : r.map((v, j) => wordOf(t.columns[j]!, v)))),
    };
  });
}

describe('withMapping', () => {
  it('loads a Chinese-header export (GB18030 CSV and XLSX) with an empty mapping into the same records', async () => {
    const county = chineseCounty();
    expect(county.find((t) => t.dataset === 'persons')!.columns).toContain('身份证号');
    expect(county.find((t) => t.dataset === 'persons')!.rows[0]).toContain('男');
    const want = buildFixtureCounty();
    const d = tempDir('mapping-zh');
    try {
      writeCsvFolder(d.dir, county.slice(0, 10), 'gb18030');
      await writeXlsxFolder(d.dir, county.slice(10));
      const data = await loadData(withMapping(createFolderSource({ dir: d.dir }), {}));
      for (const t of want) expect(data.tables.get(t.dataset), t.dataset).toEqual(t.records);
      expect(data.warnings).toEqual([]);
      expect(data.rejected.map((r) => [r.dataset, r.field, r.value])).toEqual(want.flatMap((t) => t.rejections.map((r) => [t.dataset, r.field, r.value])));
    } finally {
      d.remove();
    }
  });

  it('applies the mapping file: source name, header row, aliases, ignored columns, code values, defaults', async () => {
    const d = tempDir('mapping-explicit');
    try {
      writeFileSync(
        join(d.dir, '死亡人员名单.csv'),
        '青山县死亡人员名单（2023年）\r\n' +
          csvText(['公民身份号码', '姓  名', '死亡时间', '备注', '经办人'], [[P1, '张大山', '2023年11月20日', '', '李'], [P1, '张大山', '2023-11-31', '', '李']]),
      );
      writeFileSync(join(d.dir, 'funds.csv'), csvText(['资金代码', '资金名称', '资金类别', '发放频次'], [['F01', '城乡低保', '低保金', '月'], ['F02', '种粮补贴', '种粮', '年']]));
      const mapping: Mapping = {
        datasets: {
          deaths: { source: '死亡人员名单', headerRow: 2, columns: { 经办人: null, 死亡时间: 'death_date' }, defaults: { source: '民政' } },
          funds: { values: { kind: { 低保金: 'means_tested' } }, defaults: { department_code: 'D01' } },
        },
      };
      const frozen = JSON.stringify(mapping);
      const data = await loadData(withMapping(createFolderSource({ dir: d.dir }), parseMapping(mapping)), { datasets: ['deaths', 'funds'] });
      expect(JSON.stringify(mapping)).toBe(frozen);
      expect(data.tables.get('deaths')).toEqual([{ id_number: P1, name: '张大山', death_date: '2023-11-20', source: '民政' }]);
      expect(data.rejected).toEqual([
        // `种粮` is no built-in word for a fund kind: it stays, and the model rejects it.
        expect.objectContaining({ dataset: 'funds', row: 3, field: 'kind', value: '种粮' }),
        expect.objectContaining({ dataset: 'deaths', file: join(d.dir, '死亡人员名单.csv'), row: 4, field: 'death_date', value: '2023-11-31' }),
      ]);
      expect(data.tables.get('funds')).toEqual([expect.objectContaining({ fund_code: 'F01', kind: 'means_tested', frequency: 'monthly', department_code: 'D01' })]);
      expect(data.warnings.map((w) => w.column)).toEqual(['备注']);
    } finally {
      d.remove();
    }
  });

  it('refuses two dictionary headers for one field, and can turn the dictionary off', async () => {
    const d = tempDir('mapping-ambiguous');
    try {
      writeFileSync(join(d.dir, 'departments.csv'), csvText(['部门代码', '部门名称', '名称'], [['D01', '民政局', 'x']]));
      await expect(loadData(withMapping(createFolderSource({ dir: d.dir })), { datasets: ['departments'] })).rejects.toMatchObject({
        reason: 'AMBIGUOUS',
        message: expect.stringMatching(/columns `部门名称` and `名称` both map to `departments.name`.*datasets.departments.columns/) as unknown,
      });
      const fixed = await loadData(withMapping(createFolderSource({ dir: d.dir }), { datasets: { departments: { columns: { 名称: null } } } }), { datasets: ['departments'] });
      expect(fixed.tables.get('departments')).toEqual([{ department_code: 'D01', name: '民政局' }]);
      await expect(loadData(withMapping(createFolderSource({ dir: d.dir }), { useDefaults: false }), { datasets: ['departments'] })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/required column `department_code`/) as unknown,
      });
    } finally {
      d.remove();
    }
  });

  it('needs a source that can rename datasets for `source` and `headerRow`', () => {
    const plain: Source = { description: 'plain', datasets: () => Promise.resolve([]), batches: async function* () {} };
    expect(() => withMapping(plain, { datasets: { payments: { source: 'x' } } })).toThrow(/plain cannot read datasets from other names/);
    expect(withMapping(plain, { datasets: { payments: { columns: { a: 'amount' } } } }).description).toBe('plain');
  });
});

describe('headerResolver', () => {
  const persons = DATASETS.find((d) => d.name === 'persons')!;
  it('resolves a header as withMapping does: mapping file, then canonical names, then the dictionary', () => {
    const mapping = { datasets: { persons: { columns: { 证件号: 'id_number', 备注: null } } } };
    const match = headerResolver(persons, mapping, true);
    expect(match(' 证件号 ')).toEqual({ field: 'id_number', priority: HEADER_PRIORITY.explicit });
    expect(match('备注')).toEqual({ field: null, priority: HEADER_PRIORITY.explicit });
    expect(match('ID_Number')).toEqual({ field: 'id_number', priority: HEADER_PRIORITY.canonical });
    expect(match('身份证号')).toEqual({ field: 'id_number', priority: HEADER_PRIORITY.dictionary });
    expect(match('无关列')).toEqual({ field: undefined, priority: HEADER_PRIORITY.dictionary });
    expect(headerResolver(persons, mapping, false)('身份证号').field).toBeUndefined();
  });
});
