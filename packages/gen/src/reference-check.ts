/**
 * A reference implementation of the 28 fixed core models, written to be
 * obviously correct rather than fast: plain loops and maps over canonical records, exact
 * integer arithmetic for money and areas, and the spec's wording next to each check. The
 * generator computes its truth file with it; differential tests use it as the oracle for the
 * engine.
 */
import { addDays, addYears, ageAt, birthDateOfId, formatMoney, periodStart } from '@sunshine/core';
import type {
  CadreRecord as Cadre,
  CadreRelativeRecord as CadreRelative,
  CanonicalRecords,
  CollectiveContractRecord as CollectiveContract,
  CompanyRecord as Company,
  DeathRecord as Death,
  DisabilityCertRecord as DisabilityCert,
  FundRecord as Fund,
  IncarcerationRecord as Incarceration,
  LedgerRecord as LedgerEntry,
  PersonRecord as Person,
  StateStaffRecord as StateStaff,
  VehicleRecord as Vehicle,
} from './canonical-records.js';

type DatasetName = keyof CanonicalRecords;

/** The ids of the 28 fixed core models, in the catalogue's order. */
export const CORE_MODEL_IDS = [
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

export type CoreModelId = (typeof CORE_MODEL_IDS)[number];

/**
 * The datasets each model needs. A model whose needed dataset is absent (`undefined` in the
 * tables) is skipped, as the engine reports it skipped; `persons`, `cadre_relatives` and
 * `companies` are optional where the spec gives a meaning to their absence (a person not in
 * `persons` is a household of one; no relatives, no companies).
 */
export const REFERENCE_REQUIREMENTS: Readonly<Record<CoreModelId, readonly DatasetName[]>> = {
  'deceased-payee': ['payments', 'deaths'],
  'incarcerated-payee': ['payments', 'funds', 'incarcerations'],
  'state-staff-on-assistance': ['payments', 'funds', 'state_staff'],
  'vehicle-owner-on-assistance': ['payments', 'funds', 'vehicles'],
  'company-owner-on-assistance': ['payments', 'funds', 'companies'],
  'under-age-payee': ['payments', 'funds'],
  'uncertified-disability-payee': ['payments', 'funds', 'disability_certs'],
  'duplicate-payment': ['payments'],
  'exclusive-benefits': ['payments', 'funds'],
  'over-max-amount': ['payments', 'funds'],
  'land-subsidy-over-area': ['payments', 'funds', 'land_contracts'],
  'land-subsidy-rate-mismatch': ['payments', 'funds'],
  'paid-to-other-account': ['payments'],
  'shared-account': ['payments'],
  'cadre-on-assistance': ['payments', 'funds', 'cadres'],
  'cadre-relative-on-assistance': ['payments', 'funds', 'cadres', 'cadre_relatives'],
  'cadre-related-contract': ['collective_contracts', 'cadres'],
  'cadre-related-expense': ['collective_ledger', 'cadres'],
  'contract-overlong': ['collective_contracts'],
  'contract-arrears': ['collective_contracts', 'collective_ledger'],
  'contract-without-resolution': ['collective_contracts'],
  'leased-asset-without-contract': ['collective_assets', 'collective_contracts'],
  'large-cash-expense': ['collective_ledger'],
  'expense-without-resolution': ['collective_ledger'],
  'split-expense': ['collective_ledger'],
  'duplicate-voucher': ['collective_ledger'],
  'recipient-spike': ['payments', 'funds'],
  'benford-deviation': ['collective_ledger'],
};

/** Canonical records per dataset (money in fen); any iterable, read exactly once. */
export type ReferenceTables = { readonly [N in DatasetName]?: Iterable<CanonicalRecords[N]> };

/**
 * Parameter overrides per model, named as in the standard library's rules. Money parameters are yuan (as the
 * spec writes them: `cashLimit: 1000`), tolerances plain numbers, `windowDays` whole days.
 */
export interface ReferenceParams {
  readonly 'vehicle-owner-on-assistance'?: { readonly vehicleTypes?: readonly string[] };
  readonly 'company-owner-on-assistance'?: { readonly minCapital?: number };
  readonly 'land-subsidy-over-area'?: { readonly areaTolerance?: number };
  readonly 'land-subsidy-rate-mismatch'?: { readonly amountTolerance?: number };
  readonly 'shared-account'?: { readonly minPersons?: number };
  readonly 'contract-overlong'?: { readonly maxYearsLand?: number; readonly maxYears?: number };
  readonly 'contract-arrears'?: { readonly arrearsTolerance?: number };
  readonly 'contract-without-resolution'?: { readonly resolutionThreshold?: number };
  readonly 'large-cash-expense'?: { readonly cashLimit?: number };
  readonly 'expense-without-resolution'?: { readonly approvalThreshold?: number };
  readonly 'split-expense'?: { readonly approvalThreshold?: number; readonly windowDays?: number };
  readonly 'duplicate-voucher'?: { readonly windowDays?: number };
  readonly 'recipient-spike'?: { readonly spikeRatio?: number; readonly minIncrease?: number };
  readonly 'benford-deviation'?: { readonly minCount?: number; readonly madThreshold?: number };
}

export interface ReferenceCheckOptions {
  /** The run's date (`YYYY-MM-DD`), used by `contract-arrears` and `leased-asset-without-contract`. */
  readonly asOf: string;
  readonly params?: ReferenceParams;
  /** Run only these models (default: all 28). */
  readonly rules?: readonly CoreModelId[];
  /**
   * Datasets to treat as absent even when `tables` holds them, e.g. `LoadedData.missing` from
   * `loadData`, which loads a missing dataset as an empty table.
   */
  readonly absent?: readonly string[];
}

/** The tables `loadData` returns (`LoadedData.tables`): any records, keyed by dataset name. */
export type LoadedTables = ReadonlyMap<string, Iterable<Readonly<Record<string, unknown>>>>;

function isLoadedTables(x: ReferenceTables | LoadedTables): x is LoadedTables {
  return x instanceof Map;
}

export interface ReferenceFinding {
  readonly rule: CoreModelId;
  readonly key: string;
}

export interface ReferenceResult {
  readonly asOf: string;
  /** Sorted by rule, then key (plain code-unit order). */
  readonly findings: readonly ReferenceFinding[];
  /** Models not run because a dataset they need is absent. */
  readonly skipped: readonly { readonly rule: CoreModelId; readonly missing: readonly DatasetName[] }[];
}

const fen = (yuan: number): number => Math.round(yuan * 100);
/** A decimal (area, quantity) in ten-thousandths, exact for inputs with up to four decimals. */
const d4 = (x: number): number => Math.round(x * 10_000);

const NONE: readonly never[] = [];

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The monthly period `n` months after `period` (`YYYY-MM`). */
function shiftMonth(period: string, n: number): string {
  const idx = +period.slice(0, 4) * 12 + (+period.slice(5, 7) - 1) + n;
  const m = (idx % 12) + 1;
  return `${Math.floor(idx / 12)}-${m < 10 ? `0${m}` : m}`;
}

const inOffice = (c: Cadre, date: string): boolean => c.term_start <= date && (c.term_end === null || c.term_end >= date);

/** Expenses grouped and clustered into date windows as the rule DSL does (docs/rules-dsl.md). */
function clusters(entries: readonly LedgerEntry[], windowDays: number): LedgerEntry[][] {
  const sorted = [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.voucher_id < b.voucher_id ? -1 : a.voucher_id > b.voucher_id ? 1 : 0));
  const out: LedgerEntry[][] = [];
  const placed = new Set<LedgerEntry>();
  for (let i = 0; i < sorted.length; i++) {
    const first = sorted[i]!;
    if (placed.has(first)) continue;
    const last = addDays(first.date, windowDays);
    const cluster = [first];
    placed.add(first);
    for (let j = i + 1; j < sorted.length; j++) {
      const e = sorted[j]!;
      if (e.date > last) break;
      if (!placed.has(e)) {
        cluster.push(e);
        placed.add(e);
      }
    }
    out.push(cluster);
  }
  return out;
}

/**
 * Runs the 28 core models over canonical records and returns the findings (rule and key)
 * a correct engine reports.
 *
 * @example
 * ```ts
 * const { findings } = referenceCheck({ payments, funds, deaths }, { asOf: '2024-12-31' });
 * // or straight from loadData:
 * const data = await loadData(source);
 * referenceCheck(data.tables, { asOf: '2024-12-31', absent: data.missing });
 * // [{ rule: 'deceased-payee', key: 'P000001234' }, …]
 * ```
 */
export function referenceCheck(input: ReferenceTables | LoadedTables, options: ReferenceCheckOptions): ReferenceResult {
  const absent = new Set(options.absent ?? []);
  const source: Readonly<Record<string, unknown>> = isLoadedTables(input) ? Object.fromEntries(input) : input;
  // Canonical records are checked by shape elsewhere (the normaliser); here they are taken as they come.
  const tables = Object.fromEntries(Object.entries(source).filter(([name, rows]) => rows !== undefined && !absent.has(name))) as ReferenceTables;
  const asOf = options.asOf;
  const P = options.params ?? {};
  const wanted = new Set<CoreModelId>(options.rules ?? CORE_MODEL_IDS);
  const skipped: { rule: CoreModelId; missing: DatasetName[] }[] = [];
  for (const rule of CORE_MODEL_IDS) {
    if (!wanted.has(rule)) continue;
    const missing = REFERENCE_REQUIREMENTS[rule].filter((d) => tables[d] === undefined);
    if (missing.length > 0) {
      skipped.push({ rule, missing });
      wanted.delete(rule);
    }
  }
  const on = (rule: CoreModelId): boolean => wanted.has(rule);
  const found: ReferenceFinding[] = [];
  const report = (rule: CoreModelId, key: string): void => {
    found.push({ rule, key });
  };

  // ---------------------------------------------------------------- indexes
  const funds = new Map<string, Fund>();
  for (const f of tables.funds ?? NONE) funds.set(f.fund_code, f);
  const personById = new Map<string, Person>();
  const membersByHousehold = new Map<string, string[]>();
  for (const p of tables.persons ?? NONE) {
    if (personById.has(p.id_number)) continue;
    personById.set(p.id_number, p);
    push(membersByHousehold, p.household_id, p.id_number);
  }
  /** Household members of a person (the person included); not in persons → a household of one. */
  const household = (id: string): readonly string[] => {
    const p = personById.get(id);
    return p ? membersByHousehold.get(p.household_id)! : [id];
  };
  const householdKey = (id: string): string => {
    const p = personById.get(id);
    return p ? `H:${p.household_id}` : `P:${id}`;
  };
  const isMember = (payee: string, other: string): boolean => household(payee).includes(other);

  const deathsById = new Map<string, Death[]>();
  for (const d of tables.deaths ?? NONE) push(deathsById, d.id_number, d);
  const prisonById = new Map<string, Incarceration[]>();
  for (const r of tables.incarcerations ?? NONE) push(prisonById, r.id_number, r);
  const staffById = new Map<string, StateStaff[]>();
  for (const s of tables.state_staff ?? NONE) push(staffById, s.id_number, s);
  const vehiclesByOwner = new Map<string, Vehicle[]>();
  for (const v of tables.vehicles ?? NONE) push(vehiclesByOwner, v.owner_id_number, v);
  const companyRolesById = new Map<string, Company[]>();
  const companyRows = new Map<string, Company[]>();
  for (const c of tables.companies ?? NONE) {
    push(companyRolesById, c.id_number, c);
    push(companyRows, c.company_id, c);
  }
  const certsById = new Map<string, DisabilityCert[]>();
  for (const c of tables.disability_certs ?? NONE) push(certsById, c.id_number, c);
  const landAreaByHousehold = new Map<string, number>();
  const landAreaByContractor = new Map<string, number>();
  for (const l of tables.land_contracts ?? NONE) {
    landAreaByHousehold.set(l.household_id, (landAreaByHousehold.get(l.household_id) ?? 0) + d4(l.area_mu));
    landAreaByContractor.set(l.contractor_id_number, (landAreaByContractor.get(l.contractor_id_number) ?? 0) + d4(l.area_mu));
  }
  const cadresById = new Map<string, Cadre[]>();
  const cadresByVillage = new Map<string, Cadre[]>();
  for (const c of tables.cadres ?? NONE) {
    push(cadresById, c.id_number, c);
    push(cadresByVillage, c.village_code, c);
  }
  const relativesOfCadre = new Map<string, Set<string>>();
  const cadresOfRelative = new Map<string, CadreRelative[]>();
  for (const r of tables.cadre_relatives ?? NONE) {
    let set = relativesOfCadre.get(r.cadre_id_number);
    if (!set) relativesOfCadre.set(r.cadre_id_number, (set = new Set()));
    set.add(r.relative_id_number);
    push(cadresOfRelative, r.relative_id_number, r);
  }

  // ---------------------------------------------------------------- payments (one pass)
  const vehicleTypes = new Set(P['vehicle-owner-on-assistance']?.vehicleTypes ?? ['car', 'truck']);
  const minCapital = fen(P['company-owner-on-assistance']?.minCapital ?? 0);
  const areaTolerance = P['land-subsidy-over-area']?.areaTolerance ?? 0.05;
  const tolFactor = Math.round((1 + areaTolerance) * 1_000_000);
  const amountTolerance = fen(P['land-subsidy-rate-mismatch']?.amountTolerance ?? 1.0);
  const minPersons = P['shared-account']?.minPersons ?? 3;

  // Nested maps keyed by the records' own strings (no composite keys to build per payment).
  /** id_number → fund_code → period → number of payments. */
  const paymentGroups = new Map<string, Map<string, Map<string, number>>>();
  /** id_number → exclusive_group → period → fund codes. */
  const exclusiveGroups = new Map<string, Map<string, Map<string, Set<string>>>>();
  /** bank_account → distinct payee id_numbers. */
  const accountPayees = new Map<string, string[]>();
  /** village_code → fund_code → period → distinct payees. */
  const spikeCounts = new Map<string, Map<string, Map<string, Set<string>>>>();
  const starts = new Map<string, string>();
  // A group shared by fewer than two funds of the catalogue can never hold two distinct funds.
  const fundsPerGroup = new Map<string, number>();
  for (const f of funds.values()) if (f.exclusive_group !== null) fundsPerGroup.set(f.exclusive_group, (fundsPerGroup.get(f.exclusive_group) ?? 0) + 1);

  // Which models run, looked up once rather than per payment.
  const runUncertifiedDisabilityPayee = on('uncertified-disability-payee');
  const runCadreRelativeOnAssistance = on('cadre-relative-on-assistance');
  const runCompanyOwnerOnAssistance = on('company-owner-on-assistance');
  const runVehicleOwnerOnAssistance = on('vehicle-owner-on-assistance');
  const runLandSubsidyRateMismatch = on('land-subsidy-rate-mismatch');
  const runStateStaffOnAssistance = on('state-staff-on-assistance');
  const runLandSubsidyOverArea = on('land-subsidy-over-area');
  const runPaidToOtherAccount = on('paid-to-other-account');
  const runCadreOnAssistance = on('cadre-on-assistance');
  const runExclusiveBenefits = on('exclusive-benefits');
  const runIncarceratedPayee = on('incarcerated-payee');
  const runDuplicatePayment = on('duplicate-payment');
  const runOverMaxAmount = on('over-max-amount');
  const runRecipientSpike = on('recipient-spike');
  const runUnderAgePayee = on('under-age-payee');
  const runSharedAccount = on('shared-account');
  const runDeceasedPayee = on('deceased-payee');
  for (const p of tables.payments ?? NONE) {
    const f = funds.get(p.fund_code);
    const kind = f?.kind;
    let start = starts.get(p.period);
    if (start === undefined) starts.set(p.period, (start = periodStart(p.period)));
    const meansTested = kind === 'means_tested';

    // eligibility
    const deaths = deathsById.get(p.id_number);
    if (runDeceasedPayee && deaths?.some((d) => d.death_date < start)) report('deceased-payee', p.payment_id);
    const terms = prisonById.get(p.id_number);
    if (runIncarceratedPayee && terms && (kind === 'means_tested' || kind === 'pension')) {
      if (terms.some((r) => r.start_date <= start && (r.end_date === null || r.end_date >= start))) report('incarcerated-payee', p.payment_id);
    }
    if (meansTested) {
      const members = household(p.id_number);
      if (runStateStaffOnAssistance) {
        const hit = members.some((m) => (staffById.get(m) ?? NONE).some((s) => s.start_date <= p.pay_date && (s.end_date === null || s.end_date >= p.pay_date)));
        if (hit) report('state-staff-on-assistance', p.payment_id);
      }
      if (runVehicleOwnerOnAssistance) {
        const hit = members.some((m) =>
          (vehiclesByOwner.get(m) ?? NONE).some(
            (v) => vehicleTypes.has(v.vehicle_type) && v.registration_date <= p.pay_date && (v.deregistration_date === null || v.deregistration_date > p.pay_date),
          ),
        );
        if (hit) report('vehicle-owner-on-assistance', p.payment_id);
      }
      if (runCompanyOwnerOnAssistance) {
        const hit = members.some((m) =>
          (companyRolesById.get(m) ?? NONE).some(
            (c) => (c.role === 'legal_rep' || c.role === 'shareholder') && c.status === 'active' && c.established_date <= p.pay_date && c.registered_capital >= minCapital,
          ),
        );
        if (hit) report('company-owner-on-assistance', p.payment_id);
      }
      if (runCadreOnAssistance && (cadresById.get(p.id_number) ?? NONE).some((c) => inOffice(c, p.pay_date))) report('cadre-on-assistance', p.payment_id);
      if (runCadreRelativeOnAssistance) {
        const hit = (cadresOfRelative.get(p.id_number) ?? NONE).some((r) =>
          (cadresById.get(r.cadre_id_number) ?? NONE).some((c) => c.village_code === p.village_code && inOffice(c, p.pay_date)),
        );
        if (hit) report('cadre-relative-on-assistance', p.payment_id);
      }
    }
    if (runUnderAgePayee && f && f.min_age !== null) {
      const birth = personById.get(p.id_number)?.birth_date ?? birthDateOfId(p.id_number);
      if (ageAt(birth, p.pay_date) < f.min_age) report('under-age-payee', p.payment_id);
    }
    if (runUncertifiedDisabilityPayee && kind === 'disability') {
      const valid = (certsById.get(p.id_number) ?? NONE).some((c) => c.issue_date <= p.pay_date && (c.revoke_date === null || c.revoke_date > p.pay_date));
      if (!valid) report('uncertified-disability-payee', p.payment_id);
    }

    // duplicate
    if (runDuplicatePayment) {
      let byFund = paymentGroups.get(p.id_number);
      if (!byFund) paymentGroups.set(p.id_number, (byFund = new Map<string, Map<string, number>>()));
      let byPeriod = byFund.get(p.fund_code);
      if (!byPeriod) byFund.set(p.fund_code, (byPeriod = new Map<string, number>()));
      byPeriod.set(p.period, (byPeriod.get(p.period) ?? 0) + 1);
    }
    if (runExclusiveBenefits && f && f.exclusive_group !== null && (fundsPerGroup.get(f.exclusive_group) ?? 0) >= 2) {
      let byGroup = exclusiveGroups.get(p.id_number);
      if (!byGroup) exclusiveGroups.set(p.id_number, (byGroup = new Map<string, Map<string, Set<string>>>()));
      let byPeriod = byGroup.get(f.exclusive_group);
      if (!byPeriod) byGroup.set(f.exclusive_group, (byPeriod = new Map<string, Set<string>>()));
      let set = byPeriod.get(p.period);
      if (!set) byPeriod.set(p.period, (set = new Set()));
      set.add(p.fund_code);
    }

    // standard
    if (runOverMaxAmount && f && f.max_amount !== null && p.amount > f.max_amount) report('over-max-amount', p.payment_id);
    if (kind === 'land_based' && p.quantity !== null) {
      const q = d4(p.quantity);
      if (runLandSubsidyOverArea) {
        const person = personById.get(p.id_number);
        const area = person ? (landAreaByHousehold.get(person.household_id) ?? 0) : (landAreaByContractor.get(p.id_number) ?? 0);
        // p.quantity > A × (1 + areaTolerance), in exact integers.
        if (q * 1_000_000 > area * tolFactor) report('land-subsidy-over-area', p.payment_id);
      }
      if (runLandSubsidyRateMismatch && f && f.unit_rate !== null) {
        // |amount − quantity × unit_rate| > amountTolerance, in fen × 10 000.
        const diff = Math.abs(p.amount * 10_000 - q * f.unit_rate);
        if (diff > amountTolerance * 10_000) report('land-subsidy-rate-mismatch', p.payment_id);
      }
    }

    // payment
    if (runPaidToOtherAccount && p.account_holder_id_number !== p.id_number && !isMember(p.id_number, p.account_holder_id_number)) {
      report('paid-to-other-account', p.payment_id);
    }
    if (runSharedAccount) {
      const ids = accountPayees.get(p.bank_account);
      if (!ids) accountPayees.set(p.bank_account, [p.id_number]);
      else if (!ids.includes(p.id_number)) ids.push(p.id_number);
    }

    // statistical: recipient-spike counts
    if (runRecipientSpike && f && f.frequency === 'monthly' && p.period.length === 7) {
      let byFund = spikeCounts.get(p.village_code);
      if (!byFund) spikeCounts.set(p.village_code, (byFund = new Map<string, Map<string, Set<string>>>()));
      let byPeriod = byFund.get(p.fund_code);
      if (!byPeriod) byFund.set(p.fund_code, (byPeriod = new Map<string, Set<string>>()));
      let set = byPeriod.get(p.period);
      if (!set) byPeriod.set(p.period, (set = new Set()));
      set.add(p.id_number);
    }
  }

  for (const [id, byFund] of paymentGroups) {
    for (const [fund, byPeriod] of byFund) for (const [period, n] of byPeriod) if (n >= 2) report('duplicate-payment', `${id}|${fund}|${period}`);
  }
  for (const [id, byGroup] of exclusiveGroups) {
    for (const [group, byPeriod] of byGroup) for (const [period, set] of byPeriod) if (set.size >= 2) report('exclusive-benefits', `${id}|${group}|${period}`);
  }
  for (const [account, ids] of accountPayees) {
    if (ids.length < minPersons) continue;
    const households = new Set(ids.map(householdKey));
    if (households.size >= 2) report('shared-account', account);
  }
  if (on('recipient-spike')) {
    const ratio = P['recipient-spike']?.spikeRatio ?? 1.5;
    const minIncrease = P['recipient-spike']?.minIncrease ?? 5;
    const all = [...spikeCounts].flatMap(([village, byFund]) => [...byFund].map(([fund, byPeriod]) => [`${village}|${fund}`, byPeriod] as const));
    for (const [vf, byPeriod] of all) {
      for (const [period, payees] of byPeriod) {
        const n = payees.size;
        const prior: number[] = [];
        for (let k = 1; k <= 6; k++) {
          const c = byPeriod.get(shiftMonth(period, -k))?.size ?? 0;
          if (c > 0) prior.push(c);
        }
        if (prior.length < 3) continue;
        const b = median(prior);
        if (n >= b * ratio && n - b >= minIncrease) report('recipient-spike', `${vf}|${period}`);
      }
    }
  }

  // ---------------------------------------------------------------- collective
  const contracts = [...(tables.collective_contracts ?? NONE)];
  const contractById = new Map<string, CollectiveContract>();
  for (const c of contracts) if (!contractById.has(c.contract_id)) contractById.set(c.contract_id, c);
  const ledger = [...(tables.collective_ledger ?? NONE)];
  const expenses = ledger.filter((e) => e.direction === 'expense');

  const isCadreOrRelativeInOffice = (village: string, id: string, date: string): boolean => {
    for (const k of cadresByVillage.get(village) ?? NONE) {
      if (!inOffice(k, date)) continue;
      if (k.id_number === id || relativesOfCadre.get(k.id_number)?.has(id)) return true;
    }
    return false;
  };

  if (on('cadre-related-contract')) {
    for (const c of contracts) {
      const hit = (cadresByVillage.get(c.village_code) ?? NONE).some((k) => {
        if (!inOffice(k, c.start_date)) return false;
        const circle = new Set([k.id_number, ...(relativesOfCadre.get(k.id_number) ?? NONE)]);
        if (c.counterparty_id_number !== null && circle.has(c.counterparty_id_number)) return true;
        if (c.counterparty_company_id !== null) {
          return (companyRows.get(c.counterparty_company_id) ?? NONE).some((r) => (r.role === 'legal_rep' || r.role === 'shareholder') && circle.has(r.id_number));
        }
        return false;
      });
      if (hit) report('cadre-related-contract', c.contract_id);
    }
  }
  if (on('cadre-related-expense')) {
    for (const e of expenses) {
      if (e.category === 'salary' || e.counterparty_id_number === null) continue;
      if (isCadreOrRelativeInOffice(e.village_code, e.counterparty_id_number, e.date)) report('cadre-related-expense', e.voucher_id);
    }
  }
  if (on('contract-overlong')) {
    const maxLand = P['contract-overlong']?.maxYearsLand ?? 30;
    const maxOther = P['contract-overlong']?.maxYears ?? 20;
    for (const c of contracts) {
      const n = c.subject_type === 'land' ? maxLand : maxOther;
      if (c.end_date > addYears(c.start_date, n)) report('contract-overlong', c.contract_id);
    }
  }
  if (on('contract-arrears')) {
    const tolerance = fen(P['contract-arrears']?.arrearsTolerance ?? 1.0);
    const received = new Map<string, number>();
    for (const e of ledger) {
      if (e.direction === 'income' && e.contract_id !== null && e.date <= asOf) received.set(e.contract_id, (received.get(e.contract_id) ?? 0) + e.amount);
    }
    for (const c of contracts) {
      if (c.start_date > asOf) continue;
      const limit = c.end_date < asOf ? c.end_date : asOf;
      let installments = 0;
      for (let k = 0; addYears(c.start_date, k) <= limit; k++) installments++;
      const due = c.annual_amount * installments;
      if (due - (received.get(c.contract_id) ?? 0) > tolerance) report('contract-arrears', c.contract_id);
    }
  }
  if (on('contract-without-resolution')) {
    const threshold = fen(P['contract-without-resolution']?.resolutionThreshold ?? 50000);
    for (const c of contracts) if (c.annual_amount >= threshold && c.resolution_id === null) report('contract-without-resolution', c.contract_id);
  }
  if (on('leased-asset-without-contract')) {
    for (const a of tables.collective_assets ?? NONE) {
      if (a.status !== 'leased') continue;
      const c = a.contract_id === null ? undefined : contractById.get(a.contract_id);
      if (c === undefined || c.end_date < asOf) report('leased-asset-without-contract', a.asset_id);
    }
  }
  if (on('large-cash-expense')) {
    const limit = fen(P['large-cash-expense']?.cashLimit ?? 1000);
    for (const e of expenses) if (e.payment_method === 'cash' && e.amount > limit) report('large-cash-expense', e.voucher_id);
  }
  if (on('expense-without-resolution')) {
    const threshold = fen(P['expense-without-resolution']?.approvalThreshold ?? 50000);
    for (const e of expenses) if (e.amount >= threshold && e.resolution_id === null) report('expense-without-resolution', e.voucher_id);
  }
  if (on('split-expense')) {
    const threshold = fen(P['split-expense']?.approvalThreshold ?? 50000);
    const windowDays = P['split-expense']?.windowDays ?? 10;
    const groups = new Map<string, LedgerEntry[]>();
    for (const e of expenses) if (e.amount < threshold && e.resolution_id === null) push(groups, `${e.village_code}|${e.counterparty_name}`, e);
    for (const [group, list] of groups) {
      for (const cluster of clusters(list, windowDays)) {
        const sum = cluster.reduce((s, e) => s + e.amount, 0);
        if (cluster.length >= 2 && sum >= threshold) report('split-expense', `${group}|${cluster[0]!.date}`);
      }
    }
  }
  if (on('duplicate-voucher')) {
    const windowDays = P['duplicate-voucher']?.windowDays ?? 3;
    const groups = new Map<string, LedgerEntry[]>();
    for (const e of expenses) push(groups, `${e.village_code}|${e.counterparty_name}|${formatMoney(e.amount)}`, e);
    for (const [group, list] of groups) {
      for (const cluster of clusters(list, windowDays)) if (cluster.length >= 2) report('duplicate-voucher', `${group}|${cluster[0]!.date}`);
    }
  }
  if (on('benford-deviation')) {
    const minCount = P['benford-deviation']?.minCount ?? 200;
    const mad = P['benford-deviation']?.madThreshold ?? 0.015;
    const digits = new Map<string, number[]>();
    for (const e of expenses) {
      if (e.amount < 1000) continue; // amounts ≥ 10.00 only
      let counts = digits.get(e.village_code);
      if (!counts) digits.set(e.village_code, (counts = new Array<number>(10).fill(0)));
      counts[Number(String(e.amount)[0])]!++;
    }
    for (const [village, counts] of digits) {
      const n = counts.reduce((a, b) => a + b, 0);
      if (n < minCount) continue;
      let dev = 0;
      for (let d = 1; d <= 9; d++) dev += Math.abs(counts[d]! / n - Math.log10(1 + 1 / d));
      if (dev / 9 > mad) report('benford-deviation', village);
    }
  }

  // One finding per rule and key, sorted by rule then key (code-unit order).
  const seen = new Set<string>();
  const findings = found
    .filter((f) => {
      const k = `${f.rule}\u0000${f.key}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { asOf, findings, skipped };
}

