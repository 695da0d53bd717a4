/**
 * `@sunshine/cli`: the `sunshine` command line, usable in-process (`main`) and its report
 * renderers, which the server reuses.
 * @packageDocumentation
 */
export { main, COMMANDS, EXIT_INTERNAL } from './main.js';
export { createBufferedIo, type CliIo, type TextWriter } from './cli-io.js';
export { CliError, type CliErrorCode } from './cli-error.js';
export type * from './library/cli-library.js';
export { createDefaultLibrary } from './library/default-library.js';
export { buildRunReport, moneyOf, type RunReport, type ReportCounts, type ReportMoney, type PlaceNames } from './reports/run-report.js';
export { renderJsonReport, renderNdjsonReport } from './reports/render-json-report.js';
export { renderCsvReport, CSV_COLUMNS, spreadsheetSafe } from './reports/render-csv-report.js';
export { renderSarifReport } from './reports/render-sarif-report.js';
export { renderHtmlReport } from './reports/render-html-report.js';
export { renderJunitXml } from './reports/render-junit-xml.js';
export { REPORT_FORMATS, reportRenderers, binaryReportRenderers, writeReport, type ReportFormat, type TextReportFormat } from './reports/report-formats.js';
export { renderXlsxReport, XLSX_SUMMARY_SHEET, XLSX_SUMMARY_HEADERS, XLSX_FINDING_HEADERS, YUAN_FORMAT } from './reports/render-xlsx-report.js';
export { compareFindings, groupFindings, periodOf, type FindingGroup } from './reports/finding-groups.js';
export { sunshineConfigSchema, sunshineConfigJsonSchema, type SunshineConfig } from './config/sunshine-config.js';
