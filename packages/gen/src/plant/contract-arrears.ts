/**
 * Plants for `contract-arrears` (contract): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantContractArrears(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const s1 = cx.pastStart(5);
  const c1 = cx.contract(books, { subject: 'land', desc: '村东地块', areaC: 2000, start: s1, end: addDays(addYears(s1, 10), -1), annual: 1600000, resolution: books.resolution(s1, '集体资产承包') }, { skip: 2 });
  cx.addCase('contract-arrears', 'third year of a land lease never paid', () => [c1.contract_id]);
  const s2 = cx.pastStart(2);
  const c2 = cx.contract(books, { subject: 'building', desc: '村西门市房', areaC: null, start: s2, end: addDays(addYears(s2, 5), -1), annual: 1200000, resolution: books.resolution(s2, '集体资产承包') }, { short: 101 });
  cx.addCase('contract-arrears', 'rent paid 1.01 short', () => [c2.contract_id]);
  const s3 = addYears(m.asOf, -3);
  const c3 = cx.contract(books, { subject: 'pond', desc: '村东鱼塘', areaC: 600, start: s3, end: addDays(addYears(s3, 5), -1), annual: 480000, resolution: null }, { skip: 3, onDue: true });
  cx.addCase('contract-arrears', 'installment due on the asOf date itself, not paid', () => [c3.contract_id]);
  const s4 = cx.pastStart(2);
  const n1 = cx.contract(books, { subject: 'equipment', desc: '粮食烘干机', areaC: null, start: s4, end: addDays(addYears(s4, 3), -1), annual: 800000, resolution: null }, { short: 100 });
  cx.addNearMiss('contract-arrears', 'rent paid exactly 1.00 short (the tolerance)', () => [n1.contract_id]);
  const n2 = cx.contract(books, { subject: 'land', desc: '村北地块', areaC: 1500, start: addDays(m.asOf, 1), end: addDays(addYears(addDays(m.asOf, 1), 5), -1), annual: 1100000, resolution: books.resolution(m.asOf, '集体资产承包') }, false);
  cx.addNearMiss('contract-arrears', 'a lease starting the day after asOf, nothing paid yet', () => [n2.contract_id]);
  const s5 = addYears(m.asOf, -2);
  const n3 = cx.contract(books, { subject: 'other', desc: '光伏屋顶', areaC: null, start: s5, end: addDays(addYears(s5, 4), -1), annual: 600000, resolution: null }, { onDue: true });
  cx.addNearMiss('contract-arrears', 'installment due and paid on the asOf date', () => [n3.contract_id]);
  const s6 = cx.pastStart(8);
  const n4 = cx.contract(books, { subject: 'building', desc: '旧村委会院落', areaC: null, start: s6, end: addDays(addYears(s6, 3), -1), annual: 700000, resolution: null });
  cx.addNearMiss('contract-arrears', 'an expired lease paid in full', () => [n4.contract_id]);
}
