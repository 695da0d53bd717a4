/**
 * Plants for `paid-to-other-account` (payment): true cases a correct engine must report and near misses it must not.
 */
import type { PlantContext } from './context.js';

export function plantPaidToOtherAccount(cx: PlantContext): void {
  const v = cx.village();
  const rs01 = cx.f('RS01');
  {
    const p = cx.single(v.no, 75);
    const stranger = cx.single(v.no, 44);
    const mi = cx.month(v.no, rs01);
    cx.ent(p, 'RS01', 0, mi - 1, { amount: 21500 });
    const a = cx.pay(p, 'RS01', mi, { amount: 21500, holder: stranger });
    cx.ent(p, 'RS01', mi + 1, 11, { amount: 21500 });
    cx.addCase('paid-to-other-account', "pension paid into the card of an unrelated villager", () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 79, 'F');
    const outsider = cx.outsider(v.no, 38, '371481');
    const mi = cx.month(v.no, rs01);
    const a = cx.pay(p, 'RS01', mi, { amount: 21500, holder: outsider });
    cx.ent(p, 'RS01', mi + 1, 11, { amount: 21500 });
    cx.addCase('paid-to-other-account', 'pension paid into the card of someone outside the registry', () => [a.payment_id]);
  }
  {
    const [head, wife] = cx.couple(v.no, 70);
    const mi = cx.month(v.no, rs01);
    cx.ent(head!, 'RS01', 0, 11, { amount: 20500 });
    const a = cx.pay(wife!, 'RS01', mi, { amount: 20500, holder: head! });
    cx.ent(wife!, 'RS01', mi + 1, 11, { amount: 20500, holder: head! });
    cx.addNearMiss('paid-to-other-account', "pension paid into the husband's card (same household)", () => [a.payment_id]);
  }
  {
    const p = cx.outsider(v.no, 64, '371425');
    const mi = cx.month(v.no, rs01);
    const a = cx.pay(p, 'RS01', mi, { amount: 20000 });
    cx.addNearMiss('paid-to-other-account', 'payee outside the registry paid into their own card', () => [a.payment_id]);
  }
}
