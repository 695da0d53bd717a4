/** Rule parameters: defaults, then overrides, each checked against its definition. */
import type { Rule, RuleParam } from '../dsl/rule-schema.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { parseDate, parseMoney } from '../schema/values.js';
import { esc, type Problem } from './plan-context.js';

/**
 * Resolves a rule's parameters: defaults, then overrides. Money is converted from yuan to fen.
 */
export function resolveParams(rule: Rule, overrides: Readonly<Record<string, unknown>> | undefined, problems: Problem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defs = rule.params ?? {};
  const conv = (name: string, p: RuleParam, v: unknown, pointer: string): unknown => {
    const bad = (what: string): undefined => {
      problems.push({ pointer, message: `parameter \`${name}\` must be ${what}, got ${JSON.stringify(v)}` });
      return undefined;
    };
    switch (p.type) {
      case 'money': {
        const r = parseMoney(v);
        if (!r.ok) return bad('an amount in yuan (e.g. "1000.00")');
        return r.value;
      }
      case 'integer':
        if (typeof v !== 'number' || !Number.isInteger(v)) { bad('a whole number'); return; }
        break;
      case 'number':
        if (typeof v !== 'number') { bad('a number'); return; }
        break;
      case 'boolean':
        if (typeof v !== 'boolean') { bad('true or false'); return; }
        break;
      case 'string':
        if (typeof v !== 'string') { bad('text'); return; }
        break;
      case 'date': {
        const r = parseDate(v);
        if (!r.ok) return bad('a date YYYY-MM-DD');
        return r.value;
      }
      case 'string[]':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) { bad('a list of texts'); return; }
        break;
      case 'integer[]':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) { bad('a list of whole numbers'); return; }
        break;
    }
    if (typeof v === 'number' && ((p.minimum !== undefined && v < p.minimum) || (p.maximum !== undefined && v > p.maximum))) {
      bad(`between ${p.minimum ?? '-∞'} and ${p.maximum ?? '∞'}`); return;
    }
    if (p.values) {
      const allowed = p.values;
      const items: unknown[] = Array.isArray(v) ? (v as unknown[]) : [v];
      const outside = items.find((x) => !allowed.includes(x as string | number));
      if (outside !== undefined) {
        const s = typeof outside === 'string' ? didYouMean(outside, allowed.map(String)) : undefined;
        problems.push({ pointer, message: `parameter \`${name}\`: ${JSON.stringify(outside)} is not one of its allowed values (${allowed.join(', ')})`, ...(s ? { suggestion: s } : {}) });
        return;
      }
    }
    return v;
  };
  for (const [name, p] of Object.entries(defs)) out[name] = conv(name, p, p.default, `/params/${esc(name)}/default`);
  for (const [name, v] of Object.entries(overrides ?? {})) {
    const p = defs[name];
    if (!p) {
      const s = didYouMean(name, Object.keys(defs));
      problems.push({
        pointer: `/params/${esc(name)}`,
        message: `rule \`${rule.id}\` has no parameter \`${name}\`${Object.keys(defs).length ? ` (it has: ${Object.keys(defs).join(', ')})` : ''}`,
        ...(s ? { suggestion: s } : {}),
      });
      continue;
    }
    out[name] = conv(name, p, v, `/params/${esc(name)}`);
  }
  return out;
}
