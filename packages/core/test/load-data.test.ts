import { describe, expect, it } from 'vitest';
import { DATASETS, DatasetRegistry, SunshineError, idCheckDigit, loadData, type RawBatch, type Source } from '@sunshine/core';

/** A valid 18-digit ID number with the given 17-digit body. */
const id = (first17: string): string => first17 + idCheckDigit(first17);
const A = id('42010119800101001');
const B = id('42010119851231002');
const badCheck = A.slice(0, 17) + (A.endsWith('0') ? '1' : '0');

type Table = { file?: string; columns: string[]; rows: unknown[][]; firstRow?: number; rowNumbers?: number[]; unreadable?: RawBatch['unreadable'] };

/** An in-memory source: one batch (or several) per dataset. */
function memorySource(tables: Record<string, Table | Table[]>): Source & { closed: boolean } {
  return {
    description: 'memory',
    closed: false,
    datasets() {
      return Promise.resolve(Object.entries(tables).map(([dataset, t]) => ({ dataset, file: (Array.isArray(t) ? t[0]! : t).file ?? `${dataset}.csv` })));
    },
    async *batches(dataset: string) {
      const t = tables[dataset];
      if (!t) return;
      for (const b of Array.isArray(t) ? t : [t]) {
        await Promise.resolve();
        const first = b.firstRow ?? 2;
        const batch: RawBatch = {
          file: b.file ?? `${dataset}.csv`,
          columns: b.columns,
          rows: b.rows,
          rowNumbers: b.rowNumbers ?? b.rows.map((_, i) => first + i),
          ...(b.unreadable ? { unreadable: b.unreadable } : {}),
        };
        yield batch;
      }
    },
  };
}

const paymentColumns = [
  'payment_id', 'fund_code', 'id_number', 'name', 'town_code', 'village_code', 'period', 'pay_date',
  'amount', 'quantity', 'bank_account', 'account_holder_id_number', 'account_holder_name',
];
const payment = (over: Partial<Record<string, string>> = {}): string[] => {
  const base: Record<string, string> = {
    payment_id: 'P1', fund_code: 'F01', id_number: A, name: '张三', town_code: 'T1', village_code: 'V1', period: '2024-03',
    pay_date: '2024/3/5', amount: '1,200.50', quantity: '', bank_account: '6221', account_holder_id_number: A, account_holder_name: '张三',
  };
  return paymentColumns.map((c) => over[c] ?? base[c]!);
};

describe('loadData', () => {
  it('normalises good rows and rejects bad ones with their place', async () => {
    const src = memorySource({
      payments: {
        columns: paymentColumns,
        rows: [
          payment(),
          payment({ payment_id: 'P2', id_number: badCheck }),
          payment({ payment_id: 'P3', pay_date: '2024-02-31' }),
          payment({ payment_id: 'P4', amount: 'abc', period: '2024-13' }),
          payment({ payment_id: 'P5', id_number: B, quantity: '3.5' }),
        ],
      },
    });
    const data = await loadData(src);
    expect(data.tables.get('payments')).toEqual([
      {
        payment_id: 'P1', fund_code: 'F01', id_number: A, name: '张三', town_code: 'T1', village_code: 'V1', period: '2024-03',
        pay_date: '2024-03-05', amount: 120050, quantity: null, bank_account: '6221', account_holder_id_number: A, account_holder_name: '张三',
      },
      expect.objectContaining({ payment_id: 'P5', id_number: B, quantity: 3.5 }),
    ]);
    expect(data.rejected.map((r) => [r.dataset, r.file, r.row, r.field, r.value])).toEqual([
      ['payments', 'payments.csv', 3, 'id_number', badCheck],
      ['payments', 'payments.csv', 4, 'pay_date', '2024-02-31'],
      ['payments', 'payments.csv', 5, 'period', '2024-13'],
    ]);
    const two = data.rejected[2]!;
    expect(two.problems?.map((p) => p.field)).toEqual(['period', 'amount']);
    expect(two.message).toMatch(/^period: .*2024-13.*; amount: .*abc/);
    expect(data.rejected[0]!.message).toMatch(/check digit/);
    expect(data.counts['payments']).toEqual({ loaded: 2, rejected: 3 });
    expect(src.closed).toBe(false);
  });

  it('lists the datasets the source lacks and gives them empty tables', async () => {
    const data = await loadData(memorySource({ departments: { columns: ['department_code', 'name'], rows: [['D1', '民政局']] } }));
    expect(data.missing).toContain('payments');
    expect(data.missing).not.toContain('departments');
    expect(data.missing).toHaveLength(DATASETS.length - 1);
    expect(data.tables.get('payments')).toEqual([]);
    expect([...data.tables.keys()][0]).toBe('regions');
    expect(data.locations).toEqual([{ dataset: 'departments', file: 'departments.csv' }]);
    expect(data.counts['persons']).toEqual({ loaded: 0, rejected: 0 });
  });

  it('matches headers regardless of case and whitespace, and warns about unknown columns', async () => {
    const data = await loadData(
      memorySource({ departments: { columns: [' Department_Code ', 'NAME', 'remark', ''], rows: [['D1', ' 民政局 ', 'x', '']] } }),
      { datasets: ['departments'] },
    );
    expect(data.tables.get('departments')).toEqual([{ department_code: 'D1', name: '民政局' }]);
    expect(data.warnings).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_COLUMN', column: 'remark', file: 'departments.csv', dataset: 'departments' }),
      expect.objectContaining({ code: 'UNKNOWN_COLUMN', column: '#4', message: 'departments.csv: column 4 has no header; ignored' }),
    ]);
  });

  it('fails on a missing required column, naming the file and column', async () => {
    const src = memorySource({ departments: { file: 'data/departments.csv', columns: ['department_code'], rows: [['D1']] } });
    const err = await loadData(src).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SunshineError);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', details: { file: 'data/departments.csv', field: 'name', dataset: 'departments' } });
    expect((err as Error).message).toMatch(/data\/departments\.csv.*`name`/);
  });

  it('reads absent nullable columns as null', async () => {
    const data = await loadData(
      memorySource({ incarcerations: { columns: ['id_number', 'name', 'start_date'], rows: [[A, '李四', '20200101']] } }),
      { datasets: ['incarcerations'] },
    );
    expect(data.tables.get('incarcerations')).toEqual([{ id_number: A, name: '李四', start_date: '2020-01-01', end_date: null }]);
  });

  it('rejects two columns that give one field', async () => {
    const src = memorySource({ departments: { columns: ['name', 'department_code', 'Name'], rows: [] } });
    await expect(loadData(src)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/`name` and `Name`/) as unknown });
  });

  it('rejects a row with more non-empty values than columns, accepts trailing empty ones', async () => {
    const data = await loadData(
      memorySource({ departments: { columns: ['department_code', 'name'], rows: [['D1', 'a', '', ' '], ['D2', 'b', 'c']] } }),
      { datasets: ['departments'] },
    );
    expect(data.tables.get('departments')).toEqual([{ department_code: 'D1', name: 'a' }]);
    expect(data.rejected).toEqual([expect.objectContaining({ row: 3, field: '(row)', value: 'c' })]);
  });

  it('turns unreadable rows into rejections in row order', async () => {
    const data = await loadData(
      memorySource({
        departments: {
          file: 'departments.ndjson',
          rowNumbers: [1, 3],
          columns: ['department_code', 'name'],
          rows: [['D1', 'a'], ['', 'b']],
          unreadable: [{ row: 2, value: '{oops', message: 'is not valid JSON' }],
        },
      }),
      { datasets: ['departments'] },
    );
    expect(data.rejected.map((r) => [r.row, r.field])).toEqual([[2, '(row)'], [3, 'department_code']]);
    expect(data.counts['departments']).toEqual({ loaded: 1, rejected: 2 });
  });

  it('loads only the requested datasets and refuses unknown ones', async () => {
    const src = memorySource({ departments: { columns: ['department_code', 'name'], rows: [['D1', 'a']] }, regions: { columns: [], rows: [] } });
    const data = await loadData(src, { datasets: ['departments'] });
    expect([...data.tables.keys()]).toEqual(['departments']);
    expect(data.missing).toEqual([]);
    await expect(loadData(src, { datasets: ['nope'] })).rejects.toMatchObject({ code: 'UNKNOWN_DATASET' });
  });

  it('warns about empty files and datasets the model lacks', async () => {
    const data = await loadData(memorySource({ regions: { columns: [], rows: [] }, salaries: { columns: ['x'], rows: [['1']] } }));
    expect(data.warnings.map((w) => [w.code, w.dataset])).toEqual([['UNKNOWN_DATASET', 'salaries'], ['EMPTY_FILE', 'regions']]);
    expect(data.missing).not.toContain('regions');
  });

  it('reports progress per batch and re-plans columns when they change', async () => {
    const progress: number[] = [];
    const data = await loadData(
      memorySource({
        departments: [
          { columns: ['department_code', 'name'], rows: [['D1', 'a'], ['D2', 'b']] },
          { columns: ['name', 'department_code'], rows: [['c', 'D3']], firstRow: 4 },
        ],
      }),
      { datasets: ['departments'], onProgress: (e) => progress.push(e.rows) },
    );
    expect(progress).toEqual([2, 3]);
    expect(data.tables.get('departments')?.map((r) => r['department_code'])).toEqual(['D1', 'D2', 'D3']);
  });

  it('uses a registry with plug-in datasets', async () => {
    const registry = new DatasetRegistry([{ name: 'salaries', doc: 'test', fields: [{ name: 'id_number', type: 'id_number' }, { name: 'pay', type: 'money' }] }]);
    const data = await loadData(memorySource({ salaries: { columns: ['id_number', 'pay'], rows: [[A, '￥3000']] } }), { registry });
    expect(data.tables.get('salaries')).toEqual([{ id_number: A, pay: 300000 }]);
  });

  it('wraps a failing source in UNREADABLE_SOURCE naming the dataset', async () => {
    const src: Source = {
      description: 'broken store',
      datasets: () => Promise.resolve([{ dataset: 'regions', file: 'regions.csv' }]),
      batches() {
        return {
          [Symbol.asyncIterator]() {
            return { next: () => Promise.reject(new Error('EIO: disk on fire')) };
          },
        };
      },
    };
    const err = await loadData(src).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNREADABLE_SOURCE', details: { dataset: 'regions' } });
    expect((err as Error).message).toBe('cannot read dataset `regions` from broken store: EIO: disk on fire');
  });
});
