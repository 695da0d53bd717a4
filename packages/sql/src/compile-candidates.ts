/**
 * The SQL compiler: a rule's logical plan becomes one query selecting its candidate subjects —
 * every subject row (or every row of every group) that may match. SQL decides whatever it can
 * decide exactly; whatever it cannot (a jsonata fact outside the compiled subset, a plug-in
 * operator) is left to the in-process finish, which evaluates the whole rule again over the
 * candidates, so a candidate set may be larger than the findings but never misses one.
 */
import type { Condition, DatasetRegistry, FunctionDef, OperatorDef, RulePlan } from '@sunshine/core';
import type { Dialect } from './dialect.js';
import { ROW_COLUMN } from './sql-connection.js';
import { cond as condSql, createCompiler, earlier as earlierPeriods, expr as exprSql, periodIndex, ruleBindings, type Binding, type CompileContext, type GroupContext, type ResidualPart, type Scope } from './compile/index.js';
import type { Built, RecordValue, Relation, Scalar } from './sql-values.js';

export type { ResidualPart };

export interface CandidateQuery {
  readonly rule: string;
  /** Selects the subject dataset's fields in model order, then `_row` (and `_candidate` when `flagged`). */
  readonly sql: string;
  /**
   * Grouped rules whose groups read rows outside themselves (a baseline over earlier months):
   * the query also returns those rows, with `_candidate` false; only groups holding a
   * candidate row may report.
   */
  readonly flagged: boolean;
  /** True when SQL decides the whole rule: every candidate is a finding. */
  readonly exact: boolean;
  /** What SQL does not decide. */
  readonly residual: readonly ResidualPart[];
  /**
   * The first-match keys the query reads (`dataset:field,field`), each deduplicated in SQL
   * unless `uniqueKeys` said it is unique: a caller that finds one unique in its data may
   * compile again with it in `uniqueKeys`.
   */
  readonly firstKeys: readonly string[];
}

export interface CompileOptions {
  readonly registry: DatasetRegistry;
  readonly asOf: string;
  /** The run's operators (plug-ins included); an operator that is not the built-in one is left to the finish. */
  readonly operators?: Readonly<Record<string, OperatorDef>>;
  /** The run's functions (plug-ins included). */
  readonly functions?: Readonly<Record<string, FunctionDef>>;
  /** Datasets present in the database; default every dataset of the registry. */
  readonly tables?: ReadonlySet<string>;
  /**
   * Keys known unique among the rows of their dataset where none of the key fields is null,
   * as `dataset:field,field` (see {@link CandidateQuery.firstKeys}): the first match of such a
   * key needs no deduplication.
   */
  readonly uniqueKeys?: ReadonlySet<string>;
  /**
   * Find the candidates' `_row`s first, reading only the columns the conditions need, then read
   * their whole rows by `_row`. Pays on a column store's tables; not on a view that re-reads a
   * file per scan. @default the dialect's `columnar`
   */
  readonly lateRows?: boolean;
  /**
   * Write a lookup correlated by equalities only (`x.f = s.g AND x.h = <expression of s>`) as
   * `COALESCE((s.g, …) IN (SELECT f, h FROM t), FALSE)`, which PostgreSQL hashes once — one
   * scan of `t` — where it cannot make a join of the `EXISTS` (inside `OR` or `NOT`). For
   * tables on other servers (postgres_fdw partitions), where each probe of an `EXISTS` is a
   * remote query; the hash must fit in `work_mem`, else PostgreSQL rescans the rows per probe.
   * @default false
   */
  readonly hashedLookups?: boolean;
}

const esc = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Compiles a plan to its candidate query.
 *
 * @example
 * ```ts
 * const q = compileCandidates(engine.plans[0], DUCKDB, { registry: engine.environment.registry, asOf: engine.asOf });
 * console.log(q.sql, q.exact, q.residual);
 * ```
 */
export function compileCandidates(plan: RulePlan, dialect: Dialect, options: CompileOptions): CandidateQuery {
  const opts = Object.freeze({ ...options });
  const c = createCompiler(plan, { dialect, ...opts });
  const def = c.dataset(plan.subject.dataset);
  const q = (name: string): string => dialect.ident(name);
  const cols = (a: string): string => [...def.fields.map((f) => `${a}.${q(f.name)}`), `${a}.${q(ROW_COLUMN)}`].join(', ');
  const withClause = (more: string[]): string => {
    // PostgreSQL materialises a CTE named twice, and a correlated EXISTS then scans the whole
    // materialised CTE once per subject row; inlined, the planner pushes the correlation key
    // into it and probes the lookup indexes. DuckDB plans its own CTEs well.
    const hint = dialect.name === 'postgres' ? ' NOT MATERIALIZED' : '';
    const all = [...[...c.ctes].map(([n, sql]) => `${q(n)} AS${hint} (${sql})`), ...more];
    return all.length ? `WITH ${all.join(', ')} ` : '';
  };
  /**
   * The candidates' whole rows, `from` (a FROM list with its WHERE) naming them `a`, `flag` an
   * extra `_candidate` column. A column store finds the candidates' `_row`s reading only the
   * columns the conditions need, then reads the whole rows of just those.
   */
  const select = (ctes: string[], a: string, from: string, flag?: string): string => {
    const extra = flag === undefined ? '' : `, ${flag} AS ${q('_candidate')}`;
    if (!(opts.lateRows ?? dialect.columnar)) return `${withClause(ctes)}SELECT ${cols(a)}${extra} FROM ${from}`;
    const cand = `${q('_cand')} AS (SELECT ${a}.${q(ROW_COLUMN)}${extra} FROM ${from})`;
    // `IN` lets DuckDB filter the scan by the `_row`s before reading the other columns (a join reads them first).
    const rows = `SELECT ${cols('t')} FROM ${q(def.name)} AS t WHERE t.${q(ROW_COLUMN)} IN (SELECT ${q(ROW_COLUMN)} FROM ${q('_cand')})`;
    if (flag === undefined) return `${withClause([...ctes, cand])}${rows}`;
    return `${withClause([...ctes, cand])}SELECT ${cols('t')}, c.${q('_candidate')} FROM (${rows}) AS t JOIN ${q('_cand')} AS c ON t.${q(ROW_COLUMN)} = c.${q(ROW_COLUMN)}`;
  };
  let inner: readonly string[] = [];
  const joins = (): string => c.joinClause(inner);
  const conj = (parts: string[]): string => {
    const xs = parts.filter((p) => p !== 'TRUE');
    return xs.length ? xs.join(' AND ') : 'TRUE';
  };

  if (!plan.subject.grouped) {
    const subject: RecordValue = { k: 'rec', ds: def, alias: 's' };
    c.hoistRows = true;
    const scope: Scope = { names: ruleBindings(plan, new Map<string, Binding>([['subject', { k: 'v', v: subject }]])) };
    // The top-level conjuncts of the subject filter and the conditions, each compiled on its own.
    const parts: string[] = [];
    const req: string[] = [];
    const add = (cond: Condition, ptr: string): void => {
      if ('all' in cond) {
        cond.all.forEach((k, i) => add(k, `${ptr}/all/${i}`));
        return;
      }
      const x = condSql(c, cond, scope, true, ptr);
      parts.push(x.sql);
      req.push(...(x.requires ?? []));
    };
    if (plan.subject.where) add(plan.subject.where, '/subject/where');
    add(plan.conditions, '/conditions');
    inner = req;
    const where = conj(parts);
    let sql: string;
    if (c.rowCols.length) {
      // Per-subject aggregates computed once, in a CTE of the subjects that pass the conjuncts not reading them.
      const pre = conj(parts.filter((p) => !p.includes('s."_v')));
      // PostgreSQL inlines a CTE named once, and then its aggregates are computed again for every
      // reference in the conditions (land-subsidy-over-area at county: 27 hashed copies of a lookup, 21 s).
      const cte = `${q('_subject')} AS${dialect.name === 'postgres' ? ' MATERIALIZED' : ''} (SELECT s.*, ${c.rowCols.join(', ')} FROM ${q(def.name)} AS s${joins()}${pre === 'TRUE' ? '' : ` WHERE ${pre}`})`;
      const rest = conj(parts.filter((p) => p.includes('s."_v')));
      sql = select([cte], 's', `${q('_subject')} AS s${joins()}${rest === 'TRUE' ? '' : ` WHERE ${rest}`}`);
    } else {
      sql = select([], 's', `${q(def.name)} AS s${joins()}${where === 'TRUE' ? '' : ` WHERE ${where}`}`);
    }
    return freeze({ rule: plan.id, sql, flagged: false, exact: c.residual.length === 0, residual: c.residual }, c);
  }

  // ---------------------------------------------------------------- grouped subjects
  const row: RecordValue = { k: 'rec', ds: def, alias: 's' };
  const rowNames = new Map<string, Binding>([['row', { k: 'v', v: row }]]);
  for (const l of plan.subject.rowLookups) rowNames.set(l.name, { k: 'lookup', l, ptr: `/subject/lookups/${esc(l.name)}` });
  const rowScope: Scope = { names: rowNames };
  const where = plan.subject.where ? condSql(c, plan.subject.where, rowScope, true, '/subject/where') : { sql: 'TRUE', exact: true };
  const keyValues = plan.subject.groupBy.map((g) => exprSql(c, g.expr, rowScope, `/subject/groupBy/${esc(g.name)}`));
  const keys = keyValues.filter((k): k is Scalar => k.k === 'sc' && !k.err);
  // Rows whose key reads a missing first match have a null key: in no group.
  inner = [...(where.requires ?? []), ...keys.map((v) => /^(j\d+)\."(?:[^"]|"")+"$/.exec(v.sql)?.[1]).filter((a): a is string => a !== undefined)];
  if (keys.length !== keyValues.length) {
    // Groups SQL cannot form: every row the filter may keep is a candidate.
    const sql = select([], 's', `${q(def.name)} AS s${joins()}${where.sql === 'TRUE' ? '' : ` WHERE ${where.sql}`}`);
    return freeze({ rule: plan.id, sql, flagged: false, exact: false, residual: c.residual }, c);
  }
  if (keys.some((k) => k.t === 'null')) {
    // A key that is always null: rows with a null key are in no group.
    return freeze({ rule: plan.id, sql: `SELECT ${cols('s')} FROM ${q(def.name)} AS s WHERE FALSE`, flagged: false, exact: c.residual.length === 0, residual: c.residual }, c);
  }
  const k = (i: number): string => q(`_k${i}`);
  const aggCols: string[] = [];
  const columns = new Map<string, string>();
  const column = (sql: string): string => {
    let name = columns.get(sql);
    if (!name) {
      name = `_a${aggCols.length}`;
      columns.set(sql, name);
      aggCols.push(`${sql} AS ${q(name)}`);
    }
    return name;
  };
  const window = plan.subject.window !== undefined;
  if (window) c.note('/subject/window', 'date windows are formed in-process: SQL selects whole groups');
  const windowCols: string[] = [];
  const windowColumn = (sql: string): string => {
    const name = `_w${windowCols.length + 1}`;
    windowCols.push(`${sql} AS ${q(name)}`);
    return name;
  };
  const w = plan.subject.window;
  const dateField = w ? def.fields.find((f) => f.name === w.date) : undefined;
  const bounded = w !== undefined && dateField?.type === 'date' && Number.isInteger(w.days) && w.days >= 0;
  const group: GroupContext = {
    alias: 'g0',
    keys: keys.map((v, i) => ({ name: plan.subject.groupBy[i]!.name, t: v.t, int: v.int === true, ...(v.shape ? { shape: v.shape } : {}) })),
    window,
    ...(bounded ? { windowBound: '_w', windowColumn } : {}),
    rowsExact: where.exact,
    column,
  };
  const rowsOf = (x: string, over: boolean): Built => ({
    from: `${q('_rows')} AS ${x}`,
    where: over || where.exact ? keys.map((_, i) => `${x}.${k(i)} = g0.${k(i)}`).join(' AND ') : 'FALSE',
    exact: where.exact,
  });
  const rows: Relation = {
    k: 'rel',
    ds: def,
    loadOrder: true,
    orderBy: [],
    build: rowsOf,
    parts: (x, over) => [{ ...rowsOf(x, over), elem: { k: 'rec', ds: def, alias: x } }],
  };
  const scope: Scope = {
    names: ruleBindings(
      plan,
      new Map<string, Binding>([
        ['group', { k: 'v', v: { k: 'group' } }],
        ['rows', { k: 'v', v: rows }],
      ]),
    ),
    group,
  };
  const having = condSql(c, plan.conditions, scope, true, '/conditions').sql;
  const rowWhere = conj([where.sql, ...keys.filter((v) => v.nul !== 'none').map((v) => `${v.sql} IS NOT NULL`)]);
  // Windows: how many group mates fall within the window from each row (an upper bound of any cluster it starts).
  const frame = bounded ? `OVER (PARTITION BY ${keys.map((v) => v.sql).join(', ')} ORDER BY CAST(s.${q(w.date)} AS DATE) RANGE BETWEEN CURRENT ROW AND ${dialect.days(w.days)} FOLLOWING)` : '';
  const bound = bounded ? [`COUNT(*) ${frame} AS ${q('_w')}`, ...windowCols.map((x) => x.replace(/ AS ("[^"]+")$/, (_m, name: string) => ` ${frame} AS ${name}`))].map((x) => `, ${x}`).join('') : '';
  const rowCte = `${q('_rows')} AS NOT MATERIALIZED (SELECT s.*, ${keys.map((v, i) => `${v.sql} AS ${k(i)}`).join(', ')}${bound} FROM ${q(def.name)} AS s${joins()}${rowWhere === 'TRUE' ? '' : ` WHERE ${rowWhere}`})`;
  const exact = c.residual.length === 0;
  if (having === 'TRUE') {
    const sql = select([rowCte], 'r', `${q('_rows')} AS r`);
    return freeze({ rule: plan.id, sql, flagged: false, exact, residual: c.residual }, c);
  }
  const keyList = keys.map((_, i) => k(i)).join(', ');
  const on = (a: string, b: string): string => keys.map((_, i) => `${a}.${k(i)} = ${b}.${k(i)}`).join(' AND ');
  const bases = plan.aggregates.filter((a) => a.op === 'baseline');
  const keyIndex = (name: string | undefined): number => group.keys.findIndex((x) => x.name === name);
  // Every baseline's period as a month number, so that the groups it reads can be found.
  const periods = bases.map((b) => periodIndex(c, group, keyIndex(b.period)));
  const groups = `${q('_groups')} AS (SELECT ${keyList}${aggCols.map((a) => `, ${a}`).join('')} FROM ${q('_rows')} AS r${c.groupJoins.map((j) => ` ${j}`).join('')} GROUP BY ${keyList})`;
  const chosen = `${q('_chosen')} AS (SELECT g0.* FROM ${q('_groups')} AS g0${c.chosenJoins.map((j) => ` ${j}`).join('')} WHERE ${having})`;
  if (bases.length === 0) {
    const sql = select([rowCte, groups, ...c.groupCtes, chosen], 'r', `${q('_rows')} AS r JOIN ${q('_chosen')} AS g ON ${on('r', 'g')}`);
    return freeze({ rule: plan.id, sql, flagged: false, exact, residual: c.residual }, c);
  }
  if (periods.some((p) => p === undefined) || bases.some((b) => (b.partition ?? []).some((p) => keyIndex(p) < 0))) {
    c.note('/aggregates', 'a baseline over a key that is not a period: SQL selects every group');
    return freeze({ rule: plan.id, sql: select([rowCte], 'r', `${q('_rows')} AS r`), flagged: false, exact: false, residual: c.residual }, c);
  }
  // A baseline reads the groups of earlier periods: they come too, flagged as not candidates.
  const earlier = bases.map((b, i) => {
    const per = keyIndex(b.period);
    const conds = [...(b.partition ?? []).map((p) => `h.${k(keyIndex(p))} = c.${k(keyIndex(p))}`), ...earlierPeriods(c, 'h', 'c', per, periods[i]!, b.months ?? 6)];
    return `SELECT ${keys.map((_, j) => `h.${k(j)}`).join(', ')}, FALSE AS ${q('_c')} FROM ${q('_chosen')} AS c JOIN ${q('_groups')} AS h ON ${conds.join(' AND ')}`;
  });
  const union = [`SELECT ${keyList}, TRUE AS ${q('_c')} FROM ${q('_chosen')}`, ...earlier].join(' UNION ALL ');
  const need = `${q('_need')} AS (SELECT ${keyList}, BOOL_OR(${q('_c')}) AS ${q('_candidate')} FROM (${union}) AS u GROUP BY ${keyList})`;
  const sql = select([rowCte, groups, ...c.groupCtes, chosen, need], 'r', `${q('_rows')} AS r JOIN ${q('_need')} AS n ON ${on('r', 'n')}`, `n.${q('_candidate')}`);
  return freeze({ rule: plan.id, sql, flagged: true, exact, residual: c.residual }, c);
}

function freeze(q: Omit<CandidateQuery, 'firstKeys'>, c: CompileContext): CandidateQuery {
  return Object.freeze({ ...q, residual: Object.freeze([...q.residual]), firstKeys: Object.freeze([...c.firstKeys]) });
}
