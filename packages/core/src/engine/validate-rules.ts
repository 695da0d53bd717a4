import { checkedPackItems, type ValidationProblem } from '../dsl/load-pack.js';
import type { Rule } from '../dsl/rule-schema.js';
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
  const valid = checkedPackItems(rules, file, problems);
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
