// CliError is a core SunshineError: one `catch` covers every Sunshine package.
import { describe, expect, it } from 'vitest';
import { SunshineError } from '@sunshine/core';
import { CliError } from '../src/index.js';

describe('CliError', () => {
  it('is a SunshineError that keeps its code, exit code, Chinese message and cause', () => {
    const e = new CliError('USAGE', 'unknown flag `--x`', { zh: '未知选项 `--x`' });
    expect(e).toBeInstanceOf(SunshineError);
    expect(e).toBeInstanceOf(CliError);
    expect([e.name, e.code, e.exitCode, e.zh, e.message, 'cause' in e]).toEqual(['CliError', 'USAGE', 2, '未知选项 `--x`', 'unknown flag `--x`', false]);
    const cause = new Error('EACCES');
    const f = new CliError('BAD_INPUT', 'cannot read', { cause, exitCode: 3 });
    expect([f.code, f.exitCode, f.cause]).toEqual(['BAD_INPUT', 3, cause]);
  });
});
