// One scale of the whole-library benchmark, in its own process so that peak RSS is its own.
// Usage: node bench/whole-library.mjs DIR  → prints one JSON line.
import { core, load, records, rssMb, stdlibRules } from './bench-lib.mjs';

const dir = process.argv[2];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { data, ms: loadMs } = await load(dir);
const rules = await stdlibRules();
const engine = core.createEngine({ rules, asOf: '2024-12-31' });
const t1 = performance.now();
const result = engine.runSync(data);
const runMs = performance.now() - t1;
// CPU time (all threads: the collector's helpers too), for comparing runs on a shared machine.
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
const n = records(data);
const slowest = [...result.stats].sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => `${s.rule} ${Math.round(s.ms)} ms`);
console.log(
  JSON.stringify({
    dir,
    records: n,
    rejected: data.rejected.length,
    rules: result.rulesRun.length,
    skipped: result.rulesSkipped.length,
    findings: result.findings.length,
    loadMs: Math.round(loadMs),
    runMs: Math.round(runMs),
    indexMs: result.timings.indexMs,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    recordsPerSec: Math.round(n / (wallMs / 1000)),
    rssMb: rssMb(),
    slowest,
  }),
);
