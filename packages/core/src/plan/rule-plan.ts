/**
 * Logical plans. A rule becomes a plan: scan a subject dataset (optionally filtered, grouped
 * and split into date windows), look up related rows by key, aggregate, compute facts, filter
 * by the conditions and emit findings. A plan names datasets, fields and expressions — never
 * JavaScript closures — so the in-process executor and the SQL executors can both run it, and
 * indexes (dataset + key fields) can be shared by every rule of a run.
 */
import type { Category, Severity, LocalizedText } from '../findings/finding.js';
import type { Condition } from '../dsl/rule-schema.js';

/** A value type known statically, for checks and for formatting money in messages. */
export type ValueType = 'string' | 'date' | 'period' | 'money' | 'integer' | 'number' | 'boolean' | 'record' | 'list' | 'unknown';

/** A keyed join (or household expansion) feeding one name of the context. */
export interface LookupPlan {
  readonly name: string;
  readonly kind: 'join' | 'household';
  /** The dataset the matches come from (`persons` for a household). */
  readonly dataset: string;
  /** Join: looked-up dataset fields and the expressions that give their values. */
  readonly on: readonly { readonly field: string; readonly expr: string }[];
  /** Household: the expression giving the person's ID number. */
  readonly householdOf?: string;
  readonly where?: Condition;
  readonly one: boolean;
  readonly orderBy: readonly string[];
}

export interface AggregatePlan {
  readonly name: string;
  readonly op: string;
  readonly over?: string;
  readonly field?: string;
  readonly value?: string;
  readonly where?: Condition;
  readonly of?: string;
  readonly partition?: readonly string[];
  readonly period?: string;
  readonly months?: number;
  readonly minPeriods?: number;
  readonly stat?: 'median' | 'mean';
  readonly type: ValueType;
}

export interface FactPlan {
  readonly name: string;
  readonly expr: string;
  readonly type: ValueType;
}

export interface SubjectPlan {
  readonly dataset: string;
  readonly grouped: boolean;
  /** Lookups evaluated per row before grouping (grouped subjects only). */
  readonly rowLookups: readonly LookupPlan[];
  readonly where?: Condition;
  readonly groupBy: readonly { readonly name: string; readonly expr: string; readonly type: ValueType }[];
  readonly window?: { readonly date: string; readonly days: number; readonly orderBy: readonly string[] };
}

export interface EmitPlan {
  readonly key: string;
  readonly message: LocalizedText;
  readonly department?: string;
  /** The finding's money in integer fen (an expression); absent: `amount` is null. */
  readonly amount?: string;
  readonly locate: { readonly id_number?: string; readonly village_code?: string; readonly town_code?: string };
  /** Context names whose records are attached as evidence (`subject`, `rows`, lookups). */
  readonly evidence: readonly string[];
}

/** The logical plan of one rule, with its parameters resolved. */
export interface RulePlan {
  readonly id: string;
  readonly version: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  /** Parameter values after defaults and overrides; money in fen. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly subject: SubjectPlan;
  readonly lookups: readonly LookupPlan[];
  readonly aggregates: readonly AggregatePlan[];
  readonly facts: readonly FactPlan[];
  readonly conditions: Condition;
  readonly emit: EmitPlan;
  /** Every dataset the rule reads; a run without one of them skips the rule. */
  readonly datasets: readonly string[];
  /** Hash indexes the rule probes (shared across rules by dataset + fields). */
  readonly indexes: readonly { readonly dataset: string; readonly fields: readonly string[] }[];
  /** Static types of the parameters (money in fen), for templates. */
  readonly paramTypes: Readonly<Record<string, ValueType>>;
  /** Static types of the context names, for templates and explain. */
  readonly scope: Readonly<Record<string, { readonly type: ValueType; readonly dataset?: string }>>;
}
