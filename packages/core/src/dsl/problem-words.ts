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
export const kindEn = (k: string): string => KIND_EN[k] ?? k;
export const kindZh = (k: string): string => KIND_ZH[k] ?? k;
