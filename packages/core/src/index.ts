/**
 * `@sunshine/core`: the canonical data model, the rule DSL, the planner and the in-process
 * executor.
 *
 * Rule testing and the reference oracles (`runRuleTests`, `fixtureTables`, `compileCondition`,
 * `checkWithJsonRulesEngine`, `JSON_RULES_ENGINE_OPERATORS`, `benford`) live in
 * `@sunshine/core/testing`.
 * @packageDocumentation
 */
export * from './errors.js';
export { redactUrl } from './redact-url.js';
export * from './schema/index.js';
export * from './source/source.js';
export * from './source/load-data.js';
export * from './source/latest-date.js';
export * from './findings/finding.js';
export * from './engine/engine-types.js';
export * from './engine/create-engine.js';
export * from './engine/load-packs.js';
export * from './engine/validate-rules.js';
export * from './engine/describe-rule.js';
export type { SunshinePlugin, FindingSink } from './engine/plugin.js';
export * from './dsl/rule-schema.js';
export { completeRule, completeText } from './dsl/complete-rule.js';
export { PROBLEM_MESSAGES, problemOf, problemText, type ProblemCode, type ProblemLang, type ProblemParams, type ProblemText } from './dsl/problem-messages.js';
export { readPacks, formatProblem, formatProblemIn, isFixtureFile, type ValidationProblem, type PackRule, type LoadedPack } from './dsl/load-pack.js';
export { didYouMean, type DidYouMeanOptions } from './dsl/did-you-mean.js';
export { compileExpression, parseExpression, ExpressionError, EvaluationError, AmountError, type EvaluationCode, type CompiledExpr, type ExprEnv, type Node as ExpressionNode } from './dsl/expression.js';
export { BUILTIN_FUNCTIONS, type FunctionName, type FunctionDef, type RuleFunction, type FunctionRuntime } from './dsl/functions.js';
export { BUILTIN_OPERATORS, type OperatorName, type OperatorDef, type OperatorFn, type OperandKind } from './dsl/operators.js';
export { planRule } from './plan/plan-rule.js';
export { resolveParams } from './plan/resolve-params.js';
export type { Problem, PlanEnvironment } from './plan/plan-context.js';
export type * from './plan/rule-plan.js';
// Executor internals that @sunshine/sql builds on: it fetches a rule's candidate rows from the
// database into a DataRuntime subclass (rows keyed by compositeKey) and runs compileRule over them.
// Exported for that package only; not a stable API for programs — use createEngine / Engine.run.
export { compileRule, type CompileRuleOptions, type CompiledRule } from './exec/compile-rule.js';
export { DataRuntime, compositeKey, type Rec } from './exec/data-runtime.js';
export type { ExecEnvironment } from './exec/rule-compilation.js';
export type { AggregateImpl } from './dsl/aggregates.js';
export type { ConditionTrace } from './exec/compile-condition.js';
export type { RuleExplanation } from './exec/explain.js';
export { fingerprintOf } from './exec/templates/emit.js';
export { RuleTimeoutError } from './exec/rule-budget.js';
