/**
 * Operators given operands of a type that makes jsonata fail whenever both are present: text,
 * dates or periods in arithmetic (`subject.name - 1`: T2001), a number compared with a text or
 * a date (`subject.amount > subject.pay_date`: T2009), a boolean compared by `<` (T2010). Such a
 * rule would stop on its first record; `validate` says so instead, with the operator's position.
 */
import type { ValueType } from './rule-plan.js';

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

const KIND: Readonly<Partial<Record<ValueType, string>>> = { string: 'text', date: 'a date (text)', period: 'a period (text)', boolean: 'a boolean', money: 'money (a number of fen)', integer: 'a number', number: 'a number' };

export interface OperandProblem {
  readonly message: string;
  readonly position: number | undefined;
}

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
        if (bad) out.push({ position: node.position, message: `\`${src}\`: \`${op}\` needs numbers, but one side is ${KIND[bad]}; jsonata fails on it (T2001/T2002) — compare dates as text, or use $daysBetween / $number` });
      } else if (ORDER.has(op)) {
        if ((NUMBER.has(l) && TEXT.has(r)) || (TEXT.has(l) && NUMBER.has(r))) {
          out.push({ position: node.position, message: `\`${src}\`: \`${op}\` compares ${KIND[l]} with ${KIND[r]}; jsonata fails on it (T2009) — compare values of one kind` });
        } else if (l === 'boolean' || r === 'boolean') {
          out.push({ position: node.position, message: `\`${src}\`: \`${op}\` cannot order booleans; jsonata fails on it (T2010)` });
        }
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'position' && typeof v === 'object') visit(v);
  };
  visit(ast);
  return out;
}
