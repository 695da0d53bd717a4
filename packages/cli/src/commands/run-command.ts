import { asOfFields, SEVERITIES, type Finding, type RuleSummary, type RunProgress, type RunResult, type Severity } from '@sunshine/core';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import { didYouMean } from '../did-you-mean.js';
import type { CommandContext, CommandSpec } from '../command-spec.js';
import { formatCount, type ProgressHandle } from '../feedback/feedback.js';
import type { CliEngine, DatasetLoad, Explanation, LoadedData } from '../library/cli-library.js';
import { renderSummary } from '../reports/render-summary.js';
import { checkReportTarget, LISTS_REJECTED, writeReport } from '../reports/report-formats.js';
import { buildRunReport, type RunReport } from '../reports/run-report.js';
import { resolveRunOptions, type RunOptions } from './resolve-run-options.js';
import { cacheBase, loadCacheDir, loadDataWithProgress } from './load-data-with-progress.js';
import { announceDataQuality } from './announce-data-quality.js';
import { loadRulesOrFail } from './load-rules-or-fail.js';
import { announceAsOf, asOfFromData } from './as-of-from-data.js';
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';

/** Findings the HTML report explains by default (each costs one engine `explain`)… */
const DEFAULT_EXPLAIN_LIMIT = 200;
/** …within this time, since one explanation re-indexes the data (≈0.4 s at county scale). */
const DEFAULT_EXPLAIN_BUDGET_MS = 15_000;

/** Explain up to `limit` findings, stopping when `budgetMs` has passed. */
export interface ExplainBudget {
  readonly limit: number;
  readonly budgetMs: number;
}

export const runCommand: CommandSpec = {
  name: 'run',
  summary: { en: 'load a county\'s data, run the rules and write the findings', zh: '读取一个县的数据，运行比对模型，输出预警' },
  usage: [
    'run --data DIR [--mapping FILE] [--encoding utf8|gb18030] [--rules PACK …] [--params FILE] [--as-of YYYY-MM-DD]',
    '    [--format json|ndjson|csv|html|sarif|xlsx] [--out FILE] [--strict] [--fail-on SEVERITY]',
    '    [--executor in-process|duckdb|postgres] [--database URL] [--memory-limit SIZE] [--in-place]',
    '    [--rule-timeout SECONDS]',
  ],
  details: {
    en: `Loads the data folder (one file per dataset), runs the rules (default: the whole standard
library) and writes the findings. With no --out and no --format, a human summary goes to the
terminal; with --format and no --out, the report goes to stdout. Settings not given as flags come
from sunshine.config.json (in this folder, or --config FILE).

Rows that break the data model are rejected, never coerced: the run goes on without them,
a one-line summary goes to stderr and the JSON report lists each under "rejected".

--executor duckdb loads the data into an embedded DuckDB and runs each rule's query there;
--executor postgres --database URL runs the rules inside a PostgreSQL database that holds the
canonical tables (no --data needed). Either way only candidates and the rows they reach leave
the database, and the findings are the same as in-process.

A rule whose expression fails on the data (as jsonata fails: text in arithmetic, say) or that
runs longer than --rule-timeout stops alone: the others run, the report lists it under
"rulesFailed", and the exit code is 2.

A dataset whose file is empty or holds only its header is announced on stderr: the rules over it
find nothing in it. With --strict that is an error when a rule that ran reads the dataset.

Exit codes: 0 done (findings or not); 1 --fail-on tripped; 2 bad usage or bad input
(unreadable data, an invalid pack, an unknown rule, a rule that stopped with an error, and with
--strict any rejected row or an empty or header-only file of a dataset the rules read).`,
    zh: `读取数据文件夹（每个数据表一个文件），运行比对模型（默认：整个标准库），输出预警。
不给 --out 也不给 --format 时，在终端显示一份汇总；给了 --format 而没有 --out 时，报告写到
标准输出。命令行没有给出的设置取自 sunshine.config.json（当前文件夹中的，或 --config FILE 指定的）。

不符合数据模型的行一律拒收，绝不强行转换：运行照常进行，只是不含这些行；标准错误输出（\`stderr\`）上给出一行汇总，
JSON 报告在 "rejected" 下逐条列出。

\`--executor duckdb\` 把数据装入内嵌的 DuckDB，在其中运行每个比对模型的查询；
\`--executor postgres --database URL\` 在存有标准表的 PostgreSQL 数据库里运行比对模型（不需要 --data）。
两种方式都只有候选记录和它们关联到的行离开数据库，得出的预警与在本进程内运行相同。

某个比对模型的表达式在数据上出错（例如对文本做算术，\`jsonata\` 会因此报错），或运行时间超过
--rule-timeout，只有它自己中止：其余照常运行，报告在 "rulesFailed" 下列出它，退出码为 2。

某个数据表的文件是空的或只有表头时，会在标准错误输出上提示：读取它的比对模型在其中什么也查不到。
加 --strict 时，只要运行的比对模型读取这个数据表，就按错误处理。

退出码：0 完成（无论有无预警）；1 --fail-on 被触发；2 用法错误或输入有误（数据读不了、比对模型包
有误、比对模型不存在、比对模型运行出错中止；加 --strict 时还包括有行被拒收，或比对模型读取的数据表
文件为空或只有表头）。`,
  },
  options: {
    data: { type: 'string', short: 'd', value: 'DIR', description: { en: 'data folder (one file per dataset: payments.csv, …)', zh: '数据文件夹（每个数据表一个文件：payments.csv 等）' } },
    mapping: { type: 'string', value: 'FILE', description: { en: 'column-mapping file for Chinese headers and county codes', zh: '列映射文件：把中文表头和县里的代码对应到数据模型' } },
    encoding: { type: 'string', value: 'NAME', description: { en: 'text encoding of the CSV and JSON files: utf8, gb18030 or auto (default: detected per file)', zh: 'CSV 和 JSON 文件的文字编码：`utf8`、`gb18030` 或 `auto`（默认：逐个文件自动识别）' } },
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: { en: 'rule pack file or folder (`stdlib` = the standard library)', zh: '比对模型包：文件或文件夹（`stdlib` 即标准库）' } },
    params: { type: 'string', value: 'FILE', description: { en: 'parameter overrides per rule (JSON: { "rule-id": { "param": value } })', zh: '按比对模型覆盖参数（JSON 格式：`{ "比对模型编号": { "参数名": 值 } }`）' } },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: { en: 'the date rules treat as "now" (default: the latest pay, period or ledger date in the data, announced)', zh: '比对基准日，比对模型把这一天当作“今天”（默认：数据中最晚的支付日期、期间或台账日期，并会提示）' } },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: { en: 'json, ndjson, csv, html, sarif or xlsx (default: from --out\'s extension, else json)', zh: '`json`、`ndjson`、`csv`、`html`、`sarif` 或 `xlsx`（默认：按 --out 的扩展名，否则 `json`）' } },
    out: { type: 'string', short: 'o', value: 'FILE', description: { en: 'write the report to FILE', zh: '把报告写到 FILE' } },
    strict: { type: 'boolean', description: { en: 'exit 2 if any row is rejected or a dataset the rules read has an empty or header-only file', zh: '有行被拒收，或比对模型读取的数据表文件为空或只有表头时，以退出码 2 结束' } },
    'fail-on': { type: 'string', value: 'SEVERITY', description: { en: 'exit 1 if a finding at or above SEVERITY (low|medium|high|critical) exists', zh: '存在等级达到或高于 SEVERITY（`low`|`medium`|`high`|`critical`）的预警时，以退出码 1 结束' } },
    only: { type: 'string', multiple: true, value: 'ID', description: { en: 'run only this rule of the packs', zh: '只运行比对模型包中的这一个比对模型' } },
    config: { type: 'string', short: 'c', value: 'FILE', description: { en: 'config file (default: ./sunshine.config.json when present)', zh: '配置文件（默认：当前文件夹有 ./sunshine.config.json 时用它）' } },
    'no-cache': { type: 'boolean', description: { en: 'read every file again: neither use nor write the load cache (see "The load cache" in the CLI README)', zh: '重新读取每个文件：不使用也不写入读取缓存（见命令行工具 README 中讲读取缓存的一节）' } },
    'no-timings': { type: 'boolean', description: { en: 'leave timings out of the report, so reruns are byte-identical', zh: '报告中不记录耗时，使重复运行的输出逐字节相同' } },
    executor: { type: 'string', value: 'NAME', description: { en: 'where the rules run: in-process (default), duckdb, or postgres', zh: '比对模型在哪里运行：`in-process`（默认，在本进程内）、`duckdb` 或 `postgres`' } },
    database: { type: 'string', value: 'URL', description: { en: 'postgres:// URL of the database holding the canonical tables (--executor postgres; or SUNSHINE_DATABASE_URL)', zh: '存有标准表的数据库的 postgres:// 地址（用于 --executor postgres；也可用环境变量 SUNSHINE_DATABASE_URL）' } },
    'memory-limit': { type: 'string', value: 'SIZE', description: { en: 'DuckDB memory limit (e.g. 8GB); above it DuckDB spills to disk', zh: 'DuckDB 的内存上限（如 `8GB`）；超过后 DuckDB 把数据暂存到磁盘' } },
    'in-place': { type: 'boolean', description: { en: 'with --executor duckdb: DuckDB reads the canonical CSV/Parquet files itself (data larger than memory)', zh: '与 --executor duckdb 同用：由 DuckDB 直接读取标准格式的 CSV/Parquet 文件（数据比内存大时用）' } },
    'duckdb-file': { type: 'string', value: 'FILE', description: { en: 'work in this DuckDB database file instead of memory', zh: '在这个 DuckDB 数据库文件里工作，而不是在内存中' } },
    'rule-timeout': { type: 'string', value: 'SECONDS', description: { en: 'stop a rule that runs longer than this, with an error for that rule (default 300; 0: no limit)', zh: '比对模型运行超过这么多秒即中止，并对该比对模型报错（默认 300；0 表示不限）' } },
    'explain-limit': { type: 'string', value: 'N', description: { en: `HTML report: explain N findings, spread over the rules (default: up to ${DEFAULT_EXPLAIN_LIMIT} in ${DEFAULT_EXPLAIN_BUDGET_MS / 1000} s)`, zh: `HTML 报告：为 N 条预警生成逐条说明，分摊到各个比对模型（默认：${DEFAULT_EXPLAIN_BUDGET_MS / 1000} 秒内最多 ${DEFAULT_EXPLAIN_LIMIT} 条）` } },
  },
  run: runRun,
};

/**
 * Up to `limit` findings, taken in turn from each rule (so every rule has some explained),
 * in a deterministic order.
 */
export function spreadAcrossRules(findings: readonly Finding[], limit: number): Finding[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.rule) ?? [];
    list.push(f);
    byRule.set(f.rule, list);
  }
  const lists = [...byRule.values()];
  const out: Finding[] = [];
  for (let i = 0; out.length < limit && lists.some((l) => i < l.length); i++) {
    for (const l of lists) {
      const f = l[i];
      if (f !== undefined && out.length < limit) out.push(f);
    }
  }
  return out;
}

/**
 * Datasets whose file (or table) is there but holds no row at all, not even a rejected one:
 * an empty or header-only export, which makes every rule over it silently find nothing.
 */
export function rowlessDatasets(datasets: readonly DatasetLoad[]): DatasetLoad[] {
  return datasets.filter((d) => d.files.length > 0 && d.rows === 0 && d.rejected === 0);
}

function rowlessMessage(d: DatasetLoad, lang: Lang): string {
  return msg(lang, 'datasetRowless', d.dataset, d.files);
}

/**
 * The rules of `--only`, when every rule has an id and the parameter overrides name only rules
 * of the packs (else all of them: the engine then says what is wrong). An id no rule has is
 * bad input, with a suggestion.
 */
export function onlyRules(rules: readonly unknown[], only: readonly string[], params: object | undefined, lang: Lang = 'en'): readonly unknown[] {
  const ids = rules.map((r) => (r as { id?: unknown }).id);
  if (!ids.every((id): id is string => typeof id === 'string')) return rules;
  for (const id of only) {
    if (!ids.includes(id)) {
      const hint = didYouMean(id, ids);
      throw new CliError('BAD_INPUT', msg(lang, 'unknownRuleInOnly', id, hint));
    }
  }
  if (Object.keys(params ?? {}).some((id) => !ids.includes(id))) return rules;
  return rules.filter((_, i) => only.includes(ids[i] as string));
}

/**
 * The datasets an in-process run of these rules loads: what they read, `persons` (the person
 * and household functions, \`$age\`, \`$household\`, read it from any rule), `regions` and
 * `departments` (place and department names in the report) and, when the date comes from the
 * data, every dataset holding a date it may come from (so that it is the same with any rules).
 */
export function datasetsToLoad(rules: readonly RuleSummary[], dateFromData: boolean): string[] {
  const out = new Set<string>(['persons', 'regions', 'departments']);
  for (const r of rules) for (const d of r.datasets) out.add(d);
  if (dateFromData) for (const f of asOfFields()) out.add(f.dataset);
  return [...out];
}

function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

async function runRun(ctx: CommandContext): Promise<number> {
  const { feedback, io } = ctx;
  const opts = resolveRunOptions(ctx, 'run');
  const explainLimitFlag = ctx.args.string('explain-limit');
  const explainLimit: number | ExplainBudget = explainLimitFlag === undefined ? { limit: DEFAULT_EXPLAIN_LIMIT, budgetMs: DEFAULT_EXPLAIN_BUDGET_MS } : Number(explainLimitFlag);
  if (typeof explainLimit === 'number' && (!Number.isInteger(explainLimit) || explainLimit < 0)) {
    throw new CliError('USAGE', `\`--explain-limit\` must be a whole number, got \`${explainLimitFlag ?? ''}\``);
  }
  const only = ctx.args.strings('only');
  checkReportTarget(opts.format, opts.out);
  const report = await runToReport(ctx, { ...opts, ...(only.length > 0 ? { only } : {}), cache: !ctx.args.flag('no-cache') }, opts.format === 'html' ? explainLimit : 0);

  if (opts.format !== undefined) {
    await writeReport(opts.format, report, opts.out, io.stdout);
    if (opts.out !== undefined) {
      feedback.info(msg(ctx.lang, 'wroteReport', opts.format, report.counts.findings, opts.out), { file: opts.out, format: opts.format, findings: report.counts.findings });
    }
    if (feedback.mode !== 'quiet' && feedback.mode !== 'json') io.stderr.write(`\n${renderSummary(report, { cwd: io.cwd, lang: ctx.lang })}`);
  } else {
    io.stdout.write(renderSummary(report, { cwd: io.cwd, lang: ctx.lang }));
  }

  if (report.counts.rejected > 0) {
    const where = opts.format !== undefined && LISTS_REJECTED[opts.format] ? 'output' : opts.format === undefined ? 'above' : 'json';
    const parts = Object.entries(report.counts.rejectedByDataset).map(([d, k]) => `${d}: ${k}`).join(', ');
    feedback.warn(msg(ctx.lang, 'rowsRejected', report.counts.rejected, parts, where), { rejected: report.counts.rejected, byDataset: report.counts.rejectedByDataset });
  }

  if (report.rulesFailed.length > 0) {
    for (const f of report.rulesFailed) feedback.error(msg(ctx.lang, 'ruleFailed', f), { rule: f.rule, code: f.code });
    feedback.error(msg(ctx.lang, 'rulesStopped', report.rulesFailed.length));
    return 2;
  }
  if (opts.strict && report.counts.rejected > 0) {
    feedback.error(msg(ctx.lang, 'strictRejected', report.counts.rejected));
    return 2;
  }
  if (opts.strict) {
    // A header-only export of a dataset the rules read makes a clean-looking report of nothing.
    const ran = new Set(report.rulesRun);
    const needed = new Set(report.rules.filter((r) => ran.has(r.id)).flatMap((r) => r.datasets));
    const empty = rowlessDatasets(report.source.datasets).filter((d) => needed.has(d.dataset));
    if (empty.length > 0) {
      const names = empty.map((d) => `\`${d.dataset}\` (${d.files.join(', ')})`).join(', ');
      feedback.error(msg(ctx.lang, 'strictEmpty', names, empty.length));
      return 2;
    }
  }
  if (opts.failOn !== undefined) {
    const threshold = opts.failOn;
    const tripped = report.findings.filter((f) => atOrAbove(f.severity, threshold)).length;
    if (tripped > 0) {
      feedback.warn(msg(ctx.lang, 'failOnTripped', threshold, tripped));
      return 1;
    }
  }
  return 0;
}

/**
 * Loads the data, runs the rules and assembles the report (what `run` and `demo` share).
 * `explainLimit` findings get the engine's explanation (with a budget: as many as fit in it).
 */
export async function runToReport(
  ctx: CommandContext,
  opts: Pick<RunOptions, 'data' | 'packs' | 'params' | 'asOf' | 'timings'> & { readonly only?: readonly string[]; readonly executor?: RunOptions['executor']; readonly cache?: boolean },
  explainLimit: number | ExplainBudget,
): Promise<RunReport> {
  const { feedback, lib } = ctx;
  const t0 = performance.now();

  // Rules first: an invalid pack should fail before minutes of loading.
  const base = opts.cache === true ? cacheBase(ctx) : undefined;
  const allRules = await loadRulesOrFail(ctx, opts.packs, { cacheDir: base === undefined ? undefined : join(base, 'packs') });
  // With --only, the engine plans only those rules (planning the whole library takes seconds).
  const rules = allRules === undefined || opts.only === undefined ? allRules : onlyRules(allRules, opts.only, opts.params, ctx.lang);

  const executor = opts.executor ?? { kind: 'in-process' as const };
  let data: LoadedData;
  const inPlace = executor.kind === 'duckdb' && executor.inPlace !== undefined;
  // An in-process run loads only what its rules read (with --as-of given, the engine made
  // now is the one that runs; without, the date comes from the data first).
  let early: CliEngine | undefined;
  let datasets: readonly string[] | undefined;
  if (rules !== undefined && executor.kind === 'in-process' && opts.data.kind === 'folder' && (opts.only !== undefined || opts.asOf !== undefined)) {
    const describing = await lib.createEngine({ rules, params: opts.params, asOf: opts.asOf });
    if (opts.asOf !== undefined) early = describing;
    datasets = datasetsToLoad(describing.summaries(), opts.asOf === undefined);
  }
  const cacheDir = opts.cache === true && opts.data.kind === 'folder' ? loadCacheDir(ctx, opts.data.dir) : undefined;
  if (inPlace) {
    // DuckDB reads the files itself during the run; the description comes back with the result.
    data = { description: '', tables: new Map(), rejected: [], datasets: [], missing: [], warnings: [] };
  } else if (executor.kind === 'postgres') {
    if (lib.databaseData === undefined) throw new CliError('USAGE', 'this build of sunshine has no PostgreSQL executor');
    data = await lib.databaseData(executor.url);
  } else data = await loadDataWithProgress(ctx, opts.data, { datasets, cacheDir });
  if (datasets !== undefined && !inPlace && executor.kind === 'in-process') feedback.info(msg(ctx.lang, 'loadSubset', datasets.length, datasets.join(', ')), { datasets });
  const loadMs = performance.now() - t0;
  if (data.cache !== undefined) {
    const c = data.cache;
    feedback.info(msg(ctx.lang, 'loadCacheNote', c.hits.length, c.dir, c.written.length), { cacheDir: c.dir, hits: c.hits, written: c.written });
    if (c.writeError !== undefined) feedback.warn(msg(ctx.lang, 'loadCacheUnwritable', c.dir, c.writeError), { cacheDir: c.dir });
  }
  const announce = (d: LoadedData): void => {
    const rowless = rowlessDatasets(d.datasets);
    // The loader's own "the file is empty" says less than the line below.
    const said = new Set(rowless.flatMap((x) => x.files.map((f) => `${f}: the file is empty;`)));
    if (d.loadWarnings !== undefined) {
      const emptyFiles = new Set(rowless.flatMap((x) => x.files));
      for (const w of d.loadWarnings) if (!(w.code === 'EMPTY_FILE' && emptyFiles.has(w.file))) feedback.info(msg(ctx.lang, 'loadNotice', w), { code: w.code, dataset: w.dataset, file: w.file });
    } else for (const w of d.warnings) if (![...said].some((s) => w.startsWith(s))) feedback.info(w);
    for (const x of rowless) feedback.warn(rowlessMessage(x, ctx.lang), { dataset: x.dataset, files: x.files, rows: 0 });
    if (d.missing.length > 0) {
      feedback.info(msg(ctx.lang, 'datasetsMissing', d.missing.length, d.description, d.missing.join(', ')), { missing: d.missing });
    }
  };
  if (!inPlace) announce(data);
  announceDataQuality(ctx, data.dataQuality);
  // Without --as-of: the latest date in the data. Loaded here, read here; a database run
  // (PostgreSQL, DuckDB in place) reads it with max() queries inside `runSql`.
  const asOf = opts.asOf ?? (inPlace || executor.kind === 'postgres' ? undefined : asOfFromData(ctx, undefined, data));

  let result: RunResult;
  let summaries: readonly RuleSummary[] = [];
  let engine: CliEngine | undefined;
  if (rules === undefined) {
    result = { asOf: asOf ?? '', findings: [], rulesRun: [], rulesSkipped: [], rulesFailed: [], stats: [], timings: { indexMs: 0, rulesMs: 0 } };
  } else {
    engine = early ?? (await lib.createEngine({ rules, params: opts.params, asOf }));
    summaries = engine.summaries();
    if (opts.only !== undefined) {
      const ids = summaries.map((x) => x.id);
      for (const id of opts.only) {
        if (!ids.includes(id)) {
          const hint = didYouMean(id, ids);
          throw new CliError('BAD_INPUT', msg(ctx.lang, 'unknownRuleInOnly', id, hint));
        }
      }
      summaries = summaries.filter((x) => opts.only!.includes(x.id));
    }
    let bar: ProgressHandle | undefined;
    let indexBar: ProgressHandle | undefined;
    const timeoutFlag = ctx.args.string('rule-timeout');
    const timeoutS = timeoutFlag === undefined ? undefined : Number(timeoutFlag);
    if (timeoutS !== undefined && (!Number.isFinite(timeoutS) || timeoutS < 0)) {
      throw new CliError('USAGE', `\`--rule-timeout\` must be a number of seconds (0: no limit), got \`${timeoutFlag ?? ''}\``);
    }
    const runOptions = {
      only: opts.only,
      ...(timeoutS === undefined ? {} : { ruleTimeoutMs: timeoutS * 1000 }),
      onProgress(p: RunProgress) {
        if (p.phase === 'index') {
          indexBar ??= feedback.progress(msg(ctx.lang, 'progressIndexes'), msg(ctx.lang, 'unitIndexes'));
          indexBar.update(p.done, p.total);
        } else {
          if (indexBar !== undefined) {
            indexBar.finish();
            indexBar = undefined;
          }
          bar ??= feedback.progress(msg(ctx.lang, 'progressRules'), msg(ctx.lang, 'unitRules'));
          bar.update(p.done, p.total);
        }
      },
    };
    if (executor.kind === 'in-process') result = await engine.run(data, runOptions);
    else {
      if (engine.runSql === undefined) throw new CliError('USAGE', `this build of sunshine has no ${executor.kind} executor`);
      const r = await engine.runSql(executor, inPlace ? undefined : data, runOptions);
      if (r.data !== undefined) data = r.data;
      if (inPlace) announce(data);
      if (r.asOfFromData === true) announceAsOf(ctx, r.asOf);
      feedback.info(`${executor.kind}: the rules' queries selected ${formatCount(r.sql.candidates)} candidates; ${formatCount(r.sql.fetched)} rows fetched for their lookups`, { executor: r.sql.executor, candidates: r.sql.candidates, fetched: r.sql.fetched });
      result = r;
    }
    indexBar?.finish();
    bar?.finish(msg(ctx.lang, 'rulesAndFindings', result.rulesRun.length, result.findings.length));
    if (result.rulesSkipped.length > 0) {
      feedback.info(msg(ctx.lang, 'rulesSkipped', result.rulesSkipped.length, result.rulesSkipped.map((x) => x.rule).join(', ')), { skipped: result.rulesSkipped.map((x) => x.rule) });
    }
  }

  const explanations: Record<string, Explanation> = {};
  const { limit, budgetMs } = typeof explainLimit === 'number' ? { limit: explainLimit, budgetMs: Infinity } : explainLimit;
  // Explanations replay rules in-process over the loaded tables; a database run has none.
  if (engine !== undefined && limit > 0 && executor.kind === 'postgres') {
    feedback.info('findings are not explained in the report of a PostgreSQL run: `sunshine explain` explains one over loaded data');
  } else if (engine !== undefined && limit > 0) {
    const subset = spreadAcrossRules(result.findings, limit);
    const bar = feedback.progress(msg(ctx.lang, 'progressExplaining'), msg(ctx.lang, 'unitFindings'));
    const started = performance.now();
    let i = 0;
    for (const f of subset) {
      if (performance.now() - started > budgetMs) break;
      try {
        explanations[f.fingerprint] = await engine.explain(data, f.rule, f.key);
      } catch {
        // An explanation is a bonus for the page; the finding itself stands without it.
      }
      bar.update(++i, subset.length);
    }
    bar.finish();
    if (i < result.findings.length) {
      feedback.info(msg(ctx.lang, 'explainedSome', i, result.findings.length, i < subset.length ? Math.round(budgetMs / 1000) : undefined));
    }
  }

  return buildRunReport({
    version: lib.version,
    asOf: result.asOf,
    source: { description: data.description, datasets: data.datasets, missing: data.missing },
    rules: summaries,
    rulesRun: result.rulesRun,
    rulesSkipped: result.rulesSkipped,
    rulesFailed: result.rulesFailed,
    findings: result.findings,
    rejected: data.rejected,
    dataQuality: data.dataQuality,
    tables: data.tables,
    explanations,
    timings: opts.timings
      ? { loadMs: Math.round(loadMs), indexMs: Math.round(result.timings.indexMs), rulesMs: Math.round(result.timings.rulesMs), totalMs: Math.round(performance.now() - t0) }
      : undefined,
  });
}
