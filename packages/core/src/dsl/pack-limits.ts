/**
 * Size and nesting limits of rule pack files, checked before anything recursive looks at a
 * rule: a pack is read by people, and a condition nested 10,000 deep or a 100 MB file is a
 * mistake (or an attack on a server that validates uploaded rules), answered with a clear
 * problem instead of a stack overflow.
 */

import { problemOf, type ProblemText } from './problem-messages.js';

export const PACK_LIMITS = {
  /** Bytes of one pack file. */
  fileBytes: 5 * 1024 * 1024,
  /** `all` / `any` / `not` levels inside one condition. */
  conditionDepth: 64,
  /** Nesting of JSON objects and arrays anywhere in a rule. */
  jsonDepth: 200,
  /** Condition nodes (`all`, `any`, `not` and leaves) in one rule. */
  conditionNodes: 5000,
} as const;

export interface LimitProblem extends ProblemText {
  readonly pointer: string;
}

const COMBINATORS = new Set(['all', 'any', 'not']);
const esc = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

interface Frame {
  readonly value: unknown;
  readonly key: string;
  readonly parent: Frame | undefined;
  readonly depth: number;
  readonly condDepth: number;
}

function pointerOf(f: Frame | undefined, base: string): string {
  const parts: string[] = [];
  for (let x = f; x?.parent; x = x.parent) parts.push(esc(x.key));
  return base + parts.reverse().map((p) => `/${p}`).join('');
}

/**
 * The first limit one rule (or any JSON value) breaks, walking it without recursion.
 *
 * @example
 * ```ts
 * let deep: unknown = { fact: 'subject.amount', operator: 'empty' };
 * for (let i = 0; i < 10000; i++) deep = { not: deep };
 * ruleLimitProblem({ conditions: deep }, '')?.message; // 'conditions are nested more than 64 levels deep …'
 * ```
 */
export function ruleLimitProblem(rule: unknown, base: string): LimitProblem | undefined {
  const stack: Frame[] = [{ value: rule, key: '', parent: undefined, depth: 0, condDepth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.value;
    if (v === null || typeof v !== 'object') continue;
    if (f.depth > PACK_LIMITS.jsonDepth) {
      return { pointer: pointerOf(f, base), ...problemOf('jsonTooDeep', { limit: PACK_LIMITS.jsonDepth }) };
    }
    if (f.condDepth > PACK_LIMITS.conditionDepth) {
      return { pointer: pointerOf(f, base), ...problemOf('conditionsTooDeep', { limit: PACK_LIMITS.conditionDepth }) };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: f, depth: f.depth + 1, condDepth: f.condDepth });
      continue;
    }
    const o = v as Record<string, unknown>;
    if ('fact' in o && 'operator' in o) nodes++;
    for (const k of Object.keys(o).reverse()) {
      const comb = COMBINATORS.has(k);
      if (comb) nodes++;
      stack.push({ value: o[k], key: k, parent: f, depth: f.depth + 1, condDepth: f.condDepth + (comb ? 1 : 0) });
    }
    if (nodes > PACK_LIMITS.conditionNodes) {
      return { pointer: base, ...problemOf('tooManyConditionNodes', { limit: PACK_LIMITS.conditionNodes }) };
    }
  }
  return undefined;
}

/** The problem with a pack file's size, if it is too large. */
export function fileSizeProblem(bytes: number): LimitProblem | undefined {
  if (bytes <= PACK_LIMITS.fileBytes) return undefined;
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return { pointer: '', ...problemOf('fileTooBig', { size: mb(bytes), limit: mb(PACK_LIMITS.fileBytes) }) };
}
