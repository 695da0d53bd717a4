/** Static reading of a condition tree: which leaves every match needs, which names it reads. */
import type { Condition, LeafCondition } from '../dsl/rule-schema.js';
import { parseExpression, rootNames } from '../dsl/expression.js';
import { factSource } from './compile-condition.js';

/** The leaves every match needs (those of the top-level `all` chain). */
export const requiredLeaves = (c: Condition | undefined): LeafCondition[] =>
  c === undefined ? [] : 'all' in c ? c.all.flatMap(requiredLeaves) : 'any' in c || 'not' in c ? [] : [c];

/** Context names a condition reads; `undefined` when it reads something dynamic. */
export const condRoots = (c: Condition): Set<string> | undefined => {
  const out = new Set<string>();
  const walk = (x: Condition): boolean => {
    if ('all' in x) return x.all.every(walk);
    if ('any' in x) return x.any.every(walk);
    if ('not' in x) return walk(x.not);
    for (const n of rootNames(parseExpression(factSource(x.fact, x.path)))) out.add(n);
    const v = x.value;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if ('fact' in v) for (const n of rootNames(parseExpression(factSource(v.fact, v.path)))) out.add(n);
      else if ('expr' in v) return false;
    }
    return true;
  };
  return walk(c) ? out : undefined;
};
