/**
 * Plants for `cadre-on-assistance` (cadre): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantCadreOnAssistance(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const term = cx.termStart(v);
  const mz01 = cx.f('MZ01');
  {
    const k = cx.cadre(v, v.no, term, null);
    const mi = cx.month(v.no, mz01);
    const a = cx.pay(k, 'MZ01', mi, { amount: 55000 });
    cx.addCase('cadre-on-assistance', 'a sitting village cadre drawing the minimum living allowance', () => [a.payment_id]);
  }
  {
    const mi = cx.month(v.no, mz01);
    const pay = m.payDate(mz01, v.town, mi);
    const k = cx.cadre(v, v.no, term, pay);
    const a = cx.pay(k, 'MZ01', mi, { amount: 55000 });
    cx.addCase('cadre-on-assistance', 'allowance paid on the last day of a cadre’s term', () => [a.payment_id]);
  }
  const other = cx.m.villages.find((x) => x.no !== v.no);
  if (other) {
    const k = cx.cadre(other, v.no, cx.termStart(other), null);
    const mi = cx.month(v.no, mz01);
    const a = cx.pay(k, 'MZ01', mi, { amount: 55000 });
    cx.addCase('cadre-on-assistance', 'allowance in one village to a sitting cadre of another village', () => [a.payment_id]);
  }
  {
    const mi = cx.month(v.no, mz01);
    const pay = m.payDate(mz01, v.town, mi);
    const k = cx.cadre(v, v.no, addYears(term, -5), addDays(pay, -1));
    const a = cx.pay(k, 'MZ01', mi, { amount: 55000 });
    cx.ent(k, 'MZ01', mi + 1, 11, { amount: 55000 });
    cx.addNearMiss('cadre-on-assistance', 'allowance paid the day after a cadre’s term ended', () => [a.payment_id]);
  }
  {
    const mi = cx.month(v.no, mz01);
    const pay = m.payDate(mz01, v.town, mi);
    const k = cx.cadre(v, v.no, addDays(pay, 1), null);
    const a = cx.pay(k, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('cadre-on-assistance', 'last allowance paid the day before a cadre’s term started', () => [a.payment_id]);
  }
  {
    const k = cx.cadre(v, v.no, term, null, 61);
    const mi = cx.month(v.no, cx.f('RS01'));
    const a = cx.pay(k, 'RS01', mi);
    cx.addNearMiss('cadre-on-assistance', 'a sitting cadre drawing the basic pension (not means-tested)', () => [a.payment_id]);
  }
}
