// The read floor: DuckDB (@duckdb/node-api, 2 threads, in memory) reading every CSV file of a
// county folder into tables, with its own type detection — what any engine must at least pay to
// read the data. Usage: node bench/read-floor.mjs DIR → one JSON line.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
const t0 = performance.now();
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await inst.connect();
let rows = 0;
for (const f of files) {
  const table = `"${path.basename(f, '.csv')}"`;
  await conn.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${path.join(dir, f).replaceAll("'", "''")}', header = true)`);
  const r = await conn.runAndReadAll(`SELECT count(*) FROM ${table}`);
  rows += Number(r.getRows()[0][0]);
}
const ms = performance.now() - t0;
// CPU time of every thread of the process (DuckDB's included): comparable on a busy machine.
const cpu = process.cpuUsage();
conn.closeSync?.();
console.log(
  JSON.stringify({
    dir,
    files: files.length,
    bytes: files.reduce((a, f) => a + statSync(path.join(dir, f)).size, 0),
    rows,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
