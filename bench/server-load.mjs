// Load test of the reference server (not a unit test): 200 citizens look up their own payments
// at the same time, over loopback only, bounded in requests and seconds. Reports p50/p99 and
// errors, and writes bench/RESULTS-server.md.
//
//   pnpm build && node bench/server-load.mjs [--scale village|tiny] [--concurrency 200] [--rounds 10] [--seconds 60]
//
// The server runs in a child process on 127.0.0.1 with a fresh SQLite state in a temp folder (or
// PostgreSQL with --database postgres://…), imports a generated county and runs the library once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { county, root } from './bench-lib.mjs';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'village' },
    concurrency: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '60' },
    database: { type: 'string' },
    'serve-child': { type: 'boolean' },
  },
});
const CONCURRENCY = Math.min(Number(values.concurrency), 1000);
const ROUNDS = Math.min(Number(values.rounds), 100);
const DEADLINE = Date.now() + Math.min(Number(values.seconds), 300) * 1000;

const PASSWORD = 'load-test-password';

if (process.argv.includes('--serve-child')) {
  // The server, in its own process (so that the load generator does not share its event loop).
  const { createServer } = await import(path.join(root, 'packages/server/dist/index.js'));
  const dir = await county(values.scale, 1);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'sunshine-load-'));
  const server = await createServer({
    host: '127.0.0.1',
    port: 0,
    ...(values.database ? { database: values.database } : { stateDir }),
    asOf: '2024-12-31',
    data: { kind: 'folder', dir },
    departmentCodes: { agri: 'NY', hrss: 'RS', medical: 'YB' },
    // Every citizen signs in from 127.0.0.1 here, like a village kiosk serving a queue of people.
    signInLimits: { perClient: 100_000 },
  });
  const base = await server.listen();
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error(`refusing to load anything but loopback: ${base}`);
  const t0 = performance.now();
  await server.service.importConfigured(undefined);
  const run = await server.service.run(undefined);
  await server.service.createUser({ username: 'jw', password: PASSWORD, role: 'discipline' });
  process.stderr.write(`server: imported and ran ${values.scale} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${run.findings} findings\n`);
  process.stdout.write(`READY ${base} ${dir}\n`);
  // Stop when the parent closes our stdin (or after the hard limit).
  const stop = async () => {
    await server.close();
    rmSync(stateDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  setTimeout(stop, 600_000).unref();
  await new Promise(() => undefined);
}

const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve-child', ...process.argv.slice(2)], { stdio: ['pipe', 'pipe', 'inherit'] });
const [base, dir] = await new Promise((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    const m = /READY (\S+) (\S+)\n/.exec(buf);
    if (m) resolve([m[1], m[2]]);
  });
  child.on('exit', (code) => reject(new Error(`the server process exited (${code})`)));
});
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error(`refusing to load anything but loopback: ${base}`);

// Citizens who were paid something: each signs in with ID number and name.
const [head, ...lines] = readFileSync(path.join(dir, 'persons.csv'), 'utf8').trim().split('\n');
const cols = head.split(',');
const paid = new Set(readFileSync(path.join(dir, 'payments.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[2]));
const persons = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]))).filter((p) => paid.has(p.id_number)).slice(0, CONCURRENCY);
if (persons.length < CONCURRENCY) process.stderr.write(`only ${persons.length} paid persons in ${values.scale}; using them all\n`);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
function summary(name, ms, errors, wallMs) {
  const s = [...ms].sort((a, b) => a - b);
  return { name, requests: ms.length + errors, errors, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.at(-1) ?? NaN, perSec: Math.round(((ms.length + errors) / wallMs) * 1000) };
}

async function timed(fn) {
  const t = performance.now();
  try {
    const res = await fn();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    await res.arrayBuffer();
    return { ms: performance.now() - t };
  } catch (e) {
    return { ms: performance.now() - t, error: e };
  }
}

// 1. Sign-in: all at once.
const tokens = new Array(persons.length);
let signInMs = [];
let signInErrors = 0;
let w = performance.now();
await Promise.all(
  persons.map(async (p, i) => {
    const t = performance.now();
    const res = await fetch(`${base}/api/auth/citizen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_number: p.id_number, name: p.name }) }).catch((e) => ({ ok: false, error: e }));
    if (!res.ok) {
      signInErrors++;
      return;
    }
    tokens[i] = (await res.json()).token;
    signInMs.push(performance.now() - t);
  }),
);
const signIn = summary('citizen sign-in (ID number + name)', signInMs, signInErrors, performance.now() - w);

// 2. Look-ups. Waves: all citizens at once, the next wave when the last answer is in (200
// concurrent look-ups, ROUNDS times). Sustained: every citizen asks again as soon as answered
// (200 always in flight). Both bounded by ROUNDS and the deadline.
async function scenario(name, mode, request) {
  const ms = [];
  let errors = 0;
  const firstErrors = [];
  const start = performance.now();
  const one = async (p, i) => {
    const x = await timed(() => request(p, tokens[i]));
    if (x.error) {
      errors++;
      if (firstErrors.length < 3) firstErrors.push(String(x.error));
    } else ms.push(x.ms);
  };
  if (mode === 'waves') {
    for (let r = 0; r < ROUNDS && Date.now() < DEADLINE; r++) await Promise.all(persons.map(one));
  } else {
    await Promise.all(
      persons.map(async (p, i) => {
        for (let r = 0; r < ROUNDS && Date.now() < DEADLINE; r++) await one(p, i);
      }),
    );
  }
  if (firstErrors.length) process.stderr.write(`${name}: ${firstErrors.join('; ')}\n`);
  return summary(name, ms, errors, performance.now() - start);
}
const auth = (token) => ({ headers: { authorization: `Bearer ${token}` } });
// A plain keep-alive HTTP client: lighter than fetch, so the load generator takes less of the
// CPU it shares with the server.
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const get = (url, token) =>
  new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve({ ok: res.statusCode === 200, status: res.statusCode, arrayBuffer: () => Promise.resolve() }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
const ownPayments = (p, token) => get(`${base}/api/citizen/payments`, token);
// One unmeasured wave first: a long-running server is past its JIT warm-up.
await Promise.all(persons.map((p, i) => ownPayments(p, tokens[i]).then((r) => r.arrayBuffer())));
const payments = await scenario(`own payments, ${persons.length} at once × ${ROUNDS} waves`, 'waves', ownPayments);
const sustained = await scenario(`own payments, ${persons.length} always in flight`, 'sustained', ownPayments);
const disclosure = await scenario(`village disclosure, ${persons.length} at once × ${ROUNDS} waves`, 'waves', (p, token) => get(`${base}/api/disclosures?village_code=${p.village_code}`, token));
const jw = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'jw', password: PASSWORD }) })).json();
const verification = await (await fetch(`${base}/api/audit/verify`, auth(jw.token))).json();
const verify = verification.ok;
agent.destroy();
child.stdin.end();
await new Promise((resolve) => child.on('exit', resolve));

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const rows = [signIn, payments, sustained, disclosure].map((s) => `| ${s.name} | ${s.requests.toLocaleString('en')} | ${s.errors} | ${f(s.p50)} | ${f(s.p90)} | ${f(s.p99)} | ${f(s.max)} | ${s.perSec.toLocaleString('en')} |`);
const cpu = os.cpus();
const report = `# Server load test

Generated by \`node bench/server-load.mjs --scale ${values.scale} --concurrency ${CONCURRENCY} --rounds ${ROUNDS}\` on ${new Date().toISOString().slice(0, 10)} — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end.

The server runs in a child process of the benchmark on 127.0.0.1 with ${values.database ? 'a PostgreSQL' : 'a fresh SQLite'} state, after importing the generated \`${values.scale}\` county and running the whole library once. ${persons.length} citizens sign in at once with ID number and name, then look up their own payments (\`GET /api/citizen/payments\`) in waves of ${persons.length} at once (the next wave when the last answer is in; one unmeasured wave first), then sustained (each asks again as soon as answered, so ${persons.length} are always in flight), then read their village's disclosure (\`GET /api/disclosures\`, each fund's latest period) in waves. Every look-up is a read of personal data and appends an entry to the hash-chained audit log (a write transaction), so these figures include that write. Audit chain intact afterwards: ${verify ? 'yes' : 'NO'} (${verification.entries} entries).

| scenario | requests | errors | p50 ms | p90 ms | p99 ms | max ms | req/s |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
console.log(report);
writeFileSync(path.join(root, 'bench', 'RESULTS-server.md'), report);
if (payments.errors + sustained.errors > 0 || !verify) process.exitCode = 1;
