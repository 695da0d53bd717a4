/**
 * Notifications on a generated county: a run posts each pushed alert to local webhook
 * receivers in each format (json, wecom, dingtalk, feishu — checked against the robots'
 * documented message shapes) and by e-mail to a local SMTP server; routing per department; a
 * receiver that fails at first gets the notice again after a backoff; one that never answers
 * does not hold up the run; a transferred alert reaches the new department's receiver, an
 * escalated one the discipline commission's.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allNotices } from '../src/store/outbox.js';
import { startFixture, type Fixture } from './server-fixture.js';

interface Hit {
  path: string;
  at: number;
  body: Record<string, unknown>;
}

const waitFor = async (what: string, ok: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A tiny SMTP server: records each message's envelope and data. */
function smtpServer(mails: { from: string; to: string[]; data: string }[]): TcpServer {
  return createTcpServer((sock) => {
    sock.setEncoding('utf8');
    let mail = { from: '', to: [] as string[], data: '' };
    let inData = false;
    let buf = '';
    sock.write('220 test ESMTP\r\n');
    sock.on('data', (d: string) => {
      buf += d;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          mails.push(mail);
          mail = { from: '', to: [], data: '' };
          sock.write('250 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (/^EHLO/i.test(line)) sock.write('250-test\r\n250 AUTH PLAIN\r\n');
        else if (/^MAIL FROM:/i.test(line)) {
          mail.from = line.slice(10).replace(/[<>]/g, '');
          sock.write('250 ok\r\n');
        } else if (/^RCPT TO:/i.test(line)) {
          mail.to.push(line.slice(8).replace(/[<>]/g, ''));
          sock.write('250 ok\r\n');
        } else if (/^DATA/i.test(line)) {
          inData = true;
          sock.write('354 go on\r\n');
        } else if (/^QUIT/i.test(line)) {
          sock.write('221 bye\r\n');
          sock.end();
        } else sock.write('502 no\r\n');
      }
    });
  });
}

describe('notifications: webhooks in four formats, e-mail, retries, routing', () => {
  let fx: Fixture;
  let http: Server;
  let smtp: TcpServer;
  let base: string;
  const hits: Hit[] = [];
  const hanging: ServerResponse[] = [];
  const mails: { from: string; to: string[]; data: string }[] = [];
  let flakyFailures = 0;
  let flakyId: string | undefined;
  let offset = new Date('2025-01-06T09:00:00Z').getTime() - Date.now();
  let runMs = 0;

  beforeAll(async () => {
    http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        const path = req.url ?? '';
        if (path === '/hang') return void hanging.push(res);
        hits.push({ path, at: Date.now(), body: JSON.parse(data) as Record<string, unknown> });
        // The first notice it sees fails twice (503), then goes through.
        if (path === '/flaky') flakyId ??= (JSON.parse(data) as { id: string }).id;
        if (path === '/flaky' && (JSON.parse(data) as { id: string }).id === flakyId && flakyFailures < 2) {
          flakyFailures++;
          res.writeHead(503).end('busy');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(path === '/feishu' ? '{"code":0,"msg":"success"}' : path === '/json' ? '' : '{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    smtp = smtpServer(mails);
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.address() as { port: number }).port;
    const t0 = Date.now();
    fx = await startFixture({
      now: () => new Date(Date.now() + offset),
      sessionHours: 24 * 365,
      notify: {
        linkBase: 'https://sunshine.example.gov.cn',
        retryBaseMs: 100,
        pollMs: 100,
        timeoutMs: 60_000,
        targets: [
          { url: `${base}/json` },
          { url: `${base}/wecom`, format: 'wecom', departments: ['MZ'] },
          { url: `${base}/ding`, format: 'dingtalk', departments: ['RS'] },
          { url: `${base}/feishu`, format: 'feishu', departments: ['NY'] },
          { url: `${base}/flaky`, format: 'json', departments: ['RS'] },
          { url: `${base}/hang`, format: 'json', departments: ['MZ'] },
          { url: `${base}/jw`, format: 'json', departments: ['discipline'] },
          { url: `smtp://127.0.0.1:${smtpPort}?from=sunshine@county.example&to=mz@county.example`, departments: ['MZ'] },
        ],
      },
    });
    runMs = Date.now() - t0;
  }, 180_000);
  afterAll(async () => {
    for (const r of hanging) r.destroy();
    await (fx as Fixture | undefined)?.close();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    await new Promise((r) => smtp.close(r));
  });

  it('posts each pushed alert (id, rule, title, department, town, village, severity, amount, link) as JSON', async () => {
    const jw = await fx.as('jw');
    const pushed = (await jw.get<{ alerts: { id: string; rule: string; department_code: string; severity: string; amount: number | null; village_code: string | null; town_code: string | null; title: { zh: string } }[] }>('/api/alerts?state=pushed&limit=500')).body.alerts;
    expect(pushed.length).toBeGreaterThan(20);
    await waitFor('every pushed alert at /json', () => hits.filter((h) => h.path === '/json').length >= pushed.length);
    const json = hits.filter((h) => h.path === '/json');
    expect(json.length).toBe(pushed.length);
    const a = pushed[0]!;
    expect(json.find((h) => h.body['id'] === a.id)!.body).toEqual({
      event: 'push',
      id: a.id,
      seq: expect.any(Number) as number,
      rule: a.rule,
      title: { zh: a.title.zh, en: expect.any(String) as string },
      department: a.department_code,
      town: a.town_code,
      village: a.village_code,
      severity: a.severity,
      amount: a.amount,
      state: 'pushed',
      link: `https://sunshine.example.gov.cn/#/alerts/${a.id}`,
    });
    // The hanging receiver never answered, yet the run (in the fixture) had finished.
    expect(hanging.length).toBeGreaterThan(0);
    expect(runMs).toBeLessThan(120_000);
  });

  it('speaks each robot webhook’s documented shape, routed by department, in Chinese with a link', async () => {
    const jw = await fx.as('jw');
    const count = async (d: string) => (await jw.get<{ total: number }>(`/api/alerts?state=pushed&department_code=${d}&limit=1`)).body.total;
    await waitFor('routed webhooks', () => hits.filter((h) => h.path === '/wecom').length > 0 && hits.filter((h) => h.path === '/ding').length > 0 && hits.filter((h) => h.path === '/feishu').length > 0);
    expect(hits.filter((h) => h.path === '/wecom').length).toBe(await count('MZ'));
    expect(hits.filter((h) => h.path === '/ding').length).toBe(await count('RS'));
    expect(hits.filter((h) => h.path === '/feishu').length).toBe(await count('NY'));
    // WeCom: {msgtype: "markdown", markdown: {content}}
    const wecom = hits.find((h) => h.path === '/wecom')!.body;
    expect(Object.keys(wecom).sort()).toEqual(['markdown', 'msgtype']);
    expect(wecom['msgtype']).toBe('markdown');
    const content = (wecom['markdown'] as { content: string }).content;
    expect(Object.keys(wecom['markdown'] as object)).toEqual(['content']);
    expect(content).toMatch(/新预警推送/);
    expect(content).toMatch(/责任部门：MZ/);
    expect(content).toMatch(/\[查看预警\]\(https:\/\/sunshine\.example\.gov\.cn\/#\/alerts\/[\w-]+\)/);
    // DingTalk: {msgtype: "markdown", markdown: {title, text}}
    const ding = hits.find((h) => h.path === '/ding')!.body;
    expect(ding['msgtype']).toBe('markdown');
    expect(Object.keys(ding['markdown'] as object).sort()).toEqual(['text', 'title']);
    expect((ding['markdown'] as { title: string }).title).toMatch(/^【阳光监督】/);
    expect((ding['markdown'] as { text: string }).text).toMatch(/责任部门：RS[\s\S]*\[查看预警\]\(https:/);
    // Feishu: {msg_type: "post", content: {post: {zh_cn: {title, content: [[{tag, text}], [{tag: "a", text, href}]]}}}}
    const feishu = hits.find((h) => h.path === '/feishu')!.body as { msg_type: string; content: { post: { zh_cn: { title: string; content: { tag: string; text: string; href?: string }[][] } } } };
    expect(feishu.msg_type).toBe('post');
    expect(feishu.content.post.zh_cn.title).toMatch(/^【阳光监督】新预警推送：/);
    const paragraphs = feishu.content.post.zh_cn.content;
    expect(paragraphs.every((p) => p.every((e) => (e.tag === 'text' || e.tag === 'a') && typeof e.text === 'string'))).toBe(true);
    expect(paragraphs.at(-1)![0]).toMatchObject({ tag: 'a', text: '查看预警', href: expect.stringMatching(/^https:\/\/sunshine\.example\.gov\.cn\/#\/alerts\//) as string });
    expect(paragraphs.flat().some((e) => e.text === '责任部门：NY')).toBe(true);
  });

  it('retries a failed delivery from the outbox with growing delays', async () => {
    const jw = await fx.as('jw');
    const rs = (await jw.get<{ total: number }>('/api/alerts?state=pushed&department_code=RS&limit=1')).body.total;
    const notices = () => allNotices(fx.server.store.db).then((rows) => rows.filter((r) => r.target.endsWith('/flaky')));
    await waitFor('flaky delivered', () => hits.filter((h) => h.path === '/flaky').length >= rs + 2);
    await new Promise((r) => setTimeout(r, 300));
    const rows = await notices();
    expect(rows.length).toBe(rs);
    expect(rows.every((r) => r.delivered_at !== null)).toBe(true);
    const retried = rows.filter((r) => r.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    // The same notice three times (two 503s, then 200), each wait longer than the one before.
    const byId = new Map<unknown, number[]>();
    for (const h of hits.filter((x) => x.path === '/flaky')) byId.set(h.body['id'], [...(byId.get(h.body['id']) ?? []), h.at]);
    const times = [...byId.values()].find((t) => t.length === 3);
    expect(times, 'a notice delivered on its third attempt').toBeDefined();
    expect(times![1]! - times![0]!).toBeGreaterThanOrEqual(90);
    expect(times![2]! - times![1]!).toBeGreaterThanOrEqual(190);
    // The hanging receiver's notices wait in the outbox, undelivered.
    const stuck = (await allNotices(fx.server.store.db)).filter((r) => r.target.endsWith('/hang'));
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.every((r) => r.delivered_at === null)).toBe(true);
  });

  it('e-mails through SMTP: a UTF-8 subject and body with the link', async () => {
    await waitFor('e-mail', () => mails.length > 0);
    const m = mails[0]!;
    expect(m.from).toBe('sunshine@county.example');
    expect(m.to).toEqual(['mz@county.example']);
    const subject = /^Subject: =\?UTF-8\?B\?([^?]+)\?=/m.exec(m.data)![1]!;
    expect(Buffer.from(subject, 'base64').toString('utf8')).toMatch(/^【阳光监督】新预警推送：/);
    const body = Buffer.from(m.data.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(body).toMatch(/责任部门：MZ/);
    expect(body).toMatch(/查看预警：https:\/\/sunshine\.example\.gov\.cn\/#\/alerts\//);
  });

  it('notifies the new department of a transferred alert, and the discipline commission of an escalated one', async () => {
    const mz = await fx.as('mz');
    const target = (await mz.get<{ alerts: { id: string }[] }>('/api/alerts?state=pushed&limit=1')).body.alerts[0]!;
    const r = await mz.post(`/api/alerts/${target.id}/transitions`, { action: 'transfer', reason: '属人社局职责', department_code: 'RS' });
    expect(r.status).toBe(200);
    await waitFor('transfer at /ding', () => hits.some((h) => h.path === '/ding' && (h.body['markdown'] as { title: string }).title.includes('转交')));
    expect(hits.filter((h) => h.path === '/json' && h.body['event'] === 'transfer').map((h) => [h.body['id'], h.body['department']])).toEqual([[target.id, 'RS']]);
    expect(hits.some((h) => h.path === '/jw')).toBe(false);
    offset += 60 * 86_400_000;
    const jw = await fx.as('jw');
    const n = (await jw.post<{ escalated: number }>('/api/escalations')).body.escalated;
    expect(n).toBeGreaterThan(0);
    await waitFor('escalations at /jw', () => hits.filter((h) => h.path === '/jw').length >= n);
    expect(hits.filter((h) => h.path === '/jw').every((h) => h.body['event'] === 'escalate')).toBe(true);
  });
});
