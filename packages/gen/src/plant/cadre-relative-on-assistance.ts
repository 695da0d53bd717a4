/**
 * Plants for `cadre-relative-on-assistance` (cadre): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantCadreRelativeOnAssistance(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const term = cx.termStart(v);
  const mz01 = cx.f('MZ01');
  {
    const k = cx.cadre(v, v.no, term, null);
    const sib = cx.poor(v.no, 52);
    cx.relative(k, sib, 'sibling');
    const mi = cx.month(v.no, mz01);
    const a = cx.pay(sib, 'MZ01', mi, { amount: 55000 });
    cx.addCase('cadre-relative-on-assistance', 'a sitting cadre’s brother drawing the allowance in the same village', () => [a.payment_id]);
  }
  {
    const mi = cx.month(v.no, mz01);
    const pay = m.payDate(mz01, v.town, mi);
    const k = cx.cadre(v, v.no, pay, null);
    const par = cx.poor(v.no, 76);
    cx.relative(k, par, 'parent');
    const a = cx.pay(par, 'MZ01', mi, { amount: 55000 });
    cx.addCase('cadre-relative-on-assistance', 'allowance to a cadre’s father paid on the first day of the cadre’s term', () => [a.payment_id]);
  }
  const other = cx.m.villages.find((x) => x.no !== v.no);
  if (other) {
    const k = cx.cadre(other, other.no, cx.termStart(other), null);
    const sib = cx.poor(v.no, 50);
    cx.relative(k, sib, 'sibling');
    const mi = cx.month(v.no, mz01);
    const a = cx.pay(sib, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('cadre-relative-on-assistance', 'allowance to the sister of a cadre of another village', () => [a.payment_id]);
  }
  {
    const k = cx.cadre(v, v.no, addYears(term, -5), addDays(term, -1));
    const rel = cx.poor(v.no, 57);
    cx.relative(k, rel, 'in_law');
    const mi = cx.month(v.no, mz01);
    const a = cx.pay(rel, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('cadre-relative-on-assistance', 'allowance to an in-law of a former cadre', () => [a.payment_id]);
  }
}
