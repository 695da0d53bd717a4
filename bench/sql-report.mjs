// The SQL executors' sections of `pnpm bench` (issue #9): run.mjs calls sqlSections(). Each
// measurement runs in its own child process with a time limit. Pick sections by name:
//   pnpm bench sql        the whole library at county scale by each executor
//   pnpm bench sql-x10    DuckDB over the CSV folder of a 10× county, with its peak memory
//   pnpm bench sql-three  the three core models: our DuckDB executor vs hand-written DuckDB SQL
//   pnpm bench sql-scale  DuckDB reading the folder in place at 1×, 2× and 4× county
// A partial run (any name given) updates just its own sections of bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { county, root } from './bench-lib.mjs';

const sec = (ms) => (ms / 1000).toFixed(2);
const load = () => os.loadavg()[0].toFixed(1);

/** Runs a bench script in a child (optionally under tsx) with a time limit; the last stdout line is JSON. */
function child(script, args, { tsx = false, timeoutMs = 30 * 60_000 } = {}) {
  const node = ['--max-old-space-size=20000', ...(tsx ? ['--import', 'tsx'] : [])];
  const t = performance.now();
  const r = spawnSync(process.execPath, [...node, path.join(root, 'bench', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: Math.round(timeoutMs),
    killSignal: 'SIGTERM',
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM' || r.status === 143) {
    const last = (r.stderr ?? '').trim().split('\n').filter((l) => l.startsWith('progress ')).at(-1);
    const m = last && /^progress (\d+)\/(\d+) (\S*) (\d+) ms/.exec(last);
    const where = m ? `: ${m[1]} of ${m[2]} rules done after ${Math.round(Number(m[4]) / 1000)} s, then stuck in ${m[3] || '?'}` : '';
    return { failed: `stopped at its ${Math.round(timeoutMs / 60_000)}-minute limit${where}` };
  }
  if (r.status !== 0) {
    const err = r.stderr.trim().split('\n').filter((l) => !l.startsWith('progress '));
    return { failed: (err.find((l) => /Error|error:/.test(l)) ?? err.at(-1) ?? `exit ${r.status}`).slice(0, 200) };
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

// Time limits (minutes) keep a run of these sections within about an hour on a loaded machine.
const MIN = Number(process.env.SUNSHINE_BENCH_SQL_MINUTES ?? 1);
const EXECUTORS = [
  ['in-process', 'in-process engine (adapters load + runSync)', 15],
  ['duckdb-table', 'DuckDB, CSV folder read into DuckDB tables', 12],
  ['duckdb-load', 'DuckDB, loaded via adapters + loadTables', 12],
  ['duckdb-view', 'DuckDB, CSV folder in place (views)', 10],
  ['postgres', 'PostgreSQL 15, loaded via adapters + loadTables', 12],
  ['postgres-sharded', 'sharded PostgreSQL (coordinator + 2 shards, postgres_fdw)', 12],
];

function executorRow(label, r, loadBefore) {
  if (r.failed) return `| ${label} | — | — | — | — | — | — | — | — | — | — | not measured: ${r.failed} (load ${loadBefore}) |`;
  return `| ${label} | ${r.records.toLocaleString('en')} | ${r.rules} | ${r.findings} | \`${r.findingsHash}\` | ${sec(r.loadMs)} | ${sec(r.runMs)} | ${sec(r.wallMs)} | ${r.recordsPerSec.toLocaleString('en')} | ${r.rssMb} | ${r.serverMb ?? '—'} | ${[r.note, `load ${loadBefore}→${load()}`].filter(Boolean).join('; ')} |`;
}

const HEADER = [
  '| executor | records | rules run | findings | findings hash | load s | run s | wall s | records/s | peak RSS MB (Node + DuckDB) | PostgreSQL MB (PSS) | notes (machine load avg before→after) |',
  '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];

/**
 * Prints (through `out`) the sections named in `want`; on a partial run, also writes them into
 * bench/RESULTS.md in place of the same sections.
 */
export async function sqlSections({ want, out, partial }) {
  const lines = [];
  const emit = (s = '') => {
    lines.push(s);
    out(s);
  };
  if (want('sql')) {
    const dir = await county('county', 1);
    emit('## SQL executors: the whole library at county scale');
    emit();
    emit(
      'Same county folder, every executor in its own process. Load = reading the data into the executor (for in-place views: creating them and counting rows; the files are read again by every query); run = `runSql` over every rule; wall = both. The findings hash is over the findings in order (keys, messages, evidence): equal hashes, byte-identical findings. Peak RSS is the process (DuckDB is embedded in it); PostgreSQL servers run apart and their memory is sampled from /proc.',
    );
    emit();
    for (const l of HEADER) emit(l);
    const shards = existsSync(path.join(root, 'packages/sql/src/postgres-shards.ts'));
    for (const [id, label, minutes] of EXECUTORS) {
      const before = load();
      if (id === 'postgres-sharded' && !shards) {
        emit(`| ${label} | — | — | — | — | — | — | — | — | — | — | not measured: packages/sql/src/postgres-shards.ts does not exist yet |`);
        continue;
      }
      const r = child('sql-executors.mjs', [dir, id], { tsx: id.startsWith('postgres'), timeoutMs: minutes * MIN * 60_000 });
      emit(executorRow(label, r, before));
    }
    emit();
  }
  if (want('sql-scale')) {
    emit('## DuckDB reading the folder in place: the whole library at 1×, 2× and 4× county');
    emit();
    emit(
      'What `sunshine run --executor duckdb --in-place` does: DuckDB reads and checks the CSV folder into its own tables (memory limit 4GB), then runs every rule. Each scale in its own process; compare the growth with the in-process rows of the first table.',
    );
    emit();
    for (const l of HEADER) emit(l);
    for (const factor of [1, 2, 4]) {
      const dir = await county('county', factor);
      const before = load();
      emit(executorRow(`DuckDB tables, county${factor > 1 ? ` ×${factor}` : ''}`, child('sql-executors.mjs', [dir, 'duckdb-table', '4GB'], { timeoutMs: 10 * MIN * 60_000 }), before));
    }
    emit();
  }
  if (want('sql-x10')) {
    const dir = path.join(root, 'bench', 'out', 'county-x10-s1');
    const have = existsSync(path.join(dir, 'truth.json')) || existsSync(path.join(dir, 'payments.csv'));
    if (!have) await county('county', 10);
    emit('## DuckDB at 10× county');
    emit();
    emit(
      'The county generated at `scaleFactor: 10` (`sunshine gen`, seed 1) into bench/out/county-x10-s1; DuckDB reads the CSV folder in place with `memoryLimit` 4GB (spilling to a temp folder under os.tmpdir()). Peak RSS is the whole process: DuckDB and the JavaScript finish of the candidates.',
    );
    emit();
    for (const l of HEADER) emit(l);
    for (const [id, label, minutes] of [
      ['duckdb-table', 'DuckDB, CSV folder read into DuckDB tables, memory limit 4GB', 35],
      ['duckdb-view', 'DuckDB, CSV folder in place (views), memory limit 4GB', 6],
    ]) {
      const before = load();
      emit(executorRow(label, child('sql-executors.mjs', [dir, id, '4GB'], { timeoutMs: minutes * MIN * 60_000 }), before));
    }
    emit();
  }
  if (want('sql-three')) {
    const dir = await county('county', 1);
    const before = load();
    const r = child('three-models-duckdb.mjs', [dir], { timeoutMs: 15 * MIN * 60_000 });
    emit('## Three core models: our DuckDB executor vs hand-written DuckDB SQL');
    emit();
    if (r.failed) emit(`Not measured: ${r.failed}.`);
    else {
      emit(
        `\`deceased-payee\`, \`shared-account\`, \`exclusive-benefits\` over ${r.payments.toLocaleString('en')} payments, in one process and run: \`runSql(engine, db, { only })\` (candidate queries in DuckDB, full findings with messages and evidence finished in-process) next to the hand-written DuckDB queries of the four-ways table (keys only). Best of 3, 2 DuckDB threads. The tables get the lookup indexes of the three rules when loaded (\`createLookupIndexes\`: ${r.table.indexMs} ms, outside the timing like the loading itself; the executor's fetches probe them and the catalogue tells it which keys are unique); the hand-written queries need none. Machine load average ${before}→${load()}. Target: ≤ 1.5×.`,
      );
      emit();
      emit('| relations | hand-written SQL s | our executor s | ratio | same keys | findings |');
      emit('| --- | ---: | ---: | ---: | --- | --- |');
      const row = (label, x) => `| ${label} | ${sec(x.handMs)} | ${sec(x.oursMs)} | ${x.ratio.toFixed(2)}× | ${x.agree ? 'yes' : 'NO'} | ${Object.entries(x.findings).map(([k, v]) => `${k} ${v}`).join(', ')} |`;
      emit(row('DuckDB tables (CSV read once, outside the timing)', r.table));
      emit(row('CSV files in place (read inside the timing: views for ours, read_csv for the hand-written)', r.view));
      emit();
      emit(`Per rule, our executor over tables: ${r.table.stats.map((s) => `${s.rule} ${s.candidates.toLocaleString('en')} candidates, ${s.fetched.toLocaleString('en')} rows fetched, query ${s.queryMs} ms, finish ${s.finishMs} ms${s.exact ? ', exact' : ''}`).join('; ')}.`);
    }
    emit();
  }
  if (partial && lines.length) mergeIntoResults(lines);
}

/** Replaces (or appends) each `## ` section of `lines` in bench/RESULTS.md. */
function mergeIntoResults(lines) {
  const file = path.join(root, 'bench', 'RESULTS.md');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const sections = lines.join('\n').split(/\n(?=## )/).filter((s) => s.startsWith('## '));
  for (const s of sections) {
    const heading = s.split('\n')[0];
    const body = `${s.trimEnd()}\n\n`;
    const at = text.indexOf(`${heading}\n`);
    if (at >= 0) {
      const next = text.indexOf('\n## ', at + heading.length);
      const commit = text.indexOf('\nCommit ', at + heading.length);
      const end = [next, commit].filter((x) => x >= 0).reduce((a, b) => Math.min(a, b), text.length);
      text = `${text.slice(0, at)}${body}${text.slice(end + 1)}`;
    } else {
      const commit = text.lastIndexOf('\nCommit ');
      text = commit >= 0 ? `${text.slice(0, commit + 1)}${body}${text.slice(commit + 1)}` : `${text.trimEnd()}\n\n${body}`;
    }
  }
  writeFileSync(file, text);
}
