/**
 * Screening a grouped rule with date windows: the new record joins its group (last, as a
 * record loaded after the others would), the group is split into windows exactly as the run
 * splits it (sorted by date, then `orderBy`; a window runs `days` days from its first row), and
 * the window that holds the record is the subject. Other windows of the group are not the
 * record's findings.
 */
import { dayNumber } from '../schema/values.js';
import type { Rec } from './data-runtime.js';
import { sortRecords } from './sort-records.js';

/** The window of `rows` (the group's members, then the new record, last) that holds the record. */
export function windowOf(rows: readonly Rec[], w: { readonly date: string; readonly days: number; readonly orderBy: readonly string[] }): { rows: Rec[]; start: string; end: string } {
  const record = rows[rows.length - 1]!;
  const sorted = sortRecords([...rows], [w.date, ...w.orderBy]);
  let i = 0;
  for (;;) {
    const start = sorted[i]![w.date] as string;
    const limit = dayNumber(start) + w.days;
    let j = i + 1;
    while (j < sorted.length && dayNumber(sorted[j]![w.date] as string) <= limit) j++;
    const members = sorted.slice(i, j);
    if (j >= sorted.length || members.includes(record)) return { rows: members, start, end: members.at(-1)![w.date] as string };
    i = j;
  }
}
