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
import { asOfFields, canonicalDatasets, type DatasetDef, type FieldDef, type FieldType, type RowCheckName } from '@sunshine/core';
import { stdlibDir } from './stdlib-dir.js';

/** What each value type holds and what the adapters accept for it (an exhaustive table). */
const VALUE_TYPES: Readonly<Record<FieldType, { readonly canonical: string; readonly accepts: string }>> = {
  id_number: {
    canonical: '18-character resident ID number (GB 11643-1999), upper-case `X` check character',
    accepts: 'a 15-digit legacy number (upgraded to 18); a bad check digit or an impossible birth date rejects the row. Birth date and gender are read from it.',
  },
  date: { canonical: '`YYYY-MM-DD`', accepts: '`2024/3/5`, `2024-3-5`, `2024年3月5日`, `20240305`, an Excel serial day, `2024-03-05 00:00:00`; an impossible day rejects the row' },
  period: {
    canonical: '`YYYY-MM` (monthly; quarterly by its first month) or `YYYY` (yearly, once)',
    accepts: '`2024/3`, `202403`, `2024年3月`, `2024年`. A payment\'s period is what it pays for, not when it was paid; its *start* is the first day of that month or year.',
  },
  money: { canonical: 'integer fen (yuan × 100) in records; yuan with at most two decimals in files', accepts: '`1,234.50`, `￥1234.5`, `1234.5元`; more than two decimals rejects the row, never rounded' },
  code: { canonical: 'text, compared exactly', accepts: 'town, village, department, fund and account codes are opaque strings (leading zeros kept)' },
  string: { canonical: 'text, trimmed', accepts: 'any text' },
  enum: { canonical: 'one of the listed values', accepts: 'with the built-in dictionary, common Chinese values too (男 → `M`, 户主 → `head`); anything else rejects the row' },
  integer: { canonical: 'a whole number, within the bounds shown', accepts: '`3` (not `3.0`)' },
  decimal: { canonical: 'a number', accepts: '`12.5`, `1,200.25`' },
};

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

  out.push('## Value types', '', '| type | canonical form | also accepted in files |', '| --- | --- | --- |');
  for (const [t, d] of Object.entries(VALUE_TYPES)) out.push(`| \`${t}\` | ${cell(d.canonical)} | ${cell(d.accepts)} |`);
  out.push('', 'A field marked *required* must have a value; only *nullable* fields may be empty (an empty cell in CSV, `null` in JSON). In a rule, money is compared in fen: `500.00` yuan is `50000`.', '');

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
