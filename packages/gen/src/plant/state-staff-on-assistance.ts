/**
 * Plants for `state-staff-on-assistance` (eligibility): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantStateStaffOnAssistance(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  // Case: a son becomes state staff on a pay day and leaves on the next.
  {
    const [head, , son] = cx.household(v.no, [{ rel: 'head', gender: 'M', age: 56 }, { rel: 'spouse', gender: 'F', age: 54 }, { rel: 'child', gender: 'M', age: 27 }], 'poor').people;
    const mi = cx.month(v.no, cx.f('MZ01'), 2);
    cx.ent(head!, 'MZ01', 0, mi - 1, { amount: 120000 });
    cx.ent(head!, 'MZ01', mi + 2, 11, { amount: 120000 });
    m.staff.push({ id_number: son!.id, name: son!.name, employer: '县人民医院', start_date: cx.payDate(head!, 'MZ01', mi), end_date: cx.payDate(head!, 'MZ01', mi + 1) });
    const a = cx.pay(head!, 'MZ01', mi, { amount: 120000 });
    const b = cx.pay(head!, 'MZ01', mi + 1, { amount: 120000 });
    cx.addCase('state-staff-on-assistance', 'minimum living allowance while a son is on the state payroll (hired on the first pay day, left on the second)', () => [a.payment_id, b.payment_id]);
  }
  // Near miss: the spouse left the payroll the day before the household's first payment.
  {
    const [head, wife] = cx.couple(v.no, 52, 'poor');
    const mi = cx.month(v.no, cx.f('MZ01'));
    m.staff.push({ id_number: wife!.id, name: wife!.name, employer: `${m.towns[v.town]!.name}卫生院`, start_date: addYears(m.asOf, -15), end_date: addDays(cx.payDate(head!, 'MZ01', mi), -1) });
    const a = cx.pay(head!, 'MZ01', mi, { amount: 90000 });
    cx.ent(head!, 'MZ01', mi + 1, 11, { amount: 90000 });
    cx.addNearMiss('state-staff-on-assistance', 'allowance starting the day after the spouse left the state payroll', () => [a.payment_id]);
  }
  // Near miss: state staff in another household of the same village.
  {
    const head = cx.poor(v.no, 60);
    const other = cx.single(v.no, 35);
    m.staff.push({ id_number: other.id, name: other.name, employer: `${m.towns[v.town]!.name}中心小学`, start_date: addYears(m.asOf, -10), end_date: null });
    const mi = cx.month(v.no, cx.f('MZ01'));
    cx.ent(head, 'MZ01', 0, mi - 1, { amount: 55000 });
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.ent(head, 'MZ01', mi + 1, 11, { amount: 55000 });
    cx.addNearMiss('state-staff-on-assistance', 'allowance to a household whose neighbour (another household) is state staff', () => [a.payment_id]);
  }
}
