/**
 * What a rule is about, for catalogues and rule lists: its names, the datasets it reads, its
 * parameters, the department its alerts go to and who verifies them. The standard library's
 * catalogue (`CATALOGUE.md`, `sunshine catalog`) and the reference server's rule list both
 * build on {@link describeRule}, so the two cannot tell a rule's department differently.
 */
import type { Rule } from '../dsl/rule-schema.js';
import { CATEGORY_NAMES, type Category, type LocalizedText, type Severity } from '../findings/finding.js';
import type { PlanEnvironment } from '../plan/plan-context.js';
import { planRule } from '../plan/plan-rule.js';
import type { RulePlan } from '../plan/rule-plan.js';
import { buildEnvironment } from './create-engine.js';

/** Who verifies a rule's alerts (核实责任层级). */
export type ResponsibleLevel = 'department' | 'town' | 'village';

/** The datasets of a village's own collective books (三资): their alerts are verified by the town by default. */
export const COLLECTIVE_DATASETS: readonly string[] = ['collective_ledger', 'collective_contracts', 'collective_assets'];

/** The department a rule's alerts are pushed to. */
export interface RuleDepartment {
  /** The rule's `department` expression (`fund.department_code`, `$params.department`), or null. */
  readonly expression: string | null;
  readonly zh: string;
  readonly en: string;
  /** For a department given by a parameter: its name and default. */
  readonly param?: string;
  readonly default?: unknown;
}

/** One parameter, with its default as written in the rule (money in yuan). */
export interface RuleParamDescription {
  readonly name: string;
  readonly type: string;
  readonly default: unknown;
  /** `yuan` for money parameters. */
  readonly unit?: 'yuan';
  readonly description?: LocalizedText;
}

/** A rule described: see {@link describeRule}. */
export interface RuleDescription {
  readonly id: string;
  readonly version: string;
  readonly category: Category;
  readonly categoryName: LocalizedText;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly severity: Severity;
  /** The dataset whose records (or groups of records) are the subjects. */
  readonly subject: string;
  /** The datasets the rule reads (a run without one of them skips it); just the subject's when the rule does not plan. */
  readonly datasets: readonly string[];
  /** The key's parts, joined with `|` (`{{subject.x}}` shown as `x`). */
  readonly key: string;
  readonly params: readonly RuleParamDescription[];
  readonly department: RuleDepartment;
  /** Who verifies its alerts: the rule's `responsible`, else the town for a village's own books (三资), else the department. */
  readonly responsible: ResponsibleLevel;
}

/** A rule's responsible level: its `responsible` property, else `town` over a village's own books (三资), else `department`. */
export function responsibleOf(rule: Pick<Rule, 'responsible' | 'subject'>): ResponsibleLevel {
  return rule.responsible ?? (COLLECTIVE_DATASETS.includes(rule.subject.dataset) ? 'town' : 'department');
}

/** The department a rule's alerts go to, in words. */
export function departmentOf(rule: Pick<Rule, 'department' | 'params'>): RuleDepartment {
  const expr = rule.department;
  if (expr === undefined) return { expression: null, zh: '—', en: '—' };
  const param = /^\$params\.([A-Za-z_]\w*)$/.exec(expr)?.[1];
  const def = param === undefined ? undefined : rule.params?.[param];
  if (param !== undefined && def) {
    return { expression: expr, zh: `参数 \`${param}\`，默认 \`${String(def.default)}\``, en: `parameter \`${param}\`, default \`${String(def.default)}\``, param, default: def.default };
  }
  if (/^funds?(\[0\])?\.department_code$/.test(expr)) return { expression: expr, zh: '资金主管部门', en: "the fund's department" };
  return { expression: expr, zh: `\`${expr}\``, en: `\`${expr}\`` };
}

function keyOf(template: string): string {
  return template.replace(/\{\{\s*(?:subject|group)\.([A-Za-z_]\w*)\s*\}\}/g, (_, f: string) => (f === 'window_start' ? 'first date' : f));
}

/**
 * Describes a rule: names, category, severity, subject, the datasets it reads, key, parameters,
 * department and responsible level. The datasets come from `plan` when given (the engine's
 * plan of the rule), else from planning the rule against `env` (default: the built-in data
 * model); a rule that does not plan lists its subject's dataset only.
 *
 * @example
 * ```ts
 * const d = describeRule(rule);
 * console.log(d.department.zh, d.datasets.join(', '), d.responsible);
 * ```
 */
export function describeRule(rule: Rule, options: { readonly plan?: RulePlan; readonly env?: PlanEnvironment } = {}): RuleDescription {
  const plan = options.plan ?? planRule(rule, options.env ?? buildEnvironment().plan).plan;
  return {
    id: rule.id,
    version: rule.version,
    category: rule.category,
    categoryName: CATEGORY_NAMES[rule.category],
    title: rule.title,
    description: rule.description,
    severity: rule.severity,
    subject: rule.subject.dataset,
    datasets: plan?.datasets ?? [rule.subject.dataset],
    key: keyOf(rule.key),
    params: Object.entries(rule.params ?? {}).map(([name, p]): RuleParamDescription => ({
      name,
      type: p.type,
      default: p.default,
      ...(p.type === 'money' ? { unit: 'yuan' as const } : {}),
      ...(p.description ? { description: p.description } : {}),
    })),
    department: departmentOf(rule),
    responsible: responsibleOf(rule),
  };
}
