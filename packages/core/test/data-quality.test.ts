/**
 * Totals rows (skipped, never rejected) and the data-quality report of a load: dangling
 * references by missing value with examples, repeated keys, totals rows, dropped columns.
 */
import { describe, expect, it } from 'vitest';
import { dataQualityReport, dataQualitySummary, idCheckDigit, loadData, totalsLabelOf, type RawBatch, type Source } from '@sunshine/core';

const id = (first17: string): string => first17 + idCheckDigit(first17);
const A = id('42010119800101001');
const B = id('42010119851231002');

/** An in-memory source: one batch per dataset, rows numbered from 2. */
function memorySource(tables: Record<string, { columns: string[]; rows: unknown[][] }>): Source {
  return {
    description: 'memory',
    datasets: () => Promise.resolve(Object.keys(tables).map((dataset) => ({ dataset, file: `${dataset}.csv` }))),
    async *batches(dataset: string) {
      const t = tables[dataset];
      if (!t) return;
      await Promise.resolve();
      const batch: RawBatch = { file: `${dataset}.csv`, columns: t.columns, rows: t.rows, rowNumbers: t.rows.map((_, i) => i + 2) };
      yield batch;
    },
  };
}

const paymentColumns = ['payment_id', 'fund_code', 'id_number', 'name', 'town_code', 'village_code', 'period', 'pay_date', 'amount', 'bank_account', 'account_holder_id_number', 'account_holder_name'];
const pay = (pid: string, fund: string, who = A, village = 'V1'): unknown[] => [pid, fund, who, '张三', 'T1', village, '2024-03', '2024-03-05', '500.00', '6221', who, '张三'];

describe('totals rows', () => {
  it.each([
    [['合计', '', '', 123450, '']],
    [['', '小计：', '', '1,234.50', '']],
    [['总计（元）', '', '', '￥1234.5', '12']],
    [['全镇合计', null, undefined, '1234.5元']],
    [['本页小计', 3]],
    [['Ｔｏｔａｌ', 1]],
    [['合 计', '', 12]],
  ])('%j is a totals row', (row) => {
    expect(totalsLabelOf(row)).toBeDefined();
  });

  it.each([
    [['张三', '', '', 123450]],
    [['合计', '125户', 123450]],
    [['合计说明', 1]],
    [['', '', '']],
  ])('%j is not', (row) => {
    expect(totalsLabelOf(row)).toBeUndefined();
  });

  it('are skipped and listed, never rejected; a row that loads is a record whatever it says', async () => {
    const data = await loadData(
      memorySource({
        departments: {
          columns: ['department_code', 'name'],
          rows: [['D1', '民政局'], ['合计', '合计'], ['', '合计'], ['小计', '']],
        },
        payments: { columns: paymentColumns, rows: [pay('P1', 'F01'), ['合计', '', '', '', '', '', '', '', '1,000.00', '', '', ''], ['', '', '', '', '', '', '', '', '3', '', '', '']] },
      }),
      { datasets: ['departments', 'payments'] },
    );
    expect(data.tables.get('departments')).toEqual([
      { department_code: 'D1', name: '民政局' },
      { department_code: '合计', name: '合计' },
    ]);
    expect(data.skipped).toEqual([
      { dataset: 'departments', file: 'departments.csv', row: 4, reason: 'totals', label: '合计' },
      { dataset: 'departments', file: 'departments.csv', row: 5, reason: 'totals', label: '小计' },
      { dataset: 'payments', file: 'payments.csv', row: 3, reason: 'totals', label: '合计' },
    ]);
    // A row of sums without a label is a bad row.
    expect(data.rejected.map((r) => [r.dataset, r.row])).toEqual([['payments', 4]]);
    expect(dataQualityReport(data).totalsSkipped).toEqual([
      { dataset: 'departments', file: 'departments.csv', rows: 2, rowNumbers: [4, 5], labels: ['合计', '小计'] },
      { dataset: 'payments', file: 'payments.csv', rows: 1, rowNumbers: [3], labels: ['合计'] },
    ]);
  });
});

describe('dataQualityReport', () => {
  const county = (): Source =>
    memorySource({
      regions: { columns: ['town_code', 'town_name', 'village_code', 'village_name'], rows: [['T1', '青山镇', 'V1', '东村'], ['T1', '青山镇', 'V2', '西村']] },
      departments: { columns: ['department_code', 'name'], rows: [['MZ', '民政局']] },
      funds: {
        columns: ['fund_code', 'name', 'department_code', 'kind', 'frequency', 'extra'],
        rows: [['F01', '低保', 'MZ', 'means_tested', 'monthly', 'x'], ['F02', '高龄', 'CJ', 'age_based', 'monthly', 'y']],
      },
      persons: { columns: ['id_number', 'name', 'gender', 'birth_date', 'household_id', 'relation', 'town_code', 'village_code'], rows: [[A, '张三', 'M', '1980-01-01', 'H1', 'head', 'T1', 'V1']] },
      payments: {
        columns: paymentColumns,
        rows: [pay('P1', 'F01'), pay('P2', 'F-DIBAO'), pay('P3', 'F-DIBAO', B), pay('P4', 'F-DIBAO', A, 'V9'), pay('P4', 'F01')],
      },
    });

  it('names each missing reference once, by value, with examples; repeated keys; dropped columns', async () => {
    const data = await loadData(county(), { datasets: ['regions', 'departments', 'funds', 'persons', 'payments'] });
    const q = dataQualityReport(data);
    const dangling = q.references.filter((r) => r.dangling > 0).map((r) => ({ name: r.name, level: r.level, checked: r.checked, dangling: r.dangling, missing: r.missing }));
    expect(dangling).toEqual([
      { name: 'payments.fund_code → funds', level: 'broken', checked: 5, dangling: 3, missing: [{ value: 'F-DIBAO', rows: 3, examples: ['P2', 'P3', 'P4'] }] },
      { name: 'funds.department_code → departments', level: 'broken', checked: 2, dangling: 1, missing: [{ value: 'CJ', rows: 1, examples: ['F02'] }] },
      { name: 'payments.village_code → regions', level: 'broken', checked: 5, dangling: 1, missing: [{ value: 'V9', rows: 1, examples: ['P4'] }] },
      { name: 'payments.id_number → persons', level: 'unmatched', checked: 5, dangling: 1, missing: [{ value: B, rows: 1, examples: ['P3'] }] },
    ]);
    expect(q.duplicateKeys).toEqual([{ dataset: 'payments', fields: ['payment_id'], values: 1, extraRows: 1, examples: [{ value: 'P4', rows: 2 }] }]);
    expect(q.droppedColumns).toEqual([{ dataset: 'funds', file: 'funds.csv', column: 'extra' }]);
    expect(q.broken).toBe(3);
    expect(q.clean).toBe(false);
    expect(dataQualitySummary(q)).toBe(
      'data quality: 3 broken references (payments.fund_code → funds: 3 rows, F-DIBAO; funds.department_code → departments: 1 row, CJ; payments.village_code → regions: 1 row, V9); 1 rows name a person or record no other source holds; repeated ids in payments; 1 column dropped',
    );
  });

  it('is clean when every reference resolves; a target dataset the source lacks makes every row dangle', async () => {
    const data = await loadData(county(), { datasets: ['regions', 'persons'] });
    expect(dataQualityReport(data)).toMatchObject({ broken: 0, clean: true, references: [{ name: 'persons.village_code → regions', dangling: 0 }] });
    const none = await loadData(memorySource({ persons: { columns: ['id_number', 'name', 'gender', 'birth_date', 'household_id', 'relation', 'town_code', 'village_code'], rows: [[A, '张三', 'M', '1980-01-01', 'H1', 'head', 'T1', 'V1']] } }), {
      datasets: ['regions', 'persons'],
    });
    expect(dataQualityReport(none).references[0]).toMatchObject({ dangling: 1, targetAbsent: true });
    expect(dataQualitySummary(dataQualityReport(await loadData(county(), { datasets: ['regions'] })))).toBe('data quality: clean');
  });
});
