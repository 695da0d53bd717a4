/**
 * Operators given operands of a type that makes jsonata fail whenever both are present: text,
 * dates or periods in arithmetic (`subject.name - 1`: T2001), a number compared with a text or
 * a date (`subject.amount > subject.pay_date`: T2009), a boolean compared by `<` (T2010). Such a
 * rule would stop on its first record; `validate` says so instead, with the operator's position.
 */
import type { ValueType } from './rule-plan.js';
import { problemOf, type ProblemText } from '../dsl/problem-messages.js';

interface Node {
  type: string;
  value?: unknown;
  position?: number;
  lhs?: Node;
  rhs?: Node;
  [k: string]: unknown;
}

const TEXT: ReadonlySet<ValueType> = new Set(['string', 'date', 'period']);
const NUMBER: ReadonlySet<ValueType> = new Set(['money', 'integer', 'number']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const ORDER = new Set(['<', '<=', '>', '>=']);

/** A problem with an operator's operands; the sentence names the operator's position. */
export type OperandProblem = ProblemText;

const position = (n: Node): { position?: number } => (n.position === undefined ? {} : { position: n.position });

/** The operand-type problems of an expression, given how to infer a sub-expression's type. */
export function checkOperandTypes(ast: unknown, src: string, typeOf: (n: Node) => ValueType): OperandProblem[] {
  const out: OperandProblem[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    const node = n as Node;
    if (node.type === 'binary' && node.lhs && node.rhs) {
      const op = String(node.value);
      const l = typeOf(node.lhs);
      const r = typeOf(node.rhs);
      if (ARITHMETIC.has(op)) {
        const bad = [l, r].find((t) => TEXT.has(t) || t === 'boolean');
        if (bad) out.push(problemOf('arithmeticOnText', { src, op, kind: bad, ...position(node) }));
      } else if (ORDER.has(op)) {
        if ((NUMBER.has(l) && TEXT.has(r)) || (TEXT.has(l) && NUMBER.has(r))) {
          out.push(problemOf('compareKinds', { src, op, left: l, right: r, ...position(node) }));
        } else if (l === 'boolean' || r === 'boolean') {
          out.push(problemOf('orderBooleans', { src, op, ...position(node) }));
        }
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'position' && typeof v === 'object') visit(v);
  };
  visit(ast);
  return out;
}
