import type { TextWriter } from '../cli-io.js';
import { CliError } from '../cli-error.js';
import { renderCsvReport } from './render-csv-report.js';
import { renderHtmlReport } from './render-html-report.js';
import { renderJsonReport, renderNdjsonReport } from './render-json-report.js';
import { renderSarifReport } from './render-sarif-report.js';
import { renderXlsxReport } from './render-xlsx-report.js';
import type { RunReport } from './run-report.js';
import { writeBytesToFile, writeChunks, writeChunksToFile } from './write-chunks.js';

export const REPORT_FORMATS = ['json', 'ndjson', 'csv', 'html', 'sarif', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The formats written as text, in chunks. */
export type TextReportFormat = Exclude<ReportFormat, 'xlsx'>;

/** Renderers of the text formats by format; each yields the report in chunks. */
export const reportRenderers: Readonly<Record<TextReportFormat, (report: RunReport) => Iterable<string>>> = {
  json: renderJsonReport,
  ndjson: renderNdjsonReport,
  csv: renderCsvReport,
  html: renderHtmlReport,
  sarif: renderSarifReport,
};

/** Renderers of the binary formats (a workbook is written whole). */
export const binaryReportRenderers: Readonly<Record<Exclude<ReportFormat, TextReportFormat>, (report: RunReport) => Promise<Uint8Array>>> = {
  xlsx: renderXlsxReport,
};

/** Whether a format lists rejected rows itself. */
export const LISTS_REJECTED: Readonly<Record<ReportFormat, boolean>> = { json: true, ndjson: false, csv: false, html: true, sarif: true, xlsx: false };

/**
 * Fails before a run whose report has nowhere to go: a workbook is written to a file, never
 * to the terminal.
 */
export function checkReportTarget(format: ReportFormat | undefined, file: string | undefined): void {
  if (format === 'xlsx') workbookFile(file);
}

function workbookFile(file: string | undefined): string {
  if (file === undefined) throw new CliError('USAGE', '`--format xlsx` writes a workbook to a file: give `--out FILE.xlsx`');
  return file;
}

/**
 * Writes the report in a format to `file`, or to `stdout` for the text formats.
 *
 * @example
 * ```ts
 * await writeReport('xlsx', report, 'findings.xlsx', io.stdout);
 * ```
 */
export async function writeReport(format: ReportFormat, report: RunReport, file: string | undefined, stdout: TextWriter): Promise<void> {
  if (format === 'xlsx') {
    const target = workbookFile(file);
    writeBytesToFile(target, await binaryReportRenderers[format](report));
    return;
  }
  const chunks = reportRenderers[format](report);
  if (file === undefined) writeChunks(stdout, chunks);
  else writeChunksToFile(file, chunks);
}

/** The format a file name implies (`report.html` → `html`). */
export function formatOfFile(file: string): ReportFormat | undefined {
  const m = /\.([a-z]+)$/i.exec(file);
  const ext = m?.[1]?.toLowerCase();
  if (ext === 'jsonl') return 'ndjson';
  return (REPORT_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as ReportFormat) : undefined;
}
