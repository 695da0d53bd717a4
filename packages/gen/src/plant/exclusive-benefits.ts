/**
 * Plants for `exclusive-benefits` (duplicate): true cases a correct engine must report and near misses it must not.
 */
import { addDays, addYears } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantExclusiveBenefits(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  // Case: minimum living allowance and destitute support for the same month.
  {
    const p = cx.poor(v.no, 71);
    const mi = cx.month(v.no, cx.f('MZ02'));
    cx.ent(p, 'MZ01', 0, 11, { amount: 55000 });
    cx.pay(p, 'MZ02', mi, { amount: 71500 });
    cx.addCase('exclusive-benefits', 'minimum living allowance and destitute support for the same month', () => [`${p.id}|基本生活救助|${m.months[mi]!}`]);
  }
  // Case and near miss around a 90th birthday: quarterly 80–89 and monthly 90–99 allowances.
  const f08 = cx.f('MZ08');
  const quarters = [...Array(12).keys()].filter((i) => m.paysIn(f08, i) && i >= 1 && i <= 9);
  if (quarters.length > 0) {
    const q = quarters[0]!;
    // Case: the 90–99 allowance starts in the quarter's first month and the quarterly one is paid too.
    {
      const p = cx.singleBorn(v.no, addYears(addDays(m.monthStart(q), -3), -90), 'F');
      cx.ent(p, 'RS01', 0, 11, { amount: 21500 });
      cx.ent(p, 'MZ08', 0, q - 1, { amount: 30000 });
      cx.ent(p, 'MZ09', q, 11, { amount: 20000 });
      cx.pay(p, 'MZ08', q, { amount: 30000 });
      cx.addCase('exclusive-benefits', '80–89 quarterly allowance and 90–99 monthly allowance for the same period after a 90th birthday', () => [`${p.id}|高龄津贴|${m.months[q]!}`]);
    }
    // Near miss: 90th birthday late in the quarter's first month; the monthly allowance starts the month after.
    {
      const p = cx.singleBorn(v.no, addYears(`${m.months[q]!}-27`, -90));
      cx.ent(p, 'RS01', 0, 11, { amount: 21500 });
      cx.ent(p, 'MZ08', 0, q, { amount: 30000 });
      cx.ent(p, 'MZ09', q + 1, 11, { amount: 20000 });
      cx.addNearMiss('exclusive-benefits', 'quarterly 80–89 allowance for the quarter of the 90th birthday, monthly 90–99 allowance from the next month', () => [`${p.id}|高龄津贴|${m.months[q]!}`, `${p.id}|高龄津贴|${m.months[q + 1]!}`]);
    }
  }
  // Near miss: switched from the allowance to destitute support mid-year.
  {
    const p = cx.poor(v.no, 77);
    const mi = cx.month(v.no, cx.f('MZ02'));
    cx.ent(p, 'MZ01', 0, mi - 1, { amount: 55000 });
    cx.ent(p, 'MZ02', mi, 11, { amount: 71500 });
    cx.addNearMiss('exclusive-benefits', 'moved from the minimum living allowance to destitute support (consecutive months)', () => [`${p.id}|基本生活救助|${m.months[mi - 1]!}`, `${p.id}|基本生活救助|${m.months[mi]!}`]);
  }
}
