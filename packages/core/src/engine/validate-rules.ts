import { completeRule } from '../dsl/complete-rule.js';
import { schemaProblems, type ValidationProblem } from '../dsl/load-pack.js';
import { ruleLimitProblem } from '../dsl/pack-limits.js';
import type { Rule, WrittenRule } from '../dsl/rule-schema.js';
import { problemOf } from '../dsl/problem-messages.js';
import { planRule } from '../plan/plan-rule.js';
import { buildEnvironment } from './create-engine.js';
import type { SunshinePlugin } from './plugin.js';

/**
 * Validates rules held in memory exactly as {@link loadPacks} validates a pack file — size
 * limits, the schema, unique ids, then the semantics against the data model and the plug-ins
 * given — without writing them anywhere. `rules` is what a pack file holds: one rule (pointers
 * start at `""`) or a list of rules (pointers start at `/0`, `/1`…). Problems name `file`
 * (default `""`). Never throws for bad rules: look at `problems`.
 *
 * @example
 * ```ts
 * const { rules, problems } = validateRules(JSON.parse(body));
 * if (problems.length) console.error(problems.map(formatProblem).join('\n'));
 * ```
 */
export function validateRules(rules: unknown, options: { readonly plugins?: readonly SunshinePlugin[]; readonly file?: string } = {}): { rules: Rule[]; problems: ValidationProblem[] } {
  const file = options.file ?? '';
  const problems: ValidationProblem[] = [];
  const valid: { rule: Rule; pointer: string }[] = [];
  const list = Array.isArray(rules) ? (rules as unknown[]) : [rules];
  list.forEach((item, i) => {
    const base = Array.isArray(rules) ? `/${i}` : '';
    const id = (item as { id?: unknown } | null)?.id;
    const limit = ruleLimitProblem(item, base);
    if (limit) {
      problems.push({ file, ...limit, ...(typeof id === 'string' ? { rule: id } : {}) });
      return;
    }
    const sp = schemaProblems(item, file, base);
    if (sp.length) {
      problems.push(...sp.map((x) => (typeof id === 'string' ? { ...x, rule: id } : x)));
      return;
    }
    valid.push({ rule: completeRule(item as WrittenRule), pointer: base });
  });
  const seen = new Map<string, string>();
  for (const r of valid) {
    const prev = seen.get(r.rule.id);
    if (prev !== undefined) problems.push({ file, pointer: `${r.pointer}/id`, ...problemOf('duplicateRuleId', { id: r.rule.id, otherFile: file, otherPointer: prev }), rule: r.rule.id });
    else seen.set(r.rule.id, r.pointer);
  }
  const env = buildEnvironment(options.plugins).plan;
  for (const r of valid) {
    for (const x of planRule(r.rule, env).problems) problems.push({ ...x, file, pointer: `${r.pointer}${x.pointer}`, rule: r.rule.id });
  }
  return { rules: valid.map((r) => r.rule), problems };
}
