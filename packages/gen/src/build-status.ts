/**
 * The status registers around the household registry: village cadres and their relatives,
 * state staff, vehicles, companies, prison terms, deaths, disability certificates and
 * contracted land. Everything here keeps households on assistance clean, so that the only
 * findings in the county are the planted ones.
 */
import { addDays, addYears, dayNumber } from '@sunshine/core';
import {
  F_CADRE,
  F_CADRE_REL,
  F_COMPANY,
  F_JAILED,
  F_RETIRED_STAFF,
  F_STAFF,
  F_VETERAN,
  type CompanyDraft,
  type CountyModel,
  type Human,
} from './county-model.js';
import type { FirmLine } from './name-factory.js';
import type { Prng } from './prng.js';

const POSITIONS = ['secretary', 'director', 'accountant', 'member', 'member', 'member', 'other'] as const;
const CERT_CATEGORIES = ['肢体', '视力', '听力', '言语', '智力', '精神', '多重'];
const CERT_WEIGHTS = [45, 12, 12, 2, 10, 12, 7];
const DEATH_SOURCES = ['公安户籍注销', '殡葬火化信息', '医学死亡证明'];

/** Annual probability of death at an age (rural Shandong, rounded). */
export function mortality(age: number): number {
  if (age < 40) return 0.0006;
  if (age < 60) return 0.003;
  if (age < 70) return 0.011;
  if (age < 80) return 0.032;
  if (age < 90) return 0.085;
  return 0.2;
}

function adults(model: CountyModel, hh: number, lo: number, hi: number): Human[] {
  return model.households[hh]!.members.map((m) => model.people[m]!).filter((p) => {
    const a = model.age(p.no, model.asOf);
    return a >= lo && a <= hi;
  });
}

function taint(model: CountyModel, person: number, flag: number): void {
  const p = model.people[person]!;
  p.flags |= flag;
  if (p.hh >= 0) model.households[p.hh]!.clean = false;
}

/** The seat-of-county employers of state staff, and a town's own. */
function employer(model: CountyModel, village: number, rng: Prng): string {
  const town = model.towns[model.villages[village]!.town]!.name;
  return rng.pick([
    `${town}人民政府`, `${town}中心小学`, `${town}初级中学`, `${town}卫生院`, `${town}派出所`, '县人民医院', '县第一中学',
    '县财政局', '县教育和体育局', '县农业农村局', '县公安局', '县自然资源局', `${town}农业综合服务中心`, '县中医院',
  ]);
}

/** Village cadres (current and former) and their close relatives on file. */
function buildCadres(model: CountyModel, rng: Prng): void {
  const termStartYear = model.year - 3;
  for (const village of model.villages) {
    const n = rng.weighted([3, 4, 5, 6, 7], [10, 25, 35, 20, 10]);
    const candidates = village.households
      .filter((h) => model.households[h]!.kind === 'normal')
      .flatMap((h) => adults(model, h, 30, 62));
    rng.shuffle(candidates);
    const usedHh = new Set<number>();
    const usedNames = new Set<string>();
    const chosen: Human[] = [];
    for (const c of candidates) {
      if (chosen.length >= n + 1) break;
      if (usedHh.has(c.hh) || usedNames.has(c.name)) continue;
      usedHh.add(c.hh);
      usedNames.add(c.name);
      chosen.push(c);
    }
    const termStart = model.dateBetween(`${termStartYear}-01-05`, `${termStartYear}-03-31`, rng);
    chosen.forEach((c, i) => {
      const former = i === chosen.length - 1 && chosen.length > n;
      if (former && !rng.chance(0.5)) return;
      taint(model, c.no, F_CADRE);
      const start = former ? model.dateBetween(`${termStartYear - 5}-01-05`, `${termStartYear - 5}-03-31`, rng) : termStart;
      model.cadres.push({
        id_number: c.id,
        name: c.name,
        village_code: village.code,
        position: former ? rng.pick(['member', 'accountant'] as const) : POSITIONS[Math.min(i, POSITIONS.length - 1)]!,
        term_start: start,
        term_end: former ? addDays(termStart, -1) : null,
      });
      if (!former) village.cadres.push(c.no);
      addRelatives(model, c, rng);
    });
  }
}

function addRelatives(model: CountyModel, cadre: Human, rng: Prng): void {
  const seen = new Set<number>();
  const add = (rel: Human, relation: 'spouse' | 'parent' | 'child' | 'sibling' | 'in_law'): void => {
    seen.add(rel.no);
    taint(model, rel.no, F_CADRE_REL);
    model.cadreRelatives.push({ cadre_id_number: cadre.id, relative_id_number: rel.id, relative_name: rel.name, relation });
  };
  const hh = model.households[cadre.hh]!;
  for (const m of hh.members) {
    if (m === cadre.no) continue;
    const p = model.people[m]!;
    const age = model.age(m, model.asOf);
    if (cadre.rel === 'head' || cadre.rel === 'spouse') {
      if (p.rel === 'spouse' || p.rel === 'head') add(p, 'spouse');
      else if (p.rel === 'child' && age >= 16) add(p, 'child');
      else if (p.rel === 'parent') add(p, cadre.rel === 'head' ? 'parent' : 'in_law');
    } else if (p.rel === 'head' && cadre.rel === 'child') add(p, 'parent');
  }
  // Siblings and in-laws in other households of the village.
  const village = model.villages[cadre.village]!;
  const cadreAge = model.age(cadre.no, model.asOf);
  const want = rng.int(0, 2);
  let got = 0;
  for (let tries = 0; tries < 40 && got < want; tries++) {
    const h = model.households[rng.pick(village.households)]!;
    if (h.kind !== 'normal' || h.no === cadre.hh) continue;
    const p = model.people[h.head]!;
    if (Math.abs(model.age(p.no, model.asOf) - cadreAge) > 12 || p.flags & F_CADRE) continue;
    if (seen.has(p.no)) continue;
    add(p, p.name[0] === cadre.name[0] && rng.chance(0.8) ? 'sibling' : 'in_law');
    got++;
  }
}

function buildStaff(model: CountyModel, rng: Prng): void {
  for (const h of model.households) {
    if (h.kind !== 'normal') continue;
    for (const m of h.members) {
      const p = model.people[m]!;
      if (p.flags & (F_CADRE | F_CADRE_REL)) continue;
      const age = model.age(m, model.asOf);
      if (age >= 23 && age <= 59 && rng.chance(0.022)) {
        taint(model, m, F_STAFF);
        const start = model.dateBetween(addYears(p.birth, 21), addYears(p.birth, 23), rng);
        model.staff.push({ id_number: p.id, name: p.name, employer: employer(model, p.village, rng), start_date: start, end_date: null });
      } else if (age >= 62 && age <= 78 && rng.chance(0.012)) {
        taint(model, m, F_RETIRED_STAFF);
        model.staff.push({
          id_number: p.id,
          name: p.name,
          employer: employer(model, p.village, rng),
          start_date: model.dateBetween(addYears(p.birth, 20), addYears(p.birth, 24), rng),
          end_date: addYears(p.birth, 60),
        });
      }
    }
  }
}

function buildVehicles(model: CountyModel, rng: Prng): void {
  const latest = addDays(model.asOf, -10);
  const register = (owner: Human, type: 'car' | 'truck' | 'motorcycle' | 'tractor' | 'agricultural', from: string, to: string, dereg: string | null): void => {
    const farm = type === 'tractor' || type === 'agricultural';
    const reg = model.dateBetween(from, to, rng);
    model.vehicles.push({
      plate: model.ids.plate(farm),
      owner_id_number: owner.id,
      vehicle_type: type,
      registration_date: reg,
      deregistration_date: dereg === null ? null : dereg <= reg ? addDays(reg, 400) : dereg,
    });
  };
  for (const h of model.households) {
    const owners = adults(model, h.no, 18, 72);
    if (owners.length === 0) continue;
    const owner = (): Human => (rng.chance(0.7) && owners.includes(model.people[h.head]!) ? model.people[h.head]! : rng.pick(owners));
    if (h.kind === 'normal') {
      for (const [type, p] of [['car', 0.13], ['truck', 0.025], ['motorcycle', 0.07], ['tractor', 0.04], ['agricultural', 0.015]] as const) {
        if (!rng.chance(p)) continue;
        const o = owner();
        if (type === 'car' || type === 'truck') taint(model, o.no, 0);
        const dereg = rng.chance(0.08) ? model.dateBetween('2016-01-01', addDays(model.asOf, -1), rng) : null;
        register(o, type, '2008-01-01', latest, dereg);
      }
    } else {
      // Households on assistance: only what the rules allow (two-wheelers, farm machines, a car scrapped long ago).
      if (rng.chance(0.12)) register(owner(), 'motorcycle', '2008-01-01', latest, null);
      if (rng.chance(0.04)) register(owner(), 'tractor', '2005-01-01', latest, null);
      if (rng.chance(0.02)) register(owner(), 'agricultural', '2005-01-01', latest, null);
      if (rng.chance(0.03)) {
        const scrapped = model.dateBetween(addYears(model.windowStart, -6), addDays(model.windowStart, -1), rng);
        register(owner(), 'car', '2006-01-01', addYears(scrapped, -2), scrapped);
      }
    }
  }
}

const LINES: readonly FirmLine[] = ['farming', 'trade', 'construction', 'service'];
const LINE_WEIGHTS = [35, 30, 15, 20];

/** A company with a legal representative (and maybe shareholders and an executive). */
export function addCompany(
  model: CountyModel,
  rng: Prng,
  rep: Human,
  opts: { line?: FirmLine; status?: 'active' | 'revoked' | 'cancelled'; established?: string; home?: number; capital?: number } = {},
): CompanyDraft {
  const line = opts.line ?? rng.weighted(LINES, LINE_WEIGHTS);
  const status = opts.status ?? rng.weighted(['active', 'revoked', 'cancelled'] as const, [80, 8, 12]);
  const home = opts.home ?? rep.village;
  const place = home >= 0 ? model.towns[model.villages[home]!.town]!.name : '';
  const capitalYuan = Math.round(Math.exp(Math.log(1e4) + rng.float() * Math.log(500)) / 1e4) * 1e4;
  const c: CompanyDraft = {
    company_id: model.ids.companyId('371426', line === 'farming' && rng.chance(0.5)),
    name: model.names.firm(line, place),
    line,
    status,
    capital: opts.capital ?? capitalYuan * 100,
    established: opts.established ?? model.dateBetween('2005-01-01', addDays(model.asOf, -30), rng),
    roles: [{ person: rep.no, role: 'legal_rep' }],
    home,
  };
  model.companies.push(c);
  if (status === 'active') taint(model, rep.no, F_COMPANY);
  return c;
}

function buildCompanies(model: CountyModel, rng: Prng): void {
  const pool: Human[] = [];
  for (const h of model.households) {
    if (h.kind !== 'normal') continue;
    for (const p of adults(model, h.no, 25, 65)) if (!(p.flags & (F_CADRE | F_CADRE_REL))) pool.push(p);
  }
  for (const rep of pool) {
    if (!rng.chance(0.02)) continue;
    const c = addCompany(model, rng, rep);
    const holders = rng.weighted([0, 1, 2], [50, 35, 15]);
    for (let i = 0; i < holders; i++) {
      const s = rng.pick(pool);
      if (c.roles.some((r) => r.person === s.no)) continue;
      c.roles.push({ person: s.no, role: 'shareholder' });
      if (c.status === 'active') taint(model, s.no, F_COMPANY);
    }
    if (rng.chance(0.3)) {
      const e = rng.pick(pool);
      if (!c.roles.some((r) => r.person === e.no)) c.roles.push({ person: e.no, role: 'executive' });
    }
  }
  // Firms from outside the registry (the county seat): builders and service companies.
  const outside = Math.max(2, Math.round(model.villages.length / 4));
  for (let i = 0; i < outside; i++) {
    const age = rng.int(30, 60);
    const rep = model.addPerson({ hh: -1, rel: 'other', village: rng.int(0, model.villages.length - 1), registered: false, gender: rng.chance(0.85) ? 'M' : 'F', birth: model.birthFor(age, rng), prefix: '371402' });
    addCompany(model, rng, rep, { line: i % 3 === 0 ? 'service' : 'construction', status: 'active', home: -1 });
  }
  // Households on assistance: closed businesses and employee roles, which the rules allow.
  const active = model.companies.filter((c) => c.status === 'active');
  for (const h of model.households) {
    if (h.kind === 'normal') continue;
    const members = adults(model, h.no, 25, 70);
    if (members.length === 0) continue;
    if (rng.chance(0.015)) addCompany(model, rng, rng.pick(members), { status: rng.chance(0.5) ? 'revoked' : 'cancelled' });
    if (rng.chance(0.01) && active.length > 0) rng.pick(active).roles.push({ person: rng.pick(members).no, role: 'executive' });
  }
}

function buildIncarcerations(model: CountyModel, rng: Prng): void {
  for (const h of model.households) {
    if (h.kind !== 'normal') continue;
    for (const m of h.members) {
      const p = model.people[m]!;
      const age = model.age(m, model.asOf);
      if (p.gender !== 'M' || age < 20 || age > 55 || p.flags & (F_CADRE | F_STAFF) || !rng.chance(0.0015)) continue;
      const start = model.dateBetween(addYears(model.asOf, -12), addDays(model.asOf, -20), rng);
      const end = addDays(addYears(start, rng.int(1, 10)), rng.int(-60, 60));
      const released = end <= model.asOf;
      model.incarcerations.push({ id_number: p.id, name: p.name, start_date: start, end_date: released ? end : null });
      if (!released || end >= model.windowStart) taint(model, m, F_JAILED);
    }
  }
}

function buildDeaths(model: CountyModel, rng: Prng): void {
  const windowDays = dayNumber(model.monthEnd(11)) - dayNumber(model.windowStart);
  for (const p of model.people) {
    if (!p.registered || p.flags & (F_CADRE | F_CADRE_REL)) continue;
    const q = mortality(model.age(p.no, model.windowStart)) * (windowDays / 365);
    const r = rng.float();
    let date: string | null = null;
    if (r < q) date = model.dateBetween(model.windowStart, model.monthEnd(11), rng);
    else if (r < q * 1.3) date = model.dateBetween(addYears(model.windowStart, -2), addDays(model.windowStart, -1), rng);
    if (date === null || date <= p.birth) continue;
    p.dead = date;
    model.deaths.push({ id_number: p.id, name: p.name, death_date: date, source: rng.pick(DEATH_SOURCES) });
  }
}

function buildCerts(model: CountyModel, rng: Prng): void {
  for (const p of model.people) {
    if (!p.registered) continue;
    const age = model.age(p.no, model.asOf);
    let q = age < 18 ? 0.006 : age < 40 ? 0.012 : age < 70 ? 0.03 : 0.075;
    if (model.households[p.hh]!.kind !== 'normal') q *= 3;
    if (!rng.chance(q)) continue;
    const from = addYears(p.birth, 1) > '2008-01-01' ? addYears(p.birth, 1) : '2008-01-01';
    if (from >= model.asOf) continue;
    const level = rng.weighted([1, 2, 3, 4], [12, 23, 35, 30]);
    const category = rng.weighted(CERT_CATEGORIES, CERT_WEIGHTS);
    const issue = model.dateBetween(from, addDays(model.asOf, -5), rng);
    const oldLimit = addDays(model.windowStart, -400);
    if (rng.chance(0.07) && issue < oldLimit) {
      // Revoked before the window (recovered, or downgraded out of the register).
      model.certs.push({ id_number: p.id, level, category, issue_date: issue, revoke_date: model.dateBetween(addDays(issue, 300), addDays(model.windowStart, -1), rng) });
      continue;
    }
    if (rng.chance(0.1) && issue > addYears(from, 3)) {
      // Re-issued: the old certificate was revoked the day the new one was issued.
      const old = model.dateBetween(from, addYears(issue, -2), rng);
      model.certs.push({ id_number: p.id, level: Math.min(4, level + 1), category, issue_date: old, revoke_date: issue });
    }
    model.certs.push({ id_number: p.id, level, category, issue_date: issue, revoke_date: null });
  }
}

function buildLand(model: CountyModel, rng: Prng): void {
  for (const h of model.households) {
    const head = model.people[h.head]!;
    const age = model.age(head.no, model.windowStart);
    if (age < 25 || age > 90 || !rng.chance(0.62)) continue;
    const per = rng.int(110, 200);
    const total = Math.max(50, per * Math.min(5, Math.max(1, h.members.length)) + rng.int(-40, 40));
    const parts = rng.chance(0.08) ? [Math.round(total * (0.3 + rng.float() * 0.4))] : [];
    parts.push(total - parts.reduce((a, b) => a + b, 0));
    for (const areaC of parts) model.land.push({ hh: h.no, contractor: head.no, village: h.village, areaC, contract_no: '' });
    h.landC = total;
  }
}

function markVeterans(model: CountyModel, rng: Prng): void {
  for (const p of model.people) {
    if (p.registered && p.gender === 'M' && model.age(p.no, model.asOf) >= 40 && rng.chance(0.03)) p.flags |= F_VETERAN;
  }
}

/** Builds every status register of the county. */
export function buildStatus(model: CountyModel): void {
  buildCadres(model, model.rng('cadres'));
  buildStaff(model, model.rng('staff'));
  buildVehicles(model, model.rng('vehicles'));
  buildCompanies(model, model.rng('companies'));
  buildIncarcerations(model, model.rng('prison'));
  buildDeaths(model, model.rng('deaths'));
  buildCerts(model, model.rng('certs'));
  buildLand(model, model.rng('land'));
  markVeterans(model, model.rng('veterans'));
}
