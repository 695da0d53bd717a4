/**
 * Plants for `medical-double-settlement` (extension datasets): true cases a correct engine must report and near misses it must not.
 */
import { addDays } from '@sunshine/core';
import type { Human } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantMedicalDoubleSettlement(cx: PlantContext): void {
  const v = cx.village();
  const key = (p: Human, hospital: string, admission: string): string => `${p.id}|${hospital}|${admission}`;
  {
    const p = cx.single(v.no, 58);
    const a = cx.windowDate(40);
    cx.settlement(p, { hospital: '县人民医院', admission: a, discharge: addDays(a, 7), total: 800000 });
    cx.settlement(p, { hospital: '县人民医院', admission: addDays(a, 1), discharge: addDays(a, 7), total: 795000 });
    cx.addCase('medical-double-settlement', 'one stay settled twice, admissions a day apart, costs 8000.00 and 7950.00', () => [key(p, '县人民医院', a)]);
  }
  {
    const p = cx.single(v.no, 71, 'F');
    const a = cx.windowDate(40);
    cx.settlement(p, { hospital: '市人民医院', admission: a, discharge: addDays(a, 12), total: 2316000 });
    cx.settlement(p, { hospital: '市人民医院', admission: a, discharge: addDays(a, 12), settle: addDays(a, 30), total: 2316000 });
    cx.addCase('medical-double-settlement', 'the same stay settled again 18 days later', () => [key(p, '市人民医院', a)]);
  }
  {
    const p = cx.single(v.no, 64);
    const a = cx.windowDate(40);
    cx.settlement(p, { hospital: '县中医院', admission: a, discharge: null, total: 52000 });
    cx.settlement(p, { hospital: '县中医院', admission: addDays(a, 2), discharge: null, total: 52000 });
    cx.addNearMiss('medical-double-settlement', 'two visits of the same cost two days apart (window 1 day)', () => [key(p, '县中医院', a), key(p, '县中医院', addDays(a, 2))]);
  }
  {
    const p = cx.single(v.no, 52, 'F');
    const a = cx.windowDate(40);
    cx.settlement(p, { hospital: '县人民医院', admission: a, discharge: null, total: 1000000 });
    cx.settlement(p, { hospital: '县人民医院', admission: a, discharge: null, total: 989900 });
    cx.addNearMiss('medical-double-settlement', 'two settlements on one day whose costs differ by 1.01 %', () => [key(p, '县人民医院', a)]);
  }
  {
    const p = cx.single(v.no, 75);
    const a = cx.windowDate(40);
    cx.settlement(p, { hospital: '县人民医院', admission: a, discharge: null, total: 36000 });
    cx.settlement(p, { hospital: '县中医院', admission: a, discharge: null, total: 36000 });
    cx.addNearMiss('medical-double-settlement', 'visits of the same cost on one day at two hospitals', () => [key(p, '县人民医院', a), key(p, '县中医院', a)]);
  }
}
