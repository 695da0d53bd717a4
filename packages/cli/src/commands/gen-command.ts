import { displayPath } from '../display-path.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { formatCount } from '../feedback/feedback.js';
import type { GenerateOptions } from '../library/cli-library.js';
import { textTable } from '../reports/text-table.js';
import { parseAsOf } from './resolve-run-options.js';
import { msg } from '../i18n/messages.js';

const SCALES = ['tiny', 'village', 'town', 'county'] as const;
const FORMATS = ['csv', 'ndjson', 'xlsx'] as const;

export const genCommand: CommandSpec = {
  name: 'gen',
  summary: { en: 'write a synthetic county with planted anomalies and their truth file', zh: '生成一个模拟县的数据，带有预先埋设的异常和记录它们的答案文件' },
  usage: ['gen --scale tiny|village|town|county --out DIR [--seed N] [--format csv|ndjson|xlsx]'],
  details: {
    en: `Writes one file per dataset of the canonical model into DIR, and truth.json: the exact
findings (rule and key) a correct engine reports. Deterministic for a seed. \`county\` is about
12 towns, 878 villages and 2 million records.`,
    zh: `在 DIR 中为标准数据模型的每个数据表写一个文件，另写 truth.json：一个正确的引擎应当报告的
全部预警（比对模型和预警编号）。同一个随机种子得到同样的数据。\`county\` 规模约为 12 个乡镇、
878 个村、200 万条记录。`,
  },
  options: {
    scale: { type: 'string', value: 'SCALE', description: { en: 'tiny, village, town or county', zh: '`tiny`、`village`、`town` 或 `county`' } },
    out: { type: 'string', short: 'o', value: 'DIR', description: { en: 'folder to write', zh: '写入的文件夹' } },
    seed: { type: 'string', value: 'N', description: { en: 'random seed (default 1)', zh: '随机种子（默认 1）' } },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: { en: 'csv (default), ndjson or xlsx', zh: '`csv`（默认）、`ndjson` 或 `xlsx`' } },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: { en: 'the county\'s "today": payments cover the year up to it (default 2024-12-31)', zh: '模拟县的“今天”：支付数据覆盖到这一天为止的一年（默认 2024-12-31）' } },
  },
  async run(ctx) {
    const scale = ctx.args.string('scale');
    const out = ctx.args.string('out');
    if (scale === undefined || out === undefined) throw new CliError('USAGE', msg(ctx.lang, 'genNeedsScaleAndOut'));
    if (!(SCALES as readonly string[]).includes(scale)) throw new CliError('USAGE', msg(ctx.lang, 'badChoice', '--scale', SCALES.join(', '), scale));
    const format = ctx.args.string('format') ?? 'csv';
    if (!(FORMATS as readonly string[]).includes(format)) throw new CliError('USAGE', msg(ctx.lang, 'badChoice', '--format', FORMATS.join(', '), format));
    const seedText = ctx.args.string('seed') ?? '1';
    const seed = Number(seedText);
    if (!/^\d+$/.test(seedText) || !Number.isSafeInteger(seed)) throw new CliError('USAGE', msg(ctx.lang, 'badSeed', seedText));
    const asOfFlag = ctx.args.string('as-of');
    const options: GenerateOptions = {
      scale: scale as GenerateOptions['scale'],
      seed,
      out: ctx.resolve(out),
      format: format as GenerateOptions['format'],
      ...(asOfFlag === undefined ? {} : { asOf: parseAsOf(asOfFlag, '`--as-of`', ctx.lang) }),
    };
    const bar = ctx.feedback.progress(msg(ctx.lang, 'progressGenerating', scale), msg(ctx.lang, 'unitRecords'));
    const result = await ctx.lib.generateCounty(options);
    const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
    bar.finish(msg(ctx.lang, 'recordsCount', total));
    const rows = Object.entries(result.counts).map(([d, n]) => [d, formatCount(n)]);
    rows.push([msg(ctx.lang, 'colTotal'), formatCount(total)]);
    const shown = displayPath(ctx.io.cwd, result.truthFile);
    const command = `sunshine run --data ${displayPath(ctx.io.cwd, options.out)}${result.asOf === undefined ? '' : ` --as-of ${result.asOf}`}`;
    ctx.io.stdout.write(
      `${msg(ctx.lang, 'genWrote', scale, seed, format, options.out)}\n${textTable([msg(ctx.lang, 'colDataset'), msg(ctx.lang, 'colRows')], rows, { numeric: [1] })}\n` +
        `${msg(ctx.lang, 'genTruthFile', shown, result.planted)}\n${msg(ctx.lang, 'genRunHint', command)}\n`,
    );
    return 0;
  },
};
