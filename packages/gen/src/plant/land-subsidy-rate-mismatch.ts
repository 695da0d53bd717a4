/**
 * Plants for `land-subsidy-rate-mismatch` (standard): true cases a correct engine must report and near misses it must not.
 */
import type { Human } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantLandSubsidyRateMismatch(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const f = cx.f('NY01');
  const mi = m.batchMonth(f);
  if (mi < 0) return;
  const family = (): Human => {
    const p = cx.couple(v.no, 49)[0]!;
    cx.land(p, [800]);
    return p;
  };
  {
    const p = family();
    const a = cx.pay(p, 'NY01', mi, { quantityC: 800, amount: 100101 });
    cx.addCase('land-subsidy-rate-mismatch', '1001.01 paid for 8.00 mu at 125.00 (1.01 too much)', () => [a.payment_id]);
  }
  {
    const p = family();
    const a = cx.pay(p, 'NY01', mi, { quantityC: 800, amount: 90000 });
    cx.addCase('land-subsidy-rate-mismatch', '900.00 paid for 8.00 mu at 125.00', () => [a.payment_id]);
  }
  {
    const p = family();
    const a = cx.pay(p, 'NY01', mi, { quantityC: 800, amount: 100100 });
    cx.addNearMiss('land-subsidy-rate-mismatch', '1001.00 paid for 8.00 mu at 125.00 (exactly the 1.00 tolerance)', () => [a.payment_id]);
  }
  {
    const p = family();
    const f2 = cx.f('NY02');
    const m2 = m.batchMonth(f2);
    if (m2 >= 0) {
      const a = cx.pay(p, 'NY02', m2, { quantityC: 800, amount: 11900 });
      cx.addNearMiss('land-subsidy-rate-mismatch', '119.00 paid for 8.00 mu at 15.00 (1.00 short)', () => [a.payment_id]);
    }
  }
  {
    const p = family();
    const f5 = cx.f('NY05');
    const m5 = m.batchMonth(f5);
    if (m5 >= 0) {
      const a = cx.pay(p, 'NY05', m5, { quantityC: 800, amount: 500000 });
      cx.addNearMiss('land-subsidy-rate-mismatch', 'scale subsidy (no unit rate) of 5000.00 for 8.00 mu', () => [a.payment_id]);
    }
  }
}
