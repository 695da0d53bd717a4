/**
 * json-rules-engine as the semantic reference. Our batch path never runs it (an engine run
 * per record is far too slow for a county), but explain replays the explained verdict through
 * it: every leaf's fact value and resolved comparison value become json-rules-engine facts and
 * literals, its own operators judge json-rules-engine's vocabulary, and its `all`/`any`/`not`
 * combine them. The differential test does the same for random conditions.
 */
import { Engine as JreEngine, type TopLevelCondition, type NestedCondition } from 'json-rules-engine';
import type { OperatorDef } from '../dsl/operators.js';
import { JSON_RULES_ENGINE_OPERATORS } from '../dsl/operators.js';
import type { ConditionTrace } from './compile-condition.js';

const OWN = new Set<string>(JSON_RULES_ENGINE_OPERATORS);

/** The verdict json-rules-engine reaches on the same leaf values. */
export interface JsonRulesEngineVerdict {
  readonly result: boolean;
  /** Whether it equals our compiled verdict. */
  readonly agrees: boolean;
}

/** Rebuilds a traced condition as a json-rules-engine condition over one fact per leaf. */
function toJre(trace: ConditionTrace, facts: Record<string, unknown>): NestedCondition {
  switch (trace.kind) {
    case 'all':
      return { all: trace.children.map((c) => toJre(c, facts)) };
    case 'any':
      return { any: trace.children.map((c) => toJre(c, facts)) };
    case 'not':
      return { not: toJre(trace.child, facts) };
    case 'leaf': {
      const id = `leaf${Object.keys(facts).length}`;
      facts[id] = trace.factValue;
      return { fact: id, operator: trace.operator, value: (trace.value ?? null) as string };
    }
  }
}

/**
 * Replays a condition trace through json-rules-engine.
 *
 * @example
 * ```ts
 * const ex = engine.explain(data, 'deceased-payee', 'P1')!;
 * const jre = await checkWithJsonRulesEngine(ex.conditions, engine.environment.operators);
 * jre.agrees; // true
 * ```
 */
export async function checkWithJsonRulesEngine(trace: ConditionTrace, operators: Readonly<Record<string, OperatorDef>>): Promise<JsonRulesEngineVerdict> {
  const facts: Record<string, unknown> = {};
  const root = toJre(trace, facts);
  const top: TopLevelCondition = 'all' in root || 'any' in root || 'not' in root ? (root) : { all: [root] };
  const engine = new JreEngine([], { allowUndefinedFacts: true });
  for (const [name, def] of Object.entries(operators)) {
    if (OWN.has(name)) continue;
    // A traced `matches` pattern is its text; the operator compiles text patterns itself.
    engine.addOperator(name, (a: unknown, b: unknown) => def.fn(a, b));
  }
  engine.addRule({ conditions: top, event: { type: 'match' } });
  const { events } = await engine.run(facts);
  const result = events.length > 0;
  return { result, agrees: result === trace.result };
}
