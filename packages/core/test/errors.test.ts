// Every error core throws is a SunshineError: one `catch` (and one exit code) covers them all.
import { describe, expect, it } from 'vitest';
import { AmountError, EvaluationError, ExpressionError, RuleTimeoutError, SunshineError } from '@sunshine/core';

describe("core's errors", () => {
  it('are SunshineErrors with their own names and codes, messages unchanged', () => {
    const refused = new ExpressionError('bad', 3);
    const cases: [SunshineError, string, string][] = [
      [refused, 'ExpressionError', 'INVALID_EXPRESSION'],
      [new EvaluationError('T2001', 's'), 'EvaluationError', 'T2001'],
      [new AmountError('x * 1.5', 1.5), 'AmountError', 'AMOUNT'],
      [new RuleTimeoutError(2000), 'RuleTimeoutError', 'TIMEOUT'],
    ];
    for (const [e, name, code] of cases) {
      expect(e).toBeInstanceOf(SunshineError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(name);
      expect(e.code).toBe(code);
    }
    expect(cases[1]![0]).toBeInstanceOf(ExpressionError);
    expect(cases[1]![0].message).toBe('T2001: the left side of an arithmetic operator must be a number, got "s"');
    expect(cases[2]![0].message).toBe("the finding's `amount` (`x * 1.5`) must be whole fen or nothing, got 1.5; round it ($round(…))");
    expect(cases[3]![0].message).toBe('the rule ran longer than its time budget of 2 s');
    expect(refused.position).toBe(3);
  });
});
