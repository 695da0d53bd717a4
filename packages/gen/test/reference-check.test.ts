import { describe, expect, it } from 'vitest';
import type {
  CadreRecord,
  CollectiveContractRecord,
  FundRecord,
  LedgerRecord,
  PaymentRecord,
  PersonRecord,
} from '../src/canonical-records.js';
import { IdentifierFactory } from '../src/identifier-factory.js';
import { CORE_MODEL_IDS, referenceCheck, type CoreModelId, type ReferenceParams } from '../src/reference-check.js';

const ASOF = '2024-12-31';
const factory = new IdentifierFactory(7);
const ID = {
  a: factory.idNumber('371426', '1950-03-10', 'M'),
  b: factory.idNumber('371426', '1952-07-01', 'F'),
  c: factory.idNumber('371426', '1980-05-05', 'M'),
  d: factory.idNumber('371426', '1964-06-15', 'M'),
  out: factory.idNumber('371402', '1979-01-20', 'M'),
  k: factory.idNumber('371426', '1970-01-01', 'M'),
};

const fund = (fund_code: string, kind: FundRecord['kind'], extra: Partial<FundRecord> = {}): FundRecord => ({
  fund_code,
  name: fund_code,
  department_code: 'MZ',
  kind,
  frequency: 'monthly',
  standard_amount: null,
  max_amount: null,
  unit_rate: null,
  min_age: null,
  exclusive_group: null,
  ...extra,
});

const person = (id_number: string, household_id: string, birth_date: string, relation: PersonRecord['relation'] = 'head'): PersonRecord => ({
  id_number,
  name: id_number.slice(-4),
  gender: 'M',
  birth_date,
  household_id,
  relation,
  town_code: '371426001',
  village_code: 'V1',
});

let seq = 0;
const pay = (p: Partial<PaymentRecord> = {}): PaymentRecord => {
  const id = p.id_number ?? ID.a;
  return {
    payment_id: `P${++seq}`,
    fund_code: 'MT',
    id_number: id,
    name: 'x',
    town_code: '371426001',
    village_code: 'V1',
    period: '2024-05',
    pay_date: '2024-05-10',
    amount: 50000,
    quantity: null,
    bank_account: `acct-${id}`,
    account_holder_id_number: id,
    account_holder_name: 'x',
    ...p,
  };
};

const contract = (c: Partial<CollectiveContractRecord> = {}): CollectiveContractRecord => ({
  contract_id: `HT${++seq}`,
  village_code: 'V1',
  subject_type: 'building',
  subject_desc: 'x',
  area: null,
  counterparty_name: 'someone',
  counterparty_id_number: null,
  counterparty_company_id: null,
  start_date: '2022-03-01',
  end_date: '2025-02-28',
  annual_amount: 1_000_000,
  resolution_id: 'R1',
  ...c,
});

const entry = (e: Partial<LedgerRecord> = {}): LedgerRecord => ({
  voucher_id: `V${String(++seq).padStart(5, '0')}`,
  village_code: 'V1',
  date: '2024-05-10',
  direction: 'expense',
  amount: 50000,
  category: 'office',
  counterparty_name: 'shop',
  counterparty_id_number: null,
  contract_id: null,
  payment_method: 'transfer',
  resolution_id: null,
  summary: 'x',
  ...e,
});

const cadre = (c: Partial<CadreRecord> = {}): CadreRecord => ({
  id_number: ID.k,
  name: 'k',
  village_code: 'V1',
  position: 'member',
  term_start: '2021-01-10',
  term_end: null,
  ...c,
});

interface Tables {
  funds: FundRecord[];
  persons: PersonRecord[];
  payments: PaymentRecord[];
  deaths: { id_number: string; name: string; death_date: string; source: string }[];
  incarcerations: { id_number: string; name: string; start_date: string; end_date: string | null }[];
  state_staff: { id_number: string; name: string; employer: string; start_date: string; end_date: string | null }[];
  vehicles: { plate: string; owner_id_number: string; vehicle_type: 'car' | 'truck' | 'motorcycle' | 'tractor' | 'agricultural'; registration_date: string; deregistration_date: string | null }[];
  companies: { company_id: string; company_name: string; id_number: string; role: 'legal_rep' | 'shareholder' | 'executive'; registered_capital: number; status: 'active' | 'revoked' | 'cancelled'; established_date: string }[];
  disability_certs: { id_number: string; level: number; category: string; issue_date: string; revoke_date: string | null }[];
  land_contracts: { contract_no: string; household_id: string; contractor_id_number: string; village_code: string; area_mu: number }[];
  cadres: CadreRecord[];
  cadre_relatives: { cadre_id_number: string; relative_id_number: string; relative_name: string; relation: 'spouse' | 'parent' | 'child' | 'sibling' | 'in_law' | 'other' }[];
  collective_contracts: CollectiveContractRecord[];
  collective_ledger: LedgerRecord[];
  collective_assets: { asset_id: string; village_code: string; asset_type: string; name: string; original_value: number; status: 'in_use' | 'leased' | 'idle' | 'disposed'; contract_id: string | null }[];
}

function base(): Tables {
  return {
    funds: [
      fund('MT', 'means_tested', { max_amount: 100000, exclusive_group: 'G' }),
      fund('MT2', 'means_tested', { exclusive_group: 'G' }),
      fund('PEN', 'pension', { min_age: 60, max_amount: 25000 }),
      fund('DIS', 'disability'),
      fund('LAND', 'land_based', { frequency: 'yearly', unit_rate: 12500 }),
      fund('SCALE', 'land_based', { frequency: 'yearly' }),
      fund('OTH', 'other'),
    ],
    persons: [person(ID.a, 'H1', '1950-03-10'), person(ID.b, 'H1', '1952-07-01', 'spouse'), person(ID.c, 'H2', '1980-05-05'), person(ID.d, 'H3', '1964-06-15'), person(ID.k, 'H4', '1970-01-01')],
    payments: [],
    deaths: [],
    incarcerations: [],
    state_staff: [],
    vehicles: [],
    companies: [],
    disability_certs: [],
    land_contracts: [],
    cadres: [],
    cadre_relatives: [],
    collective_contracts: [],
    collective_ledger: [],
    collective_assets: [],
  };
}

interface Case {
  name: string;
  rule: CoreModelId;
  setup: (t: Tables) => void;
  /** The keys expected, as a function of the tables (payment ids are made in setup). */
  keys: (t: Tables) => string[];
  params?: ReferenceParams;
}

const first = (t: Tables): string[] => [t.payments[0]!.payment_id];
const none = (): string[] => [];

const CASES: Case[] = [
  // deceased-payee
  { name: 'death the day before the period start', rule: 'deceased-payee', setup: (t) => { t.deaths.push({ id_number: ID.a, name: 'a', death_date: '2024-04-30', source: 's' }); t.payments.push(pay()); }, keys: first },
  { name: 'death on the period start', rule: 'deceased-payee', setup: (t) => { t.deaths.push({ id_number: ID.a, name: 'a', death_date: '2024-05-01', source: 's' }); t.payments.push(pay()); }, keys: none },
  { name: 'yearly period starts on 1 January', rule: 'deceased-payee', setup: (t) => { t.deaths.push({ id_number: ID.a, name: 'a', death_date: '2023-12-31', source: 's' }); t.payments.push(pay({ period: '2024', fund_code: 'OTH' })); }, keys: first },
  // incarcerated-payee
  { name: 'term ends on the period start', rule: 'incarcerated-payee', setup: (t) => { t.incarcerations.push({ id_number: ID.a, name: 'a', start_date: '2020-01-01', end_date: '2024-05-01' }); t.payments.push(pay()); }, keys: first },
  { name: 'term starts the day after the period start', rule: 'incarcerated-payee', setup: (t) => { t.incarcerations.push({ id_number: ID.a, name: 'a', start_date: '2024-05-02', end_date: null }); t.payments.push(pay()); }, keys: none },
  { name: 'serving, but the fund is neither means-tested nor a pension', rule: 'incarcerated-payee', setup: (t) => { t.incarcerations.push({ id_number: ID.a, name: 'a', start_date: '2020-01-01', end_date: null }); t.payments.push(pay({ fund_code: 'OTH' })); }, keys: none },
  { name: 'serving pensioner', rule: 'incarcerated-payee', setup: (t) => { t.incarcerations.push({ id_number: ID.a, name: 'a', start_date: '2020-01-01', end_date: null }); t.payments.push(pay({ fund_code: 'PEN', amount: 20000 })); }, keys: first },
  // state-staff-on-assistance
  { name: 'spouse on the payroll until the pay day', rule: 'state-staff-on-assistance', setup: (t) => { t.state_staff.push({ id_number: ID.b, name: 'b', employer: 'e', start_date: '2000-01-01', end_date: '2024-05-10' }); t.payments.push(pay()); }, keys: first },
  { name: 'spouse left the day before', rule: 'state-staff-on-assistance', setup: (t) => { t.state_staff.push({ id_number: ID.b, name: 'b', employer: 'e', start_date: '2000-01-01', end_date: '2024-05-09' }); t.payments.push(pay()); }, keys: none },
  { name: 'staff in another household', rule: 'state-staff-on-assistance', setup: (t) => { t.state_staff.push({ id_number: ID.c, name: 'c', employer: 'e', start_date: '2000-01-01', end_date: null }); t.payments.push(pay()); }, keys: none },
  { name: 'payee outside the registry is a household of one', rule: 'state-staff-on-assistance', setup: (t) => { t.state_staff.push({ id_number: ID.out, name: 'o', employer: 'e', start_date: '2000-01-01', end_date: null }); t.payments.push(pay({ id_number: ID.out })); }, keys: first },
  // vehicle-owner-on-assistance
  { name: 'car registered on the pay day', rule: 'vehicle-owner-on-assistance', setup: (t) => { t.vehicles.push({ plate: 'p', owner_id_number: ID.b, vehicle_type: 'car', registration_date: '2024-05-10', deregistration_date: null }); t.payments.push(pay()); }, keys: first },
  { name: 'car deregistered on the pay day', rule: 'vehicle-owner-on-assistance', setup: (t) => { t.vehicles.push({ plate: 'p', owner_id_number: ID.b, vehicle_type: 'car', registration_date: '2010-01-01', deregistration_date: '2024-05-10' }); t.payments.push(pay()); }, keys: none },
  { name: 'a tractor', rule: 'vehicle-owner-on-assistance', setup: (t) => { t.vehicles.push({ plate: 'p', owner_id_number: ID.a, vehicle_type: 'tractor', registration_date: '2010-01-01', deregistration_date: null }); t.payments.push(pay()); }, keys: none },
  { name: 'a tractor, with tractors in vehicleTypes', rule: 'vehicle-owner-on-assistance', params: { 'vehicle-owner-on-assistance': { vehicleTypes: ['tractor'] } }, setup: (t) => { t.vehicles.push({ plate: 'p', owner_id_number: ID.a, vehicle_type: 'tractor', registration_date: '2010-01-01', deregistration_date: null }); t.payments.push(pay()); }, keys: first },
  // company-owner-on-assistance
  { name: 'shareholder of an active company with capital 0', rule: 'company-owner-on-assistance', setup: (t) => { t.companies.push({ company_id: 'C', company_name: 'c', id_number: ID.b, role: 'shareholder', registered_capital: 0, status: 'active', established_date: '2024-05-10' }); t.payments.push(pay()); }, keys: first },
  { name: 'executive only', rule: 'company-owner-on-assistance', setup: (t) => { t.companies.push({ company_id: 'C', company_name: 'c', id_number: ID.a, role: 'executive', registered_capital: 100, status: 'active', established_date: '2020-01-01' }); t.payments.push(pay()); }, keys: none },
  { name: 'established the day after', rule: 'company-owner-on-assistance', setup: (t) => { t.companies.push({ company_id: 'C', company_name: 'c', id_number: ID.a, role: 'legal_rep', registered_capital: 100, status: 'active', established_date: '2024-05-11' }); t.payments.push(pay()); }, keys: none },
  { name: 'below minCapital', rule: 'company-owner-on-assistance', params: { 'company-owner-on-assistance': { minCapital: 10000 } }, setup: (t) => { t.companies.push({ company_id: 'C', company_name: 'c', id_number: ID.a, role: 'legal_rep', registered_capital: 999_999, status: 'active', established_date: '2020-01-01' }); t.payments.push(pay()); }, keys: none },
  // under-age-payee
  { name: 'day before the 60th birthday', rule: 'under-age-payee', setup: (t) => t.payments.push(pay({ id_number: ID.d, fund_code: 'PEN', pay_date: '2024-06-14' })), keys: first },
  { name: 'on the 60th birthday', rule: 'under-age-payee', setup: (t) => t.payments.push(pay({ id_number: ID.d, fund_code: 'PEN', pay_date: '2024-06-15' })), keys: none },
  { name: 'age from the ID number outside the registry', rule: 'under-age-payee', setup: (t) => t.payments.push(pay({ id_number: ID.out, fund_code: 'PEN' })), keys: first },
  // uncertified-disability-payee
  { name: 'no certificate', rule: 'uncertified-disability-payee', setup: (t) => t.payments.push(pay({ fund_code: 'DIS' })), keys: first },
  { name: 'revoked on the pay day', rule: 'uncertified-disability-payee', setup: (t) => { t.disability_certs.push({ id_number: ID.a, level: 1, category: 'x', issue_date: '2010-01-01', revoke_date: '2024-05-10' }); t.payments.push(pay({ fund_code: 'DIS' })); }, keys: first },
  { name: 'issued on the pay day', rule: 'uncertified-disability-payee', setup: (t) => { t.disability_certs.push({ id_number: ID.a, level: 1, category: 'x', issue_date: '2024-05-10', revoke_date: null }); t.payments.push(pay({ fund_code: 'DIS' })); }, keys: none },
  // duplicate-payment, exclusive-benefits
  { name: 'two payments for one period', rule: 'duplicate-payment', setup: (t) => t.payments.push(pay(), pay({ pay_date: '2024-05-20' })), keys: () => [`${ID.a}|MT|2024-05`] },
  { name: 'consecutive periods', rule: 'duplicate-payment', setup: (t) => t.payments.push(pay(), pay({ period: '2024-06' })), keys: none },
  { name: 'two funds of a group', rule: 'exclusive-benefits', setup: (t) => t.payments.push(pay(), pay({ fund_code: 'MT2' })), keys: () => [`${ID.a}|G|2024-05`] },
  { name: 'one fund twice is not two funds', rule: 'exclusive-benefits', setup: (t) => t.payments.push(pay(), pay()), keys: none },
  // over-max-amount
  { name: 'one fen over', rule: 'over-max-amount', setup: (t) => t.payments.push(pay({ amount: 100001 })), keys: first },
  { name: 'exactly the maximum', rule: 'over-max-amount', setup: (t) => t.payments.push(pay({ amount: 100000 })), keys: none },
  // land
  { name: 'exactly 5% over the household land', rule: 'land-subsidy-over-area', setup: (t) => { t.land_contracts.push({ contract_no: 'c1', household_id: 'H1', contractor_id_number: ID.a, village_code: 'V1', area_mu: 12.5 }, { contract_no: 'c2', household_id: 'H1', contractor_id_number: ID.b, village_code: 'V1', area_mu: 7.5 }); t.payments.push(pay({ fund_code: 'LAND', period: '2024', quantity: 21, amount: 262500 })); }, keys: none },
  { name: '21.01 on 20 mu', rule: 'land-subsidy-over-area', setup: (t) => { t.land_contracts.push({ contract_no: 'c1', household_id: 'H1', contractor_id_number: ID.b, village_code: 'V1', area_mu: 20 }); t.payments.push(pay({ fund_code: 'LAND', period: '2024', quantity: 21.01, amount: 262625 })); }, keys: first },
  { name: 'outside the registry, by contractor', rule: 'land-subsidy-over-area', setup: (t) => { t.land_contracts.push({ contract_no: 'c1', household_id: 'X', contractor_id_number: ID.out, village_code: 'V1', area_mu: 6.4 }); t.payments.push(pay({ id_number: ID.out, fund_code: 'LAND', period: '2024', quantity: 6.4, amount: 80000 })); }, keys: none },
  { name: 'no quantity', rule: 'land-subsidy-over-area', setup: (t) => t.payments.push(pay({ fund_code: 'SCALE', period: '2024' })), keys: none },
  { name: 'exactly 1.00 off', rule: 'land-subsidy-rate-mismatch', setup: (t) => t.payments.push(pay({ fund_code: 'LAND', period: '2024', quantity: 8, amount: 100100 })), keys: none },
  { name: '1.01 off', rule: 'land-subsidy-rate-mismatch', setup: (t) => t.payments.push(pay({ fund_code: 'LAND', period: '2024', quantity: 8, amount: 100101 })), keys: first },
  { name: 'no unit rate', rule: 'land-subsidy-rate-mismatch', setup: (t) => t.payments.push(pay({ fund_code: 'SCALE', period: '2024', quantity: 8, amount: 1 })), keys: none },
  // payment
  { name: "paid into the spouse's card", rule: 'paid-to-other-account', setup: (t) => t.payments.push(pay({ account_holder_id_number: ID.b })), keys: none },
  { name: 'paid into a stranger’s card', rule: 'paid-to-other-account', setup: (t) => t.payments.push(pay({ account_holder_id_number: ID.c })), keys: first },
  { name: 'three people, two households', rule: 'shared-account', setup: (t) => t.payments.push(pay({ bank_account: 'S' }), pay({ id_number: ID.b, bank_account: 'S' }), pay({ id_number: ID.c, bank_account: 'S' })), keys: () => ['S'] },
  { name: 'two people of two households', rule: 'shared-account', setup: (t) => t.payments.push(pay({ bank_account: 'S' }), pay({ id_number: ID.c, bank_account: 'S' })), keys: none },
  { name: 'three people of one household', rule: 'shared-account', setup: (t) => { t.persons.push(person(ID.out, 'H1', '1979-01-20', 'child')); t.payments.push(pay({ bank_account: 'S' }), pay({ id_number: ID.b, bank_account: 'S' }), pay({ id_number: ID.out, bank_account: 'S' })); }, keys: none },
  // cadre
  { name: 'a cadre of another village', rule: 'cadre-on-assistance', setup: (t) => { t.cadres.push(cadre({ id_number: ID.a, village_code: 'V9' })); t.payments.push(pay()); }, keys: first },
  { name: 'term ended the day before', rule: 'cadre-on-assistance', setup: (t) => { t.cadres.push(cadre({ id_number: ID.a, term_end: '2024-05-09' })); t.payments.push(pay()); }, keys: none },
  { name: 'relative of a cadre of the village', rule: 'cadre-relative-on-assistance', setup: (t) => { t.cadres.push(cadre()); t.cadre_relatives.push({ cadre_id_number: ID.k, relative_id_number: ID.a, relative_name: 'a', relation: 'sibling' }); t.payments.push(pay()); }, keys: first },
  { name: 'relative of a cadre of another village', rule: 'cadre-relative-on-assistance', setup: (t) => { t.cadres.push(cadre({ village_code: 'V9' })); t.cadre_relatives.push({ cadre_id_number: ID.k, relative_id_number: ID.a, relative_name: 'a', relation: 'sibling' }); t.payments.push(pay()); }, keys: none },
  { name: "a company where the cadre's relative holds shares", rule: 'cadre-related-contract', setup: (t) => { t.cadres.push(cadre()); t.cadre_relatives.push({ cadre_id_number: ID.k, relative_id_number: ID.c, relative_name: 'c', relation: 'child' }); t.companies.push({ company_id: 'CO', company_name: 'co', id_number: ID.c, role: 'shareholder', registered_capital: 1, status: 'cancelled', established_date: '2010-01-01' }); t.collective_contracts.push(contract({ counterparty_company_id: 'CO' })); }, keys: (t) => [t.collective_contracts[0]!.contract_id] },
  { name: 'signed before the term', rule: 'cadre-related-contract', setup: (t) => { t.cadres.push(cadre({ term_start: '2022-03-02' })); t.collective_contracts.push(contract({ counterparty_id_number: ID.k })); }, keys: none },
  { name: 'salary is not a related expense', rule: 'cadre-related-expense', setup: (t) => { t.cadres.push(cadre()); t.collective_ledger.push(entry({ category: 'salary', counterparty_id_number: ID.k })); }, keys: none },
  { name: 'wages to the spouse', rule: 'cadre-related-expense', setup: (t) => { t.cadres.push(cadre()); t.cadre_relatives.push({ cadre_id_number: ID.k, relative_id_number: ID.b, relative_name: 'b', relation: 'spouse' }); t.collective_ledger.push(entry({ category: 'labor', counterparty_id_number: ID.b })); }, keys: (t) => [t.collective_ledger[0]!.voucher_id] },
  // contract
  { name: 'exactly 20 years', rule: 'contract-overlong', setup: (t) => t.collective_contracts.push(contract({ start_date: '2020-03-01', end_date: '2040-03-01' })), keys: none },
  { name: '20 years and a day', rule: 'contract-overlong', setup: (t) => t.collective_contracts.push(contract({ start_date: '2020-03-01', end_date: '2040-03-02' })), keys: (t) => [t.collective_contracts[0]!.contract_id] },
  { name: 'land: 30 years is allowed', rule: 'contract-overlong', setup: (t) => t.collective_contracts.push(contract({ subject_type: 'land', start_date: '2020-03-01', end_date: '2050-03-01' })), keys: none },
  {
    name: 'short by exactly 1.00',
    rule: 'contract-arrears',
    setup: (t) => {
      const c = contract({ start_date: '2023-12-31', end_date: '2026-12-30' });
      t.collective_contracts.push(c);
      t.collective_ledger.push(entry({ direction: 'income', contract_id: c.contract_id, amount: 1_000_000, date: '2023-12-31' }), entry({ direction: 'income', contract_id: c.contract_id, amount: 999_900, date: '2024-12-31' }));
    },
    keys: none,
  },
  {
    name: 'installment due on asOf not paid; a later receipt does not count',
    rule: 'contract-arrears',
    setup: (t) => {
      const c = contract({ start_date: '2023-12-31', end_date: '2026-12-30' });
      t.collective_contracts.push(c);
      t.collective_ledger.push(entry({ direction: 'income', contract_id: c.contract_id, amount: 1_000_000, date: '2023-12-31' }), entry({ direction: 'income', contract_id: c.contract_id, amount: 1_000_000, date: '2025-01-01' }));
    },
    keys: (t) => [t.collective_contracts[0]!.contract_id],
  },
  { name: 'not started yet', rule: 'contract-arrears', setup: (t) => t.collective_contracts.push(contract({ start_date: '2025-01-01', end_date: '2026-12-31' })), keys: none },
  { name: 'exactly 50000.00 without a decision', rule: 'contract-without-resolution', setup: (t) => t.collective_contracts.push(contract({ annual_amount: 5_000_000, resolution_id: null }), contract({ annual_amount: 4_999_999, resolution_id: null })), keys: (t) => [t.collective_contracts[0]!.contract_id] },
  {
    name: 'leased assets: none, dangling, expired the day before asOf, ending on asOf',
    rule: 'leased-asset-without-contract',
    setup: (t) => {
      const ended = contract({ end_date: '2024-12-30' });
      const ending = contract({ end_date: '2024-12-31' });
      t.collective_contracts.push(ended, ending);
      const asset = (asset_id: string, contract_id: string | null, status: 'leased' | 'idle' = 'leased') => ({ asset_id, village_code: 'V1', asset_type: 't', name: 'n', original_value: 1, status, contract_id });
      t.collective_assets.push(asset('A1', null), asset('A2', 'NOPE'), asset('A3', ended.contract_id), asset('A4', ending.contract_id), asset('A5', null, 'idle'));
    },
    keys: () => ['A1', 'A2', 'A3'],
  },
  // finance
  { name: 'cash of 1000.00 and 1000.01', rule: 'large-cash-expense', setup: (t) => t.collective_ledger.push(entry({ payment_method: 'cash', amount: 100000 }), entry({ payment_method: 'cash', amount: 100001 })), keys: (t) => [t.collective_ledger[1]!.voucher_id] },
  { name: '50000.00 without a decision', rule: 'expense-without-resolution', setup: (t) => t.collective_ledger.push(entry({ amount: 5_000_000 }), entry({ amount: 4_999_999 }), entry({ amount: 9_000_000, resolution_id: 'R' })), keys: (t) => [t.collective_ledger[0]!.voucher_id] },
  {
    name: 'split: 10 days is in the window, 11 days is not',
    rule: 'split-expense',
    setup: (t) => t.collective_ledger.push(entry({ date: '2024-03-01', amount: 3_000_000, counterparty_name: 'A' }), entry({ date: '2024-03-11', amount: 2_000_000, counterparty_name: 'A' }), entry({ date: '2024-06-01', amount: 3_000_000, counterparty_name: 'B' }), entry({ date: '2024-06-12', amount: 2_000_000, counterparty_name: 'B' })),
    keys: () => ['V1|A|2024-03-01'],
  },
  {
    name: 'split: a cluster is measured from its first date, and approved expenses stay out',
    rule: 'split-expense',
    setup: (t) => t.collective_ledger.push(entry({ date: '2024-03-01', amount: 4_000_000, counterparty_name: 'A', resolution_id: 'R' }), entry({ date: '2024-03-02', amount: 2_000_000, counterparty_name: 'A' }), entry({ date: '2024-03-11', amount: 2_000_000, counterparty_name: 'A' }), entry({ date: '2024-03-13', amount: 1_000_000, counterparty_name: 'A' })),
    keys: none,
  },
  {
    name: 'duplicate voucher: 3 days apart, not 4',
    rule: 'duplicate-voucher',
    setup: (t) => t.collective_ledger.push(entry({ date: '2024-03-01' }), entry({ date: '2024-03-04' }), entry({ date: '2024-03-08' }), entry({ date: '2024-03-08', counterparty_name: 'other' })),
    keys: () => ['V1|shop|500.00|2024-03-01'],
  },
];

function spikeTables(counts: readonly number[], fundCode = 'MT'): Tables {
  const t = base();
  counts.forEach((n, i) => {
    const period = `2024-${String(i + 1).padStart(2, '0')}`;
    for (let k = 0; k < n; k++) t.payments.push(pay({ id_number: `ID${k}`, fund_code: fundCode, period, pay_date: `${period}-10` }));
  });
  return t;
}

function benfordTables(n: number, digits: (i: number) => number, extraSmall = 0): Tables {
  const t = base();
  for (let i = 0; i < n; i++) t.collective_ledger.push(entry({ amount: digits(i) * 1000 + (i % 97), counterparty_name: `cp${i}` }));
  for (let i = 0; i < extraSmall; i++) t.collective_ledger.push(entry({ amount: 500 + i, counterparty_name: `small${i}` }));
  return t;
}

/** First digits drawn exactly by Benford shares for n items. */
function benfordDigit(n: number): (i: number) => number {
  const shares = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => Math.log10(1 + 1 / d));
  const list: number[] = [];
  shares.forEach((p, k) => {
    for (let j = 0; j < Math.round(p * n); j++) list.push(k + 1);
  });
  return (i) => list[i % list.length]!;
}

describe('referenceCheck', () => {
  it.each(CASES.map((c) => [`${c.rule}: ${c.name}`, c] as const))('%s', (_, c) => {
    const t = base();
    c.setup(t);
    const result = referenceCheck(t, { asOf: ASOF, rules: [c.rule], ...(c.params ? { params: c.params } : {}) });
    expect(result.findings.map((f) => f.key)).toEqual([...c.keys(t)].sort());
    expect(result.findings.every((f) => f.rule === c.rule)).toBe(true);
  });

  it.each([
    ['5 → 10 over a median of 5', [5, 5, 5, 5, 5, 5, 10], ['V1|MT|2024-07']],
    ['+4 is not enough', [6, 6, 6, 6, 6, 6, 10], []],
    ['exactly 1.5 × the median and exactly +5', [10, 10, 10, 10, 10, 10, 15], ['V1|MT|2024-07']],
    ['1.5 × an even median (mean of the middle two)', [10, 10, 10, 11, 11, 11, 16], ['V1|MT|2024-07']],
    ['below 1.5 × the median', [10, 10, 10, 11, 11, 11, 15], []],
    ['only two earlier months with payees', [0, 0, 0, 0, 1, 1, 9], []],
    ['months without payees do not count towards the median', [5, 0, 5, 0, 5, 0, 10], ['V1|MT|2024-07']],
  ])('recipient-spike: %s', (_, counts, keys) => {
    const t = spikeTables(counts);
    expect(referenceCheck(t, { asOf: ASOF, rules: ['recipient-spike'] }).findings.map((f) => f.key)).toEqual(keys);
  });

  it('recipient-spike: only monthly funds', () => {
    const t = spikeTables([5, 5, 5, 5, 5, 5, 20], 'LAND');
    expect(referenceCheck(t, { asOf: ASOF, rules: ['recipient-spike'] }).findings).toEqual([]);
  });

  it('benford-deviation: uniform digits over 200 expenses, not over 199, not counting amounts below 10.00', () => {
    const uniform = (i: number): number => (i % 9) + 1;
    expect(referenceCheck(benfordTables(200, uniform), { asOf: ASOF, rules: ['benford-deviation'] }).findings).toEqual([{ rule: 'benford-deviation', key: 'V1' }]);
    expect(referenceCheck(benfordTables(199, uniform, 30), { asOf: ASOF, rules: ['benford-deviation'] }).findings).toEqual([]);
    expect(referenceCheck(benfordTables(400, benfordDigit(400)), { asOf: ASOF, rules: ['benford-deviation'] }).findings).toEqual([]);
  });

  it('skips a model when a dataset it needs is absent, and runs it when the dataset is empty', () => {
    const t = base();
    t.payments.push(pay({ fund_code: 'DIS' }));
    const withoutCerts: Partial<Tables> = { ...t };
    delete withoutCerts.disability_certs;
    const skipped = referenceCheck(withoutCerts, { asOf: ASOF, rules: ['uncertified-disability-payee'] });
    expect(skipped.findings).toEqual([]);
    expect(skipped.skipped).toEqual([{ rule: 'uncertified-disability-payee', missing: ['disability_certs'] }]);
    expect(referenceCheck(t, { asOf: ASOF, rules: ['uncertified-disability-payee'] }).findings).toHaveLength(1);
  });

  it('returns findings sorted by rule then key, once each', () => {
    const t = base();
    t.payments.push(pay({ amount: 200000, account_holder_id_number: ID.c }), pay({ amount: 200000 }));
    const r = referenceCheck(t, { asOf: ASOF });
    const keys = r.findings.map((f) => `${f.rule}\u0000${f.key}`);
    expect(keys).toEqual([...new Set(keys)].sort());
    expect(r.findings.map((f) => f.rule)).toEqual(['duplicate-payment', 'over-max-amount', 'over-max-amount', 'paid-to-other-account']);
    expect(CORE_MODEL_IDS).toHaveLength(28);
  });
});
