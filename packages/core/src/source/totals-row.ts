/**
 * Totals rows: the 合计 / 小计 / 总计 line a county's spreadsheet export puts under its data (or
 * under each village's block). Such a row is not a record and not an error: `loadData` skips
 * it and lists it under `skipped`, never under `rejected`. The rule is documented in
 * docs/data-model.md ("Totals rows") and is deliberately narrow, so that a broken data row is
 * never mistaken for one:
 *
 * 1. the model would reject the row (a row that loads as a record is a record, whatever it says);
 * 2. one of its cells is a totals label — after full-width folding and with spaces, a trailing
 *    colon and a bracketed unit removed: 合计, 小计, 总计, 共计, 累计, 总合计, each optionally
 *    after 本页, 本月, 本年, 本期 or 全 + one character (全镇合计, 全村小计), or `total`,
 *    `subtotal`, `grand total` in any case;
 * 3. every other cell is empty or a number (a number cell, or text like `1,234.50`, `￥1234.5`,
 *    `1234.5元`, `125`).
 */
const LABEL = /^(?:(?:本页|本月|本年|本期|全.)?(?:总合计|合计|小计|总计|共计|累计)|total|subtotal|grandtotal|sum)$/i;
const NUMBER = /^[-+]?[￥¥]?\d{1,3}(?:,\d{3})*(?:\.\d+)?元?$|^[-+]?[￥¥]?\d+(?:\.\d+)?元?$/;

function labelKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[(（][^)）]*[)）]$/, '')
    .replace(/[:：]$/, '');
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  return typeof v === 'string' && NUMBER.test(v.normalize('NFKC').replace(/\s+/g, ''));
}

/**
 * The totals label of a row (`合计`), or `undefined` when the row is not a totals row by rules
 * 2 and 3 above (rule 1 is the caller's: it asks only about rows the model rejects).
 *
 * @example totalsLabelOf(['合计', '', '', 123450, '']) // '合计'
 * @example totalsLabelOf(['张三', '', '', 123450, '']) // undefined
 */
export function totalsLabelOf(row: readonly unknown[]): string | undefined {
  let label: string | undefined;
  for (const v of row) {
    if (isBlank(v)) continue;
    if (label === undefined && typeof v === 'string' && LABEL.test(labelKey(v))) {
      label = v.trim();
      continue;
    }
    if (!isNumeric(v)) return undefined;
  }
  return label;
}
