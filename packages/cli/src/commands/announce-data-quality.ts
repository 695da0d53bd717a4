/**
 * The data-quality report (数据质量报告) of a load, for the terminal: one line on stderr after
 * every load (`run`), and the whole report as text (`check-data`).
 */
import { dataQualitySummary, type DataQualityReport } from '@sunshine/core';
import type { CommandContext } from '../command-spec.js';
import type { Lang } from '../i18n/lang.js';
import { formatCount } from '../feedback/feedback.js';

/** Says the report's one line on stderr: a warning when a reference is broken, else a note. */
export function announceDataQuality(ctx: Pick<CommandContext, 'feedback' | 'lang'>, report: DataQualityReport | undefined): void {
  if (report === undefined) return;
  const fields = { broken: report.broken, clean: report.clean };
  if (report.clean) ctx.feedback.info(dataQualitySummary(report, ctx.lang), fields);
  else ctx.feedback.warn(dataQualitySummary(report, ctx.lang), fields);
}

const examples = (list: readonly string[], more: boolean, lang: Lang = 'en'): string => `${list.join(lang === 'zh' ? '、' : ', ')}${more ? (lang === 'zh' ? '、…' : ', …') : ''}`;

/**
 * The report as text, section by section: references (broken ones first, each missing value
 * with its rows and examples), repeated keys, totals rows skipped, columns dropped; in English
 * or (`lang` `zh`) Chinese.
 *
 * @example
 * ```ts
 * io.stdout.write(renderDataQualityText(report));
 * ```
 */
export function renderDataQualityText(report: DataQualityReport, lang: Lang = 'en'): string {
  const zh = lang === 'zh';
  const rows = (n: number): string => (zh ? `${formatCount(n)} 行` : `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`);
  const out: string[] = [zh ? '引用关系' : 'References (引用关系)'];
  const order = { broken: 0, unmatched: 1 } as const;
  const refs = [...report.references].sort((a, b) => Number(b.dangling > 0) - Number(a.dangling > 0) || order[a.level] - order[b.level]);
  let resolved = 0;
  for (const r of refs) {
    if (r.dangling === 0) {
      resolved++;
      continue;
    }
    const tag = zh ? (r.level === 'broken' ? '断开  ' : '未对上') : r.level === 'broken' ? 'BROKEN   ' : 'unmatched';
    const absent = r.targetAbsent ? (zh ? `（数据中没有 \`${r.to}\`）` : ` (\`${r.to}\` is missing from the data)`) : '';
    out.push(zh ? `  ${tag} ${r.name}：${formatCount(r.checked)} 行中有 ${formatCount(r.dangling)} 行找不到所指记录${absent}` : `  ${tag} ${r.name}: ${formatCount(r.dangling)} of ${formatCount(r.checked)} rows point nowhere${absent}`);
    // Every missing value of a broken reference (up to the report's 20); five of an unmatched one.
    const shown = r.level === 'broken' ? r.missing : r.missing.slice(0, 5);
    for (const m of shown) out.push(`              ${m.value}${zh ? '：' : ': '}${rows(m.rows)}${zh ? '（' : ' ('}${examples(m.examples, m.rows > m.examples.length, lang)}${zh ? '）' : ')'}`);
    const more = r.missingValues - shown.length;
    if (more > 0) out.push(zh ? `              … 另有 ${formatCount(more)} 个值` : `              … and ${formatCount(more)} more ${more === 1 ? 'value' : 'values'}`);
  }
  if (zh) out.push(`  ${resolved === refs.length ? '全部' : `${formatCount(resolved)} 项`}引用关系都能对上`);
  else out.push(`  ${resolved === refs.length ? 'every' : formatCount(resolved)} reference${resolved === 1 && resolved !== refs.length ? '' : 's'} ${resolved === refs.length ? 'resolves' : 'resolve'}`);
  if (report.duplicateKeys.length > 0) {
    out.push('', zh ? '重复编号' : 'Repeated keys (重复编号)');
    for (const d of report.duplicateKeys) {
      const list = examples(d.examples.map((e) => `${e.value} ×${e.rows}`), d.values > d.examples.length, lang);
      out.push(zh ? `  ${d.dataset}.${d.fields.join('+')}：${formatCount(d.values)} 个编号重复（${list}）` : `  ${d.dataset}.${d.fields.join('+')}: ${formatCount(d.values)} ${d.values === 1 ? 'value' : 'values'} repeated (${list})`);
    }
  }
  if (report.totalsSkipped.length > 0) {
    out.push('', zh ? '合计行，已跳过' : 'Totals rows skipped (合计行，已跳过)');
    for (const t of report.totalsSkipped) {
      const list = examples(t.rowNumbers.map(String), t.rows > t.rowNumbers.length, lang);
      out.push(zh ? `  ${t.file}：${rows(t.rows)}（第 ${list} 行：${t.labels.join('、')}）` : `  ${t.file}: ${rows(t.rows)} (${list}: ${t.labels.join(', ')})`);
    }
  }
  if (report.droppedColumns.length > 0) {
    out.push('', zh ? '未使用的列' : 'Columns dropped (未使用的列)');
    for (const c of report.droppedColumns) out.push(`  ${c.file}${zh ? '：' : ': '}${c.column}`);
  }
  if (zh) out.push('', report.clean ? '没有断开的引用关系。' : `${formatCount(report.broken)} 项引用关系断开：导入前请补全参照数据（其他文件提到的资金项目、部门或村）。`);
  else out.push('', report.clean ? 'No broken reference.' : `${formatCount(report.broken)} broken: complete the reference data (a fund, department or village the other files name) before importing.`);
  return `${out.join('\n')}\n`;
}
