/**
 * Plants for `company-owner-on-assistance` (eligibility): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import { addCompany } from '../build-status.js';
import type { PlantContext } from './context.js';

export function plantCompanyOwnerOnAssistance(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  // Case: the head becomes legal representative of a company on a pay day.
  {
    const head = cx.poor(v.no, 45);
    const mi = cx.month(v.no, cx.f('MZ01'));
    cx.ent(head, 'MZ01', 0, mi - 1, { amount: 55000 });
    addCompany(m, cx.rng, head, { line: 'trade', status: 'active', established: cx.payDate(head, 'MZ01', mi) });
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.addCase('company-owner-on-assistance', 'allowance paid on the day the head registered a company as its legal representative', () => [a.payment_id]);
  }
  // Case: the spouse is a shareholder of an active company with zero registered capital.
  {
    const [head, wife] = cx.couple(v.no, 51, 'poor');
    const mi = cx.month(v.no, cx.f('MZ01'));
    const other = cx.single(v.no, 40);
    const c = addCompany(m, cx.rng, other, { line: 'farming', status: 'active', established: addYears(m.asOf, -5), capital: 0 });
    c.roles.push({ person: wife!.no, role: 'shareholder' });
    const a = cx.pay(head!, 'MZ01', mi, { amount: 80000 });
    cx.addCase('company-owner-on-assistance', 'allowance to a household whose spouse is a shareholder of an active company (registered capital 0.00 ≥ minCapital 0)', () => [a.payment_id]);
  }
  // Near misses: executive role; revoked company; company established the day after payment.
  {
    const head = cx.poor(v.no, 50);
    const owner = cx.single(v.no, 42);
    const c = addCompany(m, cx.rng, owner, { line: 'service', status: 'active', established: addYears(m.asOf, -6) });
    c.roles.push({ person: head.no, role: 'executive' });
    const mi = cx.month(v.no, cx.f('MZ01'));
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('company-owner-on-assistance', 'allowance to an executive (not owner) of an active company', () => [a.payment_id]);
  }
  {
    const head = cx.poor(v.no, 49);
    addCompany(m, cx.rng, head, { line: 'trade', status: 'revoked', established: addYears(m.asOf, -8) });
    const mi = cx.month(v.no, cx.f('MZ01'));
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    cx.addNearMiss('company-owner-on-assistance', 'allowance to the legal representative of a revoked company', () => [a.payment_id]);
  }
  {
    const head = cx.poor(v.no, 46);
    const mi = cx.month(v.no, cx.f('MZ01'));
    cx.ent(head, 'MZ01', 0, mi - 1, { amount: 55000 });
    const a = cx.pay(head, 'MZ01', mi, { amount: 55000 });
    addCompany(m, cx.rng, head, { line: 'trade', status: 'active', established: addDays(cx.payDate(head, 'MZ01', mi), 1) });
    cx.addNearMiss('company-owner-on-assistance', 'last allowance paid the day before the head registered a company', () => [a.payment_id]);
  }
}
