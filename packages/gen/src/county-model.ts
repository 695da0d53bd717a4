/**
 * The in-memory county the generator builds before writing it out: people, households,
 * villages, the status registers, fund entitlements and the village books. Internal; the
 * public output is the canonical datasets.
 */
import {
  addDays,
  addMonths,
  ageAt,
  daysInMonth,
  dateOfDayNumber,
  dayNumber,
} from '@sunshine/core';
import type {
  CadreRecord as Cadre,
  CadreRelativeRecord as CadreRelative,
  DeathRecord as Death,
  DisabilityCertRecord as DisabilityCert,
  IncarcerationRecord as Incarceration,
  ResolutionRecord,
  StateStaffRecord as StateStaff,
  VehicleRecord as Vehicle,
} from './canonical-records.js';
import { FUND_CATALOGUE, type FundSpec } from './fund-catalogue.js';
import { IdentifierFactory } from './identifier-factory.js';
import { NameFactory } from './name-factory.js';
import { hash32, Prng } from './prng.js';
import { isWorkingDay } from './is-working-day.js';

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'other';
export type HouseholdKind = 'normal' | 'poor' | 'tekun' | 'marginal';
export type BookKind = 'small' | 'big' | 'benford_case' | 'benford_near';

/** Person flags (bits). */
export const F_STAFF = 1;
export const F_CADRE = 2;
export const F_CADRE_REL = 4;
export const F_JAILED = 8;
export const F_PLANTED = 16;
export const F_VETERAN = 32;
export const F_COMPANY = 64;
export const F_RETIRED_STAFF = 128;

export interface Human {
  readonly no: number;
  readonly id: string;
  readonly name: string;
  readonly gender: 'M' | 'F';
  readonly birth: string;
  /** Household number, or -1 for someone outside the registry. */
  readonly hh: number;
  readonly rel: Relation;
  readonly village: number;
  readonly registered: boolean;
  /** Death date, if any. */
  dead: string | null;
  flags: number;
  /** Output order (assigned when the county is finalised). */
  ord: number;
}

export interface Household {
  readonly no: number;
  readonly village: number;
  readonly members: number[];
  head: number;
  kind: HouseholdKind;
  /** No member is staff, owns a car or truck, runs a company, is a cadre or a cadre's relative, or is in prison. */
  clean: boolean;
  planted: boolean;
  /** Contracted land in hundredths of a mu. */
  landC: number;
  hid: string;
}

export interface Town {
  readonly no: number;
  readonly code: string;
  readonly name: string;
  readonly villages: number[];
}

export interface Village {
  readonly no: number;
  readonly town: number;
  readonly code: string;
  readonly name: string;
  readonly households: number[];
  book: BookKind;
  /** Cadre person numbers currently in office (salary payees). */
  readonly cadres: number[];
}

/** A recurring (or one-off) payment right of one person from one fund. */
export interface Entitlement {
  readonly person: number;
  readonly fund: number;
  /** First and last month index (0–11) of payment. */
  start: number;
  end: number;
  /** Fen per payment. */
  amount: number;
  /** Hundredths of a mu, for land-based funds. */
  readonly quantityC: number | null;
  /** Person whose card receives the money. */
  holder: number;
}

/** A payment placed by hand (planted anomalies and their near misses). */
export interface PlannedPayment {
  readonly person: number;
  readonly fund: number;
  /** Month index of the payment batch it travels with. */
  readonly mi: number;
  readonly village: number;
  readonly period: string;
  readonly payDate: string;
  readonly amount: number;
  readonly quantityC: number | null;
  readonly holder: number;
  /** Assigned when the payments are emitted. */
  payment_id: string;
}

export interface ContractDraft {
  readonly village: number;
  readonly subject: 'land' | 'building' | 'pond' | 'forest' | 'equipment' | 'other';
  readonly desc: string;
  readonly areaC: number | null;
  readonly cpName: string;
  readonly cpId: string | null;
  readonly cpCompany: string | null;
  readonly start: string;
  readonly end: string;
  readonly annual: number;
  readonly resolution: string | null;
  contract_id: string;
}

export type LedgerCategory = 'contract_income' | 'subsidy_income' | 'salary' | 'construction' | 'hospitality' | 'office' | 'labor' | 'other';

export interface LedgerDraft {
  readonly village: number;
  readonly date: string;
  readonly direction: 'income' | 'expense';
  readonly amount: number;
  readonly category: LedgerCategory;
  readonly cpName: string;
  readonly cpId: string | null;
  readonly contract: ContractDraft | null;
  readonly method: 'cash' | 'transfer';
  readonly resolution: string | null;
  readonly summary: string;
  /** The market entity paid or paying, when the counterparty is a registered company. */
  readonly cpCompany?: string | null;
  /** Tie-break among entries of one day. */
  readonly tie: number;
  voucher_id: string;
  /** Number in the village's voucher sequence of the calendar year (assigned at the end). */
  voucher_no: number;
}

export interface AssetDraft {
  readonly village: number;
  readonly type: string;
  readonly name: string;
  readonly value: number;
  readonly status: 'in_use' | 'leased' | 'idle' | 'disposed';
  readonly contract: ContractDraft | null;
  /** A contract id that names no contract (planted). */
  readonly danglingContractId?: string;
  asset_id: string;
}

export interface LandContractDraft {
  readonly hh: number;
  /** Outsiders' land: the household code written as is. */
  readonly hidOverride?: string;
  readonly contractor: number;
  readonly village: number;
  readonly areaC: number;
  contract_no: string;
}

export interface CompanyDraft {
  readonly company_id: string;
  readonly name: string;
  readonly line: 'construction' | 'farming' | 'trade' | 'service';
  readonly status: 'active' | 'revoked' | 'cancelled';
  readonly capital: number;
  readonly established: string;
  /** Person numbers by role. */
  readonly roles: { person: number; role: 'legal_rep' | 'shareholder' | 'executive' }[];
  /** Counterparty use: village numbers where no cadre or relative is involved. */
  readonly home: number;
}

/** A basic pension entitlement (data-model-extensions.md, `pensions`). */
export interface PensionDraft {
  readonly person: number;
  readonly scheme: 'resident' | 'employee' | 'public_sector';
  readonly start: string;
  readonly end: string | null;
  /** Fen a month. */
  readonly monthly: number;
  /** Assigned when the county is finalised. */
  pension_id: string;
}

/** A move of a household registration into or out of a village (`household_moves`). */
export interface MoveDraft {
  readonly person: number;
  readonly type: 'in' | 'out';
  readonly date: string;
  readonly village: number;
  /** Household joined or left, or -1 for none. */
  readonly hh: number;
  /** Where from or where to, when outside the county. */
  readonly place: string | null;
  /** Assigned when the county is finalised. */
  move_id: string;
}

/** A settlement of a hospital stay or an outpatient visit (`medical_settlements`). */
export interface SettlementDraft {
  readonly person: number;
  readonly hospital: string;
  readonly admission: string;
  /** Null for an outpatient visit. */
  readonly discharge: string | null;
  readonly settle: string;
  /** Fen. */
  readonly total: number;
  readonly insurance: number;
  readonly aid: number;
  /** Assigned when the county is finalised. */
  settlement_id: string;
}

export interface CountyShape {
  readonly towns: number;
  readonly villages: number;
  /** Mean registered persons per village. */
  readonly meanPersons: number;
  /** Planting multiplier: how many cases of each variant. */
  readonly plant: number;
  readonly benfordCases: number;
  readonly benfordNearMisses: number;
}

const PAD = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The county being generated. */
export class CountyModel {
  readonly seed: number;
  readonly asOf: string;
  readonly shape: CountyShape;
  readonly ids: IdentifierFactory;
  readonly names: NameFactory;
  readonly funds: readonly FundSpec[] = FUND_CATALOGUE;
  readonly fundIndex = new Map<string, number>(FUND_CATALOGUE.map((f, i) => [f.code, i]));
  /** The 12 monthly periods covered by the payments, oldest first. */
  readonly months: readonly string[];

  readonly towns: Town[] = [];
  readonly villages: Village[] = [];
  readonly households: Household[] = [];
  readonly people: Human[] = [];

  readonly deaths: Death[] = [];
  readonly incarcerations: Incarceration[] = [];
  readonly staff: StateStaff[] = [];
  readonly vehicles: Vehicle[] = [];
  readonly companies: CompanyDraft[] = [];
  readonly certs: DisabilityCert[] = [];
  readonly land: LandContractDraft[] = [];
  readonly cadres: Cadre[] = [];
  readonly cadreRelatives: CadreRelative[] = [];
  readonly contracts: ContractDraft[] = [];
  readonly ledger: LedgerDraft[] = [];
  readonly assets: AssetDraft[] = [];
  readonly resolutions: ResolutionRecord[] = [];
  readonly pensions: PensionDraft[] = [];
  readonly moves: MoveDraft[] = [];
  readonly settlements: SettlementDraft[] = [];

  /** Entitlements by fund, then by village (sparse: villages without any are holes). */
  readonly ents: (Entitlement[] | undefined)[][];
  /** Planned payments by `mi|fund|village`. */
  readonly planned = new Map<string, PlannedPayment[]>();
  readonly #payDates = new Map<string, string>();
  readonly #namesByBirth = new Set<string>();
  #tie = 0;

  constructor(seed: number, asOf: string, shape: CountyShape) {
    this.seed = seed;
    this.asOf = asOf;
    this.shape = shape;
    this.ids = new IdentifierFactory(seed);
    this.names = new NameFactory(Prng.derive(seed, 'names'));
    const last = +asOf.slice(8, 10) >= 25 ? asOf.slice(0, 7) : addMonths(asOf.slice(0, 7), -1);
    this.months = Array.from({ length: 12 }, (_, i) => addMonths(last, i - 11));
    this.ents = FUND_CATALOGUE.map(() => []);
  }

  rng(...labels: readonly (string | number)[]): Prng {
    return Prng.derive(this.seed, ...labels);
  }

  nextTie(): number {
    return this.#tie++;
  }

  // ------------------------------------------------------------------ time

  get year(): number {
    return +this.months[11]!.slice(0, 4);
  }

  monthStart(mi: number): string {
    return `${this.months[mi]!}-01`;
  }

  monthEnd(mi: number): string {
    const m = this.months[mi]!;
    const end = `${m}-${PAD(daysInMonth(+m.slice(0, 4), +m.slice(5, 7)))}`;
    return end < this.asOf ? end : this.asOf;
  }

  get windowStart(): string {
    return this.monthStart(0);
  }

  /** A random date in month `mi`, never after asOf. */
  dateIn(mi: number, rng: Prng, minDay = 1, maxDay = 28): string {
    const d = `${this.months[mi]!}-${PAD(rng.int(minDay, maxDay))}`;
    return d < this.asOf ? d : this.asOf;
  }

  /** A random working day in month `mi` (never after asOf), or any day if none is found. */
  workdayIn(mi: number, rng: Prng, minDay = 1, maxDay = 28): string {
    for (let i = 0; i < 20; i++) {
      const d = this.dateIn(mi, rng, minDay, maxDay);
      if (isWorkingDay(d)) return d;
    }
    return this.dateIn(mi, rng, minDay, maxDay);
  }

  /** The first working day on or after day `day` of month `mi` (within the month, never after asOf). */
  workdayFrom(mi: number, day: number): string {
    for (let d = day; d <= 28; d++) {
      const date = `${this.months[mi]!}-${PAD(d)}`;
      if (date > this.asOf) break;
      if (isWorkingDay(date)) return date;
    }
    const date = `${this.months[mi]!}-${PAD(day)}`;
    return date < this.asOf ? date : this.asOf;
  }

  /** A random date between two dates (inclusive), skipping 29 February. */
  dateBetween(from: string, to: string, rng: Prng): string {
    const a = dayNumber(from);
    const b = dayNumber(to);
    const d = dateOfDayNumber(a + Math.floor(rng.float() * (b - a + 1)));
    return d.endsWith('-02-29') ? addDays(d, 1) : d;
  }

  /** Does fund `f` pay its regular batch in month `mi`? */
  paysIn(f: number, mi: number): boolean {
    const fund = this.funds[f]!;
    const month = +this.months[mi]!.slice(5, 7);
    switch (fund.frequency) {
      case 'monthly':
      case 'once':
        return fund.frequency === 'monthly' || fund.payMonth === undefined || fund.payMonth === month;
      case 'quarterly':
        return month % 3 === 1;
      case 'yearly':
        return month === (fund.payMonth ?? 6);
    }
  }

  /** The month index of a yearly (or single-batch once) fund's payment. */
  batchMonth(f: number): number {
    const fund = this.funds[f]!;
    const target = fund.payMonth ?? 6;
    return this.months.findIndex((m) => +m.slice(5, 7) === target);
  }

  /** The period a payment of fund `f` in month `mi` pays for. */
  periodOf(f: number, mi: number): string {
    const fund = this.funds[f]!;
    const m = this.months[mi]!;
    if (fund.frequency === 'monthly') return m;
    if (fund.frequency === 'quarterly') {
      const month = +m.slice(5, 7);
      return `${m.slice(0, 4)}-${PAD(month - ((month - 1) % 3))}`;
    }
    return m.slice(0, 4);
  }

  /** The pay date of a fund's batch for a town in month `mi` (day 5–24). */
  payDate(f: number, town: number, mi: number): string {
    const key = `${f}|${town}|${mi}`;
    let d = this.#payDates.get(key);
    if (d === undefined) {
      const day = 5 + (hash32(this.seed, 'pay', this.funds[f]!.code, town, this.months[mi]!) % 20);
      d = `${this.months[mi]!}-${PAD(day)}`;
      this.#payDates.set(key, d);
    }
    return d;
  }

  payDateFor(f: number, person: number, mi: number): string {
    return this.payDate(f, this.villages[this.people[person]!.village]!.town, mi);
  }

  age(person: number, at: string): number {
    return ageAt(this.people[person]!.birth, at);
  }

  // ------------------------------------------------------------------ people

  addPerson(p: Omit<Human, 'no' | 'ord' | 'dead' | 'flags' | 'id' | 'name'> & { id?: string; name?: string; surname?: string; prefix?: string }): Human {
    const no = this.people.length;
    const id = p.id ?? this.ids.idNumber(p.prefix ?? '371426', p.birth, p.gender);
    // Two people of one name, birth date and gender look like one person under two ID numbers: avoid it.
    let name = p.name ?? this.names.person(p.gender, +p.birth.slice(0, 4), p.surname);
    for (let i = 0; i < 20 && this.#namesByBirth.has(`${name}|${p.birth}|${p.gender}`); i++) name = this.names.person(p.gender, +p.birth.slice(0, 4), p.surname);
    this.#namesByBirth.add(`${name}|${p.birth}|${p.gender}`);
    const h: Human = { no, id, name, gender: p.gender, birth: p.birth, hh: p.hh, rel: p.rel, village: p.village, registered: p.registered, dead: null, flags: 0, ord: 0 };
    this.people.push(h);
    if (p.hh >= 0) this.households[p.hh]!.members.push(no);
    return h;
  }

  addHousehold(village: number, kind: HouseholdKind = 'normal'): Household {
    const h: Household = { no: this.households.length, village, members: [], head: -1, kind, clean: true, planted: false, landC: 0, hid: '' };
    this.households.push(h);
    this.villages[village]!.households.push(h.no);
    return h;
  }

  /** A birth date for someone of `age` at asOf. */
  birthFor(age: number, rng: Prng): string {
    const asOfDay = dayNumber(this.asOf);
    return dateOfDayNumber(asOfDay - Math.floor(age * 365.2425) - rng.int(0, 364));
  }

  // ------------------------------------------------------------------ payments

  addEntitlement(e: Entitlement): void {
    const v = this.people[e.person]!.village;
    const byVillage = this.ents[e.fund]!;
    (byVillage[v] ??= []).push(e);
  }

  addPlanned(p: Omit<PlannedPayment, 'payment_id'>): PlannedPayment {
    const pp: PlannedPayment = { ...p, payment_id: '' };
    const key = `${p.mi}|${p.fund}|${p.village}`;
    let list = this.planned.get(key);
    if (!list) this.planned.set(key, (list = []));
    list.push(pp);
    return pp;
  }

  /** Is `person` a household member of `other` (the person included)? */
  sameHousehold(a: number, b: number): boolean {
    if (a === b) return true;
    const ha = this.people[a]!.hh;
    return ha >= 0 && ha === this.people[b]!.hh;
  }
}
