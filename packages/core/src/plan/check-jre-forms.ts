/**
 * Condition forms whose json-rules-engine 7.3 meaning is not what a reader expects, or not
 * what our engine can give exactly: validation refuses them and says why.
 *
 * - `in` / `notIn` with a value that is not a list: json-rules-engine runs `value.indexOf(fact)`,
 *   so a text value is a substring search (`"ab" in "cab"` holds) and a number throws.
 * - `path` other than `$.name.name…`: JSONPath filters, wildcards and indexes are not supported.
 * - `path` on a fact that is not a record: json-rules-engine gives the fact itself back for a
 *   scalar, and does not map a path over a list.
 * - A fact written like a hyphenated name (`a-b`): json-rules-engine looks up the fact named
 *   `a-b`; ours reads an expression, `a - b`. Context names never contain `-` or `.`.
 */
import type { LeafCondition } from '../dsl/rule-schema.js';
import { simplePathSteps } from '../dsl/fact-path.js';
import { problemOf, type ProblemText } from '../dsl/problem-messages.js';

export interface FormProblem extends ProblemText {
  readonly pointer: string;
  readonly suggestion?: string;
}

/** Static kinds the planner infers (a subset of ValueType), `unknown` when it cannot tell. */
type Kind = string;

/** `in` / `notIn` take a list; `valueKind` is the inferred kind of a reference value (`unknown` for a literal). */
export function membershipValueProblem(leaf: LeafCondition, pointer: string, valueKind: Kind): FormProblem | undefined {
  if (leaf.operator !== 'in' && leaf.operator !== 'notIn') return undefined;
  const v = leaf.value;
  if (v === undefined || Array.isArray(v)) return undefined;
  if (v === null || typeof v !== 'object') {
    return { pointer: `${pointer}/value`, ...problemOf('membershipNeedsListLiteral', { operator: leaf.operator, value: v }), ...(typeof v === 'string' || typeof v === 'number' ? { suggestion: JSON.stringify([v]) } : {}) };
  }
  if (valueKind !== 'unknown' && valueKind !== 'list') {
    const what = 'param' in v ? `parameter \`${v.param}\`` : 'fact' in v ? `\`${v.fact}\`` : `\`${v.expr}\``;
    const at = 'param' in v ? `${pointer}/value/param` : 'fact' in v ? `${pointer}/value/fact` : `${pointer}/value/expr`;
    return { pointer: at, ...problemOf('membershipNeedsListRef', { operator: leaf.operator, what, kind: valueKind }) };
  }
  return undefined;
}

/** A `path` must be `$.name…` and follow a record. */
export function pathProblem(fact: string, path: string | undefined, pointer: string, factKind: Kind): FormProblem | undefined {
  if (path === undefined) return undefined;
  const steps = simplePathSteps(path);
  if (!steps) {
    return { pointer: `${pointer}/path`, ...problemOf('pathUnsupported', { path, fact }) };
  }
  if (factKind === 'list') {
    return { pointer: `${pointer}/path`, ...problemOf('pathOnList', { fact, steps: steps.join('.') }) };
  }
  if (factKind !== 'unknown' && factKind !== 'record') {
    return { pointer: `${pointer}/path`, ...problemOf('pathOnScalar', { fact, kind: factKind }) };
  }
  return undefined;
}

/** Text outside string literals of an expression. */
function outsideStrings(src: string): string {
  return src.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
}

/** A fact (or `value.fact`) that reads like a hyphenated name. */
export function hyphenNameProblem(fact: string, pointer: string): FormProblem | undefined {
  const m = /[A-Za-z_][A-Za-z0-9_]*-[A-Za-z_][A-Za-z0-9_-]*/.exec(outsideStrings(fact));
  if (!m) return undefined;
  return {
    pointer,
    ...problemOf('hyphenName', { name: m[0] }),
    suggestion: m[0].replaceAll('-', '_'),
  };
}
