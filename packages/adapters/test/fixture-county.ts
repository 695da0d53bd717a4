/**
 * The fixture county every adapter is tested against: every dataset of the model, a few rows
 * each, written as raw text cells (the way a county's export holds them), with the records
 * `loadData` must make of them and the broken rows it must reject.
 */
import { DATASETS, formatMoney, idCheckDigit, type FieldDef } from '@sunshine/core';

/** A valid ID number from 17 digits (the 17th digit is the gender: odd = M, as `persons.gender` must agree). */
export const id = (first17: string): string => first17 + idCheckDigit(first17);

export const P1 = id('42010119500101001'); // 张大山, head
export const P2 = id('42010119520202002'); // 李秀英, spouse
export const P3 = id('42010119800303003'); // 张小明, child
export const P4 = id('42010219660404003'); // 王建国, cadre
export const P5 = id('42010219700505006'); // 赵桂兰
const BAD_CHECK = P3.slice(0, 17) + (P3.endsWith('1') ? '2' : '1');

type Value = string | number | null;
type Rec = Record<string, Value>;

/** One dataset of the fixture: raw rows (text, `''` for empty) and what loading must give. */
export interface FixtureTable {
  readonly dataset: string;
  readonly columns: readonly string[];
  /** Raw cells, aligned with `columns`; `''` is an empty cell. */
  readonly rows: readonly (readonly string[])[];
  /** The records of the good rows, in order. */
  readonly records: readonly Rec[];
  /** The broken rows: index into `rows`, the first bad field and its raw value. */
  readonly rejections: readonly { readonly index: number; readonly field: string; readonly value: string; readonly message: RegExp }[];
}

export type FixtureCounty = readonly FixtureTable[];

const fieldsOf = (dataset: string) => DATASETS.find((d) => d.name === dataset)!.fields;

/** Raw text of a canonical value (money in yuan, empty for null). */
function rawOf(dataset: string, field: string, v: Value): string {
  if (v === null) return '';
  const def = fieldsOf(dataset).find((f) => f.name === field)!;
  return def.type === 'money' ? formatMoney(v as number) : String(v);
}

interface Spec {
  readonly records: readonly Rec[];
  /** Raw spellings that replace a record's plain text (index → field → raw). */
  readonly spelled?: Readonly<Record<number, Readonly<Record<string, string>>>>;
  /** Broken rows appended after the good ones: field → raw overrides of a base record. */
  readonly broken?: readonly { readonly base: Rec; readonly set: Readonly<Record<string, string>>; readonly field: string; readonly message: RegExp }[];
}

const SPECS: Record<string, Spec> = {
  regions: {
    records: [
      { town_code: '420101001', town_name: '青山镇', village_code: '420101001001', village_name: '柳树村' },
      { town_code: '420101001', town_name: '青山镇', village_code: '420101001002', village_name: '桃园村' },
    ],
  },
  departments: {
    records: [
      { department_code: 'D01', name: '民政局' },
      { department_code: 'D02', name: '农业农村局' },
    ],
  },
  funds: {
    records: [
      { fund_code: 'F01', name: '农村低保', department_code: 'D01', kind: 'means_tested', frequency: 'monthly', standard_amount: 45000, max_amount: 90000, unit_rate: null, min_age: null, exclusive_group: 'relief' },
      { fund_code: 'F02', name: '耕地地力保护补贴', department_code: 'D02', kind: 'land_based', frequency: 'yearly', standard_amount: null, max_amount: null, unit_rate: 10550, min_age: null, exclusive_group: null },
      { fund_code: 'F03', name: '高龄补贴', department_code: 'D01', kind: 'age_based', frequency: 'monthly', standard_amount: 5000, max_amount: 5000, unit_rate: null, min_age: 80, exclusive_group: null },
    ],
  },
  persons: {
    records: [
      { id_number: P1, name: '张大山', gender: 'M', birth_date: '1950-01-01', household_id: 'H001', relation: 'head', town_code: '420101001', village_code: '420101001001' },
      { id_number: P2, name: '李秀英', gender: 'F', birth_date: '1952-02-02', household_id: 'H001', relation: 'spouse', town_code: '420101001', village_code: '420101001001' },
      { id_number: P3, name: '张小明', gender: 'M', birth_date: '1980-03-03', household_id: 'H001', relation: 'child', town_code: '420101001', village_code: '420101001001' },
      { id_number: P4, name: '王建国', gender: 'M', birth_date: '1966-04-04', household_id: 'H002', relation: 'head', town_code: '420101001', village_code: '420101001002' },
    ],
    spelled: { 1: { birth_date: '1952/2/2' }, 2: { birth_date: '1980年3月3日' } },
    broken: [
      {
        base: { id_number: P5, name: '赵桂兰', gender: 'F', birth_date: '1970-05-05', household_id: 'H003', relation: 'head', town_code: '420101001', village_code: '420101001002' },
        set: { gender: '未知' },
        field: 'gender',
        message: /`未知` is not one of M, F/,
      },
    ],
  },
  deaths: { records: [{ id_number: P1, name: '张大山', death_date: '2023-11-20', source: '民政' }] },
  incarcerations: {
    records: [
      { id_number: P3, name: '张小明', start_date: '2022-01-10', end_date: '2025-01-09' },
      { id_number: P5, name: '赵桂兰', start_date: '2023-06-01', end_date: null },
    ],
  },
  state_staff: { records: [{ id_number: P4, name: '王建国', employer: '青山镇人民政府', start_date: '2010-09-01', end_date: null }] },
  vehicles: {
    records: [{ plate: '鄂A12345', owner_id_number: P3, vehicle_type: 'car', registration_date: '2021-05-06', deregistration_date: null }],
  },
  companies: {
    records: [
      { company_id: '91420101MA4K000001', company_name: '青山农业有限公司', id_number: P3, role: 'legal_rep', registered_capital: 100000000, status: 'active', established_date: '2019-03-15' },
    ],
  },
  disability_certs: { records: [{ id_number: P2, level: 2, category: '肢体', issue_date: '2015-07-01', revoke_date: null }] },
  land_contracts: {
    records: [{ contract_no: 'LC001', household_id: 'H001', contractor_id_number: P1, village_code: '420101001001', area_mu: 5.5 }],
  },
  payments: {
    records: [
      { payment_id: 'PAY001', fund_code: 'F01', id_number: P1, name: '张大山', town_code: '420101001', village_code: '420101001001', period: '2024-01', pay_date: '2024-01-15', amount: 45000, quantity: null, bank_account: '6221000000000001', account_holder_id_number: P1, account_holder_name: '张大山' },
      { payment_id: 'PAY002', fund_code: 'F01', id_number: P1, name: '张大山', town_code: '420101001', village_code: '420101001001', period: '2024-02', pay_date: '2024-02-15', amount: 120050, quantity: null, bank_account: '6221000000000001', account_holder_id_number: P1, account_holder_name: '张大山' },
      { payment_id: 'PAY003', fund_code: 'F02', id_number: P1, name: '张大山', town_code: '420101001', village_code: '420101001001', period: '2024', pay_date: '2024-03-05', amount: 58025, quantity: 5.5, bank_account: '6221000000000001', account_holder_id_number: P1, account_holder_name: '张大山' },
      { payment_id: 'PAY004', fund_code: 'F03', id_number: P2, name: '李秀英', town_code: '420101001', village_code: '420101001001', period: '2024-03', pay_date: '2024-03-20', amount: 5000, quantity: null, bank_account: '6221000000000002', account_holder_id_number: P4, account_holder_name: '王建国' },
    ],
    spelled: { 1: { amount: '1,200.50', pay_date: '2024/2/15' }, 2: { amount: '￥580.25', pay_date: '20240305' }, 3: { amount: '50元', period: '2024年3月' } },
    broken: [
      {
        base: { payment_id: 'PAY005', fund_code: 'F01', id_number: P3, name: '张小明', town_code: '420101001', village_code: '420101001001', period: '2024-01', pay_date: '2024-01-15', amount: 45000, quantity: null, bank_account: '6221000000000003', account_holder_id_number: P3, account_holder_name: '张小明' },
        set: { id_number: BAD_CHECK },
        field: 'id_number',
        message: /check digit/,
      },
      {
        base: { payment_id: 'PAY006', fund_code: 'F01', id_number: P2, name: '李秀英', town_code: '420101001', village_code: '420101001001', period: '2024-02', pay_date: '2024-02-15', amount: 45000, quantity: null, bank_account: '6221000000000002', account_holder_id_number: P2, account_holder_name: '李秀英' },
        set: { pay_date: '2024-02-31' },
        field: 'pay_date',
        message: /2024-02-31.*not a calendar date/,
      },
      {
        base: { payment_id: 'PAY007', fund_code: 'F01', id_number: P4, name: '王建国', town_code: '420101001', village_code: '420101001002', period: '2024-02', pay_date: '2024-02-15', amount: 45000, quantity: null, bank_account: '6221000000000004', account_holder_id_number: P4, account_holder_name: '王建国' },
        set: { amount: 'abc' },
        field: 'amount',
        message: /`abc` is not an amount/,
      },
    ],
  },
  cadres: { records: [{ id_number: P4, name: '王建国', village_code: '420101001002', position: 'secretary', term_start: '2021-01-01', term_end: null }] },
  cadre_relatives: { records: [{ cadre_id_number: P4, relative_id_number: P5, relative_name: '赵桂兰', relation: 'spouse' }] },
  collective_contracts: {
    records: [
      { contract_id: 'CC001', village_code: '420101001002', subject_type: 'pond', subject_desc: '村东鱼塘, 12亩', area: 12, counterparty_name: '赵桂兰', counterparty_id_number: P5, counterparty_company_id: null, start_date: '2022-01-01', end_date: '2026-12-31', annual_amount: 360000, resolution_id: null },
    ],
  },
  collective_ledger: {
    records: [
      { voucher_id: 'V001', village_code: '420101001002', date: '2024-01-05', direction: 'income', amount: 360000, category: 'contract_income', counterparty_name: '赵桂兰', counterparty_id_number: P5, contract_id: 'CC001', payment_method: 'transfer', resolution_id: null, summary: '鱼塘承包费' },
      { voucher_id: 'V002', village_code: '420101001002', date: '2024-02-10', direction: 'expense', amount: 80000, category: 'construction', counterparty_name: '青山农业有限公司', counterparty_id_number: null, contract_id: null, payment_method: 'cash', resolution_id: 'R2024-01', summary: '支付"道路硬化"工程款,第一期\n（含材料费）' },
    ],
  },
  medical_settlements: {
    records: [
      { settlement_id: 'MS001', id_number: P2, name: '李秀英', hospital: '青山镇卫生院', admission_date: '2024-01-03', discharge_date: '2024-01-10', settle_date: '2024-01-10', total_cost: 856000, insurance_paid: 600000, aid_paid: 150000 },
    ],
  },
  pensions: {
    records: [{ pension_id: 'PEN001', id_number: P1, name: '张大山', scheme: 'resident', start_date: '2010-02-01', end_date: null, monthly_amount: 18500 }],
  },
  household_moves: {
    records: [{ move_id: 'MV001', id_number: P5, name: '赵桂兰', move_type: 'in', move_date: '2019-09-09', village_code: '420101001002', household_id: 'H003', place: '邻县' }],
  },
  resolutions: {
    records: [{ resolution_id: 'R2024-01', village_code: '420101001002', meeting_date: '2024-01-20', meeting_type: 'representatives_meeting', subject: '道路硬化工程', publicity_date: null }],
  },
  collective_assets: {
    records: [{ asset_id: 'A001', village_code: '420101001002', asset_type: 'pond', name: '村东鱼塘', original_value: 5000000, status: 'leased', contract_id: 'CC001' }],
  },
};

/** Builds the fixture county (a fresh copy each call). */
export function buildFixtureCounty(): FixtureCounty {
  return DATASETS.map((def) => {
    const given = SPECS[def.name];
    if (!given) throw new Error(`fixture county: no rows for dataset \`${def.name}\`; add it to SPECS in test/fixture-county.ts`);
    const columns = def.fields.map((f) => f.name);
    // Fields added to the model later are nullable: absent from a spec, they are empty.
    const complete = (r: Rec): Rec => {
      const out: Rec = {};
      for (const f of def.fields as readonly FieldDef[]) {
        if (r[f.name] === undefined && !f.nullable) throw new Error(`fixture county: \`${def.name}\` row lacks required \`${f.name}\``);
        out[f.name] = r[f.name] ?? null;
      }
      return out;
    };
    const spec: Spec = { ...given, records: given.records.map(complete), broken: given.broken?.map((b) => ({ ...b, base: complete(b.base) })) ?? [] };
    const rows: string[][] = spec.records.map((rec, i) => columns.map((c) => spec.spelled?.[i]?.[c] ?? rawOf(def.name, c, rec[c]!)));
    const rejections: FixtureTable['rejections'][number][] = [];
    for (const b of spec.broken ?? []) {
      rejections.push({ index: rows.length, field: b.field, value: b.set[b.field]!, message: b.message });
      rows.push(columns.map((c) => b.set[c] ?? rawOf(def.name, c, b.base[c]!)));
    }
    return { dataset: def.name, columns, rows, records: spec.records.map((r) => ({ ...r })), rejections };
  });
}
