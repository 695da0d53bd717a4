/**
 * jsonata's own errors in Chinese, from one catalogue keyed by jsonata's error code (`S0202`,
 * `T2001`, `D3030`, … — `err.code` of what jsonata throws). The code stays in front of the
 * sentence so an inspector can look it up; the position is said by the problem that carries
 * the error (`expressionSyntax`). A code the catalogue lacks falls back, visibly, to jsonata's
 * English text with its code.
 */

/** The fields of an error jsonata throws that its messages use. */
export interface JsonataErrorFields {
  readonly code?: string | undefined;
  readonly token?: unknown;
  readonly value?: unknown;
  readonly value2?: unknown;
  readonly index?: unknown;
  readonly type?: unknown;
  /** jsonata's English text. */
  readonly message?: string | undefined;
}

const q = (v: unknown): string => (v === undefined ? '（空）' : `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``);
/** A value as it is, for where the sentence writes it bare (`$name`, an argument number). */
const bare = (v: unknown, missing: string): string => (v === undefined ? missing : typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v));

/** Chinese sentences per jsonata error code (jsonata 2.2's `errorCodes`). */
const JSONATA_ZH: Readonly<Record<string, (e: JsonataErrorFields) => string>> = {
  S0101: () => '文本缺少结尾的引号',
  S0102: (e) => `数值超出范围：${q(e.token)}`,
  S0103: (e) => `不支持的转义序列：\\${bare(e.token, '')}`,
  S0104: () => '转义序列 \\u 后面必须跟 4 位十六进制数字',
  S0105: () => '用反引号括起的字段名缺少结尾的反引号（`）',
  S0106: () => '注释缺少结尾的 */',
  S0201: (e) => `语法错误：${q(e.token)}`,
  S0202: (e) => `这里应当是 ${q(e.value)}，实际是 ${q(e.token)}`,
  S0203: (e) => `表达式结束之前缺少 ${q(e.value)}`,
  S0204: (e) => `没有这个运算符：${q(e.token)}`,
  S0205: (e) => `多出了 ${q(e.token)}`,
  S0206: (e) => `无法识别的表达式：${q(e.token)}`,
  S0207: () => '表达式没写完就结束了',
  S0208: (e) => `函数定义的参数 ${q(e.value)} 必须是变量名（以 $ 开头）`,
  S0209: () => '分组表达式之后不能再跟筛选条件',
  S0210: () => '每一步只能有一个分组表达式',
  S0211: (e) => `符号 ${q(e.token)} 不能用作一元运算符`,
  S0212: () => ':= 左边必须是变量名（以 $ 开头）',
  S0213: (e) => `字面值 ${q(e.value)} 不能用作路径中的一步`,
  S0214: (e) => `${q(e.token)} 右边必须是变量名（以 $ 开头）`,
  S0215: () => '上下文变量绑定必须写在这一步的筛选条件之前',
  S0216: () => '上下文变量绑定必须写在这一步的排序之前',
  S0217: () => '无法从这个表达式得出上一级对象',
  S0301: () => '不允许空的正则表达式',
  S0302: () => '正则表达式缺少结尾的 /',
  S0401: () => '类型参数只能用于函数和数组',
  S0402: () => '不支持含参数化类型的选择组',
  S0500: () => '表达式有语法错误，无法求值',
  T0410: (e) => `函数 ${q(e.token)} 的第 ${bare(e.index, '?')} 个参数与函数签名不符`,
  T0411: (e) => `上下文的值与函数 ${q(e.token)} 的第 ${bare(e.index, '?')} 个参数的类型不符`,
  T0412: (e) => `函数 ${q(e.token)} 的第 ${bare(e.index, '?')} 个参数必须是 ${bare(e.type, '')} 的数组`,
  D1001: (e) => `数值超出范围：${q(e.value)}`,
  D1002: (e) => `不能对非数值取负：${q(e.value)}`,
  T1003: (e) => `对象的键必须是文本，实际是：${q(e.value)}`,
  D1004: () => '正则表达式匹配到了空字符串',
  T1005: (e) => `调用的不是函数；是不是要写 $${bare(e.token, '')}？`,
  T1006: () => '调用的不是函数',
  T1007: (e) => `部分应用的不是函数；是不是要写 $${bare(e.token, '')}？`,
  T1008: () => '部分应用的不是函数',
  D1009: (e) => `多个键定义得出同一个键：${q(e.value)}`,
  T2001: (e) => `运算符 ${q(e.token)} 左边必须是数值`,
  T2002: (e) => `运算符 ${q(e.token)} 右边必须是数值`,
  T2003: () => '范围运算符（..）左边必须是整数',
  T2004: () => '范围运算符（..）右边必须是整数',
  T2006: () => '函数应用运算符 ~> 右边必须是函数',
  T2007: (e) => `排序时 ${q(e.value)} 和 ${q(e.value2)} 类型不同，无法比较`,
  T2008: () => '排序表达式的值必须是数值或文本',
  T2009: (e) => `运算符 ${q(e.token)} 两边的值 ${q(e.value)} 和 ${q(e.value2)} 必须是同一类型`,
  T2010: (e) => `运算符 ${q(e.token)} 两边的值必须是数值或文本`,
  D3001: () => '文本函数不能处理 Infinity 或 NaN',
  D3010: () => '$replace 的第二个参数不能是空文本',
  D3011: () => '$replace 的第四个参数必须是正数',
  D3012: () => '不能用非文本的值替换匹配到的文本',
  D3020: () => '$split 的第三个参数必须是正数',
  D3030: (e) => `无法把这个值转换成数值：${q(e.value)}`,
  D3040: () => '$match 的第三个参数必须是正数',
  D3050: () => '$reduce 的第二个参数必须是至少有两个参数的函数',
  D3060: (e) => `$sqrt 不能用于负数：${q(e.value)}`,
  D3070: () => '不带第二个参数的 $sort 只能排序全是文本或全是数值的数组',
};

/**
 * A jsonata error in Chinese: `S0202：这里应当是 `)`，实际是 `]``. An unknown code falls back
 * to jsonata's English text, with the code and a note that it has no Chinese yet.
 *
 * @example
 * ```ts
 * jsonataErrorZh({ code: 'S0204', token: '=>' }); // 'S0204：没有这个运算符：`=>`'
 * ```
 */
export function jsonataErrorZh(e: JsonataErrorFields): string {
  const zh = e.code === undefined ? undefined : JSONATA_ZH[e.code];
  if (zh !== undefined) return `${e.code!}：${zh(e)}`;
  return `${e.message ?? ''}（jsonata ${e.code ?? '错误'}，暂无中文说明）`;
}

/** The jsonata codes the catalogue says in Chinese (for tests and docs). */
export const JSONATA_CODES_ZH: readonly string[] = Object.keys(JSONATA_ZH);
