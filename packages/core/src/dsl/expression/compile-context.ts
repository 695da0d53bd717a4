/**
 * What compiling one expression needs: its source (for messages), the functions it may call and
 * the variables it may read. Shared by the node compilers.
 */
import type { FunctionDef, FunctionRuntime } from '../functions.js';
import type { Node } from './ast.js';
import { ExpressionError } from './expression-error.js';
import { problemOf } from '../problem-messages.js';

/** Variables and functions an expression sees: `$params`, `$asOf`, `$fn(...)`. */
export interface ExprEnv {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly rt: FunctionRuntime;
}

/** A compiled expression: `input` is the rule context (or an element, inside a filter). */
export type CompiledExpr = (input: unknown, env: ExprEnv) => unknown;

export interface CompileOptions {
  /** Functions available besides the built-ins (plug-ins). */
  readonly functions?: Readonly<Record<string, FunctionDef>>;
  /** The variables the expression may read (`params`, `asOf`); by default any that is not a function's name. */
  readonly variables?: readonly string[];
}

export interface CompileContext {
  readonly src: string;
  readonly functions: Readonly<Record<string, FunctionDef>>;
  readonly variables: ReadonlySet<string> | undefined;
  /** Compiles a child node (with its filters and jsonata's unwrapping of one-item sequences). */
  compile(n: Node): CompiledExpr;
}

export const SUBSET =
  'paths with filters [..] and indexes, arithmetic, comparisons, and/or, in, &, ?:, array constructors [..], (blocks), and calls of the listed functions';

/** Refuses a construct outside the compiled subset, naming it and its position. */
export function unsupported(n: { position?: number | undefined }, cx: Pick<CompileContext, 'src'>, what: string): never {
  throw ExpressionError.of(problemOf('expressionOutsideSubset', { src: cx.src, what, subset: SUBSET }), n.position);
}
