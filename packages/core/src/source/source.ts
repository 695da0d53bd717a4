/**
 * The `Source` contract: what every adapter implements. A source lists the datasets it holds
 * and streams each one as batches of raw rows with their place (file and row number). Raw
 * values are whatever the store gives (strings from CSV, numbers and dates from Excel and
 * databases); {@link loadData} maps them onto the canonical model and rejects bad rows.
 */

/** Where a dataset lives in a source. */
export interface DatasetLocation {
  /** Canonical dataset name (`payments`). */
  readonly dataset: string;
  /** File path, table name or query label, used in messages and in rejected rows. */
  readonly file: string;
}

/** A batch of raw rows of one dataset, all from one file or table. */
export interface RawBatch {
  readonly file: string;
  /** Column names as the source has them (after any column mapping). */
  readonly columns: readonly string[];
  /** Row values, aligned with `columns`. */
  readonly rows: readonly (readonly unknown[])[];
  /**
   * The row number of each row as a person finds it in the source: for CSV and Excel the line
   * or sheet row (the header is row 1, the first data row is row 2); for NDJSON the line; for
   * a JSON array the 1-based element; for a database table the 1-based position in the
   * adapter's ordered query.
   */
  readonly rowNumbers: readonly number[];
  /**
   * Rows the source found but could not read as a row at all (a malformed NDJSON line, a JSON
   * element that is not an object). {@link loadData} rejects each with the field `(row)`.
   */
  readonly unreadable?: readonly UnreadableRow[];
}

/** A row a source could not read (see {@link RawBatch.unreadable}). */
export interface UnreadableRow {
  readonly row: number;
  /** The raw text or value, shortened by the source when long. */
  readonly value: unknown;
  readonly message: string;
}

/**
 * A store of county data. Implemented by every adapter (`@sunshine/adapters/*`).
 *
 * @example
 * ```ts
 * const source = createCsvSource({ dir: './county' });
 * const data = await loadData(source);
 * ```
 */
export interface Source {
  /** A short description for messages (`csv folder ./county`). */
  readonly description: string;
  /** The datasets the source holds; a canonical dataset not listed is absent (empty). */
  datasets(): Promise<readonly DatasetLocation[]>;
  /** Streams one dataset's rows in batches, in the source's stable order. */
  batches(dataset: string): AsyncIterable<RawBatch>;
  /** Releases connections and file handles. */
  close?(): Promise<void>;
}

/** One row the model rejected, with its place (see "Rejected rows" in docs/data-model.md). */
export interface RejectedRow {
  readonly dataset: string;
  readonly file: string;
  readonly row: number;
  /** The first bad field. */
  readonly field: string;
  readonly value: unknown;
  /** What is wrong, for every bad field of the row (`field: reason; field: reason`). */
  readonly message: string;
  /** Every bad field, the first one included. */
  readonly problems?: readonly { readonly field: string; readonly value: unknown; readonly message: string }[];
}

/** A row `loadData` skipped on purpose: neither a record nor a rejected row. */
export interface SkippedRow {
  readonly dataset: string;
  readonly file: string;
  readonly row: number;
  /** Why: `totals`, a totals or subtotal row (合计, 小计, 总计; see `totalsLabelOf`). */
  readonly reason: 'totals';
  /** The row's label as written (`合计`). */
  readonly label: string;
}
