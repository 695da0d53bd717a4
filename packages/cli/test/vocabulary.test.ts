/**
 * One vocabulary across the command line, the reports, the server's pages and the docs
 * (docs/glossary.zh-CN.md). This test scans the Chinese strings users read — the CLI (help,
 * messages, terminal summary, explain, the HTML/XLSX reports), core's validation problems and
 * data-quality line, and the server's web pages — for retired words.
 *
 * Glossary (the words to use, and the retired ones they replace):
 *
 * | say | for | retired |
 * | --- | --- | --- |
 * | 比对模型 | a rule (`rule`, a JSON model); 比对模型包 a pack; 模型编号 its id | 规则 (kept only in 取值规则 / 工作表规则: the mapping's value and sheet rules, which are not models) |
 * | 预警 | a hit, not yet verified (`finding`, `alert`); 预警数, 预警清单 | 发现问题, 问题 (as a hit: 问题数, 问题清单, 一条问题), 发现 (as a noun) |
 * | 核实 | checking a 预警 against the records on the spot | — |
 * | 疑点 / 问题线索 | a 预警 confirmed by 核实 | (问题 alone) |
 * | 处置 | investigating, correcting, recovering, closing | — |
 * | 数据表 | a dataset | 数据集 |
 * | 错误 (处错误) | a mistake `validate` finds in a pack | 问题 |
 *
 * 问题 is allowed in 问题线索 (a confirmed 预警) and 数据问题 (the data-quality report's
 * word); 发现 is allowed as a verb only where a test below lists it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(e)) out.push(p);
  }
  return out;
}

/** The text of a source file without its comments (block comments, and lines that are a comment). */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((l) => (/^\s*\/\//.test(l) ? '' : l))
    .join('\n');
}

const RETIRED: readonly { readonly word: RegExp; readonly say: string }[] = [
  { word: /发现问题/, say: '预警 (an unverified hit is not a 问题)' },
  { word: /(?<!数据)问题(?!线索)/, say: '预警 for a hit, 疑点/问题线索 once verified, 错误 for a mistake in a pack' },
  { word: /(?<!取值|工作表)规则/, say: '比对模型' },
  { word: /数据集/, say: '数据表' },
  { word: /发现(?!问题)/, say: '预警 (发现 is not a noun for a hit)' },
];

const SCANNED = [
  ...files(join(ROOT, 'packages/cli/src'), /\.ts$/),
  ...files(join(ROOT, 'packages/core/src/dsl'), /^problem-messages.*\.ts$/),
  join(ROOT, 'packages/core/src/source/data-quality.ts'),
  ...files(join(ROOT, 'packages/server/web'), /\.(js|html)$/),
];

describe('the Chinese UI vocabulary', () => {
  it('scans the files users read (and they hold Chinese)', () => {
    const rel = SCANNED.map((f) => relative(ROOT, f));
    for (const f of ['packages/cli/src/i18n/messages.ts', 'packages/cli/src/reports/render-html-report.ts', 'packages/core/src/dsl/problem-messages-plan.ts', 'packages/server/web/app.js', 'packages/server/web/index.html']) expect(rel).toContain(f);
    expect(SCANNED.filter((f) => /[\u4e00-\u9fff]/.test(readFileSync(f, 'utf8'))).length).toBeGreaterThan(20);
  });

  it('uses no retired word', () => {
    const hits: string[] = [];
    for (const file of SCANNED) {
      const lines = withoutComments(readFileSync(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        for (const r of RETIRED) {
          const m = r.word.exec(line);
          if (m) hits.push(`${relative(ROOT, file)}:${i + 1}: 「${line.slice(Math.max(0, m.index - 12), m.index + 16).trim()}」 — say ${r.say}`);
        }
      });
    }
    expect(hits).toEqual([]);
  });

  it('would catch a retired word (the patterns are not vacuous)', () => {
    const catches = (s: string): boolean => RETIRED.some((r) => r.word.test(s));
    expect(catches("card('total', n, '发现问题', 'findings')")).toBe(true);
    expect(catches('命中：x 是一条问题')).toBe(true);
    expect(catches("'运行规则'")).toBe(true);
    expect(catches('每个数据集一个文件')).toBe(true);
    expect(catches("findings: '发现'")).toBe(true);
    expect(catches('确认为问题线索')).toBe(false);
    expect(catches('同样的映射文件、取值规则、合计行与工作表规则')).toBe(false);
    expect(catches('数据问题')).toBe(false);
    expect(withoutComments('// 规则\nconst a = 1; /* 发现问题 */')).not.toMatch(/规则|发现/);
  });
});
