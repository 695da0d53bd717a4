/**
 * An engine explanation as people read it, in both languages: a verdict, the subject's records
 * as a table with the data model's field names, one sentence per condition (money in yuan,
 * names of fields, words for operators), and the lookups, aggregates, facts and parameters as
 * tables. The terminal (`sunshine explain`) and the HTML report render this one view.
 */
import type { Explanation, ExplanationNode } from '../library/cli-library.js';
import type { PlaceNames } from './run-report.js';
import { codeWithWordZh, dataModelNames, datasetOfRecord, fieldNameZh, isMoneyField, isMoneyOperator, isUnaryOperator, operatorName, yuanWithUnit, type Bilingual, type Lang } from './report-vocabulary.js';

/** Rows of a record table shown at most; the rest is counted. */
const TABLE_ROWS = 20;

export interface ViewTable {
  readonly caption: Bilingual;
  /** Field names (the identifiers) and their headers in both languages. */
  readonly headers: readonly Bilingual[];
  readonly rows: readonly (readonly Bilingual[])[];
  /** Rows not shown. */
  readonly more: number;
}

export interface ViewLine {
  readonly depth: number;
  readonly result: boolean | undefined;
  readonly text: Bilingual;
  /** The same sentence with its values and identifiers marked. */
  readonly parts: { readonly zh: readonly Segment[]; readonly en: readonly Segment[] };
}

export interface ExplanationView {
  readonly verdict: Bilingual;
  readonly matched: boolean;
  readonly tables: readonly ViewTable[];
  readonly trees: readonly { readonly title: Bilingual; readonly lines: readonly ViewLine[] }[];
  /** Name/value pairs: aggregates, facts, parameters, and lookups that are not records. */
  readonly values: readonly { readonly title: Bilingual; readonly rows: readonly { readonly name: Bilingual; readonly value: Bilingual }[] }[];
}

const same = (s: string): Bilingual => ({ zh: s, en: s });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface ValueContext {
  /** Names (facts, aggregates, dotted paths' last parts) known to hold money in fen. */
  readonly money: ReadonlySet<string>;
}

function lastPart(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? path : path.slice(i + 1);
}

/** A field label: `资金类别` / `fund.kind`. */
function fieldLabel(path: string, dataset?: string): Bilingual {
  return { zh: fieldNameZh(lastPart(path), dataset) ?? path, en: path };
}

/** A value in words: money in yuan, records by their fields, lists joined. */
export function formatValue(v: unknown, money: boolean, lang: Lang): string {
  if (v === null || v === undefined || v === '') return lang === 'zh' ? '（空）' : '(none)';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (typeof v === 'number') return money && Number.isFinite(v) ? yuanWithUnit(v, lang) : String(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return lang === 'zh' ? '（无）' : '(none)';
    if (v.every(isRecord)) return lang === 'zh' ? `${v.length} 条记录` : `${v.length} ${v.length === 1 ? 'record' : 'records'}`;
    const shown = v.slice(0, 12).map((x) => formatValue(x, money, lang));
    return shown.join(lang === 'zh' ? '、' : ', ') + (v.length > 12 ? (lang === 'zh' ? ` 等 ${v.length} 项` : ` … (${v.length})`) : '');
  }
  if (isRecord(v)) return recordSummary(v, lang);
  return JSON.stringify(v);
}

/** `死亡登记：姓名 肖庆岐，死亡日期 2024-05-31` (at most five fields). */
function recordSummary(r: Record<string, unknown>, lang: Lang): string {
  const ds = datasetOfRecord(r);
  const parts = Object.entries(r)
    .filter(([, x]) => x !== null && x !== undefined && x !== '')
    .slice(0, 5)
    .map(([k, x]) => `${lang === 'zh' ? (fieldNameZh(k, ds) ?? k) : k} ${formatValue(x, isMoneyField(k, ds), lang)}`);
  return parts.join(lang === 'zh' ? '，' : ', ');
}

/** Which names show a code field's value: `village_code` 371426001247 → 孙村 (371426001247). */
const CODE_NAMES: Readonly<Record<string, keyof PlaceNames>> = { town_code: 'towns', village_code: 'villages', department_code: 'departments' };

function recordTable(caption: Bilingual, records: readonly Record<string, unknown>[], names: PlaceNames | undefined): ViewTable {
  const ds = records[0] === undefined ? undefined : datasetOfRecord(records[0]);
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return {
    caption,
    headers: keys.map((k) => fieldLabel(k, ds)),
    rows: records.slice(0, TABLE_ROWS).map((r) =>
      keys.map((k) => {
        const v = r[k];
        const map = names === undefined || CODE_NAMES[k] === undefined ? undefined : names[CODE_NAMES[k]];
        const name = typeof v === 'string' ? map?.[v] : undefined;
        if (name !== undefined) return same(`${name} (${String(v)})`);
        const zh = formatCell(v, isMoneyField(k, ds), 'zh');
        return { zh: typeof v === 'string' ? codeWithWordZh(zh, k, ds) : zh, en: formatCell(v, isMoneyField(k, ds), 'en') };
      }),
    ),
    more: Math.max(0, records.length - TABLE_ROWS),
  };
}

/** A table cell: empty for a missing value, money in yuan without the unit (the header says it). */
function formatCell(v: unknown, money: boolean, lang: Lang): string {
  if (v === null || v === undefined) return '';
  return formatValue(v, money, lang);
}

function datasetCaption(name: Bilingual, dataset: string | undefined): Bilingual {
  const zh = dataset === undefined ? undefined : datasetNameZh(dataset);
  return { zh: zh === undefined ? name.zh : `${name.zh}（${zh}）`, en: dataset === undefined ? name.en : `${name.en} (${dataset})` };
}

/** The dataset's own Chinese name (the registry's `zh`). */
function datasetNameZh(dataset: string): string | undefined {
  return dataModelNames().datasets[dataset];
}

function children(n: ExplanationNode): readonly ExplanationNode[] {
  if (n.children !== undefined) return n.children;
  return isRecord(n.child) ? [n.child] : [];
}

const GROUP_WORDS: Readonly<Record<string, Bilingual>> = {
  all: { zh: '以下条件全部成立', en: 'all of' },
  any: { zh: '以下条件任一成立', en: 'any of' },
  not: { zh: '以下条件不成立', en: 'not' },
};

/** A piece of a sentence: words, or a value / identifier shown as it is (`{ v }`). */
export type Segment = string | { readonly v: string };

function leafParts(n: ExplanationNode, ctx: ValueContext, lang: Lang): Segment[] {
  const fact = n.fact ?? '';
  const op = n.operator ?? '';
  const money = isMoneyOperator(op) || ctx.money.has(fact) || ctx.money.has(lastPart(fact)) || isMoneyField(lastPart(fact));
  // A lookup compared whole (`death` notEmpty) is named by its dataset: 死亡登记.
  const recordOf = isRecord(n.factValue) ? n.factValue : Array.isArray(n.factValue) && isRecord(n.factValue[0]) ? n.factValue[0] : undefined;
  const ds = recordOf === undefined || fact.includes('.') ? undefined : datasetOfRecord(recordOf);
  const zhName = ds === undefined ? fieldNameZh(lastPart(fact)) : datasetNameZh(ds);
  const label: Segment = lang === 'zh' && zhName !== undefined ? zhName : { v: fact };
  const actual: Segment = { v: formatValue(n.factValue, money, lang) };
  const param = isRecord(n.valueSpec) && typeof n.valueSpec.param === 'string' ? n.valueSpec.param : undefined;
  const spec: Segment[] = param === undefined ? [] : lang === 'zh' ? ['（参数 ', { v: param }, '）'] : [' (parameter ', { v: param }, ')'];
  const opWords = operatorName(op, lang);
  if (isUnaryOperator(op)) return lang === 'zh' ? [label, `${opWords}（`, actual, '）'] : [label, ` ${opWords} (`, actual, ')'];
  const value: Segment = { v: formatValue(n.value, money, lang) };
  return lang === 'zh' ? [label, '（', actual, `）${opWords} `, value, ...spec] : [label, ' (', actual, `) ${opWords} `, value, ...spec];
}

/** The sentence as plain text. */
export function segmentsText(parts: readonly Segment[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.v)).join('');
}

function* treeLines(n: ExplanationNode, depth: number, ctx: ValueContext): Generator<ViewLine> {
  let parts: { zh: Segment[]; en: Segment[] };
  if (n.fact !== undefined || n.operator !== undefined) parts = { zh: leafParts(n, ctx, 'zh'), en: leafParts(n, ctx, 'en') };
  else {
    const w = GROUP_WORDS[n.kind ?? ''] ?? same(n.kind ?? n.label ?? '');
    parts = { zh: [`${w.zh}：`], en: [`${w.en}:`] };
  }
  // A condition's `name` is the rule author's label, in the rule's (English) words.
  if (typeof n.name === 'string') parts = { zh: parts.zh, en: [...parts.en, `  [${n.name}]`] };
  yield { depth, result: n.result, text: { zh: segmentsText(parts.zh), en: segmentsText(parts.en) }, parts };
  for (const c of children(n)) yield* treeLines(c, depth + 1, ctx);
}

/** Fact names compared by a money operator anywhere in the trees. */
function moneyFacts(e: Explanation): Set<string> {
  const out = new Set<string>();
  const visit = (n: unknown): void => {
    if (!isRecord(n)) return;
    const node = n as ExplanationNode;
    if (typeof node.fact === 'string' && typeof node.operator === 'string' && isMoneyOperator(node.operator)) out.add(node.fact);
    for (const c of children(node)) visit(c);
  };
  visit(e.where);
  visit(e.conditions);
  return out;
}

const SECTION_TITLES: Readonly<Record<string, Bilingual>> = {
  lookups: { zh: '关联记录', en: 'Lookups' },
  aggregates: { zh: '汇总值', en: 'Aggregates' },
  facts: { zh: '计算值', en: 'Facts' },
  params: { zh: '参数', en: 'Parameters' },
};

/**
 * Turns an engine explanation into the bilingual view both renderers use.
 *
 * @example
 * ```ts
 * const view = explanationView(await engine.explain(data, 'deceased-payee', 'P001'));
 * view.trees[0]?.lines[1]?.text.zh; // '死亡登记（姓名 肖庆岐，死亡日期 2024-05-31）有记录'
 * ```
 */
export function explanationView(e: Explanation, options: { readonly subjectTable?: boolean; readonly names?: PlaceNames } = {}): ExplanationView {
  const names = options.names;
  const ctx: ValueContext = { money: moneyFacts(e) };
  const tables: ViewTable[] = [];
  const values: { title: Bilingual; rows: { name: Bilingual; value: Bilingual }[] }[] = [];
  const subject = isRecord(e.subject) ? e.subject : undefined;
  if (subject !== undefined) {
    const dataset = typeof subject.dataset === 'string' ? subject.dataset : undefined;
    const records = Array.isArray(subject.records) ? subject.records.filter(isRecord) : [];
    if (records.length > 0 && options.subjectTable !== false) tables.push(recordTable(datasetCaption({ zh: '比对对象', en: 'Subject' }, dataset), records, names));
    if (isRecord(subject.group)) {
      values.push({ title: { zh: '分组', en: 'Group' }, rows: Object.entries(subject.group).map(([k, v]) => ({ name: fieldLabel(k, dataset), value: { zh: formatValue(v, isMoneyField(k, dataset), 'zh'), en: formatValue(v, isMoneyField(k, dataset), 'en') } })) });
    }
  }
  const trees: { title: Bilingual; lines: ViewLine[] }[] = [];
  if (isRecord(e.where)) trees.push({ title: { zh: '比对对象筛选', en: 'Subject filter (where)' }, lines: [...treeLines(e.where, 0, ctx)] });
  if (isRecord(e.conditions)) trees.push({ title: { zh: '判定条件', en: 'Conditions' }, lines: [...treeLines(e.conditions, 0, ctx)] });

  for (const section of ['lookups', 'aggregates', 'facts', 'params'] as const) {
    const v = e[section];
    if (!isRecord(v)) continue;
    const rows: { name: Bilingual; value: Bilingual }[] = [];
    for (const [name, x] of Object.entries(v)) {
      if (section === 'lookups' && isRecord(x) && Object.keys(x).length > 0) {
        tables.push(recordTable(datasetCaption({ zh: `关联记录 ${name}`, en: `Lookup ${name}` }, datasetOfRecord(x)), [x], names));
        continue;
      }
      if (section === 'lookups' && Array.isArray(x) && x.length > 0 && x.every(isRecord)) {
        tables.push(recordTable(datasetCaption({ zh: `关联记录 ${name}`, en: `Lookup ${name}` }, datasetOfRecord(x[0]!)), x, names));
        continue;
      }
      const money = ctx.money.has(name);
      rows.push({ name: same(name), value: { zh: formatValue(x, money, 'zh'), en: formatValue(x, money, 'en') } });
    }
    if (rows.length > 0) values.push({ title: SECTION_TITLES[section]!, rows });
  }
  return {
    matched: e.matched,
    verdict: e.matched ? { zh: `命中：${e.rule} ${e.key} 是一条预警（有待核实）`, en: `${e.rule} ${e.key}: MATCHED — this is a finding` } : { zh: `未命中：${e.rule} ${e.key} 不产生预警`, en: `${e.rule} ${e.key}: no match — not a finding` },
    tables,
    trees,
    values,
  };
}

/** ✓ / ✗ / · for a condition's verdict. */
export function verdictMark(result: boolean | undefined): string {
  return result === true ? '✓' : result === false ? '✗' : '·';
}
