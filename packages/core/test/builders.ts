/** Small data builders for engine tests: canonical records with neutral defaults. */
import { idCheckDigit } from '@sunshine/core';

type Row = Record<string, string | number | null>;

/** A valid ID number from a sequence number (0–499) and birth date. */
export function id(n: number, birth = '19800101', male = true): string {
  const first17 = `371426${birth}${String((n % 500) * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

export function payment(p: Partial<Row> & { payment_id: string; id_number: string }): Row {
  return {
    fund_code: 'F01',
    name: '张三',
    town_code: 'T01',
    village_code: 'V001',
    period: '2024-03',
    pay_date: '2024-03-10',
    amount: 50000,
    quantity: null,
    bank_account: `ACC-${p.id_number}`,
    account_holder_id_number: p.id_number,
    account_holder_name: '张三',
    ...p,
  };
}

export function person(p: Partial<Row> & { id_number: string; household_id: string }): Row {
  return { name: '李四', gender: 'M', birth_date: '1980-01-01', relation: 'head', town_code: 'T01', village_code: 'V001', ...p };
}

export const fund: Row = {
  fund_code: 'F01',
  name: '城乡低保',
  department_code: 'civil',
  kind: 'means_tested',
  frequency: 'monthly',
  standard_amount: 50000,
  max_amount: 80000,
  unit_rate: null,
  min_age: null,
  exclusive_group: null,
};

export function tables(t: Record<string, Row[]>): Map<string, Row[]> {
  return new Map(Object.entries(t));
}
