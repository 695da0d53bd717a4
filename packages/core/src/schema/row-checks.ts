/**
 * Checks between the fields of one row, run after each field has parsed: a row breaking one
 * is rejected, naming the field, as a row with a bad value is. The checks are a typed table
 * (a new {@link RowCheckName} without its entry does not compile); fields opt in through
 * `FieldDef.agreesWith` in the dataset registry.
 */
import type { DatasetDef, FieldDef, RowCheckName } from './datasets.js';
import type { FieldProblem } from './normalize.js';
import { genderOfId } from './values.js';

type Value = string | number | null;

/** What each check says of a value and the other field's value, or `undefined` when they agree. */
export const ROW_CHECKS: Readonly<Record<RowCheckName, (value: Value, other: Value, field: string, otherField: string) => string | undefined>> = {
  gender_of_id(value, other, field, otherField) {
    if (typeof value !== 'string' || typeof other !== 'string' || other.length !== 18) return undefined;
    const expected = genderOfId(other);
    return value === expected
      ? undefined
      : `\`${field}\` is \`${value}\` but \`${otherField}\` ${other} is a${expected === 'M' ? ' man' : ' woman'}'s (its 17th digit ${other[16]!} is ${expected === 'M' ? 'odd' : 'even'}: \`${expected}\`); correct the gender or the ID number`;
  },
};

/**
 * The row checks of a dataset as one function over a row's parsed values (in `def.fields`
 * order), returning the problems; `undefined` when the dataset has no checks.
 */
export function compileRowChecks(def: DatasetDef): ((values: readonly Value[]) => FieldProblem[] | undefined) | undefined {
  const checks: { i: number; j: number; field: FieldDef; other: string; run: (typeof ROW_CHECKS)[RowCheckName] }[] = [];
  def.fields.forEach((field, i) => {
    const a = field.agreesWith;
    if (a === undefined) return;
    const j = def.fields.findIndex((f) => f.name === a.field);
    // A part of a dataset (one field, as the memoising row normaliser compiles) checks nothing
    // across fields; the registry's test checks that every `agreesWith` names a field.
    if (j === -1) return;
    checks.push({ i, j, field, other: a.field, run: ROW_CHECKS[a.check] });
  });
  if (checks.length === 0) return undefined;
  return (values) => {
    let problems: FieldProblem[] | undefined;
    for (const c of checks) {
      const message = c.run(values[c.i] ?? null, values[c.j] ?? null, c.field.name, c.other);
      if (message !== undefined) (problems ??= []).push({ field: c.field.name, value: values[c.i], message });
    }
    return problems;
  };
}
