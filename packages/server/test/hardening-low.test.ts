/**
 * The low-severity defects of issue #16 (item 8), each with the safe outcome: a run killed
 * mid-way is marked failed at start-up; old imports' records are pruned; attachments have a
 * quota and a sanitised media type served with `nosniff`; cookies can be `Secure` and
 * cross-site state changes are refused; the SQLite state is private (0600); a village account
 * needs a village that exists; an error about a huge expression does not echo it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AlertDetail, type ImportSummary, type RunSummary } from '../src/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

describe('item 8', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ keepImports: 2, maxAttachmentBytesPerAlert: 3 * 1024 * 1024 });
  });
  afterAll(() => fx.close());

  it('marks a run the server was killed during as failed when it starts again', async () => {
    const imp = (await fx.server.store.latestImport())!;
    const stuck = await fx.server.store.insertRun({ id: 'stuck-run', import_id: imp.id, as_of: '2024-12-31', trigger_kind: 'manual', started_by: null, rules: '{}', params: '{}' });
    expect(stuck.status).toBe('running');
    const again = await createServer({ stateDir: fx.stateDir });
    try {
      const run = (await again.store.runById('stuck-run'))!;
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/stopped/);
    } finally {
      await again.close();
    }
  });

  it('keeps the records of the last imports only (keepImports)', async () => {
    const jw = await fx.as('jw');
    for (let i = 0; i < 2; i++) expect((await jw.post('/api/imports', { kind: 'configured' })).status).toBe(201);
    const imports = (await jw.get<ImportSummary[]>('/api/imports')).body;
    expect(imports.length).toBeGreaterThanOrEqual(3);
    const count = async (id: string) => (await fx.server.store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM import_records WHERE import_id = ?', [id]))!.n;
    expect(await count(imports[0]!.id)).toBeGreaterThan(0);
    expect(await count(imports[1]!.id)).toBeGreaterThan(0);
    expect(await count(imports.at(-1)!.id)).toBe(0);
    expect(imports.at(-1)!.records_kept).toBe(false);
    expect(imports[0]!.records_kept).toBe(true);
    const r = await jw.post<{ error: { message: string } }>('/api/runs', { import_id: imports.at(-1)!.id });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/no longer kept/);
  });

  describe('attachments', () => {
    let alertId: string;
    beforeAll(async () => {
      alertId = (await (await fx.as('jw')).get<{ alerts: { id: string }[] }>('/api/alerts?limit=1')).body.alerts[0]!.id;
    });
    const attach = async (media_type: string, bytes = 10, name = 'a.bin') =>
      (await fx.as('jw')).post<AlertDetail & { error?: { code: string } }>(`/api/alerts/${alertId}/transitions`, { action: 'comment', reason: 'file', attachments: [{ name, media_type, content_base64: Buffer.alloc(bytes, 65).toString('base64') }] });

    it('sanitises the media type (a non-Latin-1 one no longer breaks the download) and serves nosniff', async () => {
      const cases: [string, string][] = [
        ['text/plain; charset=utf-8', 'text/plain; charset=utf-8'],
        ['图片/png', 'application/octet-stream'],
        ['text/html', 'application/octet-stream'],
        ['image/svg+xml', 'application/octet-stream'],
        ['IMAGE/PNG', 'image/png'],
      ];
      for (const [given, served] of cases) {
        const r = await attach(given, 10, `${served.replace(/\W/g, '')}.bin`);
        expect(r.status, given).toBe(200);
        const a = r.body.attachments.at(-1)!;
        const res = await fx.server.app.inject({ method: 'GET', url: `/api/alerts/${alertId}/attachments/${a.id}`, headers: { authorization: `Bearer ${(await fx.server.service.signIn('jw', 'correct-horse-battery', '127.0.0.1')).token}` } });
        expect(res.statusCode, given).toBe(200);
        expect(res.headers['content-type'], given).toBe(served);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('refuses attachments past the per-alert quota', async () => {
      expect((await attach('application/pdf', 1024 * 1024)).status).toBe(200);
      expect((await attach('application/pdf', 1024 * 1024)).status).toBe(200);
      const over = await attach('application/pdf', 1024 * 1024);
      expect(over.status).toBe(413);
      expect(over.body.error!.code).toBe('TOO_LARGE');
    });
  });

  it('every response says nosniff', async () => {
    const r = await fx.server.app.inject({ method: 'GET', url: '/healthz' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a state-changing request from another origin; same origin and no Origin (API clients) pass', async () => {
    const token = (await fx.server.service.signIn('jw', 'correct-horse-battery', '127.0.0.1')).token;
    const post = (headers: Record<string, string>) => fx.server.app.inject({ method: 'POST', url: '/api/escalations', headers: { host: 'sunshine.example', cookie: `sunshine_session=${token}`, ...headers } });
    expect((await post({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post({ origin: 'https://sunshine.example' })).statusCode).toBe(200);
    expect((await post({})).statusCode).toBe(200);
    // Sign-in is a state change too.
    expect((await fx.server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'sunshine.example', origin: 'https://evil.example' }, payload: { username: 'jw', password: 'x' } })).statusCode).toBe(403);
  });

  it('sets Secure on the session cookie when asked', async () => {
    const secure = await createServer({ stateDir: fx.stateDir, secureCookie: true });
    try {
      const r = await secure.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jw', password: 'correct-horse-battery' } });
      expect(r.statusCode).toBe(200);
      expect(String(r.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
    const plain = await fx.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jw', password: 'correct-horse-battery' } });
    expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('keeps the SQLite state private (0600)', () => {
    expect(statSync(join(fx.stateDir, 'sunshine.db')).mode & 0o777).toBe(0o600);
  });

  it('refuses a village account for a village that does not exist', async () => {
    const jw = await fx.as('jw');
    const r = await jw.post<{ error: { message: string } }>('/api/users', { username: 'ghost', password: 'long-enough-1', role: 'village', village_code: '371426001299' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/371426001299/);
    expect((await jw.post('/api/users', { username: 'v201b', password: 'long-enough-1', role: 'village', village_code: '371426001201' })).status).toBe(201);
  });

  it('does not echo a 1 MB expression back', async () => {
    const jw = await fx.as('jw');
    const huge = `subject.amount + ${'('.repeat(10)}${'x'.repeat(1024 * 1024)}`;
    const rule = { id: 'huge', version: '1.0.0', category: 'payment', severity: 'low', title: { zh: 'x', en: 'x' }, description: { zh: 'x', en: 'x' }, subject: { dataset: 'payments' }, facts: { f: { expr: huge, type: 'number' } }, conditions: { all: [{ fact: 'f', operator: 'greaterThan', value: 0 }] }, key: '{{subject.payment_id}}', message: { zh: 'x', en: 'x' } };
    for (const url of ['/api/rules/validate', '/api/rules/custom']) {
      const r = await fx.server.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${(await fx.server.service.signIn('jw', 'correct-horse-battery', '127.0.0.1')).token}` }, payload: { rule } });
      expect(r.statusCode, url).toBe(url.endsWith('validate') ? 200 : 422);
      expect(r.body.length, url).toBeLessThan(8 * 1024);
      expect(r.body, url).toMatch(/not valid|does not validate|problem|expression/i);
    }
    expect((await jw.get<{ id: string }[]>('/api/rules')).body.some((x) => x.id === 'huge')).toBe(false);
  });

  it('a run over kept records still works after pruning', async () => {
    const r = await (await fx.as('jw')).post<RunSummary>('/api/runs', {});
    expect(r.status).toBe(201);
  });
});

describe('serve flags of item 8', () => {
  it('--keep-imports and --secure-cookie', async () => {
    const { serveOptions } = await import('../src/index.js');
    expect(serveOptions({ keepImports: '5', secureCookie: true })).toMatchObject({ keepImports: 5, secureCookie: true });
    expect(() => serveOptions({ keepImports: '0' })).toThrow('--keep-imports');
  });
});

describe('serve --allow-origin', () => {
  it('lets a listed origin change things', async () => {
    const { serveOptions } = await import('../src/index.js');
    const opts = serveOptions({ allowOrigin: ['https://sunshine.example'] });
    expect(opts).toMatchObject({ allowedOrigins: ['https://sunshine.example'] });
    const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'sunshine-origin-'));
    const server = await createServer({ ...opts, stateDir: dir });
    try {
      const post = (origin: string) => server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: '127.0.0.1:8080', origin }, payload: { username: 'nobody', password: 'x' } });
      expect((await post('https://sunshine.example')).statusCode).toBe(401);
      expect((await post('https://evil.example')).statusCode).toBe(403);
    } finally {
      await server.close();
    }
  });
});
