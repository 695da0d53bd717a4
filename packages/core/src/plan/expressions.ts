/**
 * Expressions in a rule: each is parsed and compiled, its names checked against the scope
 * (did-you-mean for unknown names, fields and parameters), its operands' types checked, and
 * its type inferred.
 */
import { compileExpression, ExpressionError, parseExpression } from '../dsl/expression.js';
import { didYouMean } from '../dsl/did-you-mean.js';
import { problemOf } from '../dsl/problem-messages.js';
import { checkOperandTypes } from './check-operand-types.js';
import type { PlanContext, Scope } from './plan-context.js';
import type { ValueType } from './rule-plan.js';
import { paramType, typeOfField } from './value-types.js';

/** A node of a parsed expression, as far as the planner reads it. */
interface AstNode {
  type: string;
  value?: unknown;
  steps?: AstNode[];
  stages?: { expr?: AstNode }[];
  procedure?: AstNode;
  [k: string]: unknown;
}

/**
 * Checks an expression at `pointer` and returns its type. `elementDataset`: the expression is
 * evaluated with each element of that dataset as its input (an aggregate's `value`).
 */
export function checkExpr(pc: PlanContext, src: string, pointer: string, scope: Scope, elementDataset?: string): ValueType {
  let ast;
  try {
    ast = parseExpression(src);
    compileExpression(src, pc.compileOpts);
  } catch (e) {
    pc.add(pointer, e instanceof ExpressionError && e.problem ? e.problem : problemOf('expressionRefused', { detail: e instanceof Error ? e.message : String(e) }));
    return 'unknown';
  }
  checkNames(pc, ast as unknown as AstNode, src, pointer, scope, elementDataset);
  for (const p of checkOperandTypes(ast, src, (n) => inferType(pc, n, scope, elementDataset))) {
    pc.add(pointer, p);
  }
  return inferType(pc, ast as unknown as AstNode, scope, elementDataset);
}

/** The inferred type of an expression, without reporting problems (they are reported where it is checked). */
export function checkExprQuiet(pc: PlanContext, src: string, scope: Scope): ValueType {
  try {
    return inferType(pc, parseExpression(src) as unknown as AstNode, scope);
  } catch {
    return 'unknown';
  }
}

/** The static type of a parsed expression: literals, functions' declared results, comparisons, paths through the scope. */
function inferType(pc: PlanContext, ast: AstNode, scope: Scope, elementDataset?: string): ValueType {
  const env = pc.env;
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
    const p = pc.paramDefs[String(b.value)];
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
}

/** Reports the unknown names, variables, parameters, group keys and fields an expression reads. */
function checkNames(pc: PlanContext, ast: AstNode, src: string, pointer: string, scope: Scope, elementDataset?: string): void {
  const { env, paramDefs, add, dsFields } = pc;
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
            add(pointer, problemOf('exprUnknownParameter', { src, name: String(p.value) }), didYouMean(String(p.value), Object.keys(paramDefs)));
          }
        } else if (v !== 'asOf' && v !== '' && v !== '$') {
          add(pointer, problemOf('exprUnknownVariable', { src, name: v }));
        }
      } else if (first?.type === 'name') {
        const name = String(first.value);
        if (top && elemDs && env.registry.field(elemDs, name)) {
          ds = undefined;
        } else if (top) {
          const entry = scope.get(name);
          if (!entry) {
            add(pointer, problemOf('exprUnknownName', { src, name }), didYouMean(name, [...scope.keys()]));
          } else {
            const second = steps[1];
            if (second?.type === 'name') {
              const f = String(second.value);
              if (entry.keys && !(f in entry.keys)) add(pointer, problemOf('exprNoKey', { src, name, key: f }), didYouMean(f, Object.keys(entry.keys)));
              if (entry.dataset && env.registry.get(entry.dataset) && !env.registry.field(entry.dataset, f)) {
                add(pointer, problemOf('exprUnknownField', { src, dataset: entry.dataset, field: f }), didYouMean(f, dsFields(entry.dataset)));
              }
            }
            ds = entry.dataset;
          }
        } else if (elemDs && env.registry.get(elemDs) && !env.registry.field(elemDs, name)) {
          add(pointer, problemOf('exprUnknownField', { src, dataset: elemDs, field: name }), didYouMean(name, dsFields(elemDs)));
        }
      }
      for (const s of steps) for (const st of s.stages ?? []) visit(st.expr, false, ds ?? elemDs);
      for (const s of steps) if (s.type !== 'name' && s.type !== 'variable') visit(s, top, elemDs);
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'procedure' && typeof v === 'object') visit(v, top, elemDs);
  };
  visit(ast, true, elementDataset);
}
