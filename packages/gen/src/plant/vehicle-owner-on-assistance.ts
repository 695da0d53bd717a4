/**
 * Plants for `vehicle-owner-on-assistance` (eligibility): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantVehicleOwnerOnAssistance(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  // Case: a car registered on a pay day and scrapped the day after the next pay day.
  {
    const [head] = cx.couple(v.no, 50, 'poor');
    const mi = cx.month(v.no, cx.f('MZ01'), 2);
    cx.ent(head!, 'MZ01', 0, mi - 1, { amount: 80000 });
    cx.ent(head!, 'MZ01', mi + 2, 11, { amount: 80000 });
    m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: head!.id, vehicle_type: 'car', registration_date: cx.payDate(head!, 'MZ01', mi), deregistration_date: addDays(cx.payDate(head!, 'MZ01', mi + 1), 1) });
    const a = cx.pay(head!, 'MZ01', mi, { amount: 80000 });
    const b = cx.pay(head!, 'MZ01', mi + 1, { amount: 80000 });
    cx.addCase('vehicle-owner-on-assistance', 'allowance while the head owns a car (registered on the first pay day)', () => [a.payment_id, b.payment_id]);
  }
  // Case: the spouse owns a truck.
  {
    const [head, wife] = cx.couple(v.no, 47, 'poor');
    const mi = cx.month(v.no, cx.f('MZ01'));
    m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: wife!.id, vehicle_type: 'truck', registration_date: addYears(m.asOf, -4), deregistration_date: null });
    const a = cx.pay(head!, 'MZ01', mi, { amount: 70000 });
    cx.addCase('vehicle-owner-on-assistance', "allowance to a household whose spouse owns a truck", () => [a.payment_id]);
  }
  // Near miss: the car was deregistered on the pay day.
  {
    const [head] = cx.couple(v.no, 62, 'poor');
    const mi = cx.month(v.no, cx.f('MZ01'));
    m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: head!.id, vehicle_type: 'car', registration_date: addYears(m.asOf, -9), deregistration_date: cx.payDate(head!, 'MZ01', mi) });
    const a = cx.pay(head!, 'MZ01', mi, { amount: 75000 });
    cx.ent(head!, 'MZ01', mi + 1, 11, { amount: 75000 });
    cx.addNearMiss('vehicle-owner-on-assistance', 'allowance paid on the day the household car was deregistered', () => [a.payment_id]);
  }
  // Near miss: a motorcycle and a tractor.
  {
    const [head] = cx.couple(v.no, 58, 'poor');
    const mi = cx.month(v.no, cx.f('MZ01'));
    m.vehicles.push({ plate: m.ids.plate(false), owner_id_number: head!.id, vehicle_type: 'motorcycle', registration_date: addYears(m.asOf, -3), deregistration_date: null });
    m.vehicles.push({ plate: m.ids.plate(true), owner_id_number: head!.id, vehicle_type: 'tractor', registration_date: addYears(m.asOf, -6), deregistration_date: null });
    cx.ent(head!, 'MZ01', 0, mi - 1, { amount: 60000 });
    const a = cx.pay(head!, 'MZ01', mi, { amount: 60000 });
    cx.ent(head!, 'MZ01', mi + 1, 11, { amount: 60000 });
    cx.addNearMiss('vehicle-owner-on-assistance', 'allowance to a household owning a motorcycle and a tractor', () => [a.payment_id]);
  }
}
