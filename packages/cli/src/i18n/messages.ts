/**
 * The command line's own messages in English and Chinese, from one catalogue: each entry is a
 * function per language (whole sentences, never pieced together from translated fragments).
 * A key without both languages is a compile error; `messages.test.ts` checks it at run time too.
 *
 * Chinese wording follows the county's words: 比对模型 (a rule model), 预警 (a finding),
 * 比对基准日 (as-of date), 测试样例 (fixtures), 关联查询 (lookup), 推送主管部门 (department),
 * 出错位置 (JSON pointer).
 */
import type { Lang } from './lang.js';
import { sourceDescriptionIn } from './source-description.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => string;
interface Entry<F extends Fn> {
  readonly en: F;
  readonly zh: F;
}

/** `1,234,567`, as `formatCount` of the feedback writes it (kept here to avoid an import cycle). */
const n = (k: number): string => k.toLocaleString('en-US');
const plural = (k: number, one: string, many: string): string => (k === 1 ? one : many);
const didYouMeanEn = (hint: string | undefined): string => (hint === undefined ? '' : `; did you mean \`${hint}\`?`);
const didYouMeanZh = (hint: string | undefined): string => (hint === undefined ? '' : `；是不是要用 \`${hint}\`？`);

/** A rule that stopped with an error (core's `FailedRule`). */
interface FailedRuleArgs {
  readonly rule: string;
  readonly code: string;
  readonly message: string;
  readonly params?: { readonly record?: number | undefined; readonly dataset?: string | undefined; readonly seconds?: number | undefined; readonly detail?: string | undefined; readonly detailZh?: string | undefined } | undefined;
}

/** A load's notice (core's `LoadWarning`): its code, place and English text. */
interface LoadNoticeArgs {
  readonly code: string;
  readonly dataset: string;
  readonly file: string;
  readonly column?: string | undefined;
  readonly message: string;
}

function entries<T extends Record<string, Entry<Fn>>>(t: T): T {
  return t;
}

export const MESSAGES = entries({
  // — help —
  usageHeading: { en: () => 'Usage:', zh: () => '用法：' },
  optionsHeading: { en: () => 'Options:', zh: () => '选项：' },
  repeatable: { en: () => ' (repeatable)', zh: () => '（可重复给出）' },
  globalTitle: {
    en: (version: string) => `sunshine ${version} — a rule engine for supervising rural public money (阳光)`,
    zh: (version: string) => `sunshine ${version} — 阳光：农村公共资金监督比对工具`,
  },
  globalUsage: { en: () => 'Usage: sunshine <command> [options]', zh: () => '用法：sunshine <命令> [选项]' },
  commandsHeading: { en: () => 'Commands:', zh: () => '命令：' },
  globalOptions: {
    en: () => 'Options: --help (also after a command), --version, --lang zh|en, --debug, --quiet, --log-format json',
    zh: () => '选项：--help（也可放在命令之后）、--version、--lang zh|en、--debug、--quiet、--log-format json',
  },
  globalExitCodes: {
    en: () => 'Exit codes: 0 done; 1 validate/test found problems or run --fail-on tripped; 2 bad usage or bad input.',
    zh: () => '退出码：0 完成；1 `validate`/`test` 查出错误，或 `run` 的 --fail-on 被触发；2 用法错误或输入有误。',
  },
  globalLanguage: {
    en: () => 'Language: --lang zh|en, else the locale (LC_ALL, LC_MESSAGES, LANG starting with zh: Chinese).',
    zh: () => '语言：--lang zh|en；不给时看系统区域设置（LC_ALL、LC_MESSAGES、LANG 以 `zh` 开头即用中文）。',
  },

  // — feedback prefixes —
  errorLabel: { en: () => 'error', zh: () => '错误' },
  warningLabel: { en: () => 'warning', zh: () => '警告' },
  labelSeparator: { en: () => ': ', zh: () => '：' },

  // — usage errors —
  unknownCommand: {
    en: (name: string, hint?: string) => `unknown command \`${name}\`${didYouMeanEn(hint)} (see \`sunshine --help\`)`,
    zh: (name: string, hint?: string) => `没有 \`${name}\` 这个命令${didYouMeanZh(hint)}（见 \`sunshine --help\`）`,
  },
  unknownGlobalOption: {
    en: (name: string, hint?: string) => `unknown option \`${name}\`${didYouMeanEn(hint)} (see \`sunshine --help\`)`,
    zh: (name: string, hint?: string) => `没有 \`${name}\` 这个选项${didYouMeanZh(hint)}（见 \`sunshine --help\`）`,
  },
  unknownOption: {
    en: (flag: string, command: string, hint?: string) => `unknown option \`${flag}\` for \`sunshine ${command}\`${didYouMeanEn(hint)} (see \`sunshine ${command} --help\`)`,
    zh: (flag: string, command: string, hint?: string) => `\`sunshine ${command}\` 没有 \`${flag}\` 这个选项${didYouMeanZh(hint)}（见 \`sunshine ${command} --help\`）`,
  },
  optionNeedsValue: {
    en: (flag: string, command: string) => `option \`${flag}\` needs a value (see \`sunshine ${command} --help\`)`,
    zh: (flag: string, command: string) => `选项 \`${flag}\` 后面要跟一个值（见 \`sunshine ${command} --help\`）`,
  },
  optionTakesNoValue: {
    en: (flag: string, command: string) => `option \`${flag}\` takes no value (see \`sunshine ${command} --help\`)`,
    zh: (flag: string, command: string) => `选项 \`${flag}\` 不带值（见 \`sunshine ${command} --help\`）`,
  },
  explainNeedsRuleAndKey: {
    en: () => '`sunshine explain` needs `--rule ID` and `--key KEY`; see `sunshine explain --help`',
    zh: () => '`sunshine explain` 需要给出 `--rule ID`（比对模型编号）和 `--key KEY`（预警编号）；见 `sunshine explain --help`',
  },
  genNeedsScaleAndOut: {
    en: () => '`sunshine gen` needs `--scale` and `--out`; see `sunshine gen --help`',
    zh: () => '`sunshine gen` 需要给出 `--scale` 和 `--out`；见 `sunshine gen --help`',
  },
  otherUsageError: {
    en: (message: string, command: string) => `${message} (see \`sunshine ${command} --help\`)`,
    zh: (message: string, command: string) => `${message}（见 \`sunshine ${command} --help\`）`,
  },
  noPositional: {
    en: (command: string, first: string) => `\`sunshine ${command}\` takes no argument \`${first}\`; see \`sunshine ${command} --help\``,
    zh: (command: string, first: string) => `\`sunshine ${command}\` 不接受参数 \`${first}\`；见 \`sunshine ${command} --help\``,
  },
  badLogFormat: {
    en: (value: string) => `\`--log-format\` must be \`text\` or \`json\`, got \`${value}\``,
    zh: (value: string) => `\`--log-format\` 只能是 \`text\` 或 \`json\`，收到的是 \`${value}\``,
  },
  internalError: {
    en: (message: string) => `internal error (a bug in sunshine; please report it with this output): ${message}`,
    zh: (message: string) => `内部错误（sunshine 的缺陷，请连同这段输出一起报告）：${message}`,
  },

  // — as-of —
  asOfNotice: {
    en: (asOf: string) => `as of ${asOf}, the latest date in the data; give --as-of to choose`,
    zh: (asOf: string) => `比对基准日 ${asOf}（数据中最晚的日期）；可用 --as-of 指定`,
  },

  noDateToRunAsOf: {
    en: (description: string, fields: string) => `${description} holds no date to run as of (none of ${fields} has a value); give \`--as-of YYYY-MM-DD\``,
    zh: (description: string, fields: string) => `${sourceDescriptionIn(description, 'zh')} 中没有可作比对基准日的日期（${fields} 都没有值）；请用 \`--as-of YYYY-MM-DD\` 指定`,
  },

  // — progress —
  progressLoading: { en: (dataset: string) => `loading ${dataset}`, zh: (dataset: string) => `读取 ${dataset}` },
  unitRows: { en: () => 'rows', zh: () => '行' },
  rowsCount: { en: (k: number) => `${n(k)} rows`, zh: (k: number) => `${n(k)} 行` },
  progressIndexes: { en: () => 'building indexes', zh: () => '建立索引' },
  unitIndexes: { en: () => 'indexes', zh: () => '个索引' },
  progressRules: { en: () => 'running rules', zh: () => '运行比对模型' },
  unitRules: { en: () => 'rules', zh: () => '个比对模型' },
  rulesAndFindings: {
    en: (rules: number, findings: number) => `${n(rules)} rules, ${n(findings)} findings`,
    zh: (rules: number, findings: number) => `${n(rules)} 个比对模型，${n(findings)} 条预警`,
  },
  progressGenerating: { en: (scale: string) => `generating a ${scale} county`, zh: (scale: string) => `生成 ${scale} 规模的模拟县` },
  unitRecords: { en: () => 'records', zh: () => '条记录' },
  recordsCount: { en: (k: number) => `${n(k)} records`, zh: (k: number) => `${n(k)} 条记录` },
  progressExplaining: { en: () => 'explaining findings', zh: () => '生成预警说明' },
  unitFindings: { en: () => 'findings', zh: () => '条预警' },

  // — run: notes and exit summary —
  rulesSkipped: {
    en: (k: number, list: string) => `${k} ${plural(k, 'rule', 'rules')} skipped for lack of data: ${list}`,
    zh: (k: number, list: string) => `${k} 个比对模型因缺少数据未运行：${list}`,
  },
  datasetsMissing: {
    en: (k: number, description: string, list: string) => `${k} ${plural(k, 'dataset is', 'datasets are')} missing from ${description} and treated as empty: ${list}`,
    zh: (k: number, description: string, list: string) => `${sourceDescriptionIn(description, 'zh')} 中缺少 ${k} 个数据表，按空数据处理：${list}`,
  },
  wroteReport: {
    en: (format: string, findings: number, out: string) => `wrote ${format} report with ${n(findings)} findings to ${out}`,
    zh: (format: string, findings: number, out: string) => `已把 ${format} 报告（${n(findings)} 条预警）写到 ${out}`,
  },
  rulesStopped: {
    en: (k: number) => `${k} ${plural(k, 'rule', 'rules')} stopped with an error and reported nothing; exiting with 2`,
    zh: (k: number) => `${k} 个比对模型运行出错中止，没有给出结果；退出码 2`,
  },
  strictRejected: {
    en: (k: number) => `--strict: ${k} rejected ${plural(k, 'row', 'rows')}; exiting with 2`,
    zh: (k: number) => `--strict：有 ${k} 行数据被拒收；退出码 2`,
  },
  strictEmpty: {
    en: (names: string, k: number) =>
      `--strict: ${names} ${plural(k, 'has', 'have')} no rows but the rules read ${plural(k, 'it', 'them')}; exiting with 2 (remove an empty file to have the rules that need it reported as skipped)`,
    zh: (names: string) => `--strict：${names} 没有数据行，但比对模型要读取；退出码 2（删掉空文件，需要它的比对模型就会记为未运行）`,
  },
  failOnTripped: {
    en: (threshold: string, k: number) => `--fail-on ${threshold}: ${n(k)} ${plural(k, 'finding', 'findings')} at or above ${threshold}; exiting with 1`,
    zh: (threshold: string, k: number) => `--fail-on ${threshold}：有 ${n(k)} 条预警达到或高于 ${threshold}；退出码 1`,
  },

  // — test and validate: summary lines —
  testSummary: {
    en: (passed: number, failed: number) => `${passed} passed, ${failed} failed`,
    zh: (passed: number, failed: number) => `${passed} 个通过，${failed} 个失败`,
  },
  testUntested: {
    en: (k: number, list: string) => `✗ ${k} ${plural(k, 'rule has', 'rules have')} no test cases, and an untested rule fails \`test\`: ${list} (write its cases in \`<id>.fixtures.json\` beside the rule)`,
    zh: (k: number, list: string) => `✗ ${k} 个比对模型没有测试样例，未经测试的比对模型不能通过 \`test\`：${list}（请在比对模型旁边的 \`<编号>.fixtures.json\` 中写出测试样例）`,
  },
  caseFailed: { en: () => 'failed', zh: () => '未通过' },
  caseExpectedLabel: { en: () => 'expected: ', zh: () => '应当：' },
  caseActualLabel: { en: () => 'actual:   ', zh: () => '实际：' },
  invalidPackOrFixtures: {
    en: (k: number, shown: string) => `invalid rule pack or fixtures (${k} ${plural(k, 'problem', 'problems')}):\n${shown}`,
    zh: (k: number, shown: string) => `比对模型包或测试样例有误（${k} 处错误）：\n${shown}`,
  },
  wroteJunit: { en: (file: string) => `wrote JUnit XML to ${file}`, zh: (file: string) => `已把 JUnit XML 写到 ${file}` },
  packsValid: {
    en: (k: number, list: string) => `✓ ${k} ${plural(k, 'pack', 'packs')} valid: ${list}`,
    zh: (k: number, list: string) => `✓ ${k} 个比对模型包校验通过：${list}`,
  },
  packProblems: {
    en: (k: number, list: string) => `${k} ${plural(k, 'problem', 'problems')} in ${list}`,
    zh: (k: number, list: string) => `${list} 中有 ${k} 处错误`,
  },
  invalidPack: {
    en: (k: number, shown: string) => `invalid rule pack (${k} ${plural(k, 'problem', 'problems')}):\n${shown}`,
    zh: (k: number, shown: string) => `比对模型包有误（${k} 处错误）：\n${shown}`,
  },
  invalidPackMore: {
    en: (more: number) => `\n  … and ${more} more (run \`sunshine validate\` to see all)`,
    zh: (more: number) => `\n  … 另有 ${more} 个（运行 \`sunshine validate\` 查看全部）`,
  },
  loadCacheNote: {
    en: (hits: number, dir: string, written: number) => `load cache: ${hits} ${plural(hits, 'dataset', 'datasets')} read from ${dir}, ${written} loaded from the files and written (\`--no-cache\` skips the cache)`,
    zh: (hits: number, dir: string, written: number) => `读取缓存：${hits} 个数据表取自 ${dir}，${written} 个从文件读取并写入缓存（\`--no-cache\` 不用缓存）`,
  },
  loadSubset: {
    en: (n: number, names: string) => `reading only the ${n} ${plural(n, 'dataset', 'datasets')} the rules of this run read (and those the as-of date comes from): ${names}; other files of the folder are not read`,
    zh: (n: number, names: string) => `只读取本次运行的比对模型用到的 ${n} 个数据表（以及确定比对基准日所需的数据表）：${names}；文件夹中的其他文件不读取`,
  },
  loadCacheUnwritable: {
    en: (dir: string, reason: string) => `load cache: could not write to ${dir} (${reason}); the run goes on without it`,
    zh: (dir: string, reason: string) => `读取缓存：无法写入 ${dir}（${reason}）；本次运行不用缓存，照常进行`,
  },

  unknownRule: {
    en: (id: string, hint?: string) => `unknown rule \`${id}\`${didYouMeanEn(hint)} (\`sunshine catalog\` lists the rules)`,
    zh: (id: string, hint?: string) => `没有 \`${id}\` 这个比对模型${didYouMeanZh(hint)}（\`sunshine catalog\` 列出全部比对模型）`,
  },
  unknownRuleInOnly: {
    en: (id: string, hint?: string) => `unknown rule \`${id}\` in \`--only\`${didYouMeanEn(hint)} (\`sunshine catalog\` lists the rules)`,
    zh: (id: string, hint?: string) => `\`--only\` 中的 \`${id}\` 不是比对模型${didYouMeanZh(hint)}（\`sunshine catalog\` 列出全部比对模型）`,
  },
  noSubjectWithKey: {
    en: (rule: string, key: string) => `rule \`${rule}\` has no subject with key \`${key}\` in this data`,
    zh: (rule: string, key: string) => `在这批数据中，比对模型 \`${rule}\` 没有预警编号为 \`${key}\` 的比对对象`,
  },
  explainFormat: {
    en: (value: string) => `\`--format\` must be text or json, got \`${value}\``,
    zh: (value: string) => `\`--format\` 只能是 \`text\` 或 \`json\`，收到的是 \`${value}\``,
  },
  packMissing: {
    en: (pack: string) => `rule pack \`${pack}\` does not exist`,
    zh: (pack: string) => `比对模型包 \`${pack}\` 不存在`,
  },
  rowsRejected: {
    en: (k: number, parts: string, where: 'output' | 'above' | 'json') =>
      `${n(k)} ${plural(k, 'row', 'rows')} rejected (${parts})${where === 'output' ? '; see "rejected" in the output' : where === 'above' ? '; listed above' : '; `--format json` lists them under "rejected"'}`,
    zh: (k: number, parts: string, where: 'output' | 'above' | 'json') =>
      `拒收 ${n(k)} 行（${parts}）${where === 'output' ? '；见输出中的 "rejected"' : where === 'above' ? '；见上方列表' : '；`--format json` 在 "rejected" 下列出'}`,
  },
  explainedSome: {
    en: (done: number, total: number, stoppedAfter?: number) =>
      `explained ${n(done)} of ${n(total)} findings, spread over the rules${stoppedAfter === undefined ? ' (raise with --explain-limit)' : ` (stopped after ${stoppedAfter} s; \`--explain-limit N\` explains exactly N)`}`,
    zh: (done: number, total: number, stoppedAfter?: number) =>
      `${n(total)} 条预警中已为 ${n(done)} 条生成比对过程说明，分布在各比对模型${stoppedAfter === undefined ? '（可用 --explain-limit 调高）' : `（${stoppedAfter} 秒后停止；\`--explain-limit N\` 恰好说明 N 条）`}`,
  },

  badDate: {
    en: (where: string, value: string) => `${where} must be a date written YYYY-MM-DD, got \`${value}\``,
    zh: (where: string, value: string) => `${where} 应当是 YYYY-MM-DD 格式的日期，收到的是 \`${value}\``,
  },
  badChoice: {
    en: (flag: string, choices: string, value: string) => `\`${flag}\` must be one of ${choices}, got \`${value}\``,
    zh: (flag: string, choices: string, value: string) => `\`${flag}\` 只能是 ${choices} 之一，收到的是 \`${value}\``,
  },
  needsData: {
    en: (command: string, configFile?: string) => `\`sunshine ${command}\` needs \`--data DIR\` (or \`data\` in ${configFile === undefined ? 'a sunshine.config.json' : `\`${configFile}\``}); see \`sunshine ${command} --help\``,
    zh: (command: string, configFile?: string) => `\`sunshine ${command}\` 需要 \`--data DIR\`（或 ${configFile === undefined ? 'sunshine.config.json' : `\`${configFile}\``} 中的 \`data\`）；见 \`sunshine ${command} --help\``,
  },
  paramsUnreadable: {
    en: (file: string, reason: string) => `cannot read parameters file \`${file}\`: ${reason}`,
    zh: (file: string, reason: string) => `参数文件 \`${file}\` 读不了：${reason}`,
  },
  paramsNotObject: {
    en: (file: string) => `parameters file \`${file}\` must hold an object of rule ids, e.g. { "shared-account": { "minPersons": 4 } }`,
    zh: (file: string) => `参数文件 \`${file}\` 应当是以模型编号为键的对象，例如 { "shared-account": { "minPersons": 4 } }`,
  },
  paramsRuleNotObject: {
    en: (file: string, rule: string) => `parameters file \`${file}\`: /${rule} must be an object of parameter values`,
    zh: (file: string, rule: string) => `参数文件 \`${file}\`：/${rule} 应当是参数值的对象`,
  },

  datasetRowless: {
    en: (dataset: string, files: readonly string[]) =>
      `\`${dataset}\` has no rows: ${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} empty or ${files.length === 1 ? 'holds' : 'hold'} only a header; rules over it find nothing in it`,
    zh: (dataset: string, files: readonly string[]) => `\`${dataset}\` 没有数据行：${files.join('、')} 是空文件或只有表头；读取它的比对模型在其中什么也查不到`,
  },

  loadNotice: {
    en: (w: LoadNoticeArgs) =>
      w.code === 'UNKNOWN_DATASET' ? `${w.file}: \`${w.dataset}\` is not a dataset of the model; ignored`
      : w.code === 'EMPTY_FILE' ? `${w.file}: the file is empty; \`${w.dataset}\` loads no rows from it`
      : w.code === 'UNKNOWN_COLUMN' && w.column?.startsWith('#') ? `${w.file}: column ${w.column.slice(1)} has no header; ignored`
      : w.code === 'UNKNOWN_COLUMN' ? `${w.file}: column \`${w.column ?? ''}\` is not a field of \`${w.dataset}\`; ignored`
      : w.message,
    zh: (w: LoadNoticeArgs) =>
      w.code === 'UNKNOWN_DATASET' ? `${w.file}：\`${w.dataset}\` 不是数据模型中的数据表，已忽略`
      : w.code === 'EMPTY_FILE' ? `${w.file}：文件是空的，\`${w.dataset}\` 从中读不到数据行`
      : w.code === 'UNKNOWN_COLUMN' && w.column?.startsWith('#') ? `${w.file}：第 ${w.column.slice(1)} 列没有表头，已忽略`
      : w.code === 'UNKNOWN_COLUMN' ? `${w.file}：列 \`${w.column ?? ''}\` 不是 \`${w.dataset}\` 的字段，已忽略`
      : w.message,
  },

  ruleFailed: {
    en: (f: FailedRuleArgs) => f.message,
    zh: (f: FailedRuleArgs) => {
      const at = f.params?.record === undefined ? '' : `（在 \`${f.params.dataset ?? ''}\` 第 ${f.params.record} 条记录处）`;
      if (f.code === 'TIMEOUT') return `${f.rule}：运行超过了 ${f.params?.seconds ?? '?'} 秒的时间预算${at}，已中止；请缩小关联查询（\`on\`）或用 --rule-timeout 放宽时间预算`;
      if (f.code === 'EVALUATION' && f.params?.detail !== undefined) return `${f.rule}：表达式运算出错${at}，已中止：${f.params.detailZh ?? f.params.detail}`;
      return f.message;
    },
  },

  // — run: the terminal summary —
  summaryHeader: {
    en: (version: string, asOf: string, description: string) => `Sunshine ${version} — as of ${asOf} — ${description}`,
    zh: (version: string, asOf: string, description: string) => `阳光 Sunshine ${version} — 比对基准日 ${asOf} — ${description}`,
  },
  summaryData: {
    en: (rows: number, datasets: number, rejected: number) => `Data: ${n(rows)} rows loaded from ${n(datasets)} datasets, ${n(rejected)} rejected`,
    zh: (rows: number, datasets: number, rejected: number) => `数据：从 ${n(datasets)} 个数据表读入 ${n(rows)} 行，拒收 ${n(rejected)} 行`,
  },
  summaryMissing: {
    en: (list: string) => `; missing (loaded as empty): ${list}`,
    zh: (list: string) => `；缺少（按空数据处理）：${list}`,
  },
  summaryRules: {
    en: (run: number, skipped: number) => `Rules: ${n(run)} run, ${n(skipped)} skipped`,
    zh: (run: number, skipped: number) => `比对模型：运行 ${n(run)} 个，未运行 ${n(skipped)} 个`,
  },
  summarySkipped: {
    // The English reason (core's) already names the missing datasets; `msg` takes its arguments from `en`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    en: (rule: string, reason: string, _missing: readonly string[]) => `  skipped ${rule}: ${reason}`,
    zh: (rule: string, _reason: string, missing: readonly string[]) => `  未运行 ${rule}：数据中缺少它要读取的 ${missing.map((m) => `\`${m}\``).join('、')}`,
  },
  summaryMoreSkipped: { en: (k: number) => `  … and ${n(k)} more skipped`, zh: (k: number) => `  … 另有 ${n(k)} 个未运行` },
  summaryFindings: { en: (k: number) => `Findings: ${n(k)}`, zh: (k: number) => `预警：${n(k)} 条` },
  colCategory: { en: () => 'category', zh: () => '类别' },
  colTotal: { en: () => 'total', zh: () => '合计' },
  colAmount: { en: () => 'amount (yuan)', zh: () => '涉及金额（元）' },
  colName: { en: () => 'name', zh: () => '名称' },
  colRule: { en: () => 'rule', zh: () => '比对模型' },
  colFindings: { en: () => 'findings', zh: () => '预警数' },
  colTown: { en: () => 'town', zh: () => '乡镇' },
  colDepartment: { en: () => 'department', zh: () => '部门' },
  severityName: {
    en: (s: string) => s,
    zh: (s: string) => ({ critical: '严重', high: '高', medium: '中', low: '低' } as Record<string, string>)[s] ?? s,
  },
  summaryMoney: {
    en: (total: string, withAmount: number, without: number) =>
      `  Money involved: ${total} yuan in ${n(withAmount)} ${plural(withAmount, 'finding', 'findings')}${without > 0 ? ` (${n(without)} without money: statistical signals and the like)` : ''}`,
    zh: (total: string, withAmount: number, without: number) => `  涉及金额：${n(withAmount)} 条预警共 ${total} 元${without > 0 ? `（另有 ${n(without)} 条不涉及金额，如统计异常）` : ''}`,
  },
  summaryMoneyBy: { en: (what: string) => `Money by ${what}:`, zh: (what: string) => `按${what}的涉及金额：` },
  summaryMore: { en: (k: number) => `  … and ${n(k)} more`, zh: (k: number) => `  … 另有 ${n(k)} 个` },
  summaryByRule: { en: () => 'Findings by rule:', zh: () => '各比对模型的预警：' },
  summaryMoreRules: { en: (k: number) => `  … and ${n(k)} more rules with findings`, zh: (k: number) => `  … 另有 ${n(k)} 个比对模型有预警` },
  summaryRejected: {
    en: (k: number, parts: string) => `Rejected rows: ${n(k)} ${plural(k, 'row', 'rows')} rejected (${parts})`,
    zh: (k: number, parts: string) => `拒收的行：共 ${n(k)} 行（${parts}）`,
  },
  colDataset: { en: () => 'dataset', zh: () => '数据表' },
  colFile: { en: () => 'file', zh: () => '文件' },
  colRow: { en: () => 'row', zh: () => '行' },
  colField: { en: () => 'field', zh: () => '字段' },
  colValue: { en: () => 'value', zh: () => '值' },
  colMessage: { en: () => 'message', zh: () => '原因' },
  summaryMoreRejected: {
    en: (k: number) => `  … and ${n(k)} more; \`--format json\` lists them all under "rejected"`,
    zh: (k: number) => `  … 另有 ${n(k)} 行；\`--format json\` 在 "rejected" 下全部列出`,
  },
  didYouMeanSuffix: { en: (hint: string) => ` (did you mean \`${hint}\`?)`, zh: (hint: string) => `（是不是要用 \`${hint}\`？）` },

  // — gen and demo —
  badSeed: {
    en: (value: string) => `\`--seed\` must be a whole number, got \`${value}\``,
    zh: (value: string) => `\`--seed\` 应当是一个整数，收到的是 \`${value}\``,
  },
  genWrote: {
    en: (scale: string, seed: number, format: string, out: string) => `Wrote a ${scale} county (seed ${seed}, ${format}) to ${out}`,
    zh: (scale: string, seed: number, format: string, out: string) => `已在 ${out} 生成 ${scale} 规模的模拟县（随机种子 ${seed}，${format} 格式）`,
  },
  colRows: { en: () => 'rows', zh: () => '行数' },
  genTruthFile: {
    en: (file: string, planted?: number) => `Truth file${planted === undefined ? '' : ` (${n(planted)} planted findings)`}: ${file}`,
    zh: (file: string, planted?: number) => `答案文件${planted === undefined ? '' : `（埋设了 ${n(planted)} 条预警）`}：${file}`,
  },
  genRunHint: {
    en: (command: string) => `Run the library over it: ${command}`,
    zh: (command: string) => `对它运行标准库：${command}`,
  },
  demoTruth: {
    en: (found: number, planted: number, unexpected: number) => `Truth file: ${n(found)} of ${n(planted)} planted findings reported; ${n(unexpected)} unexpected from the models it covers`,
    zh: (found: number, planted: number, unexpected: number) => `答案文件：埋设的 ${n(planted)} 条预警报出了 ${n(found)} 条；答案文件涉及的比对模型另报出 ${n(unexpected)} 条答案之外的预警`,
  },
  demoMissed: { en: (finding: string) => `  missed     ${finding}`, zh: (finding: string) => `  漏报      ${finding}` },
  demoUnexpected: { en: (finding: string) => `  unexpected ${finding}`, zh: (finding: string) => `  答案之外  ${finding}` },
  demoReport: {
    en: (file: string) => `The HTML report: ${file}\n(open it in a browser; it needs no network)`,
    zh: (file: string) => `HTML 报告：${file}\n（用浏览器打开即可，不需要联网）`,
  },

  // — init —
  initOneFolder: { en: () => '`sunshine init` takes at most one folder', zh: () => '`sunshine init` 最多只接受一个文件夹' },
  initCannotWrite: {
    en: (dir: string, reason: string) => `cannot write into \`${dir}\`: ${reason}`,
    zh: (dir: string, reason: string) => `无法写入 \`${dir}\`：${reason}`,
  },
  initDone: { en: (dir: string) => `Scaffolded a Sunshine county project in ${dir}`, zh: (dir: string) => `已在 ${dir} 新建阳光（Sunshine）县级项目` },
  initCreated: { en: (file: string) => `  created ${file}`, zh: (file: string) => `  已创建  ${file}` },
  initKept: { en: (file: string) => `  kept    ${file} (exists; --force overwrites)`, zh: (file: string) => `  已保留  ${file}（文件已存在；--force 会覆盖）` },
  initNext: {
    en: () =>
      'Next:\n  npm install\n  npx sunshine gen --scale village --out ./data   # or put the county\'s exports in ./data\n  npx sunshine run                                # writes reports/sunshine-report.html',
    zh: () =>
      '接下来：\n  npm install\n  npx sunshine gen --scale village --out ./data   # 或者把本县导出的数据放进 ./data\n  npx sunshine run                                # 写出 reports/sunshine-report.html',
  },
});

export type MessageKey = keyof typeof MESSAGES;

/** The message `key` in `lang`, with its arguments. */
export function msg<K extends MessageKey>(lang: Lang, key: K, ...args: Parameters<(typeof MESSAGES)[K]['en']>): string {
  return (MESSAGES[key][lang] as (...a: unknown[]) => string)(...args);
}
