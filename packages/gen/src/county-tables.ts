/**
 * Turns the in-memory county into canonical records: assigns the identifiers that depend on
 * output order (household, contract, voucher and asset numbers), and streams the payments.
 */
import type {
  AssetRecord as CollectiveAsset,
  CanonicalRecords,
  CollectiveContractRecord as CollectiveContract,
  CompanyRecord as Company,
  DepartmentRecord as Department,
  HouseholdMoveRecord as HouseholdMove,
  MedicalSettlementRecord as MedicalSettlement,
  PensionRecord as Pension,
  FundRecord as Fund,
  LandContractRecord as LandContract,
  LedgerRecord as LedgerEntry,
  PaymentRecord as Payment,
  PersonRecord as Person,
  RegionRecord as Region,
} from './canonical-records.js';
import { DEPARTMENT_CATALOGUE } from './fund-catalogue.js';
import type { CountyModel, Entitlement, PlannedPayment } from './county-model.js';

const REL_ORDER: Record<string, number> = { head: 0, spouse: 1, parent: 2, child: 3, other: 4 };

/** The canonical datasets of a county; `payments` is re-generated on every iteration. */
export type CountyTables = { [N in Exclude<keyof CanonicalRecords, 'payments'>]: CanonicalRecords[N][] } & { payments: Iterable<Payment> };

/** Assigns output order and identifiers. Call once, after planting. */
export function finalizeCounty(model: CountyModel): void {
  const rng = model.rng('finalize');
  let ord = 0;
  for (const village of model.villages) {
    const hhs = rng.shuffle([...village.households]);
    hhs.forEach((h, i) => {
      const hh = model.households[h]!;
      hh.hid = `${village.code}${String(i + 1).padStart(4, '0')}`;
      const members = [...hh.members].sort((a, b) => REL_ORDER[model.people[a]!.rel]! - REL_ORDER[model.people[b]!.rel]! || a - b);
      for (const m of members) model.people[m]!.ord = ord++;
    });
  }
  // People outside the registry sort after everyone else, in creation order.
  for (const p of model.people) if (!p.registered) p.ord = ord++;
  const byOrd = (a: { person: number }, b: { person: number }): number => model.people[a.person]!.ord - model.people[b.person]!.ord;
  for (const byVillage of model.ents) for (const list of byVillage) list?.sort(byOrd);
  for (const list of model.planned.values()) list.sort(byOrd);

  // Land contracts: numbered per village in household order.
  const landSeq = new Map<number, number>();
  const land = [...model.land].sort((a, b) => {
    const ha = a.hh >= 0 ? model.people[model.households[a.hh]!.head]!.ord : 1e9 + a.contractor;
    const hb = b.hh >= 0 ? model.people[model.households[b.hh]!.head]!.ord : 1e9 + b.contractor;
    return a.village - b.village || ha - hb;
  });
  for (const l of land) {
    const n = (landSeq.get(l.village) ?? 0) + 1;
    landSeq.set(l.village, n);
    l.contract_no = `CB${model.villages[l.village]!.code}${String(n).padStart(4, '0')}`;
  }
  replaceAll(model.land, land);

  // Contracts and assets: shuffled within their village, then numbered.
  const contracts = groupByVillage(model.contracts, model.villages.length);
  model.contracts.length = 0;
  contracts.forEach((list, v) => {
    rng.shuffle(list).forEach((c, i) => {
      c.contract_id = `HT${model.villages[v]!.code}${String(i + 1).padStart(3, '0')}`;
      model.contracts.push(c);
    });
  });
  const assets = groupByVillage(model.assets, model.villages.length);
  model.assets.length = 0;
  assets.forEach((list, v) => {
    rng.shuffle(list).forEach((a, i) => {
      a.asset_id = `ZC${model.villages[v]!.code}${String(i + 1).padStart(3, '0')}`;
      model.assets.push(a);
    });
  });

  // Vouchers: by village, then date, numbered within each month.
  const ledger = [...model.ledger].sort((a, b) => a.village - b.village || (a.date < b.date ? -1 : a.date > b.date ? 1 : a.tie - b.tie));
  const seq = new Map<string, number>();
  for (const e of ledger) {
    const month = `${model.villages[e.village]!.code}-${e.date.slice(0, 4)}${e.date.slice(5, 7)}`;
    const n = (seq.get(month) ?? 0) + 1;
    seq.set(month, n);
    e.voucher_id = `${month}-${String(n).padStart(3, '0')}`;
    const year = `${e.village}|${e.date.slice(0, 4)}`;
    const no = (seq.get(year) ?? 0) + 1;
    seq.set(year, no);
    e.voucher_no = no;
  }
  replaceAll(model.ledger, ledger);
  numberExtensions(model);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Pension, move and settlement ids, in date order (after the people's output order is known). */
function numberExtensions(model: CountyModel): void {
  const ord = (person: number): number => model.people[person]!.ord;
  const pensions = [...model.pensions].sort((a, b) => cmp(a.start, b.start) || ord(a.person) - ord(b.person) || cmp(a.scheme, b.scheme));
  pensions.forEach((p, i) => {
    p.pension_id = `YL${String(i + 1).padStart(8, '0')}`;
  });
  replaceAll(model.pensions, pensions);
  // Of two moves of one person on one day, the `out` (of the old village) is registered first.
  const moves = [...model.moves].sort((a, b) => cmp(a.date, b.date) || ord(a.person) - ord(b.person) || cmp(b.type, a.type) || a.village - b.village);
  const perDay = new Map<string, number>();
  for (const mv of moves) {
    const n = (perDay.get(mv.date) ?? 0) + 1;
    perDay.set(mv.date, n);
    mv.move_id = `QY${mv.date.replaceAll('-', '')}${String(n).padStart(4, '0')}`;
  }
  replaceAll(model.moves, moves);
  const settlements = [...model.settlements].sort((a, b) => cmp(a.settle, b.settle) || cmp(a.admission, b.admission) || ord(a.person) - ord(b.person) || cmp(a.hospital, b.hospital) || a.total - b.total);
  perDay.clear();
  for (const st of settlements) {
    const n = (perDay.get(st.settle) ?? 0) + 1;
    perDay.set(st.settle, n);
    st.settlement_id = `JS${st.settle.replaceAll('-', '')}${String(n).padStart(5, '0')}`;
  }
  replaceAll(model.settlements, settlements);
}

/** Replaces an array's contents in place (no spread: the arrays can be large). */
function replaceAll<T>(target: T[], items: readonly T[]): void {
  target.length = 0;
  for (const x of items) target.push(x);
}

function groupByVillage<T extends { village: number }>(items: readonly T[], n: number): T[][] {
  const out: T[][] = Array.from({ length: n }, () => []);
  for (const x of items) out[x.village]!.push(x);
  return out;
}

const decimal = (hundredths: number): number => hundredths / 100;

/** The payments of the county, in a stable order, with ids assigned as they go. */
export function* paymentRecords(model: CountyModel): Generator<Payment> {
  const accounts: (string | undefined)[] = [];
  const account = (no: number): string => (accounts[no] ??= model.ids.bankAccount(no));
  const plannedVillages = new Map<string, number[]>();
  for (const key of model.planned.keys()) {
    const [mi, f, v] = key.split('|').map(Number) as [number, number, number];
    const k = `${mi}|${f}`;
    let list = plannedVillages.get(k);
    if (!list) plannedVillages.set(k, (list = []));
    list.push(v);
  }
  for (const list of plannedVillages.values()) list.sort((a, b) => a - b);
  let seq = 0;
  const record = (person: number, f: number, village: number, period: string, payDate: string, amount: number, quantityC: number | null, holder: number): Payment => {
    const p = model.people[person]!;
    const h = model.people[holder]!;
    const v = model.villages[village]!;
    seq++;
    return {
      payment_id: `P${String(seq).padStart(9, '0')}`,
      fund_code: model.funds[f]!.code,
      id_number: p.id,
      name: p.name,
      town_code: model.towns[v.town]!.code,
      village_code: v.code,
      period,
      pay_date: payDate,
      amount,
      quantity: quantityC === null ? null : decimal(quantityC),
      bank_account: account(holder),
      account_holder_id_number: h.id,
      account_holder_name: h.name,
    };
  };
  for (let mi = 0; mi < 12; mi++) {
    for (let f = 0; f < model.funds.length; f++) {
      const pays = model.paysIn(f, mi);
      const byVillage = model.ents[f]!;
      const planned = plannedVillages.get(`${mi}|${f}`) ?? [];
      const villages = pays ? mergeSorted(byVillage, planned) : planned;
      const period = model.periodOf(f, mi);
      for (const v of villages) {
        const ents: readonly Entitlement[] = pays ? (byVillage[v] ?? []) : [];
        const extra: readonly PlannedPayment[] = model.planned.get(`${mi}|${f}|${v}`) ?? [];
        const town = model.villages[v]!.town;
        const payDate = model.payDate(f, town, mi);
        let i = 0;
        let j = 0;
        while (i < ents.length || j < extra.length) {
          const e = ents[i];
          const x = extra[j];
          if (e && !(e.start <= mi && mi <= e.end)) {
            i++;
            continue;
          }
          if (e && (!x || model.people[e.person]!.ord <= model.people[x.person]!.ord)) {
            yield record(e.person, f, v, period, payDate, e.amount, e.quantityC, e.holder);
            i++;
          } else if (x) {
            const r = record(x.person, x.fund, x.village, x.period, x.payDate, x.amount, x.quantityC, x.holder);
            x.payment_id = r.payment_id;
            yield r;
            j++;
          }
        }
      }
    }
  }
}

function mergeSorted(byVillage: readonly (Entitlement[] | undefined)[], planned: readonly number[]): number[] {
  const out: number[] = [];
  const set = new Set(planned);
  for (let v = 0; v < byVillage.length; v++) if (byVillage[v]?.length || set.has(v)) out.push(v);
  for (const v of planned) if (v >= byVillage.length) out.push(v);
  return out.sort((a, b) => a - b);
}

/** The canonical records of every dataset. */
export function countyTables(model: CountyModel): CountyTables {
  const regions: Region[] = model.villages.map((v) => ({ town_code: model.towns[v.town]!.code, town_name: model.towns[v.town]!.name, village_code: v.code, village_name: v.name }));
  const departments: Department[] = DEPARTMENT_CATALOGUE.map((d) => ({ department_code: d.code, name: d.name }));
  const funds: Fund[] = model.funds.map((f) => ({
    fund_code: f.code,
    name: f.name,
    department_code: f.department,
    kind: f.kind,
    frequency: f.frequency,
    standard_amount: f.standard === null ? null : Math.round(f.standard * 100),
    max_amount: f.max === null ? null : Math.round(f.max * 100),
    unit_rate: f.unitRate === null ? null : Math.round(f.unitRate * 100),
    min_age: f.minAge,
    exclusive_group: f.group,
    max_age: f.maxAge ?? null,
  }));
  const persons: Person[] = model.people
    .filter((p) => p.registered)
    .sort((a, b) => a.ord - b.ord)
    .map((p) => {
      const v = model.villages[p.village]!;
      return {
        id_number: p.id,
        name: p.name,
        gender: p.gender,
        birth_date: p.birth,
        household_id: model.households[p.hh]!.hid,
        relation: p.rel,
        town_code: model.towns[v.town]!.code,
        village_code: v.code,
      };
    });
  const companies: Company[] = [];
  for (const c of model.companies) {
    for (const r of c.roles) {
      companies.push({
        company_id: c.company_id,
        company_name: c.name,
        id_number: model.people[r.person]!.id,
        role: r.role,
        registered_capital: c.capital,
        status: c.status,
        established_date: c.established,
      });
    }
  }
  const land_contracts: LandContract[] = model.land.map((l) => ({
    contract_no: l.contract_no,
    household_id: l.hidOverride ?? model.households[l.hh]!.hid,
    contractor_id_number: model.people[l.contractor]!.id,
    village_code: model.villages[l.village]!.code,
    area_mu: decimal(l.areaC),
  }));
  const collective_contracts: CollectiveContract[] = model.contracts.map((c) => ({
    contract_id: c.contract_id,
    village_code: model.villages[c.village]!.code,
    subject_type: c.subject,
    subject_desc: c.desc,
    area: c.areaC === null ? null : decimal(c.areaC),
    counterparty_name: c.cpName,
    counterparty_id_number: c.cpId,
    counterparty_company_id: c.cpCompany,
    start_date: c.start,
    end_date: c.end,
    annual_amount: c.annual,
    resolution_id: c.resolution,
  }));
  const collective_ledger: LedgerEntry[] = model.ledger.map((e) => ({
    voucher_id: e.voucher_id,
    village_code: model.villages[e.village]!.code,
    date: e.date,
    direction: e.direction,
    amount: e.amount,
    category: e.category,
    counterparty_name: e.cpName,
    counterparty_id_number: e.cpId,
    contract_id: e.contract?.contract_id ?? null,
    payment_method: e.method,
    resolution_id: e.resolution,
    summary: e.summary,
    voucher_no: e.voucher_no,
    counterparty_account: null,
    counterparty_account_type: null,
    counterparty_company_id: e.cpCompany ?? null,
  }));
  const collective_assets: CollectiveAsset[] = model.assets.map((a) => ({
    asset_id: a.asset_id,
    village_code: model.villages[a.village]!.code,
    asset_type: a.type,
    name: a.name,
    original_value: a.value,
    status: a.status,
    contract_id: a.danglingContractId ?? a.contract?.contract_id ?? null,
  }));
  const medical_settlements: MedicalSettlement[] = model.settlements.map((st) => {
    const p = model.people[st.person]!;
    return {
      settlement_id: st.settlement_id,
      id_number: p.id,
      name: p.name,
      hospital: st.hospital,
      admission_date: st.admission,
      discharge_date: st.discharge,
      settle_date: st.settle,
      total_cost: st.total,
      insurance_paid: st.insurance,
      aid_paid: st.aid,
    };
  });
  const pensions: Pension[] = model.pensions.map((x) => {
    const p = model.people[x.person]!;
    return { pension_id: x.pension_id, id_number: p.id, name: p.name, scheme: x.scheme, start_date: x.start, end_date: x.end, monthly_amount: x.monthly };
  });
  const household_moves: HouseholdMove[] = model.moves.map((mv) => {
    const p = model.people[mv.person]!;
    return {
      move_id: mv.move_id,
      id_number: p.id,
      name: p.name,
      move_type: mv.type,
      move_date: mv.date,
      village_code: model.villages[mv.village]!.code,
      household_id: mv.hh < 0 ? null : model.households[mv.hh]!.hid,
      place: mv.place,
    };
  });
  const byDate = <T>(key: (x: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    regions,
    departments,
    funds,
    persons,
    deaths: [...model.deaths].sort(byDate((d) => d.death_date + d.id_number)),
    incarcerations: [...model.incarcerations].sort(byDate((d) => d.start_date + d.id_number)),
    state_staff: [...model.staff].sort(byDate((d) => d.start_date + d.id_number)),
    vehicles: [...model.vehicles].sort(byDate((d) => d.registration_date + d.plate)),
    companies,
    disability_certs: [...model.certs].sort(byDate((d) => d.issue_date + d.id_number)),
    land_contracts,
    payments: { [Symbol.iterator]: () => paymentRecords(model) },
    cadres: [...model.cadres].sort(byDate((c) => c.village_code + c.term_start + c.id_number)),
    cadre_relatives: [...model.cadreRelatives].sort(byDate((r) => r.cadre_id_number + r.relative_id_number)),
    collective_contracts,
    collective_ledger,
    collective_assets,
    resolutions: [...model.resolutions].sort(byDate((r) => r.resolution_id)),
    medical_settlements,
    pensions,
    household_moves,
  };
}
