/**
 * Notifications: each newly pushed alert (and each transfer and escalation) is written to a
 * persistent outbox in the same transaction as the change, for every configured receiver whose
 * routing takes it; a background worker delivers the outbox — HTTP POST to a webhook (json,
 * wecom, dingtalk, feishu) or e-mail over SMTP — and retries a failed delivery with exponential
 * backoff. Nothing here ever blocks a run or a request: a receiver that is down only delays its
 * own notices.
 */
import { randomUUID } from 'node:crypto';
import { ServerError } from '../server-error.js';
import { dueNotices, enqueueNotices, markAttemptFailed, markDelivered, noticeAlert, type OutboxRow } from '../store/outbox.js';
import type { AlertRow } from '../store/rows.js';
import type { SqlExecutor } from '../store/sql-database.js';
import { NOTIFY_FORMATS, noticeBody, noticeFacts, type NoticeEvent, type NotifyFormat } from './notification-formats.js';
import type { AlertNotice, ServiceContext } from './service-context.js';
import { parseSmtpUrl, sendMail } from './smtp-client.js';

/** Attempts in flight at once per receiver. */
const PER_TARGET = 4;

/** A receiver of notices. */
export interface NotifyTarget {
  /** An http(s) webhook URL, or `smtp://[user:pass@]host[:port]?from=…&to=…` for e-mail. */
  readonly url: string;
  /**
   * The message shape (`email` for an smtp:// URL).
   * @default 'json'
   */
  readonly format?: NotifyFormat | undefined;
  /**
   * Only alerts of these departments (codes); `discipline` also takes every escalation. All
   * alerts when absent.
   */
  readonly departments?: readonly string[] | undefined;
}

export interface NotifyOptions {
  readonly targets: readonly NotifyTarget[];
  /** The server's address as people reach it, for the link back to the alert (default: the listening URL). */
  readonly linkBase?: string | undefined;
  /**
   * Delay before the first retry; doubled each attempt up to `maxDelayMs`.
   * @default 30000
   */
  readonly retryBaseMs?: number | undefined;
  /** @default 3600000 (one hour) */
  readonly maxDelayMs?: number | undefined;
  /**
   * Attempts before a notice is given up (it stays in the outbox, marked failed).
   * @default 12
   */
  readonly maxAttempts?: number | undefined;
  /**
   * Milliseconds between the worker's looks at the outbox (it also looks right after a change).
   * @default 15000
   */
  readonly pollMs?: number | undefined;
  /** @default 10000 */
  readonly timeoutMs?: number | undefined;
}

/**
 * Parses a `--notify` value: `URL`, or `CODES=URL` to route (`NY,MZ=https://…`,
 * `discipline=https://…`).
 */
export function parseNotifyFlag(value: string, format: string = 'json'): NotifyTarget {
  const m = /^([A-Za-z0-9_]+(?:,[A-Za-z0-9_]+)*)=((?:https?|smtp):\/\/.*)$/.exec(value);
  const url = m ? m[2]! : value;
  if (!/^(https?|smtp):\/\//.test(url)) throw new ServerError('CONFIG', `\`--notify\` takes URL or CODES=URL with an http(s):// or smtp:// URL, got \`${value}\``);
  if (!(NOTIFY_FORMATS as readonly string[]).includes(format) || format === 'email') throw new ServerError('CONFIG', `\`--notify-format\` must be json, wecom, dingtalk or feishu, got \`${format}\``);
  if (url.startsWith('smtp://')) parseSmtpUrl(url);
  return { url, format: url.startsWith('smtp://') ? 'email' : (format as NotifyFormat), ...(m ? { departments: m[1]!.split(',') } : {}) };
}

function formatOf(t: NotifyTarget): NotifyFormat {
  return t.url.startsWith('smtp://') ? 'email' : (t.format ?? 'json');
}

/** Whether a target takes a notice of this alert. */
function takes(t: NotifyTarget, a: AlertRow, event: NoticeEvent): boolean {
  if (!t.departments) return true;
  if (event === 'escalate' && t.departments.includes('discipline')) return true;
  return a.department_code !== null && t.departments.includes(a.department_code);
}

/** The outbox and its delivery worker. */
export class Notifications {
  readonly ctx: ServiceContext;
  readonly options: NotifyOptions;
  linkBase: string;
  #timer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<string>();
  readonly #perTarget = new Map<string, number>();
  readonly #pending = new Set<Promise<boolean>>();
  #closed = false;

  constructor(ctx: ServiceContext, options: NotifyOptions) {
    this.ctx = ctx;
    this.options = options;
    this.linkBase = options.linkBase ?? 'http://127.0.0.1:8080';
    ctx.onNotify = (tx, notices) => this.enqueue(tx, notices);
  }

  /** Writes the notices of these alerts to the outbox (inside the caller's transaction). */
  async enqueue(tx: SqlExecutor, notices: readonly AlertNotice[]): Promise<void> {
    const now = this.ctx.nowIso();
    const rows: Parameters<typeof enqueueNotices>[1][number][] = [];
    for (const n of notices) {
      const a = await noticeAlert(tx, n.alertId);
      if (!a) continue;
      for (const t of this.options.targets) {
        if (!takes(t, a, n.event)) continue;
        const format = formatOf(t);
        rows.push({ id: randomUUID(), created_at: now, alert_id: a.id, event: n.event, target: t.url, format, payload: noticeBody(noticeFacts(a, n.event, this.linkBase), format), next_attempt_at: now });
      }
    }
    await enqueueNotices(tx, rows);
    if (rows.length) setTimeout(() => void this.deliver(), 20).unref();
  }

  /** Starts the worker's timer. */
  start(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => void this.deliver(), this.options.pollMs ?? 15_000);
    this.#timer.unref();
    void this.deliver();
  }

  /** Stops the timer (attempts in flight end by their own timeout). */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    // Attempts in flight end by their own timeout; they are not waited for (a slow receiver must not hold up a shutdown).
    return Promise.resolve();
  }

  /**
   * Starts a delivery attempt for every notice due now that is not already in flight (at most
   * `PER_TARGET` at a time per receiver, so one slow receiver holds up only its own notices);
   * resolves, with the number delivered, when the attempts started here have ended.
   */
  async deliver(): Promise<number> {
    if (this.#closed) return 0;
    let due: OutboxRow[];
    try {
      due = await dueNotices(this.ctx.store.db, this.ctx.nowIso(), 500);
    } catch {
      return 0;
    }
    const started: Promise<boolean>[] = [];
    for (const n of due) {
      if (this.#inFlight.has(n.id)) continue;
      const busy = this.#perTarget.get(n.target) ?? 0;
      if (busy >= PER_TARGET) continue;
      this.#inFlight.add(n.id);
      this.#perTarget.set(n.target, busy + 1);
      const attempt = this.#attempt(n).finally(() => {
        this.#inFlight.delete(n.id);
        this.#perTarget.set(n.target, (this.#perTarget.get(n.target) ?? 1) - 1);
        // A freed slot: the receiver's next notice may go.
        if (!this.#closed) setTimeout(() => void this.deliver(), 0).unref();
      });
      this.#pending.add(attempt);
      void attempt.finally(() => this.#pending.delete(attempt));
      started.push(attempt);
    }
    return (await Promise.all(started)).filter(Boolean).length;
  }

  async #attempt(n: OutboxRow): Promise<boolean> {
    const attempts = n.attempts + 1;
    const db = this.ctx.store.db;
    try {
      await this.#send(n);
      await markDelivered(db, n.id, attempts, this.ctx.nowIso());
      return true;
    } catch (e) {
      const base = this.options.retryBaseMs ?? 30_000;
      const delay = Math.min(base * 2 ** (attempts - 1), this.options.maxDelayMs ?? 3_600_000);
      const now = this.ctx.now().getTime();
      const giveUp = attempts >= (this.options.maxAttempts ?? 12);
      await markAttemptFailed(db, n.id, attempts, (e as Error).message, new Date(now + delay).toISOString(), giveUp ? new Date(now).toISOString() : null).catch(() => undefined);
      if (!giveUp && !this.#closed) setTimeout(() => void this.deliver(), delay + 5).unref();
      return false;
    }
  }

  async #send(n: OutboxRow): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    if (n.format === 'email') {
      const { subject, text } = JSON.parse(n.payload) as { subject: string; text: string };
      await sendMail(parseSmtpUrl(n.target), subject, text, { timeoutMs, now: this.ctx.now() });
      return;
    }
    const res = await fetch(n.target, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: n.payload, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    // The robot webhooks answer 200 with an error code in the body.
    if (n.format !== 'json' && text) {
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      const code = body?.['errcode'] ?? body?.['code'] ?? body?.['StatusCode'];
      if (code !== undefined && code !== 0) throw new Error(`refused: ${text.slice(0, 200)}`);
    }
  }
}
