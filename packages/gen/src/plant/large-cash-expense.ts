/**
 * Plants for `large-cash-expense` (finance): true cases a correct engine must report and near misses it must not.
 */
import type { PlantContext } from './context.js';

export function plantLargeCashExpense(cx: PlantContext): void {
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const date = (): string => cx.workday(0, 10, [], 28);
  const e1 = cx.expense(books, { date: date(), amount: 100001, cpName: books.shop('饭店', cx.rng), category: 'hospitality', method: 'cash', summary: '接待上级检查工作餐' });
  cx.addCase('large-cash-expense', 'a cash meal bill of 1000.01', () => [e1.voucher_id]);
  const p = cx.single(v.no, 38);
  const e2 = cx.expense(books, { date: date(), amount: 358000, cpName: p.name, cpId: p.id, category: 'labor', method: 'cash', summary: '雇工清理沟渠劳务费' });
  cx.addCase('large-cash-expense', 'wages of 3580.00 paid in cash', () => [e2.voucher_id]);
  const n1 = cx.expense(books, { date: date(), amount: 100000, cpName: books.shop('超市', cx.rng), category: 'office', method: 'cash', summary: '购买办公用品' });
  cx.addNearMiss('large-cash-expense', 'a cash purchase of exactly 1000.00', () => [n1.voucher_id]);
  const d2 = date();
  const n2 = cx.expense(books, { date: d2, amount: 2_500_000, cpName: cx.firm(v), category: 'construction', method: 'transfer', resolution: books.resolution(d2, '排水沟维修工程'), summary: '排水沟维修工程款' });
  cx.addNearMiss('large-cash-expense', 'a large expense paid by transfer', () => [n2.voucher_id]);
}
