/**
 * Plants for `medical-settlement-after-death` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { PlantContext } from './context.js';

export function plantMedicalSettlementAfterDeath(cx: PlantContext): void {
  const m = cx.m;
  const v = cx.village();
  const county = '县人民医院';
  {
    const p = cx.single(v.no, 77);
    const died = cx.windowDate(60);
    cx.die(p, died);
    const s = cx.settlement(p, { hospital: county, admission: addDays(died, 1), discharge: null, total: 68000 });
    cx.addCase('medical-settlement-after-death', 'an outpatient visit settled the day after the patient died', () => [s.settlement_id]);
  }
  {
    const p = cx.single(v.no, 69, 'F');
    const died = addDays(m.windowStart, -cx.rng.int(30, 200));
    cx.die(p, died);
    const admission = cx.windowDate(30);
    const s = cx.settlement(p, { hospital: '市人民医院', admission, discharge: addDays(admission, 8), total: 1860000 });
    cx.addCase('medical-settlement-after-death', 'a hospital stay months after the patient’s registered death', () => [s.settlement_id]);
  }
  {
    const p = cx.single(v.no, 83);
    const died = cx.windowDate(60);
    cx.die(p, died);
    const s = cx.settlement(p, { hospital: county, admission: died, discharge: died, total: 420000 });
    cx.addNearMiss('medical-settlement-after-death', 'admitted on the day of death', () => [s.settlement_id]);
  }
  {
    const p = cx.single(v.no, 88, 'F');
    const died = cx.windowDate(60);
    cx.die(p, died);
    const s = cx.settlement(p, { hospital: county, admission: addDays(died, -6), discharge: died, settle: addDays(died, 2), total: 935000 });
    cx.addNearMiss('medical-settlement-after-death', 'died in hospital; the stay was settled two days after the death', () => [s.settlement_id]);
  }
}
