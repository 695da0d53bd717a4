/**
 * `sunshine serve --notify URL --notify-format FORMAT --run`: the first run posts each pushed
 * alert to a local webhook receiver; the flags are checked (`CODES=URL` routing, smtp:// URLs,
 * formats, `--responsible`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@sunshine/test-servers';
import { runServe, serveOptions } from '../src/index.js';
import { AS_OF, countyDir } from './server-fixture.js';

describe('serve --notify', () => {
  const state = mkdtempSync(join(tmpdir(), 'sunshine-notify-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it('parses the flags', () => {
    expect(serveOptions({ notify: ['http://a.example/hook', 'NY,MZ=https://b.example/x?key=1', 'smtp://relay:2525?from=s@x&to=a@x,b@x'], notifyFormat: 'dingtalk', notifyLink: 'https://sunshine.example' }).notify).toEqual({
      targets: [
        { url: 'http://a.example/hook', format: 'dingtalk' },
        { url: 'https://b.example/x?key=1', format: 'dingtalk', departments: ['NY', 'MZ'] },
        { url: 'smtp://relay:2525?from=s@x&to=a@x,b@x', format: 'email' },
      ],
      linkBase: 'https://sunshine.example',
    });
    expect(() => serveOptions({ notify: ['ftp://x'] })).toThrow(/--notify/);
    expect(() => serveOptions({ notify: ['http://x'], notifyFormat: 'telegram' })).toThrow(/--notify-format/);
    expect(() => serveOptions({ notify: ['smtp://relay:25'] })).toThrow(/from=/);
    expect(() => serveOptions({ notifyFormat: 'wecom' })).toThrow(/go with `--notify URL`/);
    expect(serveOptions({ responsible: ['large-cash-expense=department', 'category:contract=town'] }).responsible).toEqual({ 'large-cash-expense': 'department', 'category:contract': 'town' });
    expect(() => serveOptions({ responsible: ['x=mayor'] })).toThrow(/--responsible/);
  });

  it('a run with --notify posts each pushed alert to a local webhook receiver (wecom format)', async () => {
    const bodies: { msgtype: string; markdown: { content: string } }[] = [];
    const receiver: Server = createServer((req, res) => {
      let d = '';
      req.on('data', (c: Buffer) => (d += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(JSON.parse(d) as (typeof bodies)[number]);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/cgi-bin/webhook/send?key=test`;
    let stop!: () => void;
    const stopSignal = new Promise<void>((r) => (stop = r));
    let out = '';
    let err = '';
    const port = await freePort();
    const running = runServe(
      { state, port: String(port), data: await countyDir(), asOf: AS_OF, department: ['agri=NY', 'hrss=RS', 'medical=YB'], run: true, notify: [hook], notifyFormat: 'wecom', notifyLink: 'https://sunshine.example' },
      { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, stopSignal },
    );
    const end = Date.now() + 120_000;
    while (!/run #1: (\d+) findings, (\d+) new alerts/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const created = Number(/(\d+) new alerts/.exec(out)?.[1]);
    expect(created, err).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"none","password":"x"}' });
    expect(res.status).toBe(401);
    // Every pushed alert (those of a known department) reaches the receiver.
    while (bodies.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    stop();
    expect(await running).toBe(0);
    receiver.close();
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.length).toBeLessThanOrEqual(created);
    expect(bodies.every((b) => b.msgtype === 'markdown' && /^\*\*【阳光监督】新预警推送：/.test(b.markdown.content) && b.markdown.content.includes('(https://sunshine.example/#/alerts/'))).toBe(true);
  }, 180_000);
});
