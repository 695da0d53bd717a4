/**
 * The fixed core of core-models.md, typed from the spec: category, severity, key, parameters
 * with their defaults (money in yuan, as written there) and who acts (the fund's department
 * for payment models, the `department` parameter defaulting to `NY` (农业农村局) for three-assets ones).
 */
import type { Category, Severity } from '@sunshine/core';

export interface CoreModelSpec {
  readonly category: Category;
  readonly severity: Severity;
  /** Key parts joined with `|`, as in the spec (`first date` is the cluster's first date). */
  readonly key: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly department: 'fund' | 'agri';
}

const fundModel = (category: Category, severity: Severity, key: string, params: Record<string, unknown> = {}): CoreModelSpec => ({ category, severity, key, params, department: 'fund' });
const agriModel = (category: Category, severity: Severity, key: string, params: Record<string, unknown> = {}): CoreModelSpec => ({ category, severity, key, params, department: 'agri' });

export const CORE_MODELS: Readonly<Record<string, CoreModelSpec>> = {
  'deceased-payee': fundModel('eligibility', 'high', 'payment_id'),
  'incarcerated-payee': fundModel('eligibility', 'high', 'payment_id'),
  'state-staff-on-assistance': fundModel('eligibility', 'high', 'payment_id'),
  'vehicle-owner-on-assistance': fundModel('eligibility', 'medium', 'payment_id', { vehicleTypes: ['car', 'truck'] }),
  'company-owner-on-assistance': fundModel('eligibility', 'medium', 'payment_id', { minCapital: '0.00' }),
  'under-age-payee': fundModel('eligibility', 'high', 'payment_id'),
  'uncertified-disability-payee': fundModel('eligibility', 'high', 'payment_id'),
  'duplicate-payment': fundModel('duplicate', 'high', 'id_number|fund_code|period'),
  'exclusive-benefits': fundModel('duplicate', 'high', 'id_number|exclusive_group|period'),
  'over-max-amount': fundModel('standard', 'medium', 'payment_id'),
  'land-subsidy-over-area': fundModel('standard', 'medium', 'payment_id', { areaTolerance: 0.05 }),
  'land-subsidy-rate-mismatch': fundModel('standard', 'low', 'payment_id', { amountTolerance: '1.00' }),
  'paid-to-other-account': fundModel('payment', 'high', 'payment_id'),
  'shared-account': fundModel('payment', 'high', 'bank_account', { minPersons: 3 }),
  'cadre-on-assistance': fundModel('cadre', 'high', 'payment_id'),
  'cadre-relative-on-assistance': fundModel('cadre', 'medium', 'payment_id'),
  'cadre-related-contract': agriModel('cadre', 'high', 'contract_id'),
  'cadre-related-expense': agriModel('cadre', 'high', 'voucher_id'),
  'contract-overlong': agriModel('contract', 'medium', 'contract_id', { maxYearsLand: 30, maxYears: 20 }),
  'contract-arrears': agriModel('contract', 'high', 'contract_id', { arrearsTolerance: '1.00' }),
  'contract-without-resolution': agriModel('contract', 'medium', 'contract_id', { resolutionThreshold: '50000.00' }),
  'leased-asset-without-contract': agriModel('contract', 'medium', 'asset_id'),
  'large-cash-expense': agriModel('finance', 'medium', 'voucher_id', { cashLimit: '1000.00' }),
  'expense-without-resolution': agriModel('finance', 'high', 'voucher_id', { approvalThreshold: '50000.00' }),
  'split-expense': agriModel('finance', 'high', 'village_code|counterparty_name|first date', { approvalThreshold: '50000.00', windowDays: 10 }),
  'duplicate-voucher': agriModel('statistical', 'medium', 'village_code|counterparty_name|amount|first date', { windowDays: 3 }),
  'recipient-spike': fundModel('statistical', 'medium', 'village_code|fund_code|period', { spikeRatio: 1.5, minIncrease: 5 }),
  'benford-deviation': agriModel('statistical', 'low', 'village_code', { minCount: 200, madThreshold: 0.015 }),
};
