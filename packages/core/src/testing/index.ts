/**
 * `@sunshine/core/testing`: what a rule's tests need and a user's program does not — the
 * fixture runner behind `sunshine test`, the fixture-table builder, and the reference oracles
 * the executors are checked against (json-rules-engine for conditions, the Benford statistic).
 *
 * ```ts
 * import { runRuleTests } from '@sunshine/core/testing';
 * const report = await runRuleTests(['rules/']);
 * ```
 * @packageDocumentation
 */
export { runRuleTests, fixtureTables, type FixtureFile, type FixtureCase, type RuleTestCase, type RuleTestReport } from './run-rule-tests.js';
export { compileCondition, type CompiledCondition, type ConditionEnvironment } from '../exec/compile-condition.js';
export { checkWithJsonRulesEngine, type JsonRulesEngineVerdict } from '../exec/json-rules-engine-check.js';
export { JSON_RULES_ENGINE_OPERATORS } from '../dsl/operators.js';
export { benford } from '../dsl/aggregates.js';
