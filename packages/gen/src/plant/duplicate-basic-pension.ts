/**
 * Plants for `duplicate-basic-pension` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantDuplicateBasicPension(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const rs01 = cx.f('RS01');
  {
    const p = cx.single(v.no, 64);
    const mi = cx.month(v.no, rs01, 2);
    cx.ent(p, 'RS01', 0, mi - 1, { amount: 20000 });
    cx.pension(p, 'employee', m.monthStart(mi), null, 215000);
    const a = cx.pay(p, 'RS01', mi, { amount: 20000 });
    const b = cx.pay(p, 'RS01', mi + 1, { amount: 20000 });
    cx.addCase('duplicate-basic-pension', 'resident basic pension paid for the first two months of an enterprise pension (it starts on the first period start)', () => [a.payment_id, b.payment_id]);
  }
  {
    const p = cx.single(v.no, 70, 'F');
    const mi = cx.month(v.no, rs01);
    cx.pension(p, 'public_sector', cx.startAt(p, 55), null, 468000);
    const a = cx.pay(p, 'RS01', mi, { amount: 20500 });
    cx.addCase('duplicate-basic-pension', 'resident basic pension paid to a retired teacher drawing a public-sector pension', () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 63);
    const mi = cx.month(v.no, rs01);
    cx.ent(p, 'RS01', 0, mi - 1, { amount: 20000 });
    cx.pension(p, 'employee', addDays(m.monthStart(mi), 1), null, 198000);
    const a = cx.pay(p, 'RS01', mi, { amount: 20000 });
    cx.addNearMiss('duplicate-basic-pension', 'last resident pension for the period whose first day is the day before the enterprise pension starts', () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 67);
    const mi = cx.month(v.no, rs01);
    cx.pension(p, 'employee', cx.startAt(p, 60), addDays(m.monthStart(mi), -1), 176000);
    const a = cx.pay(p, 'RS01', mi, { amount: 20500 });
    cx.ent(p, 'RS01', mi + 1, 11, { amount: 20500 });
    cx.addNearMiss('duplicate-basic-pension', 'resident pension from the period that starts the day after the enterprise pension ended', () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 66, 'F');
    const mi = cx.month(v.no, rs01);
    cx.pension(p, 'resident', cx.startAt(p, 60), null, 26300);
    const a = cx.pay(p, 'RS01', mi, { amount: 20500 });
    cx.addNearMiss('duplicate-basic-pension', 'resident basic pension to someone whose only pension is the resident one', () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 62);
    const f = cx.f('RS03');
    const mi = cx.month(v.no, f);
    cx.pension(p, 'employee', cx.startAt(p, 60), null, 232000);
    const a = cx.pay(p, 'RS03', mi, { amount: 100000 });
    cx.addNearMiss('duplicate-basic-pension', 'one-off resident-scheme death grant (not monthly) paid to an enterprise pensioner', () => [a.payment_id]);
  }
}
