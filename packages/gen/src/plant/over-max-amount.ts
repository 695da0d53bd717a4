/**
 * Plants for `over-max-amount` (standard): true cases a correct engine must report and near misses it must not.
 */
import type { PlantContext } from './context.js';

export function plantOverMaxAmount(cx: PlantContext): void {
  const v = cx.village();
  {
    const p = cx.single(v.no, 67);
    const mi = cx.month(v.no, cx.f('RS01'));
    cx.ent(p, 'RS01', 0, mi - 1, { amount: 20500 });
    const a = cx.pay(p, 'RS01', mi, { amount: 25001 });
    cx.ent(p, 'RS01', mi + 1, 11, { amount: 20500 });
    cx.addCase('over-max-amount', 'pension of 250.01 against a maximum of 250.00', () => [a.payment_id]);
  }
  {
    const p = cx.poor(v.no, 55);
    const mi = cx.month(v.no, cx.f('MZ01'));
    const a = cx.pay(p, 'MZ01', mi, { amount: 660000 });
    cx.addCase('over-max-amount', 'minimum living allowance of 6600.00 against a maximum of 3300.00', () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 68);
    const mi = cx.month(v.no, cx.f('RS01'));
    const a = cx.pay(p, 'RS01', mi, { amount: 25000 });
    cx.ent(p, 'RS01', mi + 1, 11, { amount: 20500 });
    cx.addNearMiss('over-max-amount', 'pension of exactly the maximum 250.00', () => [a.payment_id]);
  }
  {
    const p = cx.poor(v.no, 73);
    const mi = cx.month(v.no, cx.f('MZ01'));
    const a = cx.pay(p, 'MZ01', mi, { amount: 330000 });
    cx.addNearMiss('over-max-amount', 'minimum living allowance of exactly the maximum 3300.00', () => [a.payment_id]);
  }
}
