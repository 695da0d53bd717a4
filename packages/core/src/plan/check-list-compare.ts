/**
 * A list compared with one value. A lookup without `"one": true` is the list of every match,
 * so `fund.kind` is a list of kinds: `fund.kind equal "means_tested"` compares the list with
 * one value and silently matches wrongly (json-rules-engine's `===` never holds for a list).
 * Only operators written for lists (`contains`, `doesNotContain`, `empty`, `notEmpty`) take one.
 */

import { problemOf, type ProblemText } from '../dsl/problem-messages.js';

export interface ListCompareProblem extends ProblemText {
  readonly pointer: string;
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
  switch (source.kind) {
    case 'lookup':
      return { pointer: at, ...problemOf('listLookupCompare', { name: source.name, at: source.pointer ?? '', fact, operator }) };
    case 'household':
      return { pointer: at, ...problemOf('householdCompare', { name: source.name, fact, operator }) };
    case 'rows':
      return { pointer: at, ...problemOf('rowsCompare', { fact, operator }) };
    case 'other':
      return { pointer: at, ...problemOf('listCompare', { fact, operator }) };
  }
}
