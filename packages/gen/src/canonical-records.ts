/**
 * Record types of the canonical datasets the generator writes, as plain TypeScript: money in
 * integer fen, decimals as numbers, dates `YYYY-MM-DD`, empty nullable fields `null`. A test
 * keeps them in step with the dataset registry of `@sunshine/core` (field names, order and
 * nullability). Fields the model added later (data-model-extensions.md) are optional here.
 */

export interface RegionRecord {
  town_code: string;
  town_name: string;
  village_code: string;
  village_name: string;
}
export interface DepartmentRecord {
  department_code: string;
  name: string;
}
export interface FundRecord {
  fund_code: string;
  name: string;
  department_code: string;
  kind: 'means_tested' | 'age_based' | 'disability' | 'land_based' | 'pension' | 'medical' | 'other';
  frequency: 'monthly' | 'quarterly' | 'yearly' | 'once';
  standard_amount: number | null;
  max_amount: number | null;
  unit_rate: number | null;
  min_age: number | null;
  exclusive_group: string | null;
  max_age?: number | null;
}
export interface PersonRecord {
  id_number: string;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  household_id: string;
  relation: 'head' | 'spouse' | 'child' | 'parent' | 'other';
  town_code: string;
  village_code: string;
}
export interface DeathRecord {
  id_number: string;
  name: string;
  death_date: string;
  source: string;
}
export interface IncarcerationRecord {
  id_number: string;
  name: string;
  start_date: string;
  end_date: string | null;
}
export interface StateStaffRecord {
  id_number: string;
  name: string;
  employer: string;
  start_date: string;
  end_date: string | null;
}
export interface VehicleRecord {
  plate: string;
  owner_id_number: string;
  vehicle_type: 'car' | 'truck' | 'motorcycle' | 'tractor' | 'agricultural';
  registration_date: string;
  deregistration_date: string | null;
}
export interface CompanyRecord {
  company_id: string;
  company_name: string;
  id_number: string;
  role: 'legal_rep' | 'shareholder' | 'executive';
  registered_capital: number;
  status: 'active' | 'revoked' | 'cancelled';
  established_date: string;
}
export interface DisabilityCertRecord {
  id_number: string;
  level: number;
  category: string;
  issue_date: string;
  revoke_date: string | null;
}
export interface LandContractRecord {
  contract_no: string;
  household_id: string;
  contractor_id_number: string;
  village_code: string;
  area_mu: number;
}
export interface PaymentRecord {
  payment_id: string;
  fund_code: string;
  id_number: string;
  name: string;
  town_code: string;
  village_code: string;
  period: string;
  pay_date: string;
  amount: number;
  quantity: number | null;
  bank_account: string;
  account_holder_id_number: string;
  account_holder_name: string;
}
export interface CadreRecord {
  id_number: string;
  name: string;
  village_code: string;
  position: 'secretary' | 'director' | 'accountant' | 'member' | 'other';
  term_start: string;
  term_end: string | null;
}
export interface CadreRelativeRecord {
  cadre_id_number: string;
  relative_id_number: string;
  relative_name: string;
  relation: 'spouse' | 'parent' | 'child' | 'sibling' | 'in_law' | 'other';
}
export interface CollectiveContractRecord {
  contract_id: string;
  village_code: string;
  subject_type: 'land' | 'building' | 'pond' | 'forest' | 'equipment' | 'other';
  subject_desc: string;
  area: number | null;
  counterparty_name: string;
  counterparty_id_number: string | null;
  counterparty_company_id: string | null;
  start_date: string;
  end_date: string;
  annual_amount: number;
  resolution_id: string | null;
}
export interface LedgerRecord {
  voucher_id: string;
  village_code: string;
  date: string;
  direction: 'income' | 'expense';
  amount: number;
  category: 'contract_income' | 'subsidy_income' | 'salary' | 'construction' | 'hospitality' | 'office' | 'labor' | 'other';
  counterparty_name: string;
  counterparty_id_number: string | null;
  contract_id: string | null;
  payment_method: 'cash' | 'transfer';
  resolution_id: string | null;
  summary: string;
  voucher_no?: number | null;
  counterparty_account?: string | null;
  counterparty_account_type?: 'personal' | 'corporate' | null;
  counterparty_company_id?: string | null;
}
export interface AssetRecord {
  asset_id: string;
  village_code: string;
  asset_type: string;
  name: string;
  original_value: number;
  status: 'in_use' | 'leased' | 'idle' | 'disposed';
  contract_id: string | null;
}
export interface ResolutionRecord {
  resolution_id: string;
  village_code: string;
  meeting_date: string;
  meeting_type: 'villagers_meeting' | 'representatives_meeting' | 'two_committees' | 'other';
  subject: string;
  publicity_date: string | null;
}
export interface MedicalSettlementRecord {
  settlement_id: string;
  id_number: string;
  name: string;
  hospital: string;
  admission_date: string;
  discharge_date: string | null;
  settle_date: string;
  total_cost: number;
  insurance_paid: number;
  aid_paid: number;
}
export interface PensionRecord {
  pension_id: string;
  id_number: string;
  name: string;
  scheme: 'resident' | 'employee' | 'public_sector';
  start_date: string;
  end_date: string | null;
  monthly_amount: number;
}
export interface HouseholdMoveRecord {
  move_id: string;
  id_number: string;
  name: string;
  move_type: 'in' | 'out';
  move_date: string;
  village_code: string;
  household_id: string | null;
  place: string | null;
}

/** The records of every dataset the generator writes, by dataset name. */
export interface CanonicalRecords {
  regions: RegionRecord;
  departments: DepartmentRecord;
  funds: FundRecord;
  persons: PersonRecord;
  deaths: DeathRecord;
  incarcerations: IncarcerationRecord;
  state_staff: StateStaffRecord;
  vehicles: VehicleRecord;
  companies: CompanyRecord;
  disability_certs: DisabilityCertRecord;
  land_contracts: LandContractRecord;
  payments: PaymentRecord;
  cadres: CadreRecord;
  cadre_relatives: CadreRelativeRecord;
  collective_contracts: CollectiveContractRecord;
  collective_ledger: LedgerRecord;
  collective_assets: AssetRecord;
  resolutions: ResolutionRecord;
  medical_settlements: MedicalSettlementRecord;
  pensions: PensionRecord;
  household_moves: HouseholdMoveRecord;
}

export type GeneratedDataset = keyof CanonicalRecords;
