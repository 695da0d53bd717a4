/**
 * Plants for `medical-aid-without-settlement` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { PlannedPayment } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantMedicalAidWithoutSettlement(cx: PlantContext): void {
  const v = cx.village();
  const aid = (code: string, settledDaysBefore: number | null): PlannedPayment => {
    const p = cx.poor(v.no, 60 + cx.rng.int(0, 15));
    const mi = cx.month(v.no, cx.f(code));
    const pay = cx.payDate(p, code, mi);
    if (settledDaysBefore !== null) {
      const settle = addDays(pay, -settledDaysBefore);
      cx.settlement(p, { hospital: '县人民医院', admission: addDays(settle, -9), discharge: settle, total: 1250000, aid: 150000 });
    }
    return cx.pay(p, code, mi, { amount: 300000 });
  };
  const a = aid('YB02', null);
  cx.addCase('medical-aid-without-settlement', 'medical aid paid to someone with no medical settlement at all', () => [a.payment_id]);
  const b = aid('YB05', 366);
  cx.addCase('medical-aid-without-settlement', 'inpatient aid paid 366 days after the only settlement', () => [b.payment_id]);
  const n1 = aid('YB05', 365);
  cx.addNearMiss('medical-aid-without-settlement', 'inpatient aid paid exactly 365 days after the settlement', () => [n1.payment_id]);
  const n2 = aid('YB02', 0);
  cx.addNearMiss('medical-aid-without-settlement', 'medical aid paid on the day the stay was settled', () => [n2.payment_id]);
  const n3 = aid('YB04', null);
  cx.addNearMiss('medical-aid-without-settlement', 'serious-illness insurance (a medical fund that is not aid) with no settlement', () => [n3.payment_id]);
}
