/**
 * The notification outbox (kept out of `ServerStore`): a notice is written in the same
 * transaction as the change it reports, then delivered by a background worker that retries with
 * backoff — a delivery never blocks a run or a request, and survives a restart.
 */
import type { AlertRow } from './rows.js';
import type { SqlExecutor } from './sql-database.js';

export interface OutboxRow {
  id: string;
  seq: number;
  created_at: string;
  alert_id: string;
  /** `push`, `transfer`, `escalate`. */
  event: string;
  /** Where: an http(s) URL, or an smtp:// URL for e-mail. */
  target: string;
  /** `json`, `wecom`, `dingtalk`, `feishu`, `email`. */
  format: string;
  /** The body to send (JSON text; for e-mail, JSON of { subject, text }). */
  payload: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  failed_at: string | null;
  last_error: string | null;
}

export async function enqueueNotices(tx: SqlExecutor, rows: readonly Omit<OutboxRow, 'seq' | 'attempts' | 'delivered_at' | 'failed_at' | 'last_error'>[]): Promise<void> {
  if (rows.length === 0) return;
  const last = await tx.get<{ n: number | string | null }>('SELECT MAX(seq) AS n FROM notification_outbox');
  let seq = Number(last?.n ?? 0);
  const cols = ['id', 'seq', 'created_at', 'alert_id', 'event', 'target', 'format', 'payload', 'attempts', 'next_attempt_at'] as const;
  await tx.insertMany('notification_outbox', cols, rows.map((r) => [r.id, ++seq, r.created_at, r.alert_id, r.event, r.target, r.format, r.payload, 0, r.next_attempt_at]));
}

/** Notices due for a delivery attempt, oldest first. */
export function dueNotices(db: SqlExecutor, nowIso: string, limit = 50): Promise<OutboxRow[]> {
  return db.all<OutboxRow>('SELECT * FROM notification_outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY seq LIMIT ?', [nowIso, limit]);
}

export async function markDelivered(db: SqlExecutor, id: string, attempts: number, atIso: string): Promise<void> {
  await db.run('UPDATE notification_outbox SET delivered_at = ?, attempts = ?, last_error = NULL WHERE id = ?', [atIso, attempts, id]);
}

/** Records a failed attempt: retried at `nextIso`, or given up (`failedIso`). */
export async function markAttemptFailed(db: SqlExecutor, id: string, attempts: number, error: string, nextIso: string, failedIso: string | null): Promise<void> {
  await db.run('UPDATE notification_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, failed_at = ? WHERE id = ?', [attempts, error.slice(0, 500), nextIso, failedIso, id]);
}

export function allNotices(db: SqlExecutor): Promise<OutboxRow[]> {
  return db.all<OutboxRow>('SELECT * FROM notification_outbox ORDER BY seq');
}

/** The alert a notice reports, as the change's transaction sees it. */
export async function noticeAlert(tx: SqlExecutor, alertId: string): Promise<AlertRow | undefined> {
  return tx.get<AlertRow>('SELECT * FROM alerts WHERE id = ?', [alertId]);
}
