import { renderCsvReport } from './render-csv-report.js';
import { renderHtmlReport } from './render-html-report.js';
import { renderJsonReport, renderNdjsonReport } from './render-json-report.js';
import { renderSarifReport } from './render-sarif-report.js';
import type { RunReport } from './run-report.js';

export const REPORT_FORMATS = ['json', 'ndjson', 'csv', 'html', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renderers by format; each yields the report in chunks. */
export const reportRenderers: Readonly<Record<ReportFormat, (report: RunReport) => Iterable<string>>> = {
  json: renderJsonReport,
  ndjson: renderNdjsonReport,
  csv: renderCsvReport,
  html: renderHtmlReport,
  sarif: renderSarifReport,
};

/** Whether a format lists rejected rows itself. */
export const LISTS_REJECTED: Readonly<Record<ReportFormat, boolean>> = { json: true, ndjson: false, csv: false, html: true, sarif: true };

/** The format a file name implies (`report.html` → `html`). */
export function formatOfFile(file: string): ReportFormat | undefined {
  const m = /\.([a-z]+)$/i.exec(file);
  const ext = m?.[1]?.toLowerCase();
  if (ext === 'jsonl') return 'ndjson';
  return (REPORT_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as ReportFormat) : undefined;
}
