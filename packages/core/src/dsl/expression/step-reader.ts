/**
 * Field readers for the engine's own record access (index keys, group keys): a property of an
 * object, mapped over arrays and flattened. Not expression semantics: expressions go through
 * compileExpression.
 */
function flattenInto(out: unknown[], v: unknown): void {
  if (v === undefined) return;
  if (Array.isArray(v)) for (const x of v) flattenInto(out, x);
  else out.push(v);
}

/** Reads one step: a property of an object, mapped over arrays. */
function step(v: unknown, name: string): unknown {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      if (x !== null && typeof x === 'object') flattenInto(out, (x as Record<string, unknown>)[name]);
    }
    return out.length === 0 ? undefined : out;
  }
  if (typeof v === 'object') return (v as Record<string, unknown>)[name];
  return undefined;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const stepCache = new Map<string, (v: unknown) => unknown>();

/**
 * A step reader specialised for one property name. Each is its own function (its own inline
 * caches), so reading `subject` or `id_number` in the hot loop is a monomorphic property load
 * instead of a megamorphic keyed one. Names are identifiers (checked), never arbitrary code.
 */
export function stepReader(name: string): (v: unknown) => unknown {
  let f = stepCache.get(name);
  if (f) return f;
  if (IDENT.test(name)) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function('step', `return function read_${name.replace(/\$/g, '_')}(v) { if (v === null || v === undefined) return undefined; if (Array.isArray(v)) return step(v, ${JSON.stringify(name)}); return typeof v === 'object' ? v.${name} : undefined; }`) as (s: typeof step) => (v: unknown) => unknown;
    f = make(step);
  } else {
    f = (v) => step(v, name);
  }
  stepCache.set(name, f);
  return f;
}

