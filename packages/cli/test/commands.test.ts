import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseMapping } from '@sunshine/adapters';
import { sunshineConfigSchema } from '../src/index.js';
import { fakeLibrary, makeFinding, runCli, writeCounty } from './fake-library.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunshine-cmd-'));
});

describe('sunshine validate', () => {
  it('exits 0 for valid packs and 1 with file and pointer for problems', async () => {
    writeFileSync(join(dir, 'r.json'), '{}');
    const ok = await runCli(['validate', 'r.json'], fakeLibrary(), { cwd: dir });
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('✓ 1 pack valid');
    const problems = [{ file: 'r.json', pointer: '/subject/dataset', message: 'unknown dataset `paymentz`', suggestion: 'payments' }];
    const bad = await runCli(['validate', 'r.json'], fakeLibrary({ problems }), { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ r.json /subject/dataset: unknown dataset `paymentz` (did you mean `payments`?)');
    const json = await runCli(['validate', 'r.json', '--format', 'json'], fakeLibrary({ problems }), { cwd: dir });
    expect(JSON.parse(json.out)).toMatchObject({ valid: false, problems });
  });

  it('exits 2 for a pack that does not exist', async () => {
    const r = await runCli(['validate', 'nope.json'], fakeLibrary(), { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('nope.json` does not exist');
  });
});

describe('sunshine test', () => {
  const testCases = [
    { rule: 'deceased-payee', name: 'died in February', passed: true, ms: 1 },
    { rule: 'deceased-payee', name: 'near miss <first day>', passed: false, message: 'expected no finding', expected: [], actual: ['P2'], ms: 2 },
    { rule: 'shared-account', name: 'three payees', passed: true, ms: 1 },
  ];

  it('reports pass/fail per case, exits 1 on a failure, and writes JUnit XML', async () => {
    writeFileSync(join(dir, 'r.json'), '{}');
    const r = await runCli(['test', 'r.json', '--junit', 'out/junit.xml'], fakeLibrary({ testCases }), { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.out).toContain('✓ deceased-payee › died in February');
    expect(r.out).toContain('✗ deceased-payee › near miss <first day> — expected no finding');
    expect(r.out).toContain('2 passed, 1 failed');
    const xml = readFileSync(join(dir, 'out', 'junit.xml'), 'utf8');
    expect(xml).toContain('<testsuites name="sunshine" tests="3" failures="1"');
    expect(xml).toContain('<testsuite name="deceased-payee" tests="2" failures="1"');
    expect(xml).toContain('name="near miss &lt;first day&gt;"');
    expect(xml).toMatch(/<failure message="expected no finding" type="AssertionError">expected no finding\nexpected: \[\]\nactual: \[\n {2}&quot;P2&quot;\n\]<\/failure>/);
  });

  it('exits 0 when every case passes', async () => {
    writeFileSync(join(dir, 'r.json'), '{}');
    const r = await runCli(['test', 'r.json'], fakeLibrary({ testCases: testCases.filter((c) => c.passed) }), { cwd: dir });
    expect(r.code).toBe(0);
  });
});

describe('sunshine explain', () => {
  it('renders the condition tree with the values compared', async () => {
    const data = join(dir, 'county');
    mkdirSync(data);
    writeCounty(data, (f, t) => writeFileSync(f, t));
    const r = await runCli(['explain', '--data', data, '--rule', 'deceased-payee', '--key', 'P1', '--as-of', '2024-12-31'], fakeLibrary());
    expect(r.code).toBe(0);
    expect(r.out).toContain('deceased-payee P1: MATCHED');
    expect(r.out).toContain('  ✓ all of:\n    ✓ death.death_date (2024-01-15) is before 2024-03-01');
    // a lookup's record as a table under its dataset (by its fields)
    expect(r.out).toMatch(/Lookup death \(deaths\):\n\s+id_number\s+death_date\n\s+X\s+2024-01-15/);
  });

  it('exits 2 for an unknown rule, with a suggestion', async () => {
    const r = await runCli(['explain', '--data', dir, '--rule', 'deceased-payes', '--key', 'P1'], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown rule `deceased-payes`; did you mean `deceased-payee`?');
  });

  it('needs --rule and --key', async () => {
    const r = await runCli(['explain', '--data', dir], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toContain('needs `--rule ID` and `--key KEY`');
  });
});

describe('sunshine catalog and schema', () => {
  it('lists the rules as markdown and json', async () => {
    const md = await runCli(['catalog'], fakeLibrary());
    expect(md.code).toBe(0);
    expect(md.out).toContain('| `deceased-payee` | 规则deceased-payee | Rule deceased-payee | low | `minPersons` = 3 |');
    const json = JSON.parse((await runCli(['catalog', '--format', 'json'], fakeLibrary())).out) as { count: number; rules: { id: string }[] };
    expect(json.count).toBe(5);
    expect(json.rules.map((r) => r.id)).toContain('shared-account');
    expect((await runCli(['catalog', '--format', 'xml'], fakeLibrary())).code).toBe(2);
  });

  it('prints the rule pack schema and the config schema', async () => {
    const pack = await runCli(['schema'], fakeLibrary());
    expect(JSON.parse(pack.out)).toMatchObject({ title: 'rule pack' });
    const config = JSON.parse((await runCli(['schema', '--for', 'config'], fakeLibrary())).out) as { properties: Record<string, unknown> };
    expect(Object.keys(config.properties)).toEqual(expect.arrayContaining(['data', 'packs', 'params', 'asOf', 'output', 'failOn']));
  });
});

describe('sunshine gen', () => {
  it('calls the generator and prints counts and the truth file', async () => {
    const lib = fakeLibrary();
    const r = await runCli(['gen', '--scale', 'tiny', '--out', 'county', '--seed', '7'], lib, { cwd: dir });
    expect(r.code).toBe(0);
    expect(lib.calls.generate).toEqual({ scale: 'tiny', seed: 7, out: join(dir, 'county'), format: 'csv' });
    expect(r.out).toMatch(/payments\s+1,200/);
    expect(r.out).toMatch(/total\s+1,500/);
    expect(r.out).toContain('Truth file (42 planted findings): county/truth.json');
  });

  it('checks its flags', async () => {
    expect((await runCli(['gen', '--out', 'x'], fakeLibrary())).code).toBe(2);
    const scale = await runCli(['gen', '--scale', 'city', '--out', 'x'], fakeLibrary());
    expect(scale.err).toContain('`--scale` must be one of tiny, village, town, county');
    expect((await runCli(['gen', '--scale', 'tiny', '--out', 'x', '--seed', '-1'], fakeLibrary())).code).toBe(2);
  });
});

describe('sunshine init', () => {
  it('scaffolds a project and keeps existing files unless --force', async () => {
    const r = await runCli(['init', 'county'], fakeLibrary(), { cwd: dir });
    expect(r.code).toBe(0);
    for (const f of ['sunshine.config.json', 'mapping.json', 'rules/county-large-hospitality.json', 'rules/county-large-hospitality.fixtures.json', '.github/workflows/sunshine.yml', 'schema/rule-pack.schema.json']) {
      expect(existsSync(join(dir, 'county', f)), f).toBe(true);
    }
    const workflow = readFileSync(join(dir, 'county', '.github/workflows/sunshine.yml'), 'utf8');
    expect(workflow).toContain('npx sunshine validate ./rules');
    expect(workflow).toContain('npx sunshine test ./rules');
    const mapping = JSON.parse(readFileSync(join(dir, 'county', 'mapping.json'), 'utf8')) as { datasets: { payments: { columns: Record<string, string> } } };
    expect(mapping.datasets.payments.columns['身份证号']).toBe('id_number');
    writeFileSync(join(dir, 'county', 'sunshine.config.json'), '{"asOf":"2024-01-01"}');
    const again = await runCli(['init', 'county'], fakeLibrary(), { cwd: dir });
    expect(again.out).toContain('kept    sunshine.config.json');
    expect(readFileSync(join(dir, 'county', 'sunshine.config.json'), 'utf8')).toBe('{"asOf":"2024-01-01"}');
    await runCli(['init', 'county', '--force'], fakeLibrary(), { cwd: dir });
    expect(readFileSync(join(dir, 'county', 'sunshine.config.json'), 'utf8')).toContain('"data"');
  });

  it('writes a config that the config schema accepts and a mapping the adapters accept', async () => {
    await runCli(['init'], fakeLibrary(), { cwd: dir });
    expect(sunshineConfigSchema.safeParse(JSON.parse(readFileSync(join(dir, 'sunshine.config.json'), 'utf8'))).success).toBe(true);
    // the mapping template is checked against the model's datasets and fields, not only its schema
    const mapping = parseMapping(JSON.parse(readFileSync(join(dir, 'mapping.json'), 'utf8')), { file: 'mapping.json' });
    expect(mapping.datasets?.persons?.values?.gender).toEqual({ 男: 'M', 女: 'F' });
    writeCounty(join(dir, 'data'), (f, t) => writeFileSync(f, t));
    // The scaffolded config drives `run` with no flags.
    const lib = fakeLibrary();
    const r = await runCli(['run', '-q'], lib, { cwd: dir });
    expect(r.code).toBe(0);
    expect(lib.calls.dataSpec).toEqual({ kind: 'folder', dir: join(dir, 'data'), mapping: join(dir, 'mapping.json') });
    expect(existsSync(join(dir, 'reports', 'sunshine-report.html'))).toBe(true);
  });
});

describe('sunshine demo', () => {
  it('generates a county, runs the library, writes the HTML report and compares with the truth', async () => {
    const findings = [makeFinding(0), makeFinding(1), makeFinding(4)];
    const lib = fakeLibrary({ findings, writeCounty: true });
    const r = await runCli(['demo', '--scale', 'tiny', '--out', 'demo'], lib, { cwd: dir });
    expect(r.code).toBe(0);
    expect(lib.calls.engineOptions?.asOf).toBe('2024-06-30');
    expect(existsSync(join(dir, 'demo', 'report.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'demo', 'findings.json'), 'utf8'))).toMatchObject({ counts: { findings: 3 } });
    expect(r.out).toContain('Truth file: 2 of 3 planted findings reported; 1 unexpected from the models it covers');
    expect(r.out).toContain('  missed     deceased-payee MISSED-1');
    expect(r.out).toContain(`  unexpected ${findings[2]!.rule} ${findings[2]!.key}`);
    expect(r.out).toContain('The HTML report: demo/report.html');
  });
});
