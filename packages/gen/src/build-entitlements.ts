/**
 * Who receives which fund, from which month, how much, into whose card. The rules of thumb:
 * means-tested money goes only to households on assistance (which are clean by
 * construction), age-based money starts on the first pay day at or after the birthday, the
 * dead are paid up to the period that starts on or before their death, and cards belong to
 * the payee or to an adult of the payee's household.
 */
import { ageAt } from '@sunshine/core';
import {
  F_JAILED,
  F_PLANTED,
  F_RETIRED_STAFF,
  F_STAFF,
  F_VETERAN,
  type CountyModel,
  type Human,
} from './county-model.js';
import type { FundSpec, RecipientPool } from './fund-catalogue.js';
import { hash32, type Prng } from './prng.js';

/** Fen amount of a fund's range, log-uniform over wide ranges, on its step. */
export function drawAmount(fund: FundSpec, rng: Prng): number {
  const [lo, hi, step] = fund.amount;
  const stepFen = Math.max(1, Math.round(step * 100));
  if (lo === hi) return Math.round(lo * 100);
  const x = hi / lo >= 10 ? Math.exp(Math.log(lo) + rng.float() * Math.log(hi / lo)) : lo + rng.float() * (hi - lo);
  const fen = Math.floor((x * 100) / stepFen) * stepFen;
  return Math.min(Math.round(hi * 100), Math.max(Math.round(lo * 100), fen));
}

/** The person whose card a payee's money goes to (the payee, or an adult of the household). */
export function holderOf(model: CountyModel, person: number): number {
  const p = model.people[person]!;
  if (p.hh < 0) return person;
  const age = model.age(person, model.windowStart);
  const draw = hash32(model.seed, 'guardian', person) % 10;
  const needsGuardian = age < 18 || (age >= 75 && draw < 2) || (age >= 85 && draw < 5);
  if (!needsGuardian) return person;
  const h = model.households[p.hh]!;
  for (const m of [h.head, ...h.members]) {
    if (m === person) continue;
    const q = model.people[m]!;
    const a = model.age(m, model.windowStart);
    if (a >= 20 && a <= 75 && q.dead === null) return m;
  }
  return person;
}

class EntitlementBuilder {
  readonly #model: CountyModel;
  readonly #groups = new Map<number, Set<string>>();
  readonly #holders = new Map<number, number>();

  constructor(model: CountyModel) {
    this.#model = model;
  }

  holder(person: number): number {
    let h = this.#holders.get(person);
    if (h === undefined) this.#holders.set(person, (h = holderOf(this.#model, person)));
    return h;
  }

  /** Takes the person for an exclusive group; false when they already hold a fund of it. */
  claimGroup(person: number, group: string | null): boolean {
    if (group === null) return true;
    let set = this.#groups.get(person);
    if (!set) this.#groups.set(person, (set = new Set()));
    if (set.has(group)) return false;
    set.add(group);
    return true;
  }

  /** The last month index a person may be paid for: the last period starting on or before death. */
  lastMonth(person: number): number {
    const dead = this.#model.people[person]!.dead;
    if (dead === null) return 11;
    let last = -1;
    for (let mi = 0; mi < 12; mi++) if (this.#model.monthStart(mi) <= dead) last = mi;
    return last;
  }

  /** Adds an entitlement over [start, end] clipped by death; one-batch funds need the payee alive on the pay day. */
  add(f: number, person: number, start: number, end: number, amount: number, quantityC: number | null = null): void {
    const model = this.#model;
    const fund = model.funds[f]!;
    const p = model.people[person]!;
    if (fund.frequency === 'yearly' || fund.frequency === 'once') {
      if (p.dead !== null && p.dead <= model.payDateFor(f, person, start)) return;
    } else {
      end = Math.min(end, this.lastMonth(person));
      let any = false;
      for (let mi = start; mi <= end; mi++) if (model.paysIn(f, mi)) any = true;
      if (!any) return;
    }
    if (start > end) return;
    model.addEntitlement({ person, fund: f, start, end, amount, quantityC, holder: this.holder(person) });
  }
}

function aliveAtStart(model: CountyModel, p: Human): boolean {
  return p.registered && !(p.flags & F_PLANTED) && (p.dead === null || p.dead >= model.windowStart);
}

/** The payee of a household: the head, or another living adult when the head has died. */
export function householdPayee(model: CountyModel, hh: number): number | null {
  const h = model.households[hh]!;
  const ok = (m: number): boolean => {
    const p = model.people[m]!;
    return p.dead === null || p.dead >= model.windowStart;
  };
  if (ok(h.head)) return h.head;
  for (const m of h.members) if (ok(m) && model.age(m, model.windowStart) >= 18) return m;
  return null;
}

const POOL_CACHE = new WeakMap<CountyModel, Map<RecipientPool, number[]>>();

function poolOf(model: CountyModel, pool: RecipientPool, ages: Int16Array): number[] {
  let cache = POOL_CACHE.get(model);
  if (!cache) POOL_CACHE.set(model, (cache = new Map<RecipientPool, number[]>()));
  let out = cache.get(pool);
  if (!out) cache.set(pool, (out = buildPool(model, pool, ages)));
  return out;
}

function buildPool(model: CountyModel, pool: RecipientPool, ages: Int16Array): number[] {
  const out: number[] = [];
  const assist = (hh: number): boolean => hh >= 0 && model.households[hh]!.kind !== 'normal';
  const validCert = new Map<string, { level: number; issue: string }>();
  if (pool.startsWith('disab')) {
    for (const c of model.certs) if (c.revoke_date === null) validCert.set(c.id_number, { level: c.level, issue: c.issue_date });
  }
  const byAge = (lo: number, hi: number, extra?: (p: Human) => boolean): void => {
    for (const p of model.people) {
      if (!aliveAtStart(model, p)) continue;
      const a = ages[p.no]!;
      if (a >= lo && a <= hi && (!extra || extra(p))) out.push(p.no);
    }
  };
  const heads = (filter: (kind: string) => boolean): void => {
    for (const h of model.households) {
      if (h.planted || !filter(h.kind)) continue;
      const payee = householdPayee(model, h.no);
      if (payee !== null) out.push(payee);
    }
  };
  switch (pool) {
    case 'dibao':
      heads((k) => k === 'poor');
      break;
    case 'tekun':
      heads((k) => k === 'tekun');
      break;
    case 'marginal_head':
      heads((k) => k === 'marginal');
      break;
    case 'assist_head':
      heads((k) => k !== 'normal');
      break;
    case 'head':
      heads(() => true);
      break;
    case 'assist_member':
      byAge(0, 120, (p) => assist(p.hh));
      break;
    case 'assist_kid':
      byAge(3, 5, (p) => assist(p.hh));
      break;
    case 'assist_child':
      byAge(6, 14, (p) => assist(p.hh));
      break;
    case 'assist_teen':
      byAge(15, 17, (p) => assist(p.hh));
      break;
    case 'assist_youth':
      byAge(18, 22, (p) => assist(p.hh));
      break;
    case 'assist_adult':
      byAge(18, 59, (p) => assist(p.hh));
      break;
    case 'assist_elderly':
      byAge(60, 120, (p) => assist(p.hh));
      break;
    case 'disabled':
      byAge(0, 120, (p) => validCert.has(p.id));
      break;
    case 'disabled_adult':
      byAge(18, 59, (p) => validCert.has(p.id));
      break;
    case 'disabled_child':
      byAge(0, 17, (p) => validCert.has(p.id));
      break;
    case 'disab_life':
      byAge(0, 120, (p) => validCert.has(p.id) && assist(p.hh));
      break;
    case 'disab_care':
      byAge(0, 120, (p) => (validCert.get(p.id)?.level ?? 9) <= 2);
      break;
    case 'tractor_owner': {
      const owners = new Set(model.vehicles.filter((v) => v.vehicle_type === 'tractor' || v.vehicle_type === 'agricultural').map((v) => v.owner_id_number));
      byAge(18, 120, (p) => owners.has(p.id));
      break;
    }
    case 'elderly49':
      byAge(49, 120);
      break;
    case 'elderly60':
      byAge(60, 120);
      break;
    case 'elderly65':
      byAge(65, 120);
      break;
    case 'adult':
      byAge(18, 59);
      break;
    case 'worker':
      byAge(25, 55);
      break;
    case 'young':
      byAge(18, 35);
      break;
    case 'student':
      byAge(18, 22);
      break;
    case 'women':
      byAge(20, 40, (p) => p.gender === 'F');
      break;
    case 'women_mid':
      byAge(35, 64, (p) => p.gender === 'F');
      break;
    case 'orphan':
      byAge(0, 15, (p) => p.rel === 'child' && hash32(model.seed, 'orphan', p.no) % 1000 < 4);
      break;
    case 'veteran':
      byAge(40, 120, (p) => (p.flags & F_VETERAN) !== 0);
      break;
    case 'veteran_old':
      byAge(60, 120, (p) => (p.flags & F_VETERAN) !== 0);
      break;
    case 'age100':
    case 'age80':
    case 'age90':
    case 'funeral':
    case 'land_part':
    case 'land_scale':
    case 'land':
    case 'pension':
    default:
      throw new Error(`pool ${pool} is built specially`);
  }
  return out;
}

function monthOfBirthday(model: CountyModel, f: number, person: number, age: number): number {
  for (let mi = 0; mi < 12; mi++) if (ageAt(model.people[person]!.birth, model.payDateFor(f, person, mi)) >= age) return mi;
  return 12;
}

function firstMonthAtAge(model: CountyModel, person: number, age: number): number {
  for (let mi = 0; mi < 12; mi++) if (ageAt(model.people[person]!.birth, model.monthStart(mi)) >= age) return mi;
  return 12;
}

function buildAgeFunds(model: CountyModel, b: EntitlementBuilder): void {
  const pension = model.fundIndex.get('RS01')!;
  const f80 = model.fundIndex.get('MZ08')!;
  const f90 = model.fundIndex.get('MZ09')!;
  const f100 = model.fundIndex.get('MZ10')!;
  const end = model.monthEnd(11);
  for (const p of model.people) {
    if (!aliveAtStart(model, p)) continue;
    const ageEnd = ageAt(p.birth, end);
    if (ageEnd < 60) continue;
    const h = hash32(model.seed, 'age-funds', p.no) % 1000;
    if (!(p.flags & (F_JAILED | F_STAFF | F_RETIRED_STAFF)) && h < 840) {
      const start = monthOfBirthday(model, pension, p.no, 60);
      const a = ageAt(p.birth, model.windowStart);
      b.add(pension, p.no, start, 11, a >= 75 ? 21500 : a >= 65 ? 20500 : 20000);
    }
    if (ageEnd < 80) continue;
    const m90 = firstMonthAtAge(model, p.no, 90);
    const m100 = firstMonthAtAge(model, p.no, 100);
    const s80 = monthOfBirthday(model, f80, p.no, 80);
    if (s80 < m90) b.add(f80, p.no, s80, m90 - 1, 30000);
    if (m90 < 12 && m90 < m100) b.add(f90, p.no, m90, m100 - 1, 20000);
    if (m100 < 12) b.add(f100, p.no, m100, 11, 50000);
  }
}

function buildLandFunds(model: CountyModel, b: EntitlementBuilder, f: number, rng: Prng): void {
  const fund = model.funds[f]!;
  const mi = model.batchMonth(f);
  if (mi < 0) return;
  const rateFen = fund.unitRate === null ? null : Math.round(fund.unitRate * 100);
  const payee = (hh: number): number | null => {
    const h = model.households[hh]!;
    const payDate = model.payDate(f, model.villages[h.village]!.town, mi);
    for (const m of [h.head, ...h.members]) {
      const q = model.people[m]!;
      if ((q.dead === null || q.dead > payDate) && model.age(m, payDate) >= 18) return m;
    }
    return null;
  };
  for (const h of model.households) {
    if (h.landC <= 0 || h.planted) continue;
    if (fund.pool === 'land_scale' && h.landC < 700) continue;
    if (!rng.chance(fund.pool === 'land_scale' ? 0.25 : fund.rate)) continue;
    const who = payee(h.no);
    if (who === null) continue;
    const q = fund.pool === 'land_part' ? Math.max(20, Math.round(h.landC * (0.4 + rng.float() * 0.6))) : h.landC;
    const amount = rateFen === null ? drawAmount(fund, rng) : Math.round((q * rateFen) / 100);
    b.add(f, who, mi, mi, amount, q);
  }
}

function buildFuneral(model: CountyModel, b: EntitlementBuilder, f: number, rng: Prng): void {
  const fund = model.funds[f]!;
  const paid = new Set<number>();
  for (const p of model.people) {
    if (!p.registered || p.dead === null || p.dead < model.windowStart || p.hh < 0) continue;
    if (fund.kind === 'pension' && ageAt(p.birth, p.dead) < 60) continue;
    if (!rng.chance(fund.rate)) continue;
    const mi = model.months.indexOf(p.dead.slice(0, 7)) + 1;
    if (mi <= 0 || mi > 11) continue;
    const h = model.households[p.hh]!;
    const heir = h.members.find((m) => {
      const q = model.people[m]!;
      return m !== p.no && q.dead === null && model.age(m, model.asOf) >= 20 && !(fund.kind === 'pension' && q.flags & F_JAILED);
    });
    // One grant per heir a year, even when two of the household died.
    if (heir === undefined || paid.has(heir)) continue;
    paid.add(heir);
    b.add(f, heir, mi, mi, drawAmount(fund, rng));
  }
}

/** Builds every entitlement of the county. */
export function buildEntitlements(model: CountyModel): void {
  const b = new EntitlementBuilder(model);
  const ages = Int16Array.from(model.people, (p) => ageAt(p.birth, model.windowStart));
  buildAgeFunds(model, b);
  model.funds.forEach((fund, f) => {
    const rng = model.rng('fund', fund.code);
    if (['pension', 'age80', 'age90', 'age100'].includes(fund.pool)) return;
    if (fund.kind === 'land_based') return buildLandFunds(model, b, f, rng);
    if (fund.pool === 'funeral') return buildFuneral(model, b, f, rng);
    const strict = fund.kind === 'means_tested' || fund.kind === 'pension';
    const pool = poolOf(model, fund.pool, ages);
    const certIssue = new Map<string, { issue: string; level: number }>();
    if (fund.kind === 'disability') for (const c of model.certs) if (c.revoke_date === null) certIssue.set(c.id_number, { issue: c.issue_date, level: c.level });
    for (const person of pool) {
      const p = model.people[person]!;
      if (strict && p.flags & F_JAILED) continue;
      if (!rng.chance(fund.rate)) continue;
      if (!b.claimGroup(person, fund.group)) continue;
      let amount = drawAmount(fund, rng);
      if (fund.pool === 'dibao') {
        const h = model.households[p.hh]!;
        amount = 0;
        for (const m of h.members) if (model.people[m]!.dead === null || model.people[m]!.dead >= model.windowStart) amount += Math.round(drawAmount(fund, rng) / 1000) * 1000;
        amount = Math.min(amount, Math.round(fund.max! * 100));
      }
      let start = 0;
      if (fund.frequency === 'once') start = fund.payMonth === undefined ? rng.int(0, 11) : model.batchMonth(f);
      else if (fund.frequency === 'yearly') start = model.batchMonth(f);
      if (start < 0) continue;
      const end = fund.frequency === 'monthly' || fund.frequency === 'quarterly' ? 11 : start;
      if (fund.kind === 'disability') {
        const cert = certIssue.get(p.id);
        if (!cert) continue;
        if (fund.code === 'MZ12') amount = cert.level === 1 ? 14000 : 11000;
        while (start <= end && model.payDateFor(f, person, start) < cert.issue) start++;
        if (fund.frequency !== 'monthly' && fund.frequency !== 'quarterly' && start !== end) continue;
      }
      if (fund.minAge !== null) {
        while (start <= end && ageAt(p.birth, model.payDateFor(f, person, start)) < fund.minAge) start++;
        if (fund.frequency !== 'monthly' && fund.frequency !== 'quarterly' && start !== end) continue;
      }
      b.add(f, person, start, end, amount);
    }
  });
}
