import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLibrary, makeFinding, runCli, writeCounty } from './fake-library.js';

let dir: string;
let data: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunshine-run-'));
  data = join(dir, 'county');
  mkdirSync(data);
  writeCounty(data, (f, t) => writeFileSync(f, t));
});

interface JsonReport {
  findings: { rule: string }[];
  rejected: { dataset: string; file: string; row: number; field: string; value: unknown; message: string }[];
  counts: { findings: number; rejected: number; rejectedByDataset: Record<string, number>; bySeverity: Record<string, number> };
  source: { missing: string[] };
  rulesRun: string[];
  rulesSkipped: { rule: string }[];
  asOf: string;
  timings?: unknown;
}

describe('sunshine run', () => {
  it('loads the folder and lists each rejected row under "rejected" with a one-line summary on stderr', async () => {
    const r = await runCli(['run', '--data', data, '--format', 'json', '--as-of', '2024-12-31'], fakeLibrary({ noEngine: true }));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as JsonReport;
    expect(report.rejected.map((x) => `${x.dataset}:${x.row}:${x.field}`).sort()).toEqual(['payments:3:id_number', 'payments:4:pay_date', 'payments:5:amount', 'persons:3:gender']);
    for (const x of report.rejected) {
      expect(Object.keys(x)).toEqual(expect.arrayContaining(['dataset', 'file', 'row', 'field', 'value', 'message']));
      expect(x.file).toContain('.csv');
    }
    expect(report.counts.rejected).toBe(4);
    expect(report.counts.rejectedByDataset).toEqual({ payments: 3, persons: 1 });
    expect(r.err).toContain('warning: 4 rows rejected (payments: 3, persons: 1); see "rejected" in the output\n');
    expect(r.err).toContain('no rules are run');
  });

  it('says which datasets are missing and treats them as empty', async () => {
    const r = await runCli(['run', '--data', data, '--format', 'json'], fakeLibrary());
    const report = JSON.parse(r.out) as JsonReport;
    expect(report.source.missing).toContain('deaths');
    expect(report.source.missing).not.toContain('payments');
    expect(r.err).toMatch(/\d+ datasets are missing from csv folder \S+ and treated as empty: .*deaths/);
  });

  it('prints a human summary when there is no --out and no --format', async () => {
    const findings = [makeFinding(0), makeFinding(1), makeFinding(2)];
    const r = await runCli(['run', '--data', 'county', '--as-of', '2024-12-31'], fakeLibrary({ findings }), { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.out).toContain('as of 2024-12-31');
    expect(r.out).toContain('Findings: 3');
    expect(r.out).toMatch(/Rejected rows: 4 rows rejected/);
    expect(r.out).toMatch(/payments\s+county\/payments\.csv\s+3\s+id_number\s+\d{17}\d\s+id_number: `\d+` fails/);
    expect(r.out).toContain('skipped vehicle-owner-on-assistance');
    expect(r.err).toContain('4 rows rejected (payments: 3, persons: 1); listed above');
  });

  it('--strict exits 2 when a row is rejected, 0 when none is', async () => {
    const strict = await runCli(['run', '--data', data, '--strict', '--format', 'json'], fakeLibrary());
    expect(strict.code).toBe(2);
    expect(JSON.parse(strict.out)).toHaveProperty('rejected');
    const clean = join(dir, 'clean');
    mkdirSync(clean);
    writeFileSync(join(clean, 'regions.csv'), 'town_code,town_name,village_code,village_name\nT1,城关镇,V1,东村\n');
    expect((await runCli(['run', '--data', clean, '--strict', '--as-of', '2024-12-31'], fakeLibrary())).code).toBe(0);
  });

  it('--fail-on exits 1 when a finding at or above the severity exists', async () => {
    const findings = [makeFinding(0, { severity: 'medium' }), makeFinding(1, { severity: 'high' })];
    const lib = () => fakeLibrary({ findings });
    expect((await runCli(['run', '--data', data, '--fail-on', 'high', '-q'], lib())).code).toBe(1);
    expect((await runCli(['run', '--data', data, '--fail-on', 'medium', '-q'], lib())).code).toBe(1);
    expect((await runCli(['run', '--data', data, '--fail-on', 'critical', '-q'], lib())).code).toBe(0);
    const bad = await runCli(['run', '--data', data, '--fail-on', 'severe'], lib());
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('`--fail-on` must be one of low, medium, high, critical');
  });

  it('exits 2 on an unreadable data folder, a bad date, a bad format', async () => {
    const missing = await runCli(['run', '--data', join(dir, 'nope')], fakeLibrary());
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('does not exist');
    const date = await runCli(['run', '--data', data, '--as-of', '2024-02-31'], fakeLibrary());
    expect(date.code).toBe(2);
    expect(date.err).toContain('`--as-of` must be a date written YYYY-MM-DD, got `2024-02-31`');
    const fmt = await runCli(['run', '--data', data, '--format', 'pdf'], fakeLibrary());
    expect(fmt.code).toBe(2);
    expect(fmt.err).toContain('`--format` must be one of json, ndjson, csv, html, sarif');
  });

  it('exits 2 on an invalid pack, listing file and pointer', async () => {
    const problems = [{ file: 'rules/x.json', pointer: '/subject/dataset', message: 'unknown dataset `paymentz`', suggestion: 'payments' }];
    const r = await runCli(['run', '--data', data, '--rules', 'rules'], fakeLibrary({ problems }));
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid rule pack (1 problem):');
    expect(r.err).toContain('rules/x.json /subject/dataset: unknown dataset `paymentz` (did you mean `payments`?)');
  });

  it('writes the report to --out, inferring the format from the extension', async () => {
    const lib = fakeLibrary({ findings: [makeFinding(0), makeFinding(1)] });
    const out = join(dir, 'reports', 'findings.csv');
    const r = await runCli(['run', '--data', data, '--out', out], lib);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFrule,category,')).toBe(true);
    expect(r.err).toContain(`wrote csv report with 2 findings to ${out}`);
    expect(r.err).toContain('Findings: 2');
  });

  it('is byte-identical on a rerun with --no-timings', async () => {
    const lib = () => fakeLibrary({ findings: [makeFinding(0), makeFinding(1)] });
    const args = ['run', '--data', data, '--format', 'json', '--as-of', '2024-06-30', '--no-timings', '-q'];
    const a = await runCli(args, lib());
    const b = await runCli(args, lib());
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out)).not.toHaveProperty('timings');
    const withTimings = JSON.parse((await runCli(['run', '--data', data, '--format', 'json'], lib())).out) as JsonReport;
    expect(withTimings.timings).toMatchObject({ indexMs: 1, rulesMs: 3 });
    expect(Object.keys(withTimings.timings ?? {})).toEqual(['loadMs', 'indexMs', 'rulesMs', 'totalMs']);
  });

  it('takes settings from sunshine.config.json, and flags override them', async () => {
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ 'shared-account': { minPersons: 5 } }));
    writeFileSync(
      join(dir, 'sunshine.config.json'),
      JSON.stringify({ data: { dir: './county' }, packs: ['stdlib', './my-rules'], params: { 'shared-account': { minPersons: 4, other: 1 } }, asOf: '2024-06-30', output: { format: 'ndjson' }, failOn: 'low' }),
    );
    const lib = fakeLibrary({ findings: [makeFinding(0, { severity: 'low' })] });
    const r = await runCli(['run', '--params', 'params.json', '--fail-on', 'medium'], lib, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(lib.calls.loadPacks).toEqual(['/stdlib/rules', join(dir, 'my-rules')]);
    expect(lib.calls.engineOptions?.asOf).toBe('2024-06-30');
    expect(lib.calls.engineOptions?.params).toEqual({ 'shared-account': { minPersons: 5, other: 1 } });
    expect(lib.calls.dataSpec).toEqual({ kind: 'folder', dir: data, mapping: undefined });
    await runCli(['run', '--rules', 'stdlib:payments', '-q'], lib, { cwd: dir });
    expect(lib.calls.loadPacks).toEqual(['/stdlib/presets/payments.json']);

    // the config's failOn applies when no flag is given
    expect((await runCli(['run'], fakeLibrary({ findings: [makeFinding(0, { severity: 'low' })] }), { cwd: dir })).code).toBe(1);
  });

  it('reports an invalid config file with its pointer', async () => {
    writeFileSync(join(dir, 'sunshine.config.json'), JSON.stringify({ data: { dir: 'x' }, failOn: 'severe' }));
    const r = await runCli(['run'], fakeLibrary(), { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('sunshine.config.json` is invalid');
    expect(r.err).toContain('/failOn');
  });

  it('reads the connection of a database store from the environment', async () => {
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ data: { store: 'postgres', connectionEnv: 'COUNTY_DB', mapping: 'm.json' } }));
    const lib = fakeLibrary();
    const unset = await runCli(['run', '--config', 'c.json'], lib, { cwd: dir });
    expect(unset.code).toBe(2);
    expect(unset.err).toContain('environment variable `COUNTY_DB`');
    await runCli(['run', '--config', 'c.json'], lib, { cwd: dir, env: { COUNTY_DB: 'postgres://u@h/db' } });
    expect(lib.calls.dataSpec).toEqual({ kind: 'postgres', connection: 'postgres://u@h/db', mapping: join(dir, 'm.json') });
  });

  it('shows progress as plain lines off a terminal and bars on one, nothing with --quiet', async () => {
    const lib = () => fakeLibrary({ findings: [makeFinding(0)] });
    const plain = await runCli(['run', '--data', data, '--format', 'json'], lib());
    expect(plain.err).toMatch(/^loading payments …$/m);
    expect(plain.err).toMatch(/^running rules: 4 rules, 1 findings/m);
    const tty = await runCli(['run', '--data', data, '--format', 'json'], lib(), { isTTY: true });
    expect(tty.err).toContain('\r\u001b[2K');
    expect(tty.err).toContain('█');
    expect(plain.err).toContain('as of 2024-03-05, the latest date in the data; give --as-of to choose\n');
    const quiet = await runCli(['run', '--data', data, '--format', 'json', '--quiet'], lib());
    expect(quiet.err).toBe('warning: 4 rows rejected (payments: 3, persons: 1); see "rejected" in the output\n');
    const json = await runCli(['run', '--data', data, '--format', 'json', '--log-format', 'json'], lib());
    const events = json.err.trim().split('\n').map((l) => JSON.parse(l) as { level: string; event: string });
    expect(events.some((e) => e.event === 'progress-end')).toBe(true);
    expect(events.find((e) => e.level === 'warn')).toMatchObject({ event: 'warning', rejected: 4 });
  });
});
