/**
 * What a hostile caller, a careless clerk and a crash do to the server (issue #16): each probe
 * gives the safe outcome.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './server-fixture.js';

/** Sends the head of a request announcing `length` bytes, then only `sent` of them; resolves to the status line the server answers with (or 'no answer' after `waitMs`). */
function partialPost(base: string, path: string, length: number, sent: number, headers: Record<string, string> = {}, waitMs = 3000): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const t = setTimeout(() => {
      socket.destroy();
      resolve('no answer');
    }, waitMs);
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      const line = got.split('\r\n')[0]!;
      if (got.includes('\r\n')) {
        clearTimeout(t);
        socket.destroy();
        resolve(line);
      }
    });
    socket.on('error', () => undefined);
    const head = [`POST ${path} HTTP/1.1`, `Host: ${url.host}`, 'Content-Type: application/json', `Content-Length: ${length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.write(head);
    socket.write(`{"username":"${'x'.repeat(Math.max(0, sent - 16))}`);
  });
}

describe('hardening', () => {
  let fx: Fixture;
  let base: string;
  beforeAll(async () => {
    fx = await startFixture({ port: 0 });
    base = await fx.server.listen();
  });
  afterAll(() => fx.close());

  describe('request bodies (item 2)', () => {
    it('a public route refuses a 50 MB body with 413 at once, before it arrives', async () => {
      expect(await partialPost(base, '/api/auth/login', 50 * 1024 * 1024, 1000)).toMatch(/^HTTP\/1\.1 413/);
      expect(await partialPost(base, '/api/auth/citizen', 50 * 1024 * 1024, 1000)).toMatch(/^HTTP\/1\.1 413/);
    });

    it('an unknown route does not read a large body either', async () => {
      expect(await partialPost(base, '/api/nowhere', 50 * 1024 * 1024, 1000)).toMatch(/^HTTP\/1\.1 (404|413)/);
    });

    it('an authenticated route answers 401 before reading the body', async () => {
      expect(await partialPost(base, '/api/imports/upload', 50 * 1024 * 1024, 1000)).toMatch(/^HTTP\/1\.1 401/);
      expect(await partialPost(base, '/api/alerts/x/transitions', 50 * 1024 * 1024, 1000)).toMatch(/^HTTP\/1\.1 401/);
    });

    it('a chunked public body is cut off at the limit with 413', async () => {
      const r = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode(`{"username":"${'x'.repeat(200_000)}`));
            c.close();
          },
        }),
        duplex: 'half',
      });
      expect(r.status).toBe(413);
    });

    it('a flood of large sign-in bodies leaves /healthz fast and is not buffered', async () => {
      // The flood comes from another process, so that only the server's own work is measured:
      // six clients each announce 50 MB and push as much of it as the server takes.
      const url = new URL(base);
      const script = `
        const { connect } = require('node:net');
        const chunk = Buffer.alloc(1024 * 1024, 0x78);
        for (let i = 0; i < 6; i++) {
          const s = connect(${Number(url.port)}, '${url.hostname}');
          s.on('error', () => {});
          s.write('POST /api/auth/login HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nContent-Length: ${50 * 1024 * 1024}\\r\\n\\r\\n');
          let sent = 0;
          const pump = () => { while (sent < 50 && !s.destroyed) { sent++; if (!s.write(chunk)) return s.once('drain', pump); } s.end(); };
          pump();
        }
        setTimeout(() => process.exit(0), 3000);`;
      const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const before = process.memoryUsage().rss;
      await new Promise((r) => setTimeout(r, 200));
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        times.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
      await exited;
      // (The first answer also opens the connection.)
      expect(Math.max(...times.slice(1))).toBeLessThan(100);
      // Six 50 MB bodies were announced: none of them was kept.
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    });

    it('a signed-in staff route still takes the bodies it needs (attachments, uploads)', async () => {
      const jw = await fx.as('jw');
      const big = Buffer.alloc(1024 * 1024, 1).toString('base64');
      const alerts = await jw.get<{ alerts: { id: string }[] }>('/api/alerts?limit=1');
      const r = await jw.post(`/api/alerts/${alerts.body.alerts[0]!.id}/transitions`, { action: 'comment', reason: 'scan', attachments: [{ name: 'scan.pdf', media_type: 'application/pdf', content_base64: big }] });
      expect(r.status).toBe(200);
    });
  });

  describe('a careless import (item 4)', () => {
    it('refuses an empty folder, /etc and a folder that lost most payments; keeps serving the last good import; force overrides', async () => {
      const jw = await fx.as('jw');
      const before = (await jw.get<{ id: string }[]>('/api/imports')).body;
      const person = (await fx.server.store.db.get<{ id_number: string }>('SELECT id_number FROM registry_payments LIMIT 1'))!.id_number;
      const empty = mkdtempSync(join(tmpdir(), 'sunshine-empty-'));
      const shrunk = mkdtempSync(join(tmpdir(), 'sunshine-shrunk-'));
      try {
        for (const dir of [empty, '/etc']) {
          const r = await jw.post<{ error: { code: string; message: string } }>('/api/imports', { kind: 'folder', dir });
          expect(r.status, `${dir}: ${JSON.stringify(r.body)}`).toBe(422);
          expect(r.body.error.code).toBe('IMPORT_REFUSED');
          expect(r.body.error.message).toMatch(/persons|payments/);
        }
        const up = await jw.post<{ error: { code: string } }>('/api/imports/upload', { files: [{ name: 'persons.csv', content: `${readFileSync(join(fx.dir, 'persons.csv'), 'utf8').split('\n')[0]!}\n` }] });
        expect(up.status).toBe(422);
        cpSync(fx.dir, shrunk, { recursive: true });
        const lines = readFileSync(join(shrunk, 'payments.csv'), 'utf8').split('\n');
        writeFileSync(join(shrunk, 'payments.csv'), lines.slice(0, 50).join('\n'));
        const lost = await jw.post<{ error: { code: string; message: string } }>('/api/imports', { kind: 'folder', dir: shrunk });
        expect(lost.status).toBe(422);
        expect(lost.body.error.message).toMatch(/payments: 49 rows, where the last import .* had 1142/);
        // Nothing changed: the last good import still serves look-ups.
        expect((await jw.get<{ id: string }[]>('/api/imports')).body.map((i) => i.id)).toEqual(before.map((i) => i.id));
        expect((await jw.get<unknown[]>(`/api/people/${person}/payments`)).body.length).toBeGreaterThan(0);
        const forced = await jw.post<{ id: string }>('/api/imports', { kind: 'folder', dir: shrunk, force: true });
        expect(forced.status).toBe(201);
        const log = (await jw.get<{ action: string; detail: string }[]>('/api/audit?limit=50')).body;
        expect(log.filter((e) => e.action === 'import.refused')).toHaveLength(4);
      } finally {
        rmSync(empty, { recursive: true, force: true });
        rmSync(shrunk, { recursive: true, force: true });
        expect((await jw.post('/api/imports', { kind: 'configured' })).status).toBe(201);
      }
    });
  });
});
