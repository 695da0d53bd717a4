/**
 * The catalogue of the library: every model with its category, names, severity, department,
 * datasets, key and parameters, as Markdown (zh and en) or JSON. `CATALOGUE.md` is this
 * function's output, committed, and a test fails when the two drift apart.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  buildEnvironment,
  CATEGORIES,
  CATEGORY_NAMES,
  formatProblem,
  loadPacks,
  planRule,
  type Category,
  type LocalizedText,
  type Rule,
  type Severity,
} from '@sunshine/core';
import { isCoreModel } from './core-model-ids.js';
import { PRESET_NAMES, presetDefinitions, type PresetName } from './presets.js';
import { zhDocName } from './doc-pages-zh.js';
import { docsDir, stdlibDir } from './stdlib-dir.js';
import { StdlibError } from './stdlib-error.js';

/** One parameter, with its default as written in the rule (money in yuan). */
export interface CatalogueParam {
  readonly name: string;
  readonly type: string;
  readonly default: unknown;
  /** `yuan` for money parameters. */
  readonly unit?: 'yuan';
  readonly description?: LocalizedText;
}

/** Who acts on a rule's findings. */
export interface CatalogueDepartment {
  /** The rule's `department` expression (`fund.department_code`, `$params.department`), or null. */
  readonly expression: string | null;
  readonly zh: string;
  readonly en: string;
  /** For a department given by a parameter: its name and default. */
  readonly param?: string;
  readonly default?: unknown;
}

export interface CatalogueEntry {
  readonly id: string;
  readonly version: string;
  readonly category: Category;
  readonly categoryName: LocalizedText;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly severity: Severity;
  /** One of the 28 fixed core models (★ in CATALOGUE.md). */
  readonly core: boolean;
  readonly department: CatalogueDepartment;
  /** The dataset whose records (or groups of records) are the subjects. */
  readonly subject: string;
  /** The datasets the rule needs (it is skipped when one is absent). */
  readonly datasets: readonly string[];
  /** The key's parts, joined with `|`. */
  readonly key: string;
  readonly params: readonly CatalogueParam[];
  readonly presets: readonly PresetName[];
  /** Paths relative to the package folder. */
  readonly file: string;
  /** The English doc page. */
  readonly doc: string;
  /** The Chinese doc page (`docs/<id>.zh-CN.md`), or null while the model has none. */
  readonly docZh: string | null;
}

export type CatalogueFormat = 'md' | 'json';

export interface CatalogueOptions {
  /**
   * The rule folder to catalogue.
   * @default stdlibDir
   */
  readonly dir?: string;
}

const posix = (p: string): string => p.split(path.sep).join('/');

function departmentOf(rule: Rule): CatalogueDepartment {
  const expr = rule.department;
  if (expr === undefined) return { expression: null, zh: '—', en: '—' };
  const param = /^\$params\.([A-Za-z_]\w*)$/.exec(expr)?.[1];
  const def = param === undefined ? undefined : rule.params?.[param];
  if (param !== undefined && def) {
    return { expression: expr, zh: `参数 \`${param}\`，默认 \`${String(def.default)}\``, en: `parameter \`${param}\`, default \`${String(def.default)}\``, param, default: def.default };
  }
  if (/^funds?(\[0\])?\.department_code$/.test(expr)) return { expression: expr, zh: '资金主管部门', en: "the fund's department" };
  return { expression: expr, zh: `\`${expr}\``, en: `\`${expr}\`` };
}

function keyOf(template: string): string {
  return template.replace(/\{\{\s*(?:subject|group)\.([A-Za-z_]\w*)\s*\}\}/g, (_, f: string) => (f === 'window_start' ? 'first date' : f));
}

/**
 * The catalogue's entries, in category order, then by id. Throws {@link StdlibError}
 * (`INVALID_STDLIB`) when a rule does not validate.
 *
 * @example
 * ```ts
 * for (const e of await catalogueEntries()) console.log(e.id, e.severity, e.title.zh);
 * ```
 */
export async function catalogueEntries(options: CatalogueOptions = {}): Promise<CatalogueEntry[]> {
  const dir = options.dir ?? stdlibDir;
  const pack = await loadPacks([dir]);
  if (pack.problems.length > 0) throw new StdlibError('INVALID_STDLIB', `the rules do not validate:\n${pack.problems.map(formatProblem).join('\n')}`);
  const env = buildEnvironment().plan;
  const entries = pack.rules.map(({ rule, file }): CatalogueEntry => {
    const { plan } = planRule(rule, env);
    const params = Object.entries(rule.params ?? {}).map(([name, p]): CatalogueParam => ({
      name,
      type: p.type,
      default: p.default,
      ...(p.type === 'money' ? { unit: 'yuan' as const } : {}),
      ...(p.description ? { description: p.description } : {}),
    }));
    return {
      id: rule.id,
      version: rule.version,
      category: rule.category,
      categoryName: CATEGORY_NAMES[rule.category],
      title: rule.title,
      description: rule.description,
      severity: rule.severity,
      core: isCoreModel(rule.id),
      department: departmentOf(rule),
      subject: rule.subject.dataset,
      datasets: plan?.datasets ?? [],
      key: keyOf(rule.key),
      params,
      presets: PRESET_NAMES.filter((n) => presetDefinitions[n].includes(rule)),
      file: posix(path.join('rules', path.relative(dir, file))),
      doc: `docs/${rule.id}.md`,
      docZh: existsSync(path.join(docsDir, zhDocName(rule.id))) ? `docs/${zhDocName(rule.id)}` : null,
    };
  });
  return entries.sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function paramText(p: CatalogueParam): string {
  const d = p.default;
  const value = Array.isArray(d) ? (d.length === 0 ? '[]' : d.map(String).join(', ')) : String(d);
  return `\`${p.name}\` = ${value}${p.unit === 'yuan' ? ' 元' : ''}`;
}

/** The catalogue as Markdown, in Chinese and English. */
export function renderCatalogueMarkdown(entries: readonly CatalogueEntry[]): string {
  const out: string[] = [
    '<!-- Generated by `pnpm --filter @sunshine/rules-stdlib catalogue` from the rule files; do not edit by hand (a test fails when it drifts). -->',
    '',
    '# 比对模型目录 · Catalogue of comparison models',
    '',
    `标准规则库共 **${entries.length}** 个比对模型，分 ${new Set(entries.map((e) => e.category)).size} 类；★ 为固定核心模型（${entries.filter((e) => e.core).length} 个），其编号、预警编号（键）和含义是固定契约。每个模型的说明页为中文 \`docs/<id>.zh-CN.md\`，英文对照 \`docs/<id>.md\`；模型的写法见[比对模型写法参考](../../docs/rules-dsl.zh-CN.md)，用语见[术语表](../../docs/glossary.zh-CN.md)，数据表和字段见[字段字典](../../docs/data-model.zh-CN.md)。`,
    '',
    `The standard library holds **${entries.length}** comparison models in ${new Set(entries.map((e) => e.category)).size} categories; ★ marks the ${entries.filter((e) => e.core).length} fixed core models, whose ids, keys and meaning are a contract. Each model is specified in \`docs/<id>.zh-CN.md\` (Chinese) and \`docs/<id>.md\` (English).`,
    '',
    '| 类别 | Category | 模型 Models | 核心 Core |',
    '| --- | --- | --- | --- |',
  ];
  for (const c of CATEGORIES) {
    const list = entries.filter((e) => e.category === c);
    out.push(`| ${CATEGORY_NAMES[c].zh} | ${CATEGORY_NAMES[c].en} (\`${c}\`) | ${list.length} | ${list.filter((e) => e.core).length} |`);
  }
  out.push('', '## 预设 · Presets', '', '`presets/<name>.json` is a rule pack: `sunshine run --data DIR --rules node_modules/@sunshine/rules-stdlib/presets/payments.json`.', '', '| 预设 Preset | 说明 | Description | 模型 Models |', '| --- | --- | --- | --- |');
  for (const n of PRESET_NAMES) {
    const d = presetDefinitions[n];
    out.push(`| \`${n}\` | ${cell(d.title.zh)} | ${cell(d.title.en)} | ${entries.filter((e) => e.presets.includes(n)).length} |`);
  }
  out.push('');
  for (const c of CATEGORIES) {
    const list = entries.filter((e) => e.category === c);
    if (list.length === 0) continue;
    out.push(
      `## ${CATEGORY_NAMES[c].zh} · ${CATEGORY_NAMES[c].en} (\`${c}\`)`,
      '',
      '| 模型编号 id | 名称 | Name | 风险等级 Severity | 推送主管部门 Department | 数据表 Datasets | 预警编号 Key | 参数（默认值） Parameters (defaults) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const e of list) {
      out.push(
        `| ${e.core ? '★ ' : ''}${e.docZh === null ? `[\`${e.id}\`](${e.doc})` : `[\`${e.id}\`](${e.docZh}) ([en](${e.doc}))`} | ${cell(e.title.zh)} | ${cell(e.title.en)} | ${e.severity} | ${cell(e.department.param === undefined ? `${e.department.zh} · ${e.department.en}` : `\`${String(e.department.default)}\` (\`${e.department.param}\`)`)} | ${cell(e.datasets.map((d) => `\`${d}\``).join(', '))} | ${cell(`\`${e.key}\``)} | ${cell(e.params.map(paramText).join('; ')) || '—'} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** The catalogue as JSON (text), for tools and the server's catalogue page. */
export function renderCatalogueJson(entries: readonly CatalogueEntry[]): string {
  const doc = {
    $comment: 'Generated by `pnpm --filter @sunshine/rules-stdlib catalogue` from the rule files.',
    count: entries.length,
    core: entries.filter((e) => e.core).length,
    categories: CATEGORIES.map((c) => ({ id: c, ...CATEGORY_NAMES[c], count: entries.filter((e) => e.category === c).length })),
    presets: PRESET_NAMES.map((n) => ({ name: n, title: presetDefinitions[n].title, rules: entries.filter((e) => e.presets.includes(n)).map((e) => e.id) })),
    rules: entries,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The catalogue of the standard library (or of `options.dir`), as Markdown (zh and en) or JSON.
 *
 * @example
 * ```ts
 * await writeFile('CATALOGUE.md', await catalogue('md'));
 * ```
 */
export async function catalogue(format: CatalogueFormat, options: CatalogueOptions = {}): Promise<string> {
  const entries = await catalogueEntries(options);
  switch (format) {
    case 'md':
      return renderCatalogueMarkdown(entries);
    case 'json':
      return renderCatalogueJson(entries);
    default:
      throw new StdlibError('INVALID_OPTIONS', `unknown catalogue format \`${String(format)}\` (md or json)`);
  }
}
