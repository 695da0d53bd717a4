/**
 * Why the loader rejected a row, in Chinese. The loader (core's `loadData` with the model's
 * value parsers, and the adapters' readers) says each reason in English; this is the one
 * catalogue that says each of those sentences in Chinese, keeping the value as written. A
 * reason the catalogue does not know stays as it is (English), so a new one shows up in the
 * CLI's Chinese-output test (`test/zh-output.test.ts`) rather than vanish.
 */

/** `typeof` in Chinese (`expected a date, got number`). */
const TYPE_ZH: Readonly<Record<string, string>> = { number: '数值', boolean: '布尔值', object: '对象', string: '文本', bigint: '数值', undefined: '空值' };
const typeZh = (t: string): string => TYPE_ZH[t] ?? t;

/** Pattern → Chinese, in the order they are tried; `$1`… are the pattern's groups. */
const REASONS: readonly (readonly [RegExp, (...g: string[]) => string])[] = [
  // — dates —
  [/^(`.*`) is not a calendar date$/s, (v) => `${v} 不是日历上存在的日期`],
  [/^invalid Date object$/, () => '无效的日期对象'],
  [/^expected a date, got (\w+)$/, (t) => `应当是日期，实际是${typeZh(t)}`],
  [/^(`.*`) is not a date \(use .*\)$/s, (v) => `${v} 不是日期（请写成 YYYY-MM-DD、YYYY/M/D、YYYY年M月D日、YYYYMMDD 或 Excel 日期序号）`],
  [/^(\S+) is not an Excel serial date$/, (v) => `${v} 不是 Excel 日期序号`],
  // — periods —
  [/^expected a period, got (\w+)$/, (t) => `应当是所属期，实际是${typeZh(t)}`],
  [/^(`.*`) is not a period year$/s, (v) => `${v} 的年份不在所属期的范围内（1900–2199）`],
  [/^(`.*`) is not a period \(month must be 01–12\)$/s, (v) => `${v} 不是所属期（月份应为 01–12）`],
  [/^(`.*`) is a half-year: .*$/s, (v) => `${v} 是半年：数据模型没有半年的所属期（所属期是一个月、以首月表示的一个季度或一年）；请按发放所属的月份或季度导出`],
  [/^(`.*`) is not a period \(use .*\)$/s, (v) => `${v} 不是所属期（请写成 YYYY-MM、YYYY、YYYYQn 或 YYYY年第n季度）`],
  [/^(`.*`) is a date, not a period: .*$/s, (v) => `${v} 是日期而不是所属期：所属期列中的日期必须是当月的第一天`],
  // — money —
  [/^(\S+) is not an amount$/, (v) => `${v} 不是金额`],
  [/^(`.*`|\S+) has more than two decimals$/s, (v) => `${v} 的小数超过两位`],
  [/^(`.*`|\S+) is too large$/s, (v) => `${v} 太大`],
  [/^expected an amount, got (\w+)$/, (t) => `应当是金额，实际是${typeZh(t)}`],
  [/^(`.*`) has misplaced thousands separators$/s, (v) => `${v} 的千位分隔符位置不对`],
  [/^(`.*`) is not an amount of money$/s, (v) => `${v} 不是金额`],
  // — ID numbers —
  [/^expected an ID number, got (\w+)$/, (t) => `应当是身份证号，实际是${typeZh(t)}`],
  [/^(`.*`) is not an ID number \(.*\)$/s, (v) => `${v} 不是身份证号（18 位，最后一位可以是 X；或 15 位）`],
  [/^(`.*`) has an impossible birth date (\S+)$/s, (v, d) => `${v} 中的出生日期 ${d} 不存在`],
  [/^(`.*`) fails the check digit \(expected (\S+)\)$/s, (v, c) => `${v} 的校验码不对（应为 ${c}）`],
  // — numbers —
  [/^(`.*`|\S+) is not a whole number$/s, (v) => `${v} 不是整数`],
  [/^expected a whole number, got (\w+)$/, (t) => `应当是整数，实际是${typeZh(t)}`],
  [/^(`.*`|\S+) is not a number$/s, (v) => `${v} 不是数值`],
  [/^expected a number, got (\w+)$/, (t) => `应当是数值，实际是${typeZh(t)}`],
  // — any field —
  [/^is empty$/, () => '是空的'],
  [/^expected text, got (\w+)$/, (t) => `应当是文本，实际是${typeZh(t)}`],
  [/^(\S+) is outside (\S+)–(\S+)$/, (v, lo, hi) => `${v} 不在 ${lo}–${hi} 的范围内`],
  [/^(`.*`) is not one of (.*)$/s, (v, list) => `${v} 不是可用的代码之一（${list}）`],
  [/^(`[^`]*`) contains a NUL character .*$/s, (f) => `${f} 含有 NUL 字符（\\0）：文件是二进制的或用了别的编码（UTF-16？）；请重新导出为文本`],
  [/^(`[^`]*`) is required$/, (f) => `${f} 必须有值`],
  // — the row as a whole (readers) —
  [/^has (\d+) values but the header has (\d+) columns \(an unquoted separator\?\)$/, (k, w) => `这一行有 ${k} 个值，但表头只有 ${w} 列（是不是有未加引号的分隔符？）`],
  [/^is an array, not an object of fields$/, () => '是数组，而不是以字段为键的对象'],
  [/^is null, not an object of fields$/, () => '是 null，而不是以字段为键的对象'],
  [/^is a (\w+), not an object of fields$/, (t) => `是${typeZh(t)}，而不是以字段为键的对象`],
  [/^is not valid JSON \(.*\)$/s, () => '不是有效的 JSON'],
];

/**
 * One reason in Chinese: `` `abc` is not an amount of money `` → `` `abc` 不是金额 ``. An
 * unknown reason comes back unchanged.
 */
export function rejectReasonZh(reason: string): string {
  for (const [re, zh] of REASONS) {
    const m = re.exec(reason);
    if (m !== null) return zh(...m.slice(1).map((g: string | undefined) => g ?? ''));
  }
  return reason;
}

/** A rejected row's reasons in Chinese, each after its field's Chinese name (`发放金额：`abc` 不是金额`). */
export function rejectedRowZh(
  r: { readonly field: string; readonly message: string; readonly problems?: readonly { readonly field: string; readonly message: string }[] | undefined },
  fieldName: (field: string) => string,
): string {
  const problems = r.problems ?? [{ field: r.field, message: r.message.startsWith(`${r.field}: `) ? r.message.slice(r.field.length + 2) : r.message }];
  return problems.map((p) => `${fieldName(p.field)}：${rejectReasonZh(p.message)}`).join('；');
}
