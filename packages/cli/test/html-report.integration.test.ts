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
import type { Finding } from '@sunshine/core';
import { makeFinding, ruleSummary, runCli } from './fake-library.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.SUNSHINE_REQUIRE_SERVICES === '1';
const available = existsSync(CHROMIUM);
if (!available && !required) console.log(`skipping the HTML report browser test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const N = 20_000;

/**
 * The words in Latin letters the page shows, leaving out what is shown verbatim on purpose:
 * keys, codes and ids (`.key`), data values of records (`.v`) and identifiers (`code`).
 */
async function latinWords(page: import('playwright-core').Page): Promise<string[]> {
  // Runs in the page (a string: the test's types have no DOM).
  const words = await page.evaluate(`(() => {
    const style = document.createElement('style');
    style.textContent = '.key,.v,code{display:none!important}';
    document.head.appendChild(style);
    const svg = [...document.querySelectorAll('svg text')].filter((t) => getComputedStyle(t).display !== 'none').map((t) => t.textContent || '');
    const opts = [...document.querySelectorAll('select option')].map((o) => o.textContent || '');
    const text = [document.body.innerText, document.title, document.getElementById('f-text').placeholder, ...svg, ...opts].join('\\n');
    style.remove();
    return text.match(/[A-Za-z][A-Za-z0-9_.-]*/g) || [];
  })()`);
  return words as string[];
}

/**
 * Proper names and identifiers allowed in the Chinese view: the product, the switch to the
 * other language, formats and databases, codes (upper-case letters and digits), rule ids and
 * names in camelCase or snake_case (parameters, facts).
 */
function notAllowed(words: readonly string[], ruleIds: ReadonlySet<string>): string[] {
  const names = new Set(['sunshine', 'explain', 'English', 'JSON', 'PostgreSQL', 'SQLite', 'DuckDB']);
  return [...new Set(words)].filter((w) => !names.has(w) && !ruleIds.has(w) && !/^[A-Z0-9]+$/.test(w) && !/^[a-z][a-z0-9]*([A-Z_][A-Za-z0-9_]*)+$/.test(w));
}

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
    // money: 15,000 findings of 1,200.00 yuan (every fourth has none)
    expect(await page.textContent('#total-money .n')).toBe('18,000,000.00');
    expect(await page.textContent('#money-category tfoot .num[data-fen]')).toBe('18,000,000.00');
    // two of the fake categories involve no money
    expect(await page.locator('#chart-money-category rect').count()).toBe(6);
    expect(await page.locator('#chart-category rect').count()).toBe(8);
    expect(await page.locator('#chart-town rect').count()).toBe(2);
    expect(await page.locator('#chart-department text.lbl').first().textContent()).toMatch(/民政局 \(D0\)|D[12]/);
    expect(await page.locator('#chart-severity rect').count()).toBe(4);

    // the first page of findings, lazily rendered
    expect(await page.locator('#findings-body tr.f').count()).toBe(50);
    expect(await page.textContent('#shown-count')).toBe(String(N));
    // highest severity first (critical: every fourth finding, from no. 3), then amount, then key
    expect(await page.textContent('#findings-body tr.f:first-child .sev')).toBe('严重');
    expect(await page.textContent('#findings-body tr.f:first-child')).toContain('张三，"第3条"');

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
    // evidence headers are the data model's Chinese field names; money in yuan
    expect(detail).toContain('发放编号');
    expect(detail).toContain('发放金额（元）');
    expect(detail).toContain('1,200.00');
    // the explanation as sentences
    expect(detail).toContain('✓ 死亡登记有记录（死亡日期 2024-01-15）');
    expect(notAllowed(await latinWords(page), new Set(findings.map((f) => f.rule)))).toEqual([]);

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
    expect(await page.textContent('#findings-body tr.detail')).toContain('death is present (death_date 2024-01-15)');
    expect(await page.textContent('#findings-body tr.detail')).toContain('payment_id');
    expect(await page.textContent('#findings-body .sev')).toBe('low');
    await page.click('#lang-toggle');

    // sort by amount: the largest first — one person's 1,000 repeats of one rule, folded into one row
    await page.fill('#f-text', '');
    await expect.poll(() => page.textContent('#shown-count')).toBe(String(N));
    await page.click('#sort-amount');
    expect(await page.getAttribute('#sort-amount', 'aria-sort')).toBe('descending');
    const top = page.locator('#findings-body tr.f').first();
    expect(await top.getAttribute('class')).toContain('grp');
    expect(await top.locator('.amount').textContent()).toBe('1,200,000.00');
    expect(await top.textContent()).toContain('1000 次');
    await top.click();
    expect(await page.locator('#findings-body tr.member').count()).toBe(1000);
    await page.click('#sort-amount');
    expect(await page.getAttribute('#sort-amount', 'aria-sort')).toBe('ascending');
    await page.click('#sort-amount');
    await page.click('#lang-toggle');

    const shot = join(dir, 'report.png');
    await page.fill('#f-text', '');
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    console.log(`HTML report: ${N} findings, ${(statSync(file).size / 1e6).toFixed(1)} MB, first render ${Math.round(loadMs)} ms; screenshot ${shot}`);

    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  it('opens the demo town report (real generator, library and explanations): Chinese throughout, money that adds up, highest severity and largest amount first', async () => {
    const out = join(dir, 'demo');
    const r = await runCli(['demo', '--scale', 'town', '--out', out], createDefaultLibrary());
    expect(r.code).toBe(0);
    // quiet about the files the generator wrote beside the data
    expect(r.err).not.toContain('is not a dataset of the model');
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
    const data = JSON.parse((await page.textContent('#sunshine-data'))!) as { findings: Finding[]; groups: number[][] };
    const fs = data.findings;
    expect(fs.every((f) => f.amount === null || Number.isInteger(f.amount))).toBe(true);
    // the money per category equals the sum over the findings
    const yuan = (fen: number): string => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
    const money = fs.reduce((t, f) => t + (f.amount ?? 0), 0);
    expect(await page.textContent('#total-money .n')).toBe(yuan(money));
    expect(await page.textContent('#money-category tfoot .num[data-fen]')).toBe(yuan(money));
    const rows = page.locator('#money-category tbody tr');
    for (let i = 0; i < (await rows.count()); i++) {
      const cat = (await rows.nth(i).getAttribute('data-filter'))!.split(':')[1];
      const shown = await rows.nth(i).locator('td').last().textContent();
      expect(shown).toBe(yuan(fs.filter((f) => f.category === cat).reduce((t, f) => t + (f.amount ?? 0), 0)));
    }
    // the first row: the highest severity, and of those the largest amount
    const rank = { critical: 0, high: 1, medium: 2, low: 3 };
    const best = Math.min(...fs.map((f) => rank[f.severity]));
    const first = data.groups[0]!.map((i) => fs[i]!);
    expect(Math.min(...first.map((f) => rank[f.severity]))).toBe(best);
    const firstAmount = first.reduce((t, f) => t + (f.amount ?? 0), 0);
    for (const f of fs.filter((x) => rank[x.severity] === best && x.id_number === null)) expect(f.amount ?? 0).toBeLessThanOrEqual(firstAmount);
    expect(await page.textContent('#findings-body tr.f:first-child .amount')).toBe(yuan(firstAmount));
    // a folded repeat expands to its findings
    const grp = page.locator('#findings-body tr.grp').first();
    if ((await grp.count()) > 0) {
      await grp.click();
      expect(await page.locator('#findings-body tr.member').count()).toBeGreaterThan(1);
    }
    await page.click('#findings-body tr.f[data-i]');
    expect(await page.textContent('#findings-body tr.detail')).toMatch(/判定条件/);
    // Chinese throughout: no English outside proper names, codes and identifiers
    const ruleIds = new Set(fs.map((f) => f.rule).concat(data.findings.map((f) => f.rule)));
    const ids = await page.locator('#rules td.key').allTextContents();
    for (const id of ids) ruleIds.add(id);
    expect(notAllowed(await latinWords(page), ruleIds)).toEqual([]);
    // and the English view has no Chinese outside names, messages' data and records
    await page.click('#lang-toggle');
    expect(await page.textContent('#findings-body tr.f:first-child .sev')).toMatch(/^(critical|high|medium|low)$/);
    expect(await page.textContent('#f-severity option:first-child')).toBe('Severity: All');
    const shot = join(dir, 'demo-report.png');
    await page.screenshot({ path: shot });
    console.log(`demo county report: ${total} findings; screenshot ${shot}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
