// The server's errors are core SunshineErrors: one `catch` covers every Sunshine package. The
// HTTP body of a ServerError keeps its shape: { error: { code, message, details? } }.
import { describe, expect, it } from 'vitest';
import { SunshineError } from '@sunshine/core';
import { SchemaTooNewError, ServerError } from '../src/index.js';
import { RulePrepareError, RunTimeoutError } from '../src/service/rule-runner.js';

describe("the server's errors", () => {
  it('are SunshineErrors with their codes, statuses and details unchanged', () => {
    const e = new ServerError('RATE_LIMITED', 'too many sign-in attempts', { retryAfterSeconds: 30 });
    expect(e).toBeInstanceOf(SunshineError);
    expect([e.name, e.code, e.status, e.message, e.details, 'cause' in e]).toEqual(['ServerError', 'RATE_LIMITED', 429, 'too many sign-in attempts', { retryAfterSeconds: 30 }, false]);
    expect(Object.isFrozen(e.details)).toBe(true);
    expect(new ServerError('NOT_FOUND', 'no such alert').details).toEqual({});
    const tooNew = new SchemaTooNewError(9, 7);
    expect(tooNew).toBeInstanceOf(SunshineError);
    expect([tooNew.name, tooNew.found, tooNew.known]).toEqual(['SchemaTooNewError', 9, 7]);
    for (const x of [new RulePrepareError('no plan'), new RunTimeoutError('too long')]) {
      expect(x).toBeInstanceOf(SunshineError);
      expect(x.message).toMatch(/^(no plan|too long)$/);
    }
  });
});
