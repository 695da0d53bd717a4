// GenError is a core SunshineError: one `catch` covers every Sunshine package.
import { describe, expect, it } from 'vitest';
import { SunshineError } from '@sunshine/core';
import { GenError } from '../src/index.js';

describe('GenError', () => {
  it('is a SunshineError that keeps its code, subject and message', () => {
    const cause = new Error('disk full');
    const e = new GenError('OUTPUT', 'cannot write `out`', 'out', { cause });
    expect(e).toBeInstanceOf(SunshineError);
    expect(e).toBeInstanceOf(GenError);
    expect([e.name, e.code, e.subject, e.message, e.cause]).toEqual(['GenError', 'OUTPUT', 'out', 'cannot write `out`', cause]);
  });
});
