/** Sorts records in place by fields, ascending, nulls last (lookups' `orderBy`, date windows). */
import type { Rec } from './data-runtime.js';

/** Sorts `list` in place by `fields` (nulls last) and returns it. */
export const sortRecords = (list: Rec[], fields: readonly string[]): Rec[] =>
  list.sort((a, b) => {
    for (const f of fields) {
      const x = a[f];
      const y = b[f];
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return x < y ? -1 : 1;
    }
    return 0;
  });
