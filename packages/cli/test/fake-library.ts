/**
 * Test doubles: a {@link CliLibrary} whose data loading goes through the real `loadData` of
 * core (over a tiny CSV reader, no quoting) and whose engine returns canned findings.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CATEGORIES, SEVERITIES, idCheckDigit, latestDateIn, loadData, type Finding, type RawBatch, type RuleSummary, type RunResult, type Source } from '@sunshine/core';
import { CliError, createBufferedIo, main, type CliLibrary, type LoadedData, type ValidationProblem } from '../src/index.js';

export const id = (first17: string): string => first17 + idCheckDigit(first17);

/** A folder source over `<dataset>.csv` files (comma-separated, no quoting: test data only). */
export function tinyCsvSource(dir: string): Source {
  if (!existsSync(dir)) throw new CliError('BAD_INPUT', `data folder \`${dir}\` does not exist`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  return {
    description: `csv folder ${dir}`,
    datasets: () => Promise.resolve(files.map((f) => ({ dataset: basename(f, '.csv'), file: join(dir, f) }))),
    // eslint-disable-next-line @typescript-eslint/require-await
    async *batches(dataset: string): AsyncGenerator<RawBatch> {
      const file = join(dir, `${dataset}.csv`);
      const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
      const [head, ...rows] = lines;
      yield { file, columns: (head ?? '').split(','), rows: rows.map((r) => r.split(',')), rowNumbers: rows.map((_, i) => i + 2) };
    },
  };
}

export function makeFinding(i: number, over: Partial<Finding> = {}): Finding {
  const rule = over.rule ?? ['deceased-payee', 'shared-account', 'large-cash-expense', 'duplicate-payment'][i % 4]!;
  return {
    rule,
    category: CATEGORIES[i % CATEGORIES.length]!,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    key: `P${String(i).padStart(5, '0')}`,
    department_code: `D${i % 3}`,
    town_code: `T${i % 2}`,
    village_code: `V${i % 5}`,
    id_number: i % 2 === 0 ? id(`4201011980010100${i % 10}`) : null,
    amount: i % 4 === 3 ? null : 120000,
    title: { zh: `规则${rule}`, en: `Rule ${rule}` },
    message: { zh: `张三，"第${i}条"，金额1,200.00元\n换行`, en: `Zhang San, "no. ${i}", 1,200.00 yuan` },
    evidence: [{ role: 'subject', dataset: 'payments', id: `P${i}`, record: { payment_id: `P${i}`, amount: 120000, name: '张三' } }],
    fingerprint: i.toString(16).padStart(32, '0'),
    evidence_hash: 'e'.repeat(32),
    ...over,
  };
}

export function ruleSummary(id: string, i = 0): RuleSummary {
  return {
    id,
    version: '1.0.0',
    category: CATEGORIES[i % CATEGORIES.length]!,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    title: { zh: `规则${id}`, en: `Rule ${id}` },
    description: { zh: `检查${id}`, en: `Checks ${id}` },
    datasets: ['payments'],
    params: [{ name: 'minPersons', type: 'integer', default: 3 }],
  };
}

export interface FakeOptions {
  findings?: readonly Finding[];
  problems?: readonly ValidationProblem[];
  noEngine?: boolean;
  ruleIds?: readonly string[];
  testCases?: { rule: string; name: string; passed: boolean; message?: string; ms: number }[];
  /** `generateCounty` writes the small county of {@link writeCounty} and a truth file. */
  writeCounty?: boolean;
}

export interface FakeCalls {
  engineOptions?: { params?: unknown; asOf: string | undefined; rules: readonly unknown[] };
  loadPacks?: readonly string[];
  dataSpec?: unknown;
  generate?: unknown;
}

export function fakeLibrary(options: FakeOptions = {}): CliLibrary & { calls: FakeCalls } {
  const calls: FakeCalls = {};
  const ids = options.ruleIds ?? ['deceased-payee', 'shared-account', 'large-cash-expense', 'duplicate-payment', 'vehicle-owner-on-assistance'];
  const notAvailable = (): never => {
    throw new CliError('NOT_AVAILABLE', 'the rule engine is not part of this build yet');
  };
  return {
    calls,
    version: '9.9.9',
    async loadData(spec, o): Promise<LoadedData> {
      calls.dataSpec = spec;
      if (spec.kind !== 'folder') throw new CliError('NOT_AVAILABLE', `${spec.kind} not in fake`);
      const source = tinyCsvSource(spec.dir);
      const r = await loadData(source, { onProgress: (p) => o?.onProgress?.({ dataset: p.dataset, rows: p.rows, done: false }) });
      return {
        description: source.description,
        tables: r.tables,
        rejected: r.rejected,
        missing: r.missing,
        warnings: r.warnings.map((w) => w.message),
        datasets: [...r.tables.keys()].map((d) => ({ dataset: d, files: [], rows: r.counts[d]?.loaded ?? 0, rejected: r.counts[d]?.rejected ?? 0 })),
      };
    },
    stdlibPacks: (preset) => Promise.resolve(preset === undefined ? ['/stdlib/rules'] : [`/stdlib/presets/${preset}.json`]),
    loadPacks(paths) {
      calls.loadPacks = paths;
      if (options.noEngine === true) return Promise.resolve(notAvailable());
      return Promise.resolve({ rules: ids.map((i) => ({ id: i })), problems: options.problems ?? [] });
    },
    validatePacks: () => Promise.resolve(options.problems ?? []),
    latestDate: (data) => latestDateIn(data.tables),
    createEngine(o) {
      calls.engineOptions = o;
      const findings = options.findings ?? [];
      return Promise.resolve({
        run(_tables, r): Promise<RunResult> {
          ids.forEach((_, i) => r?.onProgress?.({ phase: 'rule', rule: ids[i]!, done: i + 1, total: ids.length }));
          return Promise.resolve({
            asOf: o.asOf ?? '',
            findings,
            rulesRun: ids.slice(0, -1),
            rulesSkipped: [{ rule: ids[ids.length - 1]!, missing: ['vehicles'], reason: 'dataset `vehicles` is missing' }],
            rulesFailed: [],
            stats: [],
            timings: { indexMs: 1.2, rulesMs: 3.4 },
          });
        },
        explain: (_t, rule, key) =>
          Promise.resolve({
            rule,
            key,
            matched: true,
            conditions: { kind: 'all', result: true, children: [{ fact: 'death.death_date', factValue: '2024-01-15', operator: 'dateBefore', value: '2024-03-01', result: true }] },
            lookups: { death: { id_number: 'X', death_date: '2024-01-15' } },
          }),
        summaries: () => ids.map((i, n) => ruleSummary(i, n)),
      });
    },
    runRuleTests: () => Promise.resolve({ cases: options.testCases ?? [] }),
    rulePackJsonSchema: () => Promise.resolve({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'rule pack' }),
    generateCounty(o) {
      calls.generate = o;
      if (options.writeCounty === true) {
        mkdirSync(o.out, { recursive: true });
        writeCounty(o.out, (f, t) => writeFileSync(f, t));
        const truth = (options.findings ?? []).slice(0, 2).map((f) => ({ rule: f.rule, key: f.key }));
        truth.push({ rule: 'deceased-payee', key: 'MISSED-1' });
        writeFileSync(join(o.out, 'truth.json'), JSON.stringify({ asOf: '2024-06-30', findings: truth }));
      }
      return Promise.resolve({ counts: { payments: 1200, persons: 300 }, truthFile: join(o.out, 'truth.json'), planted: 42, asOf: '2024-06-30' });
    },
  };
}

/** Runs `main` in-process and returns the exit code and what was written. */
export async function runCli(argv: readonly string[], lib: CliLibrary, options: { cwd?: string; isTTY?: boolean; env?: Record<string, string> } = {}): Promise<{ code: number; out: string; err: string }> {
  const io = createBufferedIo({ cwd: options.cwd ?? process.cwd(), isTTY: options.isTTY ?? false, ...(options.env === undefined ? {} : { env: options.env }) });
  const code = await main(argv, io, lib);
  return { code, out: io.out(), err: io.err() };
}

const PAYMENT_COLUMNS = 'payment_id,fund_code,id_number,name,town_code,village_code,period,pay_date,amount,quantity,bank_account,account_holder_id_number,account_holder_name';
const PERSON_COLUMNS = 'id_number,name,gender,birth_date,household_id,relation,town_code,village_code';

/** A small data folder with 4 bad rows: 3 in payments (bad check digit, impossible date, `abc` amount), 1 in persons (bad gender). */
export function writeCounty(dir: string, write: (file: string, text: string) => void): { good: string; badCheck: string } {
  const good = id('42010119800101001');
  const badCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
  write(
    join(dir, 'payments.csv'),
    [
      PAYMENT_COLUMNS,
      `P1,F01,${good},张三,T1,V1,2024-03,2024-03-05,1200.50,,6221,${good},张三`,
      `P2,F01,${badCheck},李四,T1,V1,2024-03,2024-03-05,100,,6222,${badCheck},李四`,
      `P3,F01,${good},张三,T1,V1,2024-03,2024-02-31,100,,6221,${good},张三`,
      `P4,F01,${good},张三,T1,V1,2024-04,2024-04-05,abc,,6221,${good},张三`,
    ].join('\n'),
  );
  write(join(dir, 'persons.csv'), [PERSON_COLUMNS, `${good},张三,M,1980-01-01,H1,head,T1,V1`, `${good},张三,X,1980-01-01,H1,head,T1,V1`].join('\n'));
  write(join(dir, 'regions.csv'), ['town_code,town_name,village_code,village_name', 'T1,城关镇,V1,东村', 'T0,河口镇,V0,西村'].join('\n'));
  return { good, badCheck };
}
