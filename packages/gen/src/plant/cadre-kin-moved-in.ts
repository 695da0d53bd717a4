/**
 * Plants for `cadre-kin-moved-in` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { Human } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantCadreKinMovedIn(cx: PlantContext): void {
  const v = cx.village();
  const term = cx.termStart(v);
  const mz01 = cx.f('MZ01');
  /** A household on assistance (head) joined by `mover`. */
  const family = (age: number): { head: Human; mover: Human } => {
    const { people } = cx.household(v.no, [{ rel: 'head', gender: 'M', age }, { rel: 'other', gender: 'M', age: age - 6 }], 'poor');
    return { head: people[0]!, mover: people[1]! };
  };
  {
    const k = cx.cadre(v, v.no, term, null);
    const { head, mover } = family(60);
    cx.relative(k, mover, 'sibling');
    const mi = cx.month(v.no, mz01, 2);
    const mv = cx.move(mover, 'in', addDays(cx.payDate(head, 'MZ01', mi), -cx.rng.int(20, 60)), v.no, head.hh, null);
    cx.pay(head, 'MZ01', mi, { amount: 110000 });
    cx.pay(head, 'MZ01', mi + 1, { amount: 110000 });
    cx.addCase('cadre-kin-moved-in', "a cadre's brother moved into a household that went on the allowance weeks later", () => [mv.move_id]);
  }
  {
    const k = cx.cadre(v, v.no, term, null);
    const { head, mover } = family(63);
    cx.relative(k, mover, 'in_law');
    cx.ent(head, 'MZ01', 0, 11, { amount: 55000 });
    const f04 = cx.f('MZ04');
    const mi = cx.month(v.no, f04);
    const mv = cx.move(mover, 'in', addDays(cx.payDate(mover, 'MZ04', mi), -cx.rng.int(10, 40)), v.no, head.hh, null);
    const a = cx.pay(mover, 'MZ04', mi, { amount: 150000 });
    cx.addCase('cadre-kin-moved-in', "a cadre's in-law moved into a household on assistance and was paid temporary assistance himself", () => [mv.move_id]);
    cx.addCase('cadre-relative-on-assistance', "side effect of the cadre's in-law moved in: his temporary assistance", () => [a.payment_id]);
  }
  {
    const k = cx.cadre(v, v.no, term, null);
    const { head, mover } = family(66);
    cx.relative(k, mover, 'sibling');
    cx.ent(head, 'MZ01', 0, 11, { amount: 55000 });
    const mv = cx.move(mover, 'in', addDays(cx.payDate(head, 'MZ01', cx.month(v.no, mz01)), 3), v.no, head.hh, null);
    cx.addNearMiss('cadre-kin-moved-in', "a cadre's brother moved into a household already on the allowance, not paid himself", () => [mv.move_id]);
  }
  const other = cx.m.villages.find((x) => x.no !== v.no);
  if (other) {
    const k = cx.cadre(other, other.no, cx.termStart(other), null);
    const { head, mover } = family(58);
    cx.relative(k, mover, 'sibling');
    const mi = cx.month(v.no, mz01);
    const mv = cx.move(mover, 'in', addDays(cx.payDate(head, 'MZ01', mi), -30), v.no, head.hh, null);
    cx.pay(head, 'MZ01', mi, { amount: 110000 });
    cx.addNearMiss('cadre-kin-moved-in', 'the brother of a cadre of another village moved into a household that then went on the allowance', () => [mv.move_id]);
  }
  {
    const { head, mover } = family(61);
    const mi = cx.month(v.no, mz01);
    const date = addDays(cx.payDate(head, 'MZ01', mi), -45);
    const k = cx.cadre(v, v.no, addYears(term, -5), addDays(date, -1));
    cx.relative(k, mover, 'sibling');
    const mv = cx.move(mover, 'in', date, v.no, head.hh, null);
    cx.pay(head, 'MZ01', mi, { amount: 110000 });
    cx.addNearMiss('cadre-kin-moved-in', "a former cadre's brother moved in the day after the cadre's term ended", () => [mv.move_id]);
  }
}
