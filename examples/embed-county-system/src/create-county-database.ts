/**
 * Builds the county system's SQLite database from a synthetic county: `generateCounty` writes
 * CSV files, `loadData` reads them into canonical records, and each dataset becomes a table the
 * way a county system would keep it (money as yuan text `1200.00`, dates as `YYYY-MM-DD`). A
 * table of new subsidy applications waiting for payment is added beside them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalDatasets, formatMoney, loadData, type LoadedRecord } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty, type Scale } from '@sunshine/gen';

/** The county system's name for a canonical dataset's table, where it differs. */
export const TABLE_NAMES: Readonly<Record<string, string>> = Object.freeze({ payments: 'subsidy_payments' });

export interface CountyDatabaseOptions {
  /** The SQLite file to write (replaced if it exists). */
  readonly file: string;
  /** @default 'tiny' */
  readonly scale?: Extract<Scale, 'tiny' | 'village'>;
  /** @default 1 */
  readonly seed?: number;
}

export interface CountyDatabaseSummary {
  readonly file: string;
  readonly asOf: string;
  /** Rows written per table. */
  readonly tables: Readonly<Record<string, number>>;
  /** The applications waiting to be screened, by id, with what each one is. */
  readonly applications: readonly { readonly id: string; readonly what: string }[];
}

type Cell = string | number | null;

function sqlValue(type: string, v: Cell): Cell {
  if (v === null) return null;
  return type === 'money' ? formatMoney(v as number) : v;
}

function sqlType(type: string): string {
  return type === 'integer' ? 'INTEGER' : 'TEXT';
}

/**
 * Writes the database and returns what it holds.
 *
 * @example
 * ```ts
 * const db = await createCountyDatabase({ file: './county.db', scale: 'tiny' });
 * console.log(db.tables.subsidy_payments); // 1058
 * ```
 */
export async function createCountyDatabase(options: CountyDatabaseOptions): Promise<CountyDatabaseSummary> {
  const opts = Object.freeze({ ...options });
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-embed-'));
  try {
    const gen = await generateCounty({ scale: opts.scale ?? 'tiny', seed: opts.seed ?? 1, out: dir });
    const data = await loadData(createFolderSource({ dir }));
    rmSync(opts.file, { force: true });
    const db = new Database(opts.file);
    db.pragma('journal_mode = WAL');
    const counts: Record<string, number> = {};
    const paymentFields = canonicalDatasets.get('payments')!.fields;
    db.transaction(() => {
      for (const [dataset, rows] of data.tables) {
        if (data.missing.includes(dataset)) continue;
        const def = canonicalDatasets.get(dataset)!;
        const table = TABLE_NAMES[dataset] ?? dataset;
        db.exec(`CREATE TABLE ${table} (${def.fields.map((f) => `${f.name} ${sqlType(f.type)}`).join(', ')})`);
        const insert = db.prepare(`INSERT INTO ${table} VALUES (${def.fields.map(() => '?').join(', ')})`);
        for (const r of rows) insert.run(def.fields.map((f) => sqlValue(f.type, r[f.name] ?? null)));
        counts[table] = rows.length;
      }
      db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)`);
      db.prepare('INSERT INTO meta VALUES (?, ?)').run('as_of', gen.asOf);
      db.exec(
        `CREATE TABLE applications (${paymentFields.map((f) => `${f.name} TEXT`).join(', ')}, what TEXT, status TEXT NOT NULL DEFAULT 'new')`,
      );
      db.exec(`CREATE TABLE screening_findings (payment_id TEXT, rule TEXT, severity TEXT, message TEXT, screened_us INTEGER)`);
      db.exec(`CREATE TABLE nightly_findings (run_at TEXT, rule TEXT, severity TEXT, key TEXT, message TEXT)`);
    })();
    const applications = plantApplications(data.tables, gen.asOf);
    const insert = db.prepare(`INSERT INTO applications VALUES (${paymentFields.map(() => '?').join(', ')}, ?, 'new')`);
    for (const a of applications) insert.run(...paymentFields.map((f) => sqlValue(f.type, a.record[f.name] ?? null)), a.what);
    counts.applications = applications.length;
    db.close();
    return { file: opts.file, asOf: gen.asOf, tables: counts, applications: applications.map((a) => ({ id: String(a.record.payment_id), what: a.what })) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The month after a `YYYY-MM` period. */
function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Three new applications, made from the county's own records: a next-month payment to a
 * living payee (clean), the same to a person the death register lists, and a second payment
 * of a month already paid.
 */
function plantApplications(tables: ReadonlyMap<string, readonly LoadedRecord[]>, asOf: string): { record: LoadedRecord; what: string }[] {
  const payments = tables.get('payments') ?? [];
  const funds = new Map((tables.get('funds') ?? []).map((f) => [f.fund_code, f]));
  const dead = new Set((tables.get('deaths') ?? []).map((d) => d.id_number));
  const lastPeriod = asOf.slice(0, 7);
  const monthly = payments.filter((p) => funds.get(p.fund_code)?.frequency === 'monthly' && p.period === lastPeriod);
  const byId = new Map<unknown, number>();
  for (const p of payments) byId.set(p.id_number, (byId.get(p.id_number) ?? 0) + 1);
  const next = nextPeriod(lastPeriod);
  const payDate = `${next}-08`;
  const living = monthly.find((p) => !dead.has(p.id_number) && p.account_holder_id_number === p.id_number && (byId.get(p.id_number) ?? 0) >= 6);
  const deceased = (tables.get('deaths') ?? [])
    .map((d) => ({ d, p: monthly.find((p) => p.id_number === d.id_number) ?? payments.find((p) => p.id_number === d.id_number) }))
    .find((x) => x.p !== undefined);
  if (!living || !deceased) throw new Error('the generated county has no monthly payee to copy');
  const apply = (from: LoadedRecord, id: string, changes: Partial<LoadedRecord>): LoadedRecord => ({ ...from, payment_id: id, period: next, pay_date: payDate, ...changes });
  return [
    { record: apply(living, 'APP-0001', {}), what: 'next month for a living payee (clean)' },
    { record: apply(deceased.p!, 'APP-0002', {}), what: `payee died on ${String(deceased.d.death_date)}` },
    { record: apply(living, 'APP-0003', { period: lastPeriod, pay_date: `${lastPeriod}-28` }), what: `second payment for ${lastPeriod}` },
  ];
}
