/**
 * The county party committee (党委, role `party`): it reads everything the discipline
 * commission reads (the whole queue, alerts, runs, imports, accounts, the audit log) and
 * changes nothing — every state-changing endpoint of the OpenAPI document answers it 403.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '../src/index.js';
import { PASSWORD, startFixture, type Caller, type Fixture } from './server-fixture.js';

describe('the party role (党委): everything the discipline commission sees, read-only', () => {
  let fx: Fixture;
  let party: Caller;
  let jw: Caller;
  beforeAll(async () => {
    fx = await startFixture();
    await fx.server.service.createUser({ username: 'dw', role: 'party', display_name: '县委 周', password: PASSWORD });
    party = await fx.as('dw');
    jw = await fx.as('jw');
  }, 120_000);
  afterAll(() => fx.close());

  it('sees the whole queue, one alert, runs, imports, accounts and the audit log', async () => {
    const me = await party.get<{ role: string }>('/api/me');
    expect(me.body.role).toBe('party');
    const mine = await party.get<{ total: number; alerts: { id: string }[] }>('/api/alerts?limit=500');
    const theirs = await jw.get<{ total: number; alerts: { id: string }[] }>('/api/alerts?limit=500');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBeGreaterThan(0);
    expect(mine.body.total).toBe(theirs.body.total);
    expect(mine.body.alerts.map((a) => a.id)).toEqual(theirs.body.alerts.map((a) => a.id));
    const one = await party.get<{ actions: string[]; evidence: unknown[] }>(`/api/alerts/${mine.body.alerts[0]!.id}`);
    expect(one.status).toBe(200);
    expect(one.body.actions).toEqual([]);
    for (const url of ['/api/runs', '/api/imports', '/api/users', '/api/audit?limit=5', '/api/audit/verify', '/api/alerts/facets', '/api/rules']) {
      expect((await party.get(url)).status, url).toBe(200);
    }
  });

  it('is refused (403) by every state-changing endpoint but sign-out', async () => {
    const doc = (await fx.anonymous.get<{ paths: Record<string, Record<string, { 'x-roles': string[] }>> }>('/openapi.json')).body;
    const alertId = (await party.get<{ alerts: { id: string }[] }>('/api/alerts?limit=1')).body.alerts[0]!.id;
    const posts = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([m]) => m !== 'get').map(([m, op]) => ({ method: m, path, roles: op['x-roles'] })));
    expect(posts.length).toBeGreaterThan(10);
    let checked = 0;
    for (const { path, roles } of posts) {
      if (roles.includes('public') || path === '/api/auth/logout' || path === '/api/views') continue;
      expect(roles, path).not.toContain('party');
      const url = path.replace('{id}', path.startsWith('/api/alerts') ? alertId : 'x').replace('{attachmentId}', 'x');
      const r = await party.post(url, { action: 'comment', reason: 'x', kind: 'configured', rule: {}, enabled: false, payment_id: 'x', username: 'zz', password: 'long-enough-1', role: 'discipline' });
      expect(r.status, `POST ${url}`).toBe(403);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    // Every lifecycle action, one by one: none is the party committee's.
    for (const action of ['push', 'verify', 'confirm', 'dismiss', 'investigate', 'close', 'reopen', 'comment', 'reply', 'transfer']) {
      expect((await party.post(`/api/alerts/${alertId}/transitions`, { action, reason: 'x', department_code: 'MZ' })).status, action).toBe(403);
    }
    // Nothing changed: the alert's history has no party event.
    const events = (await jw.get<{ events: { actor_role: string }[] }>(`/api/alerts/${alertId}`)).body.events;
    expect(events.some((e) => e.actor_role === 'party')).toBe(false);
  });

  it('`sunshine serve --create-user NAME --role party` creates one', async () => {
    let out = '';
    let err = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { SUNSHINE_PASSWORD: PASSWORD } };
    const state = mkdtempSync(join(tmpdir(), 'sunshine-party-'));
    try {
      expect(await runServe({ state, createUser: 'dw', role: 'party', displayName: '县委' }, io), err).toBe(0);
      expect(out).toContain('created party account `dw`');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
