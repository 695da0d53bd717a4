/** Rule parameters: defaults, then overrides, each checked against its definition. */
import type { Rule, RuleParam } from '../dsl/rule-schema.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { parseDate, parseMoney } from '../schema/values.js';
import { esc, type Problem } from './plan-context.js';
import { problemOf } from '../dsl/problem-messages.js';

/**
 * Resolves a rule's parameters: defaults, then overrides. Money is converted from yuan to fen.
 */
export function resolveParams(rule: Rule, overrides: Readonly<Record<string, unknown>> | undefined, problems: Problem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defs = rule.params ?? {};
  const conv = (name: string, p: RuleParam, v: unknown, pointer: string): unknown => {
    const bad = (expected: string): undefined => {
      const range = expected === 'range' ? { ...(p.minimum === undefined ? {} : { minimum: p.minimum }), ...(p.maximum === undefined ? {} : { maximum: p.maximum }) } : {};
      problems.push({ pointer, ...problemOf('paramWrongValue', { name, expected, value: v, ...range }) });
      return undefined;
    };
    switch (p.type) {
      case 'money': {
        const r = parseMoney(v);
        if (!r.ok) return bad('money');
        return r.value;
      }
      case 'integer':
        if (typeof v !== 'number' || !Number.isInteger(v)) { bad('integer'); return; }
        break;
      case 'number':
        if (typeof v !== 'number') { bad('number'); return; }
        break;
      case 'boolean':
        if (typeof v !== 'boolean') { bad('boolean'); return; }
        break;
      case 'string':
        if (typeof v !== 'string') { bad('string'); return; }
        break;
      case 'date': {
        const r = parseDate(v);
        if (!r.ok) return bad('date');
        return r.value;
      }
      case 'string[]':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) { bad('string[]'); return; }
        break;
      case 'integer[]':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) { bad('integer[]'); return; }
        break;
    }
    if (typeof v === 'number' && ((p.minimum !== undefined && v < p.minimum) || (p.maximum !== undefined && v > p.maximum))) {
      bad('range'); return;
    }
    if (p.values) {
      const allowed = p.values;
      const items: unknown[] = Array.isArray(v) ? (v as unknown[]) : [v];
      const outside = items.find((x) => !allowed.includes(x as string | number));
      if (outside !== undefined) {
        const s = typeof outside === 'string' ? didYouMean(outside, allowed.map(String)) : undefined;
        problems.push({ pointer, ...problemOf('paramNotAllowed', { name, value: outside, allowed }), ...(s ? { suggestion: s } : {}) });
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
        ...problemOf('ruleHasNoParameter', { rule: rule.id, name, has: Object.keys(defs) }),
        ...(s ? { suggestion: s } : {}),
      });
      continue;
    }
    out[name] = conv(name, p, v, `/params/${esc(name)}`);
  }
  return out;
}
