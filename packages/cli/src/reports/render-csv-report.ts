import type { RunReport } from './run-report.js';

/** The columns of `--format csv`, in order. */
export const CSV_COLUMNS = [
  'rule',
  'category',
  'severity',
  'key',
  'department',
  'town',
  'village',
  'id_number',
  'message_zh',
  'message_en',
  'fingerprint',
] as const;

function field(value: string | null): string {
  const v = value ?? '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * `--format csv`: RFC 4180 (CRLF, quoted where needed), UTF-8 with a byte-order mark so that
 * Excel opens Chinese text correctly. One row per finding.
 *
 * @example
 * ```ts
 * writeFileSync('findings.csv', [...renderCsvReport(report)].join(''));
 * ```
 */
export function* renderCsvReport(report: RunReport): Generator<string> {
  yield `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
  for (const f of report.findings) {
    yield `${[
      f.rule,
      f.category,
      f.severity,
      f.key,
      f.department_code,
      f.town_code,
      f.village_code,
      f.id_number,
      f.message.zh,
      f.message.en,
      f.fingerprint,
    ]
      .map(field)
      .join(',')}\r\n`;
  }
}
