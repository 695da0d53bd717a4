/**
 * Conditions in a rule: `all`/`any`/`not` walked down to their leaves, and each leaf checked —
 * the operator exists, the fact and value are well-formed for json-rules-engine, their types
 * suit the operator, literals are of the operator's kind, list comparisons and allowed values
 * make sense.
 */
import type { Condition, LeafCondition } from '../dsl/rule-schema.js';
import { parseExpression } from '../dsl/expression.js';
import { BUILTIN_OPERATORS } from '../dsl/operators.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { compileLinearRegex } from '../dsl/linear-regex.js';
import { problemOf } from '../dsl/problem-messages.js';
import { parseDate, parseMoney } from '../schema/values.js';
import { allowedValueProblems, type ParamSource } from './check-allowed-values.js';
import { listCompareProblem, type ListSource } from './check-list-compare.js';
import { hyphenNameProblem, membershipValueProblem, pathProblem } from './check-jre-forms.js';
import { checkExpr, checkExprQuiet } from './expressions.js';
import { esc, type PlanContext, type Scope } from './plan-context.js';
import type { ValueType } from './rule-plan.js';
import { paramType } from './value-types.js';

/** Checks a condition tree at `pointer` against `scope`. */
export function checkCondition(pc: PlanContext, c: Condition, pointer: string, scope: Scope): void {
  if ('all' in c) {
    c.all.forEach((x, i) => {
      checkCondition(pc, x, `${pointer}/all/${i}`, scope);
    });
    return;
  }
  if ('any' in c) {
    c.any.forEach((x, i) => {
      checkCondition(pc, x, `${pointer}/any/${i}`, scope);
    });
    return;
  }
  if ('not' in c) {
    checkCondition(pc, c.not, `${pointer}/not`, scope);
    return;
  }
  checkLeaf(pc, c, pointer, scope);
}

function factSource(fact: string, path: string | undefined): string {
  if (!path) return fact;
  const p = path.replace(/^\$\.?/, '');
  return p ? `${fact}.${p}` : fact;
}

/** The root name and field of a plain `name` or `name.field` expression. */
function plainPath(src: string): { root: string; field?: string } | undefined {
  let ast: { type: string; steps?: { type: string; value?: unknown; stages?: unknown; group?: unknown; predicate?: unknown }[] };
  try {
    ast = parseExpression(src);
  } catch {
    return undefined;
  }
  const steps = ast.type === 'path' ? (ast.steps ?? []) : [];
  if (steps.length < 1 || steps.length > 2 || steps.some((x) => x.type !== 'name' || x.stages || x.group || x.predicate)) return undefined;
  return { root: String(steps[0]!.value), ...(steps[1] ? { field: String(steps[1].value) } : {}) };
}

/** Where a parameter's value comes from: the rule's default, or an override. */
function paramSource(pc: PlanContext, name: string): ParamSource | undefined {
  const { paramDefs, overrides } = pc;
  if (!paramDefs[name]) return undefined;
  const given = overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides, name) ? overrides : undefined;
  const overridden = given !== undefined;
  return { value: given ? given[name] : paramDefs[name].default, pointer: overridden ? `/params/${esc(name)}` : `/params/${esc(name)}/default`, overridden };
}

/** What a list-valued root name is: a group's rows, a household, a lookup, or something else. */
function listSource(pc: PlanContext, root: string): ListSource {
  const { rule, names } = pc;
  const l = rule.lookups?.[root] ?? rule.subject.lookups?.[root];
  if (root === 'rows') return { name: root, kind: 'rows' };
  if (l && 'householdOf' in l) return { name: root, kind: 'household' };
  if (l) return { name: root, kind: 'lookup', ...(names.has(root) ? { pointer: names.get(root)! } : {}) };
  return { name: root, kind: 'other' };
}

/** Whether a value of type `t` suits an operand of kind `kind`. */
function kindOk(kind: string, t: ValueType): boolean {
  if (t === 'unknown') return true;
  switch (kind) {
    case 'number':
      return t === 'integer' || t === 'number' || t === 'money';
    case 'money':
      return t === 'money' || t === 'integer' || t === 'number';
    case 'date':
      return t === 'date' || t === 'period';
    case 'list':
      return t === 'list';
    case 'text':
      return t === 'string' || t === 'date' || t === 'period';
    default:
      return true;
  }
}

/** Checks one leaf `{ fact, operator, value }`. */
function checkLeaf(pc: PlanContext, c: LeafCondition, pointer: string, scope: Scope): void {
  const { env, paramDefs, add } = pc;
  const opDef = env.operators[c.operator];
  if (!opDef) add(`${pointer}/operator`, problemOf('unknownOperator', { operator: c.operator, known: Object.keys(env.operators) }), didYouMean(c.operator, Object.keys(env.operators)));
  const hy = hyphenNameProblem(c.fact, `${pointer}/fact`);
  if (hy) {
    add(hy.pointer, hy, hy.suggestion);
    return;
  }
  if (c.path !== undefined) {
    const pp = pathProblem(c.fact, c.path, pointer, checkExprQuiet(pc, c.fact, scope));
    if (pp) {
      add(pp.pointer, pp, pp.suggestion);
      return;
    }
  }
  const factType = checkExpr(pc, factSource(c.fact, c.path), `${pointer}/fact`, scope);
  if (!opDef) return;
  const builtin = opDef === BUILTIN_OPERATORS[c.operator];
  const plain = plainPath(factSource(c.fact, c.path));
  const rootEntry = plain ? scope.get(plain.root) : undefined;
  if (builtin && factType === 'list' && opDef.fact !== 'list' && opDef.value !== 'none' && rootEntry) {
    const lp = listCompareProblem(c.operator, factSource(c.fact, c.path), pointer, listSource(pc, plain!.root));
    if (lp) add(lp.pointer, lp, lp.suggestion);
  }
  if (builtin && plain?.field && rootEntry?.dataset) {
    const f = env.registry.field(rootEntry.dataset, plain.field);
    if (f?.values) for (const p of allowedValueProblems(c, pointer, { dataset: rootEntry.dataset, field: plain.field, values: f.values }, (n) => paramSource(pc, n))) add(p.pointer, p, p.suggestion);
  }
  if (builtin) {
    const v = c.value;
    let valueKind: ValueType = 'unknown';
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if ('param' in v && paramDefs[v.param]) valueKind = paramType(paramDefs[v.param]!);
      else if ('fact' in v && !v.fn) valueKind = checkExprQuiet(pc, factSource(v.fact, v.path), scope);
      else if ('expr' in v) valueKind = checkExprQuiet(pc, v.expr, scope);
    }
    const mp = membershipValueProblem(c, pointer, valueKind);
    if (mp) {
      add(mp.pointer, mp, mp.suggestion);
      return;
    }
  }
  if (!kindOk(opDef.fact, factType)) {
    add(`${pointer}/operator`, problemOf('operatorFactType', { operator: c.operator, expected: opDef.fact, fact: factSource(c.fact, c.path), actual: factType }));
  }
  if (opDef.fact === 'money' && (factType === 'integer' || factType === 'number')) {
    add(`${pointer}/operator`, problemOf('moneyOperatorOnPlain', { operator: c.operator, fact: factSource(c.fact, c.path), actual: factType }));
  }
  const v = c.value;
  if (opDef.value === 'none') {
    if (v !== undefined) add(`${pointer}/value`, problemOf('operatorTakesNoValue', { operator: c.operator }));
    return;
  }
  if (v === undefined) {
    add(pointer, problemOf('operatorNeedsValue', { operator: c.operator }));
    return;
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if ('fact' in v) {
      const hv = hyphenNameProblem(v.fact, `${pointer}/value/fact`);
      const pv = hv ? undefined : pathProblem(v.fact, v.path, `${pointer}/value`, v.path === undefined ? 'unknown' : checkExprQuiet(pc, v.fact, scope));
      if (hv ?? pv) add((hv ?? pv)!.pointer, (hv ?? pv)!, (hv ?? pv)!.suggestion);
      else checkExpr(pc, factSource(v.fact, v.path), `${pointer}/value/fact`, scope);
      if (v.fn && !env.functions[v.fn]) add(`${pointer}/value/fn`, problemOf('unknownFunction', { name: v.fn }), didYouMean(v.fn, Object.keys(env.functions)));
    } else if ('param' in v) {
      if (!paramDefs[v.param]) add(`${pointer}/value/param`, problemOf('unknownParameter', { name: v.param }), didYouMean(v.param, Object.keys(paramDefs)));
      else if (c.operator === 'matches') {
        const ps = paramSource(pc, v.param)!;
        const r = typeof ps.value === 'string' ? compileLinearRegex(ps.value) : undefined;
        if (r && !r.ok) add(ps.pointer, problemOf('matchesParamPattern', { param: v.param, at: pointer, reason: r.problem }));
      }
    } else if ('expr' in v) {
      checkExpr(pc, v.expr, `${pointer}/value/expr`, scope);
    }
    return;
  }
  // literals
  if (opDef.value === 'money') {
    if (!parseMoney(v).ok) add(`${pointer}/value`, problemOf('notAnAmount', { value: v }));
  } else if (opDef.value === 'date') {
    if (typeof v !== 'string' || !parseDate(v).ok) add(`${pointer}/value`, problemOf('notADate', { value: v }));
  } else if (opDef.value === 'number') {
    if (typeof v !== 'number') add(`${pointer}/value`, problemOf('operatorNeedsNumber', { operator: c.operator, value: v }));
  } else if (opDef.value === 'list') {
    if (!Array.isArray(v) && !(builtin && (c.operator === 'in' || c.operator === 'notIn'))) add(`${pointer}/value`, problemOf('operatorNeedsList', { operator: c.operator, value: v }));
  } else if (opDef.value === 'range') {
    if (!Array.isArray(v) || v.length !== 2) add(`${pointer}/value`, problemOf('operatorNeedsRange', { operator: c.operator }));
  } else if (opDef.value === 'text' && c.operator === 'matches') {
    const r = typeof v === 'string' ? compileLinearRegex(v) : undefined;
    if (!r) add(`${pointer}/value`, problemOf('matchesNeedsText', { value: v }));
    else if (!r.ok) add(`${pointer}/value`, r.problem);
  }
}
