import type { Log, ReportingDescriptor, Result } from 'sarif';
import { CATEGORY_NAMES, type Finding, type RuleSummary, type Severity } from '@sunshine/core';
import type { RunReport } from './run-report.js';

const LEVEL: Readonly<Record<Severity, Result.level>> = { low: 'note', medium: 'warning', high: 'error', critical: 'error' };

/** The SARIF `security-severity` GitHub code scanning reads (0–10). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { low: '3.0', medium: '5.0', high: '8.0', critical: '9.5' };

function ruleDescriptor(id: string, summary: RuleSummary | undefined, sample: Finding | undefined): ReportingDescriptor {
  const title = summary?.title ?? sample?.title ?? { zh: id, en: id };
  const description = summary?.description ?? title;
  const category = summary?.category ?? sample?.category;
  const severity = summary?.severity ?? sample?.severity ?? 'medium';
  return {
    id,
    name: id,
    shortDescription: { text: `${title.zh} — ${title.en}` },
    fullDescription: { text: `${description.zh}\n${description.en}` },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      category: category ?? null,
      categoryName: category === undefined ? null : CATEGORY_NAMES[category],
      severity,
      'security-severity': SECURITY_SEVERITY[severity],
      title,
      ...(summary === undefined ? {} : { version: summary.version, datasets: summary.datasets, params: summary.params }),
      tags: ['sunshine', ...(category === undefined ? [] : [category])],
    },
  };
}

/**
 * `--format sarif`: SARIF 2.1.0 for CI and code-scanning tools. Every rule that ran (and any
 * rule a finding names) is in `tool.driver.rules` with its zh and en texts; each finding is one
 * result, its level from the severity, `partialFingerprints` from its fingerprint and a logical
 * location from its key. Rejected rows are tool notifications pointing at file and row.
 *
 * @example
 * ```ts
 * writeFileSync('sunshine.sarif', [...renderSarifReport(report)].join(''));
 * ```
 */
export function* renderSarifReport(report: RunReport): Generator<string> {
  const summaries = new Map(report.rules.map((r) => [r.id, r]));
  const sampleOf = new Map<string, Finding>();
  for (const f of report.findings) if (!sampleOf.has(f.rule)) sampleOf.set(f.rule, f);
  const ids = [...new Set([...report.rulesRun, ...sampleOf.keys()])];
  const index = new Map(ids.map((id, i) => [id, i]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sunshine',
            fullName: 'Sunshine rule engine for rural public money (阳光)',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: ids.map((id) => ruleDescriptor(id, summaries.get(id), sampleOf.get(id))),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.rejected.map((r) => ({
                level: 'warning' as const,
                message: { text: `rejected row: ${r.dataset} ${r.field}: ${r.message}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: r.file }, region: { startLine: Math.max(1, r.row) } } }],
                properties: { dataset: r.dataset, field: r.field, value: r.value ?? null },
              })),
              ...report.rulesSkipped.map((s) => ({
                level: 'note' as const,
                message: { text: `rule ${s.rule} skipped: ${s.reason}` },
                descriptor: { id: s.rule },
              })),
            ],
            properties: { asOf: report.asOf, source: report.source.description },
          },
        ],
        columnKind: 'unicodeCodePoints',
        results: [],
      },
    ],
  };
  const text = JSON.stringify(log, null, 2);
  // Stream the results one per line instead of building one huge string.
  const marker = '"results": []';
  const at = text.lastIndexOf(marker);
  yield text.slice(0, at);
  if (report.findings.length === 0) {
    yield marker;
  } else {
    yield '"results": [\n';
    let i = 0;
    for (const f of report.findings) {
      i += 1;
      yield `        ${JSON.stringify(resultOf(f, index.get(f.rule) ?? -1))}${i < report.findings.length ? ',' : ''}\n`;
    }
    yield '      ]';
  }
  yield `${text.slice(at + marker.length)}\n`;
}

function resultOf(f: Finding, ruleIndex: number): Result {
  const place = [f.town_code, f.village_code].filter((x): x is string => x !== null);
  return {
    ruleId: f.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message.zh}\n${f.message.en}` },
    partialFingerprints: { 'sunshine/v1': f.fingerprint },
    locations: [
      {
        logicalLocations: [
          {
            name: f.key,
            fullyQualifiedName: [...place, f.rule, f.key].join('/'),
            kind: 'object',
          },
        ],
      },
    ],
    properties: {
      key: f.key,
      category: f.category,
      severity: f.severity,
      department_code: f.department_code,
      town_code: f.town_code,
      village_code: f.village_code,
      id_number: f.id_number,
      message_en: f.message.en,
      evidence_hash: f.evidence_hash,
    },
  };
}
