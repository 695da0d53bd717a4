/**
 * Plants for `recipient-spike` (statistical): true cases a correct engine must report and near misses it must not.
 */
import type { PlannedPayment, Village } from '../county-model.js';
import type { PlantContext } from './context.js';

export function plantRecipientSpike(cx: PlantContext): void {
  const m = cx.m;
  const mz01 = cx.f('MZ01');
  const free = m.villages.filter((x) => !cx.spikeVillages.has(x.no));
  const villages = free.length > 0 ? free : m.villages;
  const v = villages[cx.rng.int(0, villages.length - 1)]!;
  cx.spikeVillages.add(v.no);
  // Give the village a steady base of recipients if it has too few months with any.
  let counts = payeeCounts(cx, mz01, v.no);
  if (counts.filter((c) => c > 0).length < 12) {
    for (let i = 0; i < 3; i++) cx.ent(cx.poor(v.no, 66 + i), 'MZ01', 0, 11, { amount: 55000 });
    counts = payeeCounts(cx, mz01, v.no);
  }
  const mi = cx.rng.int(6, 10);
  const b = baseline(counts, mi)!;
  const k = Math.max(5 - (counts[mi]! - b), Math.ceil(1.5 * b - counts[mi]!), 1);
  ghosts(cx, v, 'MZ01', mi, k);
  cx.addCase('recipient-spike', `${k} new allowance recipients for one month only (baseline ${b})`, () => [`${v.code}|MZ01|${m.months[mi]!}`]);
  // Near miss: +4 over the baseline in another village (or another month far from the spike).
  const v2 = villages.find((x) => x.no !== v.no) ?? v;
  cx.spikeVillages.add(v2.no);
  let c2 = payeeCounts(cx, mz01, v2.no);
  if (c2.filter((c) => c > 0).length < 12) {
    for (let i = 0; i < 2; i++) cx.ent(cx.poor(v2.no, 70 + i), 'MZ01', 0, 11, { amount: 55000 });
    c2 = payeeCounts(cx, mz01, v2.no);
  }
  const m2 = v2.no === v.no ? (mi >= 8 ? 1 : 11) : cx.rng.int(6, 10);
  const b2 = baseline(c2, m2);
  if (b2 !== null) {
    const k2 = Math.floor(4 - (c2[m2]! - b2));
    if (k2 >= 1) {
      ghosts(cx, v2, 'MZ01', m2, k2, 58);
      cx.addNearMiss('recipient-spike', `recipients up by ${c2[m2]! + k2 - b2} (< 5) over the baseline ${b2} for one month`, () => [`${v2.code}|MZ01|${m.months[m2]!}`]);
    }
  }
  // Near miss: a jump with only two earlier months of payments (unemployment benefit).
  const rs09 = cx.f('RS09');
  const v3 = villages.find((x) => !cx.spikeVillages.has(x.no) && (m.ents[rs09]![x.no] ?? []).length === 0 && ![...m.planned.keys()].some((key) => key.endsWith(`|${rs09}|${x.no}`)));
  if (v3) {
    cx.spikeVillages.add(v3.no);
    const m3 = cx.rng.int(4, 10);
    const first = cx.single(v3.no, 33);
    cx.pay(first, 'RS09', m3 - 2, { amount: 150000 });
    cx.pay(first, 'RS09', m3 - 1, { amount: 150000 });
    for (let i = 0; i < 7; i++) cx.pay(cx.single(v3.no, 28 + i), 'RS09', m3, { amount: 150000 });
    cx.pay(first, 'RS09', m3, { amount: 150000 });
    cx.addNearMiss('recipient-spike', 'unemployment benefit jumping from 1 to 8 recipients after only two months of payments', () => [`${v3.code}|RS09|${m.months[m3]!}`]);
  }
}

/** Distinct payees of a monthly fund in a village per monthly period (index 0–11). */
function payeeCounts(cx: PlantContext, fund: number, village: number): number[] {
  const m = cx.m;
  const sets = m.months.map(() => new Set<number>());
  for (const e of m.ents[fund]![village] ?? []) for (let mi = e.start; mi <= e.end; mi++) if (m.paysIn(fund, mi)) sets[mi]!.add(e.person);
  for (let mi = 0; mi < 12; mi++) {
    for (const p of m.planned.get(`${mi}|${fund}|${village}`) ?? []) {
      const idx = m.months.indexOf(p.period);
      if (idx >= 0) sets[idx]!.add(p.person);
    }
  }
  return sets.map((s) => s.size);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
}

/** Median of the months with payees among the six before `mi`, or null with fewer than three. */
function baseline(counts: number[], mi: number): number | null {
  const prior: number[] = [];
  for (let k = 1; k <= 6; k++) if (mi - k >= 0 && counts[mi - k]! > 0) prior.push(counts[mi - k]!);
  return prior.length >= 3 ? median(prior) : null;
}

function ghosts(cx: PlantContext, v: Village, code: string, mi: number, n: number, age = 62): PlannedPayment[] {
  const out: PlannedPayment[] = [];
  for (let i = 0; i < n; i++) {
    const p = cx.poor(v.no, age + (i % 7));
    out.push(cx.pay(p, code, mi, { amount: 55000 }));
  }
  return out;
}

