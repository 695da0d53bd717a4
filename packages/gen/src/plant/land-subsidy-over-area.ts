/**
 * Plants for `land-subsidy-over-area` (standard): true cases a correct engine must report and near misses it must not.
 */
import type { Human } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantLandSubsidyOverArea(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const f = cx.f('NY01');
  const mi = m.batchMonth(f);
  if (mi < 0) return;
  const family = (): Human => cx.household(v.no, [{ rel: 'head', gender: 'M', age: 52 }, { rel: 'spouse', gender: 'F', age: 50 }, { rel: 'child', gender: 'M', age: 24 }]).people[0]!;
  {
    const p = family();
    cx.land(p, [1250, 750]);
    const a = cx.pay(p, 'NY01', mi, { quantityC: 2101, amount: 262625 });
    cx.addCase('land-subsidy-over-area', '21.01 mu claimed on 20.00 mu of contracted land (limit 21.00)', () => [a.payment_id]);
  }
  {
    const p = cx.outsider(v.no, 50);
    const a = cx.pay(p, 'NY01', mi, { quantityC: 500, amount: 62500 });
    cx.addCase('land-subsidy-over-area', '5.00 mu claimed by someone outside the registry with no contracted land', () => [a.payment_id]);
  }
  {
    const p = family();
    cx.land(p, [1250, 750]);
    const a = cx.pay(p, 'NY01', mi, { quantityC: 2100, amount: 262500 });
    cx.addNearMiss('land-subsidy-over-area', '21.00 mu claimed on 20.00 mu (exactly the 5% tolerance)', () => [a.payment_id]);
  }
  {
    const p = cx.outsider(v.no, 58);
    cx.outsiderLand(p, [640]);
    const a = cx.pay(p, 'NY01', mi, { quantityC: 640, amount: 80000 });
    cx.addNearMiss('land-subsidy-over-area', 'someone outside the registry claiming exactly the 6.40 mu contracted in their own name', () => [a.payment_id]);
  }
  {
    const p = family();
    const f5 = cx.f('NY05');
    const m5 = m.batchMonth(f5);
    if (m5 >= 0) {
      const a = m.addPlanned({ person: p.no, fund: f5, mi: m5, village: p.village, period: m.periodOf(f5, m5), payDate: m.payDateFor(f5, p.no, m5), amount: 500000, quantityC: null, holder: p.no });
      cx.addNearMiss('land-subsidy-over-area', 'land-based scale subsidy with no quantity (household without contracted land)', () => [a.payment_id]);
    }
  }
}
