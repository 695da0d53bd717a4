import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import type { CommandContext, CommandSpec } from '../command-spec.js';
import { displayPath } from '../display-path.js';
import type { GenerateOptions } from '../library/cli-library.js';
import { renderHtmlReport } from '../reports/render-html-report.js';
import { renderJsonReport } from '../reports/render-json-report.js';
import { renderSummary } from '../reports/render-summary.js';
import { writeChunksToFile } from '../reports/write-chunks.js';
import { runToReport } from './run-command.js';
import { msg } from '../i18n/messages.js';

const SCALES = ['tiny', 'village', 'town', 'county'] as const;
/** Findings the demo report explains condition by condition (each explanation re-indexes the data today). */
const DEMO_EXPLAIN_LIMIT = 200;

interface TruthFile {
  readonly asOf?: string;
  readonly findings: readonly { readonly rule: string; readonly key: string }[];
}

/** Compares findings with the generator's truth file (rule and key). */
function compareWithTruth(found: readonly { rule: string; key: string }[], truth: TruthFile): { planted: number; found: number; missed: string[]; unexpected: string[] } {
  const id = (f: { rule: string; key: string }): string => `${f.rule} ${f.key}`;
  const want = new Set(truth.findings.map(id));
  const got = new Set(found.map(id));
  const truthRules = new Set(truth.findings.map((f) => f.rule));
  return {
    planted: want.size,
    found: [...want].filter((k) => got.has(k)).length,
    missed: [...want].filter((k) => !got.has(k)),
    // Only rules the truth file speaks for: the library has more models than the truth covers.
    unexpected: found.filter((f) => truthRules.has(f.rule) && !want.has(id(f))).map(id),
  };
}

/**
 * The context of the demo's run: the same, except that the loader's "`manifest` is not a
 * dataset of the model" for the files the generator wrote beside the data (manifest, truth
 * file, planted cases) is not said — the demo wrote them itself.
 */
function quietAboutOwnFiles(ctx: CommandContext, dir: string, datasets: ReadonlySet<string>): CommandContext {
  // The loader's notice carries its code, dataset and file as fields (run-command.ts), in either language.
  const own = (fields: Readonly<Record<string, unknown>> | undefined): boolean =>
    fields?.['code'] === 'UNKNOWN_DATASET' && String(fields['file']).startsWith(dir) && !datasets.has(String(fields['dataset']));
  const feedback = new Proxy(ctx.feedback, {
    get(target, prop) {
      if (prop === 'info') {
        return (message: string, fields?: Readonly<Record<string, unknown>>): void => {
          if (!own(fields)) target.info(message, fields);
        };
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { ...ctx, feedback };
}

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: { en: 'generate a synthetic county, run the whole library, write the HTML report', zh: '生成一个模拟县，运行整个标准库，写出 HTML 报告' },
  usage: ['demo [--scale tiny|village|town|county] [--out DIR] [--seed N]'],
  details: {
    en: `One command to see Sunshine work: writes a synthetic county with planted anomalies into
DIR/county, runs the standard library over it, writes DIR/report.html and DIR/findings.json,
compares the findings with the generator's truth file and prints the report's path.`,
    zh: `一条命令看 Sunshine 怎样工作：在 DIR/county 中生成一个埋有异常的模拟县，对它运行标准库，
写出 DIR/report.html 和 DIR/findings.json，把预警与生成器的答案文件比对，并显示报告的路径。`,
  },
  options: {
    scale: { type: 'string', value: 'SCALE', description: { en: 'tiny, village, town (default) or county', zh: '`tiny`、`village`、`town`（默认）或 `county`' } },
    out: { type: 'string', short: 'o', value: 'DIR', description: { en: 'folder to write (default ./sunshine-demo)', zh: '写入的文件夹（默认 ./sunshine-demo）' } },
    seed: { type: 'string', value: 'N', description: { en: 'random seed (default 1)', zh: '随机种子（默认 1）' } },
  },
  async run(ctx) {
    const scale = ctx.args.string('scale') ?? 'town';
    if (!(SCALES as readonly string[]).includes(scale)) throw new CliError('USAGE', msg(ctx.lang, 'badChoice', '--scale', SCALES.join(', '), scale));
    const seedText = ctx.args.string('seed') ?? '1';
    if (!/^\d+$/.test(seedText)) throw new CliError('USAGE', msg(ctx.lang, 'badSeed', seedText));
    const out = ctx.resolve(ctx.args.string('out') ?? 'sunshine-demo');
    const county = join(out, 'county');

    const bar = ctx.feedback.progress(msg(ctx.lang, 'progressGenerating', scale), msg(ctx.lang, 'unitRecords'));
    const gen = await ctx.lib.generateCounty({ scale: scale as GenerateOptions['scale'], seed: Number(seedText), out: county, format: 'csv' });
    bar.finish(msg(ctx.lang, 'recordsCount', Object.values(gen.counts).reduce((a, b) => a + b, 0)));
    const truth = existsSync(gen.truthFile) ? (JSON.parse(readFileSync(gen.truthFile, 'utf8')) as TruthFile) : undefined;
    const asOf = gen.asOf ?? truth?.asOf ?? '2024-12-31';

    const report = await runToReport(quietAboutOwnFiles(ctx, county, new Set(Object.keys(gen.counts))), { data: { kind: 'folder', dir: county }, packs: undefined, params: {}, asOf, timings: true }, { limit: DEMO_EXPLAIN_LIMIT, budgetMs: 15_000 });
    const html = join(out, 'report.html');
    writeChunksToFile(html, renderHtmlReport(report));
    writeChunksToFile(join(out, 'findings.json'), renderJsonReport(report));

    const o = ctx.io.stdout;
    o.write(renderSummary(report, { cwd: ctx.io.cwd, lang: ctx.lang }));
    if (truth !== undefined) {
      const c = compareWithTruth(report.findings, truth);
      o.write(`\n${msg(ctx.lang, 'demoTruth', c.found, c.planted, c.unexpected.length)}\n`);
      for (const m of c.missed.slice(0, 10)) o.write(`${msg(ctx.lang, 'demoMissed', m)}\n`);
      for (const u of c.unexpected.slice(0, 10)) o.write(`${msg(ctx.lang, 'demoUnexpected', u)}\n`);
    }
    o.write(`\n${msg(ctx.lang, 'demoReport', displayPath(ctx.io.cwd, html))}\n`);
    return 0;
  },
};
