/**
 * Plants for `deceased-payee` (eligibility): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantDeceasedPayee(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  // Case: the pension keeps coming after a death on the last day before the period.
  {
    const p = cx.single(v.no, 74);
    const mi = cx.month(v.no, cx.f('RS01'), 2);
    cx.ent(p, 'RS01', 0, mi - 1, { amount: 20500 });
    cx.die(p, addDays(m.monthStart(mi), -1));
    const a = cx.pay(p, 'RS01', mi, { amount: 20500 });
    const b = cx.pay(p, 'RS01', mi + 1, { amount: 20500 });
    cx.addCase('deceased-payee', 'pension paid for the two periods after a death on the last day before the first of them', () => [a.payment_id, b.payment_id]);
  }
  // Case: a yearly fund paid for a year that started after the death.
  {
    const v2 = cx.village();
    const p = cx.single(v2.no, 68, 'F');
    const f = cx.f('WJ01');
    const mi = m.batchMonth(f);
    if (mi >= 0) {
      cx.die(p, addDays(`${m.periodOf(f, mi)}-01-01`, -1));
      const a = cx.pay(p, 'WJ01', mi);
      cx.addCase('deceased-payee', 'yearly family-planning award paid for a year that began the day after the death', () => [a.payment_id]);
    }
  }
  // Near miss: death on the first day of the period is not before the period start.
  {
    const p = cx.single(v.no, 81);
    const mi = cx.month(v.no, cx.f('RS01'));
    cx.ent(p, 'RS01', 0, mi - 1, { amount: 21500 });
    cx.die(p, m.monthStart(mi));
    const a = cx.pay(p, 'RS01', mi, { amount: 21500 });
    cx.addNearMiss('deceased-payee', 'pension for the period whose first day is the day of death', () => [a.payment_id]);
  }
  // Near miss: a yearly fund paid after a death later in the same year.
  {
    const v2 = cx.village();
    const p = cx.single(v2.no, 71);
    const f = cx.f('WJ01');
    const mi = m.batchMonth(f);
    if (mi >= 0) {
      cx.die(p, `${m.periodOf(f, mi)}-01-01`);
      const a = cx.pay(p, 'WJ01', mi);
      cx.addNearMiss('deceased-payee', 'yearly award for a year whose first day is the day of death', () => [a.payment_id]);
    }
  }
}
