/**
 * The county system's use of Sunshine: a nightly run of the whole standard library over the
 * SQLite database, and a screen of each new subsidy application before it is paid.
 */
import Database from 'better-sqlite3';
import { canonicalDatasets, compileNormalizer, createEngine, loadData, type Engine, type Finding, type LoadedData, type PreparedData } from '@sunshine/core';
import { createSqliteSource } from '@sunshine/adapters/sqlite';
import { loadStdlib } from '@sunshine/rules-stdlib';
import { TABLE_NAMES } from './create-county-database.js';

export interface NightlyResult {
  readonly asOf: string;
  readonly records: number;
  readonly rejected: number;
  readonly rulesRun: number;
  readonly rulesSkipped: number;
  readonly findings: number;
  /** Findings per rule, the busiest first. */
  readonly byRule: readonly (readonly [string, number])[];
  readonly loadMs: number;
  readonly rulesMs: number;
}

export interface ScreenedApplication {
  readonly id: string;
  readonly what: string;
  /** `held` when a rule matched, `approved` otherwise; `rejected` when the row is not valid. */
  readonly status: 'held' | 'approved' | 'rejected';
  readonly findings: readonly Finding[];
  /** Time of `screen()` for this one record, in microseconds. */
  readonly micros: number;
  readonly problems?: readonly string[];
}

/**
 * One service over one database file. `runNightly()` reloads the data, runs every rule, stores
 * the findings and prepares the screening indexes; `screenNew()` screens the applications whose
 * status is `new`.
 *
 * @example
 * ```ts
 * const service = await CountyService.open('./county.db');
 * await service.runNightly();
 * for (const a of service.screenNew()) console.log(a.id, a.status);
 * service.close();
 * ```
 */
export class CountyService {
  readonly #file: string;
  readonly #db: Database.Database;
  readonly #engine: Engine;
  #prepared: PreparedData | undefined;
  readonly #normalize = compileNormalizer(canonicalDatasets.get('payments')!);

  private constructor(file: string, db: Database.Database, engine: Engine) {
    this.#file = file;
    this.#db = db;
    this.#engine = engine;
  }

  static async open(file: string): Promise<CountyService> {
    const db = new Database(file, { fileMustExist: true });
    const asOf = (db.prepare("SELECT value FROM meta WHERE key = 'as_of'").get() as { value: string } | undefined)?.value;
    const engine = createEngine({ rules: await loadStdlib(), ...(asOf ? { asOf } : {}) });
    return new CountyService(file, db, engine);
  }

  /** Loads the tables through the SQLite adapter, runs the library, keeps the findings. */
  async runNightly(): Promise<NightlyResult> {
    const t0 = performance.now();
    // The adapter opens its own read-only connection to the file and closes it when done.
    const source = createSqliteSource({ file: this.#file, tables: TABLE_NAMES });
    let data: LoadedData;
    try {
      data = await loadData(source);
    } finally {
      await source.close?.();
    }
    const loadMs = performance.now() - t0;
    const result = await this.#engine.run(data);
    const runAt = new Date().toISOString();
    const insert = this.#db.prepare('INSERT INTO nightly_findings VALUES (?, ?, ?, ?, ?)');
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM nightly_findings').run();
      for (const f of result.findings) insert.run(runAt, f.rule, f.severity, f.key, f.message.zh);
    })();
    // The indexes for screening are built once a night, over the same data. prepare() leaves
    // some to the first screen() that reaches them (a rule whose first condition fails never
    // asks for its lookups), so screen one known payment of each fund now (the findings are
    // not kept) and the first applications of the day do not pay for them.
    this.#prepared = this.#engine.prepare(data);
    const seen = new Set<unknown>();
    for (const p of data.tables.get('payments') ?? []) {
      if (seen.has(p.fund_code)) continue;
      seen.add(p.fund_code);
      this.#prepared.screen('payments', p);
    }
    const byRule = new Map<string, number>();
    for (const f of result.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    return {
      asOf: result.asOf,
      records: Object.values(data.counts).reduce((s, c) => s + c.loaded, 0),
      rejected: data.rejected.length,
      rulesRun: result.rulesRun.length,
      rulesSkipped: result.rulesSkipped.length,
      findings: result.findings.length,
      byRule: [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      loadMs: Math.round(loadMs),
      rulesMs: result.timings.rulesMs,
    };
  }

  /** Screens every application with status `new`, then marks it `held`, `approved` or `rejected`. */
  screenNew(): ScreenedApplication[] {
    if (!this.#prepared) throw new Error('runNightly() first: screening uses the indexes of the last nightly run');
    const prepared = this.#prepared;
    const fields = canonicalDatasets.get('payments')!.fields;
    const rows = this.#db.prepare("SELECT * FROM applications WHERE status = 'new' ORDER BY payment_id").all() as Record<string, string | null>[];
    const setStatus = this.#db.prepare('UPDATE applications SET status = ? WHERE payment_id = ?');
    const keep = this.#db.prepare('INSERT INTO screening_findings VALUES (?, ?, ?, ?, ?)');
    const out: ScreenedApplication[] = [];
    for (const row of rows) {
      const id = String(row.payment_id);
      const what = row.what ?? '';
      const parsed = this.#normalize(fields.map((f) => row[f.name]));
      if (!parsed.ok) {
        setStatus.run('rejected', id);
        out.push({ id, what, status: 'rejected', findings: [], micros: 0, problems: parsed.problems.map((p) => `${p.field}: ${p.message}`) });
        continue;
      }
      const t = process.hrtime.bigint();
      const findings = prepared.screen('payments', parsed.record);
      const micros = Number(process.hrtime.bigint() - t) / 1000;
      const status = findings.length > 0 ? 'held' : 'approved';
      setStatus.run(status, id);
      for (const f of findings) keep.run(id, f.rule, f.severity, f.message.zh, Math.round(micros));
      out.push({ id, what, status, findings, micros });
    }
    return out;
  }

  /** Adds an application (as the county system's intake form would), money in yuan text. */
  addApplication(record: Readonly<Record<string, string | null>>, what = ''): void {
    const fields = canonicalDatasets.get('payments')!.fields;
    this.#db
      .prepare(`INSERT INTO applications VALUES (${fields.map(() => '?').join(', ')}, ?, 'new')`)
      .run(...fields.map((f) => record[f.name] ?? null), what);
  }

  close(): void {
    this.#db.close();
  }
}
