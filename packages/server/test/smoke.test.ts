import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './server-fixture.js';

describe('smoke', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());
  it('works', async () => {
    expect((await fx.anonymous.get('/healthz')).body).toEqual({ status: 'ok' });
    const jw = await fx.as('jw');
    const alerts = await jw.get<{ total: number; alerts: { state: string; department_code: string }[] }>('/api/alerts?limit=500');
    console.log(alerts.status, alerts.body.total, alerts.body.alerts.map((a) => `${a.department_code}:${a.state}`).join(' '));
    const runs = await jw.get('/api/runs');
    console.log(JSON.stringify(runs.body).slice(0, 1000));
  });
});
