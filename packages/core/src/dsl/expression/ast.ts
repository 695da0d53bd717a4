/**
 * jsonata's abstract syntax tree as the engine reads it, and what rules read from it: the names
 * an expression takes from its context, the functions it calls, the variables it uses.
 */
import jsonata from 'jsonata';
import { ExpressionError } from './expression-error.js';
import { problemOf } from '../problem-messages.js';

/**
 * A node of jsonata's abstract syntax tree (`jsonata(src).ast()`), as far as the engine reads
 * it. Exported (as `ExpressionNode`) for compilers of rule expressions, such as the SQL one.
 *
 * @example
 * ```ts
 * const ast: ExpressionNode = parseExpression('amount > 100');
 * ast.type; // 'binary'
 * ```
 */
export interface Node {
  type: string;
  value?: unknown;
  position?: number;
  steps?: Node[];
  stages?: Node[];
  expr?: Node;
  lhs?: Node;
  rhs?: Node;
  expression?: Node;
  expressions?: Node[];
  condition?: Node;
  then?: Node;
  else?: Node;
  arguments?: Node[];
  procedure?: Node;
  predicate?: Node[];
  keepArray?: boolean;
  keepSingletonArray?: boolean;
  consarray?: boolean;
  group?: unknown;
}

/** Parses jsonata source; throws {@link ExpressionError} with the position on a syntax error. */
export function parseExpression(src: string): Node {
  try {
    return jsonata(src).ast() as Node;
  } catch (e) {
    const err = e as { message?: string; position?: number; code?: string; token?: unknown; value?: unknown; value2?: unknown };
    // jsonata's code and the values its message names, for the Chinese text (jsonata-messages.ts).
    const jsonata = err.code === undefined ? undefined : Object.fromEntries(Object.entries({ code: err.code, token: err.token, value: err.value, value2: err.value2 }).filter(([, v]) => v !== undefined));
    throw ExpressionError.of(
      problemOf('expressionSyntax', { src, detail: err.message ?? String(e), ...(err.position === undefined ? {} : { position: err.position }), ...(jsonata === undefined ? {} : { jsonata }) }),
      err.position,
    );
  }
}

/** Names read from the input at the top level of an expression (its context dependencies). */
export function rootNames(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: Node | undefined, top: boolean): void => {
    if (!n) return;
    if (n.type === 'path') {
      const first = n.steps?.[0];
      if (top && first?.type === 'name') out.add(String(first.value));
      n.steps?.forEach((s, i) => {
        if (i > 0 || s.type !== 'name') walk(s, top && i === 0);
        s.stages?.forEach((st) => {
          walk(st.expr, false);
        });
      });
      return;
    }
    if (n.type === 'name') {
      if (top) out.add(String(n.value));
      n.stages?.forEach((st) => {
        walk(st.expr, false);
      });
      return;
    }
    for (const k of ['lhs', 'rhs', 'expression', 'condition', 'then', 'else', 'expr'] as const) walk(n[k], top);
    n.expressions?.forEach((x) => {
      walk(x, top);
    });
    n.arguments?.forEach((x) => {
      walk(x, top);
    });
  };
  walk(node, true);
  return [...out];
}

/** Function names an expression calls. */
export function calledFunctions(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach(walk);
      return;
    }
    const x = n as Node;
    if (x.type === 'function' && x.procedure?.type === 'variable') out.add(String(x.procedure.value));
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(node);
  return [...out];
}

/** Variables (`$name` not called as functions) an expression reads. */
export function usedVariables(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: unknown, isProc: boolean): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach((x) => {
        walk(x, false);
      });
      return;
    }
    const x = n as Node;
    if (x.type === 'variable' && !isProc && x.value !== '') out.add(String(x.value));
    for (const [k, v] of Object.entries(x)) if (typeof v === 'object') walk(v, k === 'procedure');
  };
  walk(node, false);
  return [...out];
}

