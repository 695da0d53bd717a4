/**
 * The part every SQL store shares: which datasets a database holds (a table named after the
 * dataset, a table the options name, or a query the options give) and streaming a table or
 * query in batches with 1-based row positions. Each store supplies a small {@link SqlDriver}.
 */
import { DATASETS, type DatasetLocation, type RawBatch } from '@sunshine/core';
import { AdapterError, messageOf, reasonZh } from '../adapter-error.js';
import type { DatasetEntry, EntrySource } from '../dataset-entry.js';

/** What a SQL store must provide; the stores' modules implement it over their driver. */
export interface SqlDriver {
  /** Tables and views visible to the connection (in the default schema or database). */
  listTables(): Promise<string[]>;
  /** Runs a query and yields its columns and rows in batches of about `batchSize`. */
  stream(sql: string, batchSize: number): AsyncIterable<{ readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] }>;
  /** Quotes an identifier (`"payments"`, `` `payments` ``). */
  quote(identifier: string): string;
  close(): Promise<void>;
}

/** Options every SQL source takes. */
export interface SqlSourceOptions {
  /** Table (or view) of a dataset not named after it: dataset → table. @default the dataset name */
  readonly tables?: Readonly<Record<string, string>>;
  /** A query giving a dataset's rows, instead of a table: dataset → SQL. Order it for stable row numbers. */
  readonly queries?: Readonly<Record<string, string>>;
  /** Dataset names to look for as tables. @default the canonical datasets of data-model.md */
  readonly datasets?: readonly string[];
  /** Rows fetched per round trip and per batch. @default 10000 */
  readonly batchSize?: number;
}

/** Builds an {@link EntrySource} over a SQL driver (created lazily, once). */
export function createSqlSource(
  description: string,
  options: SqlSourceOptions,
  connect: () => Promise<SqlDriver>,
  remake: (tables: Readonly<Record<string, string>>) => EntrySource,
): EntrySource {
  const opts = Object.freeze({ ...options });
  const batchSize = opts.batchSize ?? 10_000;
  let driver: Promise<SqlDriver> | undefined;
  let located: Promise<Map<string, { sql: string; file: string }>> | undefined;
  const open = (): Promise<SqlDriver> => (driver ??= connect());

  const locate = async (): Promise<Map<string, { sql: string; file: string }>> => {
    const d = await open();
    let tables: string[];
    try {
      tables = await d.listTables();
    } catch (e) {
      throw new AdapterError('UNREADABLE', `${description}: cannot list the tables (${messageOf(e)})`, {}, { cause: e, messageZh: `${description}：无法列出数据表（${reasonZh(e)}）` });
    }
    const byLower = new Map(tables.map((t) => [t.toLowerCase(), t]));
    const out = new Map<string, { sql: string; file: string }>();
    const names = new Set([...(opts.datasets ?? DATASETS.map((x) => x.name)), ...Object.keys(opts.tables ?? {})]);
    for (const dataset of names) {
      if (opts.queries?.[dataset] !== undefined) continue;
      const wanted = opts.tables?.[dataset] ?? dataset;
      const table = byLower.get(wanted.toLowerCase());
      if (table === undefined) {
        if (opts.tables?.[dataset] !== undefined) {
          throw new AdapterError('UNREADABLE', `${description}: no table \`${wanted}\` for dataset \`${dataset}\``, { dataset, file: wanted }, { messageZh: `${description}：没有数据表 \`${dataset}\` 对应的表 \`${wanted}\`` });
        }
        continue;
      }
      out.set(dataset, { sql: `SELECT * FROM ${d.quote(table)}`, file: table });
    }
    for (const [dataset, sql] of Object.entries(opts.queries ?? {})) out.set(dataset, { sql, file: `query:${dataset}` });
    return out;
  };
  const locations = (): Promise<Map<string, { sql: string; file: string }>> => (located ??= locate());

  return {
    description,
    async datasets(): Promise<DatasetLocation[]> {
      return [...(await locations())].map(([dataset, l]) => ({ dataset, file: l.file }));
    },
    async *batches(dataset: string): AsyncGenerator<RawBatch> {
      const loc = (await locations()).get(dataset);
      if (!loc) return;
      const d = await open();
      let position = 0;
      let columns: readonly string[] | undefined;
      let yielded = false;
      try {
        for await (const chunk of d.stream(loc.sql, batchSize)) {
          if (!columns || chunk.columns.join('\u0000') !== columns.join('\u0000')) columns = chunk.columns;
          const rowNumbers = new Array<number>(chunk.rows.length);
          for (let i = 0; i < rowNumbers.length; i++) rowNumbers[i] = ++position;
          yielded = true;
          yield { file: loc.file, columns, rows: chunk.rows, rowNumbers };
        }
      } catch (e) {
        if (e instanceof AdapterError) throw e;
        throw new AdapterError('UNREADABLE', `${description}: cannot read \`${loc.file}\` for dataset \`${dataset}\` (${messageOf(e)})`, { dataset, file: loc.file }, { cause: e, messageZh: `${description}：无法读取数据表 \`${dataset}\` 的 \`${loc.file}\`（${reasonZh(e)}）` });
      }
      if (!yielded) yield { file: loc.file, columns: [], rows: [], rowNumbers: [] };
    },
    withEntries(entries: Readonly<Record<string, DatasetEntry>>): EntrySource {
      const tables: Record<string, string> = { ...opts.tables };
      for (const [dataset, e] of Object.entries(entries)) if (e.name !== undefined) tables[dataset] = e.name;
      return remake(tables);
    },
    async close(): Promise<void> {
      const d = driver;
      driver = undefined;
      located = undefined;
      if (d) await (await d).close();
    },
  };
}
