/**
 * The Chinese doc pages of the models, `docs/<id>.zh-CN.md`: hand-written prose (条件, 相近情形,
 * 设计理由) around sections generated from the rule file and the dataset registry of
 * `@sunshine/core` — the basic facts (`info`), the parameters (`params`), the message templates
 * (`message`) and the datasets and fields the model reads (`data`). Each generated section sits
 * between `<!-- generated:NAME … -->` and `<!-- /generated:NAME -->`; the `catalogue` script
 * rewrites what is between the markers and leaves the rest, and the drift test of the generated
 * files fails when a committed page holds a stale section.
 */
import { CATEGORY_NAMES, canonicalDatasets, type FieldDef, type Rule, type Severity } from '@sunshine/core';
import type { CatalogueEntry } from './catalogue.js';
import type { RuleUsage } from './data-model-page.js';
import { StdlibError } from './stdlib-error.js';

/** The file name of a model's Chinese page. */
export const zhDocName = (id: string): string => `${id}.zh-CN.md`;

/** The generated sections of a Chinese page, in page order. */
export const ZH_BLOCKS = ['info', 'params', 'message', 'data'] as const;
export type ZhBlock = (typeof ZH_BLOCKS)[number];

/** The headings every Chinese page has, in this order (the hand-written ones and the generated ones). */
export const ZH_HEADINGS = ['## 条件', '## 参数', '## 预警信息', '## 相近情形（测试样例）', '## 设计理由', '## 用到的数据'] as const;

const SOURCE = '由 `pnpm --filter @sunshine/rules-stdlib catalogue` 从模型文件和数据模型登记表生成，请勿手改';
export const blockStart = (name: ZhBlock): string => `<!-- generated:${name} ${SOURCE} -->`;
export const blockEnd = (name: ZhBlock): string => `<!-- /generated:${name} -->`;

/** Severity names as the reports show them (风险等级). */
export const SEVERITY_ZH: Readonly<Record<Severity, string>> = { critical: '严重', high: '高', medium: '中', low: '低' };

/**
 * The departments the library's `department` parameters default to, by code (the codes of a
 * county's `departments` table may differ: a deployment sets its own with `--params`). A test
 * fails when a rule defaults to a code missing here.
 */
export const DEFAULT_DEPARTMENT_NAMES: Readonly<Record<string, string>> = {
  NY: '农业农村局',
  YB: '医疗保障局',
  RS: '人力资源和社会保障局',
};

const PARAM_TYPE_ZH: Readonly<Record<string, string>> = {
  integer: '整数',
  number: '数值',
  money: '金额（元）',
  string: '文本',
  boolean: '是/否',
  date: '日期',
  'string[]': '文本列表',
  'integer[]': '整数列表',
};

/** A field type's Chinese name (the model pages' data section and the field dictionary). */
export const FIELD_TYPE_ZH: Readonly<Record<FieldDef['type'], string>> = {
  id_number: '身份证号',
  date: '日期',
  period: '期间',
  money: '金额',
  code: '编码',
  string: '文本',
  enum: '枚举',
  integer: '整数',
  decimal: '小数',
};

/** Text made safe for a Markdown table cell. */
export const cell = (s: string): string => s.replaceAll('|', '\\|').replace(/\r?\n/g, ' ');

/** A default as the English page's table writes it (lists as JSON). */
export function defaultText(v: unknown): string {
  return Array.isArray(v) ? JSON.stringify(v).replaceAll('","', '", "') : String(v);
}

function datasetName(ds: string): string {
  const zh = canonicalDatasets.get(ds)?.zh;
  return zh === undefined ? `\`${ds}\`` : `${zh}（\`${ds}\`）`;
}

const KEY_PART = /\{\{\s*(?:subject|group)\.([A-Za-z_]\w*)\s*\}\}/g;

function keyText(rule: Rule): string {
  const parts = [...rule.key.matchAll(KEY_PART)].map((m) => (m[1] === 'window_start' ? '簇的首日' : `\`${m[1]}\``));
  return parts.length === 0 ? `\`${rule.key}\`` : parts.join(' + ');
}

function subjectText(rule: Rule): string {
  const s = rule.subject;
  const ds = datasetName(s.dataset);
  const filtered = s.where === undefined ? '' : '先按筛选条件取记录，';
  if (s.groupBy === undefined) return `${ds}的每条记录（${filtered}一条记录一条预警）`;
  const by = Object.keys(s.groupBy).map((k) => `\`${k}\``).join('、');
  let text = `${ds}：${filtered}按 ${by} 分组，每组一条预警`;
  if (s.window !== undefined) {
    const d = s.window.days;
    const days = typeof d === 'number' ? `${d} 天` : `参数 \`${d.param}\` 所定天数`;
    text = `${ds}：${filtered}按 ${by} 分组，组内按日期聚成簇（簇从最早一条起，收入自首日起${days}内的记录），每簇一条预警`;
  }
  return text;
}

function infoBlock(rule: Rule, entry: CatalogueEntry): string[] {
  const code = String(entry.department.default);
  const name = DEFAULT_DEPARTMENT_NAMES[code];
  const fundDept = entry.department.expression !== null && entry.department.zh === '资金主管部门';
  // The server sends the cadre rules that name their department by parameter to the organisation department when the county has one (server's `cadreDepartment`).
  const cadre = rule.category === 'cadre' ? '；服务器上，县里的部门中有组织部（默认代码 `ZZB`）时推送组织部' : '';
  const dept = fundDept ? `资金的主管部门（资金目录中的部门代码：\`${entry.department.expression}\`）` : entry.department.param === undefined ? entry.department.zh : `参数 \`${entry.department.param}\`，默认 \`${code}\`${name === undefined ? '' : `（${name}）`}，各地可用参数文件改为本地的部门代码${cadre}`;
  return [
    '| | |',
    '| --- | --- |',
    `| 英文名 | ${cell(rule.title.en)} |`,
    `| 类别 | ${CATEGORY_NAMES[rule.category].zh}（\`${rule.category}\`） |`,
    `| 风险等级 | ${SEVERITY_ZH[rule.severity]}（\`${rule.severity}\`）${entry.core ? '；★ 固定核心模型' : ''} |`,
    `| 推送主管部门 | ${cell(dept)} |`,
    `| 比对对象 | ${cell(subjectText(rule))} |`,
    `| 预警编号（去重依据） | ${cell(keyText(rule))} |`,
    `| 涉及金额 | ${rule.amount === undefined ? '不计（本模型的预警不涉及一笔具体金额）' : cell(`\`${rule.amount}\`（以分计，报告中按元显示）`)} |`,
    `| 数据表 | ${entry.datasets.map(datasetName).join('、')} |`,
    `| 模型文件 | [${entry.file}](../${entry.file})（版本 ${rule.version}） |`,
  ];
}

function paramsBlock(rule: Rule): string[] {
  const params = Object.entries(rule.params ?? {});
  if (params.length === 0) return ['本模型没有参数。'];
  const out = ['| 参数 | 类型 | 默认值 | 含义 |', '| --- | --- | --- | --- |'];
  for (const [name, p] of params) {
    out.push(`| \`${name}\` | ${PARAM_TYPE_ZH[p.type] ?? p.type} | \`${cell(defaultText(p.default))}\` | ${cell(p.description?.zh ?? '')} |`);
  }
  out.push('', '各地可以不改模型文件，用参数文件改成本地标准：`sunshine run --params 参数文件.json`，文件中写 `{ "' + rule.id + '": { "' + params[0]![0] + '": … } }`。');
  return out;
}

function messageBlock(rule: Rule): string[] {
  return ['预警说明模板（`{{…}}` 处填入记录的值，金额按元、两位小数）：', '', '```text', rule.message.zh, '```'];
}

function dataBlock(rule: Rule, entry: CatalogueEntry, usage: RuleUsage): string[] {
  const datasets = [...entry.datasets];
  for (const [ds, rules] of usage.datasets) if (rules.has(rule.id) && !datasets.includes(ds)) datasets.push(ds);
  const out = ['| 数据表 | 中文名 | 本模型读取的字段 |', '| --- | --- | --- |'];
  for (const ds of datasets) {
    const def = canonicalDatasets.get(ds);
    const fields = (def?.fields ?? [])
      .filter((f) => usage.fields.get(`${ds}.${f.name}`)?.has(rule.id) === true)
      .map((f) => `\`${f.name}\` ${f.zh ?? ''}（${FIELD_TYPE_ZH[f.type]}）`.replace(' （', '（'));
    out.push(`| \`${ds}\` | ${def?.zh ?? ''} | ${fields.length === 0 ? '—' : cell(fields.join('、'))} |`);
  }
  out.push('', '字段的类型、允许值和读取它的模型见[数据模型（字段字典）](../../../docs/data-model.zh-CN.md)。');
  return out;
}

/** The generated sections of a model's Chinese page. */
export function renderZhBlocks(rule: Rule, entry: CatalogueEntry, usage: RuleUsage): Record<ZhBlock, string> {
  return {
    info: infoBlock(rule, entry).join('\n'),
    params: paramsBlock(rule).join('\n'),
    message: messageBlock(rule).join('\n'),
    data: dataBlock(rule, entry, usage).join('\n'),
  };
}

/**
 * The page with each generated section replaced by `blocks`; the text outside the markers is
 * kept as it is. Throws {@link StdlibError} (`INVALID_STDLIB`) when a section's markers are
 * missing, repeated or out of order.
 */
export function spliceZhBlocks(page: string, blocks: Readonly<Record<ZhBlock, string>>, file = 'the page'): string {
  let out = page;
  for (const name of ZH_BLOCKS) {
    const start = blockStart(name);
    const end = blockEnd(name);
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i || out.indexOf(start, i + 1) >= 0 || out.indexOf(end, j + 1) >= 0) {
      throw new StdlibError('INVALID_STDLIB', `${file}: the generated section \`${name}\` needs exactly one \`${start}\` followed by one \`${end}\``);
    }
    out = `${out.slice(0, i + start.length)}\n${blocks[name]}\n${out.slice(j)}`;
  }
  return out;
}
