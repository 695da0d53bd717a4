/**
 * The rules a run uses: the standard library preset, configured packs and the custom rules the
 * discipline commission writes (validated, versioned), with their parameter overrides and the
 * catalogue the API lists.
 */
import { describeRule, formatProblem, formatProblemIn, loadPacks, validateRules, type ParamOverrides, type ProblemLang, type Rule } from '@sunshine/core';
import { catalogueEntries, loadStdlib, type CatalogueEntry } from '@sunshine/rules-stdlib';
import type { Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import { configuredLevel } from './responsibility.js';
import type { ServiceContext } from './service-context.js';
import type { RuleInfo } from './service-types.js';

const CLIP = 400;

/** A message cut to a readable length (an error must not echo a megabyte of its input). */
function clip(s: string): string {
  return s.length <= CLIP ? s : `${s.slice(0, CLIP)}… (${s.length - CLIP} more characters)`;
}

/** The rules of a run, custom rules and the catalogue. */
export class RuleBook {
  readonly ctx: ServiceContext;
  #stdlib: Promise<readonly Rule[]> | undefined;
  #packRules: Promise<readonly Rule[]> | undefined;
  #catalogue: Promise<CatalogueEntry[]> | undefined;

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  stdlibRules(): Promise<readonly Rule[]> {
    this.#stdlib ??= loadStdlib(this.ctx.opts.preset ? { preset: this.ctx.opts.preset } : {});
    return this.#stdlib;
  }

  packRules(): Promise<readonly Rule[]> {
    this.#packRules ??= (async () => {
      const paths = this.ctx.opts.packs ?? [];
      if (paths.length === 0) return [];
      const pack = await loadPacks(paths);
      if (pack.problems.length) throw new ServerError('CONFIG', `the rule packs do not validate:\n${pack.problems.map(formatProblem).join('\n')}`);
      return pack.rules.map((r) => r.rule);
    })();
    return this.#packRules;
  }

  /**
   * Parameter overrides: the options' own, plus department codes for `department` parameters.
   * The cadre rules (category `cadre`) that name their department by parameter go to the
   * organisation department (`cadreDepartment`, default `ZZB`, 组织部) when the county has one
   * (`knownDepartments`).
   */
  paramsFor(rules: readonly Rule[], knownDepartments: readonly string[] = []): ParamOverrides {
    const out: Record<string, Record<string, unknown>> = {};
    const codes = this.ctx.opts.departmentCodes ?? {};
    const cadre = this.ctx.opts.cadreDepartment ?? 'ZZB';
    const ids = new Set(rules.map((r) => r.id));
    for (const r of rules) {
      const def = r.params?.['department']?.default;
      if (typeof def === 'string' && codes[def] !== undefined) out[r.id] = { department: codes[def] };
      if (typeof def === 'string' && r.category === 'cadre' && knownDepartments.includes(cadre)) out[r.id] = { department: cadre };
    }
    for (const [id, o] of Object.entries(this.ctx.opts.params ?? {})) if (ids.has(id)) out[id] = { ...out[id], ...o };
    return out;
  }

  /**
   * Validates a rule the way `loadPacks` does (schema, then semantics), in memory (core's
   * `validateRules`); each problem is said in `lang` from core's problem catalogue.
   */
  validateRule(rule: unknown, lang: ProblemLang = 'en'): Promise<{ rule: Rule; problems: string[] }> {
    // A list is not one rule (a pack file may hold a list; a custom rule may not).
    if (Array.isArray(rule)) return Promise.resolve({ rule: undefined as unknown as Rule, problems: [lang === 'zh' ? '/：只能给出一个比对模型' : '/: give exactly one rule'] });
    const checked = validateRules(rule);
    // A problem quotes what it is about: a huge expression is quoted by its start only.
    const problems = checked.problems.map((x) => clip(formatProblemIn({ ...x, file: '', pointer: x.pointer || '/' }, lang, { pointerPrefix: '' })));
    return Promise.resolve({ rule: checked.rules[0] as Rule, problems });
  }

  /**
   * Saves a new version of a custom rule after validating it. Only the discipline commission
   * writes rules; a rule id of the standard library is refused.
   */
  async saveCustomRule(p: Principal, rule: unknown, note?: string, lang: ProblemLang = 'en'): Promise<RuleInfo> {
    this.ctx.requireDiscipline(p, 'writes custom rules');
    const { rule: valid, problems } = await this.validateRule(rule, lang);
    if (problems.length) {
      // Said in the request's language, as its problems are.
      const message =
        lang === 'zh'
          ? `比对模型未通过校验：${problems[0]!}${problems.length > 1 ? `（另有 ${problems.length - 1} 处错误）` : ''}`
          : `the rule does not validate: ${problems[0]!}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`;
      throw new ServerError('INVALID_RULE', message, { problems });
    }
    const taken = [...(await this.stdlibRules()), ...(await this.packRules())].some((r) => r.id === valid.id);
    if (taken) throw new ServerError('CONFLICT', `rule id \`${valid.id}\` belongs to the standard library or a configured pack; choose another id`);
    const row = await this.ctx.store.insertCustomRuleVersion(
      { rule_id: valid.id, rule: JSON.stringify(valid), enabled: 1, note: note ?? null, created_by: p.id },
      { actor: p.id, role: p.role, action: 'rule.save', target: '', detail: { rule_version: valid.version } },
    );
    return this.#customInfo(valid, row.version_no, true, row.created_by, row.created_at);
  }

  /** Disables (or enables again) a custom rule: a new version with the same rule. */
  async setCustomRuleEnabled(p: Principal, ruleId: string, enabled: boolean): Promise<RuleInfo> {
    this.ctx.requireDiscipline(p, 'changes custom rules');
    const latest = (await this.ctx.store.customRuleVersions(ruleId))[0];
    if (!latest) throw new ServerError('NOT_FOUND', `no custom rule \`${ruleId}\``);
    const row = await this.ctx.store.insertCustomRuleVersion(
      { rule_id: ruleId, rule: latest.rule, enabled: enabled ? 1 : 0, note: enabled ? 'enabled' : 'disabled', created_by: p.id },
      { actor: p.id, role: p.role, action: enabled ? 'rule.enable' : 'rule.disable', target: '' },
    );
    return this.#customInfo(JSON.parse(row.rule) as Rule, row.version_no, enabled, row.created_by, row.created_at);
  }

  async customRuleVersions(p: Principal, ruleId: string): Promise<RuleInfo[]> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see rule versions');
    const rows = await this.ctx.store.customRuleVersions(ruleId);
    if (rows.length === 0) throw new ServerError('NOT_FOUND', `no custom rule \`${ruleId}\``);
    return rows.map((r) => ({ ...this.#customInfo(JSON.parse(r.rule) as Rule, r.version_no, r.enabled === 1, r.created_by, r.created_at), rule: JSON.parse(r.rule) as unknown }));
  }

  #customInfo(rule: Rule, versionNo: number, enabled: boolean, by: string | null, at: string | null, source: 'custom' | 'pack' = 'custom'): RuleInfo {
    // The same description as the standard library's catalogue entries (core's describeRule).
    const d = describeRule(rule);
    return {
      id: d.id,
      source,
      version: d.version,
      version_no: source === 'custom' ? versionNo : null,
      enabled,
      category: d.category,
      severity: d.severity,
      title: d.title,
      description: d.description,
      department: { zh: d.department.zh, en: d.department.en },
      responsible: configuredLevel(d, d.responsible, this.ctx.opts.responsible),
      datasets: d.datasets,
      key: d.key,
      params: d.params.map((x) => ({ name: x.name, type: x.type, default: x.default })),
      created_by: by,
      created_at: at,
    };
  }

  /** The rule catalogue: the standard library, configured packs and custom rules. */
  async catalogue(): Promise<RuleInfo[]> {
    this.#catalogue ??= catalogueEntries();
    const preset = new Set((await this.stdlibRules()).map((r) => r.id));
    const std: RuleInfo[] = (await this.#catalogue).map((e) => ({
      id: e.id,
      source: 'stdlib',
      version: e.version,
      version_no: null,
      enabled: preset.has(e.id),
      category: e.category,
      severity: e.severity,
      title: e.title,
      description: e.description,
      department: { zh: e.department.zh, en: e.department.en },
      responsible: configuredLevel(e, e.responsible, this.ctx.opts.responsible),
      datasets: e.datasets,
      key: e.key,
      params: e.params.map((x) => ({ name: x.name, type: x.type, default: x.default })),
      created_by: null,
      created_at: null,
    }));
    const packs = (await this.packRules()).map((r) => this.#customInfo(r, 0, true, null, null, 'pack'));
    const custom = (await this.ctx.store.latestCustomRules()).map((r) => this.#customInfo(JSON.parse(r.rule) as Rule, r.version_no, r.enabled === 1, r.created_by, r.created_at));
    return [...std, ...packs, ...custom];
  }

  async ruleOf(ruleId: string, ruleVersion: string): Promise<Rule> {
    const custom = /#v(\d+)$/.exec(ruleVersion);
    if (custom) {
      const row = await this.ctx.store.customRuleVersion(ruleId, Number(custom[1]));
      if (row) return JSON.parse(row.rule) as Rule;
    }
    const rule = [...(await this.stdlibRules()), ...(await this.packRules())].find((r) => r.id === ruleId);
    if (!rule) throw new ServerError('NOT_FOUND', `rule \`${ruleId}\` is no longer available`);
    return rule;
  }

}
