/**
 * Plants for `incarcerated-payee` (eligibility): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantIncarceratedPayee(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  // Case: pensioner in prison from the first day of a period until after the next period began.
  {
    const p = cx.single(v.no, 63);
    const mi = cx.month(v.no, cx.f('RS01'), 2);
    cx.ent(p, 'RS01', 0, mi - 1);
    cx.ent(p, 'RS01', mi + 2, 11);
    m.incarcerations.push({ id_number: p.id, name: p.name, start_date: m.monthStart(mi), end_date: addDays(m.monthStart(mi + 1), 9) });
    const a = cx.pay(p, 'RS01', mi);
    const b = cx.pay(p, 'RS01', mi + 1);
    cx.addCase('incarcerated-payee', 'pension paid for two periods that start inside a prison term (term starts on the first period start)', () => [a.payment_id, b.payment_id]);
  }
  // Case: released on the first day of a period; that period is still covered.
  {
    const p = cx.poor(v.no, 44);
    const mi = cx.month(v.no, cx.f('MZ01'));
    m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addYears(m.monthStart(mi), -3), end_date: m.monthStart(mi) });
    const a = cx.pay(p, 'MZ01', mi, { amount: 55000 });
    cx.ent(p, 'MZ01', mi + 1, 11, { amount: 55000 });
    cx.addCase('incarcerated-payee', 'minimum living allowance for the period on whose first day the payee was released', () => [a.payment_id]);
  }
  // Near miss: a short term that starts the day after a period start and ends before the next.
  {
    const p = cx.single(v.no, 66);
    const mi = cx.month(v.no, cx.f('RS01'));
    cx.ent(p, 'RS01', 0, mi - 1);
    cx.ent(p, 'RS01', mi + 1, 11);
    m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addDays(m.monthStart(mi), 1), end_date: addDays(m.monthStart(mi), 20) });
    const a = cx.pay(p, 'RS01', mi);
    cx.addNearMiss('incarcerated-payee', 'pension for a period whose first day is the day before a short prison term', () => [a.payment_id]);
  }
  // Near miss: released the day before the period start.
  {
    const p = cx.single(v.no, 64);
    const mi = cx.month(v.no, cx.f('RS01'));
    m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addYears(m.monthStart(mi), -2), end_date: addDays(m.monthStart(mi), -1) });
    const a = cx.pay(p, 'RS01', mi);
    cx.ent(p, 'RS01', mi + 1, 11);
    cx.addNearMiss('incarcerated-payee', 'pension for the period that starts the day after release', () => [a.payment_id]);
  }
  // Near miss: a prisoner's household is paid a fund that is neither means-tested nor a pension.
  {
    const p = cx.single(v.no, 40);
    const f = cx.f('ZJ03');
    const mi = m.batchMonth(f);
    m.incarcerations.push({ id_number: p.id, name: p.name, start_date: addYears(m.asOf, -2), end_date: null });
    if (mi >= 0) {
      const a = cx.pay(p, 'ZJ03', mi, { amount: 100000 });
      cx.addNearMiss('incarcerated-payee', 'heating subsidy (kind other) paid to a serving prisoner', () => [a.payment_id]);
    }
  }
}
