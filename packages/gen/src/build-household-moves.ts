/**
 * Registration moves of the last three years (公安户籍迁移, data-model-extensions.md
 * `household_moves`): brides and grooms registered in from neighbouring counties, moves between
 * villages of the county (an `out` and an `in` on one day), young people whose registration left
 * for a city or a university (no longer in `persons`), and people who came back. Clean by
 * construction: no one who left the county is paid afterwards, and no cadre's relative moves
 * into a household on assistance.
 */
import { addDays, addYears, ageAt } from '@sunshine/core';
import { F_CADRE, F_CADRE_REL, F_PLANTED, type CountyModel, type Human } from './county-model.js';

/** Neighbouring counties by the ID-number prefix the generator gives people born there. */
export const PLACE_OF_PREFIX: Readonly<Record<string, string>> = {
  '371425': '山东省德州市齐河县',
  '371427': '山东省德州市夏津县',
  '371428': '山东省德州市武城县',
  '371402': '山东省德州市德城区',
  '371481': '山东省德州市乐陵市',
  '371482': '山东省德州市禹城市',
  '371423': '山东省德州市庆云县',
  '371424': '山东省德州市临邑县',
  '371526': '山东省聊城市高唐县',
  '370126': '山东省济南市商河县',
};

/** Where registrations go when they leave the county (cities, universities). */
export const PLACES_AWAY = [
  '山东省济南市历下区', '山东省济南市长清区', '山东省青岛市黄岛区', '山东省德州市德城区', '山东省淄博市张店区',
  '山东省烟台市莱山区', '天津市滨海新区', '北京市大兴区', '河北省沧州市运河区', '江苏省苏州市吴中区',
] as const;

/** The first day moves are kept for: two years before the payment window. */
export function movesFrom(model: CountyModel): string {
  return addYears(model.windowStart, -2);
}

/** Builds the registration moves. Call after the status registers and entitlements, before planting. */
export function buildHouseholdMoves(model: CountyModel): void {
  const rng = model.rng('moves');
  const from = movesFrom(model);
  const last = addDays(model.asOf, -3);
  const alive = (p: Human, date: string): boolean => p.dead === null || p.dead > date;
  const people = model.people.length;
  for (let no = 0; no < people; no++) {
    const p = model.people[no]!;
    if (!p.registered || p.flags & F_PLANTED || p.hh < 0) continue;
    const age = model.age(no, model.asOf);
    const prefix = p.id.slice(0, 6);
    if (p.rel === 'spouse' && prefix !== '371426' && age >= 22 && age <= 33 && rng.chance(0.3)) {
      // Married into the village from a neighbouring county.
      const earliest = addYears(p.birth, 21) > from ? addYears(p.birth, 21) : from;
      if (earliest >= last) continue;
      const date = model.dateBetween(earliest, last, rng);
      if (alive(p, date)) model.moves.push({ person: no, type: 'in', date, village: p.village, hh: p.hh, place: PLACE_OF_PREFIX[prefix] ?? null, move_id: '' });
      continue;
    }
    if (age < 20 || age > 70 || p.flags & (F_CADRE | F_CADRE_REL)) continue;
    const r = rng.float();
    if (r < 0.004 && model.villages.length > 1) {
      // Moved here from another village of the county: out of the old household, into this one.
      const date = model.dateBetween(from, last, rng);
      let old = rng.int(0, model.villages.length - 2);
      if (old >= p.village) old++;
      const households = model.villages[old]!.households;
      if (!alive(p, date) || households.length === 0) continue;
      model.moves.push({ person: no, type: 'out', date, village: old, hh: rng.pick(households), place: null, move_id: '' });
      model.moves.push({ person: no, type: 'in', date, village: p.village, hh: p.hh, place: null, move_id: '' });
    } else if (r < 0.0055 && age >= 25 && age <= 50) {
      // Came back from a city.
      const date = model.dateBetween(from, last, rng);
      if (alive(p, date)) model.moves.push({ person: no, type: 'in', date, village: p.village, hh: p.hh, place: rng.pick(PLACES_AWAY), move_id: '' });
    }
  }
  // Left the county: students and young workers whose registration went with them. They are no
  // longer in the registry (`persons`), and no fund pays them.
  for (const h of model.households) {
    if (h.planted || h.members.length === 0 || !rng.chance(0.035)) continue;
    const head = model.people[h.head]!;
    const headAge = ageAt(head.birth, model.asOf);
    if (headAge < 40) continue;
    const age = rng.int(18, Math.min(34, headAge - 20));
    const gender = rng.chance(0.5) ? 'M' : 'F';
    const birth = model.birthFor(age, rng);
    const earliest = addYears(birth, 18) > from ? addYears(birth, 18) : from;
    if (earliest >= last) continue;
    const date = model.dateBetween(earliest, last, rng);
    const mover = model.addPerson({ hh: -1, rel: 'other', village: h.village, registered: false, gender, birth, surname: head.name.slice(0, 1) });
    model.moves.push({ person: mover.no, type: 'out', date, village: h.village, hh: h.no, place: rng.pick(PLACES_AWAY), move_id: '' });
  }
}
