/**
 * A rule may give its texts (`title`, `description`, `message`, a parameter's `description`)
 * in one language only. The engine works with both: the missing language shows the given text
 * as written — a rule written in Chinese alone shows its Chinese title and message in English
 * output too, so that a reader sees at once that no translation was given (nothing is
 * machine-translated or left blank).
 */
import type { CompleteText, Rule, WrittenRule } from './rule-schema.js';

type PartialText = { readonly zh?: string | undefined; readonly en?: string | undefined };

/** `t` in both languages: a missing one is the other one as written. */
export function completeText(t: PartialText): CompleteText {
  const zh = t.zh ?? t.en ?? '';
  const en = t.en ?? t.zh ?? '';
  return { zh, en };
}

/** Whether `t` gives both languages itself (not by fallback). */
export function isBilingual(t: PartialText | undefined): boolean {
  return t !== undefined && t.zh !== undefined && t.en !== undefined;
}

/**
 * The rule with every text in both languages ({@link completeText}); a rule already complete
 * comes back as it is (the same object), so that findings of bilingual rules are unchanged.
 *
 * @example
 * ```ts
 * completeRule({ ...rule, title: { zh: '向已死亡人员发放补贴' } }).title
 * // → { zh: '向已死亡人员发放补贴', en: '向已死亡人员发放补贴' }
 * ```
 */
export function completeRule(rule: WrittenRule | Rule): Rule {
  const params = rule.params ?? {};
  const paramsComplete = Object.values(params).every((p) => p.description === undefined || isBilingual(p.description));
  if (isBilingual(rule.title) && isBilingual(rule.description) && isBilingual(rule.message) && paramsComplete) return rule as Rule;
  const out: Rule = {
    ...(rule as Rule),
    title: completeText(rule.title),
    description: completeText(rule.description),
    message: completeText(rule.message),
  };
  if (rule.params !== undefined && !paramsComplete) {
    out.params = Object.fromEntries(
      Object.entries(rule.params).map(([name, p]) => {
        const { description, ...rest } = p;
        return [name, description === undefined ? rest : { ...rest, description: completeText(description) }];
      }),
    );
  }
  return out;
}
