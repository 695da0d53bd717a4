import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { didYouMean } from '../did-you-mean.js';
import { renderExplanation } from '../reports/render-explanation.js';
import { placeNamesOf } from '../reports/run-report.js';
import { loadDataWithProgress } from './load-data-with-progress.js';
import { loadRulesOrFail } from './load-rules-or-fail.js';
import { resolveRunOptions } from './resolve-run-options.js';
import { asOfFromData } from './as-of-from-data.js';
import { msg } from '../i18n/messages.js';

export const explainCommand: CommandSpec = {
  name: 'explain',
  summary: { en: 'show, condition by condition, why a subject did or did not match a rule', zh: '逐个条件说明某个比对对象为什么命中或没有命中某个比对模型' },
  usage: ['explain --data DIR --rule ID --key KEY [--as-of YYYY-MM-DD] [--rules PACK …] [--format text|json] [--encoding utf8|gb18030]'],
  details: {
    en: `Evaluates one rule for one subject (its key, as findings show it: a payment_id,
\`id_number|fund_code|period\`, …) and prints each condition with the values it compared and its
verdict, and the lookups that fed it.`,
    zh: `对一个比对对象运行一个比对模型（比对对象用预警编号指明，即预警中显示的 \`key\`，例如一个
\`payment_id\`，或 \`id_number|fund_code|period\`），逐个列出条件、比较的值和判断结果，以及为它提供
数据的关联查询。`,
  },
  options: {
    data: { type: 'string', short: 'd', value: 'DIR', description: { en: 'data folder', zh: '数据文件夹' } },
    mapping: { type: 'string', value: 'FILE', description: { en: 'column-mapping file', zh: '列映射文件' } },
    encoding: { type: 'string', value: 'NAME', description: { en: 'text encoding of the CSV and JSON files: utf8, gb18030 or auto (default: detected per file)', zh: 'CSV 和 JSON 文件的文字编码：`utf8`、`gb18030` 或 `auto`（默认：逐个文件自动识别）' } },
    rule: { type: 'string', value: 'ID', description: { en: 'rule id (e.g. deceased-payee)', zh: '比对模型编号（如 `deceased-payee`）' } },
    key: { type: 'string', value: 'KEY', description: { en: 'the subject\'s key', zh: '比对对象的预警编号（即预警中的 `key`）' } },
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: { en: 'rule packs (default: the standard library)', zh: '比对模型包（默认：标准库）' } },
    params: { type: 'string', value: 'FILE', description: { en: 'parameter overrides per rule', zh: '按比对模型覆盖参数的文件' } },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: { en: 'the date rules treat as "now" (default: the latest pay, period or ledger date in the data, announced)', zh: '比对基准日，比对模型把这一天当作“今天”（默认：数据中最晚的支付日期、期间或台账日期，并会提示）' } },
    format: { type: 'string', value: 'text|json', description: { en: 'output format (default text)', zh: '输出格式（默认 `text`）' } },
    config: { type: 'string', short: 'c', value: 'FILE', description: { en: 'config file', zh: '配置文件' } },
  },
  async run(ctx) {
    const ruleId = ctx.args.string('rule');
    const key = ctx.args.string('key');
    if (ruleId === undefined || key === undefined) throw new CliError('USAGE', msg(ctx.lang, 'explainNeedsRuleAndKey'));
    const format = ctx.args.string('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new CliError('USAGE', msg(ctx.lang, 'explainFormat', format));
    const opts = resolveRunOptions(ctx, 'explain');
    const rules = await loadRulesOrFail(ctx, opts.packs);
    if (rules === undefined) throw new CliError('NOT_AVAILABLE', 'the rule engine is not part of this build yet; nothing to explain');
    // The rule is checked before minutes of loading; the engine that explains needs the data's date.
    const ids = (await ctx.lib.createEngine({ rules, params: opts.params, asOf: opts.asOf })).summaries().map((s) => s.id);
    if (!ids.includes(ruleId)) {
      const hint = didYouMean(ruleId, ids);
      throw new CliError('BAD_INPUT', msg(ctx.lang, 'unknownRule', ruleId, hint));
    }
    const data = await loadDataWithProgress(ctx, opts.data);
    const engine = await ctx.lib.createEngine({ rules, params: opts.params, asOf: asOfFromData(ctx, opts.asOf, data) });
    const explanation = await engine.explain(data, ruleId, key);
    ctx.io.stdout.write(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation, { lang: ctx.lang, names: placeNamesOf(data.tables) }));
    return 0;
  },
};
