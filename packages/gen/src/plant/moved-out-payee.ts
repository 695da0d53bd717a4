/**
 * Plants for `moved-out-payee` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import { PLACES_AWAY } from '../build-household-moves.js';
import type { PlantContext } from './context.js';

export function plantMovedOutPayee(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const mz01 = cx.f('MZ01');
  const away = (): string => cx.rng.pick(PLACES_AWAY);
  {
    const wife = cx.single(v.no, 50, 'F', 'poor');
    const p = cx.leaver(v.no, 52);
    const mi = cx.month(v.no, mz01, 2);
    cx.move(p, 'out', addDays(m.monthStart(mi), -1), v.no, wife.hh, away());
    cx.ent(p, 'MZ01', 0, mi - 1, { amount: 55000 });
    const a = cx.pay(p, 'MZ01', mi, { amount: 55000 });
    const b = cx.pay(p, 'MZ01', mi + 1, { amount: 55000 });
    cx.addCase('moved-out-payee', 'allowance paid for the two periods after the registration moved away on the day before the first', () => [a.payment_id, b.payment_id]);
  }
  {
    const p = cx.leaver(v.no, 47);
    const home = cx.single(v.no, 72, 'F');
    const mi = cx.month(v.no, mz01);
    cx.move(p, 'out', addDays(m.windowStart, -500), v.no, home.hh, away());
    cx.move(p, 'in', addDays(m.windowStart, -300), v.no, home.hh, away());
    cx.move(p, 'out', addDays(m.monthStart(mi), -40), v.no, home.hh, away());
    const a = cx.pay(p, 'MZ01', mi, { amount: 55000 });
    cx.addCase('moved-out-payee', 'allowance after the registration left a second time (out, back in, out again)', () => [a.payment_id]);
  }
  {
    const home = cx.single(v.no, 70, 'F');
    const p = cx.leaver(v.no, 45);
    const mi = cx.month(v.no, mz01);
    cx.move(p, 'out', m.monthStart(mi), v.no, home.hh, away());
    cx.ent(p, 'MZ01', 0, mi - 1, { amount: 55000 });
    const a = cx.pay(p, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('moved-out-payee', 'last allowance for the period on whose first day the registration moved away', () => [a.payment_id]);
  }
  {
    const p = cx.poor(v.no, 56);
    const other = cx.m.villages.find((x) => x.no !== v.no) ?? v;
    const old = cx.single(other.no, 76, 'F');
    const mi = cx.month(v.no, mz01);
    const date = addDays(m.monthStart(mi), -20);
    cx.move(p, 'out', date, other.no, old.hh);
    cx.move(p, 'in', date, v.no, p.hh);
    const a = cx.pay(p, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('moved-out-payee', 'allowance after a move between two villages of the county (out and in on one day)', () => [a.payment_id]);
  }
  {
    const home = cx.single(v.no, 44);
    const p = cx.leaver(v.no, 71);
    const mi = cx.month(v.no, cx.f('RS01'));
    cx.move(p, 'out', addDays(m.monthStart(mi), -90), v.no, home.hh, away());
    const a = cx.pay(p, 'RS01', mi, { amount: 20500 });
    cx.addNearMiss('moved-out-payee', 'resident pension (an exempt kind) paid after the registration moved away', () => [a.payment_id]);
  }
  {
    const p = cx.poor(v.no, 53);
    const mi = cx.month(v.no, mz01);
    cx.move(p, 'out', addDays(m.windowStart, -200), v.no, p.hh, away());
    cx.move(p, 'in', addDays(m.monthStart(mi), -1), v.no, p.hh, away());
    const a = cx.pay(p, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('moved-out-payee', 'allowance after the registration moved away and came back the day before the period', () => [a.payment_id]);
  }
}
