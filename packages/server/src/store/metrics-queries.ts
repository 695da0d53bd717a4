/**
 * The counts `GET /metrics` exposes, read from the state database (the store's SQL, kept out
 * of the HTTP layer).
 */
import type { SqlExecutor } from './sql-database.js';

export interface StateCounts {
  readonly runs: readonly { readonly status: string; readonly n: number }[];
  /** The last finished run, if any. */
  readonly lastRun: { readonly started_at: string; readonly finished_at: string; readonly status: string } | undefined;
  readonly alerts: readonly { readonly state: string; readonly n: number }[];
  /** Alerts escalated for overdue verification and still open. */
  readonly escalatedOpen: number;
  /** Entries in the audit log (its last sequence number). */
  readonly auditEntries: number;
}

export async function stateCounts(db: SqlExecutor): Promise<StateCounts> {
  const runs = await db.all<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM runs GROUP BY status ORDER BY status');
  const lastRun = await db.get<{ started_at: string; finished_at: string; status: string }>('SELECT started_at, finished_at, status FROM runs WHERE finished_at IS NOT NULL ORDER BY seq DESC LIMIT 1');
  const alerts = await db.all<{ state: string; n: number | string }>('SELECT state, COUNT(*) AS n FROM alerts GROUP BY state ORDER BY state');
  const escalated = await db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM alerts WHERE escalated = 1 AND state IN ('pushed', 'verifying')");
  const audit = await db.get<{ n: number | string | null }>('SELECT MAX(seq) AS n FROM audit_log');
  return {
    runs: runs.map((r) => ({ status: r.status, n: Number(r.n) })),
    lastRun,
    alerts: alerts.map((r) => ({ state: r.state, n: Number(r.n) })),
    escalatedOpen: Number(escalated?.n ?? 0),
    auditEntries: Number(audit?.n ?? 0),
  };
}
