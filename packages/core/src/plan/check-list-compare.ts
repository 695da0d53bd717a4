/**
 * A list compared with one value. A lookup without `"one": true` is the list of every match,
 * so `fund.kind` is a list of kinds: `fund.kind equal "means_tested"` compares the list with
 * one value and silently matches wrongly (json-rules-engine's `===` never holds for a list).
 * Only operators written for lists (`contains`, `doesNotContain`, `empty`, `notEmpty`) take one.
 */

export interface ListCompareProblem {
  readonly pointer: string;
  readonly message: string;
  readonly suggestion?: string;
}

/** What the planner knows of the list: the lookup it comes from (and its pointer), if any. */
export interface ListSource {
  readonly name: string;
  /** `lookup` (a dataset lookup without `one`), `household`, `rows`, or another list. */
  readonly kind: 'lookup' | 'household' | 'rows' | 'other';
  readonly pointer?: string;
}

const LIST_OPERATORS = new Set(['contains', 'doesNotContain', 'empty', 'notEmpty']);

/**
 * The problem with comparing a list fact by `operator`, if there is one.
 *
 * @example
 * ```ts
 * listCompareProblem('equal', 'fund.kind', '/conditions/all/0', { name: 'fund', kind: 'lookup', pointer: '/lookups/fund' });
 * // { pointer: '/conditions/all/0/fact', message: '`fund` is a list lookup (no `"one": true` at /lookups/fund) … add `"one": true` …' }
 * ```
 */
export function listCompareProblem(operator: string, fact: string, pointer: string, source: ListSource): ListCompareProblem | undefined {
  if (LIST_OPERATORS.has(operator)) return undefined;
  const at = `${pointer}/fact`;
  const ops = 'a list operator (`contains`, `doesNotContain`, `empty`, `notEmpty`) or an aggregate (`count` with a `where`)';
  switch (source.kind) {
    case 'lookup':
      return {
        pointer: at,
        message: `\`${source.name}\` is a list lookup (no \`"one": true\`${source.pointer ? ` at ${source.pointer}` : ''}), so \`${fact}\` is a list of every match, and \`${operator}\` compares it with one value; add \`"one": true\` to the lookup to compare its first match, or use ${ops}`,
      };
    case 'household':
      return { pointer: at, message: `\`${source.name}\` is a household (a list of persons), so \`${fact}\` is a list, and \`${operator}\` compares it with one value; use ${ops}` };
    case 'rows':
      return { pointer: at, message: `\`rows\` is the list of a group's rows, so \`${fact}\` is a list, and \`${operator}\` compares it with one value; use ${ops}, or a group key` };
    case 'other':
      return { pointer: at, message: `\`${fact}\` is a list, and \`${operator}\` compares it with one value; use ${ops}` };
  }
}
