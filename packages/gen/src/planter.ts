/**
 * Planted anomalies: for each of the 28 core models and the 9 library models over the extension
 * datasets (pensions, household moves, medical settlements), true cases a correct engine must
 * report and near misses it must not. Planted people live in households of their own, so each
 * case trips only the model it was planted for (and, where one implies another, the declared
 * side effect). The truth file itself comes from the reference checker (the 28 core models);
 * this list is what the tests hold the truth, and the library's extension models, against.
 */
import { addDays, addYears, formatMoney } from '@sunshine/core';
import { monthEndOf } from './build-pensions.js';
import { PLACES_AWAY } from './build-household-moves.js';
import { addCompany } from './build-status.js';
import { bookFreeExpense, bookInstallments, type VillageBooks } from './build-collective.js';
import {
  F_CADRE,
  F_CADRE_REL,
  F_PLANTED,
  type AssetDraft,
  type ContractDraft,
  type CountyModel,
  type Household,
  type HouseholdKind,
  type Human,
  type LedgerDraft,
  type MoveDraft,
  type PensionDraft,
  type PlannedPayment,
  type SettlementDraft,
  type Relation,
  type Village,
} from './county-model.js';
import type { CoreModelId } from './reference-check.js';
import type { Prng } from './prng.js';
import { isWorkingDay } from './is-working-day.js';

/**
 * The models of the standard library over the extension datasets of data-model-extensions.md
 * (`pensions`, `household_moves`, `medical_settlements`) that the generator plants cases for.
 * The truth file covers the 28 core models only; these are checked against `planted.json`.
 */
export const EXTENSION_MODEL_IDS = [
  'pension-after-death',
  'duplicate-basic-pension',
  'public-pension-on-assistance',
  'moved-out-payee',
  'cadre-kin-moved-in',
  'medical-settlement-after-death',
  'medical-double-settlement',
  'medical-aid-exceeds-cost',
  'medical-aid-without-settlement',
] as const;

export type ExtensionModelId = (typeof EXTENSION_MODEL_IDS)[number];
export type PlantedModelId = CoreModelId | ExtensionModelId;

/** One planted case or near miss and the keys it stands for. */
export interface PlantedItem {
  readonly rule: PlantedModelId;
  readonly kind: 'case' | 'near_miss';
  /** What was planted, in a sentence. */
  readonly note: string;
  /** The finding keys (resolved once ids are assigned). */
  readonly keys: () => readonly string[];
}

interface MemberSpec {
  rel: Relation;
  gender: 'M' | 'F';
  /** Age at asOf, or an exact birth date. */
  age?: number;
  birth?: string;
}

const MONTHLY_LOW = 2;
const MONTHLY_HIGH = 9;

/** Plants every case and near miss into the county. */
export class Planter {
  readonly items: PlantedItem[] = [];
  readonly #m: CountyModel;
  readonly #books: Map<number, VillageBooks>;
  readonly #rng: Prng;
  #villageTurn = 0;
  readonly #load = new Map<string, number>();

  constructor(model: CountyModel, books: Map<number, VillageBooks>) {
    this.#m = model;
    this.#books = books;
    this.#rng = model.rng('plant');
  }

  // ------------------------------------------------------------------ helpers

  #f(code: string): number {
    return this.#m.fundIndex.get(code)!;
  }

  #case(rule: PlantedModelId, note: string, keys: () => readonly string[]): void {
    this.items.push({ rule, kind: 'case', note, keys });
  }

  #near(rule: PlantedModelId, note: string, keys: () => readonly string[]): void {
    this.items.push({ rule, kind: 'near_miss', note, keys });
  }

  /**
   * Villages in turn. Plants that book expenses avoid Benford near-miss villages (whose count of
   * expenses is exact) and prefer villages with small books (not tested for Benford at all).
   */
  #village(opts: { books?: boolean } = {}): Village {
    let pool: readonly Village[] = this.#m.villages;
    if (opts.books) {
      const ok = pool.filter((v) => v.book !== 'benford_near');
      const small = ok.filter((v) => v.book === 'small');
      pool = small.length > 0 ? small : ok.length > 0 ? ok : pool;
    }
    return pool[this.#villageTurn++ % pool.length]!;
  }

  /** A month index for a payment pattern spanning `span` months, in the least loaded cell. */
  #month(village: number, fund: number, span = 1, lo = MONTHLY_LOW, hi = MONTHLY_HIGH): number {
    let best = lo;
    let bestLoad = Infinity;
    const start = this.#rng.int(lo, hi);
    for (let i = 0; i <= hi - lo; i++) {
      const mi = lo + ((start - lo + i) % (hi - lo + 1));
      let load = 0;
      for (let k = 0; k < span; k++) load += this.#load.get(`${village}|${fund}|${mi + k}`) ?? 0;
      if (load < bestLoad) {
        bestLoad = load;
        best = mi;
      }
    }
    for (let k = 0; k < span; k++) {
      const key = `${village}|${fund}|${best + k}`;
      this.#load.set(key, (this.#load.get(key) ?? 0) + 1);
    }
    return best;
  }

  /** A new household of the registry, planted (so no background builder touches it). */
  #household(village: number, members: readonly MemberSpec[], kind: HouseholdKind = 'normal'): { h: Household; people: Human[] } {
    const m = this.#m;
    const h = m.addHousehold(village, kind);
    h.planted = true;
    const surname = m.names.surname();
    const people: Human[] = [];
    for (const spec of members) {
      const birth = spec.birth ?? m.birthFor(spec.age ?? 40, this.#rng);
      const p = m.addPerson({
        hh: h.no,
        rel: spec.rel,
        village,
        registered: true,
        gender: spec.gender,
        birth,
        ...(spec.rel === 'head' || spec.rel === 'child' || (spec.rel === 'parent' && spec.gender === 'M') ? { surname } : {}),
      });
      p.flags |= F_PLANTED;
      if (spec.rel === 'head') h.head = p.no;
      people.push(p);
    }
    return { h, people };
  }

  #single(village: number, age: number, gender: 'M' | 'F' = 'M', kind: HouseholdKind = 'normal'): Human {
    return this.#household(village, [{ rel: 'head', gender, age }], kind).people[0]!;
  }

  #singleBorn(village: number, birth: string, gender: 'M' | 'F' = 'M'): Human {
    return this.#household(village, [{ rel: 'head', gender, birth }]).people[0]!;
  }

  #couple(village: number, age: number, kind: HouseholdKind = 'normal'): Human[] {
    return this.#household(village, [{ rel: 'head', gender: 'M', age }, { rel: 'spouse', gender: 'F', age: age - 2 }], kind).people;
  }

  #outsider(village: number, age: number, prefix = '371402'): Human {
    const m = this.#m;
    const p = m.addPerson({ hh: -1, rel: 'other', village, registered: false, gender: 'M', birth: m.birthFor(age, this.#rng), prefix });
    p.flags |= F_PLANTED;
    return p;
  }

  /** A planned payment of `person` from fund `code` in the batch of month `mi`. */
  #pay(person: Human, code: string, mi: number, opts: { amount?: number; period?: string; payDate?: string; quantityC?: number | null; holder?: Human } = {}): PlannedPayment {
    const m = this.#m;
    const f = this.#f(code);
    const fund = m.funds[f]!;
    return m.addPlanned({
      person: person.no,
      fund: f,
      mi,
      village: person.village,
      period: opts.period ?? m.periodOf(f, mi),
      payDate: opts.payDate ?? m.payDateFor(f, person.no, mi),
      amount: opts.amount ?? Math.round((fund.standard ?? fund.amount[0]) * 100),
      quantityC: opts.quantityC ?? null,
      holder: (opts.holder ?? person).no,
    });
  }

  /** A regular entitlement (clean months around a planted payment). */
  #ent(person: Human, code: string, start: number, end: number, opts: { amount?: number; holder?: Human } = {}): void {
    if (start > end || start > 11 || end < 0) return;
    const m = this.#m;
    const f = this.#f(code);
    const fund = m.funds[f]!;
    m.addEntitlement({
      person: person.no,
      fund: f,
      start: Math.max(0, start),
      end: Math.min(11, end),
      amount: opts.amount ?? Math.round((fund.standard ?? fund.amount[0]) * 100),
      quantityC: null,
      holder: (opts.holder ?? person).no,
    });
  }

  #payDate(person: Human, code: string, mi: number): string {
    return this.#m.payDateFor(this.#f(code), person.no, mi);
  }

  #die(p: Human, date: string): void {
    p.dead = date;
    this.#m.deaths.push({ id_number: p.id, name: p.name, death_date: date, source: '公安户籍注销' });
  }

  /** The current term start of a village's cadres. */
  #termStart(village: Village): string {
    const c = this.#m.cadres.find((x) => x.village_code === village.code && x.term_end === null);
    return c?.term_start ?? `${this.#m.year - 3}-01-15`;
  }

  /** A new cadre of `village` (living in `home`), with the given term. */
  #cadre(village: Village, home: number, termStart: string, termEnd: string | null, age = 48): Human {
    const p = this.#single(home, age);
    p.flags |= F_CADRE;
    this.#m.cadres.push({ id_number: p.id, name: p.name, village_code: village.code, position: 'member', term_start: termStart, term_end: termEnd });
    return p;
  }

  #relative(cadre: Human, rel: Human, relation: 'spouse' | 'parent' | 'child' | 'sibling' | 'in_law'): void {
    rel.flags |= F_CADRE_REL;
    this.#m.cadreRelatives.push({ cadre_id_number: cadre.id, relative_id_number: rel.id, relative_name: rel.name, relation });
  }

  #poor(village: number, age = 58): Human {
    return this.#single(village, age, 'M', 'poor');
  }

  #contract(books: VillageBooks, c: Omit<ContractDraft, 'village' | 'contract_id' | 'cpName' | 'cpId' | 'cpCompany'> & { party?: { name: string; id: string | null; company: string | null } }, install: { skip?: number; short?: number; onDue?: boolean } | false = {}): ContractDraft {
    const m = this.#m;
    const party = c.party ?? this.#party(books);
    const draft: ContractDraft = {
      village: books.village.no,
      subject: c.subject,
      desc: books.uniqueDesc(c.desc),
      areaC: c.areaC,
      cpName: party.name,
      cpId: party.id,
      cpCompany: party.company,
      start: c.start,
      end: c.end,
      annual: c.annual,
      resolution: c.resolution,
      contract_id: '',
    };
    m.contracts.push(draft);
    if (install !== false) {
      if (install.onDue) {
        const limit = draft.end < m.asOf ? draft.end : m.asOf;
        for (let k = 0; addYears(draft.start, k) <= limit; k++) {
          if (k === install.skip) continue;
          const amount = draft.annual - (k === 0 ? (install.short ?? 0) : 0);
          books.entry({ date: addYears(draft.start, k), direction: 'income', amount, category: 'contract_income', cpName: draft.cpName, cpId: draft.cpId, contract: draft, method: 'transfer', resolution: null, summary: `收取${draft.desc}承包费（第${k + 1}年）` });
        }
      } else bookInstallments(books, draft, this.#rng, install);
    }
    return draft;
  }

  /** A clean contract party: a planted villager with no cadre ties. */
  #party(books: VillageBooks): { name: string; id: string; company: null } {
    const p = this.#single(books.village.no, 45);
    return { name: p.name, id: p.id, company: null };
  }

  #expense(books: VillageBooks, e: { date: string; amount: number; cpName: string; cpId?: string | null; category?: LedgerDraft['category']; method?: 'cash' | 'transfer'; resolution?: string | null; summary?: string }): LedgerDraft {
    return books.entry({
      date: e.date,
      direction: 'expense',
      amount: e.amount,
      category: e.category ?? 'construction',
      cpName: e.cpName,
      cpId: e.cpId ?? null,
      contract: null,
      method: e.method ?? 'transfer',
      resolution: e.resolution ?? null,
      summary: e.summary ?? '支付工程款',
    });
  }

  /** A working day in months [lo, hi] such that each `offsets` day after it is a working day too. */
  #workday(lo: number, hi: number, offsets: readonly number[] = [], maxDay = 12): string {
    const m = this.#m;
    let d = m.dateIn(this.#rng.int(lo, hi), this.#rng, 1, maxDay);
    for (let i = 0; i < 60; i++) {
      if (isWorkingDay(d) && offsets.every((k) => isWorkingDay(addDays(d, k)))) return d;
      d = m.dateIn(this.#rng.int(lo, hi), this.#rng, 1, maxDay);
    }
    return d;
  }

  /** A counterparty name used nowhere else in the county. */
  #firm(village: Village): string {
    return this.#m.names.firm('construction', this.#m.towns[village.town]!.name);
  }

  #booksOf(village: Village): VillageBooks {
    return this.#books.get(village.no)!;
  }

  // ------------------------------------------------------------------ eligibility

  #deceased(): void {
    const m = this.#m;
    const v = this.#village();
    // Case: the pension keeps coming after a death on the last day before the period.
    {
      const p = this.#single(v.no, 74);
      const mi = this.#month(v.no, this.#f('RS01'), 2);
      this.#ent(p, 'RS01', 0, mi - 1, { amount: 20500 });
      this.#die(p, addDays(m.monthStart(mi), -1));
      const a = this.#pay(p, 'RS01', mi, { amount: 20500 });
      const b = this.#pay(p, 'RS01', mi + 1, { amount: 20500 });
      this.#case('deceased-payee', 'pension paid for the two periods after a death on the last day before the first of them', () => [a.payment_id, b.payment_id]);
    }
    // Case: a yearly fund paid for a year that started after the death.
    {
      const v2 = this.#village();
      const p = this.#single(v2.no, 68, 'F');
      const f = this.#f('WJ01');
      const mi = m.batchMonth(f);
      if (mi >= 0) {
        this.#die(p, addDays(`${m.periodOf(f, mi)}-01-01`, -1));
        const a = this.#pay(p, 'WJ01', mi);
        this.#case('deceased-payee', 'yearly family-planning award paid for a year that began the day after the death', () => [a.payment_id]);
      }
    }
    // Near miss: death on the first day of the period is not before the period start.
    {
      const p = this.#single(v.no, 81);
      const mi = this.#month(v.no, this.#f('RS01'));
      this.#ent(p, 'RS01', 0, mi - 1, { amount: 21500 });
      this.#die(p, m.monthStart(mi));
      const a = this.#pay(p, 'RS01', mi, { amount: 21500 });
      this.#near('deceased-payee', 'pension for the period whose first day is the day of death', () => [a.payment_id]);
    }
    // Near miss: a yearly fund paid after a death later in the same year.
    {
      const v2 = this.#village();
      const p = this.#single(v2.no, 71);
      const f = this.#f('WJ01');
      const mi = m.batchMonth(f);
      if (mi >= 0) {
        this.#die(p, `${m.periodOf(f, mi)}-01-01`);
        const a = this.#pay(p, 'WJ01', mi);
        this.#near('deceased-payee', 'yearly award for a year whose first day is the day of death', () => [a.payment_id]);
      }
    }
  }

  #incarcerated(): void {
    const m = this.#m;
    const v = this.#village();
    // Case: pensioner in prison from the first day of a period until after the next period began.
    {
      const p = this.#single(v.no, 63);
      const mi = this.#month(v.no, this.#f('RS01'), 2);
      this.#ent(p, 'RS01', 0, mi - 1);
      this.#ent(p, 'RS01', mi + 2, 11);
      m.incarcerations.push({ id_number: p.id, name: p.name, start_date: m.monthStart(mi), end_date: addDays(m.monthStart(mi + 1), 9) });
      const a = this.#pay(p, 'RS01', mi);
      const b = this.#pay(p, 'RS01', mi + 1);
      this.#case('incarcerated-payee', 'pension paid for two periods that start inside a prison term (term starts on the first period start)', () => [a.payment_id, b.payment_id]);
    }
    // Case: released on the first day of a period; that period is still covered.
    {
      const p = this.#poor(v.no, 44);
      const mi = this.#month(v.no, this.#f('MZ01'));
      m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addYears(m.monthStart(mi), -3), end_date: m.monthStart(mi) });
      const a = this.#pay(p, 'MZ01', mi, { amount: 55000 });
      this.#ent(p, 'MZ01', mi + 1, 11, { amount: 55000 });
      this.#case('incarcerated-payee', 'minimum living allowance for the period on whose first day the payee was released', () => [a.payment_id]);
    }
    // Near miss: a short term that starts the day after a period start and ends before the next.
    {
      const p = this.#single(v.no, 66);
      const mi = this.#month(v.no, this.#f('RS01'));
      this.#ent(p, 'RS01', 0, mi - 1);
      this.#ent(p, 'RS01', mi + 1, 11);
      m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addDays(m.monthStart(mi), 1), end_date: addDays(m.monthStart(mi), 20) });
      const a = this.#pay(p, 'RS01', mi);
      this.#near('incarcerated-payee', 'pension for a period whose first day is the day before a short prison term', () => [a.payment_id]);
    }
    // Near miss: released the day before the period start.
    {
      const p = this.#single(v.no, 64);
      const mi = this.#month(v.no, this.#f('RS01'));
      m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addYears(m.monthStart(mi), -2), end_date: addDays(m.monthStart(mi), -1) });
      const a = this.#pay(p, 'RS01', mi);
      this.#ent(p, 'RS01', mi + 1, 11);
      this.#near('incarcerated-payee', 'pension for the period that starts the day after release', () => [a.payment_id]);
    }
    // Near miss: a prisoner's household is paid a fund that is neither means-tested nor a pension.
    {
      const p = this.#single(v.no, 40);
      const f = this.#f('ZJ03');
      const mi = m.batchMonth(f);
      m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addYears(m.asOf, -2), end_date: null });
      if (mi >= 0) {
        const a = this.#pay(p, 'ZJ03', mi, { amount: 100000 });
        this.#near('incarcerated-payee', 'heating subsidy (kind other) paid to a serving prisoner', () => [a.payment_id]);
      }
    }
  }

  #stateStaff(): void {
    const m = this.#m;
    const v = this.#village();
    // Case: a son becomes state staff on a pay day and leaves on the next.
    {
      const [head, , son] = this.#household(v.no, [{ rel: 'head', gender: 'M', age: 56 }, { rel: 'spouse', gender: 'F', age: 54 }, { rel: 'child', gender: 'M', age: 27 }], 'poor').people;
      const mi = this.#month(v.no, this.#f('MZ01'), 2);
      this.#ent(head!, 'MZ01', 0, mi - 1, { amount: 120000 });
      this.#ent(head!, 'MZ01', mi + 2, 11, { amount: 120000 });
      m.staff.push({ id_number: son!.id, name: son!.name, employer: '县人民医院', start_date: this.#payDate(head!, 'MZ01', mi), end_date: this.#payDate(head!, 'MZ01', mi + 1) });
      const a = this.#pay(head!, 'MZ01', mi, { amount: 120000 });
      const b = this.#pay(head!, 'MZ01', mi + 1, { amount: 120000 });
      this.#case('state-staff-on-assistance', 'minimum living allowance while a son is on the state payroll (hired on the first pay day, left on the second)', () => [a.payment_id, b.payment_id]);
    }
    // Near miss: the spouse left the payroll the day before the household's first payment.
    {
      const [head, wife] = this.#couple(v.no, 52, 'poor');
      const mi = this.#month(v.no, this.#f('MZ01'));
      m.staff.push({ id_number: wife!.id, name: wife!.name, employer: `${m.towns[v.town]!.name}卫生院`, start_date: addYears(m.asOf, -15), end_date: addDays(this.#payDate(head!, 'MZ01', mi), -1) });
      const a = this.#pay(head!, 'MZ01', mi, { amount: 90000 });
      this.#ent(head!, 'MZ01', mi + 1, 11, { amount: 90000 });
      this.#near('state-staff-on-assistance', 'allowance starting the day after the spouse left the state payroll', () => [a.payment_id]);
    }
    // Near miss: state staff in another household of the same village.
    {
      const head = this.#poor(v.no, 60);
      const other = this.#single(v.no, 35);
      m.staff.push({ id_number: other.id, name: other.name, employer: `${m.towns[v.town]!.name}中心小学`, start_date: addYears(m.asOf, -10), end_date: null });
      const mi = this.#month(v.no, this.#f('MZ01'));
      this.#ent(head, 'MZ01', 0, mi - 1, { amount: 55000 });
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#ent(head, 'MZ01', mi + 1, 11, { amount: 55000 });
      this.#near('state-staff-on-assistance', 'allowance to a household whose neighbour (another household) is state staff', () => [a.payment_id]);
    }
  }

  #vehicle(): void {
    const m = this.#m;
    const v = this.#village();
    // Case: a car registered on a pay day and scrapped the day after the next pay day.
    {
      const [head] = this.#couple(v.no, 50, 'poor');
      const mi = this.#month(v.no, this.#f('MZ01'), 2);
      this.#ent(head!, 'MZ01', 0, mi - 1, { amount: 80000 });
      this.#ent(head!, 'MZ01', mi + 2, 11, { amount: 80000 });
      m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: head!.id, vehicle_type: 'car', registration_date: this.#payDate(head!, 'MZ01', mi), deregistration_date: addDays(this.#payDate(head!, 'MZ01', mi + 1), 1) });
      const a = this.#pay(head!, 'MZ01', mi, { amount: 80000 });
      const b = this.#pay(head!, 'MZ01', mi + 1, { amount: 80000 });
      this.#case('vehicle-owner-on-assistance', 'allowance while the head owns a car (registered on the first pay day)', () => [a.payment_id, b.payment_id]);
    }
    // Case: the spouse owns a truck.
    {
      const [head, wife] = this.#couple(v.no, 47, 'poor');
      const mi = this.#month(v.no, this.#f('MZ01'));
      m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: wife!.id, vehicle_type: 'truck', registration_date: addYears(m.asOf, -4), deregistration_date: null });
      const a = this.#pay(head!, 'MZ01', mi, { amount: 70000 });
      this.#case('vehicle-owner-on-assistance', "allowance to a household whose spouse owns a truck", () => [a.payment_id]);
    }
    // Near miss: the car was deregistered on the pay day.
    {
      const [head] = this.#couple(v.no, 62, 'poor');
      const mi = this.#month(v.no, this.#f('MZ01'));
      m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: head!.id, vehicle_type: 'car', registration_date: addYears(m.asOf, -9), deregistration_date: this.#payDate(head!, 'MZ01', mi) });
      const a = this.#pay(head!, 'MZ01', mi, { amount: 75000 });
      this.#ent(head!, 'MZ01', mi + 1, 11, { amount: 75000 });
      this.#near('vehicle-owner-on-assistance', 'allowance paid on the day the household car was deregistered', () => [a.payment_id]);
    }
    // Near miss: a motorcycle and a tractor.
    {
      const [head] = this.#couple(v.no, 58, 'poor');
      const mi = this.#month(v.no, this.#f('MZ01'));
      m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: head!.id, vehicle_type: 'motorcycle', registration_date: addYears(m.asOf, -3), deregistration_date: null });
      m.vehicles.push({ plate: m.ids.plate(true), owner_id_number: head!.id, vehicle_type: 'tractor', registration_date: addYears(m.asOf, -6), deregistration_date: null });
      this.#ent(head!, 'MZ01', 0, mi - 1, { amount: 60000 });
      const a = this.#pay(head!, 'MZ01', mi, { amount: 60000 });
      this.#ent(head!, 'MZ01', mi + 1, 11, { amount: 60000 });
      this.#near('vehicle-owner-on-assistance', 'allowance to a household owning a motorcycle and a tractor', () => [a.payment_id]);
    }
  }

  #company(): void {
    const m = this.#m;
    const v = this.#village();
    // Case: the head becomes legal representative of a company on a pay day.
    {
      const head = this.#poor(v.no, 45);
      const mi = this.#month(v.no, this.#f('MZ01'));
      this.#ent(head, 'MZ01', 0, mi - 1, { amount: 55000 });
      addCompany(m, this.#rng, head, { line: 'trade', status: 'active', established: this.#payDate(head, 'MZ01', mi) });
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#case('company-owner-on-assistance', 'allowance paid on the day the head registered a company as its legal representative', () => [a.payment_id]);
    }
    // Case: the spouse is a shareholder of an active company with zero registered capital.
    {
      const [head, wife] = this.#couple(v.no, 51, 'poor');
      const mi = this.#month(v.no, this.#f('MZ01'));
      const other = this.#single(v.no, 40);
      const c = addCompany(m, this.#rng, other, { line: 'farming', status: 'active', established: addYears(m.asOf, -5), capital: 0 });
      c.roles.push({ person: wife!.no, role: 'shareholder' });
      const a = this.#pay(head!, 'MZ01', mi, { amount: 80000 });
      this.#case('company-owner-on-assistance', 'allowance to a household whose spouse is a shareholder of an active company (registered capital 0.00 ≥ minCapital 0)', () => [a.payment_id]);
    }
    // Near misses: executive role; revoked company; company established the day after payment.
    {
      const head = this.#poor(v.no, 50);
      const owner = this.#single(v.no, 42);
      const c = addCompany(m, this.#rng, owner, { line: 'service', status: 'active', established: addYears(m.asOf, -6) });
      c.roles.push({ person: head.no, role: 'executive' });
      const mi = this.#month(v.no, this.#f('MZ01'));
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#near('company-owner-on-assistance', 'allowance to an executive (not owner) of an active company', () => [a.payment_id]);
    }
    {
      const head = this.#poor(v.no, 49);
      addCompany(m, this.#rng, head, { line: 'trade', status: 'revoked', established: addYears(m.asOf, -8) });
      const mi = this.#month(v.no, this.#f('MZ01'));
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#near('company-owner-on-assistance', 'allowance to the legal representative of a revoked company', () => [a.payment_id]);
    }
    {
      const head = this.#poor(v.no, 46);
      const mi = this.#month(v.no, this.#f('MZ01'));
      this.#ent(head, 'MZ01', 0, mi - 1, { amount: 55000 });
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      addCompany(m, this.#rng, head, { line: 'trade', status: 'active', established: addDays(this.#payDate(head, 'MZ01', mi), 1) });
      this.#near('company-owner-on-assistance', 'last allowance paid the day before the head registered a company', () => [a.payment_id]);
    }
  }

  #underAge(): void {
    const m = this.#m;
    const v = this.#village();
    const rs01 = this.#f('RS01');
    // Case: pension paid the day before the 60th birthday.
    {
      const mi = this.#month(v.no, rs01);
      const pay = m.payDate(rs01, v.town, mi);
      const p = this.#singleBorn(v.no, addYears(addDays(pay, 1), -60));
      const a = this.#pay(p, 'RS01', mi);
      this.#ent(p, 'RS01', mi + 1, 11);
      this.#case('under-age-payee', 'first pension paid the day before the 60th birthday', () => [a.payment_id]);
    }
    // Case: the 80–89 allowance one day early.
    {
      const f = this.#f('MZ08');
      const quarters = [...Array(12).keys()].filter((i) => m.paysIn(f, i) && i >= 1);
      const mi = quarters[0];
      if (mi !== undefined) {
        const pay = m.payDate(f, v.town, mi);
        const p = this.#singleBorn(v.no, addYears(addDays(pay, 1), -80), 'F');
        this.#ent(p, 'RS01', 0, 11, { amount: 21500 });
        const a = this.#pay(p, 'MZ08', mi, { amount: 30000 });
        this.#ent(p, 'MZ08', mi + 1, 11, { amount: 30000 });
        this.#case('under-age-payee', '80–89 allowance paid the day before the 80th birthday', () => [a.payment_id]);
      }
    }
    // Case: someone outside the registry (age from the ID number) drawing a pension at 45.
    {
      const p = this.#outsider(v.no, 45);
      const mi = this.#month(v.no, rs01);
      const a = this.#pay(p, 'RS01', mi);
      this.#case('under-age-payee', 'pension to a 45-year-old outside the registry (age from the ID number)', () => [a.payment_id]);
    }
    // Near miss: first pension paid on the 60th birthday.
    {
      const mi = this.#month(v.no, rs01);
      const pay = m.payDate(rs01, v.town, mi);
      const p = this.#singleBorn(v.no, addYears(pay, -60));
      const a = this.#pay(p, 'RS01', mi);
      this.#ent(p, 'RS01', mi + 1, 11);
      this.#near('under-age-payee', 'first pension paid on the 60th birthday', () => [a.payment_id]);
    }
    // Near miss: yearly award with min_age 60 paid on the 60th birthday.
    {
      const f = this.#f('WJ01');
      const mi = m.batchMonth(f);
      if (mi >= 0) {
        const pay = m.payDate(f, v.town, mi);
        const p = this.#singleBorn(v.no, addYears(pay, -60), 'F');
        const a = this.#pay(p, 'WJ01', mi);
        this.#near('under-age-payee', 'yearly award (min_age 60) paid on the 60th birthday', () => [a.payment_id]);
      }
    }
  }

  #disability(): void {
    const m = this.#m;
    const v = this.#village();
    const f12 = this.#f('MZ12');
    // Case: certificate revoked on the pay day.
    {
      const p = this.#single(v.no, 57);
      const mi = this.#month(v.no, f12);
      m.certs.push({ id_number: p.id, level: 2, category: '肢体', issue_date: addYears(m.asOf, -7), revoke_date: this.#payDate(p, 'MZ12', mi) });
      this.#ent(p, 'MZ12', 0, mi - 1);
      const a = this.#pay(p, 'MZ12', mi);
      this.#case('uncertified-disability-payee', 'care subsidy paid on the day the disability certificate was revoked', () => [a.payment_id]);
    }
    // Case: no certificate at all.
    {
      const p = this.#single(v.no, 39, 'F');
      const mi = this.#month(v.no, this.#f('MZ11'), 2);
      const a = this.#pay(p, 'MZ11', mi);
      const b = this.#pay(p, 'MZ11', mi + 1);
      this.#case('uncertified-disability-payee', 'disability living subsidy to someone with no certificate', () => [a.payment_id, b.payment_id]);
    }
    // Near misses: issued on the pay day; revoked the day after; an old revoked and a new valid certificate.
    {
      const p = this.#single(v.no, 62);
      const mi = this.#month(v.no, f12);
      m.certs.push({ id_number: p.id, level: 1, category: '视力', issue_date: this.#payDate(p, 'MZ12', mi), revoke_date: null });
      const a = this.#pay(p, 'MZ12', mi, { amount: 14000 });
      this.#ent(p, 'MZ12', mi + 1, 11, { amount: 14000 });
      this.#near('uncertified-disability-payee', 'care subsidy paid on the day the certificate was issued', () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 45, 'F');
      const mi = this.#month(v.no, f12);
      m.certs.push({ id_number: p.id, level: 2, category: '智力', issue_date: addYears(m.asOf, -5), revoke_date: addDays(this.#payDate(p, 'MZ12', mi), 1) });
      this.#ent(p, 'MZ12', 0, mi - 1);
      const a = this.#pay(p, 'MZ12', mi);
      this.#near('uncertified-disability-payee', 'last care subsidy paid the day before the certificate was revoked', () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 70);
      const mi = this.#month(v.no, f12);
      const reissued = addYears(m.asOf, -2);
      m.certs.push({ id_number: p.id, level: 3, category: '肢体', issue_date: addYears(m.asOf, -9), revoke_date: reissued });
      m.certs.push({ id_number: p.id, level: 2, category: '肢体', issue_date: reissued, revoke_date: null });
      this.#ent(p, 'MZ12', 0, mi - 1);
      const a = this.#pay(p, 'MZ12', mi);
      this.#ent(p, 'MZ12', mi + 1, 11);
      this.#near('uncertified-disability-payee', 'care subsidy with an old revoked certificate and a valid re-issued one', () => [a.payment_id]);
    }
  }

  // ------------------------------------------------------------------ duplicate

  #duplicate(): void {
    const m = this.#m;
    const v = this.#village();
    const rs01 = this.#f('RS01');
    // Case: the same month's pension paid twice.
    {
      const p = this.#single(v.no, 69, 'F');
      const mi = this.#month(v.no, rs01);
      this.#ent(p, 'RS01', 0, 11, { amount: 20500 });
      this.#pay(p, 'RS01', mi, { amount: 20500, payDate: addDays(m.payDate(rs01, v.town, mi), 3) });
      this.#case('duplicate-payment', 'pension for one period paid twice, three days apart', () => [`${p.id}|RS01|${m.months[mi]!}`]);
    }
    // Case: the yearly land subsidy paid twice.
    {
      const p = this.#household(v.no, [{ rel: 'head', gender: 'M', age: 55 }, { rel: 'spouse', gender: 'F', age: 53 }]).people[0]!;
      const f = this.#f('NY01');
      const mi = m.batchMonth(f);
      if (mi >= 0) {
        this.#land(p, [650]);
        this.#pay(p, 'NY01', mi, { amount: 81250, quantityC: 650 });
        this.#pay(p, 'NY01', mi, { amount: 81250, quantityC: 650 });
        this.#case('duplicate-payment', 'yearly cultivated-land subsidy paid twice in one batch', () => [`${p.id}|NY01|${m.periodOf(f, mi)}`]);
      }
    }
    // Near miss: back pay for a missed month, paid with the next month's batch.
    {
      const p = this.#single(v.no, 72);
      const mi = this.#month(v.no, rs01, 2, 3, 9);
      this.#ent(p, 'RS01', 0, mi - 2, { amount: 20500 });
      this.#ent(p, 'RS01', mi, 11, { amount: 20500 });
      this.#pay(p, 'RS01', mi, { amount: 20500, period: m.months[mi - 1]! });
      this.#near('duplicate-payment', 'back pay of a missed month, paid in the next month (periods differ)', () => [`${p.id}|RS01|${m.months[mi - 1]!}`, `${p.id}|RS01|${m.months[mi]!}`]);
    }
    // Near miss: two different funds with no exclusive group, same person and period.
    {
      const p = this.#single(v.no, 66);
      this.#ent(p, 'RS01', 0, 11, { amount: 20500 });
      this.#ent(p, 'RS02', 0, 11);
      this.#near('duplicate-payment', 'basic pension and land-loss pension in the same periods (different funds)', () => [`${p.id}|RS01|${m.months[5]!}`, `${p.id}|RS02|${m.months[5]!}`]);
    }
  }

  #exclusive(): void {
    const m = this.#m;
    const v = this.#village();
    // Case: minimum living allowance and destitute support for the same month.
    {
      const p = this.#poor(v.no, 71);
      const mi = this.#month(v.no, this.#f('MZ02'));
      this.#ent(p, 'MZ01', 0, 11, { amount: 55000 });
      this.#pay(p, 'MZ02', mi, { amount: 71500 });
      this.#case('exclusive-benefits', 'minimum living allowance and destitute support for the same month', () => [`${p.id}|基本生活救助|${m.months[mi]!}`]);
    }
    // Case and near miss around a 90th birthday: quarterly 80–89 and monthly 90–99 allowances.
    const f08 = this.#f('MZ08');
    const quarters = [...Array(12).keys()].filter((i) => m.paysIn(f08, i) && i >= 1 && i <= 9);
    if (quarters.length > 0) {
      const q = quarters[0]!;
      // Case: the 90–99 allowance starts in the quarter's first month and the quarterly one is paid too.
      {
        const p = this.#singleBorn(v.no, addYears(addDays(m.monthStart(q), -3), -90), 'F');
        this.#ent(p, 'RS01', 0, 11, { amount: 21500 });
        this.#ent(p, 'MZ08', 0, q - 1, { amount: 30000 });
        this.#ent(p, 'MZ09', q, 11, { amount: 20000 });
        this.#pay(p, 'MZ08', q, { amount: 30000 });
        this.#case('exclusive-benefits', '80–89 quarterly allowance and 90–99 monthly allowance for the same period after a 90th birthday', () => [`${p.id}|高龄津贴|${m.months[q]!}`]);
      }
      // Near miss: 90th birthday late in the quarter's first month; the monthly allowance starts the month after.
      {
        const p = this.#singleBorn(v.no, addYears(`${m.months[q]!}-27`, -90));
        this.#ent(p, 'RS01', 0, 11, { amount: 21500 });
        this.#ent(p, 'MZ08', 0, q, { amount: 30000 });
        this.#ent(p, 'MZ09', q + 1, 11, { amount: 20000 });
        this.#near('exclusive-benefits', 'quarterly 80–89 allowance for the quarter of the 90th birthday, monthly 90–99 allowance from the next month', () => [`${p.id}|高龄津贴|${m.months[q]!}`, `${p.id}|高龄津贴|${m.months[q + 1]!}`]);
      }
    }
    // Near miss: switched from the allowance to destitute support mid-year.
    {
      const p = this.#poor(v.no, 77);
      const mi = this.#month(v.no, this.#f('MZ02'));
      this.#ent(p, 'MZ01', 0, mi - 1, { amount: 55000 });
      this.#ent(p, 'MZ02', mi, 11, { amount: 71500 });
      this.#near('exclusive-benefits', 'moved from the minimum living allowance to destitute support (consecutive months)', () => [`${p.id}|基本生活救助|${m.months[mi - 1]!}`, `${p.id}|基本生活救助|${m.months[mi]!}`]);
    }
  }

  // ------------------------------------------------------------------ standard

  #land(p: Human, parts: readonly number[]): void {
    const m = this.#m;
    for (const areaC of parts) m.land.push({ hh: p.hh, contractor: p.no, village: p.village, areaC, contract_no: '' });
    if (p.hh >= 0) m.households[p.hh]!.landC += parts.reduce((a, b) => a + b, 0);
  }

  #outsiderLand(p: Human, parts: readonly number[]): void {
    const m = this.#m;
    const code = `${m.villages[p.village]!.code}9${String(m.land.length % 1000).padStart(3, '0')}`;
    for (const areaC of parts) m.land.push({ hh: -1, hidOverride: code, contractor: p.no, village: p.village, areaC, contract_no: '' });
  }

  #overMax(): void {
    const v = this.#village();
    {
      const p = this.#single(v.no, 67);
      const mi = this.#month(v.no, this.#f('RS01'));
      this.#ent(p, 'RS01', 0, mi - 1, { amount: 20500 });
      const a = this.#pay(p, 'RS01', mi, { amount: 25001 });
      this.#ent(p, 'RS01', mi + 1, 11, { amount: 20500 });
      this.#case('over-max-amount', 'pension of 250.01 against a maximum of 250.00', () => [a.payment_id]);
    }
    {
      const p = this.#poor(v.no, 55);
      const mi = this.#month(v.no, this.#f('MZ01'));
      const a = this.#pay(p, 'MZ01', mi, { amount: 660000 });
      this.#case('over-max-amount', 'minimum living allowance of 6600.00 against a maximum of 3300.00', () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 68);
      const mi = this.#month(v.no, this.#f('RS01'));
      const a = this.#pay(p, 'RS01', mi, { amount: 25000 });
      this.#ent(p, 'RS01', mi + 1, 11, { amount: 20500 });
      this.#near('over-max-amount', 'pension of exactly the maximum 250.00', () => [a.payment_id]);
    }
    {
      const p = this.#poor(v.no, 73);
      const mi = this.#month(v.no, this.#f('MZ01'));
      const a = this.#pay(p, 'MZ01', mi, { amount: 330000 });
      this.#near('over-max-amount', 'minimum living allowance of exactly the maximum 3300.00', () => [a.payment_id]);
    }
  }

  #landArea(): void {
    const m = this.#m;
    const v = this.#village();
    const f = this.#f('NY01');
    const mi = m.batchMonth(f);
    if (mi < 0) return;
    const family = (): Human => this.#household(v.no, [{ rel: 'head', gender: 'M', age: 52 }, { rel: 'spouse', gender: 'F', age: 50 }, { rel: 'child', gender: 'M', age: 24 }]).people[0]!;
    {
      const p = family();
      this.#land(p, [1250, 750]);
      const a = this.#pay(p, 'NY01', mi, { quantityC: 2101, amount: 262625 });
      this.#case('land-subsidy-over-area', '21.01 mu claimed on 20.00 mu of contracted land (limit 21.00)', () => [a.payment_id]);
    }
    {
      const p = this.#outsider(v.no, 50);
      const a = this.#pay(p, 'NY01', mi, { quantityC: 500, amount: 62500 });
      this.#case('land-subsidy-over-area', '5.00 mu claimed by someone outside the registry with no contracted land', () => [a.payment_id]);
    }
    {
      const p = family();
      this.#land(p, [1250, 750]);
      const a = this.#pay(p, 'NY01', mi, { quantityC: 2100, amount: 262500 });
      this.#near('land-subsidy-over-area', '21.00 mu claimed on 20.00 mu (exactly the 5% tolerance)', () => [a.payment_id]);
    }
    {
      const p = this.#outsider(v.no, 58);
      this.#outsiderLand(p, [640]);
      const a = this.#pay(p, 'NY01', mi, { quantityC: 640, amount: 80000 });
      this.#near('land-subsidy-over-area', 'someone outside the registry claiming exactly the 6.40 mu contracted in their own name', () => [a.payment_id]);
    }
    {
      const p = family();
      const f5 = this.#f('NY05');
      const m5 = m.batchMonth(f5);
      if (m5 >= 0) {
        const a = m.addPlanned({ person: p.no, fund: f5, mi: m5, village: p.village, period: m.periodOf(f5, m5), payDate: m.payDateFor(f5, p.no, m5), amount: 500000, quantityC: null, holder: p.no });
        this.#near('land-subsidy-over-area', 'land-based scale subsidy with no quantity (household without contracted land)', () => [a.payment_id]);
      }
    }
  }

  #landRate(): void {
    const m = this.#m;
    const v = this.#village();
    const f = this.#f('NY01');
    const mi = m.batchMonth(f);
    if (mi < 0) return;
    const family = (): Human => {
      const p = this.#couple(v.no, 49)[0]!;
      this.#land(p, [800]);
      return p;
    };
    {
      const p = family();
      const a = this.#pay(p, 'NY01', mi, { quantityC: 800, amount: 100101 });
      this.#case('land-subsidy-rate-mismatch', '1001.01 paid for 8.00 mu at 125.00 (1.01 too much)', () => [a.payment_id]);
    }
    {
      const p = family();
      const a = this.#pay(p, 'NY01', mi, { quantityC: 800, amount: 90000 });
      this.#case('land-subsidy-rate-mismatch', '900.00 paid for 8.00 mu at 125.00', () => [a.payment_id]);
    }
    {
      const p = family();
      const a = this.#pay(p, 'NY01', mi, { quantityC: 800, amount: 100100 });
      this.#near('land-subsidy-rate-mismatch', '1001.00 paid for 8.00 mu at 125.00 (exactly the 1.00 tolerance)', () => [a.payment_id]);
    }
    {
      const p = family();
      const f2 = this.#f('NY02');
      const m2 = m.batchMonth(f2);
      if (m2 >= 0) {
        const a = this.#pay(p, 'NY02', m2, { quantityC: 800, amount: 11900 });
        this.#near('land-subsidy-rate-mismatch', '119.00 paid for 8.00 mu at 15.00 (1.00 short)', () => [a.payment_id]);
      }
    }
    {
      const p = family();
      const f5 = this.#f('NY05');
      const m5 = m.batchMonth(f5);
      if (m5 >= 0) {
        const a = this.#pay(p, 'NY05', m5, { quantityC: 800, amount: 500000 });
        this.#near('land-subsidy-rate-mismatch', 'scale subsidy (no unit rate) of 5000.00 for 8.00 mu', () => [a.payment_id]);
      }
    }
  }

  // ------------------------------------------------------------------ payment

  #otherAccount(): void {
    const v = this.#village();
    const rs01 = this.#f('RS01');
    {
      const p = this.#single(v.no, 75);
      const stranger = this.#single(v.no, 44);
      const mi = this.#month(v.no, rs01);
      this.#ent(p, 'RS01', 0, mi - 1, { amount: 21500 });
      const a = this.#pay(p, 'RS01', mi, { amount: 21500, holder: stranger });
      this.#ent(p, 'RS01', mi + 1, 11, { amount: 21500 });
      this.#case('paid-to-other-account', "pension paid into the card of an unrelated villager", () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 79, 'F');
      const outsider = this.#outsider(v.no, 38, '371481');
      const mi = this.#month(v.no, rs01);
      const a = this.#pay(p, 'RS01', mi, { amount: 21500, holder: outsider });
      this.#ent(p, 'RS01', mi + 1, 11, { amount: 21500 });
      this.#case('paid-to-other-account', 'pension paid into the card of someone outside the registry', () => [a.payment_id]);
    }
    {
      const [head, wife] = this.#couple(v.no, 70);
      const mi = this.#month(v.no, rs01);
      this.#ent(head!, 'RS01', 0, 11, { amount: 20500 });
      const a = this.#pay(wife!, 'RS01', mi, { amount: 20500, holder: head! });
      this.#ent(wife!, 'RS01', mi + 1, 11, { amount: 20500, holder: head! });
      this.#near('paid-to-other-account', "pension paid into the husband's card (same household)", () => [a.payment_id]);
    }
    {
      const p = this.#outsider(v.no, 64, '371425');
      const mi = this.#month(v.no, rs01);
      const a = this.#pay(p, 'RS01', mi, { amount: 20000 });
      this.#near('paid-to-other-account', 'payee outside the registry paid into their own card', () => [a.payment_id]);
    }
  }

  #sharedAccount(): void {
    const m = this.#m;
    const v = this.#village();
    const rs01 = this.#f('RS01');
    {
      const [x, y] = this.#couple(v.no, 68);
      const z = this.#single(v.no, 74);
      const mi = this.#month(v.no, rs01);
      this.#ent(x!, 'RS01', 0, 11, { amount: 20500 });
      this.#ent(y!, 'RS01', 0, 11, { amount: 20500, holder: x! });
      this.#ent(z, 'RS01', 0, mi - 1, { amount: 20500 });
      const a = this.#pay(z, 'RS01', mi, { amount: 20500, holder: x! });
      this.#ent(z, 'RS01', mi + 1, 11, { amount: 20500 });
      this.#case('shared-account', 'one card receiving the pensions of a couple and of a neighbour (3 people, 2 households)', () => [m.ids.bankAccount(x!.no)]);
      this.#case('paid-to-other-account', "side effect of the shared card: the neighbour's pension in the couple's card", () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 66);
      const q = this.#single(v.no, 69, 'F');
      const mi = this.#month(v.no, rs01);
      this.#ent(p, 'RS01', 0, 11, { amount: 20500 });
      this.#ent(q, 'RS01', 0, mi - 1, { amount: 20500 });
      const a = this.#pay(q, 'RS01', mi, { amount: 20500, holder: p });
      this.#ent(q, 'RS01', mi + 1, 11, { amount: 20500 });
      this.#near('shared-account', 'one card receiving payments for two people of different households (2 < 3)', () => [m.ids.bankAccount(p.no)]);
      this.#case('paid-to-other-account', 'side effect of the two-person card near miss', () => [a.payment_id]);
    }
    {
      const { people } = this.#household(v.no, [
        { rel: 'head', gender: 'M', age: 67 },
        { rel: 'spouse', gender: 'F', age: 65 },
        { rel: 'parent', gender: 'F', age: 88 },
        { rel: 'child', gender: 'M', age: 41 },
      ]);
      const [head, wife, mother, son] = people;
      this.#ent(head!, 'RS01', 0, 11, { amount: 20500 });
      this.#ent(wife!, 'RS01', 0, 11, { amount: 20500, holder: head! });
      this.#ent(mother!, 'RS01', 0, 11, { amount: 21500, holder: head! });
      this.#ent(mother!, 'MZ08', 0, 11, { amount: 30000, holder: head! });
      this.#ent(son!, 'RS05', 0, 11, { amount: 80000, holder: head! });
      this.#near('shared-account', 'one card receiving payments for four people of one household', () => [m.ids.bankAccount(head!.no)]);
    }
  }

  // ------------------------------------------------------------------ cadre

  #cadreOnAssistance(): void {
    const m = this.#m;
    const v = this.#village();
    const term = this.#termStart(v);
    const mz01 = this.#f('MZ01');
    {
      const k = this.#cadre(v, v.no, term, null);
      const mi = this.#month(v.no, mz01);
      const a = this.#pay(k, 'MZ01', mi, { amount: 55000 });
      this.#case('cadre-on-assistance', 'a sitting village cadre drawing the minimum living allowance', () => [a.payment_id]);
    }
    {
      const mi = this.#month(v.no, mz01);
      const pay = m.payDate(mz01, v.town, mi);
      const k = this.#cadre(v, v.no, term, pay);
      const a = this.#pay(k, 'MZ01', mi, { amount: 55000 });
      this.#case('cadre-on-assistance', 'allowance paid on the last day of a cadre’s term', () => [a.payment_id]);
    }
    const other = this.#m.villages.find((x) => x.no !== v.no);
    if (other) {
      const k = this.#cadre(other, v.no, this.#termStart(other), null);
      const mi = this.#month(v.no, mz01);
      const a = this.#pay(k, 'MZ01', mi, { amount: 55000 });
      this.#case('cadre-on-assistance', 'allowance in one village to a sitting cadre of another village', () => [a.payment_id]);
    }
    {
      const mi = this.#month(v.no, mz01);
      const pay = m.payDate(mz01, v.town, mi);
      const k = this.#cadre(v, v.no, addYears(term, -5), addDays(pay, -1));
      const a = this.#pay(k, 'MZ01', mi, { amount: 55000 });
      this.#ent(k, 'MZ01', mi + 1, 11, { amount: 55000 });
      this.#near('cadre-on-assistance', 'allowance paid the day after a cadre’s term ended', () => [a.payment_id]);
    }
    {
      const mi = this.#month(v.no, mz01);
      const pay = m.payDate(mz01, v.town, mi);
      const k = this.#cadre(v, v.no, addDays(pay, 1), null);
      const a = this.#pay(k, 'MZ01', mi, { amount: 55000 });
      this.#near('cadre-on-assistance', 'last allowance paid the day before a cadre’s term started', () => [a.payment_id]);
    }
    {
      const k = this.#cadre(v, v.no, term, null, 61);
      const mi = this.#month(v.no, this.#f('RS01'));
      const a = this.#pay(k, 'RS01', mi);
      this.#near('cadre-on-assistance', 'a sitting cadre drawing the basic pension (not means-tested)', () => [a.payment_id]);
    }
  }

  #cadreRelative(): void {
    const m = this.#m;
    const v = this.#village();
    const term = this.#termStart(v);
    const mz01 = this.#f('MZ01');
    {
      const k = this.#cadre(v, v.no, term, null);
      const sib = this.#poor(v.no, 52);
      this.#relative(k, sib, 'sibling');
      const mi = this.#month(v.no, mz01);
      const a = this.#pay(sib, 'MZ01', mi, { amount: 55000 });
      this.#case('cadre-relative-on-assistance', 'a sitting cadre’s brother drawing the allowance in the same village', () => [a.payment_id]);
    }
    {
      const mi = this.#month(v.no, mz01);
      const pay = m.payDate(mz01, v.town, mi);
      const k = this.#cadre(v, v.no, pay, null);
      const par = this.#poor(v.no, 76);
      this.#relative(k, par, 'parent');
      const a = this.#pay(par, 'MZ01', mi, { amount: 55000 });
      this.#case('cadre-relative-on-assistance', 'allowance to a cadre’s father paid on the first day of the cadre’s term', () => [a.payment_id]);
    }
    const other = this.#m.villages.find((x) => x.no !== v.no);
    if (other) {
      const k = this.#cadre(other, other.no, this.#termStart(other), null);
      const sib = this.#poor(v.no, 50);
      this.#relative(k, sib, 'sibling');
      const mi = this.#month(v.no, mz01);
      const a = this.#pay(sib, 'MZ01', mi, { amount: 55000 });
      this.#near('cadre-relative-on-assistance', 'allowance to the sister of a cadre of another village', () => [a.payment_id]);
    }
    {
      const k = this.#cadre(v, v.no, addYears(term, -5), addDays(term, -1));
      const rel = this.#poor(v.no, 57);
      this.#relative(k, rel, 'in_law');
      const mi = this.#month(v.no, mz01);
      const a = this.#pay(rel, 'MZ01', mi, { amount: 55000 });
      this.#near('cadre-relative-on-assistance', 'allowance to an in-law of a former cadre', () => [a.payment_id]);
    }
  }

  #cadreContract(): void {
    const m = this.#m;
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const term = this.#termStart(v);
    const start = (days: number): string => {
      const d = addDays(term, days);
      return d.endsWith('-02-29') ? addDays(d, 1) : d;
    };
    const k = this.#cadre(v, v.no, term, null);
    const wife = this.#single(v.no, 46, 'F');
    this.#relative(k, wife, 'spouse');
    const c1 = this.#contract(books, { subject: 'pond', desc: '村南坑塘', areaC: 1200, start: start(200), end: addDays(addYears(start(200), 5), -1), annual: 960000, resolution: books.resolution(start(200), '集体资产承包'), party: { name: k.name, id: k.id, company: null } });
    this.#case('cadre-related-contract', 'a sitting cadre renting the village pond', () => [c1.contract_id]);
    const c2 = this.#contract(books, { subject: 'land', desc: '村东集体机动地', areaC: 3000, start: start(300), end: addDays(addYears(start(300), 10), -1), annual: 2400000, resolution: books.resolution(start(300), '集体资产承包'), party: { name: wife.name, id: wife.id, company: null } });
    this.#case('cadre-related-contract', "the cadre's wife renting collective land", () => [c2.contract_id]);
    const friend = this.#single(v.no, 50);
    const firm = addCompany(m, this.#rng, friend, { line: 'farming', status: 'active', established: addYears(m.asOf, -6) });
    firm.roles.push({ person: wife.no, role: 'shareholder' });
    const c3 = this.#contract(books, { subject: 'building', desc: '村委会临街门市房', areaC: null, start: start(400), end: addDays(addYears(start(400), 3), -1), annual: 1800000, resolution: books.resolution(start(400), '集体资产承包'), party: { name: firm.name, id: null, company: firm.company_id } });
    this.#case('cadre-related-contract', "a company in which the cadre's wife holds shares renting the shopfront", () => [c3.contract_id]);
    // Near misses.
    const boss = this.#single(v.no, 44);
    const firm2 = addCompany(m, this.#rng, boss, { line: 'trade', status: 'active', established: addYears(m.asOf, -4) });
    firm2.roles.push({ person: wife.no, role: 'executive' });
    const n1 = this.#contract(books, { subject: 'building', desc: '村西仓库', areaC: null, start: start(250), end: addDays(addYears(start(250), 5), -1), annual: 1200000, resolution: books.resolution(start(250), '集体资产承包'), party: { name: firm2.name, id: null, company: firm2.company_id } });
    this.#near('cadre-related-contract', "a company where the cadre's wife is only an executive", () => [n1.contract_id]);
    const k2 = this.#cadre(v, v.no, term, null);
    const n2start = start(-30);
    const n2 = this.#contract(books, { subject: 'land', desc: '村北洼地', areaC: 1500, start: n2start, end: addDays(addYears(n2start, 5), -1), annual: 1200000, resolution: books.resolution(n2start, '集体资产承包'), party: { name: k2.name, id: k2.id, company: null } });
    this.#near('cadre-related-contract', 'a contract signed a month before its counterparty became a cadre', () => [n2.contract_id]);
    const other = this.#m.villages.find((x) => x.no !== v.no);
    if (other) {
      const k3 = this.#cadre(other, other.no, this.#termStart(other), null);
      const bro = this.#single(v.no, 43);
      this.#relative(k3, bro, 'sibling');
      const n3 = this.#contract(books, { subject: 'forest', desc: '河堤林地', areaC: 5000, start: start(150), end: addDays(addYears(start(150), 10), -1), annual: 500000, resolution: books.resolution(start(150), '集体资产承包'), party: { name: bro.name, id: bro.id, company: null } });
      this.#near('cadre-related-contract', 'the brother of a cadre of another village renting forest land', () => [n3.contract_id]);
    }
  }

  #cadreExpense(): void {
    const m = this.#m;
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const term = this.#termStart(v);
    const k = this.#cadre(v, v.no, term, null);
    const wife = this.#single(v.no, 45, 'F');
    this.#relative(k, wife, 'spouse');
    const e1 = this.#expense(books, { date: this.#workday(1, 10), amount: 168000, cpName: wife.name, cpId: wife.id, category: 'labor', summary: '保洁员劳务费' });
    this.#case('cadre-related-expense', "cleaning wages paid to a sitting cadre's wife", () => [e1.voucher_id]);
    const e2 = this.#expense(books, { date: this.#workday(1, 10), amount: 356000, cpName: k.name, cpId: k.id, category: 'other', summary: '报销外出学习费用' });
    this.#case('cadre-related-expense', 'travel costs reimbursed to a sitting cadre (category other)', () => [e2.voucher_id]);
    const n1 = this.#expense(books, { date: m.workdayFrom(this.#rng.int(1, 10), 15), amount: 150000, cpName: k.name, cpId: k.id, category: 'salary', summary: '支付村干部报酬' });
    this.#near('cadre-related-expense', 'salary paid to a cadre', () => [n1.voucher_id]);
    const other = this.#m.villages.find((x) => x.no !== v.no);
    if (other) {
      const k2 = this.#cadre(other, other.no, this.#termStart(other), null);
      const sis = this.#single(v.no, 41, 'F');
      this.#relative(k2, sis, 'sibling');
      const n2 = this.#expense(books, { date: this.#workday(1, 10), amount: 92000, cpName: sis.name, cpId: sis.id, category: 'labor', method: 'cash', summary: '修剪绿化苗木劳务费' });
      this.#near('cadre-related-expense', 'wages paid to the sister of a cadre of another village', () => [n2.voucher_id]);
    }
    const date = this.#workday(3, 10);
    const former = this.#cadre(v, v.no, addYears(term, -5), addDays(date, -1));
    const n3 = this.#expense(books, { date, amount: 240000, cpName: former.name, cpId: former.id, category: 'labor', summary: '防汛值守劳务费' });
    this.#near('cadre-related-expense', 'wages paid to a cadre the day after the term ended', () => [n3.voucher_id]);
  }

  // ------------------------------------------------------------------ contract

  #pastStart(yearsAgo: number): string {
    const d = this.#m.dateBetween(addYears(this.#m.asOf, -yearsAgo - 1), addYears(this.#m.asOf, -yearsAgo), this.#rng);
    return d;
  }

  #overlong(): void {
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const s1 = this.#pastStart(3);
    const c1 = this.#contract(books, { subject: 'building', desc: '旧学校房屋', areaC: null, start: s1, end: addDays(addYears(s1, 20), 1), annual: 1500000, resolution: books.resolution(s1, '集体资产承包') });
    this.#case('contract-overlong', 'building lease of 20 years and one day', () => [c1.contract_id]);
    const s2 = this.#pastStart(6);
    const c2 = this.#contract(books, { subject: 'land', desc: '村西集体机动地', areaC: 4000, start: s2, end: addDays(addYears(s2, 31), -1), annual: 3200000, resolution: books.resolution(s2, '集体资产承包') });
    this.#case('contract-overlong', 'land lease of 31 years', () => [c2.contract_id]);
    const s3 = this.#pastStart(2);
    const n1 = this.#contract(books, { subject: 'pond', desc: '村北鱼塘', areaC: 800, start: s3, end: addYears(s3, 20), annual: 640000, resolution: null });
    this.#near('contract-overlong', 'pond lease of exactly 20 years', () => [n1.contract_id]);
    const s4 = this.#pastStart(4);
    const n2 = this.#contract(books, { subject: 'land', desc: '村南荒地', areaC: 2500, start: s4, end: addYears(s4, 30), annual: 1750000, resolution: books.resolution(s4, '集体资产承包') });
    this.#near('contract-overlong', 'land lease of exactly 30 years', () => [n2.contract_id]);
  }

  #arrears(): void {
    const m = this.#m;
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const s1 = this.#pastStart(5);
    const c1 = this.#contract(books, { subject: 'land', desc: '村东地块', areaC: 2000, start: s1, end: addDays(addYears(s1, 10), -1), annual: 1600000, resolution: books.resolution(s1, '集体资产承包') }, { skip: 2 });
    this.#case('contract-arrears', 'third year of a land lease never paid', () => [c1.contract_id]);
    const s2 = this.#pastStart(2);
    const c2 = this.#contract(books, { subject: 'building', desc: '村西门市房', areaC: null, start: s2, end: addDays(addYears(s2, 5), -1), annual: 1200000, resolution: books.resolution(s2, '集体资产承包') }, { short: 101 });
    this.#case('contract-arrears', 'rent paid 1.01 short', () => [c2.contract_id]);
    const s3 = addYears(m.asOf, -3);
    const c3 = this.#contract(books, { subject: 'pond', desc: '村东鱼塘', areaC: 600, start: s3, end: addDays(addYears(s3, 5), -1), annual: 480000, resolution: null }, { skip: 3, onDue: true });
    this.#case('contract-arrears', 'installment due on the asOf date itself, not paid', () => [c3.contract_id]);
    const s4 = this.#pastStart(2);
    const n1 = this.#contract(books, { subject: 'equipment', desc: '粮食烘干机', areaC: null, start: s4, end: addDays(addYears(s4, 3), -1), annual: 800000, resolution: null }, { short: 100 });
    this.#near('contract-arrears', 'rent paid exactly 1.00 short (the tolerance)', () => [n1.contract_id]);
    const n2 = this.#contract(books, { subject: 'land', desc: '村北地块', areaC: 1500, start: addDays(m.asOf, 1), end: addDays(addYears(addDays(m.asOf, 1), 5), -1), annual: 1100000, resolution: books.resolution(m.asOf, '集体资产承包') }, false);
    this.#near('contract-arrears', 'a lease starting the day after asOf, nothing paid yet', () => [n2.contract_id]);
    const s5 = addYears(m.asOf, -2);
    const n3 = this.#contract(books, { subject: 'other', desc: '光伏屋顶', areaC: null, start: s5, end: addDays(addYears(s5, 4), -1), annual: 600000, resolution: null }, { onDue: true });
    this.#near('contract-arrears', 'installment due and paid on the asOf date', () => [n3.contract_id]);
    const s6 = this.#pastStart(8);
    const n4 = this.#contract(books, { subject: 'building', desc: '旧村委会院落', areaC: null, start: s6, end: addDays(addYears(s6, 3), -1), annual: 700000, resolution: null });
    this.#near('contract-arrears', 'an expired lease paid in full', () => [n4.contract_id]);
  }

  #withoutResolution(): void {
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const s1 = this.#pastStart(1);
    const c1 = this.#contract(books, { subject: 'land', desc: '村南集体机动地', areaC: 6250, start: s1, end: addDays(addYears(s1, 5), -1), annual: 5_000_000, resolution: null });
    this.#case('contract-without-resolution', 'land lease of exactly 50000.00 a year with no villagers’ decision', () => [c1.contract_id]);
    const s2 = this.#pastStart(2);
    const n1 = this.#contract(books, { subject: 'building', desc: '村集体厂房', areaC: null, start: s2, end: addDays(addYears(s2, 5), -1), annual: 4_999_999, resolution: null });
    this.#near('contract-without-resolution', 'lease of 49999.99 a year with no decision', () => [n1.contract_id]);
    const s3 = this.#pastStart(1);
    const n2 = this.#contract(books, { subject: 'land', desc: '村北集体机动地', areaC: 15000, start: s3, end: addDays(addYears(s3, 10), -1), annual: 12_000_000, resolution: books.resolution(s3, '集体资产承包') });
    this.#near('contract-without-resolution', 'lease of 120000.00 a year with a decision on file', () => [n2.contract_id]);
  }

  #leasedAsset(): void {
    const m = this.#m;
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const asset = (a: Omit<AssetDraft, 'village' | 'asset_id'>): AssetDraft => {
      const d: AssetDraft = { ...a, village: v.no, asset_id: '' };
      m.assets.push(d);
      return d;
    };
    const a1 = asset({ type: '房屋建筑物', name: '村西门市房', value: 36000000, status: 'leased', contract: null });
    this.#case('leased-asset-without-contract', 'a shopfront recorded as leased with no contract', () => [a1.asset_id]);
    const a2 = asset({ type: '机器设备', name: '粮食烘干机', value: 18000000, status: 'leased', contract: null, danglingContractId: `HT${v.code}999` });
    this.#case('leased-asset-without-contract', 'a leased asset naming a contract that does not exist', () => [a2.asset_id]);
    const s3 = addDays(addYears(m.asOf, -3), -1);
    const c3 = this.#contract(books, { subject: 'building', desc: '村东仓库', areaC: null, start: s3, end: addDays(m.asOf, -1), annual: 900000, resolution: null });
    const a3 = asset({ type: '房屋建筑物', name: '村东仓库', value: 25000000, status: 'leased', contract: c3 });
    this.#case('leased-asset-without-contract', 'a leased warehouse whose lease ended the day before asOf', () => [a3.asset_id]);
    const s4 = addDays(addYears(m.asOf, -3), 1);
    const c4 = this.#contract(books, { subject: 'pond', desc: '村西鱼塘', areaC: 700, start: s4, end: m.asOf, annual: 560000, resolution: null });
    const n1 = asset({ type: '水域', name: '村西鱼塘', value: 8000000, status: 'leased', contract: c4 });
    this.#near('leased-asset-without-contract', 'a leased pond whose lease ends on asOf', () => [n1.asset_id]);
    const n2 = asset({ type: '房屋建筑物', name: '闲置校舍', value: 42000000, status: 'idle', contract: null });
    this.#near('leased-asset-without-contract', 'an idle building with no contract', () => [n2.asset_id]);
  }

  // ------------------------------------------------------------------ finance

  #cash(): void {
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const date = (): string => this.#workday(0, 10, [], 28);
    const e1 = this.#expense(books, { date: date(), amount: 100001, cpName: books.shop('饭店', this.#rng), category: 'hospitality', method: 'cash', summary: '接待上级检查工作餐' });
    this.#case('large-cash-expense', 'a cash meal bill of 1000.01', () => [e1.voucher_id]);
    const p = this.#single(v.no, 38);
    const e2 = this.#expense(books, { date: date(), amount: 358000, cpName: p.name, cpId: p.id, category: 'labor', method: 'cash', summary: '雇工清理沟渠劳务费' });
    this.#case('large-cash-expense', 'wages of 3580.00 paid in cash', () => [e2.voucher_id]);
    const n1 = this.#expense(books, { date: date(), amount: 100000, cpName: books.shop('超市', this.#rng), category: 'office', method: 'cash', summary: '购买办公用品' });
    this.#near('large-cash-expense', 'a cash purchase of exactly 1000.00', () => [n1.voucher_id]);
    const d2 = date();
    const n2 = this.#expense(books, { date: d2, amount: 2_500_000, cpName: this.#firm(v), category: 'construction', method: 'transfer', resolution: books.resolution(d2, '排水沟维修工程'), summary: '排水沟维修工程款' });
    this.#near('large-cash-expense', 'a large expense paid by transfer', () => [n2.voucher_id]);
  }

  #noResolution(): void {
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const date = (): string => this.#workday(0, 10, [], 28);
    const e1 = this.#expense(books, { date: date(), amount: 5_000_000, cpName: this.#firm(v), summary: '村内道路硬化工程款' });
    this.#case('expense-without-resolution', 'a road contract of exactly 50000.00 with no villagers’ decision', () => [e1.voucher_id]);
    const e2 = this.#expense(books, { date: date(), amount: 12_800_000, cpName: this.#firm(v), summary: '文化广场建设工程款' });
    this.#case('expense-without-resolution', 'a square built for 128000.00 with no decision', () => [e2.voucher_id]);
    const n1 = this.#expense(books, { date: date(), amount: 4_999_999, cpName: this.#firm(v), summary: '路灯安装工程款' });
    this.#near('expense-without-resolution', 'street lights for 49999.99 with no decision', () => [n1.voucher_id]);
    const d2 = date();
    const n2 = this.#expense(books, { date: d2, amount: 5_000_000, cpName: this.#firm(v), resolution: books.resolution(d2, '机井维修工程'), summary: '机井维修工程款' });
    this.#near('expense-without-resolution', '50000.00 with a decision on file', () => [n2.voucher_id]);
  }

  #split(): void {
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const key = (cp: string, d: string): string => `${v.code}|${cp}|${d}`;
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 9, [4, 10], 10);
      this.#expense(books, { date: d, amount: 2_000_000, cpName: cp });
      this.#expense(books, { date: addDays(d, 4), amount: 1_800_000, cpName: cp });
      this.#expense(books, { date: addDays(d, 10), amount: 1_200_000, cpName: cp });
      this.#case('split-expense', 'three payments to one builder within 10 days summing exactly 50000.00', () => [key(cp, d)]);
    }
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 9, [5], 10);
      this.#expense(books, { date: d, amount: 3_000_000, cpName: cp });
      this.#expense(books, { date: addDays(d, 5), amount: 2_500_000, cpName: cp });
      this.#case('split-expense', 'two payments five days apart summing 55000.00', () => [key(cp, d)]);
    }
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 9, [11], 10);
      this.#expense(books, { date: d, amount: 3_000_000, cpName: cp });
      this.#expense(books, { date: addDays(d, 11), amount: 2_500_000, cpName: cp });
      this.#near('split-expense', 'two payments 11 days apart summing 55000.00', () => [key(cp, d), key(cp, addDays(d, 11))]);
    }
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 9, [3, 9], 10);
      this.#expense(books, { date: d, amount: 2_000_000, cpName: cp });
      this.#expense(books, { date: addDays(d, 3), amount: 1_999_999, cpName: cp });
      this.#expense(books, { date: addDays(d, 9), amount: 1_000_000, cpName: cp });
      this.#near('split-expense', 'three payments within 10 days summing 49999.99', () => [key(cp, d)]);
    }
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 9, [3], 10);
      this.#expense(books, { date: d, amount: 4_000_000, cpName: cp, resolution: books.resolution(d, '道路维修工程') });
      this.#expense(books, { date: addDays(d, 3), amount: 1_500_000, cpName: cp });
      this.#near('split-expense', 'an approved 40000.00 and an unapproved 15000.00 three days later', () => [key(cp, d), key(cp, addDays(d, 3))]);
    }
  }

  #duplicateVoucher(): void {
    const m = this.#m;
    const v = this.#village({ books: true });
    const books = this.#booksOf(v);
    const key = (cp: string, amount: number, d: string): string => `${v.code}|${cp}|${formatMoney(amount)}|${d}`;
    {
      const cp = m.names.shop(v.name, '酒家');
      const d = this.#workday(0, 10, [2], 20);
      this.#expense(books, { date: d, amount: 86000, cpName: cp, category: 'hospitality', method: 'cash', summary: '接待工作餐' });
      this.#expense(books, { date: addDays(d, 2), amount: 86000, cpName: cp, category: 'hospitality', method: 'cash', summary: '接待工作餐' });
      this.#case('duplicate-voucher', 'the same 860.00 meal bill booked twice, two days apart', () => [key(cp, 86000, d)]);
    }
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 10, [3], 20);
      this.#expense(books, { date: d, amount: 450000, cpName: cp, summary: '路灯维修费' });
      this.#expense(books, { date: addDays(d, 3), amount: 450000, cpName: cp, summary: '路灯维修费' });
      this.#case('duplicate-voucher', 'the same 4500.00 invoice booked three days apart (window inclusive)', () => [key(cp, 450000, d)]);
    }
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 10, [4], 20);
      this.#expense(books, { date: d, amount: 230000, cpName: cp, summary: '垃圾清运费' });
      this.#expense(books, { date: addDays(d, 4), amount: 230000, cpName: cp, summary: '垃圾清运费' });
      this.#near('duplicate-voucher', 'the same amount to the same firm four days apart', () => [key(cp, 230000, d), key(cp, 230000, addDays(d, 4))]);
    }
    {
      const a = this.#firm(v);
      const b = this.#firm(v);
      const d = this.#workday(0, 10, [], 20);
      this.#expense(books, { date: d, amount: 310000, cpName: a, summary: '苗木采购款' });
      this.#expense(books, { date: d, amount: 310000, cpName: b, summary: '苗木采购款' });
      this.#near('duplicate-voucher', 'the same amount to two different firms on one day', () => [key(a, 310000, d), key(b, 310000, d)]);
    }
    {
      const cp = this.#firm(v);
      const d = this.#workday(0, 10, [1], 20);
      this.#expense(books, { date: d, amount: 520000, cpName: cp, summary: '水泥采购款' });
      this.#expense(books, { date: addDays(d, 1), amount: 520001, cpName: cp, summary: '水泥采购款' });
      this.#near('duplicate-voucher', 'amounts 0.01 apart to one firm on consecutive days', () => [key(cp, 520000, d), key(cp, 520001, addDays(d, 1))]);
    }
  }

  // ------------------------------------------------------------------ statistical

  /** Distinct payees of a monthly fund in a village per monthly period (index 0–11). */
  #counts(fund: number, village: number): number[] {
    const m = this.#m;
    const sets = m.months.map(() => new Set<number>());
    for (const e of m.ents[fund]![village] ?? []) for (let mi = e.start; mi <= e.end; mi++) if (m.paysIn(fund, mi)) sets[mi]!.add(e.person);
    for (let mi = 0; mi < 12; mi++) {
      for (const p of m.planned.get(`${mi}|${fund}|${village}`) ?? []) {
        const idx = m.months.indexOf(p.period);
        if (idx >= 0) sets[idx]!.add(p.person);
      }
    }
    return sets.map((s) => s.size);
  }

  static #median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const k = s.length >> 1;
    return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
  }

  /** Median of the months with payees among the six before `mi`, or null with fewer than three. */
  #baseline(counts: number[], mi: number): number | null {
    const prior: number[] = [];
    for (let k = 1; k <= 6; k++) if (mi - k >= 0 && counts[mi - k]! > 0) prior.push(counts[mi - k]!);
    return prior.length >= 3 ? Planter.#median(prior) : null;
  }

  #ghosts(v: Village, code: string, mi: number, n: number, age = 62): PlannedPayment[] {
    const out: PlannedPayment[] = [];
    for (let i = 0; i < n; i++) {
      const p = this.#poor(v.no, age + (i % 7));
      out.push(this.#pay(p, code, mi, { amount: 55000 }));
    }
    return out;
  }

  /** Villages already holding a planted spike or spike near miss (one per village keeps them apart). */
  readonly #spikeVillages = new Set<number>();

  #spike(): void {
    const m = this.#m;
    const mz01 = this.#f('MZ01');
    const free = m.villages.filter((x) => !this.#spikeVillages.has(x.no));
    const villages = free.length > 0 ? free : m.villages;
    const v = villages[this.#rng.int(0, villages.length - 1)]!;
    this.#spikeVillages.add(v.no);
    // Give the village a steady base of recipients if it has too few months with any.
    let counts = this.#counts(mz01, v.no);
    if (counts.filter((c) => c > 0).length < 12) {
      for (let i = 0; i < 3; i++) this.#ent(this.#poor(v.no, 66 + i), 'MZ01', 0, 11, { amount: 55000 });
      counts = this.#counts(mz01, v.no);
    }
    const mi = this.#rng.int(6, 10);
    const b = this.#baseline(counts, mi)!;
    const k = Math.max(5 - (counts[mi]! - b), Math.ceil(1.5 * b - counts[mi]!), 1);
    this.#ghosts(v, 'MZ01', mi, k);
    this.#case('recipient-spike', `${k} new allowance recipients for one month only (baseline ${b})`, () => [`${v.code}|MZ01|${m.months[mi]!}`]);
    // Near miss: +4 over the baseline in another village (or another month far from the spike).
    const v2 = villages.find((x) => x.no !== v.no) ?? v;
    this.#spikeVillages.add(v2.no);
    let c2 = this.#counts(mz01, v2.no);
    if (c2.filter((c) => c > 0).length < 12) {
      for (let i = 0; i < 2; i++) this.#ent(this.#poor(v2.no, 70 + i), 'MZ01', 0, 11, { amount: 55000 });
      c2 = this.#counts(mz01, v2.no);
    }
    const m2 = v2.no === v.no ? (mi >= 8 ? 1 : 11) : this.#rng.int(6, 10);
    const b2 = this.#baseline(c2, m2);
    if (b2 !== null) {
      const k2 = Math.floor(4 - (c2[m2]! - b2));
      if (k2 >= 1) {
        this.#ghosts(v2, 'MZ01', m2, k2, 58);
        this.#near('recipient-spike', `recipients up by ${c2[m2]! + k2 - b2} (< 5) over the baseline ${b2} for one month`, () => [`${v2.code}|MZ01|${m.months[m2]!}`]);
      }
    }
    // Near miss: a jump with only two earlier months of payments (unemployment benefit).
    const rs09 = this.#f('RS09');
    const v3 = villages.find((x) => !this.#spikeVillages.has(x.no) && (m.ents[rs09]![x.no] ?? []).length === 0 && ![...m.planned.keys()].some((key) => key.endsWith(`|${rs09}|${x.no}`)));
    if (v3) {
      this.#spikeVillages.add(v3.no);
      const m3 = this.#rng.int(4, 10);
      const first = this.#single(v3.no, 33);
      this.#pay(first, 'RS09', m3 - 2, { amount: 150000 });
      this.#pay(first, 'RS09', m3 - 1, { amount: 150000 });
      for (let i = 0; i < 7; i++) this.#pay(this.#single(v3.no, 28 + i), 'RS09', m3, { amount: 150000 });
      this.#pay(first, 'RS09', m3, { amount: 150000 });
      this.#near('recipient-spike', 'unemployment benefit jumping from 1 to 8 recipients after only two months of payments', () => [`${v3.code}|RS09|${m.months[m3]!}`]);
    }
  }

  #benford(): void {
    const m = this.#m;
    const rng = this.#rng;
    for (const v of m.villages) {
      if (v.book === 'benford_case') this.#case('benford-deviation', 'a village whose expense amounts start with 4–9 far too often', () => [v.code]);
      if (v.book !== 'benford_near') continue;
      const books = this.#booksOf(v);
      const counted = (): number => m.ledger.filter((e) => e.village === v.no && e.direction === 'expense' && e.amount >= 1000).length;
      let n = counted();
      let d = 0;
      while (n < 199) {
        if (bookFreeExpense(books, 4 + (d++ % 6), rng)) n++;
      }
      // Bank charges below 10.00 do not count towards the 200.
      for (let mi = 0; mi < 12; mi++) {
        books.entry({ date: m.dateIn(mi, rng, 25, 28), direction: 'expense', amount: rng.int(200, 950), category: 'other', cpName: '县农商银行', cpId: null, contract: null, method: 'transfer', resolution: null, summary: '银行手续费' });
      }
      this.#near('benford-deviation', 'a village with 199 expenses of at least 10.00 (plus bank charges below 10.00) whose first digits are far off', () => [v.code]);
    }
  }

  // ------------------------------------------------------------------ extension datasets

  #pension(p: Human, scheme: PensionDraft['scheme'], start: string, end: string | null, monthly: number): PensionDraft {
    const d: PensionDraft = { person: p.no, scheme, start, end, monthly, pension_id: '' };
    this.#m.pensions.push(d);
    return d;
  }

  /** The month a pension of `p` starts when it starts at `age`. */
  #startAt(p: Human, age: number): string {
    return `${addYears(p.birth, age).slice(0, 7)}-01`;
  }

  #move(p: Human, type: 'in' | 'out', date: string, village: number, hh: number, place: string | null = null): MoveDraft {
    const d: MoveDraft = { person: p.no, type, date, village, hh, place, move_id: '' };
    this.#m.moves.push(d);
    return d;
  }

  /** A planted person whose registration has left the county (not in `persons`). */
  #leaver(village: number, age: number, gender: 'M' | 'F' = 'M'): Human {
    const m = this.#m;
    const p = m.addPerson({ hh: -1, rel: 'other', village, registered: false, gender, birth: m.birthFor(age, this.#rng) });
    p.flags |= F_PLANTED;
    return p;
  }

  #settlement(p: Human, s: { hospital: string; admission: string; discharge: string | null; settle?: string; total: number; insurance?: number; aid?: number }): SettlementDraft {
    const insurance = s.insurance ?? Math.floor(s.total * 0.7);
    const d: SettlementDraft = {
      person: p.no,
      hospital: s.hospital,
      admission: s.admission,
      discharge: s.discharge,
      settle: s.settle ?? s.discharge ?? s.admission,
      total: s.total,
      insurance,
      aid: s.aid ?? 0,
      settlement_id: '',
    };
    this.#m.settlements.push(d);
    return d;
  }

  /** A date in the payment window at least `margin` days before asOf. */
  #windowDate(margin = 40): string {
    return this.#m.dateBetween(this.#m.windowStart, addDays(this.#m.asOf, -margin), this.#rng);
  }

  #pensionAfterDeath(): void {
    const m = this.#m;
    const v = this.#village();
    {
      const p = this.#single(v.no, 73);
      const died = addDays(m.asOf, -this.#rng.int(120, 300));
      this.#die(p, died);
      const x = this.#pension(p, 'employee', this.#startAt(p, 60), null, 286000);
      this.#case('pension-after-death', 'an enterprise pension still paid months after the pensioner died', () => [x.pension_id]);
    }
    {
      const p = this.#single(v.no, 76, 'F');
      const died = addDays(m.asOf, -this.#rng.int(90, 300));
      this.#die(p, died);
      const x = this.#pension(p, 'public_sector', this.#startAt(p, 55), addDays(died, 32), 512000);
      this.#case('pension-after-death', 'a public-sector pension stopped 32 days after the death (grace 31)', () => [x.pension_id]);
    }
    {
      const p = this.#single(v.no, 79);
      const died = addDays(m.asOf, -this.#rng.int(90, 300));
      this.#die(p, died);
      const x = this.#pension(p, 'employee', this.#startAt(p, 60), addDays(died, 31), 241000);
      this.#near('pension-after-death', 'an enterprise pension stopped exactly 31 days after the death', () => [x.pension_id]);
    }
    {
      const p = this.#single(v.no, 81, 'F');
      this.#die(p, addDays(m.asOf, -31));
      const x = this.#pension(p, 'resident', this.#startAt(p, 60), null, 31500);
      this.#near('pension-after-death', 'a pension not yet stopped for a death 31 days before asOf (the grace period ends on asOf)', () => [x.pension_id]);
    }
    {
      const p = this.#single(v.no, 84);
      const died = addDays(m.windowStart, -this.#rng.int(20, 200));
      this.#die(p, died);
      const x = this.#pension(p, 'resident', this.#startAt(p, 60), monthEndOf(died), 29800);
      this.#near('pension-after-death', 'a resident pension ended with the month of the death', () => [x.pension_id]);
    }
  }

  #duplicatePension(): void {
    const m = this.#m;
    const v = this.#village();
    const rs01 = this.#f('RS01');
    {
      const p = this.#single(v.no, 64);
      const mi = this.#month(v.no, rs01, 2);
      this.#ent(p, 'RS01', 0, mi - 1, { amount: 20000 });
      this.#pension(p, 'employee', m.monthStart(mi), null, 215000);
      const a = this.#pay(p, 'RS01', mi, { amount: 20000 });
      const b = this.#pay(p, 'RS01', mi + 1, { amount: 20000 });
      this.#case('duplicate-basic-pension', 'resident basic pension paid for the first two months of an enterprise pension (it starts on the first period start)', () => [a.payment_id, b.payment_id]);
    }
    {
      const p = this.#single(v.no, 70, 'F');
      const mi = this.#month(v.no, rs01);
      this.#pension(p, 'public_sector', this.#startAt(p, 55), null, 468000);
      const a = this.#pay(p, 'RS01', mi, { amount: 20500 });
      this.#case('duplicate-basic-pension', 'resident basic pension paid to a retired teacher drawing a public-sector pension', () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 63);
      const mi = this.#month(v.no, rs01);
      this.#ent(p, 'RS01', 0, mi - 1, { amount: 20000 });
      this.#pension(p, 'employee', addDays(m.monthStart(mi), 1), null, 198000);
      const a = this.#pay(p, 'RS01', mi, { amount: 20000 });
      this.#near('duplicate-basic-pension', 'last resident pension for the period whose first day is the day before the enterprise pension starts', () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 67);
      const mi = this.#month(v.no, rs01);
      this.#pension(p, 'employee', this.#startAt(p, 60), addDays(m.monthStart(mi), -1), 176000);
      const a = this.#pay(p, 'RS01', mi, { amount: 20500 });
      this.#ent(p, 'RS01', mi + 1, 11, { amount: 20500 });
      this.#near('duplicate-basic-pension', 'resident pension from the period that starts the day after the enterprise pension ended', () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 66, 'F');
      const mi = this.#month(v.no, rs01);
      this.#pension(p, 'resident', this.#startAt(p, 60), null, 26300);
      const a = this.#pay(p, 'RS01', mi, { amount: 20500 });
      this.#near('duplicate-basic-pension', 'resident basic pension to someone whose only pension is the resident one', () => [a.payment_id]);
    }
    {
      const p = this.#single(v.no, 62);
      const f = this.#f('RS03');
      const mi = this.#month(v.no, f);
      this.#pension(p, 'employee', this.#startAt(p, 60), null, 232000);
      const a = this.#pay(p, 'RS03', mi, { amount: 100000 });
      this.#near('duplicate-basic-pension', 'one-off resident-scheme death grant (not monthly) paid to an enterprise pensioner', () => [a.payment_id]);
    }
  }

  #publicPension(): void {
    const v = this.#village();
    const mz01 = this.#f('MZ01');
    {
      const [head, wife] = this.#couple(v.no, 63, 'poor');
      const mi = this.#month(v.no, mz01);
      this.#pension(wife!, 'employee', this.#startAt(wife!, 55), null, 100000);
      const a = this.#pay(head!, 'MZ01', mi, { amount: 90000 });
      this.#case('public-pension-on-assistance', 'minimum living allowance to a household whose wife draws an enterprise pension of exactly 1000.00 a month', () => [a.payment_id]);
    }
    {
      const head = this.#poor(v.no, 61);
      const mi = this.#month(v.no, mz01);
      this.#pension(head, 'public_sector', this.#payDate(head, 'MZ01', mi), null, 385000);
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#case('public-pension-on-assistance', 'allowance paid on the day the payee’s public-sector pension started', () => [a.payment_id]);
    }
    {
      const [head, wife] = this.#couple(v.no, 64, 'poor');
      const mi = this.#month(v.no, mz01);
      this.#pension(wife!, 'employee', this.#startAt(wife!, 55), null, 99999);
      const a = this.#pay(head!, 'MZ01', mi, { amount: 90000 });
      this.#near('public-pension-on-assistance', 'allowance to a household whose wife draws an enterprise pension of 999.99 a month', () => [a.payment_id]);
    }
    {
      const head = this.#poor(v.no, 66);
      const mi = this.#month(v.no, mz01);
      this.#pension(head, 'employee', this.#startAt(head, 60), addDays(this.#payDate(head, 'MZ01', mi), -1), 180000);
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#near('public-pension-on-assistance', 'allowance paid the day after the payee’s enterprise pension ended', () => [a.payment_id]);
    }
    {
      const head = this.#poor(v.no, 59);
      const mi = this.#month(v.no, mz01);
      this.#pension(head, 'employee', addDays(this.#payDate(head, 'MZ01', mi), 1), null, 160000);
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#near('public-pension-on-assistance', 'last allowance paid the day before the payee’s enterprise pension started', () => [a.payment_id]);
    }
    {
      const head = this.#poor(v.no, 68);
      const neighbour = this.#single(v.no, 64);
      this.#pension(neighbour, 'employee', this.#startAt(neighbour, 60), null, 310000);
      const mi = this.#month(v.no, mz01);
      const a = this.#pay(head, 'MZ01', mi, { amount: 55000 });
      this.#near('public-pension-on-assistance', 'allowance to a household whose neighbour (another household) draws an enterprise pension', () => [a.payment_id]);
    }
  }

  #movedOut(): void {
    const m = this.#m;
    const v = this.#village();
    const mz01 = this.#f('MZ01');
    const away = (): string => this.#rng.pick(PLACES_AWAY);
    {
      const wife = this.#single(v.no, 50, 'F', 'poor');
      const p = this.#leaver(v.no, 52);
      const mi = this.#month(v.no, mz01, 2);
      this.#move(p, 'out', addDays(m.monthStart(mi), -1), v.no, wife.hh, away());
      this.#ent(p, 'MZ01', 0, mi - 1, { amount: 55000 });
      const a = this.#pay(p, 'MZ01', mi, { amount: 55000 });
      const b = this.#pay(p, 'MZ01', mi + 1, { amount: 55000 });
      this.#case('moved-out-payee', 'allowance paid for the two periods after the registration moved away on the day before the first', () => [a.payment_id, b.payment_id]);
    }
    {
      const p = this.#leaver(v.no, 47);
      const home = this.#single(v.no, 72, 'F');
      const mi = this.#month(v.no, mz01);
      this.#move(p, 'out', addDays(m.windowStart, -500), v.no, home.hh, away());
      this.#move(p, 'in', addDays(m.windowStart, -300), v.no, home.hh, away());
      this.#move(p, 'out', addDays(m.monthStart(mi), -40), v.no, home.hh, away());
      const a = this.#pay(p, 'MZ01', mi, { amount: 55000 });
      this.#case('moved-out-payee', 'allowance after the registration left a second time (out, back in, out again)', () => [a.payment_id]);
    }
    {
      const home = this.#single(v.no, 70, 'F');
      const p = this.#leaver(v.no, 45);
      const mi = this.#month(v.no, mz01);
      this.#move(p, 'out', m.monthStart(mi), v.no, home.hh, away());
      this.#ent(p, 'MZ01', 0, mi - 1, { amount: 55000 });
      const a = this.#pay(p, 'MZ01', mi, { amount: 55000 });
      this.#near('moved-out-payee', 'last allowance for the period on whose first day the registration moved away', () => [a.payment_id]);
    }
    {
      const p = this.#poor(v.no, 56);
      const other = this.#m.villages.find((x) => x.no !== v.no) ?? v;
      const old = this.#single(other.no, 76, 'F');
      const mi = this.#month(v.no, mz01);
      const date = addDays(m.monthStart(mi), -20);
      this.#move(p, 'out', date, other.no, old.hh);
      this.#move(p, 'in', date, v.no, p.hh);
      const a = this.#pay(p, 'MZ01', mi, { amount: 55000 });
      this.#near('moved-out-payee', 'allowance after a move between two villages of the county (out and in on one day)', () => [a.payment_id]);
    }
    {
      const home = this.#single(v.no, 44);
      const p = this.#leaver(v.no, 71);
      const mi = this.#month(v.no, this.#f('RS01'));
      this.#move(p, 'out', addDays(m.monthStart(mi), -90), v.no, home.hh, away());
      const a = this.#pay(p, 'RS01', mi, { amount: 20500 });
      this.#near('moved-out-payee', 'resident pension (an exempt kind) paid after the registration moved away', () => [a.payment_id]);
    }
    {
      const p = this.#poor(v.no, 53);
      const mi = this.#month(v.no, mz01);
      this.#move(p, 'out', addDays(m.windowStart, -200), v.no, p.hh, away());
      this.#move(p, 'in', addDays(m.monthStart(mi), -1), v.no, p.hh, away());
      const a = this.#pay(p, 'MZ01', mi, { amount: 55000 });
      this.#near('moved-out-payee', 'allowance after the registration moved away and came back the day before the period', () => [a.payment_id]);
    }
  }

  #cadreKinMovedIn(): void {
    const v = this.#village();
    const term = this.#termStart(v);
    const mz01 = this.#f('MZ01');
    /** A household on assistance (head) joined by `mover`. */
    const family = (age: number): { head: Human; mover: Human } => {
      const { people } = this.#household(v.no, [{ rel: 'head', gender: 'M', age }, { rel: 'other', gender: 'M', age: age - 6 }], 'poor');
      return { head: people[0]!, mover: people[1]! };
    };
    {
      const k = this.#cadre(v, v.no, term, null);
      const { head, mover } = family(60);
      this.#relative(k, mover, 'sibling');
      const mi = this.#month(v.no, mz01, 2);
      const mv = this.#move(mover, 'in', addDays(this.#payDate(head, 'MZ01', mi), -this.#rng.int(20, 60)), v.no, head.hh, null);
      this.#pay(head, 'MZ01', mi, { amount: 110000 });
      this.#pay(head, 'MZ01', mi + 1, { amount: 110000 });
      this.#case('cadre-kin-moved-in', "a cadre's brother moved into a household that went on the allowance weeks later", () => [mv.move_id]);
    }
    {
      const k = this.#cadre(v, v.no, term, null);
      const { head, mover } = family(63);
      this.#relative(k, mover, 'in_law');
      this.#ent(head, 'MZ01', 0, 11, { amount: 55000 });
      const f04 = this.#f('MZ04');
      const mi = this.#month(v.no, f04);
      const mv = this.#move(mover, 'in', addDays(this.#payDate(mover, 'MZ04', mi), -this.#rng.int(10, 40)), v.no, head.hh, null);
      const a = this.#pay(mover, 'MZ04', mi, { amount: 150000 });
      this.#case('cadre-kin-moved-in', "a cadre's in-law moved into a household on assistance and was paid temporary assistance himself", () => [mv.move_id]);
      this.#case('cadre-relative-on-assistance', "side effect of the cadre's in-law moved in: his temporary assistance", () => [a.payment_id]);
    }
    {
      const k = this.#cadre(v, v.no, term, null);
      const { head, mover } = family(66);
      this.#relative(k, mover, 'sibling');
      this.#ent(head, 'MZ01', 0, 11, { amount: 55000 });
      const mv = this.#move(mover, 'in', addDays(this.#payDate(head, 'MZ01', this.#month(v.no, mz01)), 3), v.no, head.hh, null);
      this.#near('cadre-kin-moved-in', "a cadre's brother moved into a household already on the allowance, not paid himself", () => [mv.move_id]);
    }
    const other = this.#m.villages.find((x) => x.no !== v.no);
    if (other) {
      const k = this.#cadre(other, other.no, this.#termStart(other), null);
      const { head, mover } = family(58);
      this.#relative(k, mover, 'sibling');
      const mi = this.#month(v.no, mz01);
      const mv = this.#move(mover, 'in', addDays(this.#payDate(head, 'MZ01', mi), -30), v.no, head.hh, null);
      this.#pay(head, 'MZ01', mi, { amount: 110000 });
      this.#near('cadre-kin-moved-in', 'the brother of a cadre of another village moved into a household that then went on the allowance', () => [mv.move_id]);
    }
    {
      const { head, mover } = family(61);
      const mi = this.#month(v.no, mz01);
      const date = addDays(this.#payDate(head, 'MZ01', mi), -45);
      const k = this.#cadre(v, v.no, addYears(term, -5), addDays(date, -1));
      this.#relative(k, mover, 'sibling');
      const mv = this.#move(mover, 'in', date, v.no, head.hh, null);
      this.#pay(head, 'MZ01', mi, { amount: 110000 });
      this.#near('cadre-kin-moved-in', "a former cadre's brother moved in the day after the cadre's term ended", () => [mv.move_id]);
    }
  }

  #settlementAfterDeath(): void {
    const m = this.#m;
    const v = this.#village();
    const county = '县人民医院';
    {
      const p = this.#single(v.no, 77);
      const died = this.#windowDate(60);
      this.#die(p, died);
      const s = this.#settlement(p, { hospital: county, admission: addDays(died, 1), discharge: null, total: 68000 });
      this.#case('medical-settlement-after-death', 'an outpatient visit settled the day after the patient died', () => [s.settlement_id]);
    }
    {
      const p = this.#single(v.no, 69, 'F');
      const died = addDays(m.windowStart, -this.#rng.int(30, 200));
      this.#die(p, died);
      const admission = this.#windowDate(30);
      const s = this.#settlement(p, { hospital: '市人民医院', admission, discharge: addDays(admission, 8), total: 1860000 });
      this.#case('medical-settlement-after-death', 'a hospital stay months after the patient’s registered death', () => [s.settlement_id]);
    }
    {
      const p = this.#single(v.no, 83);
      const died = this.#windowDate(60);
      this.#die(p, died);
      const s = this.#settlement(p, { hospital: county, admission: died, discharge: died, total: 420000 });
      this.#near('medical-settlement-after-death', 'admitted on the day of death', () => [s.settlement_id]);
    }
    {
      const p = this.#single(v.no, 88, 'F');
      const died = this.#windowDate(60);
      this.#die(p, died);
      const s = this.#settlement(p, { hospital: county, admission: addDays(died, -6), discharge: died, settle: addDays(died, 2), total: 935000 });
      this.#near('medical-settlement-after-death', 'died in hospital; the stay was settled two days after the death', () => [s.settlement_id]);
    }
  }

  #doubleSettlement(): void {
    const v = this.#village();
    const key = (p: Human, hospital: string, admission: string): string => `${p.id}|${hospital}|${admission}`;
    {
      const p = this.#single(v.no, 58);
      const a = this.#windowDate(40);
      this.#settlement(p, { hospital: '县人民医院', admission: a, discharge: addDays(a, 7), total: 800000 });
      this.#settlement(p, { hospital: '县人民医院', admission: addDays(a, 1), discharge: addDays(a, 7), total: 795000 });
      this.#case('medical-double-settlement', 'one stay settled twice, admissions a day apart, costs 8000.00 and 7950.00', () => [key(p, '县人民医院', a)]);
    }
    {
      const p = this.#single(v.no, 71, 'F');
      const a = this.#windowDate(40);
      this.#settlement(p, { hospital: '市人民医院', admission: a, discharge: addDays(a, 12), total: 2316000 });
      this.#settlement(p, { hospital: '市人民医院', admission: a, discharge: addDays(a, 12), settle: addDays(a, 30), total: 2316000 });
      this.#case('medical-double-settlement', 'the same stay settled again 18 days later', () => [key(p, '市人民医院', a)]);
    }
    {
      const p = this.#single(v.no, 64);
      const a = this.#windowDate(40);
      this.#settlement(p, { hospital: '县中医院', admission: a, discharge: null, total: 52000 });
      this.#settlement(p, { hospital: '县中医院', admission: addDays(a, 2), discharge: null, total: 52000 });
      this.#near('medical-double-settlement', 'two visits of the same cost two days apart (window 1 day)', () => [key(p, '县中医院', a), key(p, '县中医院', addDays(a, 2))]);
    }
    {
      const p = this.#single(v.no, 52, 'F');
      const a = this.#windowDate(40);
      this.#settlement(p, { hospital: '县人民医院', admission: a, discharge: null, total: 1000000 });
      this.#settlement(p, { hospital: '县人民医院', admission: a, discharge: null, total: 989900 });
      this.#near('medical-double-settlement', 'two settlements on one day whose costs differ by 1.01 %', () => [key(p, '县人民医院', a)]);
    }
    {
      const p = this.#single(v.no, 75);
      const a = this.#windowDate(40);
      this.#settlement(p, { hospital: '县人民医院', admission: a, discharge: null, total: 36000 });
      this.#settlement(p, { hospital: '县中医院', admission: a, discharge: null, total: 36000 });
      this.#near('medical-double-settlement', 'visits of the same cost on one day at two hospitals', () => [key(p, '县人民医院', a), key(p, '县中医院', a)]);
    }
  }

  #aidExceedsCost(): void {
    const v = this.#village();
    const stay = (p: Human, total: number, insurance: number, aid: number): SettlementDraft => {
      const a = this.#windowDate(40);
      return this.#settlement(p, { hospital: '县人民医院', admission: a, discharge: addDays(a, 6), total, insurance, aid });
    };
    const s1 = stay(this.#poor(v.no, 67), 500000, 350000, 150101);
    this.#case('medical-aid-exceeds-cost', 'insurance 3500.00 and aid 1501.01 on a cost of 5000.00 (1.01 too much)', () => [s1.settlement_id]);
    const s2 = stay(this.#single(v.no, 45), 120000, 130000, 0);
    this.#case('medical-aid-exceeds-cost', 'insurance alone paid 1300.00 on a cost of 1200.00', () => [s2.settlement_id]);
    const n1 = stay(this.#poor(v.no, 72), 500000, 350000, 150100);
    this.#near('medical-aid-exceeds-cost', 'insurance and aid 1.00 above the cost (the tolerance)', () => [n1.settlement_id]);
    const n2 = stay(this.#poor(v.no, 59), 812345, 600000, 212345);
    this.#near('medical-aid-exceeds-cost', 'insurance and aid paying the whole cost', () => [n2.settlement_id]);
  }

  #aidWithoutSettlement(): void {
    const v = this.#village();
    const aid = (code: string, settledDaysBefore: number | null): PlannedPayment => {
      const p = this.#poor(v.no, 60 + this.#rng.int(0, 15));
      const mi = this.#month(v.no, this.#f(code));
      const pay = this.#payDate(p, code, mi);
      if (settledDaysBefore !== null) {
        const settle = addDays(pay, -settledDaysBefore);
        this.#settlement(p, { hospital: '县人民医院', admission: addDays(settle, -9), discharge: settle, total: 1250000, aid: 150000 });
      }
      return this.#pay(p, code, mi, { amount: 300000 });
    };
    const a = aid('YB02', null);
    this.#case('medical-aid-without-settlement', 'medical aid paid to someone with no medical settlement at all', () => [a.payment_id]);
    const b = aid('YB05', 366);
    this.#case('medical-aid-without-settlement', 'inpatient aid paid 366 days after the only settlement', () => [b.payment_id]);
    const n1 = aid('YB05', 365);
    this.#near('medical-aid-without-settlement', 'inpatient aid paid exactly 365 days after the settlement', () => [n1.payment_id]);
    const n2 = aid('YB02', 0);
    this.#near('medical-aid-without-settlement', 'medical aid paid on the day the stay was settled', () => [n2.payment_id]);
    const n3 = aid('YB04', null);
    this.#near('medical-aid-without-settlement', 'serious-illness insurance (a medical fund that is not aid) with no settlement', () => [n3.payment_id]);
  }

  /** Plants every case; `times` repeats the variants (larger counties get more). */
  run(times: number): void {
    for (let t = 0; t < times; t++) {
      this.#deceased();
      this.#incarcerated();
      this.#stateStaff();
      this.#vehicle();
      this.#company();
      this.#underAge();
      this.#disability();
      this.#duplicate();
      this.#exclusive();
      this.#overMax();
      this.#landArea();
      this.#landRate();
      this.#otherAccount();
      this.#sharedAccount();
      this.#cadreOnAssistance();
      this.#cadreRelative();
      this.#cadreContract();
      this.#cadreExpense();
      this.#overlong();
      this.#arrears();
      this.#withoutResolution();
      this.#leasedAsset();
      this.#cash();
      this.#noResolution();
      this.#split();
      this.#duplicateVoucher();
      this.#pensionAfterDeath();
      this.#duplicatePension();
      this.#publicPension();
      this.#movedOut();
      this.#cadreKinMovedIn();
      this.#settlementAfterDeath();
      this.#doubleSettlement();
      this.#aidExceedsCost();
      this.#aidWithoutSettlement();
    }
    // Last: each spike is measured against every recipient planted before it, and later
    // spikes go to other villages.
    for (let t = 0; t < times; t++) this.#spike();
    this.#benford();
  }
}
