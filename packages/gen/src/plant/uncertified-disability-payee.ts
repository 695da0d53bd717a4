/**
 * Plants for `uncertified-disability-payee` (eligibility): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantUncertifiedDisabilityPayee(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const f12 = cx.f('MZ12');
  // Case: certificate revoked on the pay day.
  {
    const p = cx.single(v.no, 57);
    const mi = cx.month(v.no, f12);
    m.certs.push({ id_number: p.id, level: 2, category: '肢体', issue_date: addYears(m.asOf, -7), revoke_date: cx.payDate(p, 'MZ12', mi) });
    cx.ent(p, 'MZ12', 0, mi - 1);
    const a = cx.pay(p, 'MZ12', mi);
    cx.addCase('uncertified-disability-payee', 'care subsidy paid on the day the disability certificate was revoked', () => [a.payment_id]);
  }
  // Case: no certificate at all.
  {
    const p = cx.single(v.no, 39, 'F');
    const mi = cx.month(v.no, cx.f('MZ11'), 2);
    const a = cx.pay(p, 'MZ11', mi);
    const b = cx.pay(p, 'MZ11', mi + 1);
    cx.addCase('uncertified-disability-payee', 'disability living subsidy to someone with no certificate', () => [a.payment_id, b.payment_id]);
  }
  // Near misses: issued on the pay day; revoked the day after; an old revoked and a new valid certificate.
  {
    const p = cx.single(v.no, 62);
    const mi = cx.month(v.no, f12);
    m.certs.push({ id_number: p.id, level: 1, category: '视力', issue_date: cx.payDate(p, 'MZ12', mi), revoke_date: null });
    const a = cx.pay(p, 'MZ12', mi, { amount: 14000 });
    cx.ent(p, 'MZ12', mi + 1, 11, { amount: 14000 });
    cx.addNearMiss('uncertified-disability-payee', 'care subsidy paid on the day the certificate was issued', () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 45, 'F');
    const mi = cx.month(v.no, f12);
    m.certs.push({ id_number: p.id, level: 2, category: '智力', issue_date: addYears(m.asOf, -5), revoke_date: addDays(cx.payDate(p, 'MZ12', mi), 1) });
    cx.ent(p, 'MZ12', 0, mi - 1);
    const a = cx.pay(p, 'MZ12', mi);
    cx.addNearMiss('uncertified-disability-payee', 'last care subsidy paid the day before the certificate was revoked', () => [a.payment_id]);
  }
  {
    const p = cx.single(v.no, 70);
    const mi = cx.month(v.no, f12);
    const reissued = addYears(m.asOf, -2);
    m.certs.push({ id_number: p.id, level: 3, category: '肢体', issue_date: addYears(m.asOf, -9), revoke_date: reissued });
    m.certs.push({ id_number: p.id, level: 2, category: '肢体', issue_date: reissued, revoke_date: null });
    cx.ent(p, 'MZ12', 0, mi - 1);
    const a = cx.pay(p, 'MZ12', mi);
    cx.ent(p, 'MZ12', mi + 1, 11);
    cx.addNearMiss('uncertified-disability-payee', 'care subsidy with an old revoked certificate and a valid re-issued one', () => [a.payment_id]);
  }
}
