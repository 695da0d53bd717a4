/**
 * The basic pension register of the social insurance agency (人社局, data-model-extensions.md
 * `pensions`): the resident pension of everyone drawing the basic resident pension through the
 * card, enterprise pensions of former employees, and public-sector pensions of retired state
 * staff. Clean by construction: no one drawing a resident pension through the card also draws
 * an employee or public-sector one, no household on assistance has a member with one, and a
 * pension ends with the month of its pensioner's death.
 */
import { addDays, addYears, ageAt, daysInMonth } from '@sunshine/core';
import { F_JAILED, F_PLANTED, F_RETIRED_STAFF, F_STAFF, type CountyModel, type Human } from './county-model.js';
import type { Prng } from './prng.js';

/** The last day of the month of `date` (a pension is paid for the month of the death). */
export function monthEndOf(date: string): string {
  const d = daysInMonth(+date.slice(0, 4), +date.slice(5, 7));
  return `${date.slice(0, 8)}${d < 10 ? `0${d}` : d}`;
}

/** The first day of the month of the birthday at `age` (when a pension starts). */
function startAtAge(p: Human, age: number): string {
  return `${addYears(p.birth, age).slice(0, 7)}-01`;
}

/** Fen on a 0.10-yuan step between two yuan amounts. */
function fenBetween(rng: Prng, lo: number, hi: number): number {
  return rng.int(lo * 10, hi * 10) * 10;
}

/** Builds the pension register. Call after the entitlements, before planting. */
export function buildPensions(model: CountyModel): void {
  const rng = model.rng('pensions');
  const rs01 = model.fundIndex.get('RS01')!;
  // Everyone with a monthly pension-kind payment through the card (resident pension, land-loss pension).
  const onCard = new Set<number>();
  const resident = new Map<number, number>();
  model.funds.forEach((fund, f) => {
    if (fund.kind !== 'pension' || fund.frequency !== 'monthly') return;
    for (const list of model.ents[f]!) {
      for (const e of list ?? []) {
        onCard.add(e.person);
        if (f === rs01) resident.set(e.person, e.amount);
      }
    }
  });
  const end = (p: Human): string | null => (p.dead === null ? null : monthEndOf(p.dead));
  for (const p of model.people) {
    if (!p.registered || p.flags & F_PLANTED) continue;
    const basic = resident.get(p.no);
    if (basic !== undefined) {
      // Basic pension plus the personal account's part.
      model.pensions.push({ person: p.no, scheme: 'resident', start: startAtAge(p, 60), end: end(p), monthly: basic + fenBetween(rng, 8, 160), pension_id: '' });
      continue;
    }
    if (onCard.has(p.no)) continue;
    const ageEnd = ageAt(p.birth, p.dead ?? model.asOf);
    if (p.flags & F_RETIRED_STAFF) {
      const retired = addDays(addYears(p.birth, 60), 1);
      if (retired <= model.asOf) model.pensions.push({ person: p.no, scheme: 'public_sector', start: `${retired.slice(0, 7)}-01`, end: end(p), monthly: fenBetween(rng, 3600, 7800), pension_id: '' });
      continue;
    }
    // Died before the payment window: a resident pension that ended with the death.
    if (p.dead !== null && p.dead < model.windowStart) {
      if (ageEnd >= 61 && !(p.flags & F_STAFF) && rng.chance(0.8)) model.pensions.push({ person: p.no, scheme: 'resident', start: startAtAge(p, 60), end: end(p), monthly: fenBetween(rng, 190, 330), pension_id: '' });
      continue;
    }
    if (p.flags & (F_STAFF | F_JAILED) || p.hh < 0 || model.households[p.hh]!.kind !== 'normal') continue;
    // Former enterprise workers (and migrant workers who paid in long enough).
    const retireAge = p.gender === 'M' ? 60 : 55;
    if (ageEnd < retireAge) continue;
    const q = ageEnd >= 60 ? 0.5 : 0.03;
    if (!rng.chance(q)) continue;
    model.pensions.push({ person: p.no, scheme: 'employee', start: startAtAge(p, retireAge), end: end(p), monthly: fenBetween(rng, 1650, 4300), pension_id: '' });
  }
}
