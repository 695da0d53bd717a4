/**
 * Value parsers for the canonical model (data-model.md, "Value types"). Every parser returns
 * a result object instead of throwing, so an adapter can reject a row with the field and the
 * reason; none of them coerces silently.
 */

/** A parse result: the canonical value, or why the input is not one. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

// ---------------------------------------------------------------- cell text

/**
 * Undoes the ways spreadsheet users force a cell to be text, and folds full-width forms to
 * ASCII. Two documented rules (docs/data-model.md, "Value types"), applied to every typed
 * value (ID numbers, codes, enums, dates, periods, money, numbers) but never to free text:
 *
 * 1. **Text forcing**: a leading apostrophe (`'371426…`, Excel's text prefix as exported to
 *    CSV) is dropped; a formula that only returns a string (`="371426…"`, with `""` for a
 *    quote inside) is replaced by that string.
 * 2. **Full-width forms**: text holding any non-ASCII character is put in Unicode NFKC form,
 *    so full-width digits, letters and punctuation (`３７１４２６`, `Ｘ`, `－`, `．`, `，`) and
 *    the ideographic space become their ASCII forms; Chinese characters are unchanged.
 *
 * Surrounding whitespace is trimmed before and after.
 *
 * @example cleanCellText("'37142619900101123X") // '37142619900101123X'
 * @example cleanCellText('="0012"')             // '0012'
 * @example cleanCellText('２０２４－０３')        // '2024-03'
 */
export function cleanCellText(input: string): string {
  let s = input.trim();
  if (!isAsciiText(s)) s = s.normalize('NFKC').trim();
  const c = s.charCodeAt(0);
  if (c === 39 /* ' */) s = s.slice(1).trim();
  else if (c === 61 /* = */ && s.length >= 3 && s.charCodeAt(1) === 34 && s.charCodeAt(s.length - 1) === 34) {
    s = s.slice(2, -1).replaceAll('""', '"').trim();
  }
  return s;
}

/** `true` when the text is printable ASCII only (no folding needed). */
function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 126) return false;
  }
  return true;
}

/** `true` when {@link cleanCellText} would change the (trimmed) text. */
export function needsCleaning(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 39 || c === 61 || !isAsciiText(s);
}

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
/** A time of day after a date (`10:21`, `00:00:00`, `00:00:00.000`, `T00:00:00Z`, `+08:00`). */
const RE_TIME_TAIL = /(?:[T ]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Parses a date in any form data-model.md lists: `2024-03-05`, `2024-3-5`, `2024/3/5`,
 * `2024.3.5`, `2024年3月5日`, `20240305`, or an Excel serial day (a number, or a string of up
 * to five digits). Any of the written forms may carry a time of day (`2024/03/05 00:00:00`,
 * `2024-03-05T00:00:00`, `2024-03-05T00:00:00+08:00`, `2024年3月5日 10:21`): the date is the
 * date as written, the time and any zone are ignored, never converted. A date-time serial
 * (`45356.5`) is the day of its integer part. Full-width digits and text forcing are undone
 * first ({@link cleanCellText}). Impossible days are rejected.
 *
 * @example parseDate('2024年3月5日') // { ok: true, value: '2024-03-05' }
 * @example parseDate('2024/03/05 00:00:00') // { ok: true, value: '2024-03-05' }
 * @example parseDate('2024-02-31')  // { ok: false, message: '`2024-02-31` is not a calendar date' }
 */
export function parseDate(input: unknown): Parsed<string> {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return fail('invalid Date object');
    return ymd(input.getFullYear(), input.getMonth() + 1, input.getDate());
  }
  if (typeof input === 'number') return excelSerial(input);
  if (typeof input !== 'string') return fail(`expected a date, got ${typeof input}`);
  const s = cleanCellText(input);
  const m = datePartOf(s) ?? datePartOf(s.replace(RE_TIME_TAIL, '').trim());
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  if (RE_SERIAL.test(s)) return excelSerial(Number(s));
  return fail(`\`${s}\` is not a date (use YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, YYYYMMDD or an Excel serial day)`);
}

function datePartOf(s: string): RegExpExecArray | null {
  return RE_ISO.exec(s) ?? RE_SLASH.exec(s) ?? RE_CN.exec(s) ?? RE_COMPACT.exec(s);
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
/** `2024Q1`, `2024-Q1`, `2024 Q1`, `2024q1`. */
const RE_PERIOD_QUARTER = /^(\d{4})\s*[-/.]?\s*[Qq]([1-4])$/;
/** `2024年第1季度`, `2024年1季度`, `2024年第一季度`, `2024年一季度`, `2024年第1季`. */
const RE_PERIOD_CN_QUARTER = /^(\d{4})\s*年(?:度)?\s*第?\s*([1-4一二三四])\s*季(?:度)?$/;
/** `2024年上半年`, `2024年下半年`, `2024H1`, `2024-H2`. */
const RE_PERIOD_HALF = /^(\d{4})\s*(?:年(?:度)?\s*([上下])半年|[-/.]?\s*[Hh]([12]))$/;
const CN_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/**
 * Parses a period: `YYYY-MM` (monthly, quarterly by its first month) or `YYYY` (yearly, once).
 * Also accepts `2024/3`, `2024.3`, `202403`, `2024年3月`, `2024年3月份`, `2024年`, `2024年度`;
 * quarters by their first month (`2024Q1`, `2024-Q2`, `2024年第3季度`, `2024年4季度`,
 * `2024年第一季度` → `2024-01`, `2024-04`, `2024-07`, `2024-10`); and a date that is the first
 * day of its month, written or as an Excel date cell (`2024-03-01`, `45352` → `2024-03`): a
 * period column formatted as a date. Another day is refused (a pay date in the wrong column).
 * Half-years (`2024年上半年`, `2024H1`) are refused: the model has no half-yearly schedule.
 *
 * @example parsePeriod('2024年第2季度') // { ok: true, value: '2024-04' }
 * @example parsePeriod(45352)           // { ok: true, value: '2024-03' } (Excel date 2024-03-01)
 */
export function parsePeriod(input: unknown): Parsed<string> {
  if (input instanceof Date) {
    const d = parseDate(input);
    return d.ok ? periodOfDate(d.value, d.value) : d;
  }
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) return periodOfSerial(input, String(input));
    const p = parsePeriodText(String(input));
    return p.ok ? p : periodOfSerial(input, String(input));
  }
  if (typeof input !== 'string') return fail(`expected a period, got ${typeof input}`);
  return parsePeriodText(cleanCellText(input));
}

function parsePeriodText(s: string): Parsed<string> {
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
    if (y >= 1900 && y <= 2199 && mo >= 1 && mo <= 12) return ok(`${m[1]!}-${pad2(mo)}`);
    // Five or six digits that are no YYYYMM may be an Excel date cell read as text (`45352`).
    if (!/^\d{5}$/.test(s)) return fail(`\`${s}\` is not a period (month must be 01–12)`);
  }
  m = RE_PERIOD_QUARTER.exec(s) ?? RE_PERIOD_CN_QUARTER.exec(s);
  if (m) {
    const y = +m[1]!;
    const q = CN_DIGITS[m[2]!] ?? +m[2]!;
    if (y < 1900 || y > 2199) return fail(`\`${s}\` is not a period year`);
    return ok(`${m[1]!}-${pad2(q * 3 - 2)}`);
  }
  if (RE_PERIOD_HALF.test(s)) {
    return fail(
      `\`${s}\` is a half-year: the model has no half-yearly period (a period is a month, a quarter by its first month, or a year); export the months or quarters the payment is for`,
    );
  }
  const d = parseDate(s);
  if (d.ok) return periodOfDate(d.value, s);
  if (/^\d{1,5}(\.\d+)?$/.test(s)) return periodOfSerial(Number(s), s);
  return fail(`\`${s}\` is not a period (use YYYY-MM, YYYY, YYYYQn or YYYY年第n季度)`);
}

function periodOfSerial(n: number, shown: string): Parsed<string> {
  const d = excelSerial(n);
  if (!d.ok) return fail(`\`${shown}\` is not a period (use YYYY-MM, YYYY, YYYYQn or YYYY年第n季度)`);
  return periodOfDate(d.value, `${shown} (Excel date ${d.value})`);
}

function periodOfDate(iso: string, shown: string): Parsed<string> {
  if (!iso.endsWith('-01')) return fail(`\`${shown}\` is a date, not a period: a date in a period column must be the first day of its month`);
  return ok(iso.slice(0, 7));
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
  let s = cleanCellText(input);
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
  let s = cleanCellText(input).toUpperCase();
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
  const s = cleanCellText(input);
  return /^-?\d+$/.test(s) ? ok(Number(s)) : fail(`\`${input}\` is not a whole number`);
}

/** Parses a decimal number (`12.5`, `1,200.25`). */
export function parseDecimal(input: unknown): Parsed<number> {
  if (typeof input === 'number') return Number.isFinite(input) ? ok(input) : fail(`${input} is not a number`);
  if (typeof input === 'bigint') return ok(Number(input));
  if (typeof input !== 'string') return fail(`expected a number, got ${typeof input}`);
  const s = cleanCellText(input).replaceAll(',', '');
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(s) ? ok(Number(s)) : fail(`\`${input}\` is not a number`);
}
