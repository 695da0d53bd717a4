/**
 * Plants for `contract-overlong` (contract): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantContractOverlong(cx: PlantContext): void {
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const s1 = cx.pastStart(3);
  const c1 = cx.contract(books, { subject: 'building', desc: '旧学校房屋', areaC: null, start: s1, end: addDays(addYears(s1, 20), 1), annual: 1500000, resolution: books.resolution(s1, '集体资产承包') });
  cx.addCase('contract-overlong', 'building lease of 20 years and one day', () => [c1.contract_id]);
  const s2 = cx.pastStart(6);
  const c2 = cx.contract(books, { subject: 'land', desc: '村西集体机动地', areaC: 4000, start: s2, end: addDays(addYears(s2, 31), -1), annual: 3200000, resolution: books.resolution(s2, '集体资产承包') });
  cx.addCase('contract-overlong', 'land lease of 31 years', () => [c2.contract_id]);
  const s3 = cx.pastStart(2);
  const n1 = cx.contract(books, { subject: 'pond', desc: '村北鱼塘', areaC: 800, start: s3, end: addYears(s3, 20), annual: 640000, resolution: null });
  cx.addNearMiss('contract-overlong', 'pond lease of exactly 20 years', () => [n1.contract_id]);
  const s4 = cx.pastStart(4);
  const n2 = cx.contract(books, { subject: 'land', desc: '村南荒地', areaC: 2500, start: s4, end: addYears(s4, 30), annual: 1750000, resolution: books.resolution(s4, '集体资产承包') });
  cx.addNearMiss('contract-overlong', 'land lease of exactly 30 years', () => [n2.contract_id]);
}
