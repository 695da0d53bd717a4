/**
 * Sign-in cannot be turned into a weapon (issue #16, item 6): failures slow the guesser down
 * progressively, per account and per address, but the rightful owner is never locked out;
 * `trustProxy` takes the client address from X-Forwarded-For only when asked; every attempt —
 * refused and malformed included — is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInLimiter } from '../src/index.js';
import { PASSWORD, startFixture, type Fixture } from './server-fixture.js';

describe('SignInLimiter', () => {
  it('delays progressively after the free failures, per account and per address, and caps the account delay', () => {
    const l = new SignInLimiter({ perKey: 3, baseDelayMs: 1000, maxAccountDelayMs: 30_000 });
    let t = 0;
    for (let i = 0; i < 3; i++) {
      expect(l.admit('10.0.0.1', 'user:jw', t).ok).toBe(true);
      l.fail('10.0.0.1', 'user:jw', t);
    }
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = l.admit('10.0.0.1', 'user:jw', t);
      expect(r.ok).toBe(false);
      const wait = r.ok ? 0 : r.retryAfterSeconds;
      waits.push(wait);
      t += wait * 1000;
      expect(l.admit('10.0.0.1', 'user:jw', t).ok).toBe(true);
      l.fail('10.0.0.1', 'user:jw', t);
    }
    // Growing waits for the guessing address …
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(waits.at(-1)).toBeGreaterThan(waits[0]!);
    // … while another address waits at most the account cap (30 s), never a lock.
    const other = l.admit('10.0.0.9', 'user:jw', t);
    expect(other.ok ? 0 : other.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it('lets an address the account signed in from before through at once', () => {
    const l = new SignInLimiter({ perKey: 3 });
    l.succeed('192.168.1.5', 'user:jw');
    for (let i = 0; i < 50; i++) l.fail(`10.0.${i}.1`, 'user:jw', 1000 + i);
    expect(l.admit('192.168.1.5', 'user:jw', 2000).ok).toBe(true);
    expect(l.admit('10.9.9.9', 'user:jw', 2000).ok).toBe(false);
  });
});

describe('sign-in over HTTP', () => {
  let fx: Fixture;
  let clock = Date.now();
  beforeAll(async () => {
    fx = await startFixture({ run: false, now: () => new Date(clock) });
    await fx.as('jw'); // the tests read the audit log as jw, signed in from 127.0.0.1
  });
  afterAll(() => fx.close());

  const login = (password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    fx.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jw', password }, remoteAddress, headers });

  it('twenty wrong passwords from one address do not lock the discipline commission out', async () => {
    expect((await login(PASSWORD, '192.168.1.5')).statusCode).toBe(200);
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      const r = await login('wrong-password', '10.66.0.1');
      if (r.statusCode === 429) refused++;
      else expect(r.statusCode).toBe(401);
      clock += 1000;
    }
    expect(refused).toBeGreaterThan(0);
    // The owner's usual address: at once.
    expect((await login(PASSWORD, '192.168.1.5')).statusCode).toBe(200);
    // A new address of the owner: at most the account's short delay, then in.
    const first = await login(PASSWORD, '172.16.0.7');
    if (first.statusCode === 429) {
      const wait = Number(first.headers['retry-after']);
      expect(wait).toBeLessThanOrEqual(30);
      clock += wait * 1000;
    }
    expect((await login(PASSWORD, '172.16.0.7')).statusCode).toBe(200);
    // The guessing address itself is slowed down more and more.
    await login('wrong-password', '10.66.0.1');
    const again = await login('wrong-password', '10.66.0.1');
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(16);
  });

  it('audits refused and malformed attempts', async () => {
    const jw = await fx.as('jw');
    const malformed = await fx.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jw' }, remoteAddress: '10.77.0.1' });
    expect(malformed.statusCode).toBe(400);
    const notJson = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', headers: { 'content-type': 'application/json' }, payload: '{"id_number":', remoteAddress: '10.77.0.1' });
    expect(notJson.statusCode).toBe(400);
    const crossSite = await fx.server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: { username: 'jw', password: 'x' }, remoteAddress: '10.78.0.1' });
    expect(crossSite.statusCode).toBe(403);
    const log = (await jw.get<{ action: string; target: string; detail: string }[]>('/api/audit?limit=200')).body;
    expect(log.filter((e) => e.action === 'auth.malformed' && e.detail.includes('10.77.0.1'))).toHaveLength(2);
    expect(log.filter((e) => e.action === 'auth.refused' && e.detail.includes('10.78.0.1'))).toHaveLength(1);
    expect(log.filter((e) => e.action === 'auth.refused' && e.detail.includes('10.66.0.1')).length).toBeGreaterThan(0);
  });

  it('takes the client address from X-Forwarded-For only behind a trusted proxy', async () => {
    const jw = await fx.as('jw');
    await login('wrong-password', '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' });
    let log = (await jw.get<{ action: string; detail: string }[]>('/api/audit?limit=5')).body;
    expect(log.find((e) => e.action === 'auth.fail')!.detail).toContain('"client":"127.0.0.1"');
    const { createServer } = await import('../src/index.js');
    const proxied = await createServer({ stateDir: fx.stateDir, trustProxy: '127.0.0.1' });
    try {
      await proxied.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jw', password: 'wrong-password' }, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
      log = (await jw.get<{ action: string; detail: string }[]>('/api/audit?limit=5')).body;
      expect(log.find((e) => e.action === 'auth.fail')!.detail).toContain('"client":"203.0.113.9"');
    } finally {
      await proxied.close();
    }
  });
});

describe('serve --trust-proxy', () => {
  it('passes the proxy list through', async () => {
    const { serveOptions } = await import('../src/index.js');
    expect(serveOptions({ trustProxy: '10.0.0.1,loopback' })).toMatchObject({ trustProxy: '10.0.0.1,loopback' });
    expect(serveOptions({ trustProxy: 'true' })).toMatchObject({ trustProxy: true });
  });
});
