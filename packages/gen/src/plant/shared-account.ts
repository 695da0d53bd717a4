/**
 * Plants for `shared-account` (payment): true cases a correct engine must report and near misses it must not.
 */
import type { PlantContext } from './context.js';

export function plantSharedAccount(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const rs01 = cx.f('RS01');
  {
    const [x, y] = cx.couple(v.no, 68);
    const z = cx.single(v.no, 74);
    const mi = cx.month(v.no, rs01);
    cx.ent(x!, 'RS01', 0, 11, { amount: 20500 });
    cx.ent(y!, 'RS01', 0, 11, { amount: 20500, holder: x! });
    cx.ent(z, 'RS01', 0, mi - 1, { amount: 20500 });
    const a = cx.pay(z, 'RS01', mi, { amount: 20500, holder: x! });
    cx.ent(z, 'RS01', mi + 1, 11, { amount: 20500 });
    cx.addCase('shared-account', 'one card receiving the pensions of a couple and of a neighbour (3 people, 2 households)', () => [m.ids.bankAccount(x!.no)]);
    cx.addCase('paid-to-other-account', "side effect of the shared card: the neighbour's pension in the couple's card", () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 66);
    const q = cx.single(v.no, 69, 'F');
    const mi = cx.month(v.no, rs01);
    cx.ent(p, 'RS01', 0, 11, { amount: 20500 });
    cx.ent(q, 'RS01', 0, mi - 1, { amount: 20500 });
    const a = cx.pay(q, 'RS01', mi, { amount: 20500, holder: p });
    cx.ent(q, 'RS01', mi + 1, 11, { amount: 20500 });
    cx.addNearMiss('shared-account', 'one card receiving payments for two people of different households (2 < 3)', () => [m.ids.bankAccount(p.no)]);
    cx.addCase('paid-to-other-account', 'side effect of the two-person card near miss', () => [a.payment_id]);
  }
  {
    const { people } = cx.household(v.no, [
      { rel: 'head', gender: 'M', age: 67 },
      { rel: 'spouse', gender: 'F', age: 65 },
      { rel: 'parent', gender: 'F', age: 88 },
      { rel: 'child', gender: 'M', age: 41 },
    ]);
    const [head, wife, mother, son] = people;
    cx.ent(head!, 'RS01', 0, 11, { amount: 20500 });
    cx.ent(wife!, 'RS01', 0, 11, { amount: 20500, holder: head! });
    cx.ent(mother!, 'RS01', 0, 11, { amount: 21500, holder: head! });
    cx.ent(mother!, 'MZ08', 0, 11, { amount: 30000, holder: head! });
    cx.ent(son!, 'RS05', 0, 11, { amount: 80000, holder: head! });
    cx.addNearMiss('shared-account', 'one card receiving payments for four people of one household', () => [m.ids.bankAccount(head!.no)]);
  }
}
