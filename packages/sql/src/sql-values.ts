/**
 * The values the SQL compiler works with: what a jsonata expression or a context name stands
 * for once compiled — a scalar SQL expression, a record, a list of records (a relation), a
 * list of scalars, a group — or "unknown" when SQL cannot reproduce it exactly.
 */
import type { DatasetDef } from '@sunshine/core';

/** The JS type a scalar holds when it is not null/undefined. `null`: always null or undefined. */
export type SqlType = 'num' | 'text' | 'bool' | 'null';

/**
 * What SQL NULL stands for in a scalar: never NULL (`none`), JS `null` (a record's empty
 * field), JS `undefined` (a missing path, a function's "no value"), or either (`mixed`).
 * Operators that tell `null` from `undefined` (`equal`: `null === null`) need to know.
 */
export type Nul = 'none' | 'null' | 'undef' | 'mixed';

/** Facts about a text scalar's shape that make date functions safe to compile. */
export type Shape = 'date' | 'period' | 'year' | 'digit';

export interface Scalar {
  readonly k: 'sc';
  readonly t: SqlType;
  readonly sql: string;
  readonly nul: Nul;
  /** An integer-valued SQL expression (BIGINT column, count, integer literal). */
  readonly int?: boolean;
  readonly shape?: Shape;
  /**
   * A bound (SQL, ≥ 0) on how far the JS value may be from this one: a floating-point sum is
   * added up in another order by SQL. Only comparisons clear of the bound are decided.
   */
  readonly err?: string;
  /** For `mixed`: SQL true when the record exists, so that NULL stands for JS null (else undefined). */
  readonly present?: string;
  /** Only an upper bound of the value (a date window's cluster size): usable only where a larger value can only help. */
  readonly upper?: boolean;
}

/** A relation's rows as a FROM item and a condition, for a fresh alias. */
export interface Built {
  readonly from: string;
  readonly where: string;
  /** False when unknown parts were approximated (over or under, as asked). */
  readonly exact: boolean;
}

/** One part of a relation as a union of disjoint parts: FROM (empty for one computed record) and WHERE, and the element. */
export interface Part {
  /** Empty when the part is at most one record whose fields are SQL expressions (`elem.cols`). */
  readonly from: string;
  readonly where: string;
  readonly exact: boolean;
  readonly elem: RecordValue;
}

/** A list of records: a lookup's matches, a household, a group's rows. */
export interface Relation {
  readonly k: 'rel';
  readonly ds: DatasetDef;
  /** FROM and WHERE over `alias`; `over`: approximate unknown parts by more rows (else fewer). */
  build(alias: string, over: boolean): Built;
  /** The same rows as a union of disjoint parts (joins instead of nested subqueries), for EXISTS and IN. */
  parts(alias: string, over: boolean): readonly Part[];
  /** Its order is load order (`_row`) after `orderBy`; false when keys came from a list (key order first). */
  readonly loadOrder: boolean;
  readonly orderBy: readonly string[];
  /** Rows of a derived table that may be a household's stand-in. */
  readonly standIn?: boolean;
  /** A plain keyed lookup (no `where`): its first match is one row of a per-key table of first rows. */
  readonly firstBy?: readonly { readonly field: string; readonly sql: string }[];
}

/** One record: bound to an alias (always present), or a `one: true` lookup's first match (maybe none). */
export interface RecordValue {
  readonly k: 'rec';
  readonly ds: DatasetDef;
  readonly alias?: string;
  readonly one?: Relation;
  /** Rows of a derived table that may be a household's stand-in (its fields null except `id_number`). */
  readonly standIn?: boolean;
  /** A computed record: its fields as scalars. */
  readonly cols?: Readonly<Record<string, Scalar>>;
}

/** The values of one field over a relation's records (`members.id_number`). */
export interface RelationField {
  readonly k: 'relf';
  readonly rel: Relation;
  readonly field: string;
}

/** A list written out: literal or parameter lists, `[a, b]`, `$append(a, b)`. */
export interface ListValue {
  readonly k: 'lst';
  readonly items: readonly (Scalar | RelationField)[];
}

/** A grouped subject's `group`. */
export interface GroupValue {
  readonly k: 'group';
}

export interface Unknown {
  readonly k: 'unk';
  readonly why: string;
}

export type Value = Scalar | RecordValue | Relation | RelationField | ListValue | GroupValue | Unknown;
