/**
 * Plants for `medical-aid-exceeds-cost` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { Human, SettlementDraft } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantMedicalAidExceedsCost(cx: PlantContext): void {
  const v = cx.village();
  const stay = (p: Human, total: number, insurance: number, aid: number): SettlementDraft => {
    const a = cx.windowDate(40);
    return cx.settlement(p, { hospital: '县人民医院', admission: a, discharge: addDays(a, 6), total, insurance, aid });
  };
  const s1 = stay(cx.poor(v.no, 67), 500000, 350000, 150101);
  cx.addCase('medical-aid-exceeds-cost', 'insurance 3500.00 and aid 1501.01 on a cost of 5000.00 (1.01 too much)', () => [s1.settlement_id]);
  const s2 = stay(cx.single(v.no, 45), 120000, 130000, 0);
  cx.addCase('medical-aid-exceeds-cost', 'insurance alone paid 1300.00 on a cost of 1200.00', () => [s2.settlement_id]);
  const n1 = stay(cx.poor(v.no, 72), 500000, 350000, 150100);
  cx.addNearMiss('medical-aid-exceeds-cost', 'insurance and aid 1.00 above the cost (the tolerance)', () => [n1.settlement_id]);
  const n2 = stay(cx.poor(v.no, 59), 812345, 600000, 212345);
  cx.addNearMiss('medical-aid-exceeds-cost', 'insurance and aid paying the whole cost', () => [n2.settlement_id]);
}
