/**
 * Binds {@link CliLibrary} to the Sunshine packages. Heavy parts (adapters, engine, generator)
 * load on first use, so `sunshine --help` starts fast.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { runRuleTests } from '@sunshine/core/testing';
import { createEngine, dataQualityReport, type DataQualityReport, datasetsJsonSchema, latestDateIn, loadData, loadPacks, redactUrl, rulePackJsonSchema, SunshineError, type DatasetDef, type LoadedData as CoreLoadedData, type RuleExplanation, type Source } from '@sunshine/core';
import type { SqlConnection } from '@sunshine/sql';
import { CliError } from '../cli-error.js';
import { msg } from '../i18n/messages.js';
import { noDateMessage } from '../commands/as-of-from-data.js';
import type { CliEngine, CliLibrary, DataSpec, LoadedPacks, DatasetLoad, Explanation, ExecutorSpec, LoadedData, SqlRunInfo } from './cli-library.js';

const require = createRequire(import.meta.url);

/** The CLI's own version (from its package.json). */
export function cliVersion(): string {
  return (require('@sunshine/cli/package.json') as { version: string }).version;
}

async function openSource(spec: DataSpec): Promise<Source> {
  // Loaded on first use, like the drivers behind them: `sunshine --help` needs none of it.
  // Always mapped: without a mapping file the built-in dictionary of Chinese headers and codes
  // (身份证号 → id_number, 男 → M) still applies.
  const { openStore } = await import('@sunshine/adapters');
  return openStore(spec);
}

function toLoadedData(source: Source, r: CoreLoadedData, dataQuality: DataQualityReport = dataQualityReport(r)): LoadedData {
  const names = [...r.tables.keys()];
  const files = new Map<string, string[]>();
  for (const l of r.locations) files.set(l.dataset, [...(files.get(l.dataset) ?? []), l.file]);
  const datasets: DatasetLoad[] = names.map((dataset) => ({
    dataset,
    files: files.get(dataset) ?? [],
    rows: r.counts[dataset]?.loaded ?? r.tables.get(dataset)?.length ?? 0,
    rejected: r.counts[dataset]?.rejected ?? 0,
  }));
  return { description: source.description, tables: r.tables, rejected: r.rejected, datasets, missing: r.missing, warnings: r.warnings.map((w) => w.message), loadWarnings: r.warnings, dataQuality };
}

/**
 * What a folder's records depend on besides its files, for the load cache's key: the mapping
 * file's content and the encoding.
 */
async function cacheKeyOf(spec: Extract<DataSpec, { kind: 'folder' }>): Promise<string> {
  const mapping = spec.mapping === undefined ? null : createHash('sha1').update(await readFile(spec.mapping)).digest('hex');
  return JSON.stringify({ mapping, encoding: spec.encoding ?? null });
}

/** Every file under `paths` (files or folders): path, size, modification time and SHA-1. */
async function filesKey(paths: readonly string[]): Promise<string> {
  const h = createHash('sha1');
  const add = async (p: string): Promise<void> => {
    const s = await stat(p);
    if (s.isDirectory()) {
      for (const name of (await readdir(p)).sort()) await add(join(p, name));
    } else if (s.isFile()) {
      h.update(`${p}\u0000${s.size}\u0000${s.mtimeMs}\u0000`).update(createHash('sha1').update(await readFile(p)).digest('hex')).update('\n');
    }
  };
  for (const p of paths) await add(resolve(p));
  // The code that checks the packs: core's built files by name, size and modification time.
  const core = dirname(fileURLToPath(import.meta.resolve('@sunshine/core')));
  for (const name of (await readdir(core, { recursive: true })).sort()) {
    const s = await stat(join(core, name));
    if (s.isFile()) h.update(`${name}\u0000${s.size}\u0000${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/**
 * `loadPacks` through the cache folder: a load without problems is kept under the key of its
 * files (see filesKey) and read back while they are unchanged; one with problems is always
 * made afresh (its messages come from the current catalogue).
 */
async function loadPacksCached(paths: readonly string[], cacheDir: string): Promise<LoadedPacks> {
  let key: string;
  try {
    key = await filesKey(paths);
  } catch {
    // A pack path that cannot be read (or no way to find core's files): loadPacks says what is wrong.
    const pack = await loadPacks(paths);
    return { rules: pack.rules.map((r) => r.rule), problems: pack.problems };
  }
  const file = join(cacheDir, `${key}.bin`);
  try {
    const stored = deserialize(await readFile(file)) as { key: string; rules: unknown[] };
    if (stored.key === key) return { rules: stored.rules, problems: [] };
  } catch {
    // Not kept yet, or damaged: loaded below.
  }
  const pack = await loadPacks(paths);
  const loaded = { rules: pack.rules.map((r) => r.rule), problems: pack.problems };
  if (loaded.problems.length === 0) {
    try {
      await mkdir(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, serialize({ key, rules: loaded.rules }));
      await rename(tmp, file);
    } catch {
      // A read-only cache: the rules stand without being kept.
    }
  }
  return loaded;
}

/** What the engine takes: the tables and which datasets are missing (so rules needing them are skipped). */
function toCoreData(data: LoadedData): CoreLoadedData {
  return { tables: data.tables, missing: [...data.missing], rejected: [...data.rejected], locations: [], counts: {}, warnings: [] };
}

/** Hides the password of a connection URL, for messages and reports (core's `redactUrl`). */
function safeUrl(url: string): string {
  return redactUrl(url);
}

type SqlModule = typeof import('@sunshine/sql');

async function importSql(): Promise<SqlModule> {
  return import('@sunshine/sql');
}

/**
 * Opens the executor's connection. DuckDB gets `data` loaded into it, or reads the folder of
 * `inPlace` itself; then the data's description comes back too.
 */
async function openExecutor(executor: Exclude<ExecutorSpec, { kind: 'in-process' }>, data: LoadedData | undefined, registry: Parameters<SqlModule['loadTables']>[2]) {
  const sql = await importSql();
  if (executor.kind === 'postgres') {
    const { openPostgres } = await import('@sunshine/sql/postgres');
    return { conn: await openPostgres({ url: executor.url }), data };
  }
  const { openDuckDb, attachFolder } = await import('@sunshine/sql/duckdb');
  const conn = await openDuckDb({ ...(executor.memoryLimit === undefined ? {} : { memoryLimit: executor.memoryLimit }), ...(executor.file === undefined ? {} : { path: executor.file }) });
  try {
    if (executor.inPlace !== undefined) {
      const dir = executor.inPlace;
      const attached = await attachFolder(conn, dir, registry, { mode: 'table' });
      const files = new Map(attached.datasets.map((a) => [a.dataset, a.file]));
      const described = await describeTables(conn, registry.all(), (name) => (files.has(name) ? [files.get(name)!] : undefined), {
        description: `csv folder ${dir} (read in place by DuckDB)`,
        warnings: attached.ignored.length > 0 ? [`ignored: ${attached.ignored.join(', ')}`] : [],
      });
      return { conn, data: described };
    }
    if (data === undefined) throw new CliError('USAGE', 'the DuckDB executor needs data to load');
    await sql.loadTables(conn, toCoreData(data), registry);
  } catch (e) {
    await conn.close();
    throw e;
  }
  return { conn, data };
}

/**
 * Describes the canonical tables a database holds, for the report: a row count per dataset
 * (`filesOf` names where it came from, undefined when the database lacks it: missing), and the
 * small `regions` and `departments` tables read whole (place and department names).
 */
async function describeTables(
  conn: SqlConnection,
  defs: readonly DatasetDef[],
  filesOf: (dataset: string) => readonly string[] | undefined,
  about: { readonly description: string; readonly warnings: readonly string[] },
): Promise<LoadedData> {
  const q = (n: string): string => conn.dialect.ident(n);
  const tables = new Map<string, Readonly<Record<string, string | number | null>>[]>();
  const datasets: DatasetLoad[] = [];
  const missing: string[] = [];
  for (const def of defs) {
    const files = filesOf(def.name);
    if (files === undefined) {
      missing.push(def.name);
      datasets.push({ dataset: def.name, files: [], rows: 0, rejected: 0 });
      continue;
    }
    const count = await conn.query(`SELECT count(*) FROM ${q(def.name)}`);
    datasets.push({ dataset: def.name, files: [...files], rows: Number(count.rows[0]?.[0] ?? 0), rejected: 0 });
    if (def.name === 'regions' || def.name === 'departments') {
      const r = await conn.query(`SELECT ${def.fields.map((f) => q(f.name)).join(', ')} FROM ${q(def.name)}`);
      tables.set(def.name, r.rows.map((row) => Object.fromEntries(def.fields.map((f, i) => [f.name, typeof row[i] === 'string' ? row[i] : null]))));
    }
  }
  return { description: about.description, tables, rejected: [], datasets, missing, warnings: [...about.warnings] };
}

/** Stands for the date of an engine that only describes its rules (see `createEngine`). */
const UNKNOWN_AS_OF = '1970-01-01';

/** An engine explanation without the bulky materialised context (kept for debugging only). */
function toExplanation(e: RuleExplanation): Explanation {
  const out: Record<string, unknown> = { ...e };
  delete out.context;
  delete out.finding;
  return out as unknown as Explanation;
}

/** Turns errors of the library about unreadable input into exit-2 messages. */
function asBadInput(e: unknown, what: string): unknown {
  if (e instanceof SunshineError || e instanceof CliError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'ECONNREFUSED', 'ENOTFOUND'].includes(code)) {
    return new CliError('BAD_INPUT', `cannot read ${what}: ${(e as Error).message}`, { cause: e });
  }
  return e;
}

/**
 * The library the `sunshine` binary uses.
 *
 * @example
 * ```ts
 * const code = await main(process.argv.slice(2), io, createDefaultLibrary());
 * ```
 */
export function createDefaultLibrary(): CliLibrary {
  return {
    version: cliVersion(),
    async loadData(spec, options) {
      let source: Source | undefined;
      const onProgress = options?.onProgress;
      let current: { dataset: string; rows: number } | undefined;
      const finish = (): void => {
        if (current !== undefined) onProgress?.({ dataset: current.dataset, rows: current.rows, done: true });
        current = undefined;
      };
      try {
        source = await openSource(spec);
        const progress = (p: { dataset: string; rows: number }): void => {
          if (current !== undefined && current.dataset !== p.dataset) finish();
          current = { dataset: p.dataset, rows: p.rows };
          onProgress?.({ dataset: p.dataset, rows: p.rows, done: false });
        };
        const datasets = options?.datasets === undefined ? {} : { datasets: options.datasets };
        const cacheDir = spec.kind === 'folder' ? options?.cacheDir : undefined;
        if (cacheDir !== undefined && spec.kind === 'folder') {
          const { cachedDerived, loadDataCached } = await import('@sunshine/adapters');
          const result = await loadDataCached(source, { cacheDir, key: await cacheKeyOf(spec), onProgress: progress, ...datasets });
          finish();
          // The data-quality report is a function of the load: kept with it.
          const dataQuality = await cachedDerived(cacheDir, 'data-quality', result.cache.key, () => dataQualityReport(result));
          return { ...toLoadedData(source, result, dataQuality), cache: { dir: cacheDir, ...result.cache } };
        }
        const result = await loadData(source, { onProgress: progress, ...datasets });
        finish();
        return toLoadedData(source, result);
      } catch (e) {
        throw asBadInput(e, spec.kind === 'folder' ? `data folder \`${spec.dir}\`` : `the ${spec.kind} store`);
      } finally {
        await source?.close?.();
      }
    },
    async databaseData(url) {
      const { openPostgres } = await import('@sunshine/sql/postgres');
      const { DATASETS } = await import('@sunshine/core');
      let conn: Awaited<ReturnType<typeof openPostgres>>;
      try {
        conn = await openPostgres({ url });
      } catch (e) {
        throw asBadInput(e, `database ${safeUrl(url)}`);
      }
      try {
        const present = await conn.relations();
        return await describeTables(conn, DATASETS, (name) => (present.has(name) ? [name] : undefined), { description: `PostgreSQL database ${safeUrl(url)}`, warnings: [] });
      } finally {
        await conn.close();
      }
    },
    async stdlibPacks(preset) {
      const { isPresetName, PRESET_NAMES, presetPath, stdlibDir } = await import('@sunshine/rules-stdlib');
      if (preset === undefined) return [stdlibDir];
      if (!isPresetName(preset)) throw new CliError('USAGE', `unknown preset \`${preset}\` of the standard library (presets: ${PRESET_NAMES.map((p) => `stdlib:${p}`).join(', ')})`);
      return [presetPath(preset)];
    },
    async stdlibCatalogue(format) {
      const { catalogue } = await import('@sunshine/rules-stdlib');
      return catalogue(format);
    },
    async loadPacks(paths, options) {
      try {
        if (options?.cacheDir !== undefined) return await loadPacksCached(paths, options.cacheDir);
        const pack = await loadPacks(paths);
        return { rules: pack.rules.map((r) => r.rule), problems: pack.problems };
      } catch (e) {
        throw asBadInput(e, 'rule pack');
      }
    },
    async validatePacks(paths) {
      try {
        return (await loadPacks(paths)).problems;
      } catch (e) {
        throw asBadInput(e, 'rule pack');
      }
    },
    latestDate: (data) => latestDateIn(data.tables),
    createEngine(options) {
      const make = (asOf: string): ReturnType<typeof createEngine> =>
        createEngine({ rules: options.rules as Parameters<typeof createEngine>[0]['rules'], asOf, ...(options.params === undefined ? {} : { params: options.params }) });
      // Without a date (a run in a database, whose date is read from it) this engine only
      // describes the rules (summaries and plans do not depend on the date); `runSql` makes
      // the engine that runs once it has read the date.
      const engine = make(options.asOf ?? UNKNOWN_AS_OF);
      const needsDate = (): void => {
        if (options.asOf === undefined) throw new Error('internal: an in-process run or explanation needs `asOf`; give it to createEngine');
      };
      // One explanation builds its own indexes; many over the same data (the HTML report) share
      // one preparation, made on the second call.
      let explained: { data: unknown; calls: number; prepared?: ReturnType<typeof engine.prepare> } | undefined;
      const cli: CliEngine = {
        run: (data, o) => {
          needsDate();
          return engine.run(toCoreData(data), { ...(o?.onProgress === undefined ? {} : { onProgress: o.onProgress }), ...(o?.only === undefined ? {} : { only: o.only }), ...(o?.ruleTimeoutMs === undefined ? {} : { ruleTimeoutMs: o.ruleTimeoutMs }) });
        },
        explain(data, ruleId, key) {
          needsDate();
          if (explained?.data !== data) explained = { data, calls: 0 };
          explained.calls++;
          if (explained.calls === 2) explained.prepared = engine.prepare(toCoreData(data));
          const e = explained.prepared ? explained.prepared.explain(ruleId, key) : engine.explain(toCoreData(data), ruleId, key);
          if (e === undefined) return Promise.reject(new CliError('BAD_INPUT', msg('en', 'noSubjectWithKey', ruleId, key), { zh: msg('zh', 'noSubjectWithKey', ruleId, key) }));
          return Promise.resolve(toExplanation(e));
        },
        summaries: () => engine.summaries(),
        async sqlCoverage() {
          const { sqlCoverage, DUCKDB } = await importSql();
          const env = engine.environment;
          return sqlCoverage(engine.plans, DUCKDB, env.registry, { operators: env.operators, functions: env.functions, asOf: engine.asOf });
        },
        async runSql(executor, data, o) {
          const sql = await importSql();
          let opened: Awaited<ReturnType<typeof openExecutor>>;
          try {
            opened = await openExecutor(executor, data, engine.environment.registry);
          } catch (e) {
            throw asBadInput(e, executor.kind === 'postgres' ? `database ${safeUrl(executor.url)}` : 'DuckDB');
          }
          const conn = opened.conn;
          try {
            let runner = engine;
            if (options.asOf === undefined) {
              const latest = await sql.latestDateInDatabase(conn, engine.environment.registry);
              if (latest === undefined) throw new CliError('BAD_INPUT', noDateMessage(opened.data?.description ?? (executor.kind === 'postgres' ? `database ${safeUrl(executor.url)}` : 'the data')));
              runner = make(latest);
            }
            const r = await sql.runSql(runner, conn, { ...(o?.onProgress === undefined ? {} : { onProgress: o.onProgress }), ...(o?.only === undefined ? {} : { only: o.only }) });
            const info: SqlRunInfo = {
              executor: r.executor,
              candidates: r.sqlStats.reduce((s, x) => s + x.candidates, 0),
              fetched: r.sqlStats.reduce((s, x) => s + x.fetched, 0),
            };
            return { ...r, sql: info, ...(opened.data === undefined ? {} : { data: opened.data }), asOfFromData: options.asOf === undefined };
          } finally {
            await conn.close();
          }
        },
      };
      return Promise.resolve(cli);
    },
    async runRuleTests(paths) {
      let report: Awaited<ReturnType<typeof runRuleTests>>;
      try {
        report = await runRuleTests(paths);
      } catch (e) {
        throw asBadInput(e, 'rule pack');
      }
      // Problems with the packs or fixtures: `test` says them in the user's language (exit 2).
      return { cases: report.cases, untested: report.untested, problems: report.problems };
    },
    rulePackJsonSchema() {
      return Promise.resolve(rulePackJsonSchema as object);
    },
    datasetsJsonSchema() {
      return Promise.resolve(datasetsJsonSchema());
    },
    async generateCounty(options) {
      const { generateCounty, GenError } = await import('@sunshine/gen');
      let r: Awaited<ReturnType<typeof generateCounty>>;
      try {
        r = await generateCounty(options.asOf === undefined ? { scale: options.scale, seed: options.seed, out: options.out, format: options.format } : { ...options, asOf: options.asOf });
      } catch (e) {
        // The generator's own errors are about its options or output folder: bad input.
        if (e instanceof GenError) throw new CliError('BAD_INPUT', e.message, { cause: e });
        throw e;
      }
      return {
        counts: r.counts,
        truthFile: join(options.out, 'truth.json'),
        planted: Object.values(r.truth).reduce((a, b) => a + b, 0),
        asOf: r.asOf,
      };
    },
  };
}
