/** Words the problem catalogue shares between its sentences: lists, kinds of value, JSON values. */

/** `` `a`, `b`, `c` `` — every item, never cut short. */
export const codeList = (items: readonly unknown[]): string => items.map((x) => `\`${String(x)}\``).join(', ');
/** The same with the Chinese enumeration comma. */
export const codeListZh = (items: readonly unknown[]): string => items.map((x) => `\`${String(x)}\``).join('、');
/** A value as JSON (`"x"`, `12`, `[1,2]`). */
export const json = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));
export const jsonZh = (v: unknown): string => (v === undefined ? '（空）' : JSON.stringify(v));

/** What kind of value the planner inferred, said in English (with its article). */
const KIND_EN: Readonly<Record<string, string>> = {
  string: 'text',
  date: 'a date (text)',
  period: 'a period (text)',
  boolean: 'a boolean',
  money: 'money (a number of fen)',
  integer: 'a number',
  number: 'a number',
  list: 'a list',
  record: 'a record',
  any: 'any value',
  unknown: 'a value of unknown type',
};
const KIND_ZH: Readonly<Record<string, string>> = {
  string: '文本',
  date: '日期（文本）',
  period: '所属期（文本）',
  boolean: '布尔值（true/false）',
  money: '金额（以分计的数值）',
  integer: '整数',
  number: '数值',
  list: '列表',
  record: '记录',
  any: '任意值',
  unknown: '类型不明的值',
};
/**
 * JSON.parse's reason (V8's English) in Chinese, without its position (the problem says the
 * line and column); a reason not listed stays as it is.
 */
const JSON_REASONS_ZH: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^Unexpected end of JSON input/, () => '文件在 JSON 结束之前就结束了（缺少 `}` 或 `]`？）'],
  [/^Expected double-quoted property name/, () => '这里应当是用双引号括起的字段名（多了一个逗号？）'],
  [/^Expected property name or '\}'/, () => '这里应当是用双引号括起的字段名或 `}`'],
  [/^Expected ':' after property name/, () => '字段名之后应当是 `:`'],
  [/^Expected ',' or '\}' after property value/, () => '字段值之后应当是 `,` 或 `}`'],
  [/^Expected ',' or '\]' after array element/, () => '数组元素之后应当是 `,` 或 `]`'],
  [/^Bad control character in string literal/, () => '文本中有控制字符（换行请写成 \\n）'],
  [/^Unterminated string/, () => '文本缺少结尾的双引号'],
  [/^Unexpected non-whitespace character after JSON/, () => 'JSON 结束之后还有多余的内容'],
  [/^Unexpected token '(.*?)'/, (m) => `多出了 \`${m[1]!}\``],
  [/^No number after minus sign/, () => '负号之后缺少数字'],
  [/^Unterminated fractional number/, () => '小数点之后缺少数字'],
  [/^Exponent part is missing a number/, () => '指数部分缺少数字'],
  [/^Bad escaped character/, () => '不支持的转义字符'],
  [/^Unexpected (number|string)/, (m) => (m[1] === 'number' ? '多出了一个数值' : '多出了一段文本')],
];
export const jsonReasonZh = (reason: string): string => {
  for (const [re, zh] of JSON_REASONS_ZH) {
    const m = re.exec(reason);
    if (m !== null) return zh(m);
  }
  return reason;
};

export const kindEn = (k: string): string => KIND_EN[k] ?? k;
export const kindZh = (k: string): string => KIND_ZH[k] ?? k;
