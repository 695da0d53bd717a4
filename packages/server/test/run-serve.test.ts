/**
 * `sunshine serve` as a function: the admin command creates accounts in the state store, and
 * the server starts on the given port, answers /healthz, /openapi.json and /, and stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@sunshine/test-servers';
import { runServe, serveOptions, type ServeIo } from '../src/index.js';

function io(env: Record<string, string> = {}, stopSignal?: Promise<void>): ServeIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env, ...(stopSignal ? { stopSignal } : {}), out: () => out, err: () => err };
}

describe('runServe', () => {
  const state = mkdtempSync(join(tmpdir(), 'sunshine-serve-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it('creates accounts with --create-user and refuses bad ones', async () => {
    const ok = io({ SUNSHINE_PASSWORD: 'a-long-password' });
    expect(await runServe({ state, createUser: 'mz', role: 'department', departmentCode: 'MZ', displayName: '民政局' }, ok)).toBe(0);
    expect(ok.out()).toContain('created department account `mz` (department MZ)');
    const dup = io({ SUNSHINE_PASSWORD: 'a-long-password' });
    expect(await runServe({ state, createUser: 'mz', role: 'department', departmentCode: 'MZ' }, dup)).toBe(2);
    expect(dup.err()).toContain('exists');
    const bad = io({ SUNSHINE_PASSWORD: 'a-long-password' });
    expect(await runServe({ state, createUser: 'x', role: 'mayor' }, bad)).toBe(2);
    expect(bad.err()).toContain('`role` must be one of');
    const short = io({ SUNSHINE_PASSWORD: 'short' });
    expect(await runServe({ state, createUser: 'y', role: 'discipline' }, short)).toBe(2);
  });

  it('serves /healthz, /openapi.json and the web pages until told to stop', async () => {
    const port = await freePort();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const out = io({}, stopped);
    const running = runServe({ state, port: String(port) }, out);
    let health: Response | undefined;
    for (let i = 0; i < 100 && !health; i++) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 50));
    }
    expect(health!.status).toBe(200);
    expect(await health!.json()).toEqual({ status: 'ok' });
    const doc = (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/alerts');
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('阳光村居');
    stop();
    expect(await running).toBe(0);
    expect(out.out()).toContain(`listening on http://127.0.0.1:${port}`);
    expect(out.out()).toContain('stopped');
  });

  it('turns flags into options and rejects bad values', () => {
    expect(serveOptions({ port: '8081', data: 'postgres://u:p@h/db', department: ['agri=NY'], interval: '60', verifyDays: '10' })).toMatchObject({
      port: 8081,
      data: { kind: 'postgres', url: 'postgres://u:p@h/db' },
      departmentCodes: { agri: 'NY' },
      scheduleMinutes: 60,
      verifyDays: 10,
    });
    expect(serveOptions({ data: './county' })).toMatchObject({ data: { kind: 'folder', dir: './county' } });
    expect(serveOptions({ data: 'county.db' })).toMatchObject({ data: { kind: 'sqlite', file: 'county.db' } });
    expect(() => serveOptions({ department: ['agri'] })).toThrow('NAME=CODE');
    expect(() => serveOptions({ asOf: '2024/12/31' })).toThrow('YYYY-MM-DD');
  });
});

describe('the schedule', () => {
  it('imports the configured store and runs, as the timer does', async () => {
    const { startFixture } = await import('./server-fixture.js');
    const fx = await startFixture({ run: false });
    try {
      await fx.server.runScheduled();
      await fx.server.runScheduled();
      const jw = await fx.as('jw');
      const runs = (await jw.get<{ trigger: string; status: string; created_alerts: number }[]>('/api/runs')).body;
      expect(runs.map((r) => [r.trigger, r.status])).toEqual([
        ['schedule', 'done'],
        ['schedule', 'done'],
      ]);
      expect(runs[1]!.created_alerts).toBeGreaterThan(0);
      expect(runs[0]!.created_alerts).toBe(0);
      expect((await jw.get<unknown[]>('/api/imports')).body).toHaveLength(2);
    } finally {
      await fx.close();
    }
  });
});
