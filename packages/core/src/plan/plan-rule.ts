/**
 * The planner: checks a rule's semantics against the data model and the loaded plug-ins and
 * turns it into a {@link RulePlan}. Every problem carries a JSON pointer into the rule and,
 * where one exists, a did-you-mean.
 */
import type { DatasetRegistry, FieldType } from '../schema/datasets.js';
import { parseDate, parseMoney } from '../schema/values.js';
import type { Condition, LeafCondition, Lookup, Rule, RuleParam } from '../dsl/rule-schema.js';
import { compileExpression, ExpressionError, parseExpression, rootNames, type CompileOptions } from '../dsl/expression.js';
import type { FunctionDef } from '../dsl/functions.js';
import { BUILTIN_OPERATORS, type OperatorDef } from '../dsl/operators.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { compileLinearRegex } from '../dsl/linear-regex.js';
import { allowedValueProblems, type ParamSource } from './check-allowed-values.js';
import { listCompareProblem, type ListSource } from './check-list-compare.js';
import { hyphenNameProblem, membershipValueProblem, pathProblem } from './check-jre-forms.js';
import { checkOperandTypes } from './check-operand-types.js';
import type { AggregatePlan, FactPlan, LookupPlan, RulePlan, ValueType } from './rule-plan.js';

/** One thing wrong with a rule. */
export interface Problem {
  /** JSON pointer into the rule (RFC 6901). */
  readonly pointer: string;
  readonly message: string;
  readonly suggestion?: string;
}

/** What the planner knows besides the rule: the model, and what plug-ins add. */
export interface PlanEnvironment {
  readonly registry: DatasetRegistry;
  readonly operators: Readonly<Record<string, OperatorDef>>;
  readonly functions: Readonly<Record<string, FunctionDef>>;
  /** Names of aggregates plug-ins add. */
  readonly aggregates: readonly string[];
}

const BUILTIN_AGGREGATES = ['count', 'countDistinct', 'sum', 'min', 'max', 'median', 'avg', 'benford', 'baseline'];
const RESERVED = new Set(['subject', 'row', 'group', 'rows', 'params', 'asOf']);

export function typeOfField(t: FieldType): ValueType {
  switch (t) {
    case 'date':
      return 'date';
    case 'period':
      return 'period';
    case 'money':
      return 'money';
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'number';
    default:
      return 'string';
  }
}

function paramType(p: RuleParam): ValueType {
  switch (p.type) {
    case 'money':
      return 'money';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return 'list';
  }
}

interface ScopeEntry {
  type: ValueType;
  dataset?: string;
  /** A group's key names and their types. */
  keys?: Record<string, ValueType>;
}

const esc = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

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

/**
 * Checks a rule and builds its plan. `problems` is empty exactly when `plan` is set.
 */
export function planRule(
  rule: Rule,
  env: PlanEnvironment,
  overrides?: Readonly<Record<string, unknown>>,
): { plan?: RulePlan; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (pointer: string, message: string, suggestion?: string): void => {
    problems.push(suggestion ? { pointer, message, suggestion } : { pointer, message });
  };
  const params = resolveParams(rule, overrides, problems);
  const paramDefs = rule.params ?? {};
  const compileOpts: CompileOptions = { functions: env.functions };
  const datasets = new Set<string>();
  const indexes = new Map<string, { dataset: string; fields: string[] }>();
  const needIndex = (dataset: string, fields: string[]): void => {
    indexes.set(`${dataset}\u0001${fields.join('\u0001')}`, { dataset, fields });
  };

  const dsFields = (name: string): string[] => env.registry.get(name)?.fields.map((f) => f.name) ?? [];
  const checkDataset = (name: string, pointer: string): boolean => {
    if (env.registry.get(name)) {
      datasets.add(name);
      return true;
    }
    add(pointer, `unknown dataset \`${name}\``, didYouMean(name, env.registry.names()));
    return false;
  };

  // ------------------------------------------------------------ expressions and names
  const checkExpr = (src: string, pointer: string, scope: Map<string, ScopeEntry>, elementDataset?: string): ValueType => {
    let ast;
    try {
      ast = parseExpression(src);
      compileExpression(src, compileOpts);
    } catch (e) {
      add(pointer, e instanceof ExpressionError ? e.message : String(e));
      return 'unknown';
    }
    checkNames(ast as unknown as AstNode, src, pointer, scope, elementDataset);
    for (const p of checkOperandTypes(ast, src, (n) => inferType(n as unknown as AstNode, scope, elementDataset))) {
      add(pointer, p.position === undefined ? p.message : `${p.message} (at character ${p.position})`);
    }
    return inferType(ast as unknown as AstNode, scope, elementDataset);
  };

  /** The inferred type of an expression, without reporting problems (they are reported where it is checked). */
  const checkExprQuiet = (src: string, scope: Map<string, ScopeEntry>): ValueType => {
    try {
      return inferType(parseExpression(src) as unknown as AstNode, scope);
    } catch {
      return 'unknown';
    }
  };

  interface AstNode {
    type: string;
    value?: unknown;
    steps?: AstNode[];
    stages?: { expr?: AstNode }[];
    procedure?: AstNode;
    [k: string]: unknown;
  }

  const inferType = (ast: AstNode, scope: Map<string, ScopeEntry>, elementDataset?: string): ValueType => {
    if (ast.type === 'string') return 'string';
    if (ast.type === 'number') return Number.isInteger(ast.value) ? 'integer' : 'number';
    if (ast.type === 'function' && ast.procedure) {
      const r = env.functions[String(ast.procedure.value)]?.returns;
      return (r as ValueType | undefined) ?? 'unknown';
    }
    if (ast.type === 'binary' && ['=', '!=', '<', '<=', '>', '>=', 'and', 'or', 'in'].includes(String(ast.value))) return 'boolean';
    if (ast.type === 'binary' && ast.value === '&') return 'string';
    if (ast.type !== 'path' || !ast.steps) return 'unknown';
    const [a, b] = ast.steps;
    if (!a) return 'unknown';
    if (a.type === 'variable' && a.value === 'params' && b?.type === 'name') {
      const p = paramDefs[String(b.value)];
      return p ? paramType(p) : 'unknown';
    }
    if (a.type === 'variable' && a.value === 'asOf') return 'date';
    if (a.type !== 'name') return 'unknown';
    if (elementDataset && ast.steps.length === 1) {
      const f = env.registry.field(elementDataset, String(a.value));
      if (f) return typeOfField(f.type);
    }
    const entry = scope.get(String(a.value));
    if (!entry) return 'unknown';
    if (ast.steps.length === 1) return entry.type;
    if (ast.steps.length === 2 && b?.type === 'name') {
      if (entry.keys) return entry.keys[String(b.value)] ?? 'unknown';
      if (entry.dataset) {
        const f = env.registry.field(entry.dataset, String(b.value));
        if (f) return entry.type === 'list' ? 'list' : typeOfField(f.type);
      }
    }
    return 'unknown';
  };

  const checkNames = (ast: AstNode, src: string, pointer: string, scope: Map<string, ScopeEntry>, elementDataset?: string): void => {
    const visit = (n: unknown, top: boolean, elemDs: string | undefined): void => {
      if (!n || typeof n !== 'object') return;
      if (Array.isArray(n)) {
        for (const x of n) visit(x, top, elemDs);
        return;
      }
      const node = n as AstNode;
      if (node.type === 'path' || node.type === 'name') {
        const steps = node.type === 'path' ? (node.steps ?? []) : [node];
        const first = steps[0];
        let ds: string | undefined;
        if (first?.type === 'variable') {
          const v = String(first.value);
          if (v === 'params') {
            const p = steps[1];
            if (p?.type === 'name' && !paramDefs[String(p.value)]) {
              add(pointer, `\`${src}\`: unknown parameter \`${String(p.value)}\``, didYouMean(String(p.value), Object.keys(paramDefs)));
            }
          } else if (v !== 'asOf' && v !== '' && v !== '$') {
            add(pointer, `\`${src}\`: unknown variable \`$${v}\` (variables: $params, $asOf)`);
          }
        } else if (first?.type === 'name') {
          const name = String(first.value);
          if (top && elemDs && env.registry.field(elemDs, name)) {
            ds = undefined;
          } else if (top) {
            const entry = scope.get(name);
            if (!entry) {
              add(pointer, `\`${src}\`: unknown name \`${name}\``, didYouMean(name, [...scope.keys()]));
            } else {
              const second = steps[1];
              if (second?.type === 'name') {
                const f = String(second.value);
                if (entry.keys && !(f in entry.keys)) add(pointer, `\`${src}\`: \`${name}\` has no key \`${f}\``, didYouMean(f, Object.keys(entry.keys)));
                if (entry.dataset && !env.registry.field(entry.dataset, f)) {
                  add(pointer, `\`${src}\`: dataset \`${entry.dataset}\` has no field \`${f}\``, didYouMean(f, dsFields(entry.dataset)));
                }
              }
              ds = entry.dataset;
            }
          } else if (elemDs && !env.registry.field(elemDs, name)) {
            add(pointer, `\`${src}\`: dataset \`${elemDs}\` has no field \`${name}\``, didYouMean(name, dsFields(elemDs)));
          }
        }
        for (const s of steps) for (const st of s.stages ?? []) visit(st.expr, false, ds ?? elemDs);
        for (const s of steps) if (s.type !== 'name' && s.type !== 'variable') visit(s, top, elemDs);
        return;
      }
      for (const [k, v] of Object.entries(node)) if (k !== 'procedure' && typeof v === 'object') visit(v, top, elemDs);
    };
    visit(ast, true, elementDataset);
  };

  // ------------------------------------------------------------ conditions
  const checkCondition = (c: Condition, pointer: string, scope: Map<string, ScopeEntry>): void => {
    if ('all' in c) {
      c.all.forEach((x, i) => {
        checkCondition(x, `${pointer}/all/${i}`, scope);
      });
      return;
    }
    if ('any' in c) {
      c.any.forEach((x, i) => {
        checkCondition(x, `${pointer}/any/${i}`, scope);
      });
      return;
    }
    if ('not' in c) {
      checkCondition(c.not, `${pointer}/not`, scope);
      return;
    }
    checkLeaf(c, pointer, scope);
  };

  const factSource = (fact: string, path: string | undefined): string => {
    if (!path) return fact;
    const p = path.replace(/^\$\.?/, '');
    return p ? `${fact}.${p}` : fact;
  };

  /** The root name and field of a plain `name` or `name.field` expression. */
  const plainPath = (src: string): { root: string; field?: string } | undefined => {
    let ast: { type: string; steps?: { type: string; value?: unknown; stages?: unknown; group?: unknown; predicate?: unknown }[] };
    try {
      ast = parseExpression(src);
    } catch {
      return undefined;
    }
    const steps = ast.type === 'path' ? (ast.steps ?? []) : [];
    if (steps.length < 1 || steps.length > 2 || steps.some((x) => x.type !== 'name' || x.stages || x.group || x.predicate)) return undefined;
    return { root: String(steps[0]!.value), ...(steps[1] ? { field: String(steps[1].value) } : {}) };
  };
  const paramSource = (name: string): ParamSource | undefined => {
    if (!paramDefs[name]) return undefined;
    const given = overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides, name) ? overrides : undefined;
    const overridden = given !== undefined;
    return { value: given ? given[name] : paramDefs[name].default, pointer: overridden ? `/params/${esc(name)}` : `/params/${esc(name)}/default`, overridden };
  };
  const listSource = (root: string): ListSource => {
    const l = rule.lookups?.[root] ?? rule.subject.lookups?.[root];
    if (root === 'rows') return { name: root, kind: 'rows' };
    if (l && 'householdOf' in l) return { name: root, kind: 'household' };
    if (l) return { name: root, kind: 'lookup', ...(names.has(root) ? { pointer: names.get(root)! } : {}) };
    return { name: root, kind: 'other' };
  };

  const checkLeaf = (c: LeafCondition, pointer: string, scope: Map<string, ScopeEntry>): void => {
    const opDef = env.operators[c.operator];
    if (!opDef) add(`${pointer}/operator`, `unknown operator \`${c.operator}\``, didYouMean(c.operator, Object.keys(env.operators)));
    const hy = hyphenNameProblem(c.fact, `${pointer}/fact`);
    if (hy) {
      add(hy.pointer, hy.message, hy.suggestion);
      return;
    }
    if (c.path !== undefined) {
      const pp = pathProblem(c.fact, c.path, pointer, checkExprQuiet(c.fact, scope));
      if (pp) {
        add(pp.pointer, pp.message, pp.suggestion);
        return;
      }
    }
    const factType = checkExpr(factSource(c.fact, c.path), `${pointer}/fact`, scope);
    if (!opDef) return;
    const builtin = opDef === BUILTIN_OPERATORS[c.operator];
    const plain = plainPath(factSource(c.fact, c.path));
    const rootEntry = plain ? scope.get(plain.root) : undefined;
    if (builtin && factType === 'list' && opDef.fact !== 'list' && opDef.value !== 'none' && rootEntry) {
      const lp = listCompareProblem(c.operator, factSource(c.fact, c.path), pointer, listSource(plain!.root));
      if (lp) add(lp.pointer, lp.message, lp.suggestion);
    }
    if (builtin && plain?.field && rootEntry?.dataset) {
      const f = env.registry.field(rootEntry.dataset, plain.field);
      if (f?.values) for (const p of allowedValueProblems(c, pointer, { dataset: rootEntry.dataset, field: plain.field, values: f.values }, paramSource)) add(p.pointer, p.message, p.suggestion);
    }
    if (builtin) {
      const v = c.value;
      let valueKind: ValueType = 'unknown';
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        if ('param' in v && paramDefs[v.param]) valueKind = paramType(paramDefs[v.param]!);
        else if ('fact' in v && !v.fn) valueKind = checkExprQuiet(factSource(v.fact, v.path), scope);
        else if ('expr' in v) valueKind = checkExprQuiet(v.expr, scope);
      }
      const mp = membershipValueProblem(c, pointer, valueKind);
      if (mp) {
        add(mp.pointer, mp.message, mp.suggestion);
        return;
      }
    }
    const kindOk = (kind: string, t: ValueType): boolean => {
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
    };
    if (!kindOk(opDef.fact, factType)) {
      add(`${pointer}/operator`, `operator \`${c.operator}\` expects a ${opDef.fact} fact, but \`${factSource(c.fact, c.path)}\` is a ${factType}`);
    }
    if (opDef.fact === 'money' && (factType === 'integer' || factType === 'number')) {
      add(`${pointer}/operator`, `operator \`${c.operator}\` compares money, but \`${factSource(c.fact, c.path)}\` is a plain ${factType}; use greaterThan/lessThan`);
    }
    const v = c.value;
    if (opDef.value === 'none') {
      if (v !== undefined) add(`${pointer}/value`, `operator \`${c.operator}\` takes no value`);
      return;
    }
    if (v === undefined) {
      add(pointer, `operator \`${c.operator}\` needs a \`value\``);
      return;
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if ('fact' in v) {
        const hv = hyphenNameProblem(v.fact, `${pointer}/value/fact`);
        const pv = hv ? undefined : pathProblem(v.fact, v.path, `${pointer}/value`, v.path === undefined ? 'unknown' : checkExprQuiet(v.fact, scope));
        if (hv ?? pv) add((hv ?? pv)!.pointer, (hv ?? pv)!.message, (hv ?? pv)!.suggestion);
        else checkExpr(factSource(v.fact, v.path), `${pointer}/value/fact`, scope);
        if (v.fn && !env.functions[v.fn]) add(`${pointer}/value/fn`, `unknown function \`${v.fn}\``, didYouMean(v.fn, Object.keys(env.functions)));
      } else if ('param' in v) {
        if (!paramDefs[v.param]) add(`${pointer}/value/param`, `unknown parameter \`${v.param}\``, didYouMean(v.param, Object.keys(paramDefs)));
        else if (c.operator === 'matches') {
          const ps = paramSource(v.param)!;
          const r = typeof ps.value === 'string' ? compileLinearRegex(ps.value) : undefined;
          if (r && !r.ok) add(ps.pointer, `parameter \`${v.param}\` is the pattern of \`matches\` at ${pointer}: ${r.message}`);
        }
      } else if ('expr' in v) {
        checkExpr(v.expr, `${pointer}/value/expr`, scope);
      }
      return;
    }
    // literals
    if (opDef.value === 'money') {
      if (!parseMoney(v).ok) add(`${pointer}/value`, `\`${JSON.stringify(v)}\` is not an amount in yuan`);
    } else if (opDef.value === 'date') {
      if (typeof v !== 'string' || !parseDate(v).ok) add(`${pointer}/value`, `\`${JSON.stringify(v)}\` is not a date YYYY-MM-DD`);
    } else if (opDef.value === 'number') {
      if (typeof v !== 'number') add(`${pointer}/value`, `operator \`${c.operator}\` needs a number, got ${JSON.stringify(v)}`);
    } else if (opDef.value === 'list') {
      if (!Array.isArray(v) && !(builtin && (c.operator === 'in' || c.operator === 'notIn'))) add(`${pointer}/value`, `operator \`${c.operator}\` needs a list, got ${JSON.stringify(v)}`);
    } else if (opDef.value === 'range') {
      if (!Array.isArray(v) || v.length !== 2) add(`${pointer}/value`, `operator \`${c.operator}\` needs [low, high]`);
    } else if (opDef.value === 'text' && c.operator === 'matches') {
      const r = typeof v === 'string' ? compileLinearRegex(v) : undefined;
      if (!r) add(`${pointer}/value`, `\`matches\` needs a regular expression as text, got ${JSON.stringify(v)}`);
      else if (!r.ok) add(`${pointer}/value`, r.message);
    }
  };

  // ------------------------------------------------------------ subject
  const subj = rule.subject;
  const subjectOk = checkDataset(subj.dataset, '/subject/dataset');
  const grouped = subj.groupBy !== undefined;
  if (!grouped && subj.window) add('/subject/window', '`window` needs `groupBy`');
  if (!grouped && subj.lookups) add('/subject/lookups', '`subject.lookups` is for grouped subjects; put lookups at the rule level');

  const names = new Map<string, string>(); // name → pointer
  const declare = (name: string, pointer: string): void => {
    if (RESERVED.has(name)) add(pointer, `\`${name}\` is a reserved name (${[...RESERVED].join(', ')})`);
    else if (names.has(name)) add(pointer, `\`${name}\` is already defined at ${names.get(name)!}`);
    names.set(name, pointer);
  };

  const planLookup = (name: string, l: Lookup, pointer: string, scope: Map<string, ScopeEntry>): LookupPlan | undefined => {
    if ('householdOf' in l) {
      datasets.add('persons');
      checkExpr(l.householdOf, `${pointer}/householdOf`, scope);
      needIndex('persons', ['id_number']);
      needIndex('persons', ['household_id']);
      const inner = new Map(scope).set(name, { type: 'record', dataset: 'persons' });
      if (l.where) checkCondition(l.where, `${pointer}/where`, inner);
      return { name, kind: 'household', dataset: 'persons', on: [], householdOf: l.householdOf, ...(l.where ? { where: l.where } : {}), one: false, orderBy: [] };
    }
    if (!checkDataset(l.dataset, `${pointer}/dataset`)) return undefined;
    const on = Object.entries(l.on).map(([field, expr]) => {
      if (!env.registry.field(l.dataset, field)) add(`${pointer}/on/${esc(field)}`, `dataset \`${l.dataset}\` has no field \`${field}\``, didYouMean(field, dsFields(l.dataset)));
      checkExpr(expr, `${pointer}/on/${esc(field)}`, scope);
      return { field, expr };
    });
    needIndex(
      l.dataset,
      on.map((o) => o.field),
    );
    for (const [i, f] of (l.orderBy ?? []).entries()) {
      if (!env.registry.field(l.dataset, f)) add(`${pointer}/orderBy/${i}`, `dataset \`${l.dataset}\` has no field \`${f}\``, didYouMean(f, dsFields(l.dataset)));
    }
    const inner = new Map(scope).set(name, { type: 'record', dataset: l.dataset });
    if (l.where) checkCondition(l.where, `${pointer}/where`, inner);
    return {
      name,
      kind: 'join',
      dataset: l.dataset,
      on,
      ...(l.where ? { where: l.where } : {}),
      one: l.one ?? false,
      orderBy: l.orderBy ?? [],
    };
  };

  const lookupEntry = (lp: LookupPlan): ScopeEntry => ({ type: lp.one ? 'record' : 'list', dataset: lp.dataset });

  // row stage (grouped) or subject scope
  const scope = new Map<string, ScopeEntry>();
  const rowLookups: LookupPlan[] = [];
  let groupBy: { name: string; expr: string; type: ValueType }[] = [];
  let window: { date: string; days: number; orderBy: string[] } | undefined;
  if (grouped) {
    const rowScope = new Map<string, ScopeEntry>([['row', { type: 'record', dataset: subj.dataset }]]);
    for (const [name, l] of Object.entries(subj.lookups ?? {})) {
      declare(name, `/subject/lookups/${esc(name)}`);
      const lp = planLookup(name, l, `/subject/lookups/${esc(name)}`, rowScope);
      if (lp) {
        rowLookups.push(lp);
        rowScope.set(name, lookupEntry(lp));
      }
    }
    if (subj.where) checkCondition(subj.where, '/subject/where', rowScope);
    groupBy = Object.entries(subj.groupBy ?? {}).map(([name, expr]) => ({
      name,
      expr,
      type: checkExpr(expr, `/subject/groupBy/${esc(name)}`, rowScope),
    }));
    if (subj.window) {
      const w = subj.window;
      if (subjectOk && !env.registry.field(subj.dataset, w.date)) add('/subject/window/date', `dataset \`${subj.dataset}\` has no field \`${w.date}\``, didYouMean(w.date, dsFields(subj.dataset)));
      let days = 0;
      if (typeof w.days === 'number') days = w.days;
      else if (!paramDefs[w.days.param]) add('/subject/window/days', `unknown parameter \`${w.days.param}\``, didYouMean(w.days.param, Object.keys(paramDefs)));
      else days = Number(params[w.days.param]);
      for (const [i, f] of (w.orderBy ?? []).entries()) {
        if (!env.registry.field(subj.dataset, f)) add(`/subject/window/orderBy/${i}`, `dataset \`${subj.dataset}\` has no field \`${f}\``, didYouMean(f, dsFields(subj.dataset)));
      }
      window = { date: w.date, days, orderBy: [...(w.orderBy ?? [])] };
    }
    const keys: Record<string, ValueType> = Object.fromEntries(groupBy.map((g) => [g.name, g.type]));
    if (window) Object.assign(keys, { window_start: 'date', window_end: 'date' });
    keys['size'] = 'integer';
    scope.set('group', { type: 'record', keys });
    scope.set('rows', { type: 'list', dataset: subj.dataset });
  } else {
    scope.set('subject', { type: 'record', dataset: subj.dataset });
  }

  // Declare every name first so order of use is free (cycles are checked below).
  for (const name of Object.keys(rule.lookups ?? {})) declare(name, `/lookups/${esc(name)}`);
  for (const name of Object.keys(rule.aggregates ?? {})) declare(name, `/aggregates/${esc(name)}`);
  for (const name of Object.keys(rule.facts ?? {})) declare(name, `/facts/${esc(name)}`);

  // Lookups may use the subject and other lookups.
  const lookups: LookupPlan[] = [];
  for (const [name, l] of Object.entries(rule.lookups ?? {})) {
    if ('dataset' in l) scope.set(name, { type: l.one ? 'record' : 'list', dataset: l.dataset });
    else scope.set(name, { type: 'list', dataset: 'persons' });
  }
  for (const [name, l] of Object.entries(rule.aggregates ?? {})) scope.set(name, { type: l.op === 'benford' || l.op === 'baseline' ? 'record' : 'unknown' });
  for (const [name, fct] of Object.entries(rule.facts ?? {})) scope.set(name, { type: typeof fct === 'string' ? 'unknown' : ((fct.type as ValueType | undefined) ?? 'unknown') });

  for (const [name, l] of Object.entries(rule.lookups ?? {})) {
    const lp = planLookup(name, l, `/lookups/${esc(name)}`, scope);
    if (lp) lookups.push(lp);
  }

  const aggregates: AggregatePlan[] = [];
  for (const [name, a] of Object.entries(rule.aggregates ?? {})) {
    const pointer = `/aggregates/${esc(name)}`;
    const known = [...BUILTIN_AGGREGATES, ...env.aggregates];
    if (!known.includes(a.op)) add(`${pointer}/op`, `unknown aggregate \`${a.op}\``, didYouMean(a.op, known));
    let elemDs: string | undefined;
    let type: ValueType = 'unknown';
    if (a.op === 'baseline') {
      if (!grouped) add(pointer, '`baseline` compares groups: it needs a grouped subject');
      if (!a.of || !rule.aggregates?.[a.of]) add(`${pointer}/of`, `\`baseline\` needs \`of\`: the aggregate whose earlier values form the baseline`, a.of ? didYouMean(a.of, Object.keys(rule.aggregates ?? {})) : undefined);
      if (!a.period || !groupBy.some((g) => g.name === a.period)) add(`${pointer}/period`, '`baseline` needs `period`: a group key holding a monthly period', a.period ? didYouMean(a.period, groupBy.map((g) => g.name)) : undefined);
      for (const [i, k] of (a.partition ?? []).entries()) {
        if (!groupBy.some((g) => g.name === k)) add(`${pointer}/partition/${i}`, `\`${k}\` is not a group key`, didYouMean(k, groupBy.map((g) => g.name)));
      }
      type = 'record';
    } else {
      const over = a.over;
      if (!over) add(pointer, `aggregate \`${a.op}\` needs \`over\`: a lookup name${grouped ? ' or `rows`' : ''}`);
      else if (over === 'rows') {
        if (!grouped) add(`${pointer}/over`, '`rows` exists only for grouped subjects');
        elemDs = subj.dataset;
      } else {
        const l = lookups.find((x) => x.name === over);
        if (!l) add(`${pointer}/over`, `\`${over}\` is not a lookup`, didYouMean(over, [...lookups.map((x) => x.name), ...(grouped ? ['rows'] : [])]));
        else elemDs = l.dataset;
      }
      if (a.field && elemDs && !env.registry.field(elemDs, a.field)) add(`${pointer}/field`, `dataset \`${elemDs}\` has no field \`${a.field}\``, didYouMean(a.field, dsFields(elemDs)));
      let vt: ValueType = 'unknown';
      if (a.field && elemDs) {
        const f = env.registry.field(elemDs, a.field);
        if (f) vt = typeOfField(f.type);
      }
      if (a.value) vt = checkExpr(a.value, `${pointer}/value`, new Map([...scope]), elemDs);
      if (a.where && over) checkCondition(a.where, `${pointer}/where`, new Map(scope).set(over, { type: 'record', ...(elemDs ? { dataset: elemDs } : {}) }));
      type = a.op === 'count' || a.op === 'countDistinct' ? 'integer' : a.op === 'avg' || a.op === 'median' ? (vt === 'money' ? 'money' : 'number') : a.op === 'benford' ? 'record' : vt;
      if (['sum', 'min', 'max', 'median', 'avg', 'benford'].includes(a.op) && !a.field && !a.value) add(pointer, `aggregate \`${a.op}\` needs \`field\` or \`value\``);
    }
    const months = a.months === undefined ? undefined : typeof a.months === 'number' ? a.months : Number(params[a.months.param]);
    if (a.months !== undefined && typeof a.months !== 'number' && !paramDefs[a.months.param]) add(`${pointer}/months`, `unknown parameter \`${a.months.param}\``);
    const plan: AggregatePlan = {
      name,
      op: a.op,
      type,
      ...(a.over !== undefined ? { over: a.over } : {}),
      ...(a.field !== undefined ? { field: a.field } : {}),
      ...(a.value !== undefined ? { value: a.value } : {}),
      ...(a.where !== undefined ? { where: a.where } : {}),
      ...(a.of !== undefined ? { of: a.of } : {}),
      ...(a.partition !== undefined ? { partition: a.partition } : {}),
      ...(a.period !== undefined ? { period: a.period } : {}),
      ...(months !== undefined ? { months } : {}),
      ...(a.minPeriods !== undefined ? { minPeriods: a.minPeriods } : {}),
      ...(a.stat !== undefined ? { stat: a.stat } : {}),
    };
    aggregates.push(plan);
    scope.set(name, { type });
  }

  const facts: FactPlan[] = [];
  for (const [name, fct] of Object.entries(rule.facts ?? {})) {
    const expr = typeof fct === 'string' ? fct : fct.expr;
    const declared = typeof fct === 'string' ? undefined : (fct.type as ValueType | undefined);
    const inferred = checkExpr(expr, `/facts/${esc(name)}${typeof fct === 'string' ? '' : '/expr'}`, scope);
    const type = declared ?? inferred;
    facts.push({ name, expr, type });
    scope.set(name, { type });
  }

  // Cycles between names.
  const deps = new Map<string, string[]>();
  const condFacts = (c: Condition | undefined): string[] => {
    if (!c) return [];
    if ('all' in c) return c.all.flatMap(condFacts);
    if ('any' in c) return c.any.flatMap(condFacts);
    if ('not' in c) return condFacts(c.not);
    const out = [c.fact.split('.')[0]!];
    const v = c.value;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if ('fact' in v) out.push(v.fact.split('.')[0]!);
      if ('expr' in v) out.push(...exprNames(v.expr));
    }
    return out;
  };
  function exprNames(src: string): string[] {
    try {
      return rootNames(parseExpression(src));
    } catch {
      return [];
    }
  }
  for (const l of lookups) deps.set(l.name, [...l.on.flatMap((o) => exprNames(o.expr)), ...exprNames(l.householdOf ?? '1'), ...condFacts(l.where)].filter((n) => n !== l.name));
  for (const a of aggregates) deps.set(a.name, [...(a.over ? [a.over] : []), ...(a.of ? [a.of] : []), ...condFacts(a.where).filter((n) => n !== a.over)]);
  for (const f of facts) deps.set(f.name, exprNames(f.expr));
  const state = new Map<string, number>();
  const visit = (n: string, path: string[]): void => {
    if (!deps.has(n)) return;
    const s = state.get(n);
    if (s === 2) return;
    if (s === 1) {
      add(names.get(n) ?? '', `\`${n}\` depends on itself: ${[...path, n].join(' → ')}`);
      return;
    }
    state.set(n, 1);
    for (const d of deps.get(n)!) visit(d, [...path, n]);
    state.set(n, 2);
  };
  for (const n of deps.keys()) visit(n, []);

  checkCondition(rule.conditions, '/conditions', scope);
  if (!grouped && subj.where) checkCondition(subj.where, '/subject/where', scope);

  // Emission.
  const checkTemplate = (tpl: string, pointer: string): void => {
    const parts = splitTemplate(tpl);
    if (typeof parts === 'string') {
      add(pointer, parts);
      return;
    }
    for (const p of parts) if (typeof p !== 'string') checkExpr(p.expr, pointer, scope);
  };
  checkTemplate(rule.key, '/key');
  checkTemplate(rule.message.zh, '/message/zh');
  checkTemplate(rule.message.en, '/message/en');
  if (rule.department) checkExpr(rule.department, '/department', scope);
  if (rule.amount !== undefined) {
    const t = checkExpr(rule.amount, '/amount', scope);
    if (!['money', 'integer', 'number', 'unknown'].includes(t)) add('/amount', `\`amount\` must be money in fen (a number), but \`${rule.amount}\` is ${t === 'list' ? 'a list (sum it: $sum(…))' : t}`);
  }
  const subjDef = env.registry.get(subj.dataset);
  const has = (f: string): boolean => (grouped ? groupBy.some((g) => g.name === f) : !!subjDef?.fields.some((x) => x.name === f));
  const base = grouped ? 'group' : 'subject';
  const locate: { id_number?: string; village_code?: string; town_code?: string } = {};
  for (const f of ['id_number', 'village_code', 'town_code'] as const) {
    const given = rule.locate?.[f];
    if (given) {
      checkExpr(given, `/locate/${f}`, scope);
      locate[f] = given;
    } else if (has(f)) locate[f] = `${base}.${f}`;
  }
  if (!locate.town_code && locate.village_code && env.registry.get('regions')) needIndex('regions', ['village_code']);
  const evidence = rule.evidence ?? [grouped ? 'rows' : 'subject'];
  evidence.forEach((e, i) => {
    const ok = e === (grouped ? 'rows' : 'subject') || lookups.some((l) => l.name === e);
    if (!ok) add(`/evidence/${i}`, `\`${e}\` is not ${grouped ? '`rows`' : '`subject`'} or a lookup`, didYouMean(e, [grouped ? 'rows' : 'subject', ...lookups.map((l) => l.name)]));
  });

  if (problems.length > 0) return { problems };
  const scopeOut: Record<string, { type: ValueType; dataset?: string }> = {};
  for (const [k, v] of scope) scopeOut[k] = v.dataset ? { type: v.type, dataset: v.dataset } : { type: v.type };
  const plan: RulePlan = {
    id: rule.id,
    version: rule.version,
    category: rule.category,
    severity: rule.severity,
    title: rule.title,
    description: rule.description,
    params,
    subject: {
      dataset: subj.dataset,
      grouped,
      rowLookups,
      ...(subj.where ? { where: subj.where } : {}),
      groupBy,
      ...(window ? { window } : {}),
    },
    lookups,
    aggregates,
    facts,
    conditions: rule.conditions,
    emit: {
      key: rule.key,
      message: rule.message,
      ...(rule.department ? { department: rule.department } : {}),
      ...(rule.amount !== undefined ? { amount: rule.amount } : {}),
      locate,
      evidence,
    },
    datasets: [...datasets].sort(),
    indexes: [...indexes.values()],
    paramTypes: Object.fromEntries(Object.entries(paramDefs).map(([k, d]) => [k, paramType(d)])),
    scope: scopeOut,
  };
  return { plan, problems };
}

/** Splits `a {{expr}} b` into text and expressions; a string result is an error message. */
export function splitTemplate(tpl: string): (string | { expr: string; format?: string })[] | string {
  const out: (string | { expr: string; format?: string })[] = [];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{{', i);
    if (open < 0) {
      out.push(tpl.slice(i));
      break;
    }
    if (open > i) out.push(tpl.slice(i, open));
    const close = tpl.indexOf('}}', open + 2);
    if (close < 0) return `unclosed \`{{\` in template \`${tpl}\``;
    const inner = tpl.slice(open + 2, close).trim();
    const bar = inner.lastIndexOf('|');
    const fmt = bar >= 0 ? inner.slice(bar + 1).trim() : '';
    if (bar >= 0 && /^(money|yuan|raw|date|number)$/.test(fmt)) out.push({ expr: inner.slice(0, bar).trim(), format: fmt });
    else out.push({ expr: inner });
    i = close + 2;
  }
  return out;
}
