import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { didYouMean } from '../did-you-mean.js';
import { renderExplanation } from '../reports/render-explanation.js';
import { loadDataWithProgress } from './load-data-with-progress.js';
import { loadRulesOrFail } from './load-rules-or-fail.js';
import { resolveRunOptions } from './resolve-run-options.js';
import { asOfFromData } from './as-of-from-data.js';

export const explainCommand: CommandSpec = {
  name: 'explain',
  summary: 'show, condition by condition, why a subject did or did not match a rule',
  usage: ['explain --data DIR --rule ID --key KEY [--as-of YYYY-MM-DD] [--rules PACK …] [--format text|json] [--encoding utf8|gb18030]'],
  details: `Evaluates one rule for one subject (its key, as findings show it: a payment_id,
\`id_number|fund_code|period\`, …) and prints each condition with the values it compared and its
verdict, and the lookups that fed it.`,
  options: {
    data: { type: 'string', short: 'd', value: 'DIR', description: 'data folder' },
    mapping: { type: 'string', value: 'FILE', description: 'column-mapping file' },
    encoding: { type: 'string', value: 'NAME', description: 'text encoding of the CSV and JSON files: utf8, gb18030 or auto (default: detected per file)' },
    rule: { type: 'string', value: 'ID', description: 'rule id (e.g. deceased-payee)' },
    key: { type: 'string', value: 'KEY', description: 'the subject\'s key' },
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: 'rule packs (default: the standard library)' },
    params: { type: 'string', value: 'FILE', description: 'parameter overrides per rule' },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: 'the date rules treat as "now" (default: the latest pay, period or ledger date in the data, announced)' },
    format: { type: 'string', value: 'text|json', description: 'output format (default text)' },
    config: { type: 'string', short: 'c', value: 'FILE', description: 'config file' },
  },
  async run(ctx) {
    const ruleId = ctx.args.string('rule');
    const key = ctx.args.string('key');
    if (ruleId === undefined || key === undefined) throw new CliError('USAGE', '`sunshine explain` needs `--rule ID` and `--key KEY`; see `sunshine explain --help`');
    const format = ctx.args.string('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new CliError('USAGE', `\`--format\` must be text or json, got \`${format}\``);
    const opts = resolveRunOptions(ctx, 'explain');
    const rules = await loadRulesOrFail(ctx, opts.packs);
    if (rules === undefined) throw new CliError('NOT_AVAILABLE', 'the rule engine is not part of this build yet; nothing to explain');
    // The rule is checked before minutes of loading; the engine that explains needs the data's date.
    const ids = (await ctx.lib.createEngine({ rules, params: opts.params, asOf: opts.asOf })).summaries().map((s) => s.id);
    if (!ids.includes(ruleId)) {
      const hint = didYouMean(ruleId, ids);
      throw new CliError('BAD_INPUT', `unknown rule \`${ruleId}\`${hint === undefined ? '' : `; did you mean \`${hint}\`?`} (\`sunshine catalog\` lists the rules)`);
    }
    const data = await loadDataWithProgress(ctx, opts.data);
    const engine = await ctx.lib.createEngine({ rules, params: opts.params, asOf: asOfFromData(ctx, opts.asOf, data) });
    const explanation = await engine.explain(data, ruleId, key);
    ctx.io.stdout.write(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation));
    return 0;
  },
};
