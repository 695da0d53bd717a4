/**
 * Test helper: a {@link Source} over a generated folder, with a small RFC 4180 CSV reader
 * and an NDJSON reader, so tests load the files exactly as the engine's `loadData` does
 * without depending on the adapters package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetLocation, RawBatch, Source } from '@sunshine/core';

/** Parses RFC 4180 CSV text into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The rows of one generated dataset file (CSV or NDJSON) with its header. */
export function readDatasetFile(file: string): { columns: string[]; rows: unknown[][] } {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.csv')) {
    const [header, ...rows] = parseCsv(text);
    return { columns: header ?? [], rows };
  }
  const lines = text.split('\n').filter((l) => l !== '');
  const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const columns = objects[0] ? Object.keys(objects[0]) : [];
  return { columns, rows: objects.map((o) => columns.map((c) => o[c])) };
}

/** A source over the `<dataset>.csv` / `<dataset>.ndjson` files of a folder. */
export function folderSource(dir: string): Source {
  const files = readdirSync(dir).filter((f) => /\.(csv|ndjson)$/.test(f));
  return {
    description: `generated folder ${dir}`,
    datasets(): Promise<readonly DatasetLocation[]> {
      return Promise.resolve(files.map((f) => ({ dataset: f.replace(/\.(csv|ndjson)$/, ''), file: join(dir, f) })));
    },
    async *batches(dataset: string): AsyncIterable<RawBatch> {
      const file = files.find((f) => f.replace(/\.(csv|ndjson)$/, '') === dataset);
      if (file === undefined) return;
      const { columns, rows } = readDatasetFile(join(dir, file));
      await Promise.resolve();
      yield { file: join(dir, file), columns, rows, rowNumbers: rows.map((_, i) => i + 2) };
    },
  };
}
