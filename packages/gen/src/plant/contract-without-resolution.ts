/**
 * Plants for `contract-without-resolution` (contract): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantContractWithoutResolution(cx: PlantContext): void {
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const s1 = cx.pastStart(1);
  const c1 = cx.contract(books, { subject: 'land', desc: '村南集体机动地', areaC: 6250, start: s1, end: addDays(addYears(s1, 5), -1), annual: 5_000_000, resolution: null });
  cx.addCase('contract-without-resolution', 'land lease of exactly 50000.00 a year with no villagers’ decision', () => [c1.contract_id]);
  const s2 = cx.pastStart(2);
  const n1 = cx.contract(books, { subject: 'building', desc: '村集体厂房', areaC: null, start: s2, end: addDays(addYears(s2, 5), -1), annual: 4_999_999, resolution: null });
  cx.addNearMiss('contract-without-resolution', 'lease of 49999.99 a year with no decision', () => [n1.contract_id]);
  const s3 = cx.pastStart(1);
  const n2 = cx.contract(books, { subject: 'land', desc: '村北集体机动地', areaC: 15000, start: s3, end: addDays(addYears(s3, 10), -1), annual: 12_000_000, resolution: books.resolution(s3, '集体资产承包') });
  cx.addNearMiss('contract-without-resolution', 'lease of 120000.00 a year with a decision on file', () => [n2.contract_id]);
}
