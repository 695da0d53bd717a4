/**
 * The second-round CLI contract over the real library: without `--as-of` a run takes the
 * latest date in the data and says so (never the wall clock), and `explain` and `test` take a
 * county's own packs with `--rules`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCounty } from '@sunshine/gen';
import { createDefaultLibrary } from '../src/index.js';
import { id, runCli } from './fake-library.js';

const dir = mkdtempSync(join(tmpdir(), 'sunshine-as-of-'));
const town = join(dir, 'town');
const NOTICE = 'as of 2024-12-31, the latest date in the data; give --as-of to choose\n';
const STDLIB = join(import.meta.dirname, '../../rules-stdlib/rules/eligibility');

beforeAll(async () => {
  await generateCounty({ scale: 'town', seed: 1, out: town, asOf: '2024-12-31' });
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('run without --as-of', () => {
  it('reports exactly what a run as of the latest date in the data does, and says which date it took', async () => {
    const lib = createDefaultLibrary();
    const fixed = await runCli(['run', '--data', town, '--as-of', '2024-12-31', '--format', 'json', '--no-timings', '-q'], lib);
    const free = await runCli(['run', '--data', town, '--format', 'json', '--no-timings'], lib);
    expect(fixed.code).toBe(0);
    expect(free.code).toBe(0);
    expect(free.err).toContain(NOTICE);
    expect(fixed.err).not.toContain('the latest date in the data');
    expect((JSON.parse(free.out) as { asOf: string }).asOf).toBe('2024-12-31');
    expect((JSON.parse(free.out) as { findings: unknown[] }).findings.length).toBeGreaterThan(100);
    expect(free.out).toBe(fixed.out);
    // --quiet leaves the line out; the report still records the date.
    const quiet = await runCli(['run', '--data', town, '--format', 'json', '--no-timings', '-q'], lib);
    expect(quiet.err).not.toContain('the latest date in the data');
    expect(quiet.out).toBe(fixed.out);
  }, 120_000);

  it('takes the latest of pay dates, period starts, ledger and settlement dates — not birth dates or contract ends', async () => {
    const data = join(dir, 'latest');
    mkdirSync(data);
    const p = id('42010119800101001');
    writeFileSync(join(data, 'payments.csv'), ['payment_id,fund_code,id_number,name,town_code,village_code,period,pay_date,amount,quantity,bank_account,account_holder_id_number,account_holder_name', `P1,F01,${p},张三,T1,V1,2024-07,2024-06-28,100,,6221,${p},张三`].join('\n'));
    writeFileSync(join(data, 'persons.csv'), ['id_number,name,gender,birth_date,household_id,relation,town_code,village_code', `${p},张三,M,2025-01-01,H1,head,T1,V1`].join('\n'));
    writeFileSync(join(data, 'collective_contracts.csv'), ['contract_id,village_code,subject_type,subject_desc,area,counterparty_name,counterparty_id_number,counterparty_company_id,start_date,end_date,annual_amount,resolution_id', 'C1,V1,land,东坡,10,张三,,,2024-01-01,2040-12-31,1000,'].join('\n'));
    const r = await runCli(['run', '--data', data, '--format', 'json', '--no-timings'], createDefaultLibrary());
    expect(r.code).toBe(0);
    // The period 2024-07 starts on 2024-07-01, after the pay date 2024-06-28.
    expect(r.err).toContain('as of 2024-07-01, the latest date in the data; give --as-of to choose\n');
    expect((JSON.parse(r.out) as { asOf: string }).asOf).toBe('2024-07-01');
  }, 60_000);

  it('exits 2 asking for --as-of when the data holds no date', async () => {
    const data = join(dir, 'no-dates');
    mkdirSync(data);
    copyFileSync(join(town, 'regions.csv'), join(data, 'regions.csv'));
    copyFileSync(join(town, 'funds.csv'), join(data, 'funds.csv'));
    const r = await runCli(['run', '--data', data], createDefaultLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds no date to run as of \(none of payments\.period, payments\.pay_date, collective_ledger\.date, medical_settlements\.settle_date has a value\); give `--as-of YYYY-MM-DD`/);
    expect(r.err).not.toMatch(/\n\s+at /);
    const explain = await runCli(['explain', '--data', data, '--rule', 'deceased-payee', '--key', 'P1'], createDefaultLibrary());
    expect(explain.code).toBe(2);
    expect(explain.err).toContain('give `--as-of YYYY-MM-DD`');
  }, 60_000);

  it('explain takes the same date and says so', async () => {
    const truth = JSON.parse(readFileSync(join(town, 'truth.json'), 'utf8')) as { findings: { rule: string; key: string }[] };
    const hit = truth.findings.find((f) => f.rule === 'deceased-payee');
    expect(hit).toBeDefined();
    const r = await runCli(['explain', '--data', town, '--rule', 'deceased-payee', '--key', hit!.key], createDefaultLibrary());
    expect(r.code).toBe(0);
    expect(r.err).toContain(NOTICE);
    expect(r.out).toContain(`deceased-payee ${hit!.key}: MATCHED`);
  }, 60_000);
});

describe('a county pack with --rules', () => {
  let pack: string;
  beforeAll(() => {
    // A county's own copy of a standard rule under its own id, with its fixtures.
    pack = join(dir, 'county-rules');
    mkdirSync(pack);
    const rule = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.json'), 'utf8')) as Record<string, unknown>;
    delete rule.$schema;
    writeFileSync(join(pack, 'county-deceased-payee.json'), JSON.stringify({ ...rule, id: 'county-deceased-payee' }, null, 2));
    const fixtures = JSON.parse(readFileSync(join(STDLIB, 'deceased-payee.fixtures.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(pack, 'county-deceased-payee.fixtures.json'), JSON.stringify({ ...fixtures, rule: 'county-deceased-payee' }, null, 2));
  });

  it('test --rules runs that pack\'s fixtures', async () => {
    const r = await runCli(['test', '--rules', pack, '--format', 'json'], createDefaultLibrary());
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { passed: number; failed: number; cases: { rule: string }[] };
    expect(out.failed).toBe(0);
    expect(out.passed).toBeGreaterThan(1);
    expect(new Set(out.cases.map((c) => c.rule))).toEqual(new Set(['county-deceased-payee']));
  }, 60_000);

  it('explain --rules explains a rule of that pack', async () => {
    const truth = JSON.parse(readFileSync(join(town, 'truth.json'), 'utf8')) as { findings: { rule: string; key: string }[] };
    const key = truth.findings.find((f) => f.rule === 'deceased-payee')!.key;
    const r = await runCli(['explain', '--data', town, '--rules', pack, '--rule', 'county-deceased-payee', '--key', key, '--as-of', '2024-12-31'], createDefaultLibrary());
    expect(r.code).toBe(0);
    expect(r.out).toContain(`county-deceased-payee ${key}: MATCHED`);
    const stdlibOnly = await runCli(['explain', '--data', town, '--rule', 'county-deceased-payee', '--key', key, '--as-of', '2024-12-31'], createDefaultLibrary());
    expect(stdlibOnly.code).toBe(2);
    expect(stdlibOnly.err).toContain('unknown rule `county-deceased-payee`');
  }, 60_000);
});
