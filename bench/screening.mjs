// Screening one new application before payment: `engine.prepare(data).screen('payments', record)`
// over the loaded county, per record, for records the county already holds (each screened as if it
// were new). Usage: node bench/screening.mjs DIR → one JSON line.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { core, load, stdlibRules } from './bench-lib.mjs';

const dir = process.argv[2];
const { data } = await load(dir);
const rules = await stdlibRules();
const engine = core.createEngine({ rules, asOf: '2024-12-31' });
const t0 = performance.now();
const prepared = engine.prepare(data);
const prepareMs = performance.now() - t0;
const payments = data.tables.get('payments');
/**
 * CPU time of the main thread in µs (Linux: /proc/self/task/<pid>/stat, utime + stime, in
 * clock ticks of 10 ms); undefined elsewhere. On a shared machine the wall time of one
 * screening includes the time the process waits for a core; this does not.
 */
function threadCpuUs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return undefined;
  }
}
// A spread of applications: every n-th payment.
const sample = [];
for (let i = 0; i < payments.length && sample.length < 20000; i += Math.max(1, Math.floor(payments.length / 20000))) sample.push(payments[i]);
let found = 0;
for (const p of sample.slice(0, 2000)) found += prepared.screen('payments', p).length; // warm-up
const times = [];
found = 0;
const cpu0 = process.cpuUsage();
const thread0 = threadCpuUs();
for (const p of sample) {
  const t = performance.now();
  found += prepared.screen('payments', p).length;
  times.push(performance.now() - t);
}
const cpu = process.cpuUsage(cpu0);
const thread1 = threadCpuUs();
times.sort((a, b) => a - b);
const us = (ms) => Math.round(ms * 1000 * 10) / 10;
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(
  JSON.stringify({
    dir,
    applications: sample.length,
    rules: engine.plans.filter((p) => p.subject.dataset === 'payments').length,
    findings: found,
    prepareMs: Math.round(prepareMs),
    meanUs: us(mean),
    p50Us: us(times[Math.floor(times.length * 0.5)]),
    p99Us: us(times[Math.floor(times.length * 0.99)]),
    // CPU time per application: of the main thread (robust to a busy machine), and of the
    // whole process (with the garbage collector's and compiler's helper threads).
    cpuUs: thread0 === undefined ? null : Math.round(((thread1 - thread0) / sample.length) * 10) / 10,
    processCpuUs: Math.round(((cpu.user + cpu.system) / sample.length) * 10) / 10,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  }),
);
