/**
 * What `runRuleTests` says about fixture files and failed cases, in English and Chinese (see
 * `problem-messages.ts`).
 */
import { json } from './problem-words.js';

export const TEST_PROBLEM_MESSAGES = {
  fixtureInvalidJson: {
    en: (p: { reason: string }) => `not valid JSON: ${p.reason}`,
    zh: (p: { reason: string }) => `不是有效的 JSON：${p.reason}`,
  },
  fixtureShape: {
    en: () => 'a fixture file needs `rule` (a rule id) and `cases` (a list)',
    zh: () => '测试样例文件需要 `rule`（比对模型编号）和 `cases`（样例列表）',
  },
  fixtureUnknownRule: {
    en: (p: { rule: string }) => `no rule \`${p.rule}\` in the packs`,
    zh: (p: { rule: string }) => `比对模型包中没有 \`${p.rule}\` 这个比对模型`,
  },
  caseRuleStopped: {
    en: (p: { reason: string; code?: string; detailZh?: string; record?: number; dataset?: string; seconds?: number }) => `the rule stopped with an error: ${p.reason}`,
    zh: (p: { reason: string; code?: string; detailZh?: string; record?: number; dataset?: string; seconds?: number }) => {
      const at = p.record === undefined ? '' : `（在 \`${p.dataset ?? ''}\` 第 ${p.record} 条记录处）`;
      return p.code === 'TIMEOUT' ? `比对模型运行超过了 ${p.seconds ?? '?'} 秒的时间预算${at}，已中止` : `比对模型运行出错中止${at}：${p.detailZh ?? p.reason}`;
    },
  },
  caseKeysDiffer: {
    en: (p: { expected: readonly string[]; actual: readonly string[] }) => `expected ${json(p.expected)}, got ${json(p.actual)}`,
    zh: (p: { expected: readonly string[]; actual: readonly string[] }) => `应当得到预警 ${json(p.expected)}，实际得到 ${json(p.actual)}`,
  },
  caseMessageLacks: {
    en: (p: { key: string; text: string; actual: string | null }) => `message of \`${p.key}\` lacks \`${p.text}\`: ${p.actual ?? '(no finding)'}`,
    zh: (p: { key: string; text: string; actual: string | null }) => `预警 \`${p.key}\` 的说明中没有 \`${p.text}\`：${p.actual ?? '（没有这条预警）'}`,
  },
  caseAmountNotMoney: {
    en: (p: { key: string; value: string }) => `amounts/${p.key}: \`${p.value}\` is not money in yuan`,
    zh: (p: { key: string; value: string }) => `amounts/${p.key}：\`${p.value}\` 不是以元为单位的金额`,
  },
  caseAmountDiffers: {
    en: (p: { key: string; actual: string | null; found: boolean; expected: string | null }) => `amount of \`${p.key}\` is ${p.found ? (p.actual ?? 'null') : '(no finding)'}, expected ${p.expected ?? 'null'}`,
    zh: (p: { key: string; actual: string | null; found: boolean; expected: string | null }) => `预警 \`${p.key}\` 的金额是 ${p.found ? (p.actual ?? 'null') : '（没有这条预警）'}，应当是 ${p.expected ?? 'null'}`,
  },
  caseError: {
    en: (p: { reason: string }) => p.reason,
    zh: (p: { reason: string }) => `样例无法运行：${p.reason}`,
  },
} as const;
