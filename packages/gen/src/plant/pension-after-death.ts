/**
 * Plants for `pension-after-death` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import { monthEndOf } from '../build-pensions.js';
import type { PlantContext } from './context.js';

export function plantPensionAfterDeath(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  {
    const p = cx.single(v.no, 73);
    const died = addDays(m.asOf, -cx.rng.int(120, 300));
    cx.die(p, died);
    const x = cx.pension(p, 'employee', cx.startAt(p, 60), null, 286000);
    cx.addCase('pension-after-death', 'an enterprise pension still paid months after the pensioner died', () => [x.pension_id]);
  }
  {
    const p = cx.single(v.no, 76, 'F');
    const died = addDays(m.asOf, -cx.rng.int(90, 300));
    cx.die(p, died);
    const x = cx.pension(p, 'public_sector', cx.startAt(p, 55), addDays(died, 32), 512000);
    cx.addCase('pension-after-death', 'a public-sector pension stopped 32 days after the death (grace 31)', () => [x.pension_id]);
  }
  {
    const p = cx.single(v.no, 79);
    const died = addDays(m.asOf, -cx.rng.int(90, 300));
    cx.die(p, died);
    const x = cx.pension(p, 'employee', cx.startAt(p, 60), addDays(died, 31), 241000);
    cx.addNearMiss('pension-after-death', 'an enterprise pension stopped exactly 31 days after the death', () => [x.pension_id]);
  }
  {
    const p = cx.single(v.no, 81, 'F');
    cx.die(p, addDays(m.asOf, -31));
    const x = cx.pension(p, 'resident', cx.startAt(p, 60), null, 31500);
    cx.addNearMiss('pension-after-death', 'a pension not yet stopped for a death 31 days before asOf (the grace period ends on asOf)', () => [x.pension_id]);
  }
  {
    const p = cx.single(v.no, 84);
    const died = addDays(m.windowStart, -cx.rng.int(20, 200));
    cx.die(p, died);
    const x = cx.pension(p, 'resident', cx.startAt(p, 60), monthEndOf(died), 29800);
    cx.addNearMiss('pension-after-death', 'a resident pension ended with the month of the death', () => [x.pension_id]);
  }
}
