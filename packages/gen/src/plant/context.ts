/**
 * The planting context: the county model being planted into, the village books, the planter's
 * random stream and the list of what was planted, with the helpers every plant shares (planted
 * households and people, payments and entitlements, cadres, contracts and expenses, pensions,
 * moves and medical settlements). Each model's plant (`plant/<rule-id>.ts`) is a function of
 * this context; `plant/index.ts` lists them.
 */
import { addDays, addYears } from '@sunshine/core';
import { bookInstallments, type VillageBooks } from '../build-collective.js';
import {
  F_CADRE,
  F_CADRE_REL,
  F_PLANTED,
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
} from '../county-model.js';
import { isWorkingDay } from '../is-working-day.js';
import type { Prng } from '../prng.js';
import type { CoreModelId } from '../reference-check.js';

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

/** Plants cases and near misses into one county: the state and helpers the plants share. */
export class PlantContext {
  /** What was planted, in planting order. */
  readonly items: PlantedItem[] = [];
  readonly m: CountyModel;
  readonly books: Map<number, VillageBooks>;
  readonly rng: Prng;
  #villageTurn = 0;
  /** Planted payments per `village|fund|month` cell (see {@link month}). */
  readonly #load = new Map<string, number>();

  constructor(model: CountyModel, books: Map<number, VillageBooks>) {
    this.m = model;
    this.books = books;
    this.rng = model.rng('plant');
  }

  f(code: string): number {
    return this.m.fundIndex.get(code)!;
  }

  addCase(rule: PlantedModelId, note: string, keys: () => readonly string[]): void {
    this.items.push({ rule, kind: 'case', note, keys });
  }

  addNearMiss(rule: PlantedModelId, note: string, keys: () => readonly string[]): void {
    this.items.push({ rule, kind: 'near_miss', note, keys });
  }

  /**
   * Villages in turn. Plants that book expenses avoid Benford near-miss villages (whose count of
   * expenses is exact) and prefer villages with small books (not tested for Benford at all).
   */
  village(opts: { books?: boolean } = {}): Village {
    let pool: readonly Village[] = this.m.villages;
    if (opts.books) {
      const ok = pool.filter((v) => v.book !== 'benford_near');
      const small = ok.filter((v) => v.book === 'small');
      pool = small.length > 0 ? small : ok.length > 0 ? ok : pool;
    }
    return pool[this.#villageTurn++ % pool.length]!;
  }

  /** A month index for a payment pattern spanning `span` months, in the least loaded cell. */
  month(village: number, fund: number, span = 1, lo = MONTHLY_LOW, hi = MONTHLY_HIGH): number {
    let best = lo;
    let bestLoad = Infinity;
    const start = this.rng.int(lo, hi);
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
  household(village: number, members: readonly MemberSpec[], kind: HouseholdKind = 'normal'): { h: Household; people: Human[] } {
    const m = this.m;
    const h = m.addHousehold(village, kind);
    h.planted = true;
    const surname = m.names.surname();
    const people: Human[] = [];
    for (const spec of members) {
      const birth = spec.birth ?? m.birthFor(spec.age ?? 40, this.rng);
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

  single(village: number, age: number, gender: 'M' | 'F' = 'M', kind: HouseholdKind = 'normal'): Human {
    return this.household(village, [{ rel: 'head', gender, age }], kind).people[0]!;
  }

  singleBorn(village: number, birth: string, gender: 'M' | 'F' = 'M'): Human {
    return this.household(village, [{ rel: 'head', gender, birth }]).people[0]!;
  }

  couple(village: number, age: number, kind: HouseholdKind = 'normal'): Human[] {
    return this.household(village, [{ rel: 'head', gender: 'M', age }, { rel: 'spouse', gender: 'F', age: age - 2 }], kind).people;
  }

  outsider(village: number, age: number, prefix = '371402'): Human {
    const m = this.m;
    const p = m.addPerson({ hh: -1, rel: 'other', village, registered: false, gender: 'M', birth: m.birthFor(age, this.rng), prefix });
    p.flags |= F_PLANTED;
    return p;
  }

  /** A planned payment of `person` from fund `code` in the batch of month `mi`. */
  pay(person: Human, code: string, mi: number, opts: { amount?: number; period?: string; payDate?: string; quantityC?: number | null; holder?: Human } = {}): PlannedPayment {
    const m = this.m;
    const f = this.f(code);
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
  ent(person: Human, code: string, start: number, end: number, opts: { amount?: number; holder?: Human } = {}): void {
    if (start > end || start > 11 || end < 0) return;
    const m = this.m;
    const f = this.f(code);
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

  payDate(person: Human, code: string, mi: number): string {
    return this.m.payDateFor(this.f(code), person.no, mi);
  }

  die(p: Human, date: string): void {
    p.dead = date;
    this.m.deaths.push({ id_number: p.id, name: p.name, death_date: date, source: '公安户籍注销' });
  }

  /** The current term start of a village's cadres. */
  termStart(village: Village): string {
    const c = this.m.cadres.find((x) => x.village_code === village.code && x.term_end === null);
    return c?.term_start ?? `${this.m.year - 3}-01-15`;
  }

  /** A new cadre of `village` (living in `home`), with the given term. */
  cadre(village: Village, home: number, termStart: string, termEnd: string | null, age = 48): Human {
    const p = this.single(home, age);
    p.flags |= F_CADRE;
    this.m.cadres.push({ id_number: p.id, name: p.name, village_code: village.code, position: 'member', term_start: termStart, term_end: termEnd });
    return p;
  }

  relative(cadre: Human, rel: Human, relation: 'spouse' | 'parent' | 'child' | 'sibling' | 'in_law'): void {
    rel.flags |= F_CADRE_REL;
    this.m.cadreRelatives.push({ cadre_id_number: cadre.id, relative_id_number: rel.id, relative_name: rel.name, relation });
  }

  poor(village: number, age = 58): Human {
    return this.single(village, age, 'M', 'poor');
  }

  contract(books: VillageBooks, c: Omit<ContractDraft, 'village' | 'contract_id' | 'cpName' | 'cpId' | 'cpCompany'> & { party?: { name: string; id: string | null; company: string | null } }, install: { skip?: number; short?: number; onDue?: boolean } | false = {}): ContractDraft {
    const m = this.m;
    const party = c.party ?? this.party(books);
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
      } else bookInstallments(books, draft, this.rng, install);
    }
    return draft;
  }

  /** A clean contract party: a planted villager with no cadre ties. */
  party(books: VillageBooks): { name: string; id: string; company: null } {
    const p = this.single(books.village.no, 45);
    return { name: p.name, id: p.id, company: null };
  }

  expense(books: VillageBooks, e: { date: string; amount: number; cpName: string; cpId?: string | null; category?: LedgerDraft['category']; method?: 'cash' | 'transfer'; resolution?: string | null; summary?: string }): LedgerDraft {
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
  workday(lo: number, hi: number, offsets: readonly number[] = [], maxDay = 12): string {
    const m = this.m;
    let d = m.dateIn(this.rng.int(lo, hi), this.rng, 1, maxDay);
    for (let i = 0; i < 60; i++) {
      if (isWorkingDay(d) && offsets.every((k) => isWorkingDay(addDays(d, k)))) return d;
      d = m.dateIn(this.rng.int(lo, hi), this.rng, 1, maxDay);
    }
    return d;
  }

  /** A counterparty name used nowhere else in the county. */
  firm(village: Village): string {
    return this.m.names.firm('construction', this.m.towns[village.town]!.name);
  }

  booksOf(village: Village): VillageBooks {
    return this.books.get(village.no)!;
  }

  land(p: Human, parts: readonly number[]): void {
    const m = this.m;
    for (const areaC of parts) m.land.push({ hh: p.hh, contractor: p.no, village: p.village, areaC, contract_no: '' });
    if (p.hh >= 0) m.households[p.hh]!.landC += parts.reduce((a, b) => a + b, 0);
  }

  outsiderLand(p: Human, parts: readonly number[]): void {
    const m = this.m;
    const code = `${m.villages[p.village]!.code}9${String(m.land.length % 1000).padStart(3, '0')}`;
    for (const areaC of parts) m.land.push({ hh: -1, hidOverride: code, contractor: p.no, village: p.village, areaC, contract_no: '' });
  }

  pastStart(yearsAgo: number): string {
    const d = this.m.dateBetween(addYears(this.m.asOf, -yearsAgo - 1), addYears(this.m.asOf, -yearsAgo), this.rng);
    return d;
  }

  /** Villages already holding a planted spike or spike near miss (one per village keeps them apart). */
  readonly spikeVillages = new Set<number>();

  pension(p: Human, scheme: PensionDraft['scheme'], start: string, end: string | null, monthly: number): PensionDraft {
    const d: PensionDraft = { person: p.no, scheme, start, end, monthly, pension_id: '' };
    this.m.pensions.push(d);
    return d;
  }

  /** The month a pension of `p` starts when it starts at `age`. */
  startAt(p: Human, age: number): string {
    return `${addYears(p.birth, age).slice(0, 7)}-01`;
  }

  move(p: Human, type: 'in' | 'out', date: string, village: number, hh: number, place: string | null = null): MoveDraft {
    const d: MoveDraft = { person: p.no, type, date, village, hh, place, move_id: '' };
    this.m.moves.push(d);
    return d;
  }

  /** A planted person whose registration has left the county (not in `persons`). */
  leaver(village: number, age: number, gender: 'M' | 'F' = 'M'): Human {
    const m = this.m;
    const p = m.addPerson({ hh: -1, rel: 'other', village, registered: false, gender, birth: m.birthFor(age, this.rng) });
    p.flags |= F_PLANTED;
    return p;
  }

  settlement(p: Human, s: { hospital: string; admission: string; discharge: string | null; settle?: string; total: number; insurance?: number; aid?: number }): SettlementDraft {
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
    this.m.settlements.push(d);
    return d;
  }

  /** A date in the payment window at least `margin` days before asOf. */
  windowDate(margin = 40): string {
    return this.m.dateBetween(this.m.windowStart, addDays(this.m.asOf, -margin), this.rng);
  }
}
