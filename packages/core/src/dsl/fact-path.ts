/**
 * json-rules-engine's `path` on a fact, for the simple form we accept (`$.name.name…`): how
 * its almanac reads it, so that our conditions give the same value.
 */

/** The property names of a simple json-rules-engine path (`$.a.b` → `a`, `b`); undefined for any other JSONPath. */
export function simplePathSteps(path: string): string[] | undefined {
  if (path === '$' || path === '') return [];
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(path)) return undefined;
  return path.slice(2).split('.');
}

/**
 * A fact value seen through a json-rules-engine `path`, as its almanac does: a fact that is
 * not an object (a scalar, null, missing) is returned as it is; an object is followed property
 * by property (own properties only; no mapping over lists), and a missing step gives undefined.
 */
export function followPath(value: unknown, steps: readonly string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  let cur: unknown = value;
  for (const k of steps) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
