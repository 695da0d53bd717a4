/**
 * Who verifies an alert (its responsible level): the county department of its funds (the
 * default), the town — the town's 农经 staff verify the alerts about a village's own collective
 * books (三资: its ledger, contracts and assets) — or the village. Decided per finding: by the
 * rule's `responsible` property where it names one, else by its subject dataset (三资 → town),
 * with the county's overrides by rule id or category (`--responsible RULE=town`, `--responsible category:finance=department`). The department of
 * the funds still sees a town-level alert (and may act on it); the town decides it.
 */
import { COLLECTIVE_DATASETS, responsibleOf, type Finding, type ResponsibleLevel, type Rule } from '@sunshine/core';
import { ServerError } from '../server-error.js';

export const RESPONSIBLE_LEVELS = ['department', 'town', 'village'] as const satisfies readonly ResponsibleLevel[];
export type { ResponsibleLevel };

/** The datasets of a village's own collective books (三资): core's. */
export { COLLECTIVE_DATASETS };

export function isResponsibleLevel(v: string): v is ResponsibleLevel {
  return (RESPONSIBLE_LEVELS as readonly string[]).includes(v);
}

/**
 * Parses `--responsible` values: `RULE=LEVEL` or `category:CATEGORY=LEVEL`.
 *
 * @example
 * ```ts
 * parseResponsible(['large-cash-expense=department', 'category:contract=town']);
 * // { 'large-cash-expense': 'department', 'category:contract': 'town' }
 * ```
 */
export function parseResponsible(values: readonly string[]): Record<string, ResponsibleLevel> {
  const out: Record<string, ResponsibleLevel> = {};
  for (const v of values) {
    const m = /^((?:category:)?[\w-]+)=(\w+)$/.exec(v);
    if (!m || !isResponsibleLevel(m[2]!)) throw new ServerError('CONFIG', `\`--responsible\` takes RULE=LEVEL or category:CATEGORY=LEVEL with LEVEL one of ${RESPONSIBLE_LEVELS.join(', ')}, got \`${v}\``);
    out[m[1]!] = m[2];
  }
  return out;
}

/**
 * The level a rule is configured to: the county's override by rule id or category, else the
 * rule's own (`responsible`, or 三资 → town, else department). A finding without the town or
 * village that level needs goes to the department (see {@link responsibleLevels}).
 */
export function configuredLevel(rule: { readonly id: string; readonly category: string }, own: ResponsibleLevel, overrides: Readonly<Record<string, string>> = {}): ResponsibleLevel {
  const o = overrides[rule.id] ?? overrides[`category:${rule.category}`];
  return o !== undefined && isResponsibleLevel(o) ? o : own;
}

/**
 * A function from a finding to its responsible level. A town or village level needs the
 * finding's town or village; without it the department verifies.
 */
export function responsibleLevels(rules: readonly Rule[], overrides: Readonly<Record<string, string>> = {}): (f: Pick<Finding, 'rule' | 'category' | 'town_code' | 'village_code'>) => ResponsibleLevel {
  const byRule = new Map<string, ResponsibleLevel>();
  for (const r of rules) byRule.set(r.id, responsibleOf(r));
  return (f) => {
    const level = configuredLevel({ id: f.rule, category: f.category }, byRule.get(f.rule) ?? 'department', overrides);
    if (level === 'town' && !f.town_code) return 'department';
    if (level === 'village' && !f.village_code) return 'department';
    return level;
  };
}
