/**
 * The date a run takes as "now" when none is given: the latest day money moved in the data.
 * Never the wall clock: a county's export from last year, run today, must answer as of the
 * export, not as of today (every payment would look a year late).
 */
import { canonicalDatasets, type DatasetRegistry } from '../schema/datasets.js';
import { periodStart } from '../schema/values.js';
import type { Tables } from '../engine/engine-types.js';

/** One field whose latest value may give the data's date (see `FieldDef.asOfCandidate`). */
export interface AsOfField {
  readonly dataset: string;
  readonly field: string;
  readonly type: 'date' | 'period';
}

/**
 * The fields `latestDateIn` reads, from the registry: every `date` or `period` field marked
 * `asOfCandidate` (in the canonical model: payments' `pay_date` and `period`, the collective
 * ledger's `date`, medical settlements' `settle_date`).
 *
 * @example asOfFields().map((f) => `${f.dataset}.${f.field}`) // ['payments.period', 'payments.pay_date', …]
 */
export function asOfFields(registry: DatasetRegistry = canonicalDatasets): AsOfField[] {
  const out: AsOfField[] = [];
  for (const def of registry.all()) {
    for (const f of def.fields) {
      if (f.asOfCandidate === true && (f.type === 'date' || f.type === 'period')) out.push({ dataset: def.name, field: f.name, type: f.type });
    }
  }
  return out;
}

/**
 * The latest date (`YYYY-MM-DD`) of the {@link asOfFields} in loaded tables, a period counting
 * by its first day; `undefined` when the data holds none.
 *
 * @example
 * ```ts
 * latestDateIn(new Map([['payments', [{ pay_date: '2024-12-24', period: '2024-12' }]]])); // '2024-12-24'
 * ```
 */
export function latestDateIn(tables: Tables, registry: DatasetRegistry = canonicalDatasets): string | undefined {
  let latest: string | undefined;
  for (const f of asOfFields(registry)) {
    const rows = tables.get(f.dataset);
    if (rows === undefined) continue;
    let max: string | undefined;
    for (const row of rows) {
      const v = row[f.field];
      if (typeof v === 'string' && (max === undefined || v > max)) max = v;
    }
    if (max === undefined) continue;
    const day = f.type === 'period' ? periodStart(max) : max;
    if (latest === undefined || day > latest) latest = day;
  }
  return latest;
}

/** The line a command prints when it took the data's date: `as of 2024-12-31, the latest date in the data; give --as-of to choose`. */
export function asOfNotice(asOf: string): string {
  return `as of ${asOf}, the latest date in the data; give --as-of to choose`;
}
