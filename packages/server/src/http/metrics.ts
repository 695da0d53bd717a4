/**
 * `GET /metrics` in the Prometheus text exposition format (version 0.0.4): runs by status and
 * the last run's duration, alerts by state, the audit log's length, HTTP request latencies
 * (a histogram by method, route pattern and status) and basic process metrics.
 *
 * Who may read it: with `metricsToken`, a caller that sends `Authorization: Bearer TOKEN` (from
 * anywhere); without, only a caller on the loopback interface whose request came straight to the
 * server (no `X-Forwarded-For`: a request relayed by a reverse proxy on the same host carries one,
 * so the public cannot reach it through the proxy). Everyone else gets 404, as if there were none.
 */
import { timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stateCounts } from '../store/metrics-queries.js';
import type { SqlDatabase } from '../store/sql-database.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (l: Record<string, string>): string => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

function version(): string {
  try {
    return (createRequire(import.meta.url)('@sunshine/server/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

export interface MetricsOptions {
  /** A bearer token that lets a caller from anywhere read the metrics. */
  readonly token?: string | undefined;
}

/** Registers `GET /metrics` and the hook that times every request. */
export function registerMetrics(app: FastifyInstance, db: SqlDatabase, options: MetricsOptions = {}): void {
  const started = Date.now() / 1000 - process.uptime();
  const http = new Map<string, Histogram>();
  const build = version();

  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const key = JSON.stringify([req.method, route, String(reply.statusCode)]);
    let h = http.get(key);
    if (!h) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      http.set(key, h);
    }
    const seconds = reply.elapsedTime / 1000;
    for (const [i, b] of BUCKETS.entries()) if (seconds <= b) h.counts[i] = (h.counts[i] ?? 0) + 1;
    h.sum += seconds;
    h.count += 1;
    done();
  });

  const allowed = (req: FastifyRequest): boolean => {
    if (options.token) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const a = Buffer.from(given);
      const b = Buffer.from(options.token);
      return a.length === b.length && timingSafeEqual(a, b);
    }
    return isLoopback(req.socket.remoteAddress) && req.headers['x-forwarded-for'] === undefined && req.headers['forwarded'] === undefined;
  };

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!allowed(req)) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route GET /metrics` } });
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, samples: readonly [Record<string, string>, number][]): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [l, v] of samples) out.push(`${name}${labels(l)} ${Number.isFinite(v) ? String(v) : 'NaN'}`);
    };
    metric('sunshine_build_info', 'gauge', 'The server version.', [[{ version: build }, 1]]);

    const counts = await stateCounts(db);
    metric('sunshine_runs', 'gauge', 'Runs in the state, by status.', counts.runs.map((r) => [{ status: r.status }, r.n]));
    const last = counts.lastRun;
    if (last) {
      metric('sunshine_last_run_duration_seconds', 'gauge', 'How long the last finished run took.', [[{ status: last.status }, (Date.parse(last.finished_at) - Date.parse(last.started_at)) / 1000]]);
      metric('sunshine_last_run_finished_timestamp_seconds', 'gauge', 'When the last finished run ended (Unix time).', [[{ status: last.status }, Date.parse(last.finished_at) / 1000]]);
    }
    metric('sunshine_alerts', 'gauge', 'Alerts in the state, by lifecycle state.', counts.alerts.map((r) => [{ state: r.state }, r.n]));
    metric('sunshine_alerts_overdue', 'gauge', 'Alerts escalated for overdue verification and still open.', [[{}, counts.escalatedOpen]]);
    metric('sunshine_audit_entries', 'gauge', 'Entries in the audit log.', [[{}, counts.auditEntries]]);

    out.push('# HELP sunshine_http_request_duration_seconds Time to answer HTTP requests, by method, route pattern and status.', '# TYPE sunshine_http_request_duration_seconds histogram');
    for (const [key, h] of [...http.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [method = '', route = '', status = ''] = JSON.parse(key) as string[];
      const l = { method, route, status };
      for (const [i, b] of BUCKETS.entries()) out.push(`sunshine_http_request_duration_seconds_bucket${labels({ ...l, le: String(b) })} ${h.counts[i] ?? 0}`);
      out.push(`sunshine_http_request_duration_seconds_bucket${labels({ ...l, le: '+Inf' })} ${h.count}`);
      out.push(`sunshine_http_request_duration_seconds_sum${labels(l)} ${h.sum}`);
      out.push(`sunshine_http_request_duration_seconds_count${labels(l)} ${h.count}`);
    }

    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    metric('process_cpu_seconds_total', 'counter', 'User and system CPU time spent, in seconds.', [[{}, (cpu.user + cpu.system) / 1e6]]);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [[{}, mem.rss]]);
    metric('process_start_time_seconds', 'gauge', 'When the process started (Unix time).', [[{}, Math.floor(started)]]);
    metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use, in bytes.', [[{}, mem.heapUsed]]);
    out.push('');
    return reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').header('cache-control', 'no-store').send(out.join('\n'));
  });
}
