/**
 * Plants for `duplicate-voucher` (finance): true cases a correct engine must report and near misses it must not.
 */
import { addDays, formatMoney } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantDuplicateVoucher(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const key = (cp: string, amount: number, d: string): string => `${v.code}|${cp}|${formatMoney(amount)}|${d}`;
  {
    const cp = m.names.shop(v.name, '酒家');
    const d = cx.workday(0, 10, [2], 20);
    cx.expense(books, { date: d, amount: 86000, cpName: cp, category: 'hospitality', method: 'cash', summary: '接待工作餐' });
    cx.expense(books, { date: addDays(d, 2), amount: 86000, cpName: cp, category: 'hospitality', method: 'cash', summary: '接待工作餐' });
    cx.addCase('duplicate-voucher', 'the same 860.00 meal bill booked twice, two days apart', () => [key(cp, 86000, d)]);
  }
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 10, [3], 20);
    cx.expense(books, { date: d, amount: 450000, cpName: cp, summary: '路灯维修费' });
    cx.expense(books, { date: addDays(d, 3), amount: 450000, cpName: cp, summary: '路灯维修费' });
    cx.addCase('duplicate-voucher', 'the same 4500.00 invoice booked three days apart (window inclusive)', () => [key(cp, 450000, d)]);
  }
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 10, [4], 20);
    cx.expense(books, { date: d, amount: 230000, cpName: cp, summary: '垃圾清运费' });
    cx.expense(books, { date: addDays(d, 4), amount: 230000, cpName: cp, summary: '垃圾清运费' });
    cx.addNearMiss('duplicate-voucher', 'the same amount to the same firm four days apart', () => [key(cp, 230000, d), key(cp, 230000, addDays(d, 4))]);
  }
  {
    const a = cx.firm(v);
    const b = cx.firm(v);
    const d = cx.workday(0, 10, [], 20);
    cx.expense(books, { date: d, amount: 310000, cpName: a, summary: '苗木采购款' });
    cx.expense(books, { date: d, amount: 310000, cpName: b, summary: '苗木采购款' });
    cx.addNearMiss('duplicate-voucher', 'the same amount to two different firms on one day', () => [key(a, 310000, d), key(b, 310000, d)]);
  }
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 10, [1], 20);
    cx.expense(books, { date: d, amount: 520000, cpName: cp, summary: '水泥采购款' });
    cx.expense(books, { date: addDays(d, 1), amount: 520001, cpName: cp, summary: '水泥采购款' });
    cx.addNearMiss('duplicate-voucher', 'amounts 0.01 apart to one firm on consecutive days', () => [key(cp, 520000, d), key(cp, 520001, addDays(d, 1))]);
  }
}
