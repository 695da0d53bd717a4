/**
 * The planner's problems — a rule's meaning checked against the data model — in English and
 * Chinese (see `problem-messages.ts`).
 */
import { jsonataErrorZh, type JsonataErrorFields } from './jsonata-messages.js';
import { codeList, codeListZh, json, jsonZh, kindEn, kindZh } from './problem-words.js';

const MEMBERSHIP_WHY_EN = 'json-rules-engine runs `value.indexOf(fact)`: on text that is a substring search (`"ab"` is `in` `"cab"`), on anything else an error';
const MEMBERSHIP_WHY_ZH = 'json-rules-engine 执行的是 `value.indexOf(fact)`：对文本是子串查找（`"ab"` 会算作 `in` `"cab"`），对其他值直接出错';
const at = (position: number | undefined): string => (position === undefined ? '' : ` (at character ${position})`);
const atZh = (position: number | undefined): string => (position === undefined ? '' : `（第 ${position} 个字符处）`);

type Src = { src: string };
/** A problem inside another one's sentence (a `matches` parameter's pattern). */
type Nested = { readonly code: string; readonly params: Readonly<Record<string, unknown>>; readonly message: string };
const nestedZh = (n: Nested): string => {
  const entry = (PLAN_PROBLEM_MESSAGES as Record<string, { zh: (p: never) => string }>)[n.code];
  return entry === undefined ? n.message : entry.zh(n.params as never);
};
type Compare = { fact: string; operator: string };
const OPS_EN = 'a list operator (`contains`, `doesNotContain`, `empty`, `notEmpty`) or an aggregate (`count` with a `where`)';
const OPS_ZH = '列表运算符（`contains`、`doesNotContain`、`empty`、`notEmpty`）或汇总（带 `where` 的 `count`）';

export const PLAN_PROBLEM_MESSAGES = {
  // — names in the data model —
  unknownDataset: {
    en: (p: { name: string }) => `unknown dataset \`${p.name}\``,
    zh: (p: { name: string }) => `没有 \`${p.name}\` 这个数据表`,
  },
  unknownField: {
    en: (p: { dataset: string; field: string }) => `dataset \`${p.dataset}\` has no field \`${p.field}\``,
    zh: (p: { dataset: string; field: string }) => `数据表 \`${p.dataset}\` 没有 \`${p.field}\` 这个字段`,
  },
  unknownParameter: {
    en: (p: { name: string }) => `unknown parameter \`${p.name}\``,
    zh: (p: { name: string }) => `没有声明 \`${p.name}\` 这个参数`,
  },
  unknownFunction: {
    en: (p: { name: string }) => `unknown function \`${p.name}\``,
    zh: (p: { name: string }) => `没有 \`${p.name}\` 这个函数`,
  },
  unknownOperator: {
    en: (p: { operator: string; known: readonly string[] }) => `unknown operator \`${p.operator}\`; the operators are ${codeList(p.known)}`,
    zh: (p: { operator: string; known: readonly string[] }) => `没有 \`${p.operator}\` 这个运算符；可用的运算符有：${codeListZh(p.known)}`,
  },
  unknownAggregate: {
    en: (p: { op: string; known: readonly string[] }) => `unknown aggregate \`${p.op}\`; the aggregates are ${codeList(p.known)}`,
    zh: (p: { op: string; known: readonly string[] }) => `没有 \`${p.op}\` 这种汇总；可用的汇总有：${codeListZh(p.known)}`,
  },

  // — the subject, declared names —
  windowNeedsGroupBy: {
    en: () => '`window` needs `groupBy`',
    zh: () => '`window` 需要同时给出 `groupBy`（分组）',
  },
  subjectLookupsNeedGroups: {
    en: () => '`subject.lookups` is for grouped subjects; put lookups at the rule level',
    zh: () => '`subject.lookups` 只用于分组的比对对象；请把关联查询写在比对模型一级的 `lookups` 中',
  },
  reservedName: {
    en: (p: { name: string; reserved: readonly string[] }) => `\`${p.name}\` is a reserved name (${p.reserved.join(', ')})`,
    zh: (p: { name: string; reserved: readonly string[] }) => `\`${p.name}\` 是保留名称（保留名称有：${p.reserved.join('、')}）`,
  },
  nameAlreadyDefined: {
    en: (p: { name: string; at: string }) => `\`${p.name}\` is already defined at ${p.at}`,
    zh: (p: { name: string; at: string }) => `\`${p.name}\` 已在 ${p.at} 定义过`,
  },
  nameCycle: {
    en: (p: { name: string; path: readonly string[] }) => `\`${p.name}\` depends on itself: ${p.path.join(' → ')}`,
    zh: (p: { name: string; path: readonly string[] }) => `\`${p.name}\` 循环依赖自身：${p.path.join(' → ')}`,
  },

  // — conditions —
  operatorFactType: {
    en: (p: { operator: string; expected: string; fact: string; actual: string }) => `operator \`${p.operator}\` expects a ${p.expected} fact, but \`${p.fact}\` is a ${p.actual}`,
    zh: (p: { operator: string; expected: string; fact: string; actual: string }) => `运算符 \`${p.operator}\` 要比较的是${kindZh(p.expected)}，而 \`${p.fact}\` 是${kindZh(p.actual)}`,
  },
  moneyOperatorOnPlain: {
    en: (p: { operator: string; fact: string; actual: string }) => `operator \`${p.operator}\` compares money, but \`${p.fact}\` is a plain ${p.actual}; use greaterThan/lessThan`,
    zh: (p: { operator: string; fact: string; actual: string }) => `运算符 \`${p.operator}\` 比较的是金额，而 \`${p.fact}\` 是普通的${kindZh(p.actual)}；请用 greaterThan/lessThan`,
  },
  operatorTakesNoValue: {
    en: (p: { operator: string }) => `operator \`${p.operator}\` takes no value`,
    zh: (p: { operator: string }) => `运算符 \`${p.operator}\` 不带 \`value\``,
  },
  operatorNeedsValue: {
    en: (p: { operator: string }) => `operator \`${p.operator}\` needs a \`value\``,
    zh: (p: { operator: string }) => `运算符 \`${p.operator}\` 需要给出 \`value\``,
  },
  notAnAmount: {
    en: (p: { value: unknown }) => `\`${json(p.value)}\` is not an amount in yuan`,
    zh: (p: { value: unknown }) => `\`${jsonZh(p.value)}\` 不是以元为单位的金额（如 "1000.00"）`,
  },
  notADate: {
    en: (p: { value: unknown }) => `\`${json(p.value)}\` is not a date YYYY-MM-DD`,
    zh: (p: { value: unknown }) => `\`${jsonZh(p.value)}\` 不是 YYYY-MM-DD 格式的日期`,
  },
  operatorNeedsNumber: {
    en: (p: { operator: string; value: unknown }) => `operator \`${p.operator}\` needs a number, got ${json(p.value)}`,
    zh: (p: { operator: string; value: unknown }) => `运算符 \`${p.operator}\` 需要一个数值，收到的是 ${jsonZh(p.value)}`,
  },
  operatorNeedsList: {
    en: (p: { operator: string; value: unknown }) => `operator \`${p.operator}\` needs a list, got ${json(p.value)}`,
    zh: (p: { operator: string; value: unknown }) => `运算符 \`${p.operator}\` 需要一个列表，收到的是 ${jsonZh(p.value)}`,
  },
  operatorNeedsRange: {
    en: (p: { operator: string }) => `operator \`${p.operator}\` needs [low, high]`,
    zh: (p: { operator: string }) => `运算符 \`${p.operator}\` 需要 [下限, 上限] 两个值`,
  },
  matchesNeedsText: {
    en: (p: { value: unknown }) => `\`matches\` needs a regular expression as text, got ${json(p.value)}`,
    zh: (p: { value: unknown }) => `\`matches\` 需要以文本写出的正则表达式，收到的是 ${jsonZh(p.value)}`,
  },
  regexBackreference: {
    en: (p: { pattern: string }) => `\`${p.pattern}\` uses a backreference (\\1 …), which the linear-time regular expression engine (RE2) does not run; rewrite it without one`,
    zh: (p: { pattern: string }) => `\`${p.pattern}\` 用了反向引用（\\1 …），线性时间的正则引擎（RE2）不支持；请改写为不用反向引用的形式`,
  },
  regexLookaround: {
    en: (p: { pattern: string }) => `\`${p.pattern}\` uses lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)), which the linear-time regular expression engine (RE2) does not run; rewrite it without one`,
    zh: (p: { pattern: string }) => `\`${p.pattern}\` 用了前瞻或后顾（(?=…)、(?!…)、(?<=…)、(?<!…)），线性时间的正则引擎（RE2）不支持；请改写为不用它们的形式`,
  },
  regexInvalid: {
    en: (p: { pattern: string; detail: string }) => `\`${p.pattern}\` is not a regular expression the linear-time engine (RE2 syntax) accepts: ${p.detail}`,
    zh: (p: { pattern: string; detail: string }) => `\`${p.pattern}\` 不是线性时间正则引擎（RE2 语法）能接受的正则表达式：${p.detail}`,
  },
  matchesParamPattern: {
    en: (p: { param: string; at: string; reason: Nested }) => `parameter \`${p.param}\` is the pattern of \`matches\` at ${p.at}: ${p.reason.message}`,
    zh: (p: { param: string; at: string; reason: Nested }) => `参数 \`${p.param}\` 是 ${p.at} 处 \`matches\` 的正则表达式：${nestedZh(p.reason)}`,
  },
  notAllowedValue: {
    en: (p: { param?: string; overridden?: boolean; value: unknown; dataset: string; field: string; allowed: readonly string[]; at: string }) =>
      `${p.param === undefined ? '' : `parameter \`${p.param}\`${p.overridden ? ' (as given for this run)' : ''}: `}${json(p.value)} is not an allowed value of \`${p.dataset}.${p.field}\` (allowed: ${p.allowed.join(', ')}), so the condition at ${p.at} can never match it`,
    zh: (p: { param?: string; overridden?: boolean; value: unknown; dataset: string; field: string; allowed: readonly string[]; at: string }) =>
      `${p.param === undefined ? '' : `参数 \`${p.param}\`${p.overridden ? '（本次运行给出的值）' : ''}：`}${jsonZh(p.value)} 不是 \`${p.dataset}.${p.field}\` 允许的取值（允许：${p.allowed.join('、')}），${p.at} 处的条件永远不会命中它`,
  },
  listLookupCompare: {
    en: (p: Compare & { name: string; at: string }) => `\`${p.name}\` is a list lookup (no \`"one": true\`${p.at ? ` at ${p.at}` : ''}), so \`${p.fact}\` is a list of every match, and \`${p.operator}\` compares it with one value; add \`"one": true\` to the lookup to compare its first match, or use ${OPS_EN}`,
    zh: (p: Compare & { name: string; at: string }) => `\`${p.name}\` 是返回列表的关联查询（${p.at ? `${p.at} 处` : ''}没有 \`"one": true\`），所以 \`${p.fact}\` 是所有匹配记录的列表，而 \`${p.operator}\` 是拿它和单个值比较；要比较第一条匹配记录，请给关联查询加上 \`"one": true\`，或改用 ${OPS_ZH}`,
  },
  householdCompare: {
    en: (p: Compare & { name: string }) => `\`${p.name}\` is a household (a list of persons), so \`${p.fact}\` is a list, and \`${p.operator}\` compares it with one value; use ${OPS_EN}`,
    zh: (p: Compare & { name: string }) => `\`${p.name}\` 是一户（人员的列表），所以 \`${p.fact}\` 是列表，而 \`${p.operator}\` 是拿它和单个值比较；请改用 ${OPS_ZH}`,
  },
  rowsCompare: {
    en: (p: Compare) => `\`rows\` is the list of a group's rows, so \`${p.fact}\` is a list, and \`${p.operator}\` compares it with one value; use ${OPS_EN}, or a group key`,
    zh: (p: Compare) => `\`rows\` 是一个分组的全部记录，所以 \`${p.fact}\` 是列表，而 \`${p.operator}\` 是拿它和单个值比较；请改用 ${OPS_ZH}，或用分组键`,
  },
  listCompare: {
    en: (p: Compare) => `\`${p.fact}\` is a list, and \`${p.operator}\` compares it with one value; use ${OPS_EN}`,
    zh: (p: Compare) => `\`${p.fact}\` 是列表，而 \`${p.operator}\` 是拿它和单个值比较；请改用 ${OPS_ZH}`,
  },
  membershipNeedsListLiteral: {
    en: (p: { operator: string; value: unknown }) => `\`${p.operator}\` needs a list of values, got ${json(p.value)}; ${MEMBERSHIP_WHY_EN}`,
    zh: (p: { operator: string; value: unknown }) => `\`${p.operator}\` 需要一个取值列表，收到的是 ${jsonZh(p.value)}；${MEMBERSHIP_WHY_ZH}`,
  },
  membershipNeedsListRef: {
    en: (p: { operator: string; what: string; kind: string }) => `\`${p.operator}\` needs a list of values, but ${p.what} is a ${p.kind}; ${MEMBERSHIP_WHY_EN}. Use \`equal\`/\`notEqual\` for one value, or \`startsWith\`/\`matches\` for text`,
    zh: (p: { operator: string; what: string; kind: string }) => `\`${p.operator}\` 需要一个取值列表，而 ${p.what} 是${kindZh(p.kind)}；${MEMBERSHIP_WHY_ZH}。比较单个值请用 \`equal\`/\`notEqual\`，比较文本请用 \`startsWith\`/\`matches\``,
  },
  pathUnsupported: {
    en: (p: { path: string; fact: string }) => `path \`${p.path}\` is not supported: only \`$.name\` or \`$.name.name…\` (no JSONPath filters, wildcards or indexes); for more, write the expression in \`fact\` (\`${p.fact}.name\`)`,
    zh: (p: { path: string; fact: string }) => `不支持路径 \`${p.path}\`：只能写 \`$.name\` 或 \`$.name.name…\`（不支持 JSONPath 的过滤、通配符和下标）；更复杂的请直接在 \`fact\` 里写表达式（如 \`${p.fact}.name\`）`,
  },
  pathOnList: {
    en: (p: { fact: string; steps: string }) => `\`${p.fact}\` is a list: json-rules-engine does not apply a path to each element (it finds nothing), so \`path\` on it is refused; use an aggregate or \`${p.fact}.${p.steps}\` with a list operator`,
    zh: (p: { fact: string; steps: string }) => `\`${p.fact}\` 是列表：json-rules-engine 不会把路径用到每个元素上（什么也取不到），所以不接受对它写 \`path\`；请用汇总，或用 \`${p.fact}.${p.steps}\` 配合列表运算符`,
  },
  pathOnScalar: {
    en: (p: { fact: string; kind: string }) => `\`${p.fact}\` is a ${p.kind}, not a record: json-rules-engine would give the fact itself back for a path on it; remove \`path\``,
    zh: (p: { fact: string; kind: string }) => `\`${p.fact}\` 是${kindZh(p.kind)}，不是记录：json-rules-engine 对它取路径只会原样返回它本身；请删掉 \`path\``,
  },
  hyphenName: {
    en: (p: { name: string }) => `\`${p.name}\` reads as a name with \`-\`, which json-rules-engine would look up as one fact; here it is the subtraction \`${p.name.replaceAll('-', ' - ')}\`. Names never contain \`-\` (use \`_\`); write spaces around \`-\` if you mean subtraction`,
    zh: (p: { name: string }) => `\`${p.name}\` 看起来像带 \`-\` 的名称，json-rules-engine 会把它当作一个计算项名称来查找；这里却是减法 \`${p.name.replaceAll('-', ' - ')}\`。名称里不能有 \`-\`（请用 \`_\`）；如果确实是减法，请在 \`-\` 两边加空格`,
  },

  // — parameters —
  paramWrongValue: {
    en: (p: { name: string; expected: string; value: unknown; minimum?: number; maximum?: number }) => `parameter \`${p.name}\` must be ${PARAM_EXPECTED_EN(p)}, got ${json(p.value)}`,
    zh: (p: { name: string; expected: string; value: unknown; minimum?: number; maximum?: number }) => `参数 \`${p.name}\` 应当是${PARAM_EXPECTED_ZH(p)}，收到的是 ${jsonZh(p.value)}`,
  },
  paramNotAllowed: {
    en: (p: { name: string; value: unknown; allowed: readonly unknown[] }) => `parameter \`${p.name}\`: ${json(p.value)} is not one of its allowed values (${p.allowed.join(', ')})`,
    zh: (p: { name: string; value: unknown; allowed: readonly unknown[] }) => `参数 \`${p.name}\`：${jsonZh(p.value)} 不在允许的取值之内（允许：${p.allowed.join('、')}）`,
  },
  ruleHasNoParameter: {
    en: (p: { rule: string; name: string; has: readonly string[] }) => `rule \`${p.rule}\` has no parameter \`${p.name}\`${p.has.length ? ` (it has: ${p.has.join(', ')})` : ''}`,
    zh: (p: { rule: string; name: string; has: readonly string[] }) => `比对模型 \`${p.rule}\` 没有参数 \`${p.name}\`${p.has.length ? `（它的参数有：${p.has.join('、')}）` : '（它没有参数）'}`,
  },

  // — expressions —
  expressionSyntax: {
    en: (p: Src & { detail: string; position?: number; jsonata?: JsonataErrorFields }) => `bad expression \`${p.src}\`: ${p.detail}`,
    zh: (p: Src & { detail: string; position?: number; jsonata?: JsonataErrorFields }) =>
      `表达式 \`${p.src}\` 写法有误${atZh(p.position)}：${p.jsonata === undefined ? p.detail : jsonataErrorZh({ ...p.jsonata, message: p.detail })}`,
  },
  expressionOutsideSubset: {
    en: (p: Src & { what: string; subset: string }) => `\`${p.src}\`: ${p.what} is outside the compiled jsonata subset (${p.subset})`,
    zh: (p: Src & { what: string; subset: string }) => `\`${p.src}\`：${p.what} 不在可编译的 jsonata 子集之内（${p.subset}）`,
  },
  functionArity: {
    en: (p: Src & { name: string; least: number; most: number | null; got: number }) => `\`${p.src}\`: \`$${p.name}\` takes ${p.least}${p.most === null ? ' or more' : `–${p.most}`} arguments, got ${p.got}`,
    zh: (p: Src & { name: string; least: number; most: number | null; got: number }) => `\`${p.src}\`：\`$${p.name}\` 接受 ${p.least}${p.most === null ? ' 个或更多' : ` 到 ${p.most} 个`}参数，实际给了 ${p.got} 个`,
  },
  exprUnknownFunction: {
    en: (p: Src & { name: string; known: readonly string[] }) => `\`${p.src}\`: unknown function \`$${p.name}\` (known: ${p.known.map((k) => `$${k}`).join(', ')})`,
    zh: (p: Src & { name: string; known: readonly string[] }) => `\`${p.src}\`：没有 \`$${p.name}\` 这个函数（可用的函数：${p.known.map((k) => `$${k}`).join('、')}）`,
  },
  jsonataFunctionOutsideSubset: {
    en: (p: Src & { name: string; known: readonly string[] }) => `\`${p.src}\`: jsonata's \`$${p.name}\` is outside the compiled subset (functions: ${p.known.map((k) => `$${k}`).join(', ')})`,
    zh: (p: Src & { name: string; known: readonly string[] }) => `\`${p.src}\`：jsonata 的 \`$${p.name}\` 不在可编译的子集之内（可用的函数：${p.known.map((k) => `$${k}`).join('、')}）`,
  },
  expressionRefused: {
    en: (p: { detail: string }) => p.detail,
    zh: (p: { detail: string }) => `表达式无法编译：${p.detail}`,
  },
  exprUnknownParameter: {
    en: (p: Src & { name: string }) => `\`${p.src}\`: unknown parameter \`${p.name}\``,
    zh: (p: Src & { name: string }) => `\`${p.src}\`：没有声明 \`${p.name}\` 这个参数`,
  },
  exprUnknownVariable: {
    en: (p: Src & { name: string }) => `\`${p.src}\`: unknown variable \`$${p.name}\` (variables: $params, $asOf)`,
    zh: (p: Src & { name: string }) => `\`${p.src}\`：没有 \`$${p.name}\` 这个变量（可用的变量：$params、$asOf）`,
  },
  exprUnknownName: {
    en: (p: Src & { name: string }) => `\`${p.src}\`: unknown name \`${p.name}\``,
    zh: (p: Src & { name: string }) => `\`${p.src}\`：没有 \`${p.name}\` 这个名称`,
  },
  exprNoKey: {
    en: (p: Src & { name: string; key: string }) => `\`${p.src}\`: \`${p.name}\` has no key \`${p.key}\``,
    zh: (p: Src & { name: string; key: string }) => `\`${p.src}\`：\`${p.name}\` 没有 \`${p.key}\` 这个分组键`,
  },
  exprUnknownField: {
    en: (p: Src & { dataset: string; field: string }) => `\`${p.src}\`: dataset \`${p.dataset}\` has no field \`${p.field}\``,
    zh: (p: Src & { dataset: string; field: string }) => `\`${p.src}\`：数据表 \`${p.dataset}\` 没有 \`${p.field}\` 这个字段`,
  },
  arithmeticOnText: {
    en: (p: Src & { op: string; kind: string; position?: number }) => `\`${p.src}\`: \`${p.op}\` needs numbers, but one side is ${kindEn(p.kind)}; jsonata fails on it (T2001/T2002) — compare dates as text, or use $daysBetween / $number${at(p.position)}`,
    zh: (p: Src & { op: string; kind: string; position?: number }) => `\`${p.src}\`${atZh(p.position)}：\`${p.op}\` 两边都要是数值，但有一边是${kindZh(p.kind)}，jsonata 会在这里出错（T2001/T2002）——日期请按文本比较，或用 $daysBetween / $number`,
  },
  compareKinds: {
    en: (p: Src & { op: string; left: string; right: string; position?: number }) => `\`${p.src}\`: \`${p.op}\` compares ${kindEn(p.left)} with ${kindEn(p.right)}; jsonata fails on it (T2009) — compare values of one kind${at(p.position)}`,
    zh: (p: Src & { op: string; left: string; right: string; position?: number }) => `\`${p.src}\`${atZh(p.position)}：\`${p.op}\` 把${kindZh(p.left)}和${kindZh(p.right)}相比较，jsonata 会在这里出错（T2009）——请比较同一类的值`,
  },
  orderBooleans: {
    en: (p: Src & { op: string; position?: number }) => `\`${p.src}\`: \`${p.op}\` cannot order booleans; jsonata fails on it (T2010)${at(p.position)}`,
    zh: (p: Src & { op: string; position?: number }) => `\`${p.src}\`${atZh(p.position)}：\`${p.op}\` 不能比较布尔值的大小，jsonata 会在这里出错（T2010）`,
  },
  unclosedTemplate: {
    en: (p: { template: string }) => `unclosed \`{{\` in template \`${p.template}\``,
    zh: (p: { template: string }) => `模板 \`${p.template}\` 中的 \`{{\` 没有配对的 \`}}\``,
  },

  // — emission —
  amountNotMoney: {
    en: (p: { expr: string; kind: string }) => `\`amount\` must be money in fen (a number), but \`${p.expr}\` is ${p.kind === 'list' ? 'a list (sum it: $sum(…))' : p.kind}`,
    zh: (p: { expr: string; kind: string }) => `\`amount\` 应当是以分计的金额（数值），而 \`${p.expr}\` 是${p.kind === 'list' ? '列表（请求和：$sum(…)）' : kindZh(p.kind)}`,
  },
  evidenceUnknown: {
    en: (p: { name: string; grouped: boolean }) => `\`${p.name}\` is not ${p.grouped ? '`rows`' : '`subject`'} or a lookup`,
    zh: (p: { name: string; grouped: boolean }) => `\`${p.name}\` 既不是 ${p.grouped ? '`rows`' : '`subject`'}，也不是关联查询`,
  },

  // — aggregates —
  baselineNeedsGroups: {
    en: () => '`baseline` compares groups: it needs a grouped subject',
    zh: () => '`baseline` 比较的是分组：比对对象需要分组（`groupBy`）',
  },
  baselineNeedsOf: {
    en: () => '`baseline` needs `of`: the aggregate whose earlier values form the baseline',
    zh: () => '`baseline` 需要 `of`：以哪个汇总的历史值作基线',
  },
  baselineNeedsPeriod: {
    en: () => '`baseline` needs `period`: a group key holding a monthly period',
    zh: () => '`baseline` 需要 `period`：存放月度所属期的分组键',
  },
  notAGroupKey: {
    en: (p: { name: string }) => `\`${p.name}\` is not a group key`,
    zh: (p: { name: string }) => `\`${p.name}\` 不是分组键`,
  },
  aggregateNeedsOver: {
    en: (p: { op: string; grouped: boolean }) => `aggregate \`${p.op}\` needs \`over\`: a lookup name${p.grouped ? ' or `rows`' : ''}`,
    zh: (p: { op: string; grouped: boolean }) => `汇总 \`${p.op}\` 需要 \`over\`：一个关联查询的名称${p.grouped ? '或 `rows`' : ''}`,
  },
  rowsNeedsGroups: {
    en: () => '`rows` exists only for grouped subjects',
    zh: () => '只有分组的比对对象才有 `rows`',
  },
  notALookup: {
    en: (p: { name: string }) => `\`${p.name}\` is not a lookup`,
    zh: (p: { name: string }) => `\`${p.name}\` 不是关联查询`,
  },
  aggregateNeedsFieldOrValue: {
    en: (p: { op: string }) => `aggregate \`${p.op}\` needs \`field\` or \`value\``,
    zh: (p: { op: string }) => `汇总 \`${p.op}\` 需要 \`field\` 或 \`value\``,
  },
} as const;

function PARAM_EXPECTED_EN(p: { expected: string; minimum?: number; maximum?: number }): string {
  if (p.expected === 'range') return `between ${p.minimum ?? '-∞'} and ${p.maximum ?? '∞'}`;
  return ({ money: 'an amount in yuan (e.g. "1000.00")', integer: 'a whole number', number: 'a number', boolean: 'true or false', string: 'text', date: 'a date YYYY-MM-DD', 'string[]': 'a list of texts', 'integer[]': 'a list of whole numbers' } as Record<string, string>)[p.expected] ?? p.expected;
}

function PARAM_EXPECTED_ZH(p: { expected: string; minimum?: number; maximum?: number }): string {
  if (p.expected === 'range') return ` ${p.minimum ?? '-∞'} 到 ${p.maximum ?? '∞'} 之间的数`;
  return ({ money: '以元为单位的金额（如 "1000.00"）', integer: '整数', number: '数值', boolean: ' true 或 false', string: '文本', date: ' YYYY-MM-DD 格式的日期', 'string[]': '文本列表', 'integer[]': '整数列表' } as Record<string, string>)[p.expected] ?? p.expected;
}
