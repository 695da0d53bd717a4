/**
 * Plants for `expense-without-resolution` (finance): true cases a correct engine must report and near misses it must not.
 */
import type { PlantContext } from './context.js';

export function plantExpenseWithoutResolution(cx: PlantContext): void {
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const date = (): string => cx.workday(0, 10, [], 28);
  const e1 = cx.expense(books, { date: date(), amount: 5_000_000, cpName: cx.firm(v), summary: '村内道路硬化工程款' });
  cx.addCase('expense-without-resolution', 'a road contract of exactly 50000.00 with no villagers’ decision', () => [e1.voucher_id]);
  const e2 = cx.expense(books, { date: date(), amount: 12_800_000, cpName: cx.firm(v), summary: '文化广场建设工程款' });
  cx.addCase('expense-without-resolution', 'a square built for 128000.00 with no decision', () => [e2.voucher_id]);
  const n1 = cx.expense(books, { date: date(), amount: 4_999_999, cpName: cx.firm(v), summary: '路灯安装工程款' });
  cx.addNearMiss('expense-without-resolution', 'street lights for 49999.99 with no decision', () => [n1.voucher_id]);
  const d2 = date();
  const n2 = cx.expense(books, { date: d2, amount: 5_000_000, cpName: cx.firm(v), resolution: books.resolution(d2, '机井维修工程'), summary: '机井维修工程款' });
  cx.addNearMiss('expense-without-resolution', '50000.00 with a decision on file', () => [n2.voucher_id]);
}
