/**
 * Message and key templates: `text {{expr}} text {{expr | money}}`, each expression formatted
 * by its static type (money in yuan, numbers to four decimals, lists joined with `、`).
 */
import type { ValueType } from '../../plan/rule-plan.js';
import { splitTemplate } from '../../plan/templates.js';
import { typeOfField } from '../../plan/value-types.js';
import { formatMoney } from '../../schema/values.js';
import type { Ctx } from '../rule-context.js';
import type { RuleCompilation } from '../rule-compilation.js';

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 10_000) / 10_000);
}

/** The static type of a plain path (`subject.amount`, `group.total`, `$params.x`), for formatting. */
function typeOfPath(cc: RuleCompilation, src: string): ValueType {
  const plan = cc.plan;
  const pm = /^\$params\.([A-Za-z_]\w*)$/.exec(src.trim());
  if (pm) return plan.paramTypes[pm[1]!] ?? 'unknown';
  const m = /^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?$/.exec(src);
  if (!m) return 'unknown';
  const [, a, b] = m;
  const entry = plan.scope[a!];
  if (!entry) return 'unknown';
  if (!b) return entry.type;
  if (a === 'group') return plan.subject.groupBy.find((g) => g.name === b)?.type ?? (b === 'window_start' || b === 'window_end' ? 'date' : 'unknown');
  if (entry.dataset) {
    const f = cc.registry.field(entry.dataset, b);
    if (f) return typeOfField(f.type);
  }
  return 'unknown';
}

function formatValue(v: unknown, type: ValueType, format: string | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => formatValue(x, type, format)).join('、');
  if (typeof v === 'number') {
    if (format === 'money' || format === 'yuan' || (format === undefined && type === 'money')) return formatMoney(Math.round(v));
    return formatNumber(v);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

/** Compiles a template to a function of the rule context. */
export function compileTemplate(cc: RuleCompilation, tpl: string): (ctx: Ctx) => string {
  const parts = splitTemplate(tpl) as (string | { expr: string; format?: string })[];
  const fns = parts.map((p) => {
    if (typeof p === 'string') return () => p;
    const f = cc.expr(p.expr);
    const t = typeOfPath(cc, p.expr);
    const fmt = p.format;
    return (ctx: Ctx) => formatValue(f(ctx), t, fmt);
  });
  return (ctx) => fns.map((f) => f(ctx)).join('');
}
