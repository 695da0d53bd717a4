import type { Explanation } from '../library/cli-library.js';
import { explanationView, verdictMark } from './explanation-view.js';
import type { Lang } from './report-vocabulary.js';
import type { PlaceNames } from './run-report.js';
import { textTable } from './text-table.js';

/**
 * Renders an engine explanation for the terminal, in English (default) or Chinese: the verdict;
 * the subject's records as a table with the data model's field names; one sentence per
 * condition with the value it compared and its verdict (✓ true, ✗ false); then the lookups,
 * aggregates, facts and parameters that fed them. Money is in yuan (元), never fen; with
 * `names` (from `regions` and `departments`), codes show their names.
 *
 * @example
 * ```ts
 * process.stdout.write(renderExplanation(await engine.explain(tables, 'deceased-payee', 'P001'), { lang: 'zh' }));
 * ```
 */
export function renderExplanation(e: Explanation, options: { readonly lang?: Lang; readonly names?: PlaceNames } = {}): string {
  const lang = options.lang ?? 'en';
  const v = explanationView(e, options.names === undefined ? {} : { names: options.names });
  const out: string[] = [v.verdict[lang]];
  for (const t of v.trees) {
    out.push('', `${t.title[lang]}${lang === 'zh' ? '：' : ':'}`);
    for (const l of t.lines) out.push(`${'  '.repeat(l.depth + 1)}${verdictMark(l.result)} ${l.text[lang]}`);
  }
  for (const t of v.tables) {
    out.push('', `${t.caption[lang]}${lang === 'zh' ? '：' : ':'}`);
    out.push(textTable(t.headers.map((h) => h[lang]), t.rows.map((r) => r.map((c) => c[lang])), { maxWidth: 32 }));
    if (t.more > 0) out.push(lang === 'zh' ? `  另有 ${t.more} 条未列出` : `  … and ${t.more} more`);
  }
  for (const s of v.values) {
    out.push('', `${s.title[lang]}${lang === 'zh' ? '：' : ':'}`);
    for (const r of s.rows) out.push(`  ${r.name[lang]}: ${r.value[lang]}`);
  }
  return `${out.join('\n')}\n`;
}
