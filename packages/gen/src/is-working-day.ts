/**
 * Working days of China's calendar, for dating village bookkeeping realistically: books are
 * kept on working days, not on weekends or public holidays. The published holiday schedules
 * (国务院办公厅 放假安排) for 2022–2025 are listed; other years fall back to the fixed-date
 * holidays (New Year, Labour Day, National Day).
 */
import { dayNumber } from '@sunshine/core';

const HOLIDAYS = new Set(
  [
    '2022-01-01/03', '2022-01-31/02-06', '2022-04-03/05', '2022-04-30/05-04', '2022-06-03/05', '2022-09-10/12', '2022-10-01/07', '2022-12-31',
    '2023-01-01/02', '2023-01-21/27', '2023-04-05', '2023-04-29/05-03', '2023-06-22/24', '2023-09-29/10-06',
    '2024-01-01', '2024-02-10/17', '2024-04-04/06', '2024-05-01/05', '2024-06-08/10', '2024-09-15/17', '2024-10-01/07',
    '2025-01-01', '2025-01-28/02-04', '2025-04-04/06', '2025-05-01/05', '2025-05-31/06-02', '2025-10-01/08',
  ].flatMap(expand),
);
/** Weekend days that were working days (调休). */
const WORKDAYS = new Set([
  '2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09', '2023-01-28', '2023-01-29',
  '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08', '2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28',
  '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12', '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
]);
const SCHEDULED_YEARS = new Set(['2022', '2023', '2024', '2025']);

/** `2024-02-10/17` → every date from 2024-02-10 to 2024-02-17; `2022-04-30/05-04` crosses a month. */
function expand(range: string): string[] {
  const [from, to] = range.split('/') as [string, string | undefined];
  if (to === undefined) return [from];
  const end = to.length === 2 ? `${from.slice(0, 8)}${to}` : `${from.slice(0, 5)}${to}`;
  const out: string[] = [];
  for (let n = dayNumber(from); n <= dayNumber(end); n++) out.push(new Date(n * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** Is `date` (YYYY-MM-DD) a working day? */
export function isWorkingDay(date: string): boolean {
  if (WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  if (!SCHEDULED_YEARS.has(date.slice(0, 4))) {
    const md = date.slice(5);
    if (md === '01-01' || (md >= '05-01' && md <= '05-05') || (md >= '10-01' && md <= '10-07')) return false;
  }
  const weekday = (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}
