/**
 * Every form a value of each type may take in a county's files, with an example each: the one
 * table that is both the source of the "Value types" section of docs/data-model.md (rendered
 * by `@sunshine/rules-stdlib`'s data-model page) and a test (`value-forms.test.ts` reads every
 * example through the row normaliser and expects its canonical value, and every refused
 * example to be refused). A form that is not here is not accepted; adding one means adding its
 * example here.
 */
import type { FieldType } from './datasets.js';

/** One accepted form: an example as a cell holds it (text, or a number cell) and what it reads as. */
export interface AcceptedForm {
  /** What the form is, in a few words (`Excel date cell`). */
  readonly form: string;
  /** The example: text as written in the file, or a number as a spreadsheet or JSON cell holds it. */
  readonly input: string | number;
  /** The canonical value in the record (money in fen). */
  readonly value: string | number;
}

/** A form that looks close to an accepted one but is refused: the row is rejected. */
export interface RefusedForm {
  readonly input: string | number;
  /** Why, in a few words. */
  readonly why: string;
}

/** The canonical form of a value type and everything the adapters accept for it. */
export interface ValueTypeForms {
  /** The canonical form, as the record holds it. */
  readonly canonical: string;
  /** Anything a reader should know beyond the forms. */
  readonly note?: string;
  readonly accepted: readonly AcceptedForm[];
  readonly refused: readonly RefusedForm[];
}

/**
 * The rules applied to the text of every typed value (all types but `string`) before it is
 * read: see `cleanCellText`. Rendered above the table of forms.
 */
export const CELL_TEXT_RULES: readonly string[] = [
  'Surrounding spaces are trimmed.',
  "**Text forcing is undone**: a leading apostrophe (`'371426…`, Excel's text prefix as some exports write it) is dropped, and a formula that only returns text (`=\"371426…\"`, `\"\"` for a quote inside) reads as that text.",
  '**Full-width forms are folded** (Unicode NFKC) in any text holding a non-ASCII character: full-width digits, letters and punctuation (`３７１４２６`, `Ｘ`, `－`, `．`, `，`, `￥`) and the ideographic space become their ASCII forms; Chinese characters are unchanged.',
  'Free text (`string` fields: names, descriptions, summaries) is only trimmed: it is kept as written.',
];

/**
 * Every accepted form of every value type, with an example each (an exhaustive table: a new
 * type without its forms is a compile error). The enum examples use the values of
 * `funds.frequency`; the integer ones have no bounds.
 */
export const VALUE_FORMS: Readonly<Record<FieldType, ValueTypeForms>> = {
  id_number: {
    canonical: '18-character resident ID number (GB 11643-1999), upper-case `X` check character',
    note: 'The check digit and the birth date are checked. Birth date and gender are read from it.',
    accepted: [
      { form: '18 characters', input: '11010519491231002X', value: '11010519491231002X' },
      { form: 'lower-case check character', input: '11010519491231002x', value: '11010519491231002X' },
      { form: '15-digit legacy number (upgraded to 18)', input: '110105491231002', value: '11010519491231002X' },
      { form: 'a number cell (15 digits)', input: 110105491231002, value: '11010519491231002X' },
      { form: "text-forced with `'`", input: "'11010519491231002X", value: '11010519491231002X' },
      { form: 'text-forced with `="…"`', input: '="11010519491231002X"', value: '11010519491231002X' },
      { form: 'full-width digits and letter', input: '１１０１０５１９４９１２３１００２Ｘ', value: '11010519491231002X' },
    ],
    refused: [
      { input: '110105194912310021', why: 'wrong check digit' },
      { input: '110105194902300026', why: 'impossible birth date' },
      { input: '1101051949123100', why: 'neither 15 nor 18 characters' },
    ],
  },
  date: {
    canonical: '`YYYY-MM-DD`',
    note: 'A time of day after a date is ignored (the date as written; a zone is never converted). Years 1900–2199.',
    accepted: [
      { form: 'ISO', input: '2024-03-05', value: '2024-03-05' },
      { form: 'ISO without zeros', input: '2024-3-5', value: '2024-03-05' },
      { form: 'slashes', input: '2024/3/5', value: '2024-03-05' },
      { form: 'dots', input: '2024.3.5', value: '2024-03-05' },
      { form: 'Chinese', input: '2024年3月5日', value: '2024-03-05' },
      { form: 'Chinese without 日', input: '2024年3月5', value: '2024-03-05' },
      { form: 'eight digits', input: '20240305', value: '2024-03-05' },
      { form: 'Excel date cell (serial day)', input: 45356, value: '2024-03-05' },
      { form: 'Excel serial day as text', input: '45356', value: '2024-03-05' },
      { form: 'Excel date-time cell', input: 45356.75, value: '2024-03-05' },
      { form: 'date and time', input: '2024-03-05 10:21:33', value: '2024-03-05' },
      { form: 'date and time with slashes', input: '2024/03/05 00:00:00', value: '2024-03-05' },
      { form: 'date and time without seconds', input: '2024/3/5 0:00', value: '2024-03-05' },
      { form: 'ISO date-time', input: '2024-03-05T00:00:00', value: '2024-03-05' },
      { form: 'ISO date-time with milliseconds and zone', input: '2024-03-05T00:00:00.000Z', value: '2024-03-05' },
      { form: 'ISO date-time with offset', input: '2024-03-05T08:00:00+08:00', value: '2024-03-05' },
      { form: 'Chinese date and time', input: '2024年3月5日 08:30', value: '2024-03-05' },
      { form: 'full-width digits', input: '２０２４年３月５日', value: '2024-03-05' },
      { form: "text-forced with `'`", input: "'2024-03-05", value: '2024-03-05' },
    ],
    refused: [
      { input: '2024-02-30', why: 'not a calendar day' },
      { input: '3/5/2024', why: 'day and month first: ambiguous' },
      { input: '2024年3月', why: 'a month, not a day' },
    ],
  },
  period: {
    canonical: '`YYYY-MM` (monthly; a quarter by its first month) or `YYYY` (yearly, once)',
    note:
      "A payment's period is what it pays for, not when it was paid; its *start* is the first day of that month or year. A quarter is named by its first month (`2024Q2` → `2024-04`): a quarterly fund's periods are 01, 04, 07, 10. Half-years are refused: the model has no half-yearly schedule (`frequency` is monthly, quarterly, yearly or once), so a half-year cannot be held without inventing one; export the months or quarters paid for. A date in a period column (a column formatted as a date) reads as its month only when it is the first day of a month.",
    accepted: [
      { form: 'ISO month', input: '2024-03', value: '2024-03' },
      { form: 'slash', input: '2024/3', value: '2024-03' },
      { form: 'dot', input: '2024.3', value: '2024-03' },
      { form: 'six digits', input: '202403', value: '2024-03' },
      { form: 'six digits, a number cell', input: 202403, value: '2024-03' },
      { form: 'Chinese month', input: '2024年3月', value: '2024-03' },
      { form: 'Chinese month with 份', input: '2024年3月份', value: '2024-03' },
      { form: 'quarter', input: '2024Q1', value: '2024-01' },
      { form: 'quarter with a dash', input: '2024-Q2', value: '2024-04' },
      { form: 'Chinese quarter', input: '2024年第3季度', value: '2024-07' },
      { form: 'Chinese quarter without 第', input: '2024年4季度', value: '2024-10' },
      { form: 'Chinese quarter in Chinese numerals', input: '2024年第一季度', value: '2024-01' },
      { form: 'year', input: '2024', value: '2024' },
      { form: 'year, a number cell', input: 2024, value: '2024' },
      { form: 'Chinese year', input: '2024年', value: '2024' },
      { form: 'Chinese budget year', input: '2024年度', value: '2024' },
      { form: 'Excel date cell on the first of a month', input: 45352, value: '2024-03' },
      { form: 'date on the first of a month', input: '2024-03-01', value: '2024-03' },
      { form: 'full-width digits', input: '２０２４－０３', value: '2024-03' },
    ],
    refused: [
      { input: '2024年上半年', why: 'a half-year: no half-yearly period in the model' },
      { input: '2024H2', why: 'a half-year: no half-yearly period in the model' },
      { input: '2024-03-05', why: 'a date that is not the first of its month' },
      { input: '2024-13', why: 'no month 13' },
      { input: '2024Q5', why: 'no fifth quarter' },
    ],
  },
  money: {
    canonical: 'integer fen (yuan × 100) in records; yuan with at most two decimals in files',
    note: 'More than two decimals rejects the row: an amount is never rounded.',
    accepted: [
      { form: 'yuan', input: '1234.5', value: 123450 },
      { form: 'yuan and fen', input: '1234.50', value: 123450 },
      { form: 'whole yuan', input: '1234', value: 123400 },
      { form: 'thousands separators', input: '1,234.50', value: 123450 },
      { form: 'yuan sign', input: '￥1234.5', value: 123450 },
      { form: 'half-width yuan sign and separators', input: '¥1,234.50', value: 123450 },
      { form: '元 after', input: '1234.5元', value: 123450 },
      { form: 'negative', input: '-20.00', value: -2000 },
      { form: 'a number cell', input: 1234.5, value: 123450 },
      { form: 'full-width digits and separators', input: '１，２３４．５０', value: 123450 },
    ],
    refused: [
      { input: '12.345', why: 'more than two decimals' },
      { input: '1,23.4', why: 'misplaced thousands separator' },
      { input: '一千元', why: 'amount in words' },
    ],
  },
  code: {
    canonical: 'text, compared exactly',
    note: 'Town, village, department, fund and account codes are opaque: leading zeros are kept, case matters.',
    accepted: [
      { form: 'text', input: 'V001', value: 'V001' },
      { form: 'leading zeros', input: '0012', value: '0012' },
      { form: "text-forced with `'`", input: "'0012", value: '0012' },
      { form: 'text-forced with `="…"`', input: '="0012"', value: '0012' },
      { form: 'full-width letters, digits and dash', input: 'Ｆ－ＤＩＢＡＯ', value: 'F-DIBAO' },
      { form: 'a number cell', input: 12, value: '12' },
    ],
    refused: [{ input: ' ', why: 'empty: a required code must have a value' }],
  },
  string: {
    canonical: 'text, trimmed',
    note: 'Kept as written: no folding, no text-forcing undone.',
    accepted: [
      { form: 'text', input: '  张三 ', value: '张三' },
      { form: 'a number cell', input: 12, value: '12' },
    ],
    refused: [{ input: '', why: 'empty: a required field must have a value' }],
  },
  enum: {
    canonical: 'one of the listed values',
    note: 'With the built-in dictionary of the adapters, common Chinese values too (男 → `M`, 户主 → `head`, 按月 → `monthly`); a mapping file adds others.',
    accepted: [
      { form: 'a listed value', input: 'monthly', value: 'monthly' },
      { form: 'full-width letters', input: 'ｍｏｎｔｈｌｙ', value: 'monthly' },
    ],
    refused: [
      { input: 'Monthly', why: 'not a listed value (case matters)' },
      { input: 'weekly', why: 'not a listed value' },
    ],
  },
  integer: {
    canonical: 'a whole number, within the bounds shown',
    accepted: [
      { form: 'digits', input: '3', value: 3 },
      { form: 'negative', input: '-3', value: -3 },
      { form: 'a number cell', input: 3, value: 3 },
      { form: 'full-width digits', input: '３', value: 3 },
    ],
    refused: [
      { input: '3.0', why: 'not written as a whole number' },
      { input: 3.5, why: 'not a whole number' },
    ],
  },
  decimal: {
    canonical: 'a number',
    accepted: [
      { form: 'decimal', input: '12.5', value: 12.5 },
      { form: 'thousands separators', input: '1,200.25', value: 1200.25 },
      { form: 'no leading zero', input: '.5', value: 0.5 },
      { form: 'a number cell', input: 12.5, value: 12.5 },
      { form: 'full-width digits', input: '１２．５', value: 12.5 },
    ],
    refused: [{ input: '12.5亩', why: 'a unit after the number' }],
  },
};
