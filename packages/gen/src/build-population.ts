/**
 * Towns, villages, households and the household registry (户籍) of the county.
 */
import type { CountyModel, Household, Relation } from './county-model.js';
import type { Prng } from './prng.js';

const OTHER_PREFIXES = ['371425', '371427', '371428', '371402', '371481', '371482', '371423', '371424', '371526', '370126'];
const SIZE_WEIGHTS = [0.16, 0.3, 0.2, 0.18, 0.1, 0.06];
const SIZES = [1, 2, 3, 4, 5, 6];

interface MemberPlan {
  rel: Relation;
  age: number;
  gender: 'M' | 'F';
}

function clampAge(a: number): number {
  return Math.max(0, Math.min(101, Math.round(a)));
}

/** The members of a household of `size`: relation, age at asOf and gender. */
function planHousehold(size: number, rng: Prng): MemberPlan[] {
  const plan: MemberPlan[] = [];
  /** An age in [lo, hi], skewed towards lo when power > 1 (fewer of the very old). */
  const head = (lo: number, hi: number, male: number, power = 1): number => {
    const age = lo + Math.floor((hi - lo + 1) * rng.float() ** power);
    plan.push({ rel: 'head', age, gender: rng.chance(male) ? 'M' : 'F' });
    return age;
  };
  const spouse = (a: number): void => {
    const g = plan[0]!.gender === 'M' ? 'F' : 'M';
    plan.push({ rel: 'spouse', age: clampAge(a + rng.normal() * 2.5 - (g === 'F' ? 1.5 : -1.5)), gender: g });
  };
  const children = (a: number, n: number): void => {
    let last = a - rng.int(21, 31);
    for (let i = 0; i < n; i++) {
      const age = Math.max(0, last);
      plan.push({ rel: 'child', age, gender: rng.chance(0.52) ? 'M' : 'F' });
      last = age - rng.int(1, 6);
    }
  };
  const parents = (a: number, n: number): void => {
    const age = Math.min(99, a + rng.int(22, 30));
    if (n === 2) {
      plan.push({ rel: 'parent', age: Math.min(100, age + rng.int(0, 3)), gender: 'M' });
      plan.push({ rel: 'parent', age, gender: 'F' });
    } else {
      plan.push({ rel: 'parent', age, gender: rng.chance(0.65) ? 'F' : 'M' });
    }
  };
  switch (size) {
    case 1:
      if (rng.chance(0.5)) head(60, 96, 0.45, 2.3);
      else head(25, 59, 0.75);
      break;
    case 2: {
      const r = rng.float();
      if (r < 0.62) spouse(head(45, 90, 0.92, 1.8));
      else if (r < 0.86) spouse(head(23, 40, 0.92));
      else children(head(42, 82, 0.55), 1);
      break;
    }
    case 3: {
      const r = rng.float();
      if (r < 0.6) {
        const a = head(26, 58, 0.92);
        spouse(a);
        children(a, 1);
      } else {
        const a = head(30, 56, 0.92);
        spouse(a);
        parents(a, 1);
      }
      break;
    }
    case 4: {
      const a = head(28, 56, 0.93);
      spouse(a);
      if (rng.chance(0.6)) children(a, 2);
      else {
        children(a, 1);
        parents(a, 1);
      }
      break;
    }
    case 5: {
      const a = head(30, 56, 0.94);
      spouse(a);
      if (rng.chance(0.6)) {
        children(a, 2);
        parents(a, 1);
      } else children(a, 3);
      break;
    }
    default: {
      const a = head(30, 52, 0.95);
      spouse(a);
      children(a, 2);
      parents(a, 2);
    }
  }
  return plan;
}

/** Creates one household in `village` with the planned members; returns it. */
export function addPlannedHousehold(model: CountyModel, village: number, plan: readonly MemberPlan[], rng: Prng): Household {
  const h = model.addHousehold(village);
  const headPlan = plan[0]!;
  const surname = model.names.surname();
  let maleSurname = surname;
  for (const m of plan) {
    const birth = model.birthFor(m.age, rng);
    let s: string | undefined;
    if (m.rel === 'head') s = surname;
    else if (m.rel === 'child') {
      if (headPlan.gender === 'M') s = surname;
      else s = maleSurname;
    } else if (m.rel === 'parent' && m.gender === 'M') s = surname;
    const foreign = m.rel === 'spouse' ? rng.chance(0.35) : rng.chance(0.04);
    const person = model.addPerson({
      hh: h.no,
      rel: m.rel,
      village,
      registered: true,
      gender: m.gender,
      birth,
      ...(s === undefined ? {} : { surname: s }),
      prefix: foreign ? rng.pick(OTHER_PREFIXES) : '371426',
    });
    if (m.rel === 'head') h.head = person.no;
    if (m.rel === 'spouse' && m.gender === 'M') maleSurname = person.name.slice(0, 1);
  }
  return h;
}

/** Builds towns, villages and their households and people. */
export function buildPopulation(model: CountyModel): void {
  const rng = model.rng('population');
  const { towns, villages, meanPersons } = model.shape;
  // Villages per town: as even as possible, with some variation.
  const weights = Array.from({ length: towns }, () => 0.8 + rng.float() * 0.4);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const perTown = weights.map((w) => Math.max(1, Math.floor((w / wsum) * villages)));
  let left = villages - perTown.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % towns, left--) perTown[i]!++;
  for (let t = 0; t < towns; t++) {
    const code = `371426${String(t < 2 ? 1 + t : 98 + t).padStart(3, '0')}`;
    model.towns.push({ no: t, code, name: model.names.town(t), villages: [] });
  }
  // Village sizes: log-normal spread, scaled to the county total.
  const raw = Array.from({ length: villages }, () => Math.exp(rng.normal() * 0.45));
  const rsum = raw.reduce((a, b) => a + b, 0);
  const target = Math.round(villages * meanPersons);
  let v = 0;
  for (let t = 0; t < towns; t++) {
    const town = model.towns[t]!;
    for (let k = 0; k < perTown[t]!; k++, v++) {
      const code = `${town.code}${String(201 + k).padStart(3, '0')}`;
      model.villages.push({ no: v, town: t, code, name: model.names.village(), households: [], book: 'small', cadres: [] });
      town.villages.push(v);
    }
  }
  for (let i = 0; i < villages; i++) {
    const want = Math.max(40, Math.round((raw[i]! / rsum) * target));
    let persons = 0;
    while (persons < want) {
      const size = rng.weighted(SIZES, SIZE_WEIGHTS);
      const plan = planHousehold(size, rng);
      addPlannedHousehold(model, i, plan, rng);
      persons += plan.length;
    }
  }
  assignHouseholdKinds(model, rng);
}

/** Picks the households on minimum living allowance (低保), destitute (特困) and marginal. */
function assignHouseholdKinds(model: CountyModel, rng: Prng): void {
  for (const h of model.households) {
    const head = model.people[h.head]!;
    const age = model.age(head.no, model.windowStart);
    const size = h.members.length;
    let p = 0.018;
    if (age >= 70) p *= 2.6;
    else if (age >= 60) p *= 1.6;
    if (size <= 2) p *= 1.5;
    if (size === 1 && age >= 60 && rng.chance(0.09)) h.kind = 'tekun';
    else if (rng.chance(p)) h.kind = 'poor';
    else if (rng.chance(0.012)) h.kind = 'marginal';
  }
}

export type { MemberPlan };
