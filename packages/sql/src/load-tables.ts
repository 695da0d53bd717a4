/**
 * Loads data the adapters read (validated and normalised, bad rows reported as in-process)
 * into a database's canonical tables.
 */
import type { DatasetRegistry, LoadedData, Tables } from '@sunshine/core';
import type { SqlConnection } from './sql-connection.js';

/**
 * Creates and fills one canonical table per present dataset, numbering rows in load order.
 *
 * @example
 * ```ts
 * await loadTables(db, await loadData(createFolderSource({ dir: './county' })), engine.environment.registry);
 * ```
 */
export async function loadTables(conn: SqlConnection, data: LoadedData | Tables, registry: DatasetRegistry): Promise<string[]> {
  const tables: Tables = 'tables' in data && 'missing' in data ? data.tables : (data);
  const missing = new Set('missing' in data ? (data).missing : []);
  const loaded: string[] = [];
  for (const [name, rows] of tables) {
    if (missing.has(name)) continue;
    const def = registry.get(name);
    if (!def) continue;
    await conn.load(def, rows);
    loaded.push(name);
  }
  return loaded;
}
