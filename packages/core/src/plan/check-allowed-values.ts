/**
 * Values compared with a field that has allowed values (an `enum` field of the data model:
 * `funds.kind`, `persons.relation`, …) must be among them: `"means-tested"` for `fund.kind`
 * is a rule that silently finds nothing. Literals are checked where they are written;
 * parameters where their value comes from (the default, or the override a run gives).
 */
import type { LeafCondition } from '../dsl/rule-schema.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { problemOf, type ProblemText } from '../dsl/problem-messages.js';

/** A fact that reads one field of a dataset (`fund.kind`). */
export interface FieldRef {
  readonly dataset: string;
  readonly field: string;
  readonly values: readonly string[];
}

/** Where a parameter's value came from, for the pointer of a problem with it. */
export interface ParamSource {
  readonly value: unknown;
  /** `/params/x/default`, or `/params/x` for a value given by the run. */
  readonly pointer: string;
  readonly overridden: boolean;
}

export interface AllowedValuesProblem extends ProblemText {
  readonly pointer: string;
  readonly suggestion?: string;
}

/** Operators whose value is compared with the fact's field value by equality (element-wise for lists). */
const EQUALITY_OPERATORS: Readonly<Record<string, 'one' | 'list'>> = {
  equal: 'one',
  notEqual: 'one',
  in: 'list',
  notIn: 'list',
  contains: 'one',
  doesNotContain: 'one',
};

function suggest(v: string, values: readonly string[]): string | undefined {
  const norm = v.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (values.includes(norm)) return norm;
  const prefixed = norm.length >= 3 ? values.filter((x) => x.startsWith(norm)) : [];
  return prefixed.length === 1 ? prefixed[0] : didYouMean(v, values);
}

/**
 * Problems with the values a leaf compares with an enum field.
 *
 * @example
 * ```ts
 * allowedValueProblems({ fact: 'fund.kind', operator: 'equal', value: 'means-tested' }, '/conditions', ref, () => undefined);
 * // [{ pointer: '/conditions/value', message: '"means-tested" is not an allowed value of `funds.kind` …', suggestion: 'means_tested' }]
 * ```
 */
export function allowedValueProblems(
  leaf: LeafCondition,
  pointer: string,
  ref: FieldRef,
  param: (name: string) => ParamSource | undefined,
): AllowedValuesProblem[] {
  const shape = EQUALITY_OPERATORS[leaf.operator];
  if (!shape) return [];
  const out: AllowedValuesProblem[] = [];
  const check = (v: unknown, at: string, param?: { name: string; overridden: boolean }): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'string' && ref.values.includes(v)) return;
    const s = typeof v === 'string' ? suggest(v, ref.values) : undefined;
    const text = problemOf('notAllowedValue', { ...(param ? { param: param.name, overridden: param.overridden } : {}), value: v, dataset: ref.dataset, field: ref.field, allowed: ref.values, at: pointer });
    out.push({ pointer: at, ...text, ...(s ? { suggestion: s } : {}) });
  };
  const v = leaf.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (!('param' in v)) return [];
    const p = param(v.param);
    if (!p) return [];
    const what = { name: v.param, overridden: p.overridden };
    if (Array.isArray(p.value)) p.value.forEach((x, i) => check(x, p.overridden ? p.pointer : `${p.pointer}/${i}`, what));
    else check(p.value, p.pointer, what);
    return out;
  }
  if (Array.isArray(v)) v.forEach((x, i) => check(x, `${pointer}/value/${i}`));
  else if (shape === 'one' || typeof v === 'string') check(v, `${pointer}/value`);
  return out;
}
