/**
 * Plants for `cadre-related-contract` (cadre): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import { addCompany } from '../build-status.js';
import type { PlantContext } from './context.js';

export function plantCadreRelatedContract(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const term = cx.termStart(v);
  const start = (days: number): string => {
    const d = addDays(term, days);
    return d.endsWith('-02-29') ? addDays(d, 1) : d;
  };
  const k = cx.cadre(v, v.no, term, null);
  const wife = cx.single(v.no, 46, 'F');
  cx.relative(k, wife, 'spouse');
  const c1 = cx.contract(books, { subject: 'pond', desc: '村南坑塘', areaC: 1200, start: start(200), end: addDays(addYears(start(200), 5), -1), annual: 960000, resolution: books.resolution(start(200), '集体资产承包'), party: { name: k.name, id: k.id, company: null } });
  cx.addCase('cadre-related-contract', 'a sitting cadre renting the village pond', () => [c1.contract_id]);
  const c2 = cx.contract(books, { subject: 'land', desc: '村东集体机动地', areaC: 3000, start: start(300), end: addDays(addYears(start(300), 10), -1), annual: 2400000, resolution: books.resolution(start(300), '集体资产承包'), party: { name: wife.name, id: wife.id, company: null } });
  cx.addCase('cadre-related-contract', "the cadre's wife renting collective land", () => [c2.contract_id]);
  const friend = cx.single(v.no, 50);
  const firm = addCompany(m, cx.rng, friend, { line: 'farming', status: 'active', established: addYears(m.asOf, -6) });
  firm.roles.push({ person: wife.no, role: 'shareholder' });
  const c3 = cx.contract(books, { subject: 'building', desc: '村委会临街门市房', areaC: null, start: start(400), end: addDays(addYears(start(400), 3), -1), annual: 1800000, resolution: books.resolution(start(400), '集体资产承包'), party: { name: firm.name, id: null, company: firm.company_id } });
  cx.addCase('cadre-related-contract', "a company in which the cadre's wife holds shares renting the shopfront", () => [c3.contract_id]);
  // Near misses.
  const boss = cx.single(v.no, 44);
  const firm2 = addCompany(m, cx.rng, boss, { line: 'trade', status: 'active', established: addYears(m.asOf, -4) });
  firm2.roles.push({ person: wife.no, role: 'executive' });
  const n1 = cx.contract(books, { subject: 'building', desc: '村西仓库', areaC: null, start: start(250), end: addDays(addYears(start(250), 5), -1), annual: 1200000, resolution: books.resolution(start(250), '集体资产承包'), party: { name: firm2.name, id: null, company: firm2.company_id } });
  cx.addNearMiss('cadre-related-contract', "a company where the cadre's wife is only an executive", () => [n1.contract_id]);
  const k2 = cx.cadre(v, v.no, term, null);
  const n2start = start(-30);
  const n2 = cx.contract(books, { subject: 'land', desc: '村北洼地', areaC: 1500, start: n2start, end: addDays(addYears(n2start, 5), -1), annual: 1200000, resolution: books.resolution(n2start, '集体资产承包'), party: { name: k2.name, id: k2.id, company: null } });
  cx.addNearMiss('cadre-related-contract', 'a contract signed a month before its counterparty became a cadre', () => [n2.contract_id]);
  const other = cx.m.villages.find((x) => x.no !== v.no);
  if (other) {
    const k3 = cx.cadre(other, other.no, cx.termStart(other), null);
    const bro = cx.single(v.no, 43);
    cx.relative(k3, bro, 'sibling');
    const n3 = cx.contract(books, { subject: 'forest', desc: '河堤林地', areaC: 5000, start: start(150), end: addDays(addYears(start(150), 10), -1), annual: 500000, resolution: books.resolution(start(150), '集体资产承包'), party: { name: bro.name, id: bro.id, company: null } });
    cx.addNearMiss('cadre-related-contract', 'the brother of a cadre of another village renting forest land', () => [n3.contract_id]);
  }
}
