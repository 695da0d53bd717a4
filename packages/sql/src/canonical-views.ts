/**
 * Canonical views over a county's own PostgreSQL tables, from its mapping file: one view per
 * mapped dataset, renaming the county's (Chinese) columns to the canonical field names and
 * converting values in SQL the way the adapters convert them in-process — money in yuan to
 * integer fen (exact: numeric, never floating point), dates of the common forms to ISO text,
 * periods to `YYYY-MM`/`YYYY`, ID numbers checked and upgraded, text trimmed, the mapping's code
 * words (and the built-in ones) through a CASE. A value the view cannot convert becomes NULL
 * there, and a companion view `_sunshine_problems__<dataset>` lists it (table, row, field,
 * value, why); {@link checkCanonicalViews} reads them all. The in-process loader would reject
 * such a row instead, so run the check before trusting findings.
 *
 * `_row` (load order: evidence order and first-wins follow it) comes from, in this order: the
 * columns `orderBy` names for the dataset, the table's primary key, or — without either —
 * `row_number() OVER (ORDER BY ctid)`, the physical order, stable only while the table is not
 * updated, vacuumed full or clustered (as good as one transaction's snapshot; name a column).
 */
import { canonicalDatasets, type DatasetDef, type DatasetRegistry, type FieldDef } from '@sunshine/core';
import { defaultValues, headerResolver, parseMapping, type Mapping } from '@sunshine/adapters';
import { POSTGRES } from './dialect.js';
import { ROW_COLUMN, type SqlConnection } from './sql-connection.js';
import { SqlError } from './sql-error.js';

export interface CanonicalViewsOptions {
  /** Schema holding the county's tables. The views go to the connection's current schema, which must differ. */
  readonly sourceSchema: string;
  /** The model. @default canonicalDatasets */
  readonly registry?: DatasetRegistry;
  /** Dataset → source columns giving the load order (`_row`), e.g. `{ payments: ['序号'] }`. */
  readonly orderBy?: Readonly<Record<string, readonly string[]>>;
  /** Create materialized views (frozen `_row`, indexable; `REFRESH MATERIALIZED VIEW` after the county's tables change). */
  readonly materialized?: boolean;
}

/** One view made. */
export interface CanonicalView {
  readonly dataset: string;
  /** The county's table. */
  readonly table: string;
  /** Canonical field → the source column it reads (`null`: none — a default value or NULL). */
  readonly columns: Readonly<Record<string, string | null>>;
  /** How `_row` is ordered. */
  readonly order: { readonly by: 'columns' | 'primary key' | 'ctid'; readonly columns: readonly string[] };
}

/** A value a view could not convert, or a required field it left empty. */
export interface ViewProblem {
  readonly dataset: string;
  readonly table: string;
  /** `_row` of the row (0-based, in the view's order). */
  readonly row: number;
  readonly field: string;
  /** The source value as text (null when absent). */
  readonly value: string | null;
  readonly message: string;
}

const PROBLEMS_PREFIX = '_sunshine_problems__';
const q = (name: string): string => POSTGRES.ident(name);
const lit = (s: string): string => POSTGRES.literal(s);

/** JavaScript's `String.prototype.trim` whitespace, as a regular-expression class body. */
const WS = '\\t\\n\\v\\f\\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** The conversion functions the views call (IMMUTABLE, NULL when a value does not convert). */
function helperFunctions(schema: string): string[] {
  const fn = (name: string, args: string, returns: string, body: string): string =>
    `CREATE OR REPLACE FUNCTION ${q(schema)}.${q(name)}(${args}) RETURNS ${returns} LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$\n${body}\n$fn$`;
  const list = [
    fn('sunshine_trim', 'v text', 'text', `BEGIN RETURN NULLIF(regexp_replace(v, '^[${WS}]+|[${WS}]+$', '', 'g'), ''); END;`),
    fn(
      'sunshine_ymd',
      'y int, m int, d int',
      'text',
      `BEGIN
  IF y < 1900 OR y > 2199 OR m < 1 OR m > 12 OR d < 1 THEN RETURN NULL; END IF;
  IF d > extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day') THEN RETURN NULL; END IF;
  RETURN to_char(make_date(y, m, d), 'YYYY-MM-DD');
END;`,
    ),
    fn(
      'sunshine_date',
      'v text',
      'text',
      `DECLARE s text := sunshine_trim(v); p text[]; n numeric;
BEGIN
  IF s IS NULL THEN RETURN NULL; END IF;
  p := coalesce(regexp_match(s, '^(\\d{4})-(\\d{1,2})-(\\d{1,2})$'), regexp_match(s, '^(\\d{4})[/.](\\d{1,2})[/.](\\d{1,2})$'),
                regexp_match(s, '^(\\d{4})[${WS}]*年[${WS}]*(\\d{1,2})[${WS}]*月[${WS}]*(\\d{1,2})[${WS}]*日?$'), regexp_match(s, '^(\\d{4})(\\d{2})(\\d{2})$'),
                regexp_match(s, '^(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?$'));
  IF p IS NOT NULL THEN RETURN sunshine_ymd(p[1]::int, p[2]::int, p[3]::int); END IF;
  IF s ~ '^\\d{1,5}(\\.\\d+)?$' THEN
    n := s::numeric;
    IF n < 1 OR n >= 2958466 THEN RETURN NULL; END IF;
    RETURN to_char(date '1899-12-30' + floor(n)::int, 'YYYY-MM-DD');
  END IF;
  RETURN NULL;
END;`,
    ),
    fn(
      'sunshine_period',
      'v text',
      'text',
      `DECLARE s text := sunshine_trim(v); p text[];
BEGIN
  IF s IS NULL THEN RETURN NULL; END IF;
  p := regexp_match(s, '^(\\d{4})[${WS}]*(年|年度)?$');
  IF p IS NOT NULL THEN RETURN CASE WHEN p[1]::int BETWEEN 1900 AND 2199 THEN p[1] END; END IF;
  p := coalesce(regexp_match(s, '^(\\d{4})[-/.]?(\\d{1,2})$'), regexp_match(s, '^(\\d{4})[${WS}]*年[${WS}]*(\\d{1,2})[${WS}]*月(?:份)?$'));
  IF p IS NULL OR p[1]::int NOT BETWEEN 1900 AND 2199 OR p[2]::int NOT BETWEEN 1 AND 12 THEN RETURN NULL; END IF;
  RETURN p[1] || '-' || lpad(p[2]::int::text, 2, '0');
END;`,
    ),
    fn(
      'sunshine_money',
      'v text',
      'bigint',
      `DECLARE s text := sunshine_trim(v); n numeric;
BEGIN
  IF s IS NULL THEN RETURN NULL; END IF;
  s := regexp_replace(s, '^[￥¥][${WS}]*', '');
  s := regexp_replace(s, '[${WS}]*元$', '');
  IF position(',' IN s) > 0 THEN
    IF s !~ '^-?\\d{1,3}(,\\d{3})+(\\.\\d+)?$' THEN RETURN NULL; END IF;
    s := replace(s, ',', '');
  END IF;
  -- Yuan with at most two decimals (trailing zeros beyond, as numeric columns print, are exact too).
  IF s !~ '^-?\\d{1,16}(\\.\\d+)?$' THEN RETURN NULL; END IF;
  n := s::numeric * 100;
  IF n <> trunc(n) OR abs(n) > 9007199254740991 THEN RETURN NULL; END IF;
  RETURN n::bigint;
END;`,
    ),
    fn(
      'sunshine_integer',
      'v text',
      'bigint',
      `DECLARE s text := sunshine_trim(v);
BEGIN
  IF s IS NULL OR s !~ '^-?\\d{1,16}$' THEN RETURN NULL; END IF;
  RETURN CASE WHEN abs(s::numeric) <= 9007199254740991 THEN s::bigint END;
END;`,
    ),
    fn(
      'sunshine_decimal',
      'v text',
      'double precision',
      `DECLARE s text := replace(sunshine_trim(v), ',', '');
BEGIN
  IF s IS NULL OR s !~ '^-?(\\d+(\\.\\d*)?|\\.\\d+)$' THEN RETURN NULL; END IF;
  RETURN s::double precision;
END;`,
    ),
    fn(
      'sunshine_id_number',
      'v text',
      'text',
      `DECLARE s text := upper(sunshine_trim(v)); w int[] := ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; total int := 0;
BEGIN
  IF s IS NULL THEN RETURN NULL; END IF;
  IF s ~ '^\\d{15}$' THEN s := substr(s, 1, 6) || '19' || substr(s, 7); ELSIF s !~ '^\\d{17}[\\dX]$' THEN RETURN NULL; END IF;
  IF sunshine_ymd(substr(s, 7, 4)::int, substr(s, 11, 2)::int, substr(s, 13, 2)::int) IS NULL THEN RETURN NULL; END IF;
  FOR i IN 1..17 LOOP total := total + substr(s, i, 1)::int * w[i]; END LOOP;
  IF length(s) = 17 THEN RETURN s || substr('10X98765432', total % 11 + 1, 1); END IF;
  RETURN CASE WHEN substr(s, 18, 1) = substr('10X98765432', total % 11 + 1, 1) THEN s END;
END;`,
    ),
  ];
  // Calls between them name the schema: a function body resolves names at run time.
  return list.map((sql) => sql.replace(/\$fn\$[\s\S]*\$fn\$/, (body) => body.replace(/\bsunshine_(trim|ymd)\(/g, `${q(schema)}.sunshine_$1(`)));
}

/** SQL converting text expression `t` (already trimmed and mapped) to a field's canonical value. */
function convert(field: FieldDef, t: string): string {
  switch (field.type) {
    case 'money':
      return `sunshine_money(${t})`;
    case 'integer': {
      const v = `sunshine_integer(${t})`;
      const bounds = [field.min !== undefined ? `${v} >= ${field.min}` : '', field.max !== undefined ? `${v} <= ${field.max}` : ''].filter(Boolean);
      return bounds.length ? `CASE WHEN ${bounds.join(' AND ')} THEN ${v} END` : v;
    }
    case 'decimal':
      return `sunshine_decimal(${t})`;
    case 'date':
      return `sunshine_date(${t})`;
    case 'period':
      return `sunshine_period(${t})`;
    case 'id_number':
      return `sunshine_id_number(${t})`;
    case 'enum':
      return `CASE WHEN ${t} IN (${(field.values ?? []).map(lit).join(', ')}) THEN ${t} END`;
    case 'code':
    case 'string':
    default:
      return t;
  }
}

/** Why a field's value does not convert, for the problems view. */
function reason(field: FieldDef): string {
  switch (field.type) {
    case 'money':
      return 'is not an amount of money in yuan (at most two decimals)';
    case 'integer':
      return `is not a whole number${field.min !== undefined || field.max !== undefined ? ` in ${field.min ?? '-∞'}–${field.max ?? '∞'}` : ''}`;
    case 'decimal':
      return 'is not a number';
    case 'date':
      return 'is not a date (YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, YYYYMMDD or an Excel serial day)';
    case 'period':
      return 'is not a period (YYYY-MM or YYYY)';
    case 'id_number':
      return 'is not a valid ID number (18 characters with a right check digit and birth date, or 15 digits)';
    case 'enum':
      return `is not one of ${(field.values ?? []).join(', ')}`;
    case 'code':
    case 'string':
    default:
      return 'cannot be read';
  }
}

/** Source column per field, resolved as the adapters' `withMapping` resolves headers. */
function resolveColumns(def: DatasetDef, mapping: Mapping, headers: readonly string[], table: string): Map<string, string> {
  const match = headerResolver(def, mapping, mapping.useDefaults ?? true);
  const winner = new Map<string, { header: string; priority: number }>();
  for (const header of headers) {
    const { field, priority } = match(header);
    if (field === undefined || field === null) continue;
    const prev = winner.get(field);
    if (!prev || priority > prev.priority) winner.set(field, { header, priority });
    else if (priority === prev.priority) {
      throw new SqlError(
        'BAD_SCHEMA',
        `${table}: columns \`${prev.header}\` and \`${header}\` both map to \`${def.name}.${field}\`; in the mapping file set one of them under \`datasets.${def.name}.columns\` (to \`${field}\`, another field, or null to ignore it)`,
        { dataset: def.name, field },
      );
    }
  }
  return new Map([...winner].map(([f, w]) => [f, w.header]));
}

/**
 * Creates one canonical view per dataset whose table (the mapping's `source`, else the
 * dataset's name) is in `sourceSchema`, plus the helper functions and problem views they use.
 * Returns what it made; datasets without a table are left out (the rules needing them skip).
 *
 * @example
 * ```ts
 * const db = await openPostgres({ url, schema: 'sunshine' }); // views go to schema sunshine
 * await createCanonicalViews(db, await loadMapping('./mapping.json'), { sourceSchema: 'county', orderBy: { payments: ['序号'] } });
 * const problems = await checkCanonicalViews(db);
 * if (problems.length === 0) console.log((await runSql(engine, db)).findings.length);
 * ```
 */
export async function createCanonicalViews(conn: SqlConnection, mapping: Mapping, options: CanonicalViewsOptions): Promise<CanonicalView[]> {
  const opts = Object.freeze({ ...options });
  const registry = opts.registry ?? canonicalDatasets;
  const checked = parseMapping(mapping, { registry });
  const current = String((await conn.query('SELECT current_schema()')).rows[0]![0]);
  if (current === opts.sourceSchema) throw new SqlError('INVALID_OPTIONS', `the views need a schema of their own: the connection's schema is the source schema \`${current}\``);
  for (const sql of helperFunctions(current)) await conn.exec(sql);
  const cols = await conn.query(
    `SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = ${lit(opts.sourceSchema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map<string, string[]>();
  for (const [t, a] of cols.rows) {
    const list = tables.get(String(t)) ?? [];
    list.push(String(a));
    tables.set(String(t), list);
  }
  const pks = await conn.query(
    `SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON TRUE JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
     WHERE n.nspname = ${lit(opts.sourceSchema)} AND i.indisprimary ORDER BY c.relname, k.ord`,
  );
  const primaryKeys = new Map<string, string[]>();
  for (const [t, a] of pks.rows) primaryKeys.set(String(t), [...(primaryKeys.get(String(t)) ?? []), String(a)]);

  const made: CanonicalView[] = [];
  for (const name of registry.names()) {
    const def = registry.get(name)!;
    const m = checked.datasets?.[name] ?? {};
    const wanted = m.source ?? name;
    const table = tables.has(wanted) ? wanted : [...tables.keys()].find((t) => t.toLowerCase() === wanted.toLowerCase());
    if (table === undefined) continue;
    const headers = tables.get(table)!;
    const columns = resolveColumns(def, checked, headers, table);
    const builtIn = (checked.useDefaults ?? true) ? defaultValues(name) : {};
    const src = `${q(opts.sourceSchema)}.${q(table)}`;
    const orderCols = opts.orderBy?.[name];
    if (orderCols) for (const c of orderCols) if (!headers.includes(c)) throw new SqlError('INVALID_OPTIONS', `orderBy.${name}: table ${table} has no column \`${c}\``, { dataset: name });
    const order = orderCols ? { by: 'columns' as const, columns: [...orderCols] } : primaryKeys.has(table) ? { by: 'primary key' as const, columns: primaryKeys.get(table)! } : { by: 'ctid' as const, columns: ['ctid'] };
    const rowExpr = `row_number() OVER (ORDER BY ${order.columns.map((c) => (c === 'ctid' && order.by === 'ctid' ? 't.ctid' : `t.${q(c)}`)).join(', ')}) - 1`;

    // Per field: the trimmed, code-mapped text `t`, then its conversion.
    const texts = def.fields.map((f) => {
      const col = columns.get(f.name);
      const dflt = m.defaults?.[f.name];
      let t = col !== undefined ? `sunshine_trim(t.${q(col)}::text)` : dflt !== undefined && dflt !== null ? `sunshine_trim(${lit(String(dflt))})` : 'NULL::text';
      const words = { ...builtIn[f.name], ...m.values?.[f.name] };
      const entries = Object.entries(words);
      if (col !== undefined && entries.length) t = `CASE ${t} ${entries.map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(String(v))}`).join(' ')} ELSE ${t} END`;
      return t;
    });
    const inner = `SELECT ${def.fields.map((f, i) => `${texts[i]!} AS ${q(`_t_${f.name}`)}`).join(', ')}, ${rowExpr} AS ${q(ROW_COLUMN)} FROM ${src} AS t`;
    const outer = def.fields.map((f) => `${convert(f, q(`_t_${f.name}`))}${POSTGRES.columnType(f.type) === 'TEXT' ? ' COLLATE "C"' : ''} AS ${q(f.name)}`);
    const kind = opts.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
    await conn.exec(`DROP VIEW IF EXISTS ${q(`${PROBLEMS_PREFIX}${name}`)}`);
    const existing = (await conn.query(`SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ${lit(name)}`)).rows[0]?.[0];
    if (existing === 'v') await conn.exec(`DROP VIEW ${q(name)} CASCADE`);
    else if (existing === 'm') await conn.exec(`DROP MATERIALIZED VIEW ${q(name)} CASCADE`);
    else if (existing !== undefined) throw new SqlError('INVALID_OPTIONS', `schema ${current} already has a relation \`${name}\` that is not a view: create the views in a schema of their own`, { dataset: name });
    await conn.exec(`CREATE ${kind} ${q(name)} AS SELECT ${outer.join(', ')}, ${q(ROW_COLUMN)} FROM (${inner}) AS r`);
    const checks = def.fields.map((f) => {
      const t = q(`_t_${f.name}`);
      const problem = `CASE WHEN ${t} IS NULL THEN ${f.nullable ? 'NULL' : lit(`\`${f.name}\` is required`)} WHEN (${convert(f, t)}) IS NULL THEN ${lit(reason(f))} END`;
      const raw = columns.has(f.name) ? `r.${q(`_s_${f.name}`)}` : 'NULL::text';
      return `(${lit(f.name)}, ${raw}, ${problem})`;
    });
    const rawCols = [...columns].map(([f, c]) => `t.${q(c)}::text AS ${q(`_s_${f}`)}`);
    const innerWithRaw = `SELECT ${[...def.fields.map((f, i) => `${texts[i]!} AS ${q(`_t_${f.name}`)}`), ...rawCols].join(', ')}, ${rowExpr} AS ${q(ROW_COLUMN)} FROM ${src} AS t`;
    await conn.exec(
      `CREATE VIEW ${q(`${PROBLEMS_PREFIX}${name}`)} AS SELECT ${lit(name)}::text AS dataset, ${lit(table)}::text AS source_table, r.${q(ROW_COLUMN)} AS row, x.field, x.value, x.problem ` +
        `FROM (${innerWithRaw}) AS r CROSS JOIN LATERAL (VALUES ${checks.join(', ')}) AS x(field, value, problem) WHERE x.problem IS NOT NULL`,
    );
    made.push({ dataset: name, table, columns: Object.fromEntries(def.fields.map((f) => [f.name, columns.get(f.name) ?? null])), order });
  }
  return made;
}

/**
 * Lists the values the canonical views could not convert and the required fields they left
 * empty (every `_sunshine_problems__*` view of the current schema), in dataset and row order.
 * An empty list means the views hold what the in-process loader would have loaded.
 *
 * @example
 * ```ts
 * for (const p of await checkCanonicalViews(db)) console.log(`${p.table} row ${p.row + 1}: ${p.field} ${p.value ?? ''} ${p.message}`);
 * ```
 */
export async function checkCanonicalViews(conn: SqlConnection, options: { readonly limit?: number } = {}): Promise<ViewProblem[]> {
  const limit = options.limit ?? 1000;
  const views = await conn.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'v' AND starts_with(c.relname, ${lit(PROBLEMS_PREFIX)}) ORDER BY c.relname`,
  );
  if (!views.rows.length) return [];
  const union = views.rows.map((r) => `SELECT dataset, source_table, row, field, value, problem FROM ${q(String(r[0]))}`).join(' UNION ALL ');
  const res = await conn.query(`SELECT * FROM (${union}) AS p ORDER BY dataset, row, field LIMIT ${Math.max(0, Math.floor(limit))}`);
  return res.rows.map(([dataset, table, row, field, value, message]) => ({
    dataset: String(dataset),
    table: String(table),
    row: Number(row),
    field: String(field),
    value: value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value),
    message: String(message),
  }));
}
