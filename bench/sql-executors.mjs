// The whole standard library by one SQL executor over one generated county, in its own process
// so that peak RSS is its own. Runs the built packages (dist/), like the other benchmarks.
// Usage: node [--import tsx] bench/sql-executors.mjs DIR EXECUTOR [MEMORY_LIMIT] → one JSON line
// (DuckDB: loadCpuMs, the process's user + system time, every DuckDB thread included, up to the
// end of the load).
//   in-process       the engine itself (load with the adapters, runSync), for the findings hash
//   duckdb-view      DuckDB reads the CSV folder in place (attachFolder, views: every query reads the files)
//   duckdb-table     DuckDB reads the CSV folder once into its own tables (attachFolder, mode table)
//   duckdb-load      the adapters read and validate the folder, loadTables copies it into DuckDB
//   postgres         a throw-away PostgreSQL 15 (startPostgres), loadTables, runSql
//   postgres-sharded the same across a coordinator and two shards (createShardedTables);
//                    postgres-sharded-N: N shards (1, 2, 4, …), all on this machine
// PostgreSQL's memory is sampled from /proc (PSS of the postmaster and its backends, every 250 ms
// while the event loop turns) and reported apart from the Node process's peak RSS. CPU seconds:
// the Node process's own (process.cpuUsage), and each server's (its postmaster's utime + stime
// + reaped children's, from /proc/PID/stat, read after the sessions closed), so that a figure
// taken on a loaded machine can be read next to the CPU it took. loadavg: 1-minute, before → after.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { core, load, records, rssMb, root, stdlibRules } from './bench-lib.mjs';

const [dir, executor, memoryLimit] = process.argv.slice(2);
// Killed on a time limit: exit normally so that throw-away PostgreSQL servers are stopped.
process.on('SIGTERM', () => process.exit(143));
const packages = process.env.SUNSHINE_BENCH_PACKAGES ?? path.join(root, 'packages');
const sql = await import(path.join(packages, 'sql/dist/index.js'));
const duck = await import(path.join(packages, 'sql/dist/duckdb.js'));

const rules = await stdlibRules();
const engine = core.createEngine({ rules, asOf: '2024-12-31' });
const registry = engine.environment.registry;

/** PSS (kB) of a process, or 0 when it is gone. */
function pssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process: its own, plus its reaped children's when `children`. */
function cpuSec(pid, children) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14-17 of stat (utime stime cutime cstime), here from the 3rd on: index 11..14
    const t = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return t / 100;
  } catch {
    return 0;
  }
}

/**
 * Every process (pid, parent, command line), read from /proc at most every 200 ms and shared by
 * all samplers: with a coordinator and 4 shards, five walks of /proc 4 times a second cost the
 * Node process more CPU than the finish of the rules.
 */
let procCache = { at: -Infinity, all: [] };
function allProcs() {
  const now = performance.now();
  if (now - procCache.at < 200) return procCache.all;
  const all = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      all.push({ pid: Number(p), ppid, cmd });
    } catch {
      // gone
    }
  }
  procCache = { at: now, all };
  return all;
}

/** Samples the total PSS of a PostgreSQL server (its postmaster on `port` and the postmaster's children). */
function pgSampler(port) {
  const procs = (fresh) => {
    if (fresh) procCache.at = -Infinity;
    const all = allProcs();
    const masters = all.filter((x) => x.cmd[0]?.endsWith('/postgres') && x.cmd.join(' ').includes(`-p ${port}`)).map((x) => x.pid);
    return { masters, pids: all.filter((x) => masters.includes(x.pid) || masters.includes(x.ppid)).map((x) => x.pid) };
  };
  let peak = 0;
  const sample = () => {
    const kb = procs().pids.reduce((s, pid) => s + pssKb(pid), 0);
    if (kb > peak) peak = kb;
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peak / 1024);
    },
    /** CPU seconds of the server so far: the postmaster with its reaped children (ended backends, parallel workers), and the live children. */
    cpu() {
      const { masters, pids } = procs(true);
      return pids.reduce((s, pid) => s + cpuSec(pid, masters.includes(pid)), 0);
    },
  };
}

// Progress on stderr, so that a run stopped on its time limit says how far it got.
// Per rule, when a PostgreSQL server runs it: CPU seconds of the servers (`cpuNow`) between two progress reports.
let cpuNow;
const ruleCpu = [];
let lastRule;
let lastCpu;
const nodeCpu = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
const onProgress = (p) => {
  process.stderr.write(`progress ${p.done}/${p.total} ${p.rule} ${Math.round(performance.now() - t0)} ms\n`);
  if (!cpuNow) return;
  const c = cpuNow();
  if (lastRule) ruleCpu.push({ rule: lastRule, pg: c - lastCpu });
  lastRule = p.rule;
  lastCpu = c;
};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const cpuMs = (c) => Math.round((c.user + c.system) / 1000);
// CPU time of the whole process (every DuckDB thread included) up to the end of the load.
let loadCpuMs;
let loadMs = 0;
let n = 0;
let result;
let serverMb;
let serverCpu;
let reapMs = 0;
let adaptersMs;
let shardInfo;
let loadCpu;
const loadBefore = loadavg()[0];
let note = '';
if (executor === 'in-process') {
  const { data, ms } = await load(dir);
  n = records(data);
  loadMs = ms;
  result = engine.runSync(data);
  result = { ...result, sqlStats: [] };
  note = `${data.rejected.length} rows rejected by the adapters`;
} else if (executor.startsWith('duckdb')) {
  const db = await duck.openDuckDb(memoryLimit ? { memoryLimit, threads: 2 } : { threads: 2 });
  try {
    const tl = performance.now();
    if (executor === 'duckdb-load') {
      const { data } = await load(dir);
      n = records(data);
      await sql.loadTables(db, data, registry);
      note = `${data.rejected.length} rows rejected by the adapters`;
    } else {
      const folder = await duck.attachFolder(db, dir, registry, { mode: executor === 'duckdb-view' ? 'view' : 'table' });
      for (const d of folder.datasets) n += Number((await db.query(`SELECT count(*) FROM "${d.dataset}"`)).rows[0][0]);
      note = `${folder.datasets.length} files, in-place checks found ${folder.problemCount} problems`;
    }
    loadMs = performance.now() - tl;
    loadCpuMs = cpuMs(process.cpuUsage(cpu0));
    result = await sql.runSql(engine, db, { onProgress });
  } finally {
    await db.close();
  }
} else if (executor === 'postgres' || /^postgres-sharded(-\d+)?$/.test(executor)) {
  const shardCount = executor === 'postgres' ? 0 : Number(/-(\d+)$/.exec(executor)?.[1] ?? 2);
  const servers = await import(path.join(root, 'packages/test-servers/src/index.ts'));
  const pgMod = await import(path.join(packages, 'sql/dist/postgres.js'));
  const started = [];
  try {
    const { data, ms } = await load(dir);
    n = records(data);
    const coordinator = await servers.startPostgres();
    started.push(coordinator);
    const samplers = [pgSampler(coordinator.port)];
    const db = await pgMod.openPostgres({ url: coordinator.url });
    try {
      const tl = performance.now();
      if (executor === 'postgres') {
        await sql.loadTables(db, data, registry);
        // The indexes the rules' lookups probe, as the PostgreSQL executor's users are told to make.
        if (pgMod.createLookupIndexes) note = `${(await pgMod.createLookupIndexes(db, engine.plans)).length} lookup indexes`;
      } else {
        if (!pgMod.createShardedTables) throw new Error('@sunshine/sql/postgres has no createShardedTables: the sharded executor is not built yet');
        const conns = [];
        for (let i = 0; i < shardCount; i++) {
          const s = await servers.startPostgres();
          started.push(s);
          samplers.push(pgSampler(s.port));
          conns.push(await pgMod.openPostgres({ url: s.url }));
        }
        let layout;
        try {
          layout = await pgMod.createShardedTables(db, conns, registry, data, { indexes: pgMod.lookupIndexes(engine.plans) });
          // Each server's database on disk (tables and indexes), for the sizing model.
          const mb = async (c) => Math.round(Number((await c.query('SELECT pg_database_size(current_database())')).rows[0][0]) / 2 ** 20);
          shardInfo = { coordinatorMb: await mb(db), shardMb: await Promise.all(conns.map(mb)), rowsPerShard: Object.fromEntries(layout.rows) };
        } finally {
          for (const c of conns) await c.close();
        }
        note = `coordinator + ${shardCount} shard${shardCount === 1 ? '' : 's'} (postgres_fdw), all on this machine; sharded ${layout.sharded.join(', ')}; ${(layout.replicated ?? []).length} looked-up datasets replicated on the coordinator`;
      }
      loadMs = ms + (performance.now() - tl);
      adaptersMs = Math.round(ms);
      cpuNow = () => samplers.reduce((sum, x) => sum + x.cpu(), 0);
      loadCpu = { node: Math.round(nodeCpu() * 10) / 10, server: Math.round(cpuNow() * 10) / 10 };
      result = await sql.runSql(engine, db, { onProgress });
    } finally {
      await db.close();
      serverMb = samplers.reduce((s, x) => s + x.stop(), 0);
      // The sessions' backends (and the shards' postgres_fdw ones) end with the connection: let the postmasters reap them.
      await new Promise((r) => setTimeout(r, 1000));
      reapMs = 1000;
      serverCpu = samplers.map((x) => Math.round(x.cpu() * 10) / 10);
    }
  } finally {
    for (const s of started) await s.stop();
  }
} else {
  throw new Error(`unknown executor ${executor}`);
}
const wallMs = performance.now() - t0 - reapMs;
const slowest = [...result.stats].sort((a, b) => b.ms - a.ms).slice(0, 3).map((s) => `${s.rule} ${Math.round(s.ms)} ms`);
const exact = result.sqlStats.filter((s) => s.exact).length;
console.log(
  JSON.stringify({
    dir,
    executor,
    records: n,
    rules: result.rulesRun.length,
    findings: result.findings.length,
    loadMs: Math.round(loadMs),
    ...(adaptersMs !== undefined ? { adaptersMs } : {}),
    ...(shardInfo ? { shards: shardInfo } : {}),
    ...(loadCpu ? { cpuAtLoadEnd: loadCpu } : {}),
    ...(ruleCpu.length ? { serverCpuTop: ruleCpu.sort((a, b) => b.pg - a.pg).slice(0, 8).map((r) => `${r.rule} ${r.pg.toFixed(1)} s`) } : {}),
    runMs: Math.round(wallMs - loadMs),
    wallMs: Math.round(wallMs),
    loadCpuMs,
    recordsPerSec: Math.round(n / (wallMs / 1000)),
    rssMb: rssMb(),
    serverMb,
    nodeCpuSec: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e5) / 10,
    serverCpuSec: serverCpu,
    loadavg: [loadBefore, loadavg()[0]].map((x) => Math.round(x * 10) / 10),
    candidates: result.sqlStats.reduce((s, x) => s + x.candidates, 0),
    fetched: result.sqlStats.reduce((s, x) => s + x.fetched, 0),
    exact,
    slowest,
    note,
    findingsHash: hashOf(result.findings),
  }),
);

/** A short hash of the findings, to show every executor found the same. */
function hashOf(findings) {
  let h = 0x811c9dc5;
  for (const f of findings) {
    const s = JSON.stringify(f);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
