/**
 * `sunshine run` and the load cache, over the real library: a second run on an unchanged
 * folder reads the cache and writes the same report byte for byte (findings, rejected rows,
 * data-quality report); a changed file is read again even with the same size and modification
 * time; `--no-cache` neither reads nor writes it; `--only` loads only what its rule reads.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDefaultLibrary, type CliLibrary } from '../src/index.js';
import { id, runCli, writeCounty } from './fake-library.js';

let dir: string;
let data: string;
let env: Record<string, string>;
let lib: CliLibrary;
let good: string;
const dead = id('37142619500101001');
const SECOND = Math.floor(Date.now() / 1000) - 120;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunshine-cli-cache-'));
  data = join(dir, 'county');
  mkdirSync(data);
  env = { SUNSHINE_CACHE_DIR: join(dir, 'cache') };
  ({ good } = writeCounty(data, (file, text) => writeFileSync(file, text)));
  const w = (name: string, lines: string[]): void => writeFileSync(join(data, `${name}.csv`), lines.join('\n'));
  w('funds', ['fund_code,name,department_code,kind,frequency,standard_amount,max_amount,unit_rate,min_age,exclusive_group', 'F01,城乡低保,civil,means_tested,monthly,500.00,,,,']);
  w('departments', ['department_code,name', 'civil,民政局']);
  // The payee of P1 (paid 2024-03-05) dies after the payments: no finding, until the test below moves the date.
  w('deaths', ['id_number,name,death_date,source', `${dead},张三,2024-02-20,民政`, `${good},张三,2024-12-20,民政`]);
  w('vehicles', ['plate,owner_id_number,vehicle_type,registration_date,deregistration_date', `鲁A12345,${dead},car,2020-01-01,`]);
  // Whole seconds, which every file system keeps exactly.
  for (const f of ['payments', 'funds', 'deaths']) utimesSync(join(data, `${f}.csv`), SECOND, SECOND);
  lib = createDefaultLibrary();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...extra: string[]) => runCli(['run', '--data', data, '--format', 'json', '--as-of', '2024-12-31', '--no-timings', ...extra], lib, { env });

it('reads the cache on a second run and writes the same report; --no-cache skips it', async () => {
  const first = await run();
  expect(first.code).toBe(0);
  expect(first.err).toMatch(/load cache: 0 datasets read from .*cache.*, \d+ loaded from the files and written/);
  const report = JSON.parse(first.out) as { rejected: unknown[]; dataQuality: { references: unknown[] }; findings: unknown[] };
  expect(report.rejected.length).toBeGreaterThan(0);
  expect(report.dataQuality.references.length).toBeGreaterThan(0);

  const second = await run();
  expect(second.err).toMatch(/load cache: \d+ datasets read from .*, 0 loaded from the files/);
  expect(second.out).toBe(first.out);

  const before = JSON.stringify(statSync(env['SUNSHINE_CACHE_DIR']!).mtimeMs);
  const uncached = await run('--no-cache');
  expect(uncached.err).not.toContain('load cache');
  expect(uncached.out).toBe(first.out);
  expect(JSON.stringify(statSync(env['SUNSHINE_CACHE_DIR']!).mtimeMs)).toBe(before);

  // Without a cache folder in the environment (no HOME either), no cache.
  const none = await runCli(['run', '--data', data, '--format', 'json', '--as-of', '2024-12-31', '--no-timings'], lib, { env: {} });
  expect(none.err).not.toContain('load cache');
  expect(none.out).toBe(first.out);
});

it('reads a file again when its content changed with the same size and modification time', async () => {
  const before = await run('--only', 'deceased-payee');
  expect((JSON.parse(before.out) as { findings: unknown[] }).findings).toEqual([]);
  const file = join(data, 'deaths.csv');
  const text = readFileSync(file, 'utf8');
  // The death before the payment: same length.
  writeFileSync(file, text.replace('2024-12-20', '2024-01-20'));
  utimesSync(file, SECOND, SECOND);
  expect(statSync(file).size).toBe(Buffer.byteLength(text));
  const again = await run('--only', 'deceased-payee');
  expect(again.err).toMatch(/, 1 loaded from the files and written/);
  const fresh = await run('--only', 'deceased-payee', '--no-cache');
  expect(again.out).toBe(fresh.out);
  expect((JSON.parse(again.out) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toEqual(['deceased-payee']);
  writeFileSync(file, text);
  utimesSync(file, SECOND, SECOND);
});

it('--only loads only the datasets its rule reads (and, without --as-of, every dataset a date may come from)', async () => {
  const all = JSON.parse((await run()).out) as { source: { datasets: { dataset: string }[] }; findings: { rule: string }[] };
  expect(all.source.datasets.map((d) => d.dataset)).toContain('vehicles');
  const one = await run('--only', 'deceased-payee');
  const report = JSON.parse(one.out) as { source: { datasets: { dataset: string }[] }; findings: { rule: string }[]; rulesRun: string[] };
  expect(report.rulesRun).toEqual(['deceased-payee']);
  expect(report.source.datasets.map((d) => d.dataset).sort()).toEqual(['deaths', 'departments', 'funds', 'payments', 'persons', 'regions']);
  expect(report.findings).toEqual(all.findings.filter((f) => f.rule === 'deceased-payee'));

  const dated = await runCli(['run', '--data', data, '--format', 'json', '--no-timings', '--only', 'deceased-payee'], lib, { env });
  const full = await runCli(['run', '--data', data, '--format', 'json', '--no-timings'], lib, { env });
  const asOf = (r: { out: string }) => (JSON.parse(r.out) as { asOf: string }).asOf;
  expect(asOf(dated)).toBe(asOf(full));
  const loaded = (JSON.parse(dated.out) as { source: { datasets: { dataset: string }[] } }).source.datasets.map((d) => d.dataset);
  expect(loaded).toEqual(expect.arrayContaining(['payments', 'collective_ledger', 'medical_settlements']));
  expect(loaded).not.toContain('vehicles');
  expect(existsSync(env['SUNSHINE_CACHE_DIR']!)).toBe(true);
});

it('keeps checked rule packs in the cache and checks a changed pack again', async () => {
  const pack = join(dir, 'pack');
  mkdirSync(pack, { recursive: true });
  const rule = JSON.parse(readFileSync(join(import.meta.dirname, '../../rules-stdlib/rules/eligibility/deceased-payee.json'), 'utf8')) as { id: string };
  writeFileSync(join(pack, 'deceased-payee.json'), JSON.stringify(rule));
  const withPack = (...extra: string[]) => runCli(['run', '--data', data, '--rules', pack, '--format', 'json', '--as-of', '2024-12-31', '--no-timings', ...extra], lib, { env });
  const first = await withPack();
  expect(first.err).not.toMatch(/error/);
  expect(first.code).toBe(0);
  expect(existsSync(join(env['SUNSHINE_CACHE_DIR']!, 'packs'))).toBe(true);
  const second = await withPack();
  expect(second.out).toBe(first.out);
  // Another title: read and checked again, not taken from the cache.
  writeFileSync(join(pack, 'deceased-payee.json'), JSON.stringify({ ...rule, title: { zh: '改过的标题', en: 'A changed title' } }));
  const third = await withPack('--format', 'sarif');
  expect(third.code).toBe(0);
  expect(third.out).toContain('A changed title');
  // A broken pack fails as without the cache.
  writeFileSync(join(pack, 'deceased-payee.json'), JSON.stringify({ ...rule, subject: { dataset: 'paymentz' } }));
  const broken = await withPack();
  const uncached = await withPack('--no-cache');
  expect(broken.code).toBe(2);
  expect(broken.err).toBe(uncached.err);
});
