import type { RunReport } from './run-report.js';

/**
 * `--format json`: one JSON object. `money` totals the findings' `amount` (fen) like `counts`.
 * Findings are in the engine's order (by rule, then as each rule emits them), not the reading
 * order of the HTML and XLSX reports: a rerun is byte-identical and consumers diff it. Findings and rejected rows are written one per line inside
 * their arrays, so a large report streams in chunks and diffs well. Everything but `timings`
 * is byte-identical on a rerun with the same data, packs, parameters and asOf.
 *
 * @example
 * ```ts
 * for (const chunk of renderJsonReport(report)) out.write(chunk);
 * ```
 */
export function* renderJsonReport(report: RunReport): Generator<string> {
  const head = {
    tool: report.tool,
    asOf: report.asOf,
    source: report.source,
    counts: report.counts,
    ...(report.dataQuality === undefined ? {} : { dataQuality: report.dataQuality }),
    money: report.money,
    rulesRun: report.rulesRun,
    rulesSkipped: report.rulesSkipped,
    rulesFailed: report.rulesFailed,
  };
  const headText = JSON.stringify(head, null, 2);
  yield `${headText.slice(0, -2)},\n`;
  yield* jsonArray('findings', report.findings);
  yield ',\n';
  yield* jsonArray('rejected', report.rejected);
  if (report.timings !== undefined) yield `,\n  "timings": ${JSON.stringify(report.timings)}`;
  yield '\n}\n';
}

function* jsonArray(name: string, items: readonly unknown[]): Generator<string> {
  if (items.length === 0) {
    yield `  ${JSON.stringify(name)}: []`;
    return;
  }
  yield `  ${JSON.stringify(name)}: [\n`;
  let i = 0;
  for (const item of items) {
    i += 1;
    yield `    ${JSON.stringify(item)}${i < items.length ? ',' : ''}\n`;
  }
  yield '  ]';
}

/** `--format ndjson`: one finding per line, nothing else. */
export function* renderNdjsonReport(report: RunReport): Generator<string> {
  for (const f of report.findings) yield `${JSON.stringify(f)}\n`;
}
