/**
 * The `CREATE TABLE` of a canonical table in PostgreSQL, shared by the executor's loader
 * (`postgres.ts`) and the sharded layout (`postgres-shards.ts`).
 */
import type { DatasetDef } from '@sunshine/core';
import { POSTGRES } from './dialect.js';
import { ROW_COLUMN } from './sql-connection.js';

/**
 * `CREATE TABLE` of a canonical table in PostgreSQL: text columns in the "C" collation, or in
 * the database's default one with `collateC: false` (postgres_fdw ships a comparison to a
 * shard only when its collation is the default one).
 */
export function createPostgresTableSql(def: DatasetDef, table: string = def.name, options: { readonly collateC?: boolean } = {}): string {
  const q = (name: string): string => POSTGRES.ident(name);
  const collate = options.collateC ?? true;
  const cols = def.fields.map((f) => {
    const t = POSTGRES.columnType(f.type);
    return `${q(f.name)} ${t}${t === 'TEXT' && collate ? ' COLLATE "C"' : ''}`;
  });
  return `CREATE TABLE ${q(table)} (${cols.join(', ')}, ${q(ROW_COLUMN)} BIGINT NOT NULL)`;
}
