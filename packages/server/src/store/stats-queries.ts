/**
 * The statistics' queries (kept out of `ServerStore`): the alert columns the statistics count,
 * within a jurisdiction, and the page-view counters (per day, page, channel and kind). Plain SQL
 * both SQLite and PostgreSQL accept.
 */
import type { SqlFilter } from '../domain/jurisdiction.js';
import type { SqlExecutor } from './sql-database.js';

/** What the statistics read of an alert. */
export interface StatsAlertRow {
  id: string;
  state: string;
  category: string;
  department_code: string | null;
  town_code: string | null;
  village_code: string | null;
  amount: number | string | null;
  recovered_amount: number | string | null;
  escalated: number;
  due_at: string | null;
  created_at: string;
  updated_at: string;
  /** JSON list of evidence records (the fund is read from it). */
  evidence: string;
}

/** The alerts within `scope`, with what the statistics count. */
export function statsAlerts(db: SqlExecutor, scope: SqlFilter): Promise<StatsAlertRow[]> {
  return db.all<StatsAlertRow>(
    `SELECT id, state, category, department_code, town_code, village_code, amount, recovered_amount, escalated, due_at, created_at, updated_at, evidence FROM alerts WHERE ${scope.where} ORDER BY seq`,
    [...scope.params],
  );
}

export const VIEW_KINDS = ['view', 'lookup'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** Counts one page view or look-up. */
export async function countView(db: SqlExecutor, day: string, page: string, channel: string, kind: ViewKind): Promise<void> {
  await db.run('INSERT INTO page_views (day, page, channel, kind, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT (day, page, channel, kind) DO UPDATE SET count = page_views.count + 1', [day, page, channel, kind]);
}

export interface ViewCountRow {
  page: string;
  channel: string;
  kind: string;
  count: number;
}

/** Views and look-ups per page, channel and kind (days summed), optionally from a day on. */
export async function viewCounts(db: SqlExecutor, fromDay?: string): Promise<ViewCountRow[]> {
  const rows = await db.all<{ page: string; channel: string; kind: string; count: number | string }>(
    `SELECT page, channel, kind, SUM(count) AS count FROM page_views${fromDay ? ' WHERE day >= ?' : ''} GROUP BY page, channel, kind ORDER BY page, channel, kind`,
    fromDay ? [fromDay] : [],
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}
