/**
 * The data source in Chinese. The adapters describe a source in English (`folder ./county`,
 * `workbook county.xlsx`, `PostgreSQL database postgres://…`, `csv folder ./county (read in
 * place by DuckDB)`); this is the one catalogue of those kinds in Chinese. The path or URL is
 * shown as it is; a description of another form stays as it is.
 */
import type { Lang } from './lang.js';

/** Kind (English, as the adapters write it) → Chinese; the rest of the description is the place. */
const KINDS: readonly (readonly [RegExp, string])[] = [
  [/^((?:csv |json |parquet |xlsx )?folder) (.*?)( \(read in place by DuckDB\))?$/is, '数据文件夹'],
  [/^(workbook) (.*)()$/is, 'Excel 工作簿'],
  [/^(PostgreSQL(?: database)?)(?: (.*))?()$/is, 'PostgreSQL 数据库'],
  [/^(MySQL(?: database)?)(?: (.*))?()$/is, 'MySQL 数据库'],
  [/^(sqlite(?: database)?)(?: (.*))?()$/is, 'SQLite 数据库'],
  [/^(duckdb(?: database)?)(?: (.*))?()$/is, 'DuckDB 数据库'],
];

/** A description's kind in both languages and its place, when the catalogue knows the kind. */
export function sourceDescriptionParts(description: string): { readonly en: string; readonly zh: string; readonly place: string } | undefined {
  for (const [re, zh] of KINDS) {
    const m = re.exec(description);
    if (m !== null) return { en: m[1]!, zh: m[3] ? `${zh}（由 DuckDB 就地读取）` : zh, place: m[2] ?? '' };
  }
  return undefined;
}

/**
 * The description in `lang`: `folder ./county` → `数据文件夹 ./county` under `zh`.
 *
 * @example sourceDescriptionIn('workbook county.xlsx', 'zh') // 'Excel 工作簿 county.xlsx'
 */
export function sourceDescriptionIn(description: string, lang: Lang): string {
  if (lang === 'en') return description;
  const p = sourceDescriptionParts(description);
  return p === undefined ? description : p.place === '' ? p.zh : `${p.zh} ${p.place}`;
}
