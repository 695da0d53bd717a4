/**
 * Plants for `split-expense` (finance): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantSplitExpense(cx: PlantContext): void {
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const key = (cp: string, d: string): string => `${v.code}|${cp}|${d}`;
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 9, [4, 10], 10);
    cx.expense(books, { date: d, amount: 2_000_000, cpName: cp });
    cx.expense(books, { date: addDays(d, 4), amount: 1_800_000, cpName: cp });
    cx.expense(books, { date: addDays(d, 10), amount: 1_200_000, cpName: cp });
    cx.addCase('split-expense', 'three payments to one builder within 10 days summing exactly 50000.00', () => [key(cp, d)]);
  }
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 9, [5], 10);
    cx.expense(books, { date: d, amount: 3_000_000, cpName: cp });
    cx.expense(books, { date: addDays(d, 5), amount: 2_500_000, cpName: cp });
    cx.addCase('split-expense', 'two payments five days apart summing 55000.00', () => [key(cp, d)]);
  }
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 9, [11], 10);
    cx.expense(books, { date: d, amount: 3_000_000, cpName: cp });
    cx.expense(books, { date: addDays(d, 11), amount: 2_500_000, cpName: cp });
    cx.addNearMiss('split-expense', 'two payments 11 days apart summing 55000.00', () => [key(cp, d), key(cp, addDays(d, 11))]);
  }
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 9, [3, 9], 10);
    cx.expense(books, { date: d, amount: 2_000_000, cpName: cp });
    cx.expense(books, { date: addDays(d, 3), amount: 1_999_999, cpName: cp });
    cx.expense(books, { date: addDays(d, 9), amount: 1_000_000, cpName: cp });
    cx.addNearMiss('split-expense', 'three payments within 10 days summing 49999.99', () => [key(cp, d)]);
  }
  {
    const cp = cx.firm(v);
    const d = cx.workday(0, 9, [3], 10);
    cx.expense(books, { date: d, amount: 4_000_000, cpName: cp, resolution: books.resolution(d, '道路维修工程') });
    cx.expense(books, { date: addDays(d, 3), amount: 1_500_000, cpName: cp });
    cx.addNearMiss('split-expense', 'an approved 40000.00 and an unapproved 15000.00 three days later', () => [key(cp, d), key(cp, addDays(d, 3))]);
  }
}
