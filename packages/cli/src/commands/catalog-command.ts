import { buildEnvironment, CATEGORIES, CATEGORY_NAMES, describeRule, type Rule, type RuleSummary } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import type { CommandContext, CommandSpec } from '../command-spec.js';
import type { SqlCoverageEntry } from '../library/cli-library.js';
import { isStdlibToken, loadRulesOrFail } from './load-rules-or-fail.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function paramText(p: RuleSummary['params'][number]): string {
  return `\`${p.name}\` = ${JSON.stringify(p.default)}`;
}

/** The catalogue as Markdown: a section per category, a table row per rule. */
export function renderCatalogMarkdown(rules: readonly RuleSummary[]): string {
  const out: string[] = ['# Sunshine rule catalogue (比对模型目录)', '', `${rules.length} rules.`, ''];
  for (const c of CATEGORIES) {
    const list = rules.filter((r) => r.category === c).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (list.length === 0) continue;
    out.push(`## ${CATEGORY_NAMES[c].zh} — ${CATEGORY_NAMES[c].en} (\`${c}\`)`, '', '| id | 名称 | name | severity | parameters |', '| --- | --- | --- | --- | --- |');
    for (const r of list) out.push(`| \`${r.id}\` | ${cell(r.title.zh)} | ${cell(r.title.en)} | ${r.severity} | ${cell(r.params.map(paramText).join(', ')) || '—'} |`);
    out.push('');
  }
  return out.join('\n');
}

/** The SQL executors' coverage as a Markdown section: which rules SQL decides whole, and what the others finish in-process. */
export function renderSqlCoverageMarkdown(entries: readonly SqlCoverageEntry[]): string {
  const exact = entries.filter((e) => e.coverage === 'exact').length;
  const out = [
    '## SQL executors (`--executor duckdb|postgres`)',
    '',
    `${exact} of ${entries.length} rules are decided whole in SQL; for the others SQL selects candidates and the parts below run in-process over them (findings are the same either way).`,
    '',
    '| id | in SQL | run in-process over the candidates |',
    '| --- | --- | --- |',
  ];
  for (const e of [...entries].sort((a, b) => (a.rule < b.rule ? -1 : 1))) {
    const parts = e.residual.map((r) => `\`${r.part || '/'}\`: ${cell(r.reason)}`).join('; ');
    out.push(`| \`${e.rule}\` | ${e.coverage} | ${parts || '—'} |`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * What core's describeRule adds to an engine's summary of a rule — its department, key and
 * responsible level, as the standard library's catalogue and the server's rule list show them.
 */
function describedOf(rules: readonly unknown[]): (id: string) => Partial<{ department: unknown; key: string; responsible: string }> {
  const byId = new Map<string, Rule>();
  for (const r of rules as readonly Partial<Rule>[]) if (typeof r.id === 'string' && r.subject !== undefined) byId.set(r.id, r as Rule);
  let env: ReturnType<typeof buildEnvironment>['plan'] | undefined;
  return (id) => {
    const rule = byId.get(id);
    if (rule === undefined) return {};
    env ??= buildEnvironment().plan;
    const d = describeRule(rule, { env });
    return { department: d.department, key: d.key, responsible: d.responsible };
  };
}

/** The coverage of the packs' rules, when this build has the SQL executors. */
async function coverageOf(ctx: CommandContext, packs: readonly string[] | undefined): Promise<readonly SqlCoverageEntry[] | undefined> {
  const rules = await loadRulesOrFail(ctx, packs);
  if (rules === undefined) return undefined;
  const engine = await ctx.lib.createEngine({ rules, asOf: undefined });
  return engine.sqlCoverage ? engine.sqlCoverage() : undefined;
}

export const catalogCommand: CommandSpec = {
  name: 'catalog',
  summary: { en: 'list the models: id, category, zh and en names, parameters, severity', zh: '列出比对模型：编号、类别、中英文名称、参数、风险等级' },
  usage: ['catalog [--format md|json] [--rules PACK …]'],
  details: {
    en: `With no --rules: the standard library's catalogue (the text of its CATALOGUE.md, or JSON
with department, datasets, key, parameters and presets per rule). With --rules: the given packs.
Either way a last section (JSON: "sql") says, per rule, whether the SQL executors decide it
whole in SQL or which parts (jsonata facts, plug-ins) they run in-process over the candidates.`,
    zh: `不给 --rules 时：列出标准库的目录（即它的 CATALOGUE.md 的内容；或 JSON 格式，每个比对模型附
推送主管部门、数据表、预警编号、参数和预设方案）。给 --rules 时：列出这些比对模型包。
两种情况下最后都有一节（JSON 中为 "sql"），逐个比对模型说明 SQL 执行方式是整个在 SQL 中完成，
还是有哪些部分（\`jsonata\` 计算项、插件）要在本进程内对候选记录运行。`,
  },
  options: {
    format: { type: 'string', short: 'f', value: 'md|json', description: { en: 'output format (default md)', zh: '输出格式（默认 `md`）' } },
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: { en: 'rule packs (default: the standard library)', zh: '比对模型包（默认：标准库）' } },
  },
  async run(ctx) {
    const format = ctx.args.string('format') ?? 'md';
    if (format !== 'md' && format !== 'json') throw new CliError('USAGE', `\`--format\` must be md or json, got \`${format}\``);
    const flag = ctx.args.strings('rules');
    const packs = flag.length > 0 ? flag.map((p) => (isStdlibToken(p) ? p : ctx.resolve(p))) : undefined;
    if (flag.length === 0 && ctx.lib.stdlibCatalogue !== undefined) {
      // The standard library's own catalogue: the same text as its committed CATALOGUE.md…
      const text = await ctx.lib.stdlibCatalogue(format);
      // …with the SQL executors' coverage, computed from the rules.
      const coverage = await coverageOf(ctx, packs);
      if (coverage === undefined) ctx.io.stdout.write(text);
      else if (format === 'json') ctx.io.stdout.write(`${JSON.stringify({ ...(JSON.parse(text) as object), sql: coverage }, null, 2)}\n`);
      else ctx.io.stdout.write(`${text.replace(/\n*$/, '\n\n')}${renderSqlCoverageMarkdown(coverage)}`);
      return 0;
    }
    const rules = await loadRulesOrFail(ctx, packs);
    if (rules === undefined) throw new CliError('NOT_AVAILABLE', 'the rule engine is not part of this build yet; no catalogue');
    const engine = await ctx.lib.createEngine({ rules, asOf: undefined });
    const summaries = [...engine.summaries()].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const coverage = engine.sqlCoverage ? await engine.sqlCoverage() : undefined;
    const described = describedOf(rules);
    const entries = summaries.map((s) => ({ ...s, ...described(s.id) }));
    if (format === 'json') ctx.io.stdout.write(`${JSON.stringify({ count: summaries.length, rules: entries, ...(coverage ? { sql: coverage } : {}) }, null, 2)}\n`);
    else ctx.io.stdout.write(`${renderCatalogMarkdown(summaries)}${coverage ? `\n${renderSqlCoverageMarkdown(coverage)}` : ''}`);
    return 0;
  },
};
