import { displayPath } from '../display-path.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { formatCount } from '../feedback/feedback.js';
import type { GenerateOptions } from '../library/cli-library.js';
import { textTable } from '../reports/text-table.js';
import { parseAsOf } from './resolve-run-options.js';

const SCALES = ['tiny', 'village', 'town', 'county'] as const;
const FORMATS = ['csv', 'ndjson', 'xlsx'] as const;

export const genCommand: CommandSpec = {
  name: 'gen',
  summary: 'write a synthetic county with planted anomalies and their truth file',
  usage: ['gen --scale tiny|village|town|county --out DIR [--seed N] [--format csv|ndjson|xlsx]'],
  details: `Writes one file per dataset of the canonical model into DIR, and truth.json: the exact
findings (rule and key) a correct engine reports. Deterministic for a seed. \`county\` is about
12 towns, 878 villages and 2 million records.`,
  options: {
    scale: { type: 'string', value: 'SCALE', description: 'tiny, village, town or county' },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'folder to write' },
    seed: { type: 'string', value: 'N', description: 'random seed (default 1)' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'csv (default), ndjson or xlsx' },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: 'the county\'s "today": payments cover the year up to it (default 2024-12-31)' },
  },
  async run(ctx) {
    const scale = ctx.args.string('scale');
    const out = ctx.args.string('out');
    if (scale === undefined || out === undefined) throw new CliError('USAGE', '`sunshine gen` needs `--scale` and `--out`; see `sunshine gen --help`');
    if (!(SCALES as readonly string[]).includes(scale)) throw new CliError('USAGE', `\`--scale\` must be one of ${SCALES.join(', ')}, got \`${scale}\``);
    const format = ctx.args.string('format') ?? 'csv';
    if (!(FORMATS as readonly string[]).includes(format)) throw new CliError('USAGE', `\`--format\` must be one of ${FORMATS.join(', ')}, got \`${format}\``);
    const seedText = ctx.args.string('seed') ?? '1';
    const seed = Number(seedText);
    if (!/^\d+$/.test(seedText) || !Number.isSafeInteger(seed)) throw new CliError('USAGE', `\`--seed\` must be a whole number, got \`${seedText}\``);
    const asOfFlag = ctx.args.string('as-of');
    const options: GenerateOptions = {
      scale: scale as GenerateOptions['scale'],
      seed,
      out: ctx.resolve(out),
      format: format as GenerateOptions['format'],
      ...(asOfFlag === undefined ? {} : { asOf: parseAsOf(asOfFlag, '`--as-of`') }),
    };
    const bar = ctx.feedback.progress(`generating ${scale} county`, 'records');
    const result = await ctx.lib.generateCounty(options);
    const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
    bar.finish(`${formatCount(total)} records`);
    const rows = Object.entries(result.counts).map(([d, n]) => [d, formatCount(n)]);
    rows.push(['total', formatCount(total)]);
    const shown = displayPath(ctx.io.cwd, result.truthFile);
    ctx.io.stdout.write(
      `Wrote a ${scale} county (seed ${seed}, ${format}) to ${options.out}\n${textTable(['dataset', 'rows'], rows, { numeric: [1] })}\n` +
        `Truth file${result.planted === undefined ? '' : ` (${formatCount(result.planted)} planted findings)`}: ${shown}\n` +
        `Run the library over it: sunshine run --data ${displayPath(ctx.io.cwd, options.out)}${result.asOf === undefined ? '' : ` --as-of ${result.asOf}`}\n`,
    );
    return 0;
  },
};
