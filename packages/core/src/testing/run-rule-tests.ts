/**
 * Rule fixtures: small tables with the findings a rule must report — at least one case that
 * matches and one near miss that must not. `sunshine test` and the stdlib's own test suite
 * both run them through here.
 *
 * A fixture file is `<rule-id>.fixtures.json`, beside the rule file or anywhere in the pack's folder:
 * ```json
 * { "rule": "deceased-payee", "asOf": "2024-12-31",
 *   "data": { "funds": [ { "fund_code": "F01", "kind": "means_tested", … } ] },
 *   "cases": [
 *     { "name": "died before the period", "data": { "payments": [ … ], "deaths": [ … ] }, "expect": ["P1"] },
 *     { "name": "near miss: died on the period's first day", "data": { … }, "expect": [] } ] }
 * ```
 * Rows are written like a CSV export (money in yuan, `"1200.00"`); `data` at the top level is
 * shared by every case, a case's `data` adds to it. A field left out gets a neutral default
 * (empty when nullable). Every dataset counts as present, so nothing is skipped.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SunshineError } from '../errors.js';
import { createEngine, buildEnvironment } from '../engine/create-engine.js';
import type { SunshinePlugin } from '../engine/plugin.js';
import { readPacks, type ValidationProblem, type PackRule } from '../dsl/load-pack.js';
import type { Rule } from '../dsl/rule-schema.js';
import { problemOf } from '../dsl/problem-messages.js';
import { compileNormalizer } from '../schema/normalize.js';
import type { DatasetDef, DatasetRegistry, FieldDef } from '../schema/datasets.js';
import { formatMoney, idCheckDigit, parseMoney } from '../schema/values.js';

export interface FixtureCase {
  readonly name: string;
  readonly data?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly asOf?: string;
  /** Keys of the findings the rule must report, exactly. */
  readonly expect: readonly string[];
  /** Optional checks of the findings' messages: key → text the zh message must contain. */
  readonly messages?: Readonly<Record<string, string>>;
  /** Optional checks of the findings' `amount`: key → money in yuan (`"1200.00"`), or null for none. */
  readonly amounts?: Readonly<Record<string, string | null>>;
}

export interface FixtureFile {
  readonly rule: string;
  readonly asOf?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly data?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  readonly cases: readonly FixtureCase[];
}

export interface RuleTestCase {
  readonly rule: string;
  readonly name: string;
  readonly file: string;
  readonly passed: boolean;
  /** Why the case failed, in English; `code` and `params` give it in Chinese too (`problemText`). */
  readonly message?: string;
  readonly code?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly expected?: readonly string[];
  readonly actual?: readonly string[];
  readonly ms: number;
}

export interface RuleTestReport {
  readonly cases: readonly RuleTestCase[];
  /** Rules of the packs that have no fixtures. */
  readonly untested: readonly string[];
  /** Problems with the packs or fixture files themselves. */
  readonly problems: readonly ValidationProblem[];
}

const PLACEHOLDER_ID = (() => {
  const first17 = '11010119700101001';
  return first17 + idCheckDigit(first17);
})();

function placeholder(f: FieldDef, n: number): unknown {
  if (f.nullable) return null;
  switch (f.type) {
    case 'id_number':
      return PLACEHOLDER_ID;
    case 'date':
      return '2000-01-01';
    case 'period':
      return '2024-01';
    case 'money':
      return '0.00';
    case 'integer':
      return f.min ?? 0;
    case 'decimal':
      return 0;
    case 'enum':
      return f.values?.[0] ?? '';
    case 'string':
    case 'code':
      return `${f.name}-${n}`;
  }
}

/** Turns fixture rows (CSV-like values, fields optional) into canonical records. */
export function fixtureTables(
  data: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>,
  registry: DatasetRegistry,
  where: string,
): Map<string, Record<string, string | number | null>[]> {
  const out = new Map<string, Record<string, string | number | null>[]>();
  for (const d of registry.all()) out.set(d.name, []);
  for (const [dataset, rows] of Object.entries(data)) {
    const def: DatasetDef | undefined = registry.get(dataset);
    if (!def) throw new SunshineError('INVALID_INPUT', `${where}: unknown dataset \`${dataset}\``);
    const norm = compileNormalizer(def);
    const names = new Set(def.fields.map((f) => f.name));
    rows.forEach((row, i) => {
      for (const k of Object.keys(row)) {
        if (!names.has(k)) throw new SunshineError('INVALID_INPUT', `${where}/data/${dataset}/${i}: \`${dataset}\` has no field \`${k}\``);
      }
      const r = norm(def.fields.map((f) => (f.name in row ? row[f.name] : placeholder(f, i + 1))));
      if (!r.ok) {
        throw new SunshineError('INVALID_INPUT', `${where}/data/${dataset}/${i}: ${r.problems.map((p) => `\`${p.field}\` ${p.message}`).join('; ')}`);
      }
      out.get(dataset)!.push(r.record);
    });
  }
  return out;
}

async function findFixtureFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(root, e.name);
    if (e.isDirectory()) out.push(...(await findFixtureFiles(p)));
    else if (e.name.endsWith('.fixtures.json')) out.push(p);
  }
  return out.sort();
}

/**
 * Runs the fixtures of every rule in the packs. Fixture files are looked for in each pack
 * folder and beside each rule file.
 */
export async function runRuleTests(paths: readonly string[], options: { plugins?: readonly SunshinePlugin[]; cwd?: string; only?: readonly string[] } = {}): Promise<RuleTestReport> {
  const env = buildEnvironment(options.plugins);
  const cwd = options.cwd ?? process.cwd();
  const pack = await readPacks(paths, env.plan, cwd);
  const problems: ValidationProblem[] = [...pack.problems];
  const byId = new Map<string, PackRule>(pack.rules.map((r) => [r.rule.id, r]));
  const roots = new Set<string>();
  // Folders given as packs: a fixture in them for a rule they lack is a problem. Folders searched
  // only because a rule file is in them: fixtures of other rules there are not this run's.
  const packDirs: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (p.endsWith('.json')) roots.add(path.dirname(abs));
    else {
      roots.add(abs);
      packDirs.push(abs + path.sep);
    }
  }
  for (const r of pack.rules) roots.add(path.dirname(r.file));
  const files = new Set<string>();
  for (const root of roots) for (const f of await findFixtureFiles(root)) files.add(f);

  const cases: RuleTestCase[] = [];
  const tested = new Set<string>();
  for (const file of [...files].sort()) {
    let fx: FixtureFile;
    try {
      fx = JSON.parse(await readFile(file, 'utf8')) as FixtureFile;
    } catch (e) {
      problems.push({ file, pointer: '', ...problemOf('fixtureInvalidJson', { reason: (e as Error).message }) });
      continue;
    }
    if (typeof fx.rule !== 'string' || !Array.isArray(fx.cases)) {
      problems.push({ file, pointer: '', ...problemOf('fixtureShape', {}) });
      continue;
    }
    const pr = byId.get(fx.rule);
    if (!pr) {
      if (!options.only && packDirs.some((d) => file.startsWith(d))) problems.push({ file, pointer: '/rule', ...problemOf('fixtureUnknownRule', { rule: fx.rule }) });
      continue;
    }
    if (options.only && !options.only.includes(fx.rule)) continue;
    // A fixture file with no cases tests nothing: its rule stays untested.
    if (fx.cases.length > 0) tested.add(fx.rule);
    const list: readonly FixtureCase[] = fx.cases;
    list.forEach((c, i) => {
      cases.push(runCase(pr.rule, fx, c, i, file, env.registry, options.plugins));
    });
  }
  const untested = pack.rules.map((r) => r.rule.id).filter((id) => !tested.has(id) && (!options.only || options.only.includes(id)));
  return { cases, untested, problems };
}

function runCase(rule: Rule, fx: FixtureFile, c: FixtureCase, i: number, file: string, registry: DatasetRegistry, plugins?: readonly SunshinePlugin[]): RuleTestCase {
  const t0 = performance.now();
  const name = typeof c.name === 'string' ? c.name : `case ${i}`;
  const done = (passed: boolean, extra: Partial<RuleTestCase> = {}): RuleTestCase => ({
    rule: rule.id,
    name,
    file,
    passed,
    ms: Math.round((performance.now() - t0) * 10) / 10,
    ...extra,
  });
  try {
    const merged: Record<string, Readonly<Record<string, unknown>>[]> = {};
    for (const src of [fx.data ?? {}, c.data ?? {}]) for (const [k, v] of Object.entries(src)) merged[k] = [...(merged[k] ?? []), ...v];
    const tables = fixtureTables(merged, registry, `${file}#/cases/${i}`);
    const params = { ...fx.params, ...c.params };
    const engine = createEngine({
      rules: [rule],
      asOf: c.asOf ?? fx.asOf ?? '2024-12-31',
      ...(Object.keys(params).length ? { params: { [rule.id]: params } } : {}),
      ...(plugins ? { plugins } : {}),
    });
    const result = engine.runSync(tables);
    const findings = result.findings;
    const actual = findings.map((f) => f.key);
    const failure = result.rulesFailed[0];
    if (failure) return done(false, { expected: [...c.expect].sort(), actual, ...problemOf('caseRuleStopped', { reason: failure.message, code: failure.code, ...failure.params }) });
    const expected = [...c.expect].sort();
    const ok = actual.length === expected.length && actual.every((k, j) => k === expected[j]);
    if (!ok) return done(false, { expected, actual, ...problemOf('caseKeysDiffer', { expected, actual }) });
    for (const [key, text] of Object.entries(c.messages ?? {})) {
      const f = findings.find((x) => x.key === key);
      if (!f?.message.zh.includes(text)) return done(false, { expected, actual, ...problemOf('caseMessageLacks', { key, text, actual: f?.message.zh ?? null }) });
    }
    for (const [key, yuan] of Object.entries(c.amounts ?? {})) {
      const f = findings.find((x) => x.key === key);
      const want = yuan === null ? null : parseMoney(yuan);
      if (want !== null && !want.ok) return done(false, { expected, actual, ...problemOf('caseAmountNotMoney', { key, value: String(yuan) }) });
      const fen = want === null ? null : want.value;
      if (!f || f.amount !== fen) return done(false, { expected, actual, ...problemOf('caseAmountDiffers', { key, found: f !== undefined, actual: f === undefined || f.amount === null ? null : formatMoney(f.amount), expected: yuan }) });
    }
    return done(true, { expected, actual });
  } catch (e) {
    return done(false, problemOf('caseError', { reason: (e as Error).message }));
  }
}
