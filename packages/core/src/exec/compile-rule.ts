/**
 * The in-process executor's compiler: a {@link RulePlan} becomes closures over one run's data.
 * The rule context (subject, lookups, aggregates, facts) is an object whose names are lazy,
 * memoised getters, reused from one subject to the next, so a condition that fails early
 * never pays for the lookups it did not need and the loop allocates nothing per row.
 */
import { createHash } from 'node:crypto';
import type { Condition, LeafCondition } from '../dsl/rule-schema.js';
import { compileExpression, parseExpression, rootNames, stepReader, type CompiledExpr, type ExprEnv } from '../dsl/expression.js';
import type { FunctionDef } from '../dsl/functions.js';
import { BUILTIN_OPERATORS, type OperatorDef } from '../dsl/operators.js';
import { median as medianOf } from '../dsl/functions.js';
import type { DatasetRegistry } from '../schema/datasets.js';
import { addMonths, dayNumber, formatMoney } from '../schema/values.js';
import type { EvidenceRecord, Finding } from '../findings/finding.js';
import type { AggregatePlan, LookupPlan, RulePlan, ValueType } from '../plan/rule-plan.js';
import { splitTemplate, typeOfField } from '../plan/plan-rule.js';
import { compositeKey, DataRuntime, keyPart, type Rec } from './data-runtime.js';
import type { RuleBudget } from './rule-budget.js';
import { AmountError } from '../dsl/expression/expression-error.js';
import { compileCondition, factSource, snapshot, type ConditionTrace } from './compile-condition.js';

/** A plug-in aggregate: folds the elements' values into one value. */
export interface AggregateImpl {
  (values: readonly unknown[], elements: readonly unknown[]): unknown;
}

export interface ExecEnvironment {
  readonly registry: DatasetRegistry;
  readonly operators: Readonly<Record<string, OperatorDef>>;
  readonly functions: Readonly<Record<string, FunctionDef>>;
  readonly aggregates: Readonly<Record<string, AggregateImpl>>;
  /** The running rule's time budget, ticked in inner loops (the engine sets it per run). */
  readonly budget?: RuleBudget;
}

interface Ctx {
  gen: number;
  stamp: Int32Array;
  vals: unknown[];
  pending: Uint8Array;
  cand: unknown[];
  subject: Rec | undefined;
  row: Rec | undefined;
  group: Record<string, unknown> | undefined;
  rows: readonly Rec[] | undefined;
  [name: string]: unknown;
}

type Fn = (ctx: Ctx) => unknown;
type Test = (ctx: Ctx) => boolean;

interface CNode {
  readonly test: Test;
  readonly trace: (ctx: Ctx) => ConditionTrace;
}

export type { ConditionTrace };

const EMPTY: readonly Rec[] = Object.freeze([]);

/** Builds a context class whose `names` are lazy, memoised getters. */
function contextClass(names: readonly string[], computers: Fn[]): new () => Ctx {
  const n = names.length;
  class RuleContext {
    gen = 0;
    stamp = new Int32Array(n).fill(-1);
    vals: unknown[] = new Array<unknown>(n).fill(undefined);
    pending = new Uint8Array(n);
    cand: unknown[] = new Array<unknown>(n).fill(undefined);
    subject: Rec | undefined = undefined;
    row: Rec | undefined = undefined;
    group: Record<string, unknown> | undefined = undefined;
    rows: readonly Rec[] | undefined = undefined;
  }
  names.forEach((name, i) => {
    Object.defineProperty(RuleContext.prototype, name, {
      get(this: Ctx) {
        if (this.pending[i] === 1) return this.cand[i];
        if (this.stamp[i] === this.gen) return this.vals[i];
        const v = computers[i]!(this);
        this.vals[i] = v;
        this.stamp[i] = this.gen;
        return v;
      },
      enumerable: true,
    });
  });
  return RuleContext as unknown as new () => Ctx;
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}

/** The fingerprint of a finding: stable for the same rule and key. */
export function fingerprintOf(rule: string, key: string): string {
  return sha(`${rule}|${key}`);
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 10_000) / 10_000);
}

/** A rule compiled against one run's data. */
export interface CompiledRule {
  readonly plan: RulePlan;
  /** Evaluates every subject; findings in key order. */
  run(): { findings: Finding[]; subjects: number };
  /** For row subjects: the scan in steps, so that several rules can share one pass over the data. */
  readonly scan?: {
    readonly begin: () => void;
    readonly visit: (row: Rec) => void;
    readonly end: () => { findings: Finding[]; subjects: number };
  };
  /** Explains one key: the subject's context, every condition's inputs and verdict. */
  explain(key: string): RuleExplanation | undefined;
  /** Evaluates one new record as a subject (non-grouped rules) or as a new member of its group. */
  screen(record: Rec): Finding[];
  /** Builds what screening needs (groups, lazily built indexes) ahead of the first record. */
  warm(): void;
  /**
   * For grouped subjects: how to build the group map in someone else's pass over the dataset
   * (`build` is undefined when the map, shared by id, exists already).
   */
  readonly grouping?: {
    readonly id: string;
    readonly build: () => { add: (row: Rec) => void; done: () => void } | undefined;
    /** The hash index whose buckets are the groups, when the groups are keyed by plain fields. */
    readonly index?: { readonly dataset: string; readonly fields: readonly string[] };
  };
}

export interface RuleExplanation {
  readonly rule: string;
  readonly key: string;
  readonly matched: boolean;
  readonly subject: { readonly dataset: string; readonly records: readonly Rec[]; readonly group?: Readonly<Record<string, unknown>> };
  readonly where?: ConditionTrace;
  readonly conditions: ConditionTrace;
  readonly lookups: Readonly<Record<string, unknown>>;
  readonly aggregates: Readonly<Record<string, unknown>>;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly finding?: Finding;
  /** The materialised context, for cross-checking with json-rules-engine. */
  readonly context: Readonly<Record<string, unknown>>;
}

/** Options of {@link compileRule}. */
export interface CompileRuleOptions {
  /**
   * For grouped subjects: which groups (or window clusters) may emit a finding. Other groups
   * are still built — a baseline reads their values — but never reported. SQL executors use
   * it to finish the candidate groups a query selected, with the history around them loaded.
   */
  readonly keep?: (rows: readonly Rec[]) => boolean;
}

/**
 * Compiles a plan for one run. Executors other than the engine's own (the SQL executors) call
 * it to finish the subjects a query selected, over a {@link DataRuntime} holding just the rows
 * those subjects reach.
 *
 * @example
 * ```ts
 * const rule = compileRule(plan, new DataRuntime(tables), '2024-12-31', engine.environment);
 * const { findings } = rule.run();
 * ```
 */
export function compileRule(plan: RulePlan, rt: DataRuntime, asOf: string, envIn: ExecEnvironment, options: CompileRuleOptions = {}): CompiledRule {
  const keep = options.keep;
  const budget = envIn.budget;
  const env: ExprEnv = { vars: { params: plan.params, asOf }, rt };
  const fnOpts = { functions: envIn.functions };
  const expr = (src: string): Fn => {
    const f: CompiledExpr = compileExpression(src, fnOpts);
    return (ctx) => f(ctx, env);
  };
  const exprOn = (src: string): CompiledExpr => compileExpression(src, fnOpts);
  const grouped = plan.subject.grouped;
  const registry = envIn.registry;

  // ---------------------------------------------------------- conditions
  const compileCond = (c: Condition): CNode => compileCondition(c, { env, operators: envIn.operators, functions: envIn.functions, params: plan.params });

  // ---------------------------------------------------------- lookups
  const slotNames: string[] = [];
  const computers: Fn[] = [];
  const slotOf = new Map<string, number>();
  const addSlot = (name: string, fn: Fn): void => {
    slotOf.set(name, slotNames.length);
    slotNames.push(name);
    computers.push(fn);
  };

  /** Filters `list` keeping the elements for which `test` holds with `name` bound to the element. */
  const filterWith = (ctx: Ctx, name: string, list: readonly unknown[], test: Test): unknown[] => {
    const out: unknown[] = [];
    if (name === 'rows') {
      const saved = ctx.rows;
      for (const e of list) {
        budget?.tick();
        ctx.rows = e as readonly Rec[];
        if (test(ctx)) out.push(e);
      }
      ctx.rows = saved;
      return out;
    }
    const i = slotOf.get(name)!;
    const wasPending = ctx.pending[i]!;
    const saved = ctx.cand[i];
    ctx.pending[i] = 1;
    for (const e of list) {
      budget?.tick();
      ctx.cand[i] = e;
      if (test(ctx)) out.push(e);
    }
    ctx.pending[i] = wasPending;
    ctx.cand[i] = saved;
    return out;
  };

  const sortBy = (list: Rec[], fields: readonly string[]): Rec[] =>
    list.sort((a, b) => {
      for (const f of fields) {
        const x = a[f];
        const y = b[f];
        if (x === y) continue;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return x < y ? -1 : 1;
      }
      return 0;
    });

  /** The leaves every match needs (those of the top-level `all` chain). */
  const requiredLeaves = (c: Condition | undefined): LeafCondition[] =>
    c === undefined ? [] : 'all' in c ? c.all.flatMap(requiredLeaves) : 'any' in c || 'not' in c ? [] : [c];

  /** Context names a condition reads; `undefined` when it reads something dynamic. */
  const condRoots = (c: Condition): Set<string> | undefined => {
    const out = new Set<string>();
    const walk = (x: Condition): boolean => {
      if ('all' in x) return x.all.every(walk);
      if ('any' in x) return x.any.every(walk);
      if ('not' in x) return walk(x.not);
      for (const n of rootNames(parseExpression(factSource(x.fact, x.path)))) out.add(n);
      const v = x.value;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        if ('fact' in v) for (const n of rootNames(parseExpression(factSource(v.fact, v.path)))) out.add(n);
        else if ('expr' in v) return false;
      }
      return true;
    };
    return walk(c) ? out : undefined;
  };


  const SELF_ROOTS = new Set(['subject', 'group', 'rows', 'row']);
  /**
   * Whether an expression's value cannot change with the candidate bound to lookup `name`: it
   * reads only the subject (or group) and facts and plain lookups that do the same.
   */
  const independentOf = (src: string, name: string, seen: Set<string> = new Set()): boolean => {
    if (src.includes('$$') || new RegExp(`(^|[^\\w$])${name}(?!\\w)`).test(src)) return false;
    for (const r of rootNames(parseExpression(src))) {
      if (SELF_ROOTS.has(r) || seen.has(r)) continue;
      seen.add(r);
      const f = plan.facts.find((x) => x.name === r);
      if (f) {
        if (!independentOf(f.expr, name, seen)) return false;
        continue;
      }
      const lk = plan.lookups.find((x) => x.name === r);
      if (lk && lk.kind === 'join' && !lk.where && lk.on.every((o) => independentOf(o.expr, name, seen))) continue;
      return false;
    }
    return true;
  };
  const smallInt = (v: unknown): boolean => typeof v !== 'number' || (Number.isInteger(v) && Math.abs(v) < 1e8);
  /** Buckets smaller than this are filtered element by element. */
  const PARTITION_MIN = 8;

  /**
   * Partitioned `where` for a join lookup: when the `where` requires `equal` between an
   * expression of the candidate alone and one of the subject alone (`$substring(twins.id_number,
   * 6, 8) = birth_digits`), each index bucket the lookup probes is split once by the candidate
   * side, and a subject filters only its own part of the bucket instead of the whole of it.
   * Exact: only used while every key is a string or a small integer (where `equal`'s numeric
   * tolerance cannot join two different values), and the full `where` still filters the part.
   */
  const partitionFor = (l: LookupPlan): ((ctx: Ctx, list: readonly Rec[]) => readonly Rec[]) | undefined => {
    if (l.kind !== 'join' || !l.where || envIn.operators['equal']?.fn !== BUILTIN_OPERATORS['equal']!.fn) return undefined;
    const cands: Fn[] = [];
    const probes: Fn[] = [];
    for (const leaf of requiredLeaves(l.where)) {
      const v = leaf.value;
      if (leaf.operator !== 'equal' || v === null || typeof v !== 'object' || Array.isArray(v) || !('fact' in v) || v.fn) continue;
      const left = factSource(leaf.fact, leaf.path);
      const right = factSource(v.fact, v.path);
      const roots = rootNames(parseExpression(left));
      if (roots.length !== 1 || roots[0] !== l.name || left.includes('$$') || !independentOf(right, l.name)) continue;
      cands.push(expr(left));
      probes.push(expr(right));
    }
    const depth = cands.length;
    if (depth === 0) return undefined;
    const name = l.name;
    // null: a bucket whose keys are not all exact (see above); it is filtered as a whole.
    const parts = new WeakMap<readonly Rec[], Map<unknown, unknown> | null>();
    const split = (ctx: Ctx, list: readonly Rec[]): Map<unknown, unknown> | null => {
      const i = slotOf.get(name)!;
      const wasPending = ctx.pending[i]!;
      const saved = ctx.cand[i];
      ctx.pending[i] = 1;
      const top = new Map<unknown, unknown>();
      let ok = true;
      for (const e of list) {
        ctx.cand[i] = e;
        let m = top;
        for (let d = 0; d < depth; d++) {
          const k = cands[d]!(ctx);
          if (!smallInt(k)) {
            ok = false;
            break;
          }
          let next = m.get(k);
          if (next === undefined) m.set(k, (next = d === depth - 1 ? [] : new Map()));
          if (d === depth - 1) (next as Rec[]).push(e);
          else m = next as Map<unknown, unknown>;
        }
        if (!ok) break;
      }
      ctx.pending[i] = wasPending;
      ctx.cand[i] = saved;
      return ok ? top : null;
    };
    const values: unknown[] = new Array<unknown>(depth);
    return (ctx, list) => {
      for (let d = 0; d < depth; d++) {
        const v = probes[d]!(ctx);
        if (!smallInt(v)) return list;
        values[d] = v;
      }
      let p = parts.get(list);
      if (p === undefined) parts.set(list, (p = split(ctx, list)));
      if (p === null) return list;
      let m: unknown = p;
      for (let d = 0; d < depth && m !== undefined; d++) m = (m as Map<unknown, unknown>).get(values[d]);
      return (m as readonly Rec[] | undefined) ?? EMPTY;
    };
  };

  /** Builds the indexes of every join lookup now rather than on first probe (for screening). */
  const lookupIndexes: (() => unknown)[] = [];

  const compileLookup = (l: LookupPlan): Fn => {
    let fetch: Fn;
    // Whether the last fetch returned a new array rather than an index bucket.
    let fresh = false;
    if (l.kind === 'household') {
      const id = expr(l.householdOf!);
      fetch = (ctx) => {
        const v = id(ctx);
        return typeof v === 'string' ? rt.household(v) : EMPTY;
      };
    } else {
      const fields = l.on.map((o) => o.field);
      // Built on first probe: a lookup that only gathers evidence for findings may never be probed.
      let built: Map<unknown, Rec[]> | undefined;
      const index = (): Map<unknown, Rec[]> => (built ??= rt.index(l.dataset, fields));
      lookupIndexes.push(index);
      const probes = l.on.map((o) => expr(o.expr));
      if (probes.length === 1) {
        const p = probes[0]!;
        fetch = (ctx) => {
          const v = p(ctx);
          fresh = false;
          if (v === null || v === undefined) return EMPTY;
          const idx = built ?? index();
          if (!Array.isArray(v)) return idx.get(v) ?? EMPTY;
          fresh = true;
          const seen = new Set<unknown>();
          const out: Rec[] = [];
          for (const k of v) {
            if (k === null || k === undefined || seen.has(k)) continue;
            seen.add(k);
            const m = idx.get(k);
            if (m) for (const x of m) out.push(x);
          }
          return out;
        };
      } else {
        const n = probes.length;
        const values: unknown[] = new Array<unknown>(n);
        fetch = (ctx) => {
          let lists = false;
          fresh = false;
          for (let i = 0; i < n; i++) {
            const v = probes[i]!(ctx);
            if (v === null || v === undefined) return EMPTY;
            if (Array.isArray(v)) lists = true;
            values[i] = v;
          }
          const nested = (built ?? index()) as Map<unknown, unknown>;
          if (!lists) {
            // Fast path: one value per field, one walk down the nested maps.
            let m: unknown = nested;
            for (let i = 0; i < n && m !== undefined; i++) m = (m as Map<unknown, unknown>).get(values[i]);
            return (m) ?? EMPTY;
          }
          fresh = true;
          let keys: unknown[][] = [[]];
          for (const v of values) {
            const vs = Array.isArray(v) ? [...new Set(v as unknown[])].filter((x) => x !== null && x !== undefined) : [v];
            keys = keys.flatMap((k) => vs.map((x) => [...k, x]));
          }
          const out: Rec[] = [];
          for (const k of keys) {
            const m = DataRuntime.probe(nested, k);
            if (m) for (const x of m) out.push(x);
          }
          return out;
        };
      }
    }
    const where = l.where ? compileCond(l.where).test : undefined;
    const part = partitionFor(l);
    const name = l.name;
    const orderBy = l.orderBy;
    const one = l.one;
    return (ctx) => {
      let list = fetch(ctx) as readonly Rec[];
      if (where && list.length > 0) {
        if (part && !fresh && list.length >= PARTITION_MIN) list = part(ctx, list);
        if (list.length > 0) list = filterWith(ctx, name, list, where) as Rec[];
      }
      if (orderBy.length > 0 && list.length > 1) list = sortBy([...list], orderBy);
      if (one) return list[0] ?? null;
      return list;
    };
  };

  // ---------------------------------------------------------- aggregates
  const asList = (v: unknown): readonly unknown[] => (v === null || v === undefined ? EMPTY : Array.isArray(v) ? v : [v]);
  let baselineData: Map<string, Map<string, unknown>> | undefined;
  let groupsForBaseline: (() => void) | undefined;

  const compileAggregate = (a: AggregatePlan): Fn => {
    if (a.op === 'baseline') {
      const part = a.partition ?? [];
      const periodKey = a.period!;
      const months = a.months ?? 6;
      const minPeriods = a.minPeriods ?? 1;
      const stat = a.stat ?? 'median';
      return (ctx) => {
        if (!baselineData) groupsForBaseline!();
        const g = ctx.group!;
        const pk = compositeKey(part.map((k) => g[k]));
        const P = String(g[periodKey]);
        const series = baselineData!.get(pk);
        const values: number[] = [];
        const periods: string[] = [];
        for (let k = months; k >= 1; k--) {
          const p = addMonths(P, -k);
          const v = series?.get(p);
          if (typeof v === 'number') {
            values.push(v);
            periods.push(p);
          }
        }
        const value = values.length < minPeriods ? null : stat === 'median' ? medianOf(values)! : values.reduce((x, y) => x + y, 0) / values.length;
        return { value, periods: values.length, months: periods, values };
      };
    }
    const over = a.over!;
    const get: Fn = over === 'rows' ? (ctx) => ctx.rows : (ctx) => ctx[over];
    const where = a.where ? compileCond(a.where).test : undefined;
    const field = a.field;
    const valueExpr = a.value ? exprOn(a.value) : undefined;
    const readField = field ? stepReader(field) : undefined;
    const valueOf = readField ?? (valueExpr ? (e: unknown) => valueExpr(e, env) : (e: unknown) => e);
    const valuesOf = (elems: readonly unknown[]): unknown[] => elems.map(valueOf);
    const plug = envIn.aggregates[a.op];
    return (ctx) => {
      let elems = asList(get(ctx));
      if (where && elems.length > 0) elems = filterWith(ctx, over, elems, where);
      switch (a.op) {
        case 'count':
          return field || valueExpr ? valuesOf(elems).filter((v) => v !== null && v !== undefined).length : elems.length;
        case 'countDistinct': {
          // Most groups are tiny (one account, one or two payees): no Set for those.
          if (elems.length <= 8) {
            const few: unknown[] = [];
            for (const e of elems) {
              const v = valueOf(e);
              if (v !== null && v !== undefined && !few.includes(v)) few.push(v);
            }
            return few.length;
          }
          const seen = new Set<unknown>();
          for (const e of elems) {
            const v = valueOf(e);
            if (v !== null && v !== undefined) seen.add(v);
          }
          return seen.size;
        }
        case 'sum': {
          let s = 0;
          for (const e of elems) {
            const v = valueOf(e);
            if (typeof v === 'number') s += v;
          }
          return s;
        }
        case 'min':
        case 'max': {
          let best: unknown;
          for (const v of valuesOf(elems)) {
            if (v === null || v === undefined) continue;
            if (best === undefined || (a.op === 'min' ? (v as number) < (best as number) : (v as number) > (best as number))) best = v;
          }
          return best;
        }
        case 'median':
          return medianOf(valuesOf(elems).filter((v): v is number => typeof v === 'number'));
        case 'avg': {
          const n = valuesOf(elems).filter((v): v is number => typeof v === 'number');
          return n.length ? n.reduce((x, y) => x + y, 0) / n.length : undefined;
        }
        case 'benford':
          return benford(valuesOf(elems));
        default:
          return plug ? plug(valuesOf(elems), elems) : undefined;
      }
    };
  };

  for (const l of plan.lookups) addSlot(l.name, compileLookup(l));
  for (const a of plan.aggregates) addSlot(a.name, compileAggregate(a));
  for (const f of plan.facts) addSlot(f.name, expr(f.expr));
  const Ctx = contextClass(slotNames, computers);
  const conditions = compileCond(plan.conditions);
  const subjectWhere = !grouped && plan.subject.where ? compileCond(plan.subject.where) : undefined;

  /**
   * Prefilters that reject a record before any context work — both exact, because they only
   * skip records that cannot match:
   * - semi-join reduction: a required `notEmpty` on a lookup keyed by one field of the record
   *   fails when that field's value is not in the index;
   * - keyed verdicts: a required leaf that reads only such a lookup (e.g. `fund.kind =
   *   means_tested`) has one verdict per key value, so it is evaluated once per fund, not once
   *   per payment, and cached.
   */
  const prefilterFor = (
    leaves: readonly LeafCondition[],
    lookups: readonly LookupPlan[],
    recordName: 'subject' | 'row',
    evaluate: (r: Rec, test: (ctx: Ctx) => boolean) => boolean,
  ): ((r: Rec) => boolean) | undefined => {
    const checks: ((r: Rec) => boolean)[] = [];
    const keyedBy = (name: string): { lookup: LookupPlan; field: string } | undefined => {
      const l = lookups.find((x) => x.name === name && x.kind === 'join' && x.on.length === 1);
      if (!l) return undefined;
      const m = new RegExp(`^${recordName}\\.([A-Za-z_]\\w*)$`).exec(l.on[0]!.expr.trim());
      if (!m) return undefined;
      if (l.where) {
        const roots = condRoots(l.where);
        if (!roots || [...roots].some((n) => n !== l.name)) return undefined;
      }
      return { lookup: l, field: m[1]! };
    };
    for (const leaf of leaves) {
      if (leaf.operator === 'notEmpty' && !leaf.path) {
        const k = keyedBy(leaf.fact);
        if (k) {
          const idx = rt.index(k.lookup.dataset, [k.lookup.on[0]!.field]);
          const read = stepReader(k.field) as (r: Rec) => unknown;
          checks.push((r) => {
            const v = read(r);
            return v !== null && v !== undefined && idx.has(v);
          });
          if (!k.lookup.where) continue;
        }
      }
      const roots = condRoots(leaf);
      if (!roots || roots.size !== 1) continue;
      const only = [...roots][0]!;
      const k = keyedBy(only);
      if (!k) continue;
      const read = stepReader(k.field) as (r: Rec) => unknown;
      const cache = new Map<unknown, boolean>();
      const test = compileCond(leaf).test;
      // Records come in runs of one key (payments by fund): the last verdict answers most.
      let lastKey: unknown;
      let lastVerdict = false;
      let primed = false;
      checks.push((r) => {
        const v = read(r);
        if (primed && v === lastKey) return lastVerdict;
        let verdict = cache.get(v);
        if (verdict === undefined) {
          verdict = evaluate(r, test);
          cache.set(v, verdict);
        }
        lastKey = v;
        lastVerdict = verdict;
        primed = true;
        return verdict;
      });
    }
    if (checks.length === 0) return undefined;
    if (checks.length === 1) return checks[0];
    return (r) => {
      for (const c of checks) if (!c(r)) return false;
      return true;
    };
  };

  const prefilter = grouped
    ? undefined
    : prefilterFor([...requiredLeaves(plan.subject.where), ...requiredLeaves(plan.conditions)], plan.lookups, 'subject', (r, test) => {
        ctx.gen++;
        ctx.subject = r;
        return test(ctx);
      });

  // ---------------------------------------------------------- emission
  const typeOfPath = (src: string): ValueType => {
    const pm = /^\$params\.([A-Za-z_]\w*)$/.exec(src.trim());
    if (pm) return plan.paramTypes[pm[1]!] ?? 'unknown';
    const m = /^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?$/.exec(src);
    if (!m) return 'unknown';
    const [, a, b] = m;
    const entry = plan.scope[a!];
    if (!entry) return 'unknown';
    if (!b) return entry.type;
    if (a === 'group') return plan.subject.groupBy.find((g) => g.name === b)?.type ?? (b === 'window_start' || b === 'window_end' ? 'date' : 'unknown');
    if (entry.dataset) {
      const f = registry.field(entry.dataset, b);
      if (f) return typeOfField(f.type);
    }
    return 'unknown';
  };
  const formatValue = (v: unknown, type: ValueType, format: string | undefined): string => {
    if (v === undefined || v === null) return '';
    if (Array.isArray(v)) return v.map((x) => formatValue(x, type, format)).join('、');
    if (typeof v === 'number') {
      if (format === 'money' || format === 'yuan' || (format === undefined && type === 'money')) return formatMoney(Math.round(v));
      return formatNumber(v);
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return JSON.stringify(v);
  };
  const template = (tpl: string): ((ctx: Ctx) => string) => {
    const parts = splitTemplate(tpl) as (string | { expr: string; format?: string })[];
    const fns = parts.map((p) => {
      if (typeof p === 'string') return () => p;
      const f = expr(p.expr);
      const t = typeOfPath(p.expr);
      const fmt = p.format;
      return (ctx: Ctx) => formatValue(f(ctx), t, fmt);
    });
    return (ctx) => fns.map((f) => f(ctx)).join('');
  };
  const keyTpl = template(plan.emit.key);
  const msgZh = template(plan.emit.message.zh);
  const msgEn = template(plan.emit.message.en);
  const dept = plan.emit.department ? expr(plan.emit.department) : undefined;
  const amountOf = plan.emit.amount !== undefined ? expr(plan.emit.amount) : undefined;
  const amount = (ctx: Ctx): number | null => {
    if (!amountOf) return null;
    const v = amountOf(ctx);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new AmountError(plan.emit.amount!, v);
    return v;
  };
  const loc = {
    id_number: plan.emit.locate.id_number ? expr(plan.emit.locate.id_number) : undefined,
    village_code: plan.emit.locate.village_code ? expr(plan.emit.locate.village_code) : undefined,
    town_code: plan.emit.locate.town_code ? expr(plan.emit.locate.town_code) : undefined,
  };
  const regions = !loc.town_code && loc.village_code && rt.has('regions') ? rt.index('regions', ['village_code']) : undefined;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
  const evidenceOf = (ctx: Ctx): EvidenceRecord[] => {
    const out: EvidenceRecord[] = [];
    for (const role of plan.emit.evidence) {
      let ds: string;
      let v: unknown;
      if (role === 'subject') {
        ds = plan.subject.dataset;
        v = ctx.subject;
      } else if (role === 'rows') {
        ds = plan.subject.dataset;
        v = ctx.rows;
      } else {
        ds = plan.lookups.find((l) => l.name === role)!.dataset;
        v = ctx[role];
      }
      const idField = registry.get(ds)?.idField;
      for (const r of asList(v)) {
        const rec = r as Rec;
        out.push({ role, dataset: ds, id: idField ? str(rec[idField]) : null, record: rec });
      }
    }
    return out;
  };
  const emit = (ctx: Ctx, key: string): Finding => {
    const village = loc.village_code ? str(loc.village_code(ctx)) : null;
    let town = loc.town_code ? str(loc.town_code(ctx)) : null;
    if (!town && village && regions) town = str(regions.get(village)?.[0]?.['town_code']);
    const evidence = evidenceOf(ctx);
    return {
      rule: plan.id,
      category: plan.category,
      severity: plan.severity,
      key,
      department_code: dept ? str(dept(ctx)) : null,
      town_code: town,
      village_code: village,
      id_number: loc.id_number ? str(loc.id_number(ctx)) : null,
      amount: amount(ctx),
      title: plan.title,
      message: { zh: msgZh(ctx), en: msgEn(ctx) },
      evidence,
      fingerprint: fingerprintOf(plan.id, key),
      evidence_hash: sha(JSON.stringify(evidence.map((e) => [e.role, e.dataset, e.record]))),
    };
  };

  // ---------------------------------------------------------- grouping
  /**
   * Groups are kept lean because most are tiny (a county's 1.5 M payments make over a million
   * id × fund × period groups of one): one map from the joined key to the members, a lone
   * member kept as itself until a second one joins, and no per-group object at all — `group`
   * is one reused view whose key getters read the group's first row.
   */
  type Members = Rec | Rec[];
  /** A grouping's groups in first-seen order, and the group of the record last staged. */
  interface GroupStore {
    readonly order: readonly Members[];
    /** The group of a record: `parts`, its key parts as text (see rowStage); `values`, as they are. */
    find(parts: readonly string[], values: () => readonly unknown[]): Members | undefined;
  }
  /** Groups built by {@link addToGroups}: nested maps, one level per key part, to group numbers. */
  interface NestedGroups {
    readonly root: Map<string, unknown>;
    readonly order: Members[];
  }
  interface Cluster {
    readonly rows: Rec[];
    readonly start: string;
    readonly end: string;
  }
  /**
   * The grouping step of one record: `false` when the record is filtered out or a key is null;
   * otherwise `true`, with the group key's parts (as text) in `stageKeys`.
   */
  let rowStage: ((row: Rec) => boolean) | undefined;
  const stageKeys: string[] = [];
  let rowKeys: ((row: Rec) => unknown[]) | undefined;
  const keyNames = plan.subject.groupBy.map((g) => g.name);
  if (grouped) {
    const rowNames: string[] = [];
    const rowComputers: Fn[] = [];
    const rowSlots = new Map<string, number>();
    for (const l of plan.subject.rowLookups) {
      rowSlots.set(l.name, rowNames.length);
      rowNames.push(l.name);
      rowComputers.push(compileLookup(l));
    }
    // compileLookup's filterWith uses the rule-level slot map; row lookups with `where` need their own.
    for (const l of plan.subject.rowLookups) if (l.where) slotOf.set(l.name, rowSlots.get(l.name)!);
    const RowCtx = contextClass(rowNames, rowComputers);
    const rctx = new RowCtx();
    const where = plan.subject.where ? compileCond(plan.subject.where).test : undefined;
    const fns = plan.subject.groupBy.map((g) => expr(g.expr));
    const n = fns.length;
    const rowPrefilter = prefilterFor(requiredLeaves(plan.subject.where), plan.subject.rowLookups, 'row', (r, test) => {
      rctx.gen++;
      rctx.row = r;
      return test(rctx);
    });
    rowStage = (row) => {
      if (rowPrefilter && !rowPrefilter(row)) return false;
      rctx.gen++;
      rctx.row = row;
      if (where && !where(rctx)) return false;
      for (let i = 0; i < n; i++) {
        const v = fns[i]!(rctx);
        if (v === null || v === undefined) return false;
        stageKeys[i] = keyPart(v);
      }
      return true;
    };
    rowKeys = (row) => {
      rctx.gen++;
      rctx.row = row;
      return fns.map((f) => f(rctx));
    };
  }

  /** The reused `group` view: `size`, the window bounds, and a getter per group key. */
  class GroupView {
    rows: readonly Rec[] = EMPTY;
    window_start: string | undefined = undefined;
    window_end: string | undefined = undefined;
    version = 0;
    keysVersion = -1;
    keyValues: unknown[] = [];
    get size(): number {
      return this.rows.length;
    }
    keys(): unknown[] {
      if (this.keysVersion !== this.version) {
        this.keyValues = rowKeys!(this.rows[0]!);
        this.keysVersion = this.version;
      }
      return this.keyValues;
    }
    /** A plain copy, for explanations. */
    snapshot(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      const k = this.keys();
      keyNames.forEach((name, i) => (out[name] = k[i]));
      if (this.window_start !== undefined) Object.assign(out, { window_start: this.window_start, window_end: this.window_end });
      out['size'] = this.rows.length;
      return out;
    }
  }
  keyNames.forEach((name, i) => {
    if (name === 'size' || name === 'window_start' || name === 'window_end') return;
    Object.defineProperty(GroupView.prototype, name, {
      get(this: GroupView) {
        return this.keys()[i];
      },
      enumerable: true,
    });
  });
  const view = new GroupView();
  const single: Rec[] = [];

  let groups: GroupStore | undefined;
  let clusters: Cluster[] | undefined;
  // Rules that group one dataset the same way (same filter, keys and row lookups) share the map.
  const groupingSpec = JSON.stringify([plan.subject.dataset, plan.subject.where ?? null, plan.subject.groupBy.map((g) => g.expr), plan.subject.rowLookups]);
  const groupingParams = Object.keys(plan.params)
    .filter((p) => groupingSpec.includes(`$params.${p}`) || groupingSpec.includes(`"param":"${p}"`))
    .map((p) => [p, plan.params[p]]);
  const groupingId = JSON.stringify([groupingSpec, groupingParams]);
  /**
   * Groups keyed by plain fields of the record alone (`row.id_number`, no filter, no row
   * lookups) are exactly the buckets of the dataset's hash index on those fields, in the same
   * first-seen order: the index is used (often built already for a lookup) instead of a new map.
   */
  const plainFields = plan.subject.groupBy.map((g) => /^\s*row\.([A-Za-z_]\w*)\s*$/.exec(g.expr)?.[1]);
  const groupIndex =
    grouped && !plan.subject.where && plan.subject.rowLookups.length === 0 && plainFields.length > 0 && plainFields.every((f) => f !== undefined && registry.field(plan.subject.dataset, f) !== undefined)
      ? { dataset: plan.subject.dataset, fields: plainFields as string[] }
      : undefined;
  /** Adds one record to a group store (the grouping step, also driven by the engine's fused pass). */
  const addToGroups = (store: NestedGroups, row: Rec): void => {
    if (!rowStage!(row)) return;
    const last = stageKeys.length - 1;
    let m = store.root;
    for (let i = 0; i < last; i++) {
      const k = stageKeys[i]!;
      let next = m.get(k) as Map<string, unknown> | undefined;
      if (next === undefined) m.set(k, (next = new Map()));
      m = next;
    }
    const k = stageKeys[last]!;
    const g = m.get(k) as number | undefined;
    const order = store.order;
    if (g === undefined) {
      m.set(k, order.length);
      order.push(row);
    } else {
      const cur = order[g]!;
      if (Array.isArray(cur)) cur.push(row);
      else order[g] = [cur, row];
    }
  };
  const nestedStore = (): NestedGroups & GroupStore => {
    const store = {
      root: new Map<string, unknown>(),
      order: [] as Members[],
      find(parts: readonly string[]): Members | undefined {
        let m: unknown = store.root;
        for (let i = 0; i < parts.length && m !== undefined; i++) m = (m as Map<string, unknown>).get(parts[i]!);
        return m === undefined ? undefined : store.order[m as number];
      },
    };
    return store;
  };
  const buildGroups = (): void => {
    if (groups) return;
    const store = rt.shared<GroupStore>(groupingId, () => {
      const order = groupIndex && rt.buckets(groupIndex.dataset, groupIndex.fields);
      if (order) {
        const idx = rt.index(groupIndex.dataset, groupIndex.fields) as Map<unknown, unknown>;
        return {
          order,
          find(_parts: readonly string[], values: () => readonly unknown[]): Members | undefined {
            return DataRuntime.probe(idx, values()) as Rec[] | undefined;
          },
        };
      }
      const s0 = nestedStore();
      for (const row of rt.rows(plan.subject.dataset)) addToGroups(s0, row);
      return s0;
    });
    groups = store;
    const w = plan.subject.window;
    if (w) {
      const order = [w.date, ...w.orderBy];
      clusters = [];
      for (const m of store.order) {
        const rows = Array.isArray(m) ? sortBy([...m], order) : [m];
        let i = 0;
        while (i < rows.length) {
          const start = rows[i]![w.date] as string;
          const limit = dayNumber(start) + w.days;
          let j = i + 1;
          while (j < rows.length && dayNumber(rows[j]![w.date] as string) <= limit) j++;
          const members = rows.slice(i, j);
          clusters.push({ rows: members, start, end: members.at(-1)![w.date] as string });
          i = j;
        }
      }
    }
  };

  const ctx = new Ctx();
  const setView = (rows: readonly Rec[], cluster?: Cluster): void => {
    ctx.gen++;
    view.version++;
    view.rows = rows;
    view.window_start = cluster?.start;
    view.window_end = cluster?.end;
    ctx.group = view as unknown as Record<string, unknown>;
    ctx.rows = rows;
  };
  /** Visits every group (or window cluster) with the view set; stops when `visit` returns true. */
  const eachGroup = (visit: () => boolean | undefined): number => {
    buildGroups();
    let n = 0;
    if (clusters) {
      for (const c of clusters) {
        budget?.tick();
        setView(c.rows, c);
        n++;
        if (visit() === true) break;
      }
      return n;
    }
    for (const m of groups!.order) {
      budget?.tick();
      let rows: Rec[];
      if (Array.isArray(m)) rows = m;
      else {
        single[0] = m;
        rows = single;
      }
      setView(rows);
      n++;
      if (visit() === true) break;
    }
    return n;
  };
  const setSubject = (r: Rec): void => {
    ctx.gen++;
    ctx.subject = r;
  };

  if (plan.aggregates.some((a) => a.op === 'baseline')) {
    groupsForBaseline = () => {
      baselineData = new Map();
      const bases = plan.aggregates.filter((a) => a.op === 'baseline');
      // A copy: a lone member's rows array is reused by the pass below.
      const saved = { rows: [...view.rows], start: view.window_start, end: view.window_end };
      const g = view as unknown as Record<string, unknown>;
      for (const b of bases) {
        eachGroup(() => {
          const pk = compositeKey((b.partition ?? []).map((k) => g[k]));
          let series = baselineData!.get(pk);
          if (!series) baselineData!.set(pk, (series = new Map<string, unknown>()));
          series.set(String(g[b.period!]), ctx[b.of!]);
          return undefined;
        });
      }
      // Back to the group being evaluated; its memoised values are stale now.
      setView(saved.rows, saved.start === undefined ? undefined : { rows: saved.rows, start: saved.start, end: saved.end! });
    };
  }

  const finish = (found: Map<string, Finding>): Finding[] => [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // A row subject's scan, in three steps so that the engine can fuse the scans of every rule
  // over one dataset into a single pass (each record is read once, and lookups that several
  // rules make for it — the payee's registry row, household — hit the runtime's last-key memo).
  let found = new Map<string, Finding>();
  const test = conditions.test;
  const where = subjectWhere?.test;
  const visit = (r: Rec): void => {
    if (prefilter && !prefilter(r)) return;
    ctx.gen++;
    ctx.subject = r;
    if (where && !where(ctx)) return;
    if (test(ctx)) {
      const key = keyTpl(ctx);
      if (!found.has(key)) found.set(key, emit(ctx, key));
    }
  };
  const scan = {
    begin(): void {
      found = new Map();
    },
    visit,
    end(): { findings: Finding[]; subjects: number } {
      const out = finish(found);
      found = new Map();
      return { findings: out, subjects: rt.rows(plan.subject.dataset).length };
    },
  };

  const run = (): { findings: Finding[]; subjects: number } => {
    if (grouped) {
      found = new Map();
      const subjects = eachGroup(() => {
        if (keep && !keep(view.rows)) return undefined;
        if (test(ctx)) {
          const key = keyTpl(ctx);
          if (!found.has(key)) found.set(key, emit(ctx, key));
        }
        return undefined;
      });
      const out = finish(found);
      found = new Map();
      return { findings: out, subjects };
    }
    scan.begin();
    for (const r of rt.rows(plan.subject.dataset)) visit(r);
    return scan.end();
  };

  const materialise = (): { lookups: Record<string, unknown>; aggregates: Record<string, unknown>; facts: Record<string, unknown>; context: Record<string, unknown> } => {
    const lookups: Record<string, unknown> = {};
    const aggregates: Record<string, unknown> = {};
    const facts: Record<string, unknown> = {};
    for (const l of plan.lookups) lookups[l.name] = snapshot(ctx[l.name]);
    for (const a of plan.aggregates) aggregates[a.name] = snapshot(ctx[a.name]);
    for (const f of plan.facts) facts[f.name] = snapshot(ctx[f.name]);
    const context: Record<string, unknown> = { ...lookups, ...aggregates, ...facts };
    if (grouped) {
      context['group'] = view.snapshot();
      context['rows'] = [...view.rows];
    } else context['subject'] = ctx.subject;
    return { lookups, aggregates, facts, context };
  };

  const explainCurrent = (key: string, records: readonly Rec[], group?: Record<string, unknown>): RuleExplanation => {
    const whereTrace = subjectWhere?.trace(ctx);
    const condTrace = conditions.trace(ctx);
    const matched = (whereTrace?.result ?? true) && condTrace.result;
    const m = materialise();
    return {
      rule: plan.id,
      key,
      matched,
      subject: { dataset: plan.subject.dataset, records, ...(group ? { group } : {}) },
      ...(whereTrace ? { where: whereTrace } : {}),
      conditions: condTrace,
      ...m,
      params: plan.params,
      ...(matched ? { finding: emit(ctx, key) } : {}),
    };
  };

  const explain = (key: string): RuleExplanation | undefined => {
    if (grouped) {
      let found: RuleExplanation | undefined;
      eachGroup(() => {
        if (keyTpl(ctx) !== key) return false;
        found = explainCurrent(key, [...view.rows], view.snapshot());
        return true;
      });
      return found;
    }
    // A key that is one field of the subject (`{{subject.payment_id}}`) is found by its index.
    const direct = /^\{\{\s*subject\.([A-Za-z_]\w*)\s*\}\}$/.exec(plan.emit.key);
    const candidates = direct ? (rt.index(plan.subject.dataset, [direct[1]!]).get(key) ?? EMPTY) : rt.rows(plan.subject.dataset);
    for (const r of candidates) {
      setSubject(r);
      if (keyTpl(ctx) === key) return explainCurrent(key, [r]);
    }
    return undefined;
  };

  const screen = (record: Rec): Finding[] => {
    if (!grouped) {
      setSubject(record);
      if (subjectWhere && !subjectWhere.test(ctx)) return [];
      if (!conditions.test(ctx)) return [];
      return [emit(ctx, keyTpl(ctx))];
    }
    if (plan.subject.window || plan.aggregates.some((a) => a.op === 'baseline')) return [];
    buildGroups();
    if (!rowStage!(record)) return [];
    const m = groups!.find(stageKeys, () => rowKeys!(record));
    const rows = m === undefined ? [record] : Array.isArray(m) ? [...m, record] : [m, record];
    setView(rows);
    if (!conditions.test(ctx)) return [];
    return [emit(ctx, keyTpl(ctx))];
  };

  const warm = (): void => {
    for (const build of lookupIndexes) build();
    if (grouped) buildGroups();
    if (rt.has('persons')) {
      rt.index('persons', ['id_number']);
      rt.index('persons', ['household_id']);
    }
  };

  const grouping = grouped
    ? {
        id: groupingId,
        ...(groupIndex ? { index: groupIndex } : {}),
        build: (): { add: (row: Rec) => void; done: () => void } | undefined => {
          if (rt.hasShared(groupingId) || (groupIndex && rt.buckets(groupIndex.dataset, groupIndex.fields))) return undefined;
          const store = nestedStore();
          return { add: (row: Rec) => addToGroups(store, row), done: () => rt.shared<GroupStore>(groupingId, () => store) };
        },
      }
    : undefined;

  return { plan, run, explain, screen, warm, ...(grouping ? { grouping } : { scan }) };
}

const BENFORD = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => Math.log10(1 + 1 / d));

/** First-digit distribution against Benford's law: mean absolute deviation of the shares. */
export function benford(values: readonly unknown[]): { mad: number; count: number; shares: number[] } {
  const counts = new Array<number>(9).fill(0);
  let n = 0;
  for (const v of values) {
    if (typeof v !== 'number' || v === 0 || !Number.isFinite(v)) continue;
    let x = Math.abs(v);
    while (x >= 10) x = Math.floor(x / 10);
    while (x < 1) x *= 10;
    const d = Math.floor(x);
    counts[d - 1]!++;
    n++;
  }
  const shares = counts.map((c) => (n ? c / n : 0));
  const mad = n ? shares.reduce((s, sh, i) => s + Math.abs(sh - BENFORD[i]!), 0) / 9 : 0;
  return { mad, count: n, shares };
}
