/**
 * Plants for `public-pension-on-assistance` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantPublicPensionOnAssistance(cx: PlantContext): void {
  const v = cx.village();
  const mz01 = cx.f('MZ01');
  {
    const [head, wife] = cx.couple(v.no, 63, 'poor');
    const mi = cx.month(v.no, mz01);
    cx.pension(wife!, 'employee', cx.startAt(wife!, 55), null, 100000);
    const a = cx.pay(head!, 'MZ01', mi, { amount: 90000 });
    cx.addCase('public-pension-on-assistance', 'minimum living allowance to a household whose wife draws an enterprise pension of exactly 1000.00 a month', () => [a.payment_id]);
  }
  {
    const head = cx.poor(v.no, 61);
    const mi = cx.month(v.no, mz01);
    cx.pension(head, 'public_sector', cx.payDate(head, 'MZ01', mi), null, 385000);
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.addCase('public-pension-on-assistance', 'allowance paid on the day the payee’s public-sector pension started', () => [a.payment_id]);
  }
  {
    const [head, wife] = cx.couple(v.no, 64, 'poor');
    const mi = cx.month(v.no, mz01);
    cx.pension(wife!, 'employee', cx.startAt(wife!, 55), null, 99999);
    const a = cx.pay(head!, 'MZ01', mi, { amount: 90000 });
    cx.addNearMiss('public-pension-on-assistance', 'allowance to a household whose wife draws an enterprise pension of 999.99 a month', () => [a.payment_id]);
  }
  {
    const head = cx.poor(v.no, 66);
    const mi = cx.month(v.no, mz01);
    cx.pension(head, 'employee', cx.startAt(head, 60), addDays(cx.payDate(head, 'MZ01', mi), -1), 180000);
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('public-pension-on-assistance', 'allowance paid the day after the payee’s enterprise pension ended', () => [a.payment_id]);
  }
  {
    const head = cx.poor(v.no, 59);
    const mi = cx.month(v.no, mz01);
    cx.pension(head, 'employee', addDays(cx.payDate(head, 'MZ01', mi), 1), null, 160000);
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('public-pension-on-assistance', 'last allowance paid the day before the payee’s enterprise pension started', () => [a.payment_id]);
  }
  {
    const head = cx.poor(v.no, 68);
    const neighbour = cx.single(v.no, 64);
    cx.pension(neighbour, 'employee', cx.startAt(neighbour, 60), null, 310000);
    const mi = cx.month(v.no, mz01);
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('public-pension-on-assistance', 'allowance to a household whose neighbour (another household) draws an enterprise pension', () => [a.payment_id]);
  }
}
