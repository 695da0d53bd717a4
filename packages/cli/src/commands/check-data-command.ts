import { CliError } from '../cli-error.js';
import { msg } from '../i18n/messages.js';
import type { CommandSpec } from '../command-spec.js';
import { formatCount } from '../feedback/feedback.js';
import type { DataSpec } from '../library/cli-library.js';
import { announceDataQuality, renderDataQualityText } from './announce-data-quality.js';
import { sourceDescriptionIn } from '../i18n/source-description.js';
import { loadDataWithProgress } from './load-data-with-progress.js';

const ENCODINGS: Readonly<Record<string, 'utf-8' | 'gb18030' | undefined>> = { auto: undefined, utf8: 'utf-8', 'utf-8': 'utf-8', gb18030: 'gb18030', gbk: 'gb18030' };

/**
 * `sunshine check-data`: the load and the data-quality report alone, for a county to run
 * before its first import. Exit 0 clean, 1 when a reference is broken, 2 for bad input.
 */
export const checkDataCommand: CommandSpec = {
  name: 'check-data',
  summary: { en: "load a county's data and report its quality (broken references, repeated keys, totals rows), without running rules", zh: '读取一个县的数据并给出数据质量报告（引用缺失、编号重复、合计行），不运行比对模型' },
  usage: ['check-data --data DIR [--mapping FILE] [--encoding utf8|gb18030] [--format text|json] [--out FILE] [--strict]'],
  details: {
    en: `Loads the data folder as \`run\` does (same mapping file, same rules for values, totals rows
and sheets) and prints the data-quality report: for each reference a rule relies on (payments →
funds, funds → departments, payments, persons and the three assets → villages, payments →
persons, ledger → contracts, …) the rows that point nowhere, by missing value with examples;
repeated keys; totals rows skipped; columns dropped. Rejected rows are counted and, with
--format json, listed.

Exit codes: 0 no broken reference; 1 a broken reference (a fund, department or village that
other files name is missing from its catalogue) or a repeated key of reference data; 2 bad
usage or bad input (unreadable data, a bad mapping file), and with --strict any rejected row.`,
    zh: `按 \`run\` 的方式读取数据文件夹（同样的映射文件、取值规则、合计行与工作表规则），输出数据质量报告：
对比对模型依赖的每一种引用关系（发放记录→资金目录、资金→部门、发放记录/户籍/三资→村、
发放记录→户籍、台账→合同等），列出指向不存在记录的行（按缺失的值，附示例）；重复的编号；
跳过的合计行；未使用的列。被拒收的行会计数，用 \`--format json\` 时逐条列出。

退出码：0 没有缺失的引用；1 有缺失的引用（其他文件用到的资金、部门或村不在目录中），或参考数据的
编号重复；2 用法错误或输入有误（数据读不了、映射文件有误），加 --strict 时还包括有行被拒收。`,
  },
  options: {
    data: { type: 'string', short: 'd', value: 'DIR', description: { en: 'data folder (one file per dataset)', zh: '数据文件夹（每个数据表一个文件）' } },
    mapping: { type: 'string', value: 'FILE', description: { en: 'column-mapping file for Chinese headers and county codes', zh: '列映射文件：把中文表头和县里的代码对应到数据模型' } },
    encoding: { type: 'string', value: 'NAME', description: { en: 'text encoding of the CSV and JSON files: utf8, gb18030 or auto (default)', zh: 'CSV 和 JSON 文件的文字编码：`utf8`、`gb18030` 或 `auto`（默认）' } },
    format: { type: 'string', short: 'f', value: 'text|json', description: { en: 'text (default) or json', zh: '`text`（默认）或 `json`' } },
    out: { type: 'string', short: 'o', value: 'FILE', description: { en: 'write the report to FILE instead of stdout', zh: '把报告写到 FILE，而不是标准输出' } },
    strict: { type: 'boolean', description: { en: 'exit 2 if any row is rejected', zh: '有行被拒收时以退出码 2 结束' } },
  },
  async run(ctx) {
    const dir = ctx.args.string('data');
    if (dir === undefined) throw new CliError('USAGE', '`check-data` needs `--data DIR`, the folder of the county\'s files');
    const format = ctx.args.string('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new CliError('USAGE', `\`--format\` must be text or json, got \`${format}\``);
    const encodingFlag = ctx.args.string('encoding');
    if (encodingFlag !== undefined && !Object.hasOwn(ENCODINGS, encodingFlag.toLowerCase())) {
      throw new CliError('USAGE', `\`--encoding\` must be utf8, gb18030 or auto, got \`${encodingFlag}\``);
    }
    const encoding = encodingFlag === undefined ? undefined : ENCODINGS[encodingFlag.toLowerCase()];
    const mapping = ctx.args.string('mapping');
    const spec: DataSpec = { kind: 'folder', dir: ctx.resolve(dir), mapping: mapping === undefined ? undefined : ctx.resolve(mapping), ...(encoding === undefined ? {} : { encoding }) };

    const data = await loadDataWithProgress(ctx, spec);
    if (data.loadWarnings !== undefined) for (const w of data.loadWarnings) ctx.feedback.info(msg(ctx.lang, 'loadNotice', w));
    else for (const w of data.warnings) ctx.feedback.info(w);
    const report = data.dataQuality;
    if (report === undefined) throw new CliError('NOT_AVAILABLE', 'this build of sunshine has no data-quality report', { zh: '这个版本的 sunshine 没有数据质量报告' });
    const zh = ctx.lang === 'zh';
    const rows = data.datasets.reduce((a, d) => a + d.rows, 0);
    const sets = data.datasets.length - data.missing.length;
    const loaded = zh
      ? `${sourceDescriptionIn(data.description, 'zh')}：从 ${sets} 个数据表读入 ${formatCount(rows)} 行，拒收 ${formatCount(data.rejected.length)} 行${data.missing.length > 0 ? `；缺少：${data.missing.join('、')}` : ''}`
      : `${data.description}: ${formatCount(rows)} rows loaded from ${sets} datasets, ${formatCount(data.rejected.length)} rejected${data.missing.length > 0 ? `; absent: ${data.missing.join(', ')}` : ''}`;

    let text: string;
    if (format === 'json') {
      text = `${JSON.stringify({ source: { description: data.description, datasets: data.datasets, missing: data.missing }, rejected: data.rejected, dataQuality: report }, null, 2)}\n`;
    } else {
      text = `${zh ? '数据质量报告' : '数据质量报告 · Data quality'}\n${loaded}\n\n${renderDataQualityText(report, ctx.lang)}`;
    }
    const out = ctx.args.string('out');
    if (out === undefined) ctx.io.stdout.write(text);
    else {
      const { writeChunksToFile } = await import('../reports/write-chunks.js');
      writeChunksToFile(ctx.resolve(out), [text]);
      ctx.feedback.info(zh ? `数据质量报告已写入 ${ctx.resolve(out)}` : `wrote the data-quality report to ${ctx.resolve(out)}`);
    }
    announceDataQuality(ctx, report);
    if (data.rejected.length > 0) {
      ctx.feedback.warn(
        zh
          ? `拒收 ${formatCount(data.rejected.length)} 行${format === 'json' ? '；见 "rejected"' : '；`--format json` 会列出它们'}`
          : `${formatCount(data.rejected.length)} ${data.rejected.length === 1 ? 'row' : 'rows'} rejected${format === 'json' ? '; listed under "rejected"' : '; `--format json` lists them'}`,
      );
    }
    if (ctx.args.flag('strict') && data.rejected.length > 0) {
      ctx.feedback.error(zh ? `--strict：拒收了 ${data.rejected.length} 行，以退出码 2 结束` : `--strict: ${data.rejected.length} rejected ${data.rejected.length === 1 ? 'row' : 'rows'}; exiting with 2`);
      return 2;
    }
    return report.clean ? 0 : 1;
  },
};
