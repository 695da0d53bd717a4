/**
 * The problems of reading a pack and of its schema, in English and Chinese (see
 * `problem-messages.ts`): files, JSON, size limits, the rule schema, ids.
 */
import { codeList, codeListZh, json, jsonReasonZh, jsonZh } from './problem-words.js';

const jreEmpty = (kind: string): string => (kind === 'any' ? ' (not false, as "any of nothing" reads)' : '');

export const PACK_PROBLEM_MESSAGES = {
  packNotFound: {
    en: (p: { path: string }) => `no such file, folder or installed rule package: \`${p.path}\``,
    zh: (p: { path: string }) => `找不到文件、文件夹或已安装的比对模型包：\`${p.path}\``,
  },
  fileUnreadable: {
    en: (p: { reason: string }) => `cannot read: ${p.reason}`,
    zh: (p: { reason: string }) => `文件读不了：${p.reason}`,
  },
  invalidJson: {
    en: (p: { line?: number; column?: number; reason: string }) => `not valid JSON${p.line === undefined ? '' : ` at line ${p.line}, column ${p.column ?? 1}`}: ${p.reason}`,
    zh: (p: { line?: number; column?: number; reason: string }) => (p.line === undefined ? `不是有效的 JSON：${jsonReasonZh(p.reason)}` : `不是有效的 JSON（第 ${p.line} 行第 ${p.column ?? 1} 列）：${jsonReasonZh(p.reason)}`),
  },
  fileTooBig: {
    en: (p: { size: string; limit: string }) => `the file is ${p.size}; a pack file may be at most ${p.limit}: split its rules into several files in a folder`,
    zh: (p: { size: string; limit: string }) => `文件有 ${p.size}，一个比对模型文件最大 ${p.limit}：请把其中的比对模型分成文件夹里的几个文件`,
  },
  jsonTooDeep: {
    en: (p: { limit: number }) => `JSON nested more than ${p.limit} levels deep; no rule needs that: flatten it`,
    zh: (p: { limit: number }) => `JSON 嵌套超过 ${p.limit} 层，比对模型用不到这么深：请减少嵌套`,
  },
  conditionsTooDeep: {
    en: (p: { limit: number }) => `conditions are nested more than ${p.limit} levels deep (\`all\`/\`any\`/\`not\`); flatten them (\`not\` of \`not\` cancels out, \`all\` inside \`all\` merges) or split the rule`,
    zh: (p: { limit: number }) => `条件嵌套超过 ${p.limit} 层（\`all\`/\`any\`/\`not\`）：请展平（\`not\` 套 \`not\` 相互抵消，\`all\` 套 \`all\` 可以合并），或拆成几个比对模型`,
  },
  tooManyConditionNodes: {
    en: (p: { limit: number }) => `the rule has more than ${p.limit} condition nodes; split it into several rules, or put long value lists in a parameter`,
    zh: (p: { limit: number }) => `这个比对模型的条件节点超过 ${p.limit} 个：请拆成几个比对模型，或把长的取值清单放进参数`,
  },
  fileNameMismatch: {
    en: (p: { id: string; file: string; name: string }) => `the rule id \`${p.id}\` differs from the file name \`${p.file}\`: a file holding one rule is named after it; rename the file to \`${p.id}.json\` or change the id to \`${p.name}\``,
    zh: (p: { id: string; file: string; name: string }) => `比对模型编号 \`${p.id}\` 与文件名 \`${p.file}\` 不一致：只含一个比对模型的文件要以编号命名；请把文件改名为 \`${p.id}.json\`，或把编号改为 \`${p.name}\``,
  },
  duplicateRuleId: {
    en: (p: { id: string; otherFile: string; otherPointer: string }) => `duplicate rule id \`${p.id}\` (also in ${p.otherFile}${p.otherPointer ? ` at ${p.otherPointer}` : ''})`,
    zh: (p: { id: string; otherFile: string; otherPointer: string }) => `比对模型编号 \`${p.id}\` 重复（${p.otherFile}${p.otherPointer ? ` 的 ${p.otherPointer}` : ''} 也用了这个编号）`,
  },

  // — the rule schema —
  emptyAllAny: {
    en: (p: { kind: string }) => `an empty \`${p.kind}\`: json-rules-engine counts an empty \`${p.kind}\` as true${jreEmpty(p.kind)}, so it would hold for every record; give it at least one condition, or remove it`,
    zh: (p: { kind: string }) => `\`${p.kind}\` 是空的：json-rules-engine 把空的 \`${p.kind}\` 算作成立${p.kind === 'any' ? '（而不是字面上“一个都没有”的不成立）' : ''}，这样每条记录都会命中；请至少写一个条件，或者删掉它`,
  },
  unknownProperty: {
    en: (p: { name: string }) => `unknown property \`${p.name}\``,
    zh: (p: { name: string }) => `没有 \`${p.name}\` 这个属性`,
  },
  missingProperty: {
    en: (p: { names: readonly string[] }) => `missing property ${codeList(p.names)}`,
    zh: (p: { names: readonly string[] }) => `缺少属性 ${codeListZh(p.names)}`,
  },
  textNeedsLanguage: {
    en: () => 'give the text in `zh`, in `en`, or both (a text in one language alone is shown in both)',
    zh: () => '请用 `zh`（中文）或 `en`（英文）写出这段文字，也可以两种都写（只写一种时，两种语言都显示它）',
  },
  notOneOf: {
    en: (p: { values: readonly unknown[] }) => `must be one of ${p.values.map((v) => json(v)).join(', ')}`,
    zh: (p: { values: readonly unknown[] }) => `只能是以下之一：${p.values.map((v) => jsonZh(v)).join('、')}`,
  },
  wrongType: {
    en: (p: { expected: string }) => `must be ${({ string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'an object `{…}`', array: 'a list `[…]`', null: 'null' } as Record<string, string>)[p.expected] ?? p.expected}`,
    zh: (p: { expected: string }) => `应当是${({ string: '文本', number: '数值', integer: '整数', boolean: ' true 或 false', object: ' JSON 对象 `{…}`', array: '列表 `[…]`', null: ' null' } as Record<string, string>)[p.expected] ?? p.expected}`,
  },
  tooShort: {
    en: (p: { limit: number }) => (p.limit <= 1 ? 'must not be empty' : `must be at least ${p.limit} characters`),
    zh: (p: { limit: number }) => (p.limit <= 1 ? '不能为空' : `至少要 ${p.limit} 个字符`),
  },
  tooFewItems: {
    en: (p: { limit: number }) => `must have at least ${p.limit} ${p.limit === 1 ? 'item' : 'items'}`,
    zh: (p: { limit: number }) => `至少要有 ${p.limit} 项`,
  },
  tooFewProperties: {
    en: (p: { limit: number }) => `must have at least ${p.limit} ${p.limit === 1 ? 'entry' : 'entries'}`,
    zh: (p: { limit: number }) => `至少要有 ${p.limit} 项`,
  },
  patternMismatch: {
    en: (p: { pattern: string; what: string }) =>
      p.what === 'id' ? 'must be kebab-case: lower-case letters and digits joined by `-` (`deceased-payee`)'
      : p.what === 'version' ? 'must be a version MAJOR.MINOR.PATCH (`1.0.0`)'
      : p.what === 'name' ? 'must be a name of letters, digits and `_`, not starting with a digit'
      : `must match the pattern \`${p.pattern}\``,
    zh: (p: { pattern: string; what: string }) =>
      p.what === 'id' ? '只能用小写字母和数字，以 `-` 连接（如 `deceased-payee`）'
      : p.what === 'version' ? '应当是“主版本.次版本.修订号”形式的版本号（如 `1.0.0`）'
      : p.what === 'name' ? '名称只能由字母、数字和 `_` 组成，且不能以数字开头'
      : `应当符合格式 \`${p.pattern}\``,
  },
  outOfRange: {
    en: (p: { bound: 'minimum' | 'maximum'; limit: number }) => `must be ${p.bound === 'minimum' ? 'at least' : 'at most'} ${p.limit}`,
    zh: (p: { bound: 'minimum' | 'maximum'; limit: number }) => `应当${p.bound === 'minimum' ? '不小于' : '不大于'} ${p.limit}`,
  },
  schemaMismatch: {
    en: (p: { detail: string }) => `does not fit the rule schema: ${p.detail}`,
    zh: (p: { detail: string }) => `不符合比对模型的格式定义：${p.detail}`,
  },
} as const;
