/**
 * Renders docs/data-model.md, the reference of the canonical data model, from the dataset
 * registry of `@sunshine/core` (datasets, fields, types, Chinese names, allowed values,
 * nullability, keys, row checks, the fields `--as-of` defaults from) and the standard
 * library's rule files (which rules use each dataset and name each field). It is one of the
 * package's generated files (`generated-files.ts`): `pnpm --filter @sunshine/rules-stdlib
 * catalogue` (or `pnpm docs:data-model`) writes it, and the drift test fails when the committed
 * page differs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { asOfFields, CELL_TEXT_RULES, canonicalDatasets, DATA_REFERENCES, UNIQUE_KEYS, VALUE_FORMS, type DatasetDef, type FieldDef, type RowCheckName } from '@sunshine/core';
import { stdlibDir } from './stdlib-dir.js';

/** When each row check rejects a row (an exhaustive table over the registry's `agreesWith` checks). */
const ROW_CHECK_DOCS: Readonly<Record<RowCheckName, (other: string) => string>> = {
  gender_of_id: (other) => `contradicts the gender digit of \`${other}\` (its 17th digit: odd = \`M\`, even = \`F\`)`,
};

/** A rule file's JSON, as far as this page reads it. */
interface RuleJson {
  readonly id: string;
  readonly subject?: { readonly dataset?: string };
  readonly lookups?: Readonly<Record<string, { readonly dataset?: string; readonly householdOf?: string; readonly on?: Readonly<Record<string, unknown>>; readonly orderBy?: readonly string[] }>>;
  readonly aggregates?: Readonly<Record<string, { readonly over?: string; readonly field?: string }>>;
}

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...ruleFiles(p));
    else if (name.endsWith('.json') && !name.endsWith('.fixtures.json')) out.push(p);
  }
  return out;
}

/** Per dataset, the rules using it; per `dataset.field`, the rules naming it. */
export interface RuleUsage {
  readonly datasets: ReadonlyMap<string, ReadonlySet<string>>;
  readonly fields: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Which rules use which datasets (subject and lookups) and name which fields: a field counts
 * when the rule writes `alias.field` for an alias bound to its dataset (`subject`, `row`,
 * `rows`, a lookup's name), joins or orders a lookup on it, or aggregates it.
 */
export function ruleUsage(dir: string = stdlibDir): RuleUsage {
  const datasets = new Map<string, Set<string>>();
  const fields = new Map<string, Set<string>>();
  const add = <K>(m: Map<K, Set<string>>, k: K, rule: string): void => {
    let s = m.get(k);
    if (s === undefined) m.set(k, (s = new Set()));
    s.add(rule);
  };
  const addField = (dataset: string | undefined, field: string, rule: string): void => {
    if (dataset !== undefined && canonicalDatasets.field(dataset, field) !== undefined) add(fields, `${dataset}.${field}`, rule);
  };
  for (const file of ruleFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const rule = JSON.parse(text) as RuleJson;
    const alias = new Map<string, string>();
    const subject = rule.subject?.dataset;
    if (subject !== undefined) for (const a of ['subject', 'row', 'rows']) alias.set(a, subject);
    for (const [name, l] of Object.entries(rule.lookups ?? {})) {
      const ds = l.dataset ?? (l.householdOf !== undefined ? 'persons' : undefined);
      if (ds === undefined) continue;
      alias.set(name, ds);
      for (const f of Object.keys(l.on ?? {})) addField(ds, f, rule.id);
      for (const f of l.orderBy ?? []) addField(ds, f.replace(/^-/, ''), rule.id);
    }
    for (const ds of new Set(alias.values())) add(datasets, ds, rule.id);
    for (const a of Object.values(rule.aggregates ?? {})) if (a.over !== undefined && a.field !== undefined) addField(alias.get(a.over), a.field, rule.id);
    for (const m of text.matchAll(/\b([A-Za-z_]\w*)\.([a-z_]\w*)\b/g)) addField(alias.get(m[1]!), m[2]!, rule.id);
  }
  return { datasets, fields };
}

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** An example as a cell holds it: text in backticks (quoted when it has edge spaces), a number cell as a number. */
function example(v: string | number): string {
  if (typeof v === 'number') return `${v} (number cell)`;
  if (v.trim() === '') return v === '' ? '(empty)' : '(spaces only)';
  const text = v !== v.trim() ? `"${v}"` : v;
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function canonicalValue(v: string | number): string {
  return typeof v === 'number' ? `\`${v}\`` : `\`${v}\``;
}

/** "Value types": the rules for cell text, then every accepted and refused form, from `VALUE_FORMS` (core). */
function valueTypesSection(): string[] {
  const out: string[] = ['## Value types', ''];
  out.push(
    'What a cell may hold for each type of field, and what the record then holds. The forms below are the complete list — each example is read by a test of `@sunshine/core` (`value-forms.test.ts`) through the normaliser every adapter uses, from the same table this section is generated from (`packages/core/src/schema/value-forms.ts`). Before a typed value (every type but `string`) is read:',
    '',
  );
  for (const r of CELL_TEXT_RULES) out.push(`- ${r}`);
  out.push('', '| type | canonical form | notes |', '| --- | --- | --- |');
  for (const [t, d] of Object.entries(VALUE_FORMS)) out.push(`| \`${t}\` | ${cell(d.canonical)} | ${cell(d.note ?? '')} |`);
  out.push('', '### Accepted forms', '', '| type | form | example | reads as |', '| --- | --- | --- | --- |');
  for (const [t, d] of Object.entries(VALUE_FORMS)) for (const f of d.accepted) out.push(`| \`${t}\` | ${cell(f.form)} | ${cell(example(f.input))} | ${cell(canonicalValue(f.value))}${t === 'money' ? ' fen' : ''} |`);
  out.push('', '### Refused forms (the row is rejected)', '', '| type | example | why |', '| --- | --- | --- |');
  for (const [t, d] of Object.entries(VALUE_FORMS)) for (const f of d.refused) out.push(`| \`${t}\` | ${cell(example(f.input))} | ${cell(f.why)} |`);
  out.push(
    '',
    'The enum examples use `funds.frequency`. A field marked *required* must have a value; only *nullable* fields may be empty (an empty cell in CSV, `null` in JSON; `\'` or `=""` alone is empty too). In a rule, money is compared in fen: `500.00` yuan is `50000`.',
    '',
  );
  return out;
}

/** "Totals rows", "Sheets of a workbook" and "Data-quality report", from the tables of core. */
function totalsAndQualitySection(): string[] {
  const out: string[] = ['## Totals rows', ''];
  out.push(
    'A 合计 / 小计 / 总计 row under the data (or under each village\'s block) is neither a record nor an error: it is skipped, counted in the load (`skipped`) and in the data-quality report, and never rejected, so `--strict` passes. A row is a totals row when all three hold:',
    '',
    '1. the model would reject it (a row that loads as a record is a record, whatever it says);',
    '2. one of its cells is a totals label — after full-width folding and with spaces, a trailing colon and a bracketed unit removed: 合计, 小计, 总计, 共计, 累计 or 总合计, each optionally after 本页, 本月, 本年, 本期 or 全 and one character (全镇合计, 本页小计), or `total`, `subtotal`, `grand total`, `sum` in any case;',
    '3. every other cell is empty or a number (a number cell, or text such as `1,234.50`, `￥1234.5`, `1234.5元`, `125`).',
    '',
    'A row with a label and text beside the sums (`合计`, `125户`) is not a totals row by rule 3 and is rejected, with its place: export the sums as numbers, or delete the row.',
    '',
  );
  out.push('## Sheets of a workbook', '');
  out.push(
    'A dataset read from an `.xlsx` workbook is read from one sheet, chosen in this order:',
    '',
    '1. the sheet the mapping file names for the dataset (`"sheet"`: a name — a hidden sheet too — or a 0-based position among the visible sheets); a name or position the workbook lacks is an error that lists its sheets;',
    '2. a visible sheet named after the dataset (or, in a folder, after the file);',
    '3. the first visible sheet — unless its header lacks the dataset\'s required columns (an instructions sheet such as 填表说明 first) while exactly one other visible sheet has them: then that sheet. When several do, the load stops and asks for `"sheet"`.',
    '',
  );
  out.push('## Data-quality report · 数据质量报告', '');
  out.push(
    'Every load ends with a data-quality report (`sunshine run` writes it under `dataQuality` in its JSON output and a line on stderr; `sunshine check-data` prints it alone). It lists what no rule should have to guess about: for each reference below, how many rows point nowhere, by missing value with examples; keys that repeat; totals rows skipped; columns dropped. A reference of level **broken** with rows pointing nowhere makes `check-data` exit 1: reference data a rule reads attributes from is missing, and the rules do not invent them — a payment to a fund the catalogue lacks is one entry here naming the fund code, not a finding per payment. Level **unmatched** is listed only: rows naming a person or record another source does not hold are handled by the rules on purpose (a payee not in the registry is a household of one), and some are what the rules look for.',
    '',
    '| reference | level | what relies on it |',
    '| --- | --- | --- |',
  );
  for (const r of DATA_REFERENCES) out.push(`| \`${r.from}.${r.fields.join(', ')}\` → \`${r.to}.${r.toFields.join(', ')}\` | ${r.level} | ${cell(r.usedBy)} |`);
  out.push(
    '',
    `Keys that identify one row, whose repeats are listed: ${Object.entries(UNIQUE_KEYS)
      .map(([d, f]) => `\`${d}.${f.join(', ')}\``)
      .join(', ')}. A repeated key of \`regions\`, \`departments\` or \`funds\` makes a lookup ambiguous and counts as broken.`,
    '',
  );
  return out;
}

function typeOf(f: FieldDef): string {
  if (f.type === 'integer' && (f.min !== undefined || f.max !== undefined)) return `integer ${f.min ?? ''}–${f.max ?? ''}`;
  return f.type;
}

function notes(def: DatasetDef, f: FieldDef): string {
  const parts: string[] = [];
  if (f.doc !== undefined) parts.push(f.doc);
  if (f.name === def.idField) parts.push('**key**: identifies the row in findings and evidence');
  if (f.agreesWith !== undefined) parts.push(`the row is rejected when it ${ROW_CHECK_DOCS[f.agreesWith.check](f.agreesWith.field)}`);
  if (f.asOfCandidate === true) parts.push(`\`--as-of\` defaults to the latest ${f.type === 'period' ? 'period start' : 'date'} of this and the other marked fields`);
  return parts.join('; ');
}

/** Rule ids, linked to their docs or not, the first `max` of them and a count of the rest. */
function ruleList(rules: ReadonlySet<string> | undefined, max: number, link: boolean): string {
  if (rules === undefined || rules.size === 0) return '—';
  const ids = [...rules].sort();
  const shown = ids.slice(0, max).map((id) => (link ? `[${id}](../packages/rules-stdlib/docs/${id}.md)` : `\`${id}\``));
  return ids.length > max ? `${shown.join(', ')} and ${ids.length - max} more` : shown.join(', ');
}

const HEADER = '<!-- Generated by `pnpm docs:data-model` from the dataset registry (packages/core/src/schema/datasets.ts, dataset-names-zh.ts) and the standard library\'s rules; do not edit by hand: a test of @sunshine/rules-stdlib fails when it drifts. -->';

/**
 * The Markdown of docs/data-model.md.
 *
 * @example
 * ```ts
 * writeFileSync('docs/data-model.md', renderDataModel());
 * ```
 */
export function renderDataModel(options: { readonly dir?: string } = {}): string {
  const usage = ruleUsage(options.dir);
  const defs = canonicalDatasets.all();
  const out: string[] = [HEADER, ''];
  out.push('# Data model reference · 数据模型', '');
  out.push(
    'Every rule, adapter, fixture and report speaks this model. A data folder holds one file per dataset, named `<dataset>.csv` (or `.tsv`, `.ndjson`, `.json`, `.xlsx`), with the field names below as its header — or the Chinese headers county exports use (the adapters know the common ones, the *中文名* column and more; a mapping file names others, see the [rules guide](rules-guide.md)). CSV may be UTF-8 or GB18030, with LF, CRLF or CR-only line ends; the encoding is detected per file (a file that is valid UTF-8 but reads as Latin-1 letters there and as Chinese in GB18030 — a plate prefix 鲁 is the bytes C2 B3 — is GB18030), or stated with `--encoding` or `encoding` in the mapping file (see `@sunshine/adapters`).',
    '',
    'A dataset that is absent is empty: a rule that needs it is reported as skipped, never silently passed. Field names are stable: renaming one breaks every rule pack that names it. Appended fields and datasets are described in [data-model-extensions.md](data-model-extensions.md).',
    '',
    '`sunshine schema --datasets` prints this model as JSON Schema.',
    '',
  );

  out.push(...valueTypesSection());

  out.push('## Rejected rows', '');
  out.push(
    'A row that breaks the model is rejected, never coerced or dropped silently: the run goes on without it, counts it, and lists it (dataset, file, row, field, value, message) under `rejected` in the JSON report; `--strict` makes any rejected row exit 2. (A file that is empty or holds only its header rejects nothing but loads nothing either: `sunshine run` announces it, and with `--strict` exits 2 when a rule that ran reads that dataset.) A row is rejected when:',
    '',
    '- a required field is empty, or a value is not of its type (see above), or an enum value is not one of the allowed values;',
    '- any field holds a NUL character (`\\0`): the file is binary or in another encoding (UTF-16?);',
  );
  for (const def of defs) {
    for (const f of def.fields) if (f.agreesWith !== undefined) out.push(`- \`${def.name}.${f.name}\` ${ROW_CHECK_DOCS[f.agreesWith.check](f.agreesWith.field)}.`);
  }
  out.push('');

  out.push(...totalsAndQualitySection());

  out.push('## The date a run is as of', '');
  const marked = asOfFields().map((f) => `\`${f.dataset}.${f.field}\`${f.type === 'period' ? ' (its start)' : ''}`);
  out.push(
    `Rules compare dates with the run's date, \`--as-of\`. Without it, \`sunshine run\`, \`explain\` and \`serve\` take the latest date the data holds among the fields marked in the registry as recording when money moved — ${marked.join(', ')} — and say so (\`as of 2024-12-31, the latest date in the data; give --as-of to choose\`); never the computer's clock. Dates that may lie ahead (contract and term ends, planned meetings, birth dates) do not count. Data with none of these dates needs \`--as-of\`.`,
    '',
  );

  out.push('## Derived relations every rule may use', '');
  out.push(
    '- **household members** of a person: the `persons` rows sharing that person\'s `household_id`; a person not in `persons` is a household of one.',
    '- **age at a date**: whole years from `birth_date` (from `persons`, else from the ID number).',
    '- **cadre in office at a date**: `term_start` ≤ date and (`term_end` empty or `term_end` ≥ date).',
    '- **period start**: the first day of the period (`2024-03` → 2024-03-01, `2024` → 2024-01-01).',
    '',
  );

  out.push('## Datasets', '', '| dataset | 中文名 | what a row is | key | rules using it |', '| --- | --- | --- | --- | --- |');
  for (const def of defs) {
    out.push(`| [\`${def.name}\`](#${def.name}) | ${def.zh ?? ''} | ${cell(def.doc)} | ${def.idField === undefined ? '—' : `\`${def.idField}\``} | ${usage.datasets.get(def.name)?.size ?? 0} |`);
  }
  out.push('');

  for (const def of defs) {
    out.push(`### ${def.name}`, '');
    out.push(`**${def.zh ?? def.name}** — ${def.doc}. File: \`${def.name}.csv\` (or another supported format).${def.idField === undefined ? '' : ` Key: \`${def.idField}\`.`}`, '');
    out.push(`Rules using it: ${ruleList(usage.datasets.get(def.name), Infinity, true)}.`, '');
    out.push('| field | 中文名 | type | required | allowed values | notes | rules naming it |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const f of def.fields) {
      const values = f.values === undefined ? '' : f.values.map((v) => `\`${v}\``).join(' · ');
      out.push(`| \`${f.name}\` | ${f.zh ?? ''} | ${typeOf(f)} | ${f.nullable === true ? 'nullable' : 'required'} | ${values} | ${cell(notes(def, f))} | ${ruleList(usage.fields.get(`${def.name}.${f.name}`), 4, false)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Where the page goes, relative to the package folder (generated files' paths are). */
export const DATA_MODEL_PAGE = '../../docs/data-model.md';
