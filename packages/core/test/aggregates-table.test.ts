/**
 * The aggregates table (src/dsl/aggregates.ts): each built-in's implementation on a table of
 * cases, and each name documented in docs/rules-dsl.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AggregateOps, BUILTIN_AGGREGATES, builtinAggregate, type AggregateOp } from '../src/dsl/aggregates.js';

/** Runs a fold aggregate over `values` (each element is its own value). */
function fold(op: AggregateOp, values: readonly unknown[], hasValue = true): unknown {
  const def = BUILTIN_AGGREGATES[op];
  if (def.kind !== 'fold') throw new Error(`${op} is not a fold`);
  return def.compile<undefined>({ elements: () => values, valueOf: (e) => e, hasValue })(undefined);
}

describe('fold aggregates', () => {
  const cases: [AggregateOp, readonly unknown[], unknown][] = [
    ['count', [1, null, 3, undefined], 2],
    ['countDistinct', ['a', 'b', 'a', null], 2],
    ['countDistinct', Array.from({ length: 20 }, (_, i) => i % 5), 5],
    ['sum', [100, 250, null, 'x'], 350],
    ['sum', [], 0],
    ['min', [3, null, 1, 2], 1],
    ['max', [3, null, 1, 2], 3],
    ['min', [], undefined],
    ['median', [4, 1, 3, 2], 2.5],
    ['median', [], undefined],
    ['avg', [1, 2, 'x', 6], 3],
    ['avg', [], undefined],
  ];
  it.each(cases)('%s of %j is %j', (op, values, expected) => {
    expect(fold(op, values)).toEqual(expected);
  });

  it('count without field or value counts the elements, null ones too', () => {
    expect(fold('count', [1, null, undefined], false)).toBe(3);
  });

  it('benford: shares of first digits and their mean absolute deviation', () => {
    const r = fold('benford', [1, 10, 0.2, 300, 0, 'x']) as { mad: number; count: number; shares: number[] };
    expect(r.count).toBe(4);
    expect(r.shares.slice(0, 3)).toEqual([0.5, 0.25, 0.25]);
  });
});

describe('the table', () => {
  it('has exactly the names of AggregateOps, and no others answer', () => {
    expect(Object.keys(BUILTIN_AGGREGATES)).toEqual([...AggregateOps]);
    expect(builtinAggregate('toString')).toBeUndefined();
    expect(builtinAggregate('range')).toBeUndefined();
  });

  it('types results from the values', () => {
    expect(BUILTIN_AGGREGATES.count.result('money')).toBe('integer');
    expect(BUILTIN_AGGREGATES.sum.result('money')).toBe('money');
    expect(BUILTIN_AGGREGATES.avg.result('money')).toBe('money');
    expect(BUILTIN_AGGREGATES.avg.result('integer')).toBe('number');
    expect(BUILTIN_AGGREGATES.baseline.result('unknown')).toBe('record');
  });

  it('every aggregate has its row in docs/rules-dsl.md', () => {
    const md = readFileSync(path.resolve(import.meta.dirname, '../../../docs/rules-dsl.md'), 'utf8');
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    for (const op of AggregateOps) expect(rows.some((r) => r.split('|')[1]!.includes(`\`${op}\``)), op).toBe(true);
  });
});
