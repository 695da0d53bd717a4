/**
 * Value parsers for the canonical model (data-model.md, "Value types"). Every parser returns
 * a result object instead of throwing, so an adapter can reject a row with the field and the
 * reason; none of them coerces silently.
 */

/** A parse result: the canonical value, or why the input is not one. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

// ---------------------------------------------------------------- dates

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `true` when y-m-d is a real calendar day (years 1900–2199). */
export function isValidYmd(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function ymd(y: number, m: number, d: number): Parsed<string> {
  if (!isValidYmd(y, m, d)) return fail(`\`${y}-${pad2(m)}-${pad2(d)}\` is not a calendar date`);
  return ok(`${y}-${pad2(m)}-${pad2(d)}`);
}

/**
 * Days since 1970-01-01 of an ISO date string (`YYYY-MM-DD`). Pure integer arithmetic
 * (H. Hinnant's days-from-civil), no Date objects: rules call it per row.
 */
export function dayNumber(iso: string): number {
  let y = (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const d = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The ISO date string of a day number (inverse of {@link dayNumber}; civil-from-days). */
export function dateOfDayNumber(n: number): string {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Adds whole years to an ISO date; 29 February becomes 28 February in a common year. */
export function addYears(iso: string, years: number): string {
  const y = +iso.slice(0, 4) + years;
  const m = +iso.slice(5, 7);
  let d = +iso.slice(8, 10);
  if (d > daysInMonth(y, m)) d = daysInMonth(y, m);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Adds days to an ISO date. */
export function addDays(iso: string, days: number): string {
  return dateOfDayNumber(dayNumber(iso) + days);
}

/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug folded in). */
const EXCEL_EPOCH_DAY = dayNumber('1899-12-30');

const RE_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const RE_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const RE_CN = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const RE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const RE_SERIAL = /^\d{1,5}(\.\d+)?$/;
const RE_DATETIME = /^(\d{4}-\d{1,2}-\d{1,2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a date in any form data-model.md lists: `2024-03-05`, `2024-3-5`, `2024/3/5`,
 * `2024年3月5日`, `20240305`, or an Excel serial day (a number, or a string of up to five
 * digits). A time of day after an ISO date is accepted only when it is midnight-free of
 * meaning (`2024-03-05 00:00:00` from a database export). Impossible days are rejected.
 *
 * @example parseDate('2024年3月5日') // { ok: true, value: '2024-03-05' }
 * @example parseDate('2024-02-31')  // { ok: false, message: '`2024-02-31` is not a calendar date' }
 */
export function parseDate(input: unknown): Parsed<string> {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return fail('invalid Date object');
    return ymd(input.getFullYear(), input.getMonth() + 1, input.getDate());
  }
  if (typeof input === 'number') return excelSerial(input);
  if (typeof input !== 'string') return fail(`expected a date, got ${typeof input}`);
  const s = input.trim();
  let m = RE_ISO.exec(s) ?? RE_SLASH.exec(s) ?? RE_CN.exec(s) ?? RE_COMPACT.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  const dt = RE_DATETIME.exec(s);
  if (dt) {
    m = RE_ISO.exec(dt[1]!);
    if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  }
  if (RE_SERIAL.test(s)) return excelSerial(Number(s));
  return fail(`\`${s}\` is not a date (use YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, YYYYMMDD or an Excel serial day)`);
}

function excelSerial(n: number): Parsed<string> {
  if (!Number.isFinite(n) || n < 1 || n >= 2_958_466) return fail(`${n} is not an Excel serial date`);
  if (n !== Math.floor(n) && n - Math.floor(n) > 1e-9) {
    // A date-time serial: the day is the integer part.
  }
  return ok(dateOfDayNumber(EXCEL_EPOCH_DAY + Math.floor(n)));
}

// ---------------------------------------------------------------- periods

const RE_PERIOD_MONTH = /^(\d{4})[-/.]?(\d{1,2})$/;
const RE_PERIOD_CN_MONTH = /^(\d{4})\s*年\s*(\d{1,2})\s*月(份)?$/;
const RE_PERIOD_YEAR = /^(\d{4})\s*(年|年度)?$/;

/**
 * Parses a period: `YYYY-MM` (monthly, quarterly by its first month) or `YYYY` (yearly, once).
 * Also accepts `2024/3`, `202403`, `2024年3月` and `2024年`.
 */
export function parsePeriod(input: unknown): Parsed<string> {
  if (typeof input === 'number' && Number.isInteger(input)) input = String(input);
  if (typeof input !== 'string') return fail(`expected a period, got ${typeof input}`);
  const s = input.trim();
  let m = RE_PERIOD_YEAR.exec(s);
  if (m) {
    const y = +m[1]!;
    if (y < 1900 || y > 2199) return fail(`\`${s}\` is not a period year`);
    return ok(m[1]!);
  }
  m = RE_PERIOD_MONTH.exec(s) ?? RE_PERIOD_CN_MONTH.exec(s);
  if (m) {
    const y = +m[1]!;
    const mo = +m[2]!;
    if (y < 1900 || y > 2199 || mo < 1 || mo > 12) return fail(`\`${s}\` is not a period (month must be 01–12)`);
    return ok(`${m[1]!}-${pad2(mo)}`);
  }
  return fail(`\`${s}\` is not a period (use YYYY-MM or YYYY)`);
}

/** First day of a period: `2024-03` → `2024-03-01`, `2024` → `2024-01-01`. */
export function periodStart(period: string): string {
  return period.length === 4 ? `${period}-01-01` : `${period}-01`;
}

/** The monthly period `n` months from `period` (`YYYY-MM`). */
export function addMonths(period: string, n: number): string {
  const idx = +period.slice(0, 4) * 12 + (+period.slice(5, 7) - 1) + n;
  return `${Math.floor(idx / 12)}-${pad2((idx % 12) + 1)}`;
}

// ---------------------------------------------------------------- money

const RE_MONEY = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses an amount of money in yuan to integer fen. Accepts `1234.5`, `1,234.50`, `￥1234.5`,
 * `¥1234.5`, `1234.5元`, and finite numbers with at most two decimals. More than two decimals
 * is an error, never rounded away.
 *
 * @example parseMoney('1,234.50') // { ok: true, value: 123450 }
 */
export function parseMoney(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail(`${input} is not an amount`);
    const fen = Math.round(input * 100);
    if (Math.abs(fen - input * 100) > 1e-6 * Math.max(1, Math.abs(input))) return fail(`${input} has more than two decimals`);
    if (!Number.isSafeInteger(fen)) return fail(`${input} is too large`);
    return ok(fen);
  }
  if (typeof input === 'bigint') return ok(Number(input) * 100);
  if (typeof input !== 'string') return fail(`expected an amount, got ${typeof input}`);
  let s = input.trim();
  if (s.startsWith('￥') || s.startsWith('¥')) s = s.slice(1).trim();
  if (s.endsWith('元')) s = s.slice(0, -1).trim();
  if (s.includes(',')) {
    if (!/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return fail(`\`${input}\` has misplaced thousands separators`);
    s = s.replaceAll(',', '');
  }
  const m = RE_MONEY.exec(s);
  if (!m) {
    if (/^-?\d+\.\d{3,}$/.test(s)) return fail(`\`${input}\` has more than two decimals`);
    return fail(`\`${input}\` is not an amount of money`);
  }
  const frac = (m[3] ?? '').padEnd(2, '0');
  const fen = Number(m[2]!) * 100 + Number(frac);
  if (!Number.isSafeInteger(fen)) return fail(`\`${input}\` is too large`);
  return ok(m[1] ? -fen : fen);
}

/** Formats integer fen as yuan with two decimals: `120000` → `"1200.00"`. */
export function formatMoney(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  const s = `${Math.floor(a / 100)}.${pad2(a % 100)}`;
  return neg ? `-${s}` : s;
}

// ---------------------------------------------------------------- ID numbers (GB 11643-1999)

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Validates a resident ID number and returns its canonical 18-character form: upper-case `X`,
 * 15-digit legacy numbers upgraded (century 19 inserted, check digit computed). Checks the
 * birth date and the check digit.
 */
export function parseIdNumber(input: unknown): Parsed<string> {
  if (typeof input === 'number') input = String(input);
  if (typeof input !== 'string') return fail(`expected an ID number, got ${typeof input}`);
  let s = input.trim().toUpperCase();
  if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    s = first17 + idCheckDigit(first17);
  } else if (!/^\d{17}[\dX]$/.test(s)) {
    return fail(`\`${input}\` is not an ID number (18 digits, the last may be X; or 15 digits)`);
  }
  const y = +s.slice(6, 10);
  const m = +s.slice(10, 12);
  const d = +s.slice(12, 14);
  if (!isValidYmd(y, m, d)) return fail(`\`${input}\` has an impossible birth date ${s.slice(6, 14)}`);
  const expected = idCheckDigit(s);
  if (s[17] !== expected) return fail(`\`${input}\` fails the check digit (expected ${expected})`);
  return ok(s);
}

/** Birth date (`YYYY-MM-DD`) encoded in a canonical 18-character ID number. */
export function birthDateOfId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Gender encoded in a canonical ID number: odd 17th digit is male. */
export function genderOfId(id: string): 'M' | 'F' {
  return (id.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F';
}

/** Whole years from `birth` to `at` (both ISO dates). */
export function ageAt(birth: string, at: string): number {
  let age = +at.slice(0, 4) - +birth.slice(0, 4);
  if (at.slice(5) < birth.slice(5)) age--;
  return age;
}

// ---------------------------------------------------------------- numbers

/** Parses an integer (`3`, `3.0` is rejected). */
export function parseInteger(input: unknown): Parsed<number> {
  if (typeof input === 'number') return Number.isInteger(input) ? ok(input) : fail(`${input} is not a whole number`);
  if (typeof input === 'bigint') return ok(Number(input));
  if (typeof input !== 'string') return fail(`expected a whole number, got ${typeof input}`);
  const s = input.trim();
  return /^-?\d+$/.test(s) ? ok(Number(s)) : fail(`\`${input}\` is not a whole number`);
}

/** Parses a decimal number (`12.5`, `1,200.25`). */
export function parseDecimal(input: unknown): Parsed<number> {
  if (typeof input === 'number') return Number.isFinite(input) ? ok(input) : fail(`${input} is not a number`);
  if (typeof input === 'bigint') return ok(Number(input));
  if (typeof input !== 'string') return fail(`expected a number, got ${typeof input}`);
  const s = input.trim().replaceAll(',', '');
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(s) ? ok(Number(s)) : fail(`\`${input}\` is not a number`);
}
