/**
 * A run without an asOf (no `--as-of`, no `as_of` in the request) is as of the latest date in
 * the imported data — never the server's clock — and is recorded so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/index.js';
import { AS_OF, startFixture, type Fixture } from './server-fixture.js';

describe('a run without asOf', () => {
  let fx: Fixture;
  beforeAll(async () => {
    // The server's clock is two years after the data: a wall-clock default would show.
    fx = await startFixture({ asOf: undefined, run: false, now: () => new Date('2026-12-01T09:00:00Z') });
  });
  afterAll(() => fx.close());

  it('takes the latest date in the imported data', async () => {
    const jw = await fx.as('jw');
    expect((await jw.post('/api/imports', { kind: 'configured' })).status).toBe(201);
    const run = await jw.post<RunSummary>('/api/runs', {});
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.as_of).toBe(AS_OF);
    const given = await jw.post<RunSummary>('/api/runs', { as_of: '2024-06-30' });
    expect(given.body.as_of).toBe('2024-06-30');
  });
});
