/**
 * Plants for `cadre-related-expense` (cadre): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantCadreRelatedExpense(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village({ books: true });
  const books = cx.booksOf(v);
  const term = cx.termStart(v);
  const k = cx.cadre(v, v.no, term, null);
  const wife = cx.single(v.no, 45, 'F');
  cx.relative(k, wife, 'spouse');
  const e1 = cx.expense(books, { date: cx.workday(1, 10), amount: 168000, cpName: wife.name, cpId: wife.id, category: 'labor', summary: '保洁员劳务费' });
  cx.addCase('cadre-related-expense', "cleaning wages paid to a sitting cadre's wife", () => [e1.voucher_id]);
  const e2 = cx.expense(books, { date: cx.workday(1, 10), amount: 356000, cpName: k.name, cpId: k.id, category: 'other', summary: '报销外出学习费用' });
  cx.addCase('cadre-related-expense', 'travel costs reimbursed to a sitting cadre (category other)', () => [e2.voucher_id]);
  const n1 = cx.expense(books, { date: m.workdayFrom(cx.rng.int(1, 10), 15), amount: 150000, cpName: k.name, cpId: k.id, category: 'salary', summary: '支付村干部报酬' });
  cx.addNearMiss('cadre-related-expense', 'salary paid to a cadre', () => [n1.voucher_id]);
  const other = cx.m.villages.find((x) => x.no !== v.no);
  if (other) {
    const k2 = cx.cadre(other, other.no, cx.termStart(other), null);
    const sis = cx.single(v.no, 41, 'F');
    cx.relative(k2, sis, 'sibling');
    const n2 = cx.expense(books, { date: cx.workday(1, 10), amount: 92000, cpName: sis.name, cpId: sis.id, category: 'labor', method: 'cash', summary: '修剪绿化苗木劳务费' });
    cx.addNearMiss('cadre-related-expense', 'wages paid to the sister of a cadre of another village', () => [n2.voucher_id]);
  }
  const date = cx.workday(3, 10);
  const former = cx.cadre(v, v.no, addYears(term, -5), addDays(date, -1));
  const n3 = cx.expense(books, { date, amount: 240000, cpName: former.name, cpId: former.id, category: 'labor', summary: '防汛值守劳务费' });
  cx.addNearMiss('cadre-related-expense', 'wages paid to a cadre the day after the term ended', () => [n3.voucher_id]);
}
