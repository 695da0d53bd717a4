// The three core models (deceased-payee, shared-account, exclusive-benefits) by our DuckDB
// executor (runSql … { only }) next to hand-written DuckDB SQL over the same relations, in the
// same process and run: once over DuckDB tables holding the county (attachFolder, mode table;
// reading the CSVs is outside the timing) and once over the CSV files in place (our executor over
// attachFolder's views, the hand-written SQL over read_csv as in three-models.mjs; reading the
// files is inside the timing for both). Every way must report the same keys. Best of 3.
// Usage: node bench/three-models-duckdb.mjs DIR → prints one JSON line.
import path from 'node:path';
import { core, root, stdlibRules } from './bench-lib.mjs';

const dir = process.argv[2];
const IDS = ['deceased-payee', 'shared-account', 'exclusive-benefits'];
const packages = process.env.SUNSHINE_BENCH_PACKAGES ?? path.join(root, 'packages');
const sql = await import(path.join(packages, 'sql/dist/index.js'));
const duck = await import(path.join(packages, 'sql/dist/duckdb.js'));

const engine = core.createEngine({ rules: await stdlibRules(), asOf: '2024-12-31' });
const registry = engine.environment.registry;
const keysOf = (list) => [...new Set(list)].sort();
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function best(f, n = 3) {
  let ms = Infinity;
  let out;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    out = await f();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, out };
}

/** The hand-written queries of three-models.mjs, over relations named by `rel`. */
function handQueries(rel) {
  return {
    'deceased-payee': `SELECT p.payment_id AS k FROM ${rel('payments')} p JOIN (SELECT id_number, min(death_date) AS d FROM ${rel('deaths')} GROUP BY 1) d USING (id_number)
       WHERE d.d < CASE WHEN length(p.period) = 4 THEN p.period || '-01-01' ELSE p.period || '-01' END`,
    'shared-account': `SELECT p.bank_account AS k FROM ${rel('payments')} p LEFT JOIN ${rel('persons')} pe USING (id_number)
       GROUP BY 1 HAVING count(DISTINCT p.id_number) >= 3 AND count(DISTINCT coalesce(pe.household_id, '~' || p.id_number)) >= 2`,
    'exclusive-benefits': `SELECT p.id_number || '|' || f.exclusive_group || '|' || p.period AS k FROM ${rel('payments')} p JOIN ${rel('funds')} f USING (fund_code)
       WHERE f.exclusive_group IS NOT NULL AND f.exclusive_group <> '' GROUP BY p.id_number, f.exclusive_group, p.period HAVING count(DISTINCT p.fund_code) >= 2`,
  };
}

async function hand(db, rel) {
  const out = {};
  for (const [id, q] of Object.entries(handQueries(rel))) out[id] = keysOf((await db.query(q)).rows.map((r) => String(r[0])));
  return out;
}

async function ours(db) {
  const r = await sql.runSql(engine, db, { only: IDS });
  const out = Object.fromEntries(IDS.map((id) => [id, keysOf(r.findings.filter((f) => f.rule === id).map((f) => f.key))]));
  return { out, stats: r.sqlStats.map((s) => ({ rule: s.rule, candidates: s.candidates, fetched: s.fetched, queryMs: s.queryMs, finishMs: s.finishMs, exact: s.exact })) };
}

const results = {};
for (const mode of ['table', 'view']) {
  const db = await duck.openDuckDb({ threads: 2 });
  try {
    await duck.attachFolder(db, dir, registry, { mode, check: false });
    // Tables take the lookup indexes the executor's fetches use (part of loading, like PostgreSQL's).
    let indexMs = 0;
    if (mode === 'table') {
      const t = performance.now();
      await sql.createLookupIndexes(db, engine.plans.filter((p) => IDS.includes(p.id)));
      indexMs = Math.round(performance.now() - t);
    }
    const rel = mode === 'table' ? (name) => `"${name}"` : (name) => `read_csv('${path.join(dir, `${name}.csv`)}', header = true, all_varchar = true)`;
    const h = await best(() => hand(db, rel));
    const o = await best(async () => ours(db));
    results[mode] = {
      indexMs,
      handMs: Math.round(h.ms),
      oursMs: Math.round(o.ms),
      ratio: Number((o.ms / h.ms).toFixed(2)),
      agree: IDS.every((id) => same(o.out.out[id], h.out[id])),
      findings: Object.fromEntries(IDS.map((id) => [id, o.out.out[id].length])),
      stats: o.out.stats,
    };
    if (!results[mode].agree) for (const id of IDS) console.error(mode, id, o.out.out[id].length, h.out[id].length);
  } finally {
    await db.close();
  }
}
const payments = Number(
  await (async () => {
    const db = await duck.openDuckDb({ threads: 2 });
    try {
      return (await db.query(`SELECT count(*) FROM read_csv('${path.join(dir, 'payments.csv')}', header = true, all_varchar = true)`)).rows[0][0];
    } finally {
      await db.close();
    }
  })(),
);
console.log(JSON.stringify({ dir, payments, ...results }));
if (!results.table.agree || !results.view.agree) process.exitCode = 1;
