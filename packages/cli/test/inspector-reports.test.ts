/**
 * Reports an inspector acts on (#19), over a generated town and the real library: every finding
 * carries `amount`; the JSON, CSV, summary and HTML total it; the XLSX workbook opens with its
 * summary sheet, one sheet per category, Chinese headers and amounts in yuan that add up; the
 * HTML and XLSX read highest severity and largest amount first; explanations speak yuan.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_NAMES, type Finding } from '@sunshine/core';
import { generateCounty } from '@sunshine/gen';
import { compareFindings, createDefaultLibrary, groupFindings, XLSX_FINDING_HEADERS, XLSX_SUMMARY_HEADERS, XLSX_SUMMARY_SHEET, type ReportMoney } from '../src/index.js';
import { runCli } from './fake-library.js';

const dir = mkdtempSync(join(tmpdir(), 'sunshine-inspector-'));
const town = join(dir, 'town');
const lib = createDefaultLibrary();
let json: { counts: { findings: number; byCategory: Record<string, number> }; money: ReportMoney; findings: Finding[] };

const sum = (fs: readonly Finding[]): number => fs.reduce((t, f) => t + (f.amount ?? 0), 0);

beforeAll(async () => {
  await generateCounty({ scale: 'town', seed: 1, out: town, asOf: '2024-12-31' });
  const r = await runCli(['run', '--data', town, '--as-of', '2024-12-31', '--format', 'json', '--no-timings', '-q'], lib);
  expect(r.code).toBe(0);
  json = JSON.parse(r.out) as typeof json;
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('money involved', () => {
  it('every finding has `amount`: integer fen or null; the JSON totals it by category, severity, town, village and department', () => {
    expect(json.findings.length).toBeGreaterThan(100);
    for (const f of json.findings) {
      expect(f).toHaveProperty('amount');
      if (f.amount !== null) expect(Number.isInteger(f.amount)).toBe(true);
    }
    expect(json.findings.filter((f) => f.amount !== null).length).toBeGreaterThan(json.findings.length / 2);
    const m = json.money;
    expect(m.unit).toBe('fen');
    expect(m.total).toBe(sum(json.findings));
    for (const c of CATEGORIES) expect(m.byCategory[c]).toBe(sum(json.findings.filter((f) => f.category === c)));
    expect(Object.values(m.bySeverity).reduce((a, b) => a + b, 0)).toBe(m.total);
    const towns = new Set(json.findings.map((f) => f.town_code).filter((t) => t !== null));
    for (const t of towns) expect(m.byTown[t]).toBe(sum(json.findings.filter((f) => f.town_code === t)));
    expect(Object.values(m.byVillage).reduce((a, b) => a + b, 0)).toBe(sum(json.findings.filter((f) => f.village_code !== null)));
    expect(Object.values(m.byDepartment).reduce((a, b) => a + b, 0)).toBe(sum(json.findings.filter((f) => f.department_code !== null)));
    expect(m.findingsWithAmount + m.findingsWithoutAmount).toBe(json.counts.findings);
  });

  it('the CSV has an amount column in yuan with two decimals that adds up to the total', async () => {
    const out = join(dir, 'findings.csv');
    expect((await runCli(['run', '--data', town, '--as-of', '2024-12-31', '--out', out, '-q'], lib)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    expect(header.at(-1)).toBe('amount');
    // Messages hold commas and newlines in quotes; the amount is the last field of each row.
    const amounts = readFileSync(out, 'utf8').match(/,(-?\d+\.\d{2})?\r\n/g)!;
    expect(amounts).toHaveLength(json.findings.length);
    const fen = amounts.map((a) => a.slice(1, -2)).filter((a) => a !== '').reduce((t, a) => t + Math.round(Number(a) * 100), 0);
    expect(fen).toBe(json.money.total);
  }, 120_000);

  it('the terminal summary gives the money per category and the total in yuan', async () => {
    const r = await runCli(['run', '--data', town, '--as-of', '2024-12-31'], lib);
    expect(r.out).toContain('amount (yuan)');
    const yuan = (fen: number): string => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
    expect(r.out).toMatch(new RegExp(`total .*${yuan(json.money.total).replace(/[.,]/g, '\\$&')}`));
    expect(r.out).toContain(`Money involved: ${yuan(json.money.total)} yuan`);
  }, 120_000);
});

describe('--format xlsx', () => {
  it('opens with the summary sheet, one sheet per category, Chinese headers, amounts in yuan that add up', async () => {
    const out = join(dir, 'findings.xlsx');
    const r = await runCli(['run', '--data', town, '--as-of', '2024-12-31', '--out', out, '-q'], lib);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const present = CATEGORIES.filter((c) => json.counts.byCategory[c]! > 0);
    expect(wb.worksheets.map((w) => w.name)).toEqual([XLSX_SUMMARY_SHEET, ...present.map((c) => CATEGORY_NAMES[c].zh)]);

    const summary = wb.worksheets[0]!;
    expect(summary.getRow(1).values).toEqual([undefined, ...XLSX_SUMMARY_HEADERS]);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary.autoFilter).toBeTruthy();
    const total = summary.getRow(2);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(4).value).toBe(json.counts.findings);
    expect(Math.round((total.getCell(5).value as number) * 100)).toBe(json.money.total);
    expect(total.getCell(5).numFmt).toBe('#,##0.00');
    // a category row per category, severities in Chinese
    const rows = summary.getSheetValues().filter(Boolean) as unknown[][];
    for (const c of CATEGORIES) {
      const row = rows.find((x) => x[1] === '类别' && x[2] === CATEGORY_NAMES[c].zh)!;
      expect(Math.round(((row[5] as number | null) ?? 0) * 100)).toBe(json.money.byCategory[c]);
    }
    expect(rows.filter((x) => x[1] === '风险等级').map((x) => x[2])).toEqual(['严重', '高', '中', '低']);

    for (const c of present) {
      const ws = wb.getWorksheet(CATEGORY_NAMES[c].zh)!;
      expect(ws.getRow(1).values).toEqual([undefined, ...XLSX_FINDING_HEADERS]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      const amountCol = XLSX_FINDING_HEADERS.indexOf('涉及金额（元）') + 1;
      const countCol = XLSX_FINDING_HEADERS.indexOf('次数') + 1;
      let fen = 0;
      let findings = 0;
      const sevOrder: number[] = [];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        // A folded group's row (次数 > 0) carries its total; its members (次数 empty) are below it, hidden.
        const count = row.getCell(countCol).value as number | null;
        if (count === null) {
          expect(row.hidden).toBe(true);
          expect(row.outlineLevel).toBe(1);
          return;
        }
        findings += count;
        fen += Math.round(((row.getCell(amountCol).value as number | null) ?? 0) * 100);
        sevOrder.push(['严重', '高', '中', '低'].indexOf(row.getCell(1).value as string));
        for (let i = 1; i <= XLSX_FINDING_HEADERS.length; i++) {
          const v = row.getCell(i).value;
          expect(typeof v === 'object' && v !== null && 'formula' in v).toBe(false);
          if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@]/);
        }
      });
      expect(findings).toBe(json.counts.byCategory[c]);
      expect(fen).toBe(json.money.byCategory[c]);
      expect(ws.getColumn(amountCol).numFmt).toBe('#,##0.00');
      // highest severity first
      expect([...sevOrder].sort((a, b) => a - b)).toEqual(sevOrder);
    }
  }, 120_000);

  it('asks for --out: a workbook is not written to the terminal', async () => {
    // before loading anything: a run of minutes would be lost
    const started = performance.now();
    const r = await runCli(['run', '--data', town, '--as-of', '2024-12-31', '--format', 'xlsx'], lib);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out FILE.xlsx');
    expect(r.err).not.toContain('loading');
    expect(performance.now() - started).toBeLessThan(2000);
  }, 120_000);
});

describe('reading order', () => {
  it('groups one person\'s repeats of one rule and orders by severity, then amount, then key', () => {
    const groups = groupFindings(json.findings);
    expect(groups.reduce((t, g) => t + g.members.length, 0)).toBe(json.findings.length);
    const folded = groups.filter((g) => g.members.length > 1);
    expect(folded.length).toBeGreaterThan(0);
    for (const g of folded) {
      const fs = g.members.map((i) => json.findings[i]!);
      expect(new Set(fs.map((f) => `${f.rule} ${f.id_number}`)).size).toBe(1);
      expect(g.amount).toBe(sum(fs));
      expect(g.periodFrom! <= g.periodTo!).toBe(true);
    }
    const rank = { critical: 0, high: 1, medium: 2, low: 3 };
    for (let i = 1; i < groups.length; i++) {
      const a = groups[i - 1]!;
      const b = groups[i]!;
      expect(rank[a.severity] < rank[b.severity] || (rank[a.severity] === rank[b.severity] && (a.amount ?? -1) >= (b.amount ?? -1))).toBe(true);
    }
    const sorted = [...json.findings].sort(compareFindings);
    expect(sorted[0]!.severity).toBe(groups[0]!.severity);
  });

  it('the JSON keeps the engine\'s order (reruns byte-identical)', async () => {
    const again = await runCli(['run', '--data', town, '--as-of', '2024-12-31', '--format', 'json', '--no-timings', '-q'], lib);
    expect(JSON.parse(again.out)).toEqual(json);
  }, 120_000);
});

describe('explain in yuan', () => {
  it('prints money in yuan with its unit, fields by name, in English and in Chinese', async () => {
    const hit = json.findings.find((f) => f.rule === 'duplicate-basic-pension')!;
    const r = await runCli(['explain', '--data', town, '--as-of', '2024-12-31', '--rule', hit.rule, '--key', hit.key, '-q'], lib);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${hit.rule} ${hit.key}: MATCHED`);
    // the fund's standard amount, 20000 fen
    expect(r.out).toMatch(/standard_amount[\s\S]*200\.00 yuan/);
    expect(r.out).not.toMatch(/standard_amount"?: 20000/);
    // codes with their names from `regions`: the subject's village
    const village = hit.village_code!;
    expect(r.out).toMatch(new RegExp(`[^\\s(]+ \\(${village}\\)`));
    const { renderExplanation } = await import('../src/reports/render-explanation.js');
    const e = await (await lib.createEngine({ rules: (await lib.loadPacks(await lib.stdlibPacks())).rules, params: {}, asOf: '2024-12-31' })).explain(await lib.loadData({ kind: 'folder', dir: town }), hit.rule, hit.key);
    const zh = renderExplanation(e, { lang: 'zh' });
    expect(zh).toContain('命中');
    expect(zh).toContain('标准金额');
    expect(zh).toContain('200.00 元');
    expect(zh).toContain('补贴资金项目');
  }, 120_000);
});
