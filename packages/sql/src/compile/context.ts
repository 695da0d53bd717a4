/**
 * The compiler's context: what compiling one plan needs and collects, passed explicitly to
 * every part of the compiler (`scalars`, `relations`, `functions`, `expressions`, `operators`,
 * `conditions`, `lookups`, `aggregates`): the plan, the dialect and options, the residual
 * parts, and the CTEs, joins and columns the query around the compiled SQL needs (each made
 * once, memoised here).
 */
import type { AggregatePlan, DatasetDef, DatasetRegistry, FactPlan, FieldType, FunctionDef, LookupPlan, OperatorDef, RulePlan } from '@sunshine/core';
import type { Dialect } from '../dialect.js';
import { ROW_COLUMN } from '../sql-connection.js';
import type { RecordValue, Relation, Shape, SqlType, Unknown, Value } from '../sql-values.js';

/** What a name of the context stands for. */
export type Binding =
  | { readonly k: 'v'; readonly v: Value }
  | { readonly k: 'lookup'; readonly l: LookupPlan; readonly ptr: string }
  | { readonly k: 'agg'; readonly a: AggregatePlan; readonly ptr: string }
  | { readonly k: 'fact'; readonly f: FactPlan; readonly ptr: string };

/** How a grouped subject's `group` and `rows` read in the current SQL context. */
export interface GroupContext {
  /** `g0` (a group row of the grouping query) or `r` (a member row, inside an aggregate). */
  readonly alias: string;
  readonly keys: readonly { readonly name: string; readonly t: SqlType; readonly int: boolean; readonly shape?: Shape }[];
  /** Cluster subjects (date windows): `size`, window bounds and aggregates over rows are not the group's. */
  readonly window: boolean;
  /** Windows: the `_rows` column counting a row's group mates within the window after it (a cluster's size is at most its first row's). */
  readonly windowBound?: string;
  /** Windows: registers a `_rows` column aggregating `sql` (over `s`) across the window frame after each row; returns its name. */
  readonly windowColumn?: (sql: string) => string;
  /** The row stage (filter and keys) is exact, so the group's rows are. */
  readonly rowsExact: boolean;
  /** Registers an aggregate column of the grouping query; returns its name. */
  readonly column: (sql: string) => string;
}

export interface Scope {
  readonly names: ReadonlyMap<string, Binding>;
  /** An aggregate's element: bare names read its fields. */
  readonly input?: RecordValue;
  readonly group?: GroupContext;
  /** Inside an aggregate of the grouping query: no subqueries. */
  readonly flat?: boolean;
}

/** One part of a plan and why SQL does not decide it (it runs in-process over the candidates). */
export interface ResidualPart {
  /** JSON pointer into the rule (e.g. `/facts/birth_digits`, `/conditions/all/0`). */
  readonly part: string;
  readonly reason: string;
}

/** A compiled condition: never NULL; an over- or under-approximation unless `exact`. */
export interface SqlCondition {
  readonly sql: string;
  readonly exact: boolean;
  /**
   * First-match joins (aliases) whose row must exist for the condition to hold in JS: a
   * subject without it cannot match, so the join may be an inner one.
   */
  readonly requires?: readonly string[];
}

/** The field types SQL holds as numbers. */
export const NUM_FIELDS: ReadonlySet<FieldType> = new Set<FieldType>(['money', 'integer', 'decimal']);

/** A name as a JSON pointer token. */
export const esc = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * How names bound to a lookup or an aggregate compile: `lookups.ts` and `aggregates.ts` read
 * expressions, which read names, so the expressions reach them through the context rather than
 * an import (no import cycle).
 */
export interface Resolvers {
  readonly lookup: (cx: CompileContext, l: LookupPlan, scope: Scope, ptr: string) => Relation | Unknown;
  readonly aggregate: (cx: CompileContext, a: AggregatePlan, scope: Scope, ptr: string) => Value;
}

export interface CompilerOptions {
  readonly dialect: Dialect;
  readonly registry: DatasetRegistry;
  readonly asOf: string;
  readonly operators?: Readonly<Record<string, OperatorDef>>;
  readonly functions?: Readonly<Record<string, FunctionDef>>;
  /** Datasets present in the database (default: every dataset of the registry). */
  readonly tables?: ReadonlySet<string>;
  /** First-match keys known unique (`dataset:field,field`): no deduplication. */
  readonly uniqueKeys?: ReadonlySet<string>;
  /** Lookups correlated by equalities only as hashable `(…) IN (SELECT …)` (see {@link CompileOptions.hashedLookups}). */
  readonly hashedLookups?: boolean;
}

/** Compiles the parts of one plan; collects residual parts and the CTEs the SQL needs. */
export class CompileContext {
  readonly d: Dialect;
  readonly plan: RulePlan;
  readonly opts: CompilerOptions;
  /** How a name bound to a lookup or an aggregate compiles (see `compile/index.ts`). */
  readonly resolvers: Resolvers;
  readonly residual: ResidualPart[] = [];
  readonly #seen = new Set<string>();
  /** CTEs by name, in the order they were first needed. */
  readonly ctes = new Map<string, string>();
  #aliases = 0;
  readonly #firsts = new Map<string, string>();
  /** The first-match keys read (`dataset:field,field`). */
  readonly firstKeys = new Set<string>();

  /** Whether the first match by `keys` of `ds` needs deduplicating (noting the key as read). */
  dedup(ds: string, keys: readonly string[]): boolean {
    const id = `${ds}:${keys.join(',')}`;
    this.firstKeys.add(id);
    return !this.opts.uniqueKeys?.has(id);
  }
  readonly #joinAliases = new Map<string, string>();
  readonly #rowCols = new Map<string, string>();
  /** Row subjects: per-subject columns computed once (see {@link perSubject}). */
  hoistRows = false;
  readonly rowCols: string[] = [];
  /** Joins the subject's FROM needs (lookups of the subject's first match): LEFT ones unless the conditions require the row. */
  readonly joins: { readonly alias: string; readonly sql: string }[] = [];

  /** The subject's joins, inner for the aliases in `inner`. */
  joinClause(inner: readonly string[] = []): string {
    return this.joins.map((j) => ` ${inner.includes(j.alias) ? '' : 'LEFT '}${j.sql}`).join('');
  }
  /** Baselines by aggregate name: the alias of their CTE's join. */
  readonly baselines = new Map<string, string>();
  /** CTEs over the grouping query (`_groups`), in order. */
  readonly groupCtes: string[] = [];
  /** LEFT JOINs the choice of groups needs (baselines). */
  readonly chosenJoins: string[] = [];
  /** LEFT JOINs the grouping query's FROM needs (a group row's person). */
  readonly groupJoins: string[] = [];
  /** The names being resolved (a name depending on itself is unknown). */
  readonly resolving: string[] = [];

  constructor(plan: RulePlan, options: CompilerOptions, resolvers: Resolvers) {
    this.plan = plan;
    this.d = options.dialect;
    this.opts = options;
    this.resolvers = resolvers;
  }

  q(name: string): string {
    return this.d.ident(name);
  }

  alias(): string {
    return `x${++this.#aliases}`;
  }

  /** Records a residual part (once). */
  note(part: string, reason: string): void {
    const key = `${part}\u0001${reason}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.residual.push({ part, reason });
  }

  /** Forgets the residual parts noted since `mark` (an attempt that another one replaced). */
  rollback(mark: number): void {
    for (const r of this.residual.splice(mark)) this.#seen.delete(`${r.part}\u0001${r.reason}`);
  }

  dataset(name: string): DatasetDef {
    const def = this.opts.registry.get(name);
    if (!def) throw new RangeError(`unknown dataset ${name}`);
    return def;
  }

  orderTerm(ds: DatasetDef, x: string, f: string): string {
    const def = ds.fields.find((y) => y.name === f);
    const col = `${x}.${this.q(f)}`;
    return def && !NUM_FIELDS.has(def.type) ? this.d.collate(col) : col;
  }

  /** The first `persons` row of each ID number (what `rt.person` answers), as a CTE name. */
  person1(): string {
    const name = '_person1';
    if (!this.ctes.has(name)) {
      const present = this.opts.tables ? this.opts.tables.has('persons') : true;
      const cols = ['id_number', 'household_id', 'birth_date'];
      this.ctes.set(
        name,
        present
          ? this.dedup('persons', ['id_number'])
            ? this.d.firstRows(cols.map((c) => this.q(c)).join(', '), this.q('persons'), `${this.q('id_number')} IS NOT NULL`, [this.q('id_number')], [`${this.q(ROW_COLUMN)} ASC`])
            : `SELECT ${cols.map((c) => this.q(c)).join(', ')} FROM ${this.q('persons')} WHERE ${this.q('id_number')} IS NOT NULL`
          : `SELECT ${cols.map((c) => `CAST(NULL AS ${this.d.text}) AS ${this.q(c)}`).join(', ')} WHERE FALSE`,
      );
    }
    return this.q(name);
  }

  /** A field of the first `persons` row of an ID number (NULL when none). */
  personField(idSql: string, field: 'birth_date' | 'household_id'): string {
    const p1 = this.person1();
    if (/^[sr]\."(?:[^"]|"")+"$/.test(idSql)) return `${this.join(p1, [{ field: 'id_number', sql: idSql }])}.${this.q(field)}`;
    return `(SELECT p.${this.q(field)} FROM ${p1} AS p WHERE p.${this.q('id_number')} = ${idSql})`;
  }

  /**
   * A scalar subquery reading only the subject (and its first-match joins) becomes a column
   * computed once per subject, however many times the conditions use it.
   */
  perSubject(sql: string): string {
    if (!this.hoistRows) return sql;
    const defined = new Set([...sql.matchAll(/\bAS ([a-z]\w*)\b/g)].map((m) => m[1]!));
    const free = [...sql.matchAll(/\b([a-z]\w*)\."/g)].map((m) => m[1]!).filter((a) => !defined.has(a));
    if (!free.every((a) => a === 's' || /^j\d+$/.test(a))) return sql;
    let name = this.#rowCols.get(sql);
    if (!name) {
      name = `_v${this.#rowCols.size + 1}`;
      this.#rowCols.set(sql, name);
      this.rowCols.push(`${sql} AS ${this.q(name)}`);
    }
    return `s.${this.q(name)}`;
  }

  /** A LEFT JOIN of the subject (alias `s`) to a table of first rows; returns its alias. */
  join(cte: string, keys: readonly { readonly field: string; readonly sql: string }[]): string {
    const id = JSON.stringify([cte, keys]);
    let alias = this.#joinAliases.get(id);
    if (!alias) {
      alias = `j${this.#joinAliases.size + 1}`;
      this.#joinAliases.set(id, alias);
      const sql = `JOIN ${cte} AS ${alias} ON ${keys.map((k) => `${alias}.${this.q(k.field)} = ${k.sql}`).join(' AND ')}`;
      // Keys read the subject (`s.`) or, inside the grouping query's aggregates, a group's row (`r.`).
      if (keys[0]!.sql.startsWith('r.')) this.groupJoins.push(`LEFT ${sql}`);
      else this.joins.push({ alias, sql });
    }
    return alias;
  }

  /** A CTE of the first row (by `orderBy`, nulls last, then load order) of each key of a dataset. */
  first(ds: DatasetDef, keys: readonly string[], orderBy: readonly string[]): string {
    const id = JSON.stringify([ds.name, keys, orderBy]);
    let name = this.#firsts.get(id);
    if (!name) {
      name = `_first${this.#firsts.size + 1}`;
      this.#firsts.set(id, name);
      const ks = keys.map((k) => this.q(k));
      const order = [...orderBy.map((o) => `${this.orderTerm(ds, this.q(ds.name), o)} ASC NULLS LAST`), `${this.q(ROW_COLUMN)} ASC`];
      const present = ks.map((k) => `${k} IS NOT NULL`).join(' AND ');
      this.ctes.set(name, this.dedup(ds.name, keys) ? this.d.firstRows('*', this.q(ds.name), present, ks, order) : `SELECT * FROM ${this.q(ds.name)} WHERE ${present}`);
    }
    return this.q(name);
  }

  /** Every registered person's household members (`_of`: the person's ID number). */
  household(): string {
    const name = '_household';
    if (!this.ctes.has(name)) {
      const p1 = this.person1();
      this.ctes.set(name, `SELECT p.${this.q('id_number')} AS ${this.q('_of')}, m.* FROM ${p1} AS p JOIN ${this.q('persons')} AS m ON m.${this.q('household_id')} = p.${this.q('household_id')}`);
    }
    return this.q(name);
  }
}
