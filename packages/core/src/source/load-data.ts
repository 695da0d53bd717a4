/**
 * `loadData`: reads every dataset of a {@link Source}, maps each batch's columns onto the
 * model's fields, normalises the rows and keeps the bad ones aside with their place
 * (see "Rejected rows" in docs/data-model.md). The one path from any store into canonical records.
 */
import { SunshineError } from '../errors.js';
import { canonicalDatasets, type DatasetDef, type DatasetRegistry } from '../schema/datasets.js';
import type { FieldProblem } from '../schema/normalize.js';
import { compileRowNormalizer } from './row-normalizer.js';
import type { DatasetLocation, RawBatch, RejectedRow, SkippedRow, Source } from './source.js';
import { totalsLabelOf } from './totals-row.js';

/** A canonical record as `loadData` returns it: money in fen, dates `YYYY-MM-DD`, empty `null`. */
export type LoadedRecord = Record<string, string | number | null>;

/** Reported after each batch a source yields. */
export interface LoadProgress {
  readonly dataset: string;
  readonly file: string;
  /** Rows of this dataset read so far (loaded and rejected). */
  readonly rows: number;
}

/** Something `loadData` noticed that is not an error: the data still loaded. */
export interface LoadWarning {
  readonly code: 'UNKNOWN_COLUMN' | 'UNKNOWN_DATASET' | 'EMPTY_FILE';
  readonly dataset: string;
  readonly file: string;
  /** The column concerned, for `UNKNOWN_COLUMN` (`#3` for the third column when it has no header). */
  readonly column?: string;
  readonly message: string;
}

export interface LoadDataOptions {
  /**
   * The datasets to expect and their fields.
   * @default canonicalDatasets (the model of data-model.md)
   */
  readonly registry?: DatasetRegistry;
  /**
   * Load only these datasets (names in the registry); the others are neither read nor
   * reported missing.
   * @default every dataset of the registry
   */
  readonly datasets?: readonly string[];
  /** Called after each batch, for progress bars. */
  readonly onProgress?: (e: LoadProgress) => void;
}

export interface LoadedData {
  /** One table per requested dataset, in registry order; a missing dataset is an empty table. */
  readonly tables: ReadonlyMap<string, readonly LoadedRecord[]>;
  /** Every row the model rejected, in source order per dataset. */
  readonly rejected: RejectedRow[];
  /** Requested datasets the source does not hold (loaded as empty). */
  readonly missing: string[];
  /** Where each loaded dataset came from. */
  readonly locations: DatasetLocation[];
  /** Rows loaded and rejected per requested dataset. */
  readonly counts: Record<string, { loaded: number; rejected: number }>;
  /** Extra columns that were ignored, datasets the model does not know, empty files. */
  readonly warnings: LoadWarning[];
  /**
   * Rows skipped on purpose, neither loaded nor rejected: totals rows (合计, 小计, 总计, see
   * `totalsLabelOf`), in source order per dataset. Absent on data not read by `loadData`.
   */
  readonly skipped?: SkippedRow[];
}

/** The field name used in a {@link RejectedRow} when the row as a whole is unreadable. */
export const WHOLE_ROW = '(row)';

/** Header text → lookup key: case and whitespace (including a BOM) do not matter. */
export function headerKey(header: string): string {
  return header.replace(/\s+/g, '').toLowerCase();
}

interface ColumnPlan {
  /** For each field (in `def.fields` order), its column index in the batch, or -1. */
  readonly index: Int32Array;
  readonly width: number;
}

function planColumns(def: DatasetDef, batch: RawBatch, warn: (w: LoadWarning) => void): ColumnPlan {
  const fieldIndex = new Map<string, number>();
  def.fields.forEach((f, i) => fieldIndex.set(headerKey(f.name), i));
  const index = new Int32Array(def.fields.length).fill(-1);
  batch.columns.forEach((column, c) => {
    const i = fieldIndex.get(headerKey(column));
    if (i === undefined) {
      const unnamed = column.trim() === '';
      warn({
        code: 'UNKNOWN_COLUMN',
        dataset: def.name,
        file: batch.file,
        column: unnamed ? `#${c + 1}` : column,
        message: unnamed ? `${batch.file}: column ${c + 1} has no header; ignored` : `${batch.file}: column \`${column}\` is not a field of \`${def.name}\`; ignored`,
      });
      return;
    }
    const prev = index[i]!;
    if (prev !== -1) {
      throw new SunshineError(
        'INVALID_INPUT',
        `${batch.file}: columns \`${batch.columns[prev]!}\` and \`${column}\` both give field \`${def.fields[i]!.name}\` of \`${def.name}\`; keep one`,
        { file: batch.file, dataset: def.name, field: def.fields[i]!.name },
      );
    }
    index[i] = c;
  });
  def.fields.forEach((f, i) => {
    if (index[i] === -1 && !f.nullable) {
      throw new SunshineError(
        'INVALID_INPUT',
        `${batch.file}: required column \`${f.name}\` of \`${def.name}\` is missing (columns: ${batch.columns.join(', ') || 'none'})`,
        { file: batch.file, dataset: def.name, field: f.name },
      );
    }
  });
  return { index, width: batch.columns.length };
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function rejection(dataset: string, file: string, row: number, problems: readonly FieldProblem[]): RejectedRow {
  const first = problems[0]!;
  return {
    dataset,
    file,
    row,
    field: first.field,
    value: first.value,
    message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    problems,
  };
}

/**
 * Loads every dataset of a source into canonical records. Bad rows are rejected with their
 * place and never coerced; a row with no value at all is skipped, and so is a totals row
 * (合计, 小计, 总计: listed under `skipped`, see `totalsLabelOf`); a dataset the source lacks
 * is empty and listed in `missing`. Column
 * names must be the model's field names (any case, any whitespace): map a county's own headers
 * first with `withMapping` from `@sunshine/adapters`.
 *
 * Throws a {@link SunshineError}: `INVALID_INPUT` when a file lacks a required column or two
 * columns give one field, `UNKNOWN_DATASET` for a requested dataset the registry lacks,
 * `UNREADABLE_SOURCE` when the source fails. The source is not closed.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createFolderSource } from '@sunshine/adapters';
 *
 * const data = await loadData(createFolderSource({ dir: './county' }));
 * const payments = data.tables.get('payments') ?? [];
 * for (const r of data.rejected) console.error(`${r.file}:${r.row} ${r.field}: ${r.message}`);
 * ```
 */
export async function loadData(source: Source, options: LoadDataOptions = {}): Promise<LoadedData> {
  const registry = options.registry ?? canonicalDatasets;
  const onProgress = options.onProgress;
  for (const name of options.datasets ?? []) {
    if (!registry.get(name)) {
      throw new SunshineError('UNKNOWN_DATASET', `unknown dataset \`${name}\` (known: ${registry.names().join(', ')})`, { dataset: name });
    }
  }
  const wanted = new Set(options.datasets ?? registry.names());
  const requested = registry.names().filter((n) => wanted.has(n));

  const warnings: LoadWarning[] = [];
  const warned = new Set<string>();
  const warn = (w: LoadWarning): void => {
    const key = `${w.code}\u0000${w.file}\u0000${w.column ?? ''}`;
    if (warned.has(key)) return;
    warned.add(key);
    warnings.push(w);
  };

  let all: readonly DatasetLocation[];
  try {
    all = await source.datasets();
  } catch (e) {
    throw asSourceError(e, source, undefined);
  }
  const locations: DatasetLocation[] = [];
  for (const loc of all) {
    if (!registry.get(loc.dataset)) {
      warn({ code: 'UNKNOWN_DATASET', dataset: loc.dataset, file: loc.file, message: `${loc.file}: \`${loc.dataset}\` is not a dataset of the model; ignored` });
    } else if (wanted.has(loc.dataset)) {
      locations.push(loc);
    }
  }
  const present = new Set(locations.map((l) => l.dataset));

  const tables = new Map<string, LoadedRecord[]>();
  const rejected: RejectedRow[] = [];
  const skipped: SkippedRow[] = [];
  const counts: Record<string, { loaded: number; rejected: number }> = {};
  const missing: string[] = [];

  // One string per ID number across every dataset of the load (see compileRowNormalizer).
  const ids = new Map<string, string>();
  for (const name of requested) {
    const def = registry.get(name)!;
    const table: LoadedRecord[] = [];
    tables.set(name, table);
    const count = { loaded: 0, rejected: 0 };
    counts[name] = count;
    if (!present.has(name)) {
      missing.push(name);
      continue;
    }
    const normalizer = compileRowNormalizer(def, { ids });
    const nFields = def.fields.length;
    const values: unknown[] = new Array<unknown>(nFields).fill(undefined);
    let plan: ColumnPlan | undefined;
    let planColumnsOf: readonly string[] | undefined;
    let seen = 0;
    const firstRejected = rejected.length;
    let sawUnreadable = false;
    try {
      for await (const batch of source.batches(name)) {
        const { rows, rowNumbers, file } = batch;
        if (batch.columns.length === 0 && rows.length === 0 && !batch.unreadable?.length) {
          warn({ code: 'EMPTY_FILE', dataset: name, file, message: `${file}: the file is empty; \`${name}\` loads no rows from it` });
          continue;
        }
        if (batch.columns !== planColumnsOf) {
          plan = planColumns(def, batch, warn);
          planColumnsOf = batch.columns;
        }
        const { index, width } = plan!;
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r]!;
          if (row.length > width) {
            let extra = -1;
            for (let c = width; c < row.length; c++) {
              if (!isBlank(row[c])) {
                extra = c;
                break;
              }
            }
            if (extra !== -1) {
              rejected.push(
                rejection(name, file, rowNumbers[r]!, [
                  { field: WHOLE_ROW, value: row[extra], message: `has ${row.length} values but the header has ${width} columns (an unquoted separator?)` },
                ]),
              );
              count.rejected++;
              continue;
            }
          }
          for (let i = 0; i < nFields; i++) {
            const c = index[i]!;
            values[i] = c === -1 ? undefined : row[c];
          }
          const record = normalizer.normalize(values);
          if (record !== undefined) {
            table.push(record);
            count.loaded++;
          } else if (!row.every(isBlank)) {
            const label = totalsLabelOf(row);
            if (label !== undefined) {
              skipped.push({ dataset: name, file, row: rowNumbers[r]!, reason: 'totals', label });
              continue;
            }
            rejected.push(rejection(name, file, rowNumbers[r]!, normalizer.problems));
            count.rejected++;
          }
        }
        if (batch.unreadable?.length) {
          sawUnreadable = true;
          for (const u of batch.unreadable) {
            rejected.push(rejection(name, file, u.row, [{ field: WHOLE_ROW, value: u.value, message: u.message }]));
            count.rejected++;
          }
        }
        seen += rows.length + (batch.unreadable?.length ?? 0);
        onProgress?.({ dataset: name, file, rows: seen });
      }
    } catch (e) {
      throw asSourceError(e, source, name);
    }
    if (sawUnreadable) {
      // Unreadable rows come after their batch's rows: put this dataset's rejections in row order.
      const mine = rejected.splice(firstRejected);
      const fileOrder = new Map<string, number>();
      for (const r of mine) if (!fileOrder.has(r.file)) fileOrder.set(r.file, fileOrder.size);
      mine.sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.row - b.row);
      rejected.push(...mine);
    }
  }

  return { tables, rejected, missing, locations, counts, warnings, skipped };
}

function asSourceError(e: unknown, source: Source, dataset: string | undefined): unknown {
  if (e instanceof SunshineError) return e;
  const what = dataset === undefined ? 'the dataset list' : `dataset \`${dataset}\``;
  const reason = e instanceof Error ? e.message : String(e);
  return new SunshineError('UNREADABLE_SOURCE', `cannot read ${what} from ${source.description}: ${reason}`, { dataset }, { cause: e });
}

// The load's companions, exported with it: totals-row recognition and the data-quality report.
export { totalsLabelOf } from './totals-row.js';
export * from './data-quality.js';
