/**
 * Plants for `benford-deviation` (statistical): true cases a correct engine must report and near misses it must not.
 */
import { bookFreeExpense } from '../build-collective.js';
import type { PlantContext } from './context.js';

export function plantBenfordDeviation(cx: PlantContext): void {
  const m = cx.m;
  const rng = cx.rng;
  for (const v of m.villages) {
    if (v.book === 'benford_case') cx.addCase('benford-deviation', 'a village whose expense amounts start with 4–9 far too often', () => [v.code]);
    if (v.book !== 'benford_near') continue;
    const books = cx.booksOf(v);
    const counted = (): number => m.ledger.filter((e) => e.village === v.no && e.direction === 'expense' && e.amount >= 1000).length;
    let n = counted();
    let d = 0;
    while (n < 199) {
      if (bookFreeExpense(books, 4 + (d++ % 6), rng)) n++;
    }
    // Bank charges below 10.00 do not count towards the 200.
    for (let mi = 0; mi < 12; mi++) {
      books.entry({ date: m.dateIn(mi, rng, 25, 28), direction: 'expense', amount: rng.int(200, 950), category: 'other', cpName: '县农商银行', cpId: null, contract: null, method: 'transfer', resolution: null, summary: '银行手续费' });
    }
    cx.addNearMiss('benford-deviation', 'a village with 199 expenses of at least 10.00 (plus bank charges below 10.00) whose first digits are far off', () => [v.code]);
  }
}
