/**
 * Indexes for the lookups of the rules. PostgreSQL runs a correlated `EXISTS` it cannot turn
 * into a join (one inside `OR`, say) once per outer row: without an index on the looked-up
 * fields that is a scan of the whole table per row. Both engines answer the executor's fetches
 * (`WHERE key IN (…)`, the rows the candidates' lookups reach) by the index instead of a scan.
 * The rules name the keys they probe (`plan.indexes`, and the person functions' `persons` keys),
 * so the executor indexes exactly those.
 */
import type { RulePlan } from '@sunshine/core';
import type { SqlConnection } from './sql-connection.js';

/** One index: a dataset and the fields a rule looks it up by. */
export interface LookupIndex {
  readonly dataset: string;
  readonly fields: readonly string[];
}

/**
 * The distinct lookup keys of some rules, in first-seen order: each plan's lookups, then the
 * keys the person functions (`$ageAt`, `$birthDate`, `$household`, household lookups) probe —
 * `persons` by `id_number` and by `household_id` — which any rule may call, as the in-process
 * engine keeps those two indexes for every run.
 */
export function lookupIndexes(plans: readonly RulePlan[]): LookupIndex[] {
  const seen = new Map<string, LookupIndex>();
  const add = (dataset: string, fields: readonly string[]): void => {
    const id = `${dataset}\u0001${fields.join('\u0001')}`;
    if (!seen.has(id)) seen.set(id, { dataset, fields: [...fields] });
  };
  for (const p of plans) for (const ix of p.indexes) add(ix.dataset, ix.fields);
  if (plans.length) {
    add('persons', ['id_number']);
    add('persons', ['household_id']);
  }
  return [...seen.values()];
}

/** An index name for a lookup (at most 63 bytes, PostgreSQL's limit). */
export function lookupIndexName(ix: LookupIndex): string {
  const name = `${ix.dataset}__${ix.fields.join('_')}__sunshine`;
  if (Buffer.byteLength(name) <= 63) return name;
  let h = 0;
  for (const c of name) h = (Math.imul(h, 31) + c.codePointAt(0)!) | 0;
  return `${ix.dataset.slice(0, 40)}__${(h >>> 0).toString(36)}__sunshine`;
}

/**
 * Creates an index per lookup key of `plans` (see {@link lookupIndexes}) on the tables present —
 * PostgreSQL B-trees on tables and materialized views, DuckDB ART indexes on tables. Views and
 * foreign tables cannot hold one: index their underlying tables instead. Returns the indexes
 * created.
 *
 * @example
 * ```ts
 * await loadTables(db, data, engine.environment.registry);
 * await createLookupIndexes(db, engine.plans);
 * ```
 */
export async function createLookupIndexes(conn: SqlConnection, plans: readonly RulePlan[]): Promise<LookupIndex[]> {
  const d = conn.dialect;
  const kinds = await conn.query(
    d.name === 'duckdb'
      ? `SELECT lower(table_name) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = current_schema()`
      : `SELECT lower(c.relname), c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'm')`,
  );
  const tables = new Set(kinds.rows.map((r) => String(r[0])));
  const made: LookupIndex[] = [];
  const postgres = d.name === 'postgres';
  // PostgreSQL sorts an index's keys in maintenance_work_mem (64 MB by default): a county's payments spill.
  const restore = postgres ? await raiseMaintenanceMemory(conn) : undefined;
  try {
    for (const ix of lookupIndexes(plans)) {
      if (!tables.has(ix.dataset.toLowerCase())) continue;
      // A key unique in the data gets a UNIQUE index: the executor then knows, from the catalogue,
      // that its first matches need no deduplication.
      const create = (unique: boolean): string => `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${d.ident(lookupIndexName(ix))} ON ${d.ident(ix.dataset)} (${ix.fields.map((f) => d.ident(f)).join(', ')})`;
      if (postgres) {
        // PostgreSQL checks uniqueness while it builds the index (rows with a null key never
        // collide, as in isUniqueKey): a failed UNIQUE build, then a plain one, costs less than
        // counting distinct key tuples first (COUNT(DISTINCT (a, b, c)) over a county's payments: 12 s).
        try {
          await conn.exec(create(true));
        } catch {
          await conn.exec(create(false));
        }
      } else await conn.exec(create(await isUniqueKey(conn, ix.dataset, ix.fields)));
      made.push(ix);
    }
  } finally {
    await restore?.();
  }
  return made;
}

/** Raises the session's maintenance_work_mem to 256 MB for index builds; returns how to set it back. */
async function raiseMaintenanceMemory(conn: SqlConnection): Promise<(() => Promise<void>) | undefined> {
  const r = await conn.query(`SELECT current_setting('maintenance_work_mem'), pg_size_bytes(current_setting('maintenance_work_mem')) < 256 * 1024 * 1024`).catch(() => undefined);
  const [was, lower] = r?.rows[0] ?? [];
  if (!(lower === true || lower === 't') || typeof was !== 'string') return undefined;
  await conn.exec(`SET maintenance_work_mem = '256MB'`);
  return () => conn.exec(`SET maintenance_work_mem = '${was.replaceAll("'", "''")}'`);
}

/** Whether `fields` are unique among the rows of `dataset` where none of them is null. */
export async function isUniqueKey(conn: SqlConnection, dataset: string, fields: readonly string[]): Promise<boolean> {
  const d = conn.dialect;
  const keys = fields.map((k) => d.ident(k));
  const key = keys.length === 1 ? keys[0]! : `(${keys.join(', ')})`;
  const res = await conn.query(`SELECT COUNT(*) AS n, COUNT(DISTINCT ${key}) AS d FROM ${d.ident(dataset)} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}`);
  const [n, distinct] = res.rows[0] ?? [];
  return Number(n) === Number(distinct);
}

/**
 * The column sets the catalogue declares unique (unique indexes, primary keys) on the current
 * schema's tables, as `dataset:field,field` with the dataset in lower case.
 */
export async function uniqueIndexes(conn: SqlConnection): Promise<ReadonlySet<string>> {
  const res =
    conn.dialect.name === 'duckdb'
      ? await conn.query(`SELECT lower(table_name), expressions FROM duckdb_indexes() WHERE is_unique AND database_name = current_database() AND schema_name = current_schema()`)
      : await conn.query(
          `SELECT lower(t.relname), '[' || string_agg(a.attname, ', ' ORDER BY k.ord) || ']' FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace ` +
            `CROSS JOIN LATERAL unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ` +
            `WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL AND n.nspname = current_schema() GROUP BY i.indexrelid, t.relname`,
        );
  const out = new Set<string>();
  for (const [table, exprs] of res.rows) {
    const cols = String(exprs).replace(/^\[|\]$/g, '').split(', ').map((c) => c.replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
    out.add(`${String(table)}:${cols.join(',')}`);
  }
  return out;
}
