/**
 * The part of the Sunshine library the CLI uses, described as one interface so that commands
 * stay thin (parse, call, render) and tests can pass a fake. {@link createDefaultLibrary}
 * binds it to `@sunshine/core`, `@sunshine/adapters`, `@sunshine/rules-stdlib` and
 * `@sunshine/gen`.
 */
import type { DataQualityReport, Finding, ParamOverrides, RejectedRow, RuleSummary, RunProgress, RunResult, Tables } from '@sunshine/core';

/** Where the data comes from: a folder of files, or a county database. */
export type DataSpec =
  | {
      readonly kind: 'folder';
      readonly dir: string;
      readonly mapping?: string | undefined;
      /** Text encoding of the CSV and JSON files (`--encoding`); detected per file when absent. */
      readonly encoding?: 'utf-8' | 'gb18030' | undefined;
    }
  | { readonly kind: 'sqlite'; readonly file: string; readonly mapping?: string | undefined }
  | { readonly kind: 'postgres' | 'mysql'; readonly connection: string; readonly mapping?: string | undefined };

/**
 * Where the rules run: in this process (the default), inside an embedded DuckDB, or inside the
 * PostgreSQL database that holds the data.
 */
export type ExecutorSpec =
  | { readonly kind: 'in-process' }
  | {
      readonly kind: 'duckdb';
      /** DuckDB's memory limit (`8GB`); above it DuckDB spills to a temp directory. */
      readonly memoryLimit?: string | undefined;
      /** A DuckDB database file to work in instead of memory. */
      readonly file?: string | undefined;
      /**
       * DuckDB reads the canonical CSV/Parquet files of this folder itself (no loading into
       * this process; rows are checked, not normalised): for data larger than memory.
       */
      readonly inPlace?: string | undefined;
    }
  | { readonly kind: 'postgres'; readonly url: string };

/** What a SQL executor did per rule (for the summary and `--log-format json`). */
export interface SqlRunInfo {
  readonly executor: string;
  /** Subjects SQL selected and rows fetched for them, over all rules. */
  readonly candidates: number;
  readonly fetched: number;
}

/** One dataset as loaded. */
export interface DatasetLoad {
  readonly dataset: string;
  /** Files (or tables) it came from; empty when the dataset is missing. */
  readonly files: readonly string[];
  /** Rows loaded (accepted). */
  readonly rows: number;
  readonly rejected: number;
}

/** Something a load noticed, with its code: `UNKNOWN_DATASET`, `UNKNOWN_COLUMN`, `EMPTY_FILE`. */
export interface LoadNotice {
  readonly code: string;
  readonly dataset: string;
  readonly file: string;
  readonly column?: string | undefined;
  readonly message: string;
}

export interface LoadedData {
  /** The source, for messages (`csv folder ./county`). */
  readonly description: string;
  readonly tables: Tables;
  readonly rejected: readonly RejectedRow[];
  /** Every canonical dataset, in model order, with what was loaded. */
  readonly datasets: readonly DatasetLoad[];
  /** Canonical datasets the source does not have (loaded as empty). */
  readonly missing: readonly string[];
  /** Things noticed that did not stop the load (ignored columns, empty files). */
  readonly warnings: readonly string[];
  /** The same with their codes (core's `LoadWarning`), for saying them in the user's language. */
  readonly loadWarnings?: readonly LoadNotice[] | undefined;
  /**
   * The data-quality report of the load (数据质量报告: dangling references, repeated keys,
   * totals rows skipped, columns dropped); absent when the data was not loaded here (a database
   * executor reading its own tables).
   */
  readonly dataQuality?: DataQualityReport | undefined;
  /** What the load cache did, when the load went through it. */
  readonly cache?: LoadCacheActivity | undefined;
}

/** How to load: progress, which datasets, and the load cache. */
export interface LoadOptions {
  readonly onProgress?: ((p: LoadProgress) => void) | undefined;
  /** Load only these datasets (the ones the rules to run read); every dataset when absent. */
  readonly datasets?: readonly string[] | undefined;
  /**
   * The load cache's folder: a folder's datasets whose files are unchanged are read from it,
   * the others are loaded and written to it. No cache when absent.
   */
  readonly cacheDir?: string | undefined;
}

/** What the load cache did (see {@link LoadOptions.cacheDir}). */
export interface LoadCacheActivity {
  readonly dir: string;
  /** Datasets read from the cache. */
  readonly hits: readonly string[];
  /** Datasets loaded from their files and written to the cache. */
  readonly written: readonly string[];
  /** Why the cache could not be written, when it could not. */
  readonly writeError?: string | undefined;
}

/** Progress while loading: rows read so far of one dataset. */
export interface LoadProgress {
  readonly dataset: string;
  readonly rows: number;
  /** Total rows when the source knows it. */
  readonly total?: number | undefined;
  readonly done: boolean;
}

/** One problem of a rule pack (schema or semantics), located by file and JSON pointer. */
export interface ValidationProblem {
  readonly file: string;
  readonly pointer: string;
  /** The problem's code and values in core's problem catalogue (`problemText` says it in Chinese). */
  readonly code?: string | undefined;
  readonly params?: Readonly<Record<string, unknown>> | undefined;
  readonly message: string;
  readonly suggestion?: string | undefined;
}

export interface LoadedPacks {
  /** The rules, opaque to the CLI. */
  readonly rules: readonly unknown[];
  readonly problems: readonly ValidationProblem[];
}

/** One condition of an explanation tree (see `Engine.explain`). */
export interface ExplanationNode {
  readonly label?: string | undefined;
  readonly kind?: string | undefined;
  readonly fact?: string | undefined;
  readonly operator?: string | undefined;
  readonly value?: unknown;
  readonly factValue?: unknown;
  readonly result?: boolean | undefined;
  readonly valueSpec?: unknown;
  readonly children?: readonly ExplanationNode[] | undefined;
  /** The operand of a `not`. */
  readonly child?: ExplanationNode | undefined;
  readonly name?: string | undefined;
  readonly [more: string]: unknown;
}

/** What the engine says about one subject of one rule. */
export interface Explanation {
  readonly rule: string;
  readonly key: string;
  readonly matched: boolean;
  readonly [more: string]: unknown;
}

export interface CliEngine {
  /** Runs every rule; a rule that needs a dataset in `data.missing` is skipped, and said so. */
  run(data: LoadedData, options?: { onProgress?: (p: RunProgress) => void; only?: readonly string[] | undefined; ruleTimeoutMs?: number | undefined }): Promise<RunResult>;
  explain(data: LoadedData, ruleId: string, key: string): Promise<Explanation>;
  /**
   * Runs inside a database: DuckDB over `data` (loaded into it), or the PostgreSQL database of
   * `executor.url` (then `data` is what {@link CliLibrary.databaseData} described).
   */
  runSql?(
    executor: Exclude<ExecutorSpec, { kind: 'in-process' }>,
    data: LoadedData | undefined,
    options?: { onProgress?: (p: RunProgress) => void; only?: readonly string[] | undefined },
  ): Promise<RunResult & { readonly sql: SqlRunInfo; readonly data?: LoadedData; readonly asOfFromData?: boolean }>;
  summaries(): readonly RuleSummary[];
  /** Per rule, what the SQL executors decide in SQL (`exact`) and what they leave to the in-process finish. */
  sqlCoverage?(): Promise<readonly SqlCoverageEntry[]>;
}

/** One rule's SQL coverage (see `@sunshine/sql`'s `sqlCoverage`). */
export interface SqlCoverageEntry {
  readonly rule: string;
  readonly coverage: 'exact' | 'partial';
  readonly residual: readonly { readonly part: string; readonly reason: string }[];
}

export interface RuleTestCase {
  readonly rule: string;
  readonly name: string;
  readonly passed: boolean;
  readonly message?: string | undefined;
  readonly code?: string | undefined;
  readonly params?: Readonly<Record<string, unknown>> | undefined;
  readonly expected?: unknown;
  readonly actual?: unknown;
  readonly ms: number;
}

export interface GenerateOptions {
  readonly scale: 'tiny' | 'village' | 'town' | 'county';
  readonly seed: number;
  readonly out: string;
  readonly format: 'csv' | 'ndjson' | 'xlsx';
  /** The county's "today" (payments cover the year up to it); the generator's default when absent. */
  readonly asOf?: string | undefined;
}

export interface GenerateResult {
  /** Rows written per dataset. */
  readonly counts: Readonly<Record<string, number>>;
  /** Path of the truth file (planted findings). */
  readonly truthFile: string;
  /** Number of planted findings, when known. */
  readonly planted?: number | undefined;
  /** The asOf the truth file holds for. */
  readonly asOf?: string | undefined;
}

export interface CliLibrary {
  /** Version of the CLI package. */
  readonly version: string;
  loadData(spec: DataSpec, options?: LoadOptions): Promise<LoadedData>;
  /**
   * Describes a PostgreSQL database holding the canonical tables (row counts, missing datasets,
   * and the small reference tables for place names) without loading its big tables.
   */
  databaseData?(url: string): Promise<LoadedData>;
  /** The standard library's packs: the whole library, or one of its presets (`payments`, …). */
  stdlibPacks(preset?: string): Promise<readonly string[]>;
  /** The standard library's own catalogue (the committed CATALOGUE.md, or its JSON). */
  stdlibCatalogue?(format: 'md' | 'json'): Promise<string>;
  /**
   * Loads and checks rule packs. With `cacheDir`, a load without problems is kept there, keyed
   * by every pack file's path, size, modification time and SHA-1 and by the installed core, and
   * read back while they are the same.
   */
  loadPacks(paths: readonly string[], options?: { readonly cacheDir?: string | undefined }): Promise<LoadedPacks>;
  validatePacks(paths: readonly string[]): Promise<readonly ValidationProblem[]>;
  /**
   * An engine for the rules. `asOf` is `undefined` only for a run in a database
   * ({@link CliEngine.runSql}): the date is then the latest in the database
   * ({@link CliEngine.runSql} returns it, with `asOfFromData`); `run` and `explain` need one.
   */
  createEngine(options: { rules: readonly unknown[]; params?: ParamOverrides; asOf: string | undefined }): Promise<CliEngine>;
  /** The latest date the data holds (`latestDateIn` of `@sunshine/core`), the default of `--as-of`. */
  latestDate?(data: LoadedData): string | undefined;
  runRuleTests(paths: readonly string[]): Promise<{ readonly cases: readonly RuleTestCase[]; readonly untested?: readonly string[]; readonly problems?: readonly ValidationProblem[] }>;
  rulePackJsonSchema(): Promise<object>;
  /** The data model as JSON Schema (`sunshine schema --datasets`). */
  datasetsJsonSchema?(): Promise<object>;
  generateCounty(options: GenerateOptions): Promise<GenerateResult>;
}

export type { Finding, RejectedRow, RuleSummary, RunResult, Tables };
