/**
 * Plants for `under-age-payee` (eligibility): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantUnderAgePayee(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const rs01 = cx.f('RS01');
  // Case: pension paid the day before the 60th birthday.
  {
    const mi = cx.month(v.no, rs01);
    const pay = m.payDate(rs01, v.town, mi);
    const p = cx.singleBorn(v.no, addYears(addDays(pay, 1), -60));
    const a = cx.pay(p, 'RS01', mi);
    cx.ent(p, 'RS01', mi + 1, 11);
    cx.addCase('under-age-payee', 'first pension paid the day before the 60th birthday', () => [a.payment_id]);
  }
  // Case: the 80–89 allowance one day early.
  {
    const f = cx.f('MZ08');
    const quarters = [...Array(12).keys()].filter((i) => m.paysIn(f, i) && i >= 1);
    const mi = quarters[0];
    if (mi !== undefined) {
      const pay = m.payDate(f, v.town, mi);
      const p = cx.singleBorn(v.no, addYears(addDays(pay, 1), -80), 'F');
      cx.ent(p, 'RS01', 0, 11, { amount: 21500 });
      const a = cx.pay(p, 'MZ08', mi, { amount: 30000 });
      cx.ent(p, 'MZ08', mi + 1, 11, { amount: 30000 });
      cx.addCase('under-age-payee', '80–89 allowance paid the day before the 80th birthday', () => [a.payment_id]);
    }
  }
  // Case: someone outside the registry (age from the ID number) drawing a pension at 45.
  {
    const p = cx.outsider(v.no, 45);
    const mi = cx.month(v.no, rs01);
    const a = cx.pay(p, 'RS01', mi);
    cx.addCase('under-age-payee', 'pension to a 45-year-old outside the registry (age from the ID number)', () => [a.payment_id]);
  }
  // Near miss: first pension paid on the 60th birthday.
  {
    const mi = cx.month(v.no, rs01);
    const pay = m.payDate(rs01, v.town, mi);
    const p = cx.singleBorn(v.no, addYears(pay, -60));
    const a = cx.pay(p, 'RS01', mi);
    cx.ent(p, 'RS01', mi + 1, 11);
    cx.addNearMiss('under-age-payee', 'first pension paid on the 60th birthday', () => [a.payment_id]);
  }
  // Near miss: yearly award with min_age 60 paid on the 60th birthday.
  {
    const f = cx.f('WJ01');
    const mi = m.batchMonth(f);
    if (mi >= 0) {
      const pay = m.payDate(f, v.town, mi);
      const p = cx.singleBorn(v.no, addYears(pay, -60), 'F');
      const a = cx.pay(p, 'WJ01', mi);
      cx.addNearMiss('under-age-payee', 'yearly award (min_age 60) paid on the 60th birthday', () => [a.payment_id]);
    }
  }
}
