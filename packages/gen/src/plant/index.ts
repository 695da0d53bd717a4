/**
 * Planted anomalies: for each of the 28 core models and the 9 library models over the extension
 * datasets (pensions, household moves, medical settlements), true cases a correct engine must
 * report and near misses it must not. Planted people live in households of their own, so each
 * case trips only the model it was planted for (and, where one implies another, the declared
 * side effect). The truth file itself comes from the reference checker (the 28 core models);
 * this list is what the tests hold the truth, and the library's extension models, against.
 *
 * One file a model (`plant/<rule-id>.ts`, as the standard library keeps a rule beside its
 * fixtures), each a function of the shared {@link PlantContext}; {@link PLANTS} lists them.
 */
import type { VillageBooks } from '../build-collective.js';
import type { CountyModel } from '../county-model.js';
import { PlantContext, type PlantedItem, type PlantedModelId } from './context.js';
import { plantBenfordDeviation } from './benford-deviation.js';
import { plantCadreKinMovedIn } from './cadre-kin-moved-in.js';
import { plantCadreOnAssistance } from './cadre-on-assistance.js';
import { plantCadreRelatedContract } from './cadre-related-contract.js';
import { plantCadreRelatedExpense } from './cadre-related-expense.js';
import { plantCadreRelativeOnAssistance } from './cadre-relative-on-assistance.js';
import { plantCompanyOwnerOnAssistance } from './company-owner-on-assistance.js';
import { plantContractArrears } from './contract-arrears.js';
import { plantContractOverlong } from './contract-overlong.js';
import { plantContractWithoutResolution } from './contract-without-resolution.js';
import { plantDeceasedPayee } from './deceased-payee.js';
import { plantDuplicateBasicPension } from './duplicate-basic-pension.js';
import { plantDuplicatePayment } from './duplicate-payment.js';
import { plantDuplicateVoucher } from './duplicate-voucher.js';
import { plantExclusiveBenefits } from './exclusive-benefits.js';
import { plantExpenseWithoutResolution } from './expense-without-resolution.js';
import { plantIncarceratedPayee } from './incarcerated-payee.js';
import { plantLandSubsidyOverArea } from './land-subsidy-over-area.js';
import { plantLandSubsidyRateMismatch } from './land-subsidy-rate-mismatch.js';
import { plantLargeCashExpense } from './large-cash-expense.js';
import { plantLeasedAssetWithoutContract } from './leased-asset-without-contract.js';
import { plantMedicalAidExceedsCost } from './medical-aid-exceeds-cost.js';
import { plantMedicalAidWithoutSettlement } from './medical-aid-without-settlement.js';
import { plantMedicalDoubleSettlement } from './medical-double-settlement.js';
import { plantMedicalSettlementAfterDeath } from './medical-settlement-after-death.js';
import { plantMovedOutPayee } from './moved-out-payee.js';
import { plantOverMaxAmount } from './over-max-amount.js';
import { plantPaidToOtherAccount } from './paid-to-other-account.js';
import { plantPensionAfterDeath } from './pension-after-death.js';
import { plantPublicPensionOnAssistance } from './public-pension-on-assistance.js';
import { plantRecipientSpike } from './recipient-spike.js';
import { plantSharedAccount } from './shared-account.js';
import { plantSplitExpense } from './split-expense.js';
import { plantStateStaffOnAssistance } from './state-staff-on-assistance.js';
import { plantUncertifiedDisabilityPayee } from './uncertified-disability-payee.js';
import { plantUnderAgePayee } from './under-age-payee.js';
import { plantVehicleOwnerOnAssistance } from './vehicle-owner-on-assistance.js';

export { EXTENSION_MODEL_IDS, type ExtensionModelId, type PlantedItem, type PlantedModelId } from './context.js';

/** Plants one model's cases and near misses (one variant of each per call). */
export type Plant = (cx: PlantContext) => void;

/**
 * Every model's plant, by rule id, in planting order (the order is part of the output: plants
 * share one random stream and take villages in turn). A model without its plant, or a plant
 * for no model, does not compile.
 */
export const PLANTS = {
  'deceased-payee': plantDeceasedPayee,
  'incarcerated-payee': plantIncarceratedPayee,
  'state-staff-on-assistance': plantStateStaffOnAssistance,
  'vehicle-owner-on-assistance': plantVehicleOwnerOnAssistance,
  'company-owner-on-assistance': plantCompanyOwnerOnAssistance,
  'under-age-payee': plantUnderAgePayee,
  'uncertified-disability-payee': plantUncertifiedDisabilityPayee,
  'duplicate-payment': plantDuplicatePayment,
  'exclusive-benefits': plantExclusiveBenefits,
  'over-max-amount': plantOverMaxAmount,
  'land-subsidy-over-area': plantLandSubsidyOverArea,
  'land-subsidy-rate-mismatch': plantLandSubsidyRateMismatch,
  'paid-to-other-account': plantPaidToOtherAccount,
  'shared-account': plantSharedAccount,
  'cadre-on-assistance': plantCadreOnAssistance,
  'cadre-relative-on-assistance': plantCadreRelativeOnAssistance,
  'cadre-related-contract': plantCadreRelatedContract,
  'cadre-related-expense': plantCadreRelatedExpense,
  'contract-overlong': plantContractOverlong,
  'contract-arrears': plantContractArrears,
  'contract-without-resolution': plantContractWithoutResolution,
  'leased-asset-without-contract': plantLeasedAssetWithoutContract,
  'large-cash-expense': plantLargeCashExpense,
  'expense-without-resolution': plantExpenseWithoutResolution,
  'split-expense': plantSplitExpense,
  'duplicate-voucher': plantDuplicateVoucher,
  'pension-after-death': plantPensionAfterDeath,
  'duplicate-basic-pension': plantDuplicateBasicPension,
  'public-pension-on-assistance': plantPublicPensionOnAssistance,
  'moved-out-payee': plantMovedOutPayee,
  'cadre-kin-moved-in': plantCadreKinMovedIn,
  'medical-settlement-after-death': plantMedicalSettlementAfterDeath,
  'medical-double-settlement': plantMedicalDoubleSettlement,
  'medical-aid-exceeds-cost': plantMedicalAidExceedsCost,
  'medical-aid-without-settlement': plantMedicalAidWithoutSettlement,
  'recipient-spike': plantRecipientSpike,
  'benford-deviation': plantBenfordDeviation,
} as const satisfies Record<PlantedModelId, Plant>;

/**
 * Plants measured against everything planted before them: they come last, the spike once per
 * repetition (later spikes go to other villages), Benford once.
 */
const LAST: ReadonlySet<PlantedModelId> = new Set<PlantedModelId>(['recipient-spike', 'benford-deviation']);

/** Plants every case and near miss into the county. */
export class Planter {
  readonly #cx: PlantContext;

  constructor(model: CountyModel, books: Map<number, VillageBooks>) {
    this.#cx = new PlantContext(model, books);
  }

  /** What was planted, in planting order. */
  get items(): readonly PlantedItem[] {
    return this.#cx.items;
  }

  /** Plants every case; `times` repeats the variants (larger counties get more). */
  run(times: number): void {
    const cx = this.#cx;
    for (let t = 0; t < times; t++) {
      for (const [rule, plant] of Object.entries(PLANTS) as [PlantedModelId, Plant][]) if (!LAST.has(rule)) plant(cx);
    }
    // Last: each spike is measured against every recipient planted before it, and later
    // spikes go to other villages.
    for (let t = 0; t < times; t++) PLANTS['recipient-spike'](cx);
    PLANTS['benford-deviation'](cx);
  }
}
