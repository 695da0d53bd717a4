import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment, CATEGORY_NAMES, createEngine, loadPacks, planRule, rulePackJsonSchema, type Rule } from '@sunshine/core';
import { runRuleTests } from '@sunshine/core/testing';
import {
  catalogue,
  catalogueEntries,
  coreModelIds,
  docsDir,
  loadStdlib,
  packageDir,
  PRESET_NAMES,
  presetPath,
  presets,
  StdlibError,
  stdlibDir,
  THREE_ASSET_DATASETS,
} from '../src/index.js';
import { generatedFiles } from '../src/generated-files.js';
import { blockEnd, blockStart, DEFAULT_DEPARTMENT_NAMES, spliceZhBlocks, ZH_BLOCKS, ZH_HEADINGS, zhDocName } from '../src/doc-pages-zh.js';
import { CORE_MODELS } from './core-models.js';

const pack = await loadPacks([stdlibDir]);
const rules = pack.rules;
const byId = new Map(rules.map((r) => [r.rule.id, r]));
const planEnv = buildEnvironment().plan;
const REGENERATE = 'run `pnpm --filter @sunshine/rules-stdlib catalogue` and commit the result';

describe('the rule files', () => {
  it('all validate (schema and semantics)', () => {
    expect(pack.problems).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(28);
  });

  it.each(rules.map((r) => [r.rule.id, r] as const))('%s: id = file name, in the folder of its category, $schema pointing at the committed schema', (id, r) => {
    expect(path.basename(r.file)).toBe(`${id}.json`);
    expect(path.relative(stdlibDir, path.dirname(r.file))).toBe(r.rule.category);
    expect(r.pointer).toBe('');
    expect(r.rule.$schema).toBeDefined();
    expect(path.resolve(path.dirname(r.file), r.rule.$schema!)).toBe(path.join(packageDir, 'schema', 'rule-pack.schema.json'));
  });
});

describe('the fixed core (core-models.md)', () => {
  it('coreModelIds lists exactly the 28 models of the spec', () => {
    expect([...coreModelIds].sort()).toEqual(Object.keys(CORE_MODELS).sort());
    expect(coreModelIds).toHaveLength(28);
  });

  it.each(Object.entries(CORE_MODELS))('%s: present with the spec’s category, severity, key, parameters and department', (id, spec) => {
    const r = byId.get(id)?.rule;
    expect(r, `core model \`${id}\` is missing`).toBeDefined();
    const rule = r!;
    expect(rule.category).toBe(spec.category);
    expect(rule.severity).toBe(spec.severity);
    const key = rule.key.replace(/\{\{\s*(?:subject|group)\.([A-Za-z_]\w*)\s*\}\}/g, (_, f: string) => (f === 'window_start' ? 'first date' : f));
    expect(key).toBe(spec.key);
    const params = Object.fromEntries(Object.entries(rule.params ?? {}).filter(([n]) => n !== 'department').map(([n, p]) => [n, p.default]));
    expect(params).toEqual(spec.params);
    if (spec.department === 'fund') {
      expect(rule.department).toMatch(/^funds?(\[0\])?\.department_code$/);
    } else {
      expect(rule.department).toBe('$params.department');
      expect(rule.params?.['department']).toMatchObject({ type: 'string', default: 'NY' });
    }
  });
});

// ---------------------------------------------------------------- doc pages

const docNames = readdirSync(docsDir).filter((f) => f.endsWith('.md') && !f.endsWith('.zh-CN.md')).map((f) => f.slice(0, -3)).sort();
const zhDocNames = readdirSync(docsDir).filter((f) => f.endsWith('.zh-CN.md')).map((f) => f.slice(0, -'.zh-CN.md'.length)).sort();

/** A default as the doc's parameter table writes it. */
function docDefault(v: unknown): string {
  return Array.isArray(v) ? JSON.stringify(v).replaceAll('","', '", "') : String(v);
}

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const next = text.indexOf('\n## ', start + heading.length + 2);
  return text.slice(start, next < 0 ? undefined : next);
}

describe('the doc pages (docs/<id>.md, one template)', () => {
  it('every rule has a doc page, and every doc page a rule', () => {
    const ids = rules.map((r) => r.rule.id).sort();
    expect(ids.filter((id) => !docNames.includes(id)), 'rules without docs/<id>.md').toEqual([]);
    expect(docNames.filter((d) => !byId.has(d)), 'doc pages without a rule').toEqual([]);
  });

  it.each(rules.filter((r) => docNames.includes(r.rule.id)).map((r) => [r.rule.id, r.rule] as const))('%s: the page agrees with the rule', (id, rule: Rule) => {
    const text = readFileSync(path.join(docsDir, `${id}.md`), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe(`# \`${id}\` — ${rule.title.zh}`);
    expect(lines).toContain(`*${rule.title.en}*`);
    expect(lines, 'the English page links the Chinese one').toContain(`中文：[${id}.zh-CN.md](${id}.zh-CN.md)`);
    expect(lines).toContain(`| category | \`${rule.category}\` (${CATEGORY_NAMES[rule.category].zh}) |`);
    expect(lines).toContain(`| severity | \`${rule.severity}\` |`);
    const row = (name: string): string => {
      const l = lines.find((x) => x.startsWith(`| ${name} | `));
      expect(l, `the table lacks the row \`${name}\``).toBeDefined();
      return l!;
    };
    const { plan } = planRule(rule, planEnv);
    for (const d of plan!.datasets) expect(row('datasets')).toContain(`\`${d}\``);
    const dept = rule.department ?? '';
    const param = /^\$params\.(\w+)$/.exec(dept)?.[1];
    if (param) {
      expect(row('department')).toContain(`\`${param}\``);
      expect(row('department')).toContain(`\`${String(rule.params?.[param]?.default)}\``);
    } else expect(row('department').length).toBeGreaterThan('| department | '.length + 2);
    row('a finding for');
    const keyRow = row('key');
    for (const part of rule.key.matchAll(/\{\{\s*(?:subject|group)\.([A-Za-z_]\w*)\s*\}\}/g)) {
      expect(keyRow).toContain(part[1] === 'window_start' ? 'first' : part[1]);
    }
    for (const h of ['## Condition', '## Parameters', '## Message', '## Near misses (fixtures)', '## Why']) expect(lines, `the page lacks \`${h}\``).toContain(h);
    const paramsSection = section(text, '## Parameters');
    for (const [name, p] of Object.entries(rule.params ?? {})) {
      expect(paramsSection, `parameter \`${name}\``).toContain(`\`${name}\``);
      expect(paramsSection, `default of \`${name}\``).toContain(`\`${docDefault(p.default)}\``);
    }
  });
});

describe('the Chinese doc pages (docs/<id>.zh-CN.md)', () => {
  it('every rule has a Chinese page, and every Chinese page a rule', () => {
    const ids = rules.map((r) => r.rule.id).sort();
    expect(ids.filter((id) => !zhDocNames.includes(id)), 'rules without docs/<id>.zh-CN.md').toEqual([]);
    expect(zhDocNames.filter((d) => !byId.has(d)), 'Chinese pages without a rule').toEqual([]);
  });

  it.each(rules.filter((r) => zhDocNames.includes(r.rule.id)).map((r) => [r.rule.id, r.rule] as const))('%s: title, the English page beside it, the headings in order, the generated sections', (id, rule: Rule) => {
    const text = readFileSync(path.join(docsDir, zhDocName(id)), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe(`# \`${id}\` — ${rule.title.zh}`);
    expect(text).toContain(`English: [${id}.md](${id}.md)`);
    const at = ZH_HEADINGS.map((h) => lines.indexOf(h));
    expect(at.filter((i) => i < 0).length, `headings ${ZH_HEADINGS.join(', ')}`).toBe(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const b of ZH_BLOCKS) expect(lines.filter((l) => l === blockStart(b)), `the section \`${b}\``).toHaveLength(1);
    // The hand-written condition names every parameter the conditions use.
    const condition = section(text, '## 条件');
    const used = JSON.stringify([rule.subject, rule.lookups, rule.aggregates, rule.facts, rule.conditions]);
    for (const name of Object.keys(rule.params ?? {})) {
      if (used.includes(`"${name}"`) || used.includes(`$params.${name}`)) expect(condition, `the condition does not mention \`${name}\``).toContain(`\`${name}\``);
    }
    expect(section(text, '## 相近情形（测试样例）').trim().length, 'no near misses').toBeGreaterThan('## 相近情形（测试样例）'.length + 10);
  });

  it('name the department every `department` parameter defaults to', () => {
    const codes = new Set(rules.flatMap((r) => (r.rule.params?.['department'] === undefined ? [] : [String(r.rule.params['department'].default)])));
    expect([...codes].filter((c) => DEFAULT_DEPARTMENT_NAMES[c] === undefined)).toEqual([]);
  });

  it('the generated sections are rewritten from the rule, and the prose around them kept', () => {
    const id = zhDocNames[0]!;
    const page = readFileSync(path.join(docsDir, zhDocName(id)), 'utf8');
    const start = blockStart('params');
    const stale = page.replace(new RegExp(`${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[^]*?${blockEnd('params').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `${start}\nstale table\n${blockEnd('params')}`);
    expect(stale).toContain('stale table');
    const fresh = generated.files.find((f) => f.path === `docs/${zhDocName(id)}`);
    expect(fresh?.content).toBe(page);
    const blocks = Object.fromEntries(ZH_BLOCKS.map((b) => [b, `<${b}>`])) as Record<(typeof ZH_BLOCKS)[number], string>;
    const spliced = spliceZhBlocks(stale, blocks);
    expect(spliced).not.toContain('stale table');
    expect(spliced).toContain(`${start}\n<params>\n${blockEnd('params')}`);
    expect(spliced.slice(0, spliced.indexOf(blockStart('info')))).toBe(page.slice(0, page.indexOf(blockStart('info'))));
    expect(() => spliceZhBlocks(page.replace(blockEnd('data'), ''), blocks)).toThrow(/generated section `data`/);
  });
});

// ---------------------------------------------------------------- fixtures

const report = await runRuleTests([stdlibDir]);

describe('the fixtures', () => {
  it('are well-formed and cover every rule', () => {
    expect(report.problems).toEqual([]);
    expect(report.untested).toEqual([]);
  });

  it.each(rules.map((r) => [r.rule.id, r.file] as const))('%s: <id>.fixtures.json beside the rule, with a match, a near miss and a message check', (id, file) => {
    const fxFile = path.join(path.dirname(file), `${id}.fixtures.json`);
    expect(existsSync(fxFile), `${fxFile} is missing`).toBe(true);
    const fx = JSON.parse(readFileSync(fxFile, 'utf8')) as { rule: string; cases: { expect: string[]; messages?: Record<string, string> }[] };
    expect(fx.rule).toBe(id);
    expect(fx.cases.some((c) => c.expect.length > 0), 'no case that matches').toBe(true);
    expect(fx.cases.some((c) => c.expect.length === 0), 'no near miss').toBe(true);
    expect(fx.cases.some((c) => Object.keys(c.messages ?? {}).length > 0), 'no message check').toBe(true);
  });

  const byRule = new Map<string, typeof report.cases>();
  for (const c of report.cases) byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]);
  describe.each([...byRule.entries()])('%s', (_rule, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(c.passed, c.message).toBe(true);
    });
  });
});

// ---------------------------------------------------------------- generated files

const generated = await generatedFiles().then(
  (files) => ({ files, error: undefined }),
  (e: unknown) => ({ files: [], error: e as Error }),
);

describe('generated files', () => {
  it('can be generated', () => {
    expect(generated.error?.message).toBeUndefined();
  });

  it.each(generated.files.map((f) => [f.path, f] as const))('%s is up to date', (p, f) => {
    const onDisk = existsSync(path.join(packageDir, p)) ? readFileSync(path.join(packageDir, p), 'utf8') : undefined;
    expect(onDisk === f.content, `${p} differs from what the rule files give: ${REGENERATE}`).toBe(true);
  });

  it('schema/rule-pack.schema.json is the rule pack schema of @sunshine/core', () => {
    expect(JSON.parse(readFileSync(path.join(packageDir, 'schema', 'rule-pack.schema.json'), 'utf8'))).toEqual(rulePackJsonSchema);
  });

  it('CATALOGUE.md is catalogue("md")', async () => {
    expect(readFileSync(path.join(packageDir, 'CATALOGUE.md'), 'utf8') === (await catalogue('md')), REGENERATE).toBe(true);
  });
});

// ---------------------------------------------------------------- package API

describe('catalogue', () => {
  it('lists every rule with category names, zh and en names, severity, department, datasets and parameters (money in yuan)', async () => {
    const json = JSON.parse(await catalogue('json')) as { count: number; rules: Awaited<ReturnType<typeof catalogueEntries>> };
    expect(json.count).toBe(rules.length);
    const cash = json.rules.find((e) => e.id === 'large-cash-expense')!;
    expect(cash).toMatchObject({
      category: 'finance',
      categoryName: { zh: '集体财务类', en: 'Collective finance' },
      title: { zh: '大额现金支出', en: 'Large cash expense' },
      severity: 'medium',
      core: true,
      department: { expression: '$params.department', param: 'department', default: 'NY' },
      subject: 'collective_ledger',
      datasets: ['collective_ledger'],
      key: 'voucher_id',
      presets: ['all', 'three-assets'],
      file: 'rules/finance/large-cash-expense.json',
      doc: 'docs/large-cash-expense.md',
    });
    expect(cash.params[0]).toMatchObject({ name: 'cashLimit', type: 'money', default: '1000.00', unit: 'yuan' });
    for (const e of json.rules) {
      expect(e.title.zh.length * e.title.en.length * e.categoryName.zh.length).toBeGreaterThan(0);
      expect(e.datasets).toContain(e.subject);
    }
    await expect(catalogue('yaml' as never)).rejects.toMatchObject({ reason: 'INVALID_OPTIONS', code: 'INVALID_INPUT' });
  });

  it('a Markdown row shows the money default in yuan', async () => {
    expect(await catalogue('md')).toContain('`cashLimit` = 1000.00 元');
  });
});

describe('presets', () => {
  it('select by subject dataset: payments, and the three assets', () => {
    const subjectOf = (id: string): string => byId.get(id)!.rule.subject.dataset;
    expect([...presets.all].sort(), REGENERATE).toEqual(rules.map((r) => r.rule.id).sort());
    expect(presets.payments.length).toBeGreaterThan(0);
    expect(presets.payments.every((id) => subjectOf(id) === 'payments')).toBe(true);
    expect(rules.filter((r) => r.rule.subject.dataset === 'payments')).toHaveLength(presets.payments.length);
    expect(presets['three-assets'].every((id) => THREE_ASSET_DATASETS.includes(subjectOf(id)))).toBe(true);
    expect(presets['three-assets']).toEqual(expect.arrayContaining(['split-expense', 'contract-arrears', 'leased-asset-without-contract', 'cadre-related-contract', 'cadre-related-expense']));
    expect(presets.payments).not.toContain('split-expense');
  });

  it.each(PRESET_NAMES.map((n) => [n]))('presets/%s.json is a pack loadPacks takes, holding the preset’s rules', async (name) => {
    const p = await loadPacks([presetPath(name)]);
    expect(p.problems).toEqual([]);
    expect(p.rules.map((r) => r.rule.id)).toEqual(presets[name]);
  });

  it('loadStdlib selects a preset or ids, and rejects unknown ones', async () => {
    expect((await loadStdlib({ preset: 'three-assets' })).map((r) => r.id).sort()).toEqual([...presets['three-assets']].sort());
    expect((await loadStdlib({ only: ['deceased-payee', 'split-expense'] })).map((r) => r.id)).toEqual(['deceased-payee', 'split-expense']);
    await expect(loadStdlib({ preset: 'nope' as never })).rejects.toBeInstanceOf(StdlibError);
    await expect(loadStdlib({ preset: 'nope' as never })).rejects.toMatchObject({ reason: 'UNKNOWN_PRESET', code: 'UNKNOWN_RULE' });
    await expect(loadStdlib({ only: ['no-such-rule'] })).rejects.toMatchObject({ code: 'UNKNOWN_RULE', subject: 'no-such-rule' });
    expect(() => presetPath('nope' as never)).toThrow(/unknown preset `nope`/);
  });

  it('the whole library plans in one engine', async () => {
    const all = await loadStdlib();
    const engine = createEngine({ rules: all, asOf: '2024-12-31' });
    expect(engine.plans).toHaveLength(all.length);
  });
});

describe('stdlibDir', () => {
  it('is the absolute rules folder beside src/ and dist/', () => {
    expect(path.isAbsolute(stdlibDir)).toBe(true);
    expect(stdlibDir).toBe(path.resolve(import.meta.dirname, '..', 'rules'));
    expect(existsSync(path.join(packageDir, 'package.json'))).toBe(true);
  });
});

// ---------------------------------------------------------------- money involved

/** The rules whose findings involve no money of their own: statistical signals, and payments that were never made. */
const NO_AMOUNT = new Set([
  'benford-deviation', 'cadre-kin-overrepresented', 'just-below-threshold', 'pension-after-death', 'recipient-spike',
  'round-amount-excess', 'skipped-period', 'unpaid-disability-care-subsidy', 'unpaid-high-age-allowance', 'voucher-sequence-gap',
]);

describe('money involved', () => {
  it.each(rules.map((r) => [r.rule.id, r.rule] as const))('%s says what money its findings are about, or is listed as involving none', (id, rule) => {
    if (NO_AMOUNT.has(id)) expect(rule.amount, `${id} is listed as involving no money`).toBeUndefined();
    else expect(typeof rule.amount, `${id} has no \`amount\``).toBe('string');
  });
});
