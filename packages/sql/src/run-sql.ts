/**
 * The SQL executor's run: for each rule, the candidate query runs inside the database; the
 * candidates come out with just the rows their lookups reach, fetched key by key; the rule's
 * own in-process code finishes them. Findings (keys, messages, evidence) are therefore the
 * in-process engine's, byte for byte — the differential test holds every executor to that.
 */
import { AmountError, compileRule, compositeKey, EvaluationError, type FailedRule, type DatasetDef, type Engine, type Finding, type Rec, type RulePlan, type RunProgress, type RunResult, type SkippedRule } from '@sunshine/core';
import { compileCandidates, type CandidateQuery } from './compile-candidates.js';
import { DatasetPool, FetchingRuntime } from './fetching-runtime.js';
import { isUniqueKey, uniqueIndexes } from './lookup-indexes.js';
import { ROW_COLUMN, type SqlConnection, type SqlRows } from './sql-connection.js';
import { SqlError } from './sql-error.js';

export interface SqlRunOptions {
  /** Run only these rule ids. */
  readonly only?: readonly string[];
  readonly onProgress?: (p: RunProgress) => void;
  /** Keys per fetch query. @default 2000 */
  readonly batch?: number;
}

/** What a rule cost in the database and in the finish. */
export interface SqlRuleStat {
  readonly rule: string;
  readonly findings: number;
  /** Subjects the query selected (rows, or rows of candidate groups). */
  readonly candidates: number;
  /** Rows fetched for the candidates' lookups. */
  readonly fetched: number;
  /** Finish rounds (one plus one per fetch). */
  readonly rounds: number;
  readonly queryMs: number;
  readonly finishMs: number;
  readonly exact: boolean;
}

export interface SqlRunResult extends RunResult {
  readonly executor: string;
  readonly sqlStats: readonly SqlRuleStat[];
}

const MAX_ROUNDS = 32;

type Kind = 'int' | 'float' | 'text';
const kindOf = (t: string): Kind => (t === 'money' || t === 'integer' ? 'int' : t === 'decimal' ? 'float' : 'text');

/** A text column's value as the loader gives it: dates as `YYYY-MM-DD` (DuckDB DATE values print so). */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return (v as { toString(): string }).toString();
}

/** Builds records (fields in model order, values as the loader makes them) from query rows. */
function recordsOf(def: DatasetDef, result: SqlRows): { row: number; rec: Rec; candidate: boolean }[] {
  const pos = new Map(result.columns.map((c, i) => [c, i]));
  const fields = def.fields.map((f) => {
    const i = pos.get(f.name);
    if (i === undefined) throw new SqlError('BAD_SCHEMA', `table \`${def.name}\` has no column \`${f.name}\``, { dataset: def.name, field: f.name });
    return { name: f.name, i, kind: kindOf(f.type) };
  });
  const rowAt = pos.get(ROW_COLUMN);
  if (rowAt === undefined) throw new SqlError('BAD_SCHEMA', `table \`${def.name}\` has no \`${ROW_COLUMN}\` column (the row's position in load order)`, { dataset: def.name });
  const flagAt = pos.get('_candidate');
  return result.rows.map((values) => {
    const rec: Record<string, string | number | null> = {};
    for (const f of fields) {
      const v = values[f.i];
      rec[f.name] = v === null || v === undefined ? null : f.kind === 'text' ? textOf(v) : Number(v);
    }
    const flag = flagAt === undefined ? true : values[flagAt];
    return { row: Number(values[rowAt]), rec, candidate: flag === true || flag === 't' };
  });
}

/**
 * Runs the engine's rules inside a database holding the canonical tables (each with a `_row`
 * column numbering rows in load order). Rules whose datasets are absent are skipped, as the
 * engine does.
 *
 * @example
 * ```ts
 * const engine = createEngine({ rules, asOf: '2024-12-31' });
 * const db = await openDuckDb();
 * await loadTables(db, await loadData(createFolderSource({ dir: './county' })));
 * const { findings } = await runSql(engine, db);
 * ```
 */
export async function runSql(engine: Engine, conn: SqlConnection, options: SqlRunOptions = {}): Promise<SqlRunResult> {
  const opts = Object.freeze({ ...options });
  const registry = engine.environment.registry;
  const batch = opts.batch ?? 2000;
  const relations = await conn.relations();
  const present = new Set(registry.names().filter((n) => relations.has(n.toLowerCase())));
  if (opts.only) {
    for (const id of opts.only) if (!engine.plans.some((p) => p.id === id)) throw new SqlError('INVALID_OPTIONS', `unknown rule \`${id}\``);
  }
  const selected = opts.only ? engine.plans.filter((p) => opts.only!.includes(p.id)) : engine.plans;
  const skipped: SkippedRule[] = [];
  const runnable: RulePlan[] = [];
  for (const plan of selected) {
    const missing = plan.datasets.filter((d) => !present.has(d));
    if (missing.length) skipped.push({ rule: plan.id, missing, reason: `needs ${missing.map((m) => `\`${m}\``).join(', ')}, which the data lacks` });
    else runnable.push(plan);
  }
  // Pools are shared by every rule of the run: a person fetched for one rule serves the next.
  const pools = new Map<string, DatasetPool>();
  for (const name of present) pools.set(name, new DatasetPool(registry.get(name)!));
  const t0 = performance.now();
  const findings: Finding[] = [];
  const stats: RunResult['stats'][number][] = [];
  const sqlStats: SqlRuleStat[] = [];
  const failed: FailedRule[] = [];
  let done = skipped.length;
  const uniqueness = new Map<string, boolean>();
  let declared: ReadonlySet<string> | undefined;
  // A DuckDB view over a file reads the file again per scan: its candidates come in one scan.
  const views = conn.dialect.name === 'duckdb' ? new Set((await conn.query(`SELECT lower(view_name) FROM duckdb_views() WHERE NOT internal`)).rows.map((r) => String(r[0]))) : new Set<string>();
  // Rows on other servers (postgres_fdw): a lookup probed per row is a remote query per row; hashed, one scan.
  // (A PostgreSQL-compatible server without the catalogue has none.)
  const foreign = conn.dialect.name === 'postgres' ? await conn.query('SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_table)').catch(() => undefined) : undefined;
  const hashedLookups = ['t', true].includes(foreign?.rows[0]?.[0] as string | boolean);
  for (const plan of runnable) {
    opts.onProgress?.({ phase: 'rule', rule: plan.id, done, total: selected.length });
    const env = engine.environment;
    const lateRows = conn.dialect.columnar && !views.has(plan.subject.dataset.toLowerCase());
    const compileOpts = { registry, asOf: engine.asOf, operators: env.operators, functions: env.functions, tables: present, lateRows, hashedLookups };
    let q = compileCandidates(plan, conn.dialect, compileOpts);
    // First matches by a key unique in the data need no deduplication (a sort or window per rule).
    let anyUnique = false;
    for (const id of q.firstKeys) {
      // A server whose catalogue cannot be read this way (a PostgreSQL-compatible one) leaves it to the counts.
      declared ??= await uniqueIndexes(conn).catch(() => new Set<string>());
      if (!uniqueness.has(id)) uniqueness.set(id, await isUnique(conn, declared, id));
      if (uniqueness.get(id)) anyUnique = true;
    }
    if (anyUnique) {
      const uniqueKeys = new Set([...uniqueness].filter(([, u]) => u).map(([id]) => id));
      q = compileCandidates(plan, conn.dialect, { ...compileOpts, uniqueKeys });
    }
    let r: Awaited<ReturnType<typeof runOne>>;
    try {
      r = await runOne(engine, conn, plan, q, pools, batch);
    } catch (e) {
      // An expression failing on a candidate as jsonata would fail: the rule stops, as in-process.
      if (!(e instanceof EvaluationError) && !(e instanceof AmountError)) throw e;
      failed.push({ rule: plan.id, code: 'EVALUATION', message: `${plan.id}: an expression failed: ${e.message}` });
      done++;
      continue;
    }
    for (const f of r.findings) findings.push(f);
    stats.push({ rule: plan.id, findings: r.findings.length, subjects: r.stat.candidates, ms: Math.round(r.stat.queryMs + r.stat.finishMs) });
    sqlStats.push(r.stat);
    done++;
  }
  opts.onProgress?.({ phase: 'rule', rule: '', done, total: selected.length });
  return {
    asOf: engine.asOf,
    findings,
    rulesRun: runnable.map((p) => p.id).filter((id) => !failed.some((f) => f.rule === id)),
    rulesSkipped: skipped,
    rulesFailed: failed,
    stats,
    timings: { indexMs: 0, rulesMs: Math.round(performance.now() - t0) },
    executor: conn.dialect.name,
    sqlStats,
  };
}

async function runOne(
  engine: Engine,
  conn: SqlConnection,
  plan: RulePlan,
  q: CandidateQuery,
  pools: Map<string, DatasetPool>,
  batch: number,
): Promise<{ findings: Finding[]; stat: SqlRuleStat }> {
  const tq = performance.now();
  const subjectPool = pools.get(plan.subject.dataset)!;
  const got = recordsOf(subjectPool.def, await conn.query(q.sql));
  const candidates: Rec[] = [];
  const flagged = new Set<Rec>();
  for (const g of got) {
    const rec = subjectPool.add(g.row, g.rec);
    candidates.push(rec);
    if (g.candidate) flagged.add(rec);
  }
  candidates.sort((a, b) => subjectPool.rowOf(a)! - subjectPool.rowOf(b)!);
  let queryMs = performance.now() - tq;
  let finishMs = 0;
  let fetched = 0;
  const keep = q.flagged ? (rows: readonly Rec[]) => rows.some((r) => flagged.has(r)) : undefined;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const tf = performance.now();
    const rt = new FetchingRuntime(pools, plan.subject.dataset, candidates);
    const compiled = compileRule(plan, rt, engine.asOf, engine.environment, keep ? { keep } : {});
    const result = compiled.run();
    finishMs += performance.now() - tf;
    if (!rt.missed) {
      return {
        findings: result.findings,
        stat: { rule: plan.id, findings: result.findings.length, candidates: candidates.length, fetched, rounds: round, queryMs: Math.round(queryMs), finishMs: Math.round(finishMs), exact: q.exact },
      };
    }
    const tr = performance.now();
    fetched += await fetchMisses(conn, pools, rt, batch);
    queryMs += performance.now() - tr;
  }
  throw new SqlError('UNREACHABLE', `rule \`${plan.id}\`: its lookups still asked for new rows after ${MAX_ROUNDS} rounds of fetching`);
}

/**
 * Whether a key (`dataset:field,field`) is unique among its dataset's rows where no key field
 * is null: the catalogue says so when a unique index covers part of it, else a count decides.
 */
async function isUnique(conn: SqlConnection, declared: ReadonlySet<string>, id: string): Promise<boolean> {
  const [dataset, list] = id.split(':') as [string, string];
  const fields = list.split(',');
  for (const u of declared) {
    const [table, cols] = u.split(':') as [string, string];
    if (table === dataset.toLowerCase() && cols.split(',').every((c) => fields.includes(c))) return true;
  }
  return isUniqueKey(conn, dataset, fields);
}

/** Fetches what a finish round missed; returns the number of rows fetched. */
async function fetchMisses(conn: SqlConnection, pools: Map<string, DatasetPool>, rt: FetchingRuntime, batch: number): Promise<number> {
  const d = conn.dialect;
  let n = 0;
  const cols = (def: DatasetDef): string => [...def.fields.map((f) => d.ident(f.name)), d.ident(ROW_COLUMN)].join(', ');
  for (const name of rt.misses.whole) {
    const pool = pools.get(name)!;
    const res = recordsOf(pool.def, await conn.query(`SELECT ${cols(pool.def)} FROM ${d.ident(name)}`));
    for (const g of res) pool.add(g.row, g.rec);
    pool.whole = true;
    n += res.length;
  }
  for (const [name, byFields] of rt.misses.keys) {
    const pool = pools.get(name)!;
    if (pool.whole) continue;
    for (const [fid, tuples] of byFields) {
      const fields = fid.split(',');
      const kinds = fields.map((f) => kindOf(pool.def.fields.find((x) => x.name === f)!.type));
      // A key of the wrong type matches nothing, in a Map as in SQL: known complete, not fetched.
      const wanted: (readonly unknown[])[] = [];
      for (const [key, tuple] of tuples) {
        const fits = tuple.every((v, i) => (kinds[i] === 'text' ? typeof v === 'string' : typeof v === 'number' && Number.isFinite(v)));
        if (fits) wanted.push(tuple);
        else pool.markComplete(fields, key);
      }
      for (let i = 0; i < wanted.length; i += batch) {
        const chunk = wanted.slice(i, i + batch);
        const lits = chunk.map((t) => (t.length === 1 ? d.literal(t[0] as string | number) : `(${t.map((v) => d.literal(v as string | number)).join(', ')})`));
        const lhs = fields.length === 1 ? d.ident(fields[0]!) : `(${fields.map((f) => d.ident(f)).join(', ')})`;
        const res = recordsOf(pool.def, await conn.query(`SELECT ${cols(pool.def)} FROM ${d.ident(name)} WHERE ${lhs} IN (${lits.join(', ')})`));
        for (const g of res) pool.add(g.row, g.rec);
        n += res.length;
        for (const t of chunk) pool.markComplete(fields, compositeKey(t));
      }
    }
  }
  return n;
}
