/**
 * Plants for `duplicate-payment` (duplicate): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantDuplicatePayment(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const rs01 = cx.f('RS01');
  // Case: the same month's pension paid twice.
  {
    const p = cx.single(v.no, 69, 'F');
    const mi = cx.month(v.no, rs01);
    cx.ent(p, 'RS01', 0, 11, { amount: 20500 });
    cx.pay(p, 'RS01', mi, { amount: 20500, payDate: addDays(m.payDate(rs01, v.town, mi), 3) });
    cx.addCase('duplicate-payment', 'pension for one period paid twice, three days apart', () => [`${p.id}|RS01|${m.months[mi]!}`]);
  }
  // Case: the yearly land subsidy paid twice.
  {
    const p = cx.household(v.no, [{ rel: 'head', gender: 'M', age: 55 }, { rel: 'spouse', gender: 'F', age: 53 }]).people[0]!;
    const f = cx.f('NY01');
    const mi = m.batchMonth(f);
    if (mi >= 0) {
      cx.land(p, [650]);
      cx.pay(p, 'NY01', mi, { amount: 81250, quantityC: 650 });
      cx.pay(p, 'NY01', mi, { amount: 81250, quantityC: 650 });
      cx.addCase('duplicate-payment', 'yearly cultivated-land subsidy paid twice in one batch', () => [`${p.id}|NY01|${m.periodOf(f, mi)}`]);
    }
  }
  // Near miss: back pay for a missed month, paid with the next month's batch.
  {
    const p = cx.single(v.no, 72);
    const mi = cx.month(v.no, rs01, 2, 3, 9);
    cx.ent(p, 'RS01', 0, mi - 2, { amount: 20500 });
    cx.ent(p, 'RS01', mi, 11, { amount: 20500 });
    cx.pay(p, 'RS01', mi, { amount: 20500, period: m.months[mi - 1]! });
    cx.addNearMiss('duplicate-payment', 'back pay of a missed month, paid in the next month (periods differ)', () => [`${p.id}|RS01|${m.months[mi - 1]!}`, `${p.id}|RS01|${m.months[mi]!}`]);
  }
  // Near miss: two different funds with no exclusive group, same person and period.
  {
    const p = cx.single(v.no, 66);
    cx.ent(p, 'RS01', 0, 11, { amount: 20500 });
    cx.ent(p, 'RS02', 0, 11);
    cx.addNearMiss('duplicate-payment', 'basic pension and land-loss pension in the same periods (different funds)', () => [`${p.id}|RS01|${m.months[5]!}`, `${p.id}|RS02|${m.months[5]!}`]);
  }
}
