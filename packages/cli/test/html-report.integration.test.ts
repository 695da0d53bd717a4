/**
 * Opens the HTML report in Debian's Chromium (driven by playwright-core; no browser is ever
 * downloaded): charts and findings are shown, filters work, details open, the language
 * toggles, and nothing is fetched from the network.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunReport, createDefaultLibrary, renderHtmlReport } from '../src/index.js';
import { writeChunksToFile } from '../src/reports/write-chunks.js';
import { makeFinding, ruleSummary, runCli } from './fake-library.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.SUNSHINE_REQUIRE_SERVICES === '1';
const available = existsSync(CHROMIUM);
if (!available && !required) console.log(`skipping the HTML report browser test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const N = 20_000;

describe.skipIf(!available && !required)('HTML report in Chromium', () => {
  let browser: Browser;
  let file: string;
  let dir: string;
  const findings = Array.from({ length: N }, (_, i) => makeFinding(i));

  beforeAll(async () => {
    if (!available) throw new Error(`SUNSHINE_REQUIRE_SERVICES=1 but ${CHROMIUM} is missing`);
    dir = mkdtempSync(join(tmpdir(), 'sunshine-html-'));
    file = join(dir, 'report.html');
    const report = buildRunReport({
      version: '0.1.0',
      asOf: '2024-12-31',
      source: { description: 'csv folder ./county', datasets: [{ dataset: 'payments', files: ['payments.csv'], rows: N, rejected: 1 }], missing: [] },
      rules: ['deceased-payee', 'shared-account', 'large-cash-expense', 'duplicate-payment'].map((id, i) => ruleSummary(id, i)),
      rulesRun: ['deceased-payee', 'shared-account', 'large-cash-expense', 'duplicate-payment'],
      rulesSkipped: [],
      findings,
      rejected: [{ dataset: 'payments', file: 'payments.csv', row: 7, field: 'amount', value: 'abc', message: 'amount: `abc` is not an amount of money' }],
      tables: new Map([
        ['regions', [{ town_code: 'T0', town_name: '城关镇', village_code: 'V0', village_name: '东村' }]],
        ['departments', [{ department_code: 'D0', name: '民政局' }]],
      ]),
      explanations: {
        [findings[0]!.fingerprint]: {
          rule: findings[0]!.rule,
          key: findings[0]!.key,
          matched: true,
          conditions: { kind: 'all', result: true, children: [{ kind: 'leaf', fact: 'death', factValue: { death_date: '2024-01-15' }, operator: 'notEmpty', value: null, result: true }] },
        },
      },
    });
    writeChunksToFile(file, renderHtmlReport(report));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser.close();
  });

  it('shows charts and findings, filters, details and both languages, offline', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => requests.push(r.url()));
    const t0 = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('#findings-body tr.f');
    const loadMs = performance.now() - t0;

    // totals and charts
    expect(await page.textContent('#total-findings .n')).toBe('20,000');
    expect(await page.locator('#chart-category rect').count()).toBe(8);
    expect(await page.locator('#chart-town rect').count()).toBe(2);
    expect(await page.locator('#chart-department text.lbl').first().textContent()).toMatch(/民政局 \(D0\)|D[12]/);
    expect(await page.locator('#chart-severity rect').count()).toBe(4);

    // the first page of findings, lazily rendered
    expect(await page.locator('#findings-body tr.f').count()).toBe(50);
    expect(await page.textContent('#shown-count')).toBe(String(N));
    expect(await page.textContent('#findings-body')).toContain('张三，"第0条"');

    // filter by category and severity
    await page.selectOption('#f-category', 'cadre');
    const cadre = findings.filter((f) => f.category === 'cadre').length;
    await expect.poll(() => page.textContent('#shown-count')).toBe(String(cadre));
    await page.selectOption('#f-town', 'T0');
    const cadreT0 = findings.filter((f) => f.category === 'cadre' && f.town_code === 'T0').length;
    await expect.poll(() => page.textContent('#shown-count')).toBe(String(cadreT0));
    await page.selectOption('#f-category', '');
    await page.selectOption('#f-town', '');
    await page.selectOption('#f-severity', 'critical');
    await expect.poll(() => page.textContent('#shown-count')).toBe(String(findings.filter((f) => f.severity === 'critical').length));
    await page.selectOption('#f-severity', '');

    // free text: one key
    await page.fill('#f-text', 'P12345');
    await expect.poll(() => page.textContent('#shown-count')).toBe('1');
    await page.fill('#f-text', '');
    await expect.poll(() => page.textContent('#shown-count')).toBe(String(N));

    // paging
    await page.click('#next');
    expect(await page.textContent('#page-info')).toContain('51–100');

    // a click on a chart bar filters
    await page.click('#chart-village g.bar >> nth=0');
    await expect.poll(() => page.textContent('#shown-count')).toBe(String(findings.filter((f) => f.village_code === 'V0').length));
    await page.selectOption('#f-village', '');

    // details: evidence and explanation
    await page.fill('#f-text', findings[0]!.key);
    await expect.poll(() => page.textContent('#shown-count')).toBe('1');
    await page.click('#findings-body tr.f');
    const detail = await page.textContent('#findings-body tr.detail');
    expect(detail).toContain('payment_id');
    expect(detail).toContain('1,200.00');
    expect(detail).toContain('✓ death = {"death_date":"2024-01-15"}  notEmpty');

    // the keyboard opens and closes a finding too
    await page.focus('#findings-body tr.f');
    await page.keyboard.press('Enter');
    expect(await page.locator('#findings-body tr.detail').count()).toBe(0);
    await page.keyboard.press('Enter');
    expect(await page.locator('#findings-body tr.detail').count()).toBe(1);

    // language
    expect(await page.isVisible('header h1 .l-zh')).toBe(true);
    await page.click('#lang-toggle');
    expect(await page.isVisible('header h1 .l-en')).toBe(true);
    expect(await page.textContent('#findings-body')).toContain('Zhang San, "no. 0"');
    expect(await page.textContent('#f-category option:first-child')).toBe('Category: All');

    const shot = join(dir, 'report.png');
    await page.fill('#f-text', '');
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    console.log(`HTML report: ${N} findings, ${(statSync(file).size / 1e6).toFixed(1)} MB, first render ${Math.round(loadMs)} ms; screenshot ${shot}`);

    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  it('opens the demo county report (real generator, library and explanations) with charts and findings', async () => {
    const out = join(dir, 'demo');
    const r = await runCli(['demo', '--scale', 'tiny', '--out', out, '-q'], createDefaultLibrary());
    expect(r.code).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    await page.waitForSelector('#findings-body tr.f');
    const total = Number((await page.textContent('#total-findings .n'))!.replace(/,/g, ''));
    expect(total).toBeGreaterThan(10);
    expect(await page.locator('#chart-category rect').count()).toBeGreaterThan(3);
    expect(await page.locator('#chart-village rect').count()).toBeGreaterThan(0);
    expect(await page.locator('#findings-body tr.f').count()).toBe(Math.min(50, total));
    await page.click('#findings-body tr.f');
    expect(await page.textContent('#findings-body tr.detail')).toMatch(/判定条件|conditions/);
    const shot = join(dir, 'demo-report.png');
    await page.screenshot({ path: shot });
    console.log(`demo county report: ${total} findings; screenshot ${shot}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
