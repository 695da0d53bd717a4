/**
 * A minimal SMTP client over node:net (RFC 5321): EHLO, optional AUTH PLAIN, MAIL FROM, RCPT
 * TO, DATA, QUIT — enough to hand a notice to the county's mail relay. UTF-8 subject and body
 * (base64). No TLS: use a relay on a trusted network (or a local one that forwards).
 */
import { createConnection, type Socket } from 'node:net';

export interface SmtpTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string | null;
  readonly password: string | null;
  readonly from: string;
  readonly to: readonly string[];
}

/** Parses `smtp://[user:pass@]host[:port]?from=a@x&to=b@y,c@z`. */
export function parseSmtpUrl(url: string): SmtpTarget {
  const u = new URL(url);
  if (u.protocol !== 'smtp:') throw new Error(`not an smtp:// URL: ${url}`);
  const from = u.searchParams.get('from');
  const to = (u.searchParams.get('to') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!from || to.length === 0) throw new Error('an smtp:// notify URL needs ?from=ADDRESS&to=ADDRESS[,ADDRESS…]');
  return { host: u.hostname, port: u.port ? Number(u.port) : 25, user: u.username ? decodeURIComponent(u.username) : null, password: u.password ? decodeURIComponent(u.password) : null, from, to };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The message (headers and a base64 UTF-8 body), dot-stuffing not needed for base64 lines. */
export function smtpMessage(t: SmtpTarget, subject: string, text: string, date: Date): string {
  const body = b64(text).replace(/.{1,76}/g, '$&\r\n');
  return [
    `From: ${t.from}`,
    `To: ${t.to.join(', ')}`,
    `Subject: =?UTF-8?B?${b64(subject)}?=`,
    `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** Sends one message; rejects with the server's reply when a step is refused. */
export async function sendMail(t: SmtpTarget, subject: string, text: string, options: { timeoutMs?: number; now?: Date } = {}): Promise<void> {
  const socket: Socket = createConnection({ host: t.host, port: t.port });
  socket.setEncoding('utf8');
  socket.setTimeout(options.timeoutMs ?? 15_000, () => socket.destroy(new Error('SMTP timeout')));
  let buf = '';
  const waiters: ((reply: string) => void)[] = [];
  let failed: Error | undefined;
  const replies: string[] = [];
  socket.on('data', (d: string) => {
    buf += d;
    let m: RegExpExecArray | null;
    // A reply ends with a line `NNN text` (not `NNN-text`).
    while ((m = /^(\d{3})[ ](.*)\r?\n/m.exec(buf))) {
      const end = m.index + m[0].length;
      const reply = buf.slice(0, end);
      buf = buf.slice(end);
      const w = waiters.shift();
      if (w) w(reply);
      else replies.push(reply);
    }
  });
  const closed = new Promise<void>((_, reject) => {
    socket.on('error', (e) => {
      failed = e;
      reject(e);
    });
  });
  closed.catch(() => undefined);
  const reply = (): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      if (failed) return reject(failed);
      const r = replies.shift();
      if (r !== undefined) return resolve(r);
      waiters.push(resolve);
      socket.once('error', reject);
      socket.once('close', () => reject(failed ?? new Error('SMTP connection closed')));
    });
  const expect = async (code: string, what: string): Promise<void> => {
    const r = await reply();
    if (!r.startsWith(code)) throw new Error(`SMTP ${what} refused: ${r.trim()}`);
  };
  const send = (line: string) => socket.write(`${line}\r\n`);
  try {
    await expect('220', 'greeting');
    send('EHLO sunshine');
    await expect('250', 'EHLO');
    if (t.user !== null) {
      send(`AUTH PLAIN ${Buffer.from(`\u0000${t.user}\u0000${t.password ?? ''}`).toString('base64')}`);
      await expect('235', 'AUTH');
    }
    send(`MAIL FROM:<${t.from}>`);
    await expect('250', 'MAIL FROM');
    for (const to of t.to) {
      send(`RCPT TO:<${to}>`);
      await expect('25', `RCPT TO ${to}`);
    }
    send('DATA');
    await expect('354', 'DATA');
    socket.write(`${smtpMessage(t, subject, text, options.now ?? new Date())}\r\n.\r\n`);
    await expect('250', 'the message');
    send('QUIT');
    await reply().catch(() => undefined);
  } finally {
    socket.end();
    socket.destroy();
  }
}
