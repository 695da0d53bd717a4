/**
 * Writes the fixture county into each kind of store, the way a county's export would hold it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import type { FixtureCounty } from './fixture-county.js';

/** CSV text of a table (RFC 4180 quoting where needed). */
export function csvText(columns: readonly string[], rows: readonly (readonly string[])[], delimiter = ',', eol = '\r\n'): string {
  const cell = (v: string): string => (v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r') ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns, ...rows].map((r) => r.map(cell).join(delimiter)).join(eol) + eol;
}

/** `cr`: GB18030 with CR-only line ends, as classic Mac OS and some Windows exports write. */
export type CsvFlavour = 'utf8' | 'utf8-bom' | 'gb18030' | 'tsv' | 'cr';

export function writeCsvFolder(dir: string, county: FixtureCounty, flavour: CsvFlavour): void {
  mkdirSync(dir, { recursive: true });
  for (const t of county) {
    if (flavour === 'tsv') {
      writeFileSync(join(dir, `${t.dataset}.tsv`), csvText(t.columns, t.rows, '\t', '\n'));
      continue;
    }
    const text = csvText(t.columns, t.rows, ',', flavour === 'cr' ? '\r' : '\r\n');
    const bytes = flavour === 'gb18030' || flavour === 'cr' ? iconv.encode(text, 'gb18030') : Buffer.from(flavour === 'utf8-bom' ? `\uFEFF${text}` : text, 'utf8');
    writeFileSync(join(dir, `${t.dataset}.csv`), bytes);
  }
}

const objects = (columns: readonly string[], rows: readonly (readonly string[])[]): Record<string, string | null>[] =>
  rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] === '' ? null : r[i]!])));

export function writeJsonFolder(dir: string, county: FixtureCounty, kind: 'json' | 'ndjson'): void {
  mkdirSync(dir, { recursive: true });
  for (const t of county) {
    const objs = objects(t.columns, t.rows);
    if (kind === 'json') writeFileSync(join(dir, `${t.dataset}.json`), JSON.stringify(objs, null, 1));
    else writeFileSync(join(dir, `${t.dataset}.ndjson`), objs.map((o) => JSON.stringify(o)).join('\n') + '\n');
  }
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): void {
  const ws = wb.addWorksheet(name);
  ws.addRow([...columns]);
  for (const r of rows) ws.addRow(r.map((v) => (v === '' ? null : v)));
}

/** One workbook, a sheet per dataset. */
export async function writeXlsxWorkbook(file: string, county: FixtureCounty): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const t of county) addSheet(wb, t.dataset, t.columns, t.rows);
  await wb.xlsx.writeFile(file);
}

/** A folder, a workbook per dataset. */
export async function writeXlsxFolder(dir: string, county: FixtureCounty): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const t of county) {
    const wb = new ExcelJS.Workbook();
    addSheet(wb, t.dataset, t.columns, t.rows);
    await wb.xlsx.writeFile(join(dir, `${t.dataset}.xlsx`));
  }
}

/** SQL statements creating and filling one TEXT table per dataset (NULL for empty cells). */
export function sqlStatements(county: FixtureCounty, quote: (id: string) => string): string[] {
  const lit = (v: string): string => (v === '' ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
  const out: string[] = [];
  for (const t of county) {
    out.push(`CREATE TABLE ${quote(t.dataset)} (${t.columns.map((c) => `${quote(c)} TEXT`).join(', ')})`);
    for (const r of t.rows) out.push(`INSERT INTO ${quote(t.dataset)} (${t.columns.map(quote).join(', ')}) VALUES (${r.map(lit).join(', ')})`);
  }
  return out;
}

type SqliteDb = { exec(sql: string): void; close(): void };
/** better-sqlite3's constructor (loaded without its types, which the package does not ship). */
export const SqliteDatabase = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => SqliteDb;

export function writeSqlite(file: string, county: FixtureCounty): void {
  const db = new SqliteDatabase(file);
  db.exec('BEGIN');
  for (const s of sqlStatements(county, (id) => `"${id}"`)) db.exec(s);
  db.exec('COMMIT');
  db.close();
}
