/**
 * Rule expressions: jsonata syntax, compiled to closures with jsonata 2.2's semantics for the
 * subset rules need (see `expression/compile-expression.ts`), refused outside it.
 */
export { parseExpression, rootNames, calledFunctions, usedVariables, type Node } from './expression/ast.js';
export { compileExpression } from './expression/compile-expression.js';
export type { CompileOptions, CompiledExpr, ExprEnv } from './expression/compile-context.js';
export { AmountError, ExpressionError, EvaluationError, type EvaluationCode } from './expression/expression-error.js';
export { compareNumbers, compareValues } from './expression/compile-operators.js';
export { stepReader } from './expression/step-reader.js';
