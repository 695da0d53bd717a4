import { SEVERITIES, type Finding, type RuleSummary, type RunProgress, type RunResult, type Severity } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import { didYouMean } from '../did-you-mean.js';
import type { CommandContext, CommandSpec } from '../command-spec.js';
import { formatCount, type ProgressHandle } from '../feedback/feedback.js';
import type { CliEngine, DatasetLoad, Explanation, LoadedData } from '../library/cli-library.js';
import { renderSummary } from '../reports/render-summary.js';
import { LISTS_REJECTED, reportRenderers } from '../reports/report-formats.js';
import { buildRunReport, rejectedSummary, type RunReport } from '../reports/run-report.js';
import { writeChunks, writeChunksToFile } from '../reports/write-chunks.js';
import { resolveRunOptions, type RunOptions } from './resolve-run-options.js';
import { loadDataWithProgress } from './load-data-with-progress.js';
import { loadRulesOrFail } from './load-rules-or-fail.js';
import { announceAsOf, asOfFromData } from './as-of-from-data.js';

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
  summary: 'load a county\'s data, run the rules and write the findings',
  usage: [
    'run --data DIR [--mapping FILE] [--encoding utf8|gb18030] [--rules PACK …] [--params FILE] [--as-of YYYY-MM-DD]',
    '    [--format json|ndjson|csv|html|sarif] [--out FILE] [--strict] [--fail-on SEVERITY]',
    '    [--executor in-process|duckdb|postgres] [--database URL] [--memory-limit SIZE] [--in-place]',
    '    [--rule-timeout SECONDS]',
  ],
  details: `Loads the data folder (one file per dataset), runs the rules (default: the whole standard
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
  options: {
    data: { type: 'string', short: 'd', value: 'DIR', description: 'data folder (one file per dataset: payments.csv, …)' },
    mapping: { type: 'string', value: 'FILE', description: 'column-mapping file for Chinese headers and county codes' },
    encoding: { type: 'string', value: 'NAME', description: 'text encoding of the CSV and JSON files: utf8, gb18030 or auto (default: detected per file)' },
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: 'rule pack file or folder (`stdlib` = the standard library)' },
    params: { type: 'string', value: 'FILE', description: 'parameter overrides per rule (JSON: { "rule-id": { "param": value } })' },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: 'the date rules treat as "now" (default: the latest pay, period or ledger date in the data, announced)' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'json, ndjson, csv, html or sarif (default: from --out\'s extension, else json)' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write the report to FILE' },
    strict: { type: 'boolean', description: 'exit 2 if any row is rejected or a dataset the rules read has an empty or header-only file' },
    'fail-on': { type: 'string', value: 'SEVERITY', description: 'exit 1 if a finding at or above SEVERITY (low|medium|high|critical) exists' },
    only: { type: 'string', multiple: true, value: 'ID', description: 'run only this rule of the packs' },
    config: { type: 'string', short: 'c', value: 'FILE', description: 'config file (default: ./sunshine.config.json when present)' },
    'no-timings': { type: 'boolean', description: 'leave timings out of the report, so reruns are byte-identical' },
    executor: { type: 'string', value: 'NAME', description: 'where the rules run: in-process (default), duckdb, or postgres' },
    database: { type: 'string', value: 'URL', description: 'postgres:// URL of the database holding the canonical tables (--executor postgres; or SUNSHINE_DATABASE_URL)' },
    'memory-limit': { type: 'string', value: 'SIZE', description: 'DuckDB memory limit (e.g. 8GB); above it DuckDB spills to disk' },
    'in-place': { type: 'boolean', description: 'with --executor duckdb: DuckDB reads the canonical CSV/Parquet files itself (data larger than memory)' },
    'duckdb-file': { type: 'string', value: 'FILE', description: 'work in this DuckDB database file instead of memory' },
    'rule-timeout': { type: 'string', value: 'SECONDS', description: 'stop a rule that runs longer than this, with an error for that rule (default 300; 0: no limit)' },
    'explain-limit': { type: 'string', value: 'N', description: `HTML report: explain N findings, spread over the rules (default: up to ${DEFAULT_EXPLAIN_LIMIT} in ${DEFAULT_EXPLAIN_BUDGET_MS / 1000} s)` },
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

function rowlessMessage(d: DatasetLoad): string {
  return `\`${d.dataset}\` has no rows: ${d.files.join(', ')} ${d.files.length === 1 ? 'is' : 'are'} empty or ${d.files.length === 1 ? 'holds' : 'hold'} only a header; rules over it find nothing in it`;
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
  const report = await runToReport(ctx, { ...opts, ...(only.length > 0 ? { only } : {}) }, opts.format === 'html' ? explainLimit : 0);

  if (opts.format !== undefined) {
    const chunks = reportRenderers[opts.format](report);
    if (opts.out !== undefined) {
      writeChunksToFile(opts.out, chunks);
      feedback.info(`wrote ${opts.format} report with ${formatCount(report.counts.findings)} findings to ${opts.out}`, { file: opts.out, format: opts.format, findings: report.counts.findings });
    } else {
      writeChunks(io.stdout, chunks);
    }
    if (feedback.mode !== 'quiet' && feedback.mode !== 'json') io.stderr.write(`\n${renderSummary(report, { cwd: io.cwd })}`);
  } else {
    io.stdout.write(renderSummary(report, { cwd: io.cwd }));
  }

  if (report.counts.rejected > 0) {
    const where = opts.format !== undefined && LISTS_REJECTED[opts.format] ? '; see "rejected" in the output' : opts.format === undefined ? '; listed above' : '; `--format json` lists them under "rejected"';
    feedback.warn(`${rejectedSummary(report.counts)}${where}`, { rejected: report.counts.rejected, byDataset: report.counts.rejectedByDataset });
  }

  if (report.rulesFailed.length > 0) {
    for (const f of report.rulesFailed) feedback.error(f.message, { rule: f.rule, code: f.code });
    feedback.error(`${report.rulesFailed.length} ${report.rulesFailed.length === 1 ? 'rule' : 'rules'} stopped with an error and reported nothing; exiting with 2`);
    return 2;
  }
  if (opts.strict && report.counts.rejected > 0) {
    feedback.error(`--strict: ${report.counts.rejected} rejected ${report.counts.rejected === 1 ? 'row' : 'rows'}; exiting with 2`);
    return 2;
  }
  if (opts.strict) {
    // A header-only export of a dataset the rules read makes a clean-looking report of nothing.
    const ran = new Set(report.rulesRun);
    const needed = new Set(report.rules.filter((r) => ran.has(r.id)).flatMap((r) => r.datasets));
    const empty = rowlessDatasets(report.source.datasets).filter((d) => needed.has(d.dataset));
    if (empty.length > 0) {
      const names = empty.map((d) => `\`${d.dataset}\` (${d.files.join(', ')})`).join(', ');
      feedback.error(`--strict: ${names} ${empty.length === 1 ? 'has' : 'have'} no rows but the rules read ${empty.length === 1 ? 'it' : 'them'}; exiting with 2 (remove an empty file to have the rules that need it reported as skipped)`);
      return 2;
    }
  }
  if (opts.failOn !== undefined) {
    const threshold = opts.failOn;
    const tripped = report.findings.filter((f) => atOrAbove(f.severity, threshold)).length;
    if (tripped > 0) {
      feedback.warn(`--fail-on ${threshold}: ${formatCount(tripped)} ${tripped === 1 ? 'finding' : 'findings'} at or above ${threshold}; exiting with 1`);
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
  opts: Pick<RunOptions, 'data' | 'packs' | 'params' | 'asOf' | 'timings'> & { readonly only?: readonly string[]; readonly executor?: RunOptions['executor'] },
  explainLimit: number | ExplainBudget,
): Promise<RunReport> {
  const { feedback, lib } = ctx;
  const t0 = performance.now();

  // Rules first: an invalid pack should fail before minutes of loading.
  const rules = await loadRulesOrFail(ctx, opts.packs);

  const executor = opts.executor ?? { kind: 'in-process' as const };
  let data: LoadedData;
  const inPlace = executor.kind === 'duckdb' && executor.inPlace !== undefined;
  if (inPlace) {
    // DuckDB reads the files itself during the run; the description comes back with the result.
    data = { description: '', tables: new Map(), rejected: [], datasets: [], missing: [], warnings: [] };
  } else if (executor.kind === 'postgres') {
    if (lib.databaseData === undefined) throw new CliError('USAGE', 'this build of sunshine has no PostgreSQL executor');
    data = await lib.databaseData(executor.url);
  } else data = await loadDataWithProgress(ctx, opts.data);
  const loadMs = performance.now() - t0;
  const announce = (d: LoadedData): void => {
    const rowless = rowlessDatasets(d.datasets);
    // The loader's own "the file is empty" says less than the line below.
    const said = new Set(rowless.flatMap((x) => x.files.map((f) => `${f}: the file is empty;`)));
    for (const w of d.warnings) if (![...said].some((s) => w.startsWith(s))) feedback.info(w);
    for (const x of rowless) feedback.warn(rowlessMessage(x), { dataset: x.dataset, files: x.files, rows: 0 });
    if (d.missing.length > 0) {
      feedback.info(`${d.missing.length} ${d.missing.length === 1 ? 'dataset is' : 'datasets are'} missing from ${d.description} and treated as empty: ${d.missing.join(', ')}`, { missing: d.missing });
    }
  };
  if (!inPlace) announce(data);
  // Without --as-of: the latest date in the data. Loaded here, read here; a database run
  // (PostgreSQL, DuckDB in place) reads it with max() queries inside `runSql`.
  const asOf = opts.asOf ?? (inPlace || executor.kind === 'postgres' ? undefined : asOfFromData(ctx, undefined, data));

  let result: RunResult;
  let summaries: readonly RuleSummary[] = [];
  let engine: CliEngine | undefined;
  if (rules === undefined) {
    result = { asOf: asOf ?? '', findings: [], rulesRun: [], rulesSkipped: [], rulesFailed: [], stats: [], timings: { indexMs: 0, rulesMs: 0 } };
  } else {
    engine = await lib.createEngine({ rules, params: opts.params, asOf });
    summaries = engine.summaries();
    if (opts.only !== undefined) {
      const ids = summaries.map((x) => x.id);
      for (const id of opts.only) {
        if (!ids.includes(id)) {
          const hint = didYouMean(id, ids);
          throw new CliError('BAD_INPUT', `unknown rule \`${id}\` in \`--only\`${hint === undefined ? '' : `; did you mean \`${hint}\`?`} (\`sunshine catalog\` lists the rules)`);
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
          indexBar ??= feedback.progress('building indexes', 'indexes');
          indexBar.update(p.done, p.total);
        } else {
          if (indexBar !== undefined) {
            indexBar.finish();
            indexBar = undefined;
          }
          bar ??= feedback.progress('running rules', 'rules');
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
    bar?.finish(`${formatCount(result.rulesRun.length)} rules, ${formatCount(result.findings.length)} findings`);
    if (result.rulesSkipped.length > 0) {
      feedback.info(`${result.rulesSkipped.length} ${result.rulesSkipped.length === 1 ? 'rule' : 'rules'} skipped for lack of data: ${result.rulesSkipped.map((x) => x.rule).join(', ')}`, { skipped: result.rulesSkipped.map((x) => x.rule) });
    }
  }

  const explanations: Record<string, Explanation> = {};
  const { limit, budgetMs } = typeof explainLimit === 'number' ? { limit: explainLimit, budgetMs: Infinity } : explainLimit;
  // Explanations replay rules in-process over the loaded tables; a database run has none.
  if (engine !== undefined && limit > 0 && executor.kind === 'postgres') {
    feedback.info('findings are not explained in the report of a PostgreSQL run: `sunshine explain` explains one over loaded data');
  } else if (engine !== undefined && limit > 0) {
    const subset = spreadAcrossRules(result.findings, limit);
    const bar = feedback.progress('explaining findings', 'findings');
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
      const why = i < subset.length ? ` (stopped after ${Math.round(budgetMs / 1000)} s; \`--explain-limit N\` explains exactly N)` : ' (raise with --explain-limit)';
      feedback.info(`explained ${formatCount(i)} of ${formatCount(result.findings.length)} findings, spread over the rules${why}`);
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
    tables: data.tables,
    explanations,
    timings: opts.timings
      ? { loadMs: Math.round(loadMs), indexMs: Math.round(result.timings.indexMs), rulesMs: Math.round(result.timings.rulesMs), totalMs: Math.round(performance.now() - t0) }
      : undefined,
  });
}
