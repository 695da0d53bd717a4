/**
 * `GET /metrics` (issue #21): Prometheus text exposition, parsed line by line — runs by status,
 * the last run's duration, alerts by state (summing to the alerts in the state), a request
 * latency histogram by route with cumulative buckets; readable from loopback without a proxy,
 * or with the bearer token from --metrics-token-file; 404 otherwise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOptions } from '../src/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text format strictly: every line a HELP, a TYPE or a sample; samples after their TYPE. */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line))) continue;
    if ((m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      expect(types.has(m[1]!), `TYPE ${m[1]} twice`).toBe(false);
      types.set(m[1]!, m[2]!);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const l of (m![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/g)) labels[l[1]!] = l[2]!;
    const name = m![1]!;
    const family = name.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(name) || types.has(family), `sample ${name} before its TYPE`).toBe(true);
    samples.push({ name, labels, value: Number(m![3]) });
  }
  return { types, samples };
}

describe('GET /metrics', () => {
  let fx: Fixture;
  let url: string;
  beforeAll(async () => {
    fx = await startFixture({ port: 0 });
    url = await fx.server.listen();
    const mz = await fx.as('mz');
    for (let i = 0; i < 3; i++) await mz.get('/api/alerts?limit=5');
  });
  afterAll(() => fx.close());

  it('answers a direct loopback caller in the Prometheus text format', async () => {
    await fetch(`${url}/healthz`);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { types, samples } = parseExposition(await res.text());
    const one = (name: string, labels: Record<string, string> = {}): number | undefined => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    expect(types.get('sunshine_runs')).toBe('gauge');
    expect(one('sunshine_runs', { status: 'done' })).toBe(1);
    expect(one('sunshine_last_run_duration_seconds', { status: 'done' })).toBeGreaterThan(0);
    const { n } = (await fx.server.store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM alerts'))!;
    const byState = samples.filter((s) => s.name === 'sunshine_alerts');
    expect(byState.reduce((t, s) => t + s.value, 0)).toBe(n);
    expect(one('sunshine_alerts', { state: 'pushed' })).toBeGreaterThan(0);
    expect(one('sunshine_audit_entries')).toBeGreaterThan(5);
    expect(one('process_resident_memory_bytes')).toBeGreaterThan(1e6);

    expect(types.get('sunshine_http_request_duration_seconds')).toBe('histogram');
    const route = { method: 'GET', route: '/api/alerts', status: '200' };
    const buckets = samples.filter((s) => s.name === 'sunshine_http_request_duration_seconds_bucket' && s.labels['route'] === '/api/alerts' && s.labels['status'] === '200');
    expect(buckets.at(-1)!.labels['le']).toBe('+Inf');
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    expect(one('sunshine_http_request_duration_seconds_count', route)).toBe(3);
    expect(buckets.at(-1)!.value).toBe(3);
    expect(one('sunshine_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
    expect(one('sunshine_http_request_duration_seconds_count', { method: 'GET', route: '/healthz', status: '200' })).toBe(1);
  });

  it('is not there for a request relayed by a proxy', async () => {
    expect((await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
  });
});

describe('GET /metrics with --metrics-token-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-metrics-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('wants the bearer token, from anywhere', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'a-metrics-token-of-some-length\n');
    const options = serveOptions({ metricsTokenFile: file });
    expect(options.metricsToken).toBe('a-metrics-token-of-some-length');
    const fx = await startFixture({ run: false, metricsToken: options.metricsToken! });
    try {
      const get = (headers: Record<string, string>) => fx.server.app.inject({ method: 'GET', url: '/metrics', headers });
      expect((await get({})).statusCode).toBe(404);
      expect((await get({ authorization: 'Bearer wrong-token-of-some-length' })).statusCode).toBe(404);
      const ok = await get({ authorization: 'Bearer a-metrics-token-of-some-length', 'x-forwarded-for': '203.0.113.9' });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('# TYPE sunshine_alerts gauge');
    } finally {
      await fx.close();
    }
    writeFileSync(file, 'short\n');
    expect(() => serveOptions({ metricsTokenFile: file })).toThrow('--metrics-token-file');
    expect(() => serveOptions({ metricsTokenFile: join(dir, 'missing') })).toThrow('cannot read');
  });
});
