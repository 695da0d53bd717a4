/**
 * Screening against a full run, record by record: for every stdlib rule's fixtures and every
 * record of the rule's subject dataset, `prepare(data without the record).screen(record)` must
 * give exactly the findings (every field) that a full run over the data with the record (loaded
 * last, as a new record comes) reports for that record — the subject's finding, or the finding
 * of the group (or date window) the record is in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRule, createEngine, DataRuntime, loadPacks, type Finding, type RulePlan } from '@sunshine/core';
import { fixtureTables, type FixtureFile } from '@sunshine/core/testing';

const stdlib = path.resolve(import.meta.dirname, '../../rules-stdlib/rules');
const pack = await loadPacks([stdlib]);

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? fixtureFiles(path.join(dir, e.name)) : e.name.endsWith('.fixtures.json') ? [path.join(dir, e.name)] : [],
  );
}

type Tables = Map<string, Record<string, string | number | null>[]>;
const byKey = (a: Finding, b: Finding): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Whether a rule's lookups (or row lookups) read its own subject dataset. */
const readsOwnDataset = (plan: RulePlan): boolean =>
  [...plan.lookups, ...plan.subject.rowLookups].some((l) => l.dataset === plan.subject.dataset);

/**
 * Grouped rules that look their own subject dataset up: screening a new record against data
 * without it cannot see it in those lookups (the prepared indexes hold the loaded records), so
 * it is not exact for them yet; their row subjects' siblings are checked as already loaded.
 */
const KNOWN_GAPS = ['hospitality-over-share', 'hospitality-spike', 'just-below-threshold'];

interface Outcome {
  screened: number;
  withFindings: number;
}

/** Screens every subject record of one fixture case against the full run's findings for it. */
function checkCase(ruleId: string, asOf: string, tables: Tables): Outcome {
  const rule = pack.rules.find((r) => r.rule.id === ruleId)!.rule;
  const engine = createEngine({ rules: [rule], asOf });
  const plan = engine.plans[0]!;
  const dataset = plan.subject.dataset;
  const records = tables.get(dataset) ?? [];
  let withFindings = 0;
  records.forEach((record, i) => {
    const others = records.filter((_, j) => j !== i);
    const without: Tables = new Map(tables);
    without.set(dataset, others);
    const withLast: Tables = new Map(tables);
    withLast.set(dataset, [...others, record]);
    // The full run's findings for the record: its subject's, or its group's (window's).
    const compiled = compileRule(plan, new DataRuntime(withLast), asOf, engine.environment, { keep: (rows) => rows.includes(record) });
    let expected: Finding[];
    if (compiled.scan) {
      compiled.scan.begin();
      compiled.scan.visit(record);
      expected = compiled.scan.end().findings;
    } else expected = compiled.run().findings;
    const full = engine.runSync(withLast);
    expect(full.rulesFailed).toEqual([]);
    for (const f of expected) expect(full.findings.map((x) => x.key), `${ruleId}: ${f.key} is not a finding of the full run`).toContain(f.key);
    expected.sort(byKey);
    const where = `${ruleId}, record ${i + 1} of \`${dataset}\``;
    // A rule that looks its own subject dataset up reads the loaded records only: the new record
    // is not among them (see KNOWN_GAPS). A row subject can also be screened as already loaded.
    if (!readsOwnDataset(plan)) expect(engine.prepare(without).screen(dataset, record).sort(byKey), where).toEqual(expected);
    if (!plan.subject.grouped) expect(engine.prepare(withLast).screen(dataset, record).sort(byKey), `${where}, already loaded`).toEqual(expected);
    if (expected.length > 0) withFindings++;
  });
  return { screened: records.length, withFindings };
}

describe('screening equals the full run, record by record, over every stdlib fixture', () => {
  const files = fixtureFiles(stdlib);
  it.each(files.map((f) => [path.basename(f, '.fixtures.json'), f] as const))('%s', (_id, file) => {
    const fx = JSON.parse(readFileSync(file, 'utf8')) as FixtureFile;
    let total: Outcome = { screened: 0, withFindings: 0 };
    const env = createEngine({ rules: [], asOf: '2024-12-31' }).environment;
    fx.cases.forEach((c, i) => {
      const merged: Record<string, Record<string, unknown>[]> = {};
      for (const src of [fx.data ?? {}, c.data ?? {}]) for (const [k, v] of Object.entries(src)) merged[k] = [...(merged[k] ?? []), ...v];
      const tables = fixtureTables(merged, env.registry, `${file}#/cases/${i}`);
      const o = checkCase(fx.rule, fx.asOf ?? '2024-12-31', tables);
      total = { screened: total.screened + o.screened, withFindings: total.withFindings + o.withFindings };
    });
    const plan = createEngine({ rules: [pack.rules.find((r) => r.rule.id === fx.rule)!.rule], asOf: '2024-12-31' }).plans[0]!;
    expect(plan.subject.grouped && readsOwnDataset(plan), 'a grouped rule reading its own dataset is a known gap').toBe(KNOWN_GAPS.includes(fx.rule));
    // The fixtures have matches: some screened record has a finding.
    if (fx.cases.some((c) => c.expect.length > 0)) expect(total.withFindings).toBeGreaterThan(0);
  });
});
