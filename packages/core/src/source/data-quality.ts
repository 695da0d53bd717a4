/**
 * The data-quality report (数据质量报告) of a load: what the data says that no rule should have
 * to guess about. For each reference a rule relies on (a payment's fund, a person's village, a
 * ledger entry's contract, …) the rows that point nowhere, by missing value, with examples;
 * keys that should identify a row but repeat; totals rows skipped; columns dropped. A payment
 * to a fund the catalogue lacks is one entry here naming the fund code, not a finding per
 * payment: the stdlib rules that read a fund's attributes require the fund.
 *
 * The references and keys are two exhaustive tables ({@link DATA_REFERENCES},
 * {@link UNIQUE_KEYS}); `sunshine run` puts the report under `dataQuality` and
 * `sunshine check-data` prints it.
 */
import type { LoadedData, LoadedRecord } from './load-data.js';

/**
 * How much a dangling reference matters. `broken`: reference data a rule reads attributes
 * from is missing (a fund's schedule, a village's town): the county must complete its
 * catalogue. `unmatched`: a row names a person, contract or record another source does not
 * hold; rules handle that case on purpose (a payee not in the registry is a household of one),
 * and some such rows are what the rules look for, so it is listed but not an error.
 */
export type ReferenceLevel = 'broken' | 'unmatched';

/** A reference from one dataset's fields to another dataset's key. */
export interface DataReference {
  /** Short name, stable: `payments.fund_code → funds`. */
  readonly name: string;
  readonly from: string;
  readonly fields: readonly string[];
  readonly to: string;
  readonly toFields: readonly string[];
  readonly level: ReferenceLevel;
  /** Rules (or kinds of rule) relying on it, for the reader. */
  readonly usedBy: string;
}

const ref = (from: string, fields: readonly string[], to: string, toFields: readonly string[], level: ReferenceLevel, usedBy: string): DataReference => ({
  name: `${from}.${fields.join('+')} → ${to}`,
  from,
  fields,
  to,
  toFields,
  level,
  usedBy,
});

/** Every reference the report checks (a row whose fields are all empty refers to nothing). */
export const DATA_REFERENCES: readonly DataReference[] = [
  ref('payments', ['fund_code'], 'funds', ['fund_code'], 'broken', "every payment rule: the fund's kind, schedule, amounts and department"),
  ref('funds', ['department_code'], 'departments', ['department_code'], 'broken', 'the department a finding is reported to'),
  ref('payments', ['village_code'], 'regions', ['village_code'], 'broken', 'village and town totals, village statistics'),
  ref('persons', ['village_code'], 'regions', ['village_code'], 'broken', 'village populations, cadre kin shares'),
  ref('cadres', ['village_code'], 'regions', ['village_code'], 'broken', 'cadre rules by village'),
  ref('land_contracts', ['village_code'], 'regions', ['village_code'], 'broken', 'land subsidy checks'),
  ref('collective_contracts', ['village_code'], 'regions', ['village_code'], 'broken', 'three-assets rules by village'),
  ref('collective_ledger', ['village_code'], 'regions', ['village_code'], 'broken', 'three-assets rules by village'),
  ref('collective_assets', ['village_code'], 'regions', ['village_code'], 'broken', 'three-assets rules by village'),
  ref('resolutions', ['village_code'], 'regions', ['village_code'], 'broken', 'resolution checks by village'),
  ref('payments', ['id_number'], 'persons', ['id_number'], 'unmatched', 'household, age and registry checks (a payee not in the registry is a household of one)'),
  ref('cadre_relatives', ['cadre_id_number'], 'cadres', ['id_number'], 'unmatched', 'cadre kin rules'),
  ref('collective_ledger', ['contract_id'], 'collective_contracts', ['contract_id'], 'unmatched', 'contract income and arrears'),
  ref('collective_assets', ['contract_id'], 'collective_contracts', ['contract_id'], 'unmatched', 'leased assets without income'),
  ref('collective_ledger', ['resolution_id'], 'resolutions', ['resolution_id'], 'unmatched', 'expenses without a democratic decision'),
  ref('collective_contracts', ['resolution_id'], 'resolutions', ['resolution_id'], 'unmatched', 'contracts without a democratic decision'),
];

/** Keys that identify one row of their dataset: a repeated value is reported. */
export const UNIQUE_KEYS: Readonly<Record<string, readonly string[]>> = {
  regions: ['village_code'],
  departments: ['department_code'],
  funds: ['fund_code'],
  persons: ['id_number'],
  deaths: ['id_number'],
  land_contracts: ['contract_no'],
  payments: ['payment_id'],
  collective_contracts: ['contract_id'],
  collective_ledger: ['voucher_id'],
  collective_assets: ['asset_id'],
  medical_settlements: ['settlement_id'],
  pensions: ['pension_id'],
  household_moves: ['move_id'],
  resolutions: ['resolution_id'],
};

/** Examples kept per entry. */
const EXAMPLES = 5;

/** One value that points nowhere, with the rows naming it. */
export interface MissingTarget {
  /** The value (fields joined with `|` for a composite reference): `F-DIBAO`. */
  readonly value: string;
  /** Rows naming it. */
  readonly rows: number;
  /** Up to five of those rows, by their key (`payment_id`), else by position (`#12`). */
  readonly examples: readonly string[];
}

/** The result of checking one reference. */
export interface ReferenceCheck {
  readonly name: string;
  readonly from: string;
  readonly fields: readonly string[];
  readonly to: string;
  readonly level: ReferenceLevel;
  readonly usedBy: string;
  /** Rows of `from` holding a value in the fields. */
  readonly checked: number;
  /** Of them, rows whose value `to` does not hold. */
  readonly dangling: number;
  /** The values missing from `to`, most rows first (then by value); at most 20. */
  readonly missing: readonly MissingTarget[];
  /** Distinct missing values, including those beyond `missing`. */
  readonly missingValues: number;
  /** `true` when `to` was not loaded at all: every row dangles. */
  readonly targetAbsent: boolean;
}

/** A key value more than one row holds. */
export interface DuplicateKey {
  readonly dataset: string;
  readonly fields: readonly string[];
  /** Distinct values held more than once. */
  readonly values: number;
  /** Rows beyond the first of each such value. */
  readonly extraRows: number;
  /** Up to five values with their count. */
  readonly examples: readonly { readonly value: string; readonly rows: number }[];
}

/** Totals rows skipped, per file. */
export interface SkippedTotals {
  readonly dataset: string;
  readonly file: string;
  readonly rows: number;
  /** Their row numbers in the file, at most twenty. */
  readonly rowNumbers: readonly number[];
  /** Their labels as written (`合计`, `小计`). */
  readonly labels: readonly string[];
}

/** A column of a file that gave no field and was ignored. */
export interface DroppedColumn {
  readonly dataset: string;
  readonly file: string;
  readonly column: string;
}

/** The data-quality report of a load (数据质量报告). */
export interface DataQualityReport {
  /** Every reference of {@link DATA_REFERENCES} whose two datasets the load requested. */
  readonly references: readonly ReferenceCheck[];
  readonly duplicateKeys: readonly DuplicateKey[];
  readonly totalsSkipped: readonly SkippedTotals[];
  readonly droppedColumns: readonly DroppedColumn[];
  /** References of level `broken` with dangling rows (and duplicate keys of reference data). */
  readonly broken: number;
  /** `true` when nothing is broken. */
  readonly clean: boolean;
}

/** Datasets whose repeated keys make a lookup ambiguous: counted in `broken`. */
const REFERENCE_DATA = new Set(['regions', 'departments', 'funds']);

function keyOf(r: LoadedRecord, fields: readonly string[]): string | undefined {
  if (fields.length === 1) {
    const v = r[fields[0]!];
    return v === null || v === undefined || v === '' ? undefined : String(v);
  }
  const parts: string[] = [];
  for (const f of fields) {
    const v = r[f];
    if (v === null || v === undefined || v === '') return undefined;
    parts.push(String(v));
  }
  return parts.join('|');
}

function idOf(data: LoadedData, dataset: string, r: LoadedRecord, i: number): string {
  const key = UNIQUE_KEYS[dataset];
  const v = key === undefined ? undefined : keyOf(r, key);
  return v ?? `#${i + 1}`;
}

function checkReference(data: LoadedData, reference: DataReference): ReferenceCheck {
  const rows = data.tables.get(reference.from) ?? [];
  const targetRows = data.tables.get(reference.to) ?? [];
  const targetAbsent = data.missing.includes(reference.to);
  const targets = new Set<string>();
  for (const t of targetRows) {
    const k = keyOf(t, reference.toFields);
    if (k !== undefined) targets.add(k);
  }
  const byValue = new Map<string, { rows: number; examples: string[] }>();
  let checked = 0;
  let dangling = 0;
  rows.forEach((r, i) => {
    const k = keyOf(r, reference.fields);
    if (k === undefined) return;
    checked++;
    if (targets.has(k)) return;
    dangling++;
    let e = byValue.get(k);
    if (!e) byValue.set(k, (e = { rows: 0, examples: [] }));
    e.rows++;
    if (e.examples.length < EXAMPLES) e.examples.push(idOf(data, reference.from, r, i));
  });
  const missing = [...byValue]
    .sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 20)
    .map(([value, e]) => ({ value, rows: e.rows, examples: e.examples }));
  return {
    name: reference.name,
    from: reference.from,
    fields: reference.fields,
    to: reference.to,
    level: reference.level,
    usedBy: reference.usedBy,
    checked,
    dangling,
    missing,
    missingValues: byValue.size,
    targetAbsent,
  };
}

function duplicateKeys(data: LoadedData): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  for (const [dataset, fields] of Object.entries(UNIQUE_KEYS)) {
    const rows = data.tables.get(dataset);
    if (!rows || rows.length === 0) continue;
    const seen = new Map<string, number>();
    for (const r of rows) {
      const k = keyOf(r, fields);
      if (k !== undefined) seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    let values = 0;
    let extraRows = 0;
    const examples: { value: string; rows: number }[] = [];
    for (const [value, n] of seen) {
      if (n < 2) continue;
      values++;
      extraRows += n - 1;
      if (examples.length < EXAMPLES) examples.push({ value, rows: n });
    }
    if (values > 0) out.push({ dataset, fields, values, extraRows, examples });
  }
  return out;
}

function totalsSkipped(data: LoadedData): SkippedTotals[] {
  const byFile = new Map<string, { dataset: string; file: string; rows: number; rowNumbers: number[]; labels: Set<string> }>();
  for (const s of data.skipped ?? []) {
    const k = `${s.dataset}\u0000${s.file}`;
    let e = byFile.get(k);
    if (!e) byFile.set(k, (e = { dataset: s.dataset, file: s.file, rows: 0, rowNumbers: [], labels: new Set() }));
    e.rows++;
    if (e.rowNumbers.length < 20) e.rowNumbers.push(s.row);
    e.labels.add(s.label);
  }
  return [...byFile.values()].map((e) => ({ dataset: e.dataset, file: e.file, rows: e.rows, rowNumbers: e.rowNumbers, labels: [...e.labels] }));
}

/**
 * The data-quality report of a load: dangling references, duplicate keys, totals rows skipped
 * and columns dropped. Pure: reads `data`, changes nothing. A reference is checked when both
 * its datasets were requested; a target dataset absent from the source makes every row dangle
 * (`targetAbsent`).
 *
 * @example
 * ```ts
 * const data = await loadData(source);
 * const quality = dataQualityReport(data);
 * for (const r of quality.references) if (r.dangling > 0) console.error(`${r.name}: ${r.dangling} rows point nowhere (${r.missing.map((m) => m.value).join(', ')})`);
 * ```
 */
export function dataQualityReport(data: LoadedData): DataQualityReport {
  const references = DATA_REFERENCES.filter((r) => data.tables.has(r.from) && data.tables.has(r.to)).map((r) => checkReference(data, r));
  const dups = duplicateKeys(data);
  const droppedColumns = data.warnings
    .filter((w) => w.code === 'UNKNOWN_COLUMN')
    .map((w) => ({ dataset: w.dataset, file: w.file, column: w.column ?? '' }));
  const broken = references.filter((r) => r.level === 'broken' && r.dangling > 0).length + dups.filter((d) => REFERENCE_DATA.has(d.dataset)).length;
  return { references, duplicateKeys: dups, totalsSkipped: totalsSkipped(data), droppedColumns, broken, clean: broken === 0 };
}

/**
 * One line for a terminal: `data quality: 1 broken reference (payments.fund_code → funds: 1203
 * rows, F-DIBAO); 2 totals rows skipped`, or `data quality: clean`; in Chinese with `'zh'` (`数据质量：未见异常`).
 */
export function dataQualitySummary(report: DataQualityReport, lang: 'en' | 'zh' = 'en'): string {
  const zh = lang === 'zh';
  const parts: string[] = [];
  const broken = report.references.filter((r) => r.level === 'broken' && r.dangling > 0);
  if (broken.length > 0) {
    const list = broken.map((r) => {
      const values = `${r.missing.slice(0, 3).map((m) => m.value).join(zh ? '、' : ', ')}${r.missingValues > 3 ? (zh ? '等' : ', …') : ''}`;
      return zh ? `${r.name}：${r.dangling} 行，${values}` : `${r.name}: ${r.dangling} ${r.dangling === 1 ? 'row' : 'rows'}, ${values}`;
    });
    parts.push(zh ? `${broken.length} 处引用不到（${list.join('；')}）` : `${broken.length} broken ${broken.length === 1 ? 'reference' : 'references'} (${list.join('; ')})`);
  }
  const refDups = report.duplicateKeys.filter((d) => REFERENCE_DATA.has(d.dataset));
  if (refDups.length > 0) {
    const list = refDups.map((d) => `${d.dataset} (${d.examples.map((e) => e.value).join(', ')})`).join(', ');
    parts.push(zh ? `编号重复：${list}` : `repeated keys in ${list}`);
  }
  const unmatched = report.references.filter((r) => r.level === 'unmatched' && r.dangling > 0);
  if (unmatched.length > 0) {
    const rows = unmatched.reduce((a, r) => a + r.dangling, 0);
    parts.push(zh ? `${rows} 行所指的人员或记录在其他来源中没有` : `${rows} rows name a person or record no other source holds`);
  }
  const otherDups = report.duplicateKeys.filter((d) => !REFERENCE_DATA.has(d.dataset));
  if (otherDups.length > 0) parts.push(zh ? `编号重复的数据表：${otherDups.map((d) => d.dataset).join('、')}` : `repeated ids in ${otherDups.map((d) => d.dataset).join(', ')}`);
  const totals = report.totalsSkipped.reduce((a, t) => a + t.rows, 0);
  if (totals > 0) parts.push(zh ? `跳过 ${totals} 个合计行` : `${totals} totals ${totals === 1 ? 'row' : 'rows'} skipped`);
  const dropped = report.droppedColumns.length;
  if (dropped > 0) parts.push(zh ? `未使用 ${dropped} 列` : `${dropped} ${dropped === 1 ? 'column' : 'columns'} dropped`);
  if (zh) return `数据质量：${parts.length === 0 ? '未见异常' : parts.join('；')}`;
  return `data quality: ${parts.length === 0 ? 'clean' : parts.join('; ')}`;
}
