/**
 * The words of the reports in both languages: severities, column headers, the data model's
 * field names (from the dataset registry's Chinese names), operators of explanations, and money
 * as people read it (yuan with two decimals; findings and records hold integer fen).
 */
import { BUILTIN_OPERATORS, canonicalDatasets, type Severity } from '@sunshine/core';

import type { Bilingual, Lang } from '../i18n/lang.js';

export type { Bilingual, Lang };

/** Severity names, as badges and filters show them. */
export const SEVERITY_NAMES: Readonly<Record<Severity, Bilingual>> = {
  critical: { zh: '严重', en: 'critical' },
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
};

/** Highest first: the order of every report that is read by people. */
export const SEVERITIES_DESC: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * Column headers of the findings tables (HTML, XLSX), one per column; an exhaustive record so
 * that a column added to one view has its name in both languages.
 */
export const COLUMN_NAMES = {
  severity: { zh: '风险等级', en: 'Severity' },
  category: { zh: '类别', en: 'Category' },
  rule: { zh: '比对模型', en: 'Rule' },
  ruleId: { zh: '模型编号', en: 'Rule id' },
  key: { zh: '编号', en: 'Key' },
  town: { zh: '乡镇', en: 'Town' },
  village: { zh: '村', en: 'Village' },
  department: { zh: '主管部门', en: 'Department' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  amount: { zh: '涉及金额（元）', en: 'Amount (yuan)' },
  count: { zh: '次数', en: 'Times' },
  period: { zh: '期间', en: 'Period' },
  message: { zh: '说明', en: 'Message' },
  fingerprint: { zh: '指纹', en: 'Fingerprint' },
  findings: { zh: '预警数', en: 'Findings' },
} as const satisfies Record<string, Bilingual>;

/** `12,345.67`: integer fen as yuan with two decimals and thousands separators. */
export function formatYuan(fen: number): string {
  const a = Math.abs(Math.round(fen));
  const cents = a % 100;
  return `${fen < 0 ? '-' : ''}${Math.floor(a / 100).toLocaleString('en-US')}.${cents < 10 ? '0' : ''}${cents}`;
}

/** `12,345.67 元` / `12,345.67 yuan`. */
export function yuanWithUnit(fen: number, lang: Lang): string {
  return `${formatYuan(fen)} ${lang === 'zh' ? '元' : 'yuan'}`;
}

/** Integer fen as a number of yuan (for spreadsheets, which format it themselves). */
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

/** Chinese names of datasets and of their fields, from the registry (`dataset-names-zh.ts`). */
export interface FieldNames {
  readonly datasets: Readonly<Record<string, string>>;
  /** Per dataset, field → Chinese name. */
  readonly fields: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Per dataset, its money fields (integer fen). */
  readonly money: Readonly<Record<string, readonly string[]>>;
}

let fieldNames: FieldNames | undefined;

/** The data model's names, read once from the canonical dataset registry. */
export function dataModelNames(): FieldNames {
  if (fieldNames !== undefined) return fieldNames;
  const datasets: Record<string, string> = {};
  const fields: Record<string, Record<string, string>> = {};
  const money: Record<string, string[]> = {};
  for (const d of canonicalDatasets.all()) {
    if (d.zh !== undefined) datasets[d.name] = d.zh;
    fields[d.name] = Object.fromEntries(d.fields.flatMap((f) => (f.zh === undefined ? [] : [[f.name, f.zh]])));
    money[d.name] = d.fields.filter((f) => f.type === 'money').map((f) => f.name);
  }
  fieldNames = { datasets, fields, money };
  return fieldNames;
}

/**
 * The dataset a record comes from, by its fields (the registry dataset whose fields hold all
 * of the record's); explanations hold lookups as bare records.
 */
export function datasetOfRecord(record: Readonly<Record<string, unknown>>): string | undefined {
  const keys = Object.keys(record);
  if (keys.length === 0) return undefined;
  let best: string | undefined;
  let bestSize = Infinity;
  for (const [name, f] of Object.entries(dataModelNames().fields)) {
    const size = Object.keys(f).length;
    if (keys.every((k) => k in f) && size < bestSize) {
      best = name;
      bestSize = size;
    }
  }
  return best;
}

/**
 * A code of an enum field with its Chinese word from the data-model registry (`valuesZh`):
 * `expense` → `expense（支出）`; any other value as it is.
 */
export function codeWithWordZh(value: string, field: string, dataset: string | undefined): string {
  const word = dataset === undefined ? undefined : canonicalDatasets.get(dataset)?.fields.find((f) => f.name === field)?.valuesZh?.[value];
  return word === undefined ? value : `${value}（${word}）`;
}

/** A field's Chinese name for a rejected row (`整行` for the whole row, core's `WHOLE_ROW`), else the field. */
export function rejectedFieldZh(field: string, dataset: string): string {
  return field === '(row)' ? '整行' : (fieldNameZh(field, dataset) ?? field);
}

/** A field's Chinese name in a dataset, else in any dataset that has it, else undefined. */
export function fieldNameZh(field: string, dataset?: string): string | undefined {
  const n = dataModelNames();
  if (dataset !== undefined) {
    const own = n.fields[dataset]?.[field];
    if (own !== undefined) return own;
  }
  for (const f of Object.values(n.fields)) if (f[field] !== undefined) return f[field];
  return undefined;
}

/** Whether a field holds money (integer fen) in a dataset, or in any dataset when none is given. */
export function isMoneyField(field: string, dataset?: string): boolean {
  const n = dataModelNames();
  if (dataset !== undefined && n.money[dataset] !== undefined) return n.money[dataset].includes(field);
  return Object.values(n.money).some((m) => m.includes(field));
}

/** Operators of the rule language as sentences: `{fact} {op} {value}`. */
const OPERATOR_NAMES: Readonly<Record<string, Bilingual>> = {
  equal: { zh: '等于', en: 'equals' },
  notEqual: { zh: '不等于', en: 'differs from' },
  lessThan: { zh: '小于', en: 'is less than' },
  lessThanInclusive: { zh: '不大于', en: 'is at most' },
  greaterThan: { zh: '大于', en: 'is greater than' },
  greaterThanInclusive: { zh: '不小于', en: 'is at least' },
  in: { zh: '属于', en: 'is one of' },
  notIn: { zh: '不属于', en: 'is none of' },
  contains: { zh: '包含', en: 'contains' },
  doesNotContain: { zh: '不包含', en: 'does not contain' },
  dateBefore: { zh: '早于', en: 'is before' },
  dateOnOrBefore: { zh: '不晚于', en: 'is on or before' },
  dateAfter: { zh: '晚于', en: 'is after' },
  dateOnOrAfter: { zh: '不早于', en: 'is on or after' },
  moneyEqual: { zh: '等于', en: 'equals' },
  moneyGreaterThan: { zh: '大于', en: 'is more than' },
  moneyGreaterThanInclusive: { zh: '不少于', en: 'is at least' },
  moneyLessThan: { zh: '少于', en: 'is less than' },
  moneyLessThanInclusive: { zh: '不多于', en: 'is at most' },
  between: { zh: '介于', en: 'is between' },
  empty: { zh: '为空', en: 'is empty' },
  notEmpty: { zh: '有记录', en: 'is present' },
  matches: { zh: '匹配', en: 'matches' },
  startsWith: { zh: '开头为', en: 'starts with' },
};

/** An operator's words; an operator a plug-in added shows its own name. */
export function operatorName(op: string, lang: Lang): string {
  return OPERATOR_NAMES[op]?.[lang] ?? op;
}

/** Whether an operator compares money (its operands are integer fen). */
export function isMoneyOperator(op: string): boolean {
  return BUILTIN_OPERATORS[op]?.fact === 'money';
}

/** Whether an operator takes no value (`empty`, `notEmpty`). */
export function isUnaryOperator(op: string): boolean {
  return BUILTIN_OPERATORS[op]?.value === 'none';
}
