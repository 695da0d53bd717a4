/**
 * The fixed core of the library: their ids, keys and meaning are a contract
 * that county systems and acceptance checks depend on. Everything else in the library may
 * grow and change; these may not.
 */
export const coreModelIds = [
  'deceased-payee',
  'incarcerated-payee',
  'state-staff-on-assistance',
  'vehicle-owner-on-assistance',
  'company-owner-on-assistance',
  'under-age-payee',
  'uncertified-disability-payee',
  'duplicate-payment',
  'exclusive-benefits',
  'over-max-amount',
  'land-subsidy-over-area',
  'land-subsidy-rate-mismatch',
  'paid-to-other-account',
  'shared-account',
  'cadre-on-assistance',
  'cadre-relative-on-assistance',
  'cadre-related-contract',
  'cadre-related-expense',
  'contract-overlong',
  'contract-arrears',
  'contract-without-resolution',
  'leased-asset-without-contract',
  'large-cash-expense',
  'expense-without-resolution',
  'split-expense',
  'duplicate-voucher',
  'recipient-spike',
  'benford-deviation',
] as const;

/** The id of a fixed core model. */
export type CoreModelId = (typeof coreModelIds)[number];

/** True when `id` is one of the 28 fixed core models. */
export function isCoreModel(id: string): id is CoreModelId {
  return (coreModelIds as readonly string[]).includes(id);
}
