/**
 * Medical insurance settlements (医保结算, data-model-extensions.md `medical_settlements`):
 * hospital stays of the payment window at the town health centre, the county hospitals and the
 * city and provincial ones, more often the older the patient; outpatient visits for chronic
 * conditions; and behind every medical-aid payment through the card (a medical fund whose name
 * says 救助) the stay or visit it aided, settled weeks before. Clean by construction: no one is
 * admitted after their death, insurance and aid never pay more than the cost, and a patient's
 * stays never overlap.
 */
import { addDays, dayNumber } from '@sunshine/core';
import { F_PLANTED, type CountyModel, type Human, type SettlementDraft } from './county-model.js';
import type { Prng } from './prng.js';

export type HospitalTier = 'town' | 'county' | 'city';

/** The hospitals of a tier for a patient of `village`. */
export function hospitalOf(model: CountyModel, village: number, tier: HospitalTier, rng: Prng): string {
  if (tier === 'town') return `${model.towns[model.villages[village]!.town]!.name}卫生院`;
  if (tier === 'county') return rng.pick(['县人民医院', '县人民医院', '县中医院', '县妇幼保健院']);
  return rng.pick(['市人民医院', '市人民医院', '市中医院', '市第二人民医院', '省立医院']);
}

const TIERS: readonly HospitalTier[] = ['town', 'county', 'city'];
const TIER_WEIGHTS = [45, 40, 15];
/** Length of stay (days) and total cost (yuan) ranges per tier. */
const STAY: Readonly<Record<HospitalTier, { los: [number, number]; cost: [number, number] }>> = {
  town: { los: [3, 9], cost: [900, 6000] },
  county: { los: [4, 14], cost: [2500, 28000] },
  city: { los: [5, 21], cost: [9000, 120000] },
};

/** Inpatient stays a year per person, by age. */
function stayRate(age: number): number {
  if (age < 15) return 0.03;
  if (age < 45) return 0.035;
  if (age < 60) return 0.06;
  if (age < 75) return 0.11;
  return 0.16;
}

/** Keeps a patient's stays apart, so that no two can look like one stay settled twice. */
export class StayCalendar {
  readonly #spans = new Map<number, [number, number][]>();

  /** Is [admission, discharge] at least a week clear of the person's other stays? */
  free(person: number, admission: string, discharge: string | null): boolean {
    const a = dayNumber(admission) - 7;
    const b = dayNumber(discharge ?? admission) + 7;
    return !(this.#spans.get(person) ?? []).some(([x, y]) => a <= y && x <= b);
  }

  take(person: number, admission: string, discharge: string | null): void {
    const list = this.#spans.get(person) ?? [];
    list.push([dayNumber(admission), dayNumber(discharge ?? admission)]);
    this.#spans.set(person, list);
  }
}

/** A log-uniform amount in fen between two yuan amounts. */
function logFen(rng: Prng, lo: number, hi: number): number {
  return Math.round(Math.exp(Math.log(lo) + rng.float() * Math.log(hi / lo)) * 100);
}

/** Insurance and aid for a stay of `total` fen: insurance 55–85 %, aid (assisted households) 40–70 % of the rest. */
export function splitCost(total: number, assisted: boolean, rng: Prng): { insurance: number; aid: number } {
  const insurance = Math.floor(total * (0.55 + rng.float() * 0.3));
  const aid = assisted ? Math.floor((total - insurance) * (0.4 + rng.float() * 0.3)) : 0;
  return { insurance, aid };
}

/**
 * A stay of `person` admitted on `admission` at a hospital of `tier`, settled on the discharge
 * day or up to three days later (never after asOf); dying in hospital ends the stay. Returns
 * the draft, or null when the calendar has no room or the dates do not fit.
 */
export function addStay(
  model: CountyModel,
  calendar: StayCalendar,
  rng: Prng,
  p: Human,
  admission: string,
  tier: HospitalTier,
  opts: { minCost?: number } = {},
): SettlementDraft | null {
  const spec = STAY[tier];
  let discharge = addDays(admission, rng.int(spec.los[0], spec.los[1]));
  if (p.dead !== null && p.dead < admission) return null;
  if (p.dead !== null && p.dead < discharge) discharge = p.dead;
  const settle = addDays(discharge, rng.int(0, 3));
  if (settle > model.asOf || !calendar.free(p.no, admission, discharge)) return null;
  calendar.take(p.no, admission, discharge);
  const total = Math.max(logFen(rng, spec.cost[0], spec.cost[1]), opts.minCost ?? 0);
  const assisted = p.hh >= 0 && model.households[p.hh]!.kind !== 'normal';
  const d: SettlementDraft = { person: p.no, hospital: hospitalOf(model, p.village, tier, rng), admission, discharge, settle, total, ...splitCost(total, assisted, rng), settlement_id: '' };
  model.settlements.push(d);
  return d;
}

/** An outpatient visit (no discharge date), settled the same day. */
export function addVisit(model: CountyModel, calendar: StayCalendar, rng: Prng, p: Human, date: string, opts: { minCost?: number } = {}): SettlementDraft | null {
  if ((p.dead !== null && p.dead < date) || date > model.asOf || !calendar.free(p.no, date, null)) return null;
  calendar.take(p.no, date, null);
  const total = Math.max(logFen(rng, 120, 1800), opts.minCost ?? 0);
  const assisted = p.hh >= 0 && model.households[p.hh]!.kind !== 'normal';
  const d: SettlementDraft = { person: p.no, hospital: hospitalOf(model, p.village, rng.chance(0.6) ? 'county' : 'town', rng), admission: date, discharge: null, settle: date, total, ...splitCost(total, assisted, rng), settlement_id: '' };
  model.settlements.push(d);
  return d;
}

/** The medical funds that pay aid (the `medical-aid-without-settlement` model looks for 救助 in the name). */
export function isMedicalAid(model: CountyModel, f: number): boolean {
  const fund = model.funds[f]!;
  return fund.kind === 'medical' && fund.name.includes('救助');
}

/** Builds the settlements. Call after the entitlements, before planting. */
export function buildMedicalSettlements(model: CountyModel): void {
  const rng = model.rng('medical');
  const calendar = new StayCalendar();
  // Behind every medical-aid payment: the stay (or, for chronic conditions, the visit) it aided.
  model.funds.forEach((fund, f) => {
    if (!isMedicalAid(model, f)) return;
    for (const list of model.ents[f]!) {
      for (const e of list ?? []) {
        const p = model.people[e.person]!;
        for (let mi = e.start; mi <= e.end; mi++) {
          if (!model.paysIn(f, mi)) continue;
          const pay = model.payDateFor(f, e.person, mi);
          for (let tries = 0; tries < 30; tries++) {
            const settle = addDays(pay, -rng.int(5, Math.min(300, 120 + tries * 8)));
            const ok =
              fund.code === 'YB03'
                ? addVisit(model, calendar, rng, p, settle, { minCost: e.amount })
                : addStay(model, calendar, rng, p, addDays(settle, -rng.int(25, 35)), fund.code === 'FL01' ? 'city' : rng.weighted(TIERS, [20, 55, 25]), { minCost: e.amount * 2 });
            if (ok) break;
          }
        }
      }
    }
  });
  // Ordinary stays and chronic-condition visits in the payment window.
  const first = model.windowStart;
  const lastAdmission = addDays(model.asOf, -25);
  for (const p of model.people) {
    if (!p.registered || p.flags & F_PLANTED || (p.dead !== null && p.dead < first)) continue;
    const age = model.age(p.no, first);
    if (rng.chance(stayRate(age))) {
      const admission = model.dateBetween(first, p.dead !== null && p.dead < lastAdmission ? p.dead : lastAdmission, rng);
      addStay(model, calendar, rng, p, admission, rng.weighted(TIERS, TIER_WEIGHTS));
    }
    if (age >= 55 && rng.chance(0.02)) addVisit(model, calendar, rng, p, model.dateBetween(first, p.dead !== null && p.dead < lastAdmission ? p.dead : lastAdmission, rng));
  }
}
