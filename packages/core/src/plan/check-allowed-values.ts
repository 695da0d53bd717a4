/**
 * Values compared with a field that has allowed values (an `enum` field of the data model:
 * `funds.kind`, `persons.relation`, …) must be among them: `"means-tested"` for `fund.kind`
 * is a rule that silently finds nothing. Literals are checked where they are written;
 * parameters where their value comes from (the default, or the override a run gives).
 */
import type { LeafCondition } from '../dsl/rule-schema.js';
import { didYouMean } from '../dsl/did-you-mean.js';

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

export interface AllowedValuesProblem {
  readonly pointer: string;
  readonly message: string;
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
  const allowed = ref.values.join(', ');
  const where = `\`${ref.dataset}.${ref.field}\``;
  const check = (v: unknown, at: string, what: string): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'string' && ref.values.includes(v)) return;
    const s = typeof v === 'string' ? suggest(v, ref.values) : undefined;
    out.push({ pointer: at, message: `${what}${JSON.stringify(v)} is not an allowed value of ${where} (allowed: ${allowed}), so the condition at ${pointer} can never match it`, ...(s ? { suggestion: s } : {}) });
  };
  const v = leaf.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (!('param' in v)) return [];
    const p = param(v.param);
    if (!p) return [];
    const what = `parameter \`${v.param}\`${p.overridden ? ' (as given for this run)' : ''}: `;
    if (Array.isArray(p.value)) p.value.forEach((x, i) => check(x, p.overridden ? p.pointer : `${p.pointer}/${i}`, what));
    else check(p.value, p.pointer, what);
    return out;
  }
  if (Array.isArray(v)) v.forEach((x, i) => check(x, `${pointer}/value/${i}`, ''));
  else if (shape === 'one' || typeof v === 'string') check(v, `${pointer}/value`, '');
  return out;
}
