/**
 * Indexes for the lookups of the rules. PostgreSQL runs a correlated `EXISTS` it cannot turn
 * into a join (one inside `OR`, say) once per outer row: without an index on the looked-up
 * fields that is a scan of the whole table per row. The rules name the keys they probe
 * (`plan.indexes`), so the executor indexes exactly those.
 */
import type { RulePlan } from '@sunshine/core';
import type { SqlConnection } from './sql-connection.js';

/** One index: a dataset and the fields a rule looks it up by. */
export interface LookupIndex {
  readonly dataset: string;
  readonly fields: readonly string[];
}

/** The distinct lookup keys of some rules, in first-seen order. */
export function lookupIndexes(plans: readonly RulePlan[]): LookupIndex[] {
  const seen = new Map<string, LookupIndex>();
  for (const p of plans) {
    for (const ix of p.indexes) {
      const id = `${ix.dataset}\u0001${ix.fields.join('\u0001')}`;
      if (!seen.has(id)) seen.set(id, { dataset: ix.dataset, fields: [...ix.fields] });
    }
  }
  return [...seen.values()];
}

/** A PostgreSQL index name (at most 63 bytes) for a lookup. */
export function lookupIndexName(ix: LookupIndex): string {
  const name = `${ix.dataset}__${ix.fields.join('_')}__sunshine`;
  if (Buffer.byteLength(name) <= 63) return name;
  let h = 0;
  for (const c of name) h = (Math.imul(h, 31) + c.codePointAt(0)!) | 0;
  return `${ix.dataset.slice(0, 40)}__${(h >>> 0).toString(36)}__sunshine`;
}

/**
 * Creates a B-tree index per lookup key of `plans` on the tables present (tables and materialized views:
 * views and foreign tables cannot hold one — index their underlying tables instead). Returns
 * the indexes created.
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
    `SELECT lower(c.relname), c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'm')`,
  );
  const tables = new Set(kinds.rows.map((r) => String(r[0])));
  const made: LookupIndex[] = [];
  for (const ix of lookupIndexes(plans)) {
    if (!tables.has(ix.dataset.toLowerCase())) continue;
    await conn.exec(`CREATE INDEX IF NOT EXISTS ${d.ident(lookupIndexName(ix))} ON ${d.ident(ix.dataset)} (${ix.fields.map((f) => d.ident(f)).join(', ')})`);
    made.push(ix);
  }
  return made;
}
