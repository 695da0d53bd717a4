import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { binaryReportRenderers, buildRunReport, CSV_COLUMNS, groupFindings, renderCsvReport, renderXlsxReport, spreadsheetSafe, renderHtmlReport, renderJsonReport, renderNdjsonReport, renderSarifReport, reportRenderers, REPORT_FORMATS, XLSX_SUMMARY_SHEET } from '../src/index.js';
import { makeFinding, ruleSummary } from './fake-library.js';

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS: its class is the module's `default` property.
const Ajv = AjvDraft04.default;

const findings = Array.from({ length: 40 }, (_, i) => makeFinding(i));
const report = buildRunReport({
  version: '1.2.3',
  asOf: '2024-12-31',
  source: { description: 'csv folder ./county', datasets: [{ dataset: 'payments', files: ['payments.csv'], rows: 10, rejected: 1 }], missing: ['deaths'] },
  rules: ['deceased-payee', 'shared-account', 'large-cash-expense'].map((id, i) => ruleSummary(id, i)),
  rulesRun: ['deceased-payee', 'shared-account', 'large-cash-expense', 'duplicate-payment', 'quiet-rule'],
  rulesSkipped: [{ rule: 'vehicle-owner-on-assistance', missing: ['vehicles'], reason: 'dataset `vehicles` is missing' }],
  findings,
  rejected: [{ dataset: 'payments', file: 'county/payments.csv', row: 3, field: 'id_number', value: '420101198001010010', message: 'id_number: bad check digit' }],
});

const text = (chunks: Iterable<string>): string => [...chunks].join('');

/** A minimal RFC 4180 parser, to check the CSV the way Excel reads it. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('reports', () => {
  it('every format carries every finding', () => {
    const json = JSON.parse(text(renderJsonReport(report))) as { findings: unknown[] };
    expect(json.findings).toHaveLength(40);
    expect(text(renderNdjsonReport(report)).trim().split('\n')).toHaveLength(40);
    expect(parseCsv(text(renderCsvReport(report)))).toHaveLength(41);
    const sarif = JSON.parse(text(renderSarifReport(report))) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(40);
    const html = text(renderHtmlReport(report));
    const data = JSON.parse(/<script type="application\/json" id="sunshine-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { findings: { fingerprint: string }[] };
    expect(data.findings.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
    expect([...Object.keys(reportRenderers), ...Object.keys(binaryReportRenderers)].sort()).toEqual([...REPORT_FORMATS].sort());
  });

  it('json is deterministic and lists rejected rows, counts and rule metadata', () => {
    const a = text(renderJsonReport(report));
    expect(text(renderJsonReport(report))).toBe(a);
    const json = JSON.parse(a) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['tool', 'asOf', 'source', 'counts', 'money', 'rulesRun', 'rulesSkipped', 'rulesFailed', 'findings', 'rejected']);
    expect(json.rejected).toEqual(report.rejected);
    expect(json.counts).toMatchObject({ findings: 40, rejected: 1, rejectedByDataset: { payments: 1 }, byRule: { 'quiet-rule': 0, 'deceased-payee': 10 } });
    expect(json.findings).toEqual(findings);
    // money: additive, in fen, totals of `amount` (30 of the 40 fake findings carry 1,200.00 yuan)
    expect(json.money).toMatchObject({ unit: 'fen', total: 30 * 120000, findingsWithAmount: 30, findingsWithoutAmount: 10 });
  });

  it('csv has a BOM, CRLF, the fixed columns, and quotes commas, quotes and newlines', () => {
    const csv = text(renderCsvReport(report));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows[0]).toEqual(['rule', 'category', 'severity', 'key', 'department', 'town', 'village', 'id_number', 'message_zh', 'message_en', 'fingerprint', 'amount']);
    const f = findings[1]!;
    expect(rows[2]).toEqual([f.rule, f.category, f.severity, f.key, f.department_code, f.town_code, f.village_code, '', f.message.zh, f.message.en, f.fingerprint, '1200.00']);
    expect(rows[4]![11]).toBe(''); // no money involved
    expect(rows[1]![8]).toContain('\n');
    expect(csv).toContain('"张三，""第0条""，金额1,200.00元\n换行"');
  });

  it('csv never starts a cell with =, +, -, @, a tab or a line break unless it is a number', () => {
    const evil = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '\n=1', "=1\",\"=2"];
    const numbers = ['-12.5', '+3', '-0.5e3', '12', '.5'];
    const bad = buildRunReport({
      ...{ version: '1.2.3', asOf: '2024-12-31', source: report.source, rules: [], rulesRun: [], rulesSkipped: [], rejected: [] },
      findings: [...evil, ...numbers].map((v, i) => makeFinding(i, { key: v, town_code: v, message: { zh: v, en: `${v} paid` } })),
    });
    const rows = parseCsv(text(renderCsvReport(bad)).slice(1)).slice(1);
    for (const [i, v] of evil.entries()) {
      expect(rows[i]![3]).toBe(`'${v}`);
      expect(rows[i]![5]).toBe(`'${v}`);
      expect(rows[i]![8]).toBe(`'${v}`);
    }
    for (const [i, v] of numbers.entries()) expect(rows[evil.length + i]![3]).toBe(v);
    for (const row of rows) for (const cell of row) if (/^[=+\-@\t\r\n]/.test(cell)) expect(cell).toMatch(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/);
    expect(spreadsheetSafe('张三')).toBe('张三');
    expect(spreadsheetSafe('')).toBe('');
  });

  it('xlsx never writes a formula: text that looks like one is shown as text, numbers stay numbers', async () => {
    const evil = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)'];
    const bad = buildRunReport({
      ...{ version: '1.2.3', asOf: '2024-12-31', source: report.source, rules: [], rulesRun: [], rulesSkipped: [], rejected: [] },
      findings: evil.map((v, i) => makeFinding(i, { key: v, town_code: v, id_number: null, message: { zh: v, en: v }, amount: -1250 })),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderXlsxReport(bad)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets[0]!.name).toBe(XLSX_SUMMARY_SHEET);
    let cells = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((c) => {
          cells++;
          expect(c.formula).toBeUndefined();
          expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@]/);
        });
      });
    }
    expect(cells).toBeGreaterThan(20);
    const amounts: unknown[] = [];
    for (const ws of wb.worksheets.slice(1)) ws.getColumn(11).eachCell((c, n) => n > 1 && amounts.push(c.value));
    expect(amounts).toEqual([-12.5, -12.5, -12.5, -12.5]);
  });

  it('html and xlsx order: severity first, then amount, then key; repeats of one person by one rule folded', () => {
    const p = '420101198001010016';
    const fs = [
      makeFinding(0, { rule: 'r', severity: 'low', amount: 900000, key: 'a', id_number: null }),
      makeFinding(1, { rule: 'r', severity: 'high', amount: 100, key: 'b', id_number: null }),
      makeFinding(2, { rule: 'r', severity: 'high', amount: null, key: 'c', id_number: null }),
      makeFinding(3, { rule: 'm', severity: 'high', amount: 500, key: 'm1', id_number: p, evidence: [{ role: 'subject', dataset: 'payments', id: 'm1', record: { period: '2024-03' } }] }),
      makeFinding(4, { rule: 'm', severity: 'medium', amount: 500, key: 'm2', id_number: p, evidence: [{ role: 'subject', dataset: 'payments', id: 'm2', record: { period: '2024-01' } }] }),
      makeFinding(5, { rule: 'critical', severity: 'critical', amount: 1, key: 'z', id_number: null }),
    ];
    const groups = groupFindings(fs);
    expect(groups.map((g) => g.members)).toEqual([[5], [4, 3], [1], [2], [0]]);
    expect(groups[1]).toMatchObject({ rule: 'm', subject: p, severity: 'high', amount: 1000, periodFrom: '2024-01', periodTo: '2024-03' });
    const html = text(renderHtmlReport(buildRunReport({ ...{ version: '1', asOf: '2024-12-31', source: report.source, rules: [], rulesRun: [], rulesSkipped: [], rejected: [] }, findings: fs })));
    const data = JSON.parse(/<script type="application\/json" id="sunshine-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { groups: number[][] };
    expect(data.groups).toEqual([[5], [4, 3], [1], [2], [0]]);
  });

  it('html: money totals per category, severity, town, village and department equal the sums over findings; a CJK font stack', () => {
    const html = text(renderHtmlReport(report));
    const total = (id: string): string => new RegExp(`<table id="${id}">[\\s\\S]*?<tfoot>[\\s\\S]*?data-fen="(-?\\d+)"`).exec(html)![1]!;
    for (const id of ['money-category', 'money-severity', 'money-town', 'money-department', 'money-village']) expect(Number(total(id))).toBe(30 * 120000);
    expect(html).toContain('id="total-money"><div class="n">36,000.00<');
    expect(html).toContain('"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif');
    // Print hides the controls and nothing else: one print rule, whose body is only that.
    expect(html.match(/@media print\{[^}]*\}\}/g)).toEqual(['@media print{header button,.filters,.pager{display:none}}']);
    expect(html).toContain('id="chart-money-category"');
  });

  it('sarif validates against the SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const log = JSON.parse(text(renderSarifReport(report))) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations: { logicalLocations: { name: string }[] }[] }[] }[];
    };
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(['deceased-payee', 'shared-account', 'large-cash-expense', 'duplicate-payment', 'quiet-rule']);
    expect(run.tool.driver.rules[0]!.shortDescription.text).toBe('规则deceased-payee — Rule deceased-payee');
    const r = run.results[3]!;
    expect(r.ruleId).toBe(findings[3]!.rule);
    expect(ids[r.ruleIndex]).toBe(r.ruleId);
    expect(r.level).toBe('error'); // critical
    expect(run.results[0]!.level).toBe('note'); // low
    expect(r.partialFingerprints['sunshine/v1']).toBe(findings[3]!.fingerprint);
    expect(r.locations[0]!.logicalLocations[0]!.name).toBe(findings[3]!.key);
    // the validator is real: a driver without a name, or an unknown level, fails
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ ...log, runs: [{ ...run, results: [{ ...r, level: 'severe' }] }] })).toBe(false);
    // an empty run validates too
    expect(validate(JSON.parse(text(renderSarifReport({ ...report, findings: [], rejected: [] }))))).toBe(true);
  });

  it('html is self-contained: no external resources, data escaped inside the script', () => {
    const evil = makeFinding(99, { message: { zh: '</script><script>alert(1)</script>', en: 'x' } });
    const html = text(renderHtmlReport({ ...report, findings: [evil] }));
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect(html).not.toContain('<link');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('id="chart-category"');
    expect(html).toContain('Content-Security-Policy');
  });
});

describe('spreadAcrossRules', () => {
  it('takes findings from each rule in turn, up to the limit', async () => {
    const { spreadAcrossRules } = await import('../src/commands/run-command.js');
    const fs = [...Array.from({ length: 5 }, (_, i) => makeFinding(i, { rule: 'a', key: `a${i}` })), makeFinding(9, { rule: 'b', key: 'b0' }), makeFinding(10, { rule: 'c', key: 'c0' })];
    expect(spreadAcrossRules(fs, 4).map((f) => f.key)).toEqual(['a0', 'b0', 'c0', 'a1']);
    expect(spreadAcrossRules(fs, 100)).toHaveLength(7);
    expect(spreadAcrossRules(fs, 0)).toEqual([]);
  });
});

describe('svgBarChart', () => {
  it('draws at most 15 bars and sums the long tail in a note', async () => {
    const { svgBarChart } = await import('../src/reports/render-html-report.js');
    const bars = Array.from({ length: 20 }, (_, i) => ({ zh: `村${i}`, en: `V${i}`, n: 100 - i, filter: `village:V${i}` }));
    const svg = svgBarChart('c', bars);
    expect(svg.match(/<rect /g)).toHaveLength(15);
    expect(svg).toContain('另有 5 项，共 415 条');
    expect(svg).toContain('5 more, 415 findings');
    expect(svg).toContain('data-filter="village:V0"');
  });
});
