import { CATEGORIES, CATEGORY_NAMES, type RuleSummary } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { isStdlibToken, loadRulesOrFail } from './load-rules-or-fail.js';
import { today } from './resolve-run-options.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function paramText(p: RuleSummary['params'][number]): string {
  return `\`${p.name}\` = ${JSON.stringify(p.default)}`;
}

/** The catalogue as Markdown: a section per category, a table row per rule. */
export function renderCatalogMarkdown(rules: readonly RuleSummary[]): string {
  const out: string[] = ['# Sunshine rule catalogue (规则目录)', '', `${rules.length} rules.`, ''];
  for (const c of CATEGORIES) {
    const list = rules.filter((r) => r.category === c).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (list.length === 0) continue;
    out.push(`## ${CATEGORY_NAMES[c].zh} — ${CATEGORY_NAMES[c].en} (\`${c}\`)`, '', '| id | 名称 | name | severity | parameters |', '| --- | --- | --- | --- | --- |');
    for (const r of list) out.push(`| \`${r.id}\` | ${cell(r.title.zh)} | ${cell(r.title.en)} | ${r.severity} | ${cell(r.params.map(paramText).join(', ')) || '—'} |`);
    out.push('');
  }
  return out.join('\n');
}

export const catalogCommand: CommandSpec = {
  name: 'catalog',
  summary: 'list the models: id, category, zh and en names, parameters, severity',
  usage: ['catalog [--format md|json] [--rules PACK …]'],
  details: `With no --rules: the standard library's catalogue (the text of its CATALOGUE.md, or JSON
with department, datasets, key, parameters and presets per rule). With --rules: the given packs.`,
  options: {
    format: { type: 'string', short: 'f', value: 'md|json', description: 'output format (default md)' },
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: 'rule packs (default: the standard library)' },
  },
  async run(ctx) {
    const format = ctx.args.string('format') ?? 'md';
    if (format !== 'md' && format !== 'json') throw new CliError('USAGE', `\`--format\` must be md or json, got \`${format}\``);
    const flag = ctx.args.strings('rules');
    if (flag.length === 0 && ctx.lib.stdlibCatalogue !== undefined) {
      // The standard library's own catalogue: the same text as its committed CATALOGUE.md.
      ctx.io.stdout.write(await ctx.lib.stdlibCatalogue(format));
      return 0;
    }
    const rules = await loadRulesOrFail(ctx, flag.length > 0 ? flag.map((p) => (isStdlibToken(p) ? p : ctx.resolve(p))) : undefined);
    if (rules === undefined) throw new CliError('NOT_AVAILABLE', 'the rule engine is not part of this build yet; no catalogue');
    const engine = await ctx.lib.createEngine({ rules, asOf: today() });
    const summaries = [...engine.summaries()].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    ctx.io.stdout.write(format === 'json' ? `${JSON.stringify({ count: summaries.length, rules: summaries }, null, 2)}\n` : renderCatalogMarkdown(summaries));
    return 0;
  },
};
