/**
 * The in-process executor's compiler: a {@link RulePlan} becomes closures over one run's data.
 * The rule context (subject, lookups, aggregates, facts) is an object whose names are lazy,
 * memoised getters, reused from one subject to the next, so a condition that fails early
 * never pays for the lookups it did not need and the loop allocates nothing per row.
 */
import { createHash } from 'node:crypto';
import type { Condition, LeafCondition } from '../dsl/rule-schema.js';
import { compileExpression, stepReader, type CompiledExpr, type ExprEnv } from '../dsl/expression.js';
import type { FunctionDef } from '../dsl/functions.js';
import type { OperatorDef } from '../dsl/operators.js';
import { median as medianOf } from '../dsl/functions.js';
import type { DatasetRegistry } from '../schema/datasets.js';
import { addMonths, dayNumber, formatMoney } from '../schema/values.js';
import type { EvidenceRecord, Finding } from '../findings/finding.js';
import type { AggregatePlan, LookupPlan, RulePlan, ValueType } from '../plan/rule-plan.js';
import { splitTemplate, typeOfField } from '../plan/plan-rule.js';
import { compositeKey, type DataRuntime, type Rec } from './data-runtime.js';
import { compileCondition, snapshot, type ConditionTrace } from './compile-condition.js';

/** A plug-in aggregate: folds the elements' values into one value. */
export interface AggregateImpl {
  (values: readonly unknown[], elements: readonly unknown[]): unknown;
}

export interface ExecEnvironment {
  readonly registry: DatasetRegistry;
  readonly operators: Readonly<Record<string, OperatorDef>>;
  readonly functions: Readonly<Record<string, FunctionDef>>;
  readonly aggregates: Readonly<Record<string, AggregateImpl>>;
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
  run(onSubject?: (done: number) => void): { findings: Finding[]; subjects: number };
  /** Explains one key: the subject's context, every condition's inputs and verdict. */
  explain(key: string): RuleExplanation | undefined;
  /** Evaluates one new record as a subject (non-grouped rules) or as a new member of its group. */
  screen(record: Rec): Finding[];
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

/**
 * Compiles a plan for one run.
 */
export function compileRule(plan: RulePlan, rt: DataRuntime, asOf: string, envIn: ExecEnvironment): CompiledRule {
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

  const compileLookup = (l: LookupPlan): Fn => {
    let fetch: Fn;
    if (l.kind === 'household') {
      const id = expr(l.householdOf!);
      fetch = (ctx) => {
        const v = id(ctx);
        return typeof v === 'string' ? rt.household(v) : EMPTY;
      };
    } else {
      const fields = l.on.map((o) => o.field);
      const idx = rt.index(l.dataset, fields);
      const probes = l.on.map((o) => expr(o.expr));
      if (probes.length === 1) {
        const p = probes[0]!;
        fetch = (ctx) => {
          const v = p(ctx);
          if (v === null || v === undefined) return EMPTY;
          if (!Array.isArray(v)) return idx.get(v) ?? EMPTY;
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
        fetch = (ctx) => {
          let keys: unknown[][] = [[]];
          for (const p of probes) {
            const v = p(ctx);
            if (v === null || v === undefined) return EMPTY;
            const vs = Array.isArray(v) ? [...new Set(v as unknown[])].filter((x) => x !== null && x !== undefined) : [v];
            keys = keys.flatMap((k) => vs.map((x) => [...k, x]));
          }
          const out: Rec[] = [];
          for (const k of keys) {
            const m = idx.get(compositeKey(k));
            if (m) for (const x of m) out.push(x);
          }
          return out;
        };
      }
    }
    const where = l.where ? compileCond(l.where).test : undefined;
    const name = l.name;
    const orderBy = l.orderBy;
    const one = l.one;
    return (ctx) => {
      let list = fetch(ctx) as readonly Rec[];
      if (where && list.length > 0) list = filterWith(ctx, name, list, where) as Rec[];
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
   * Semi-join reduction: when the conditions require a keyed lookup to be non-empty and the
   * lookup probes one field of the subject, a subject whose key is not in the index cannot
   * match, so it is skipped with one hash probe before any context work.
   */
  const semiJoins: ((r: Rec) => boolean)[] = [];
  if (!grouped) {
    const required = (c: Condition): LeafCondition[] =>
      'all' in c ? c.all.flatMap(required) : 'any' in c || 'not' in c ? [] : [c];
    for (const leaf of required(plan.conditions)) {
      if (leaf.operator !== 'notEmpty' || leaf.path) continue;
      const l = plan.lookups.find((x) => x.name === leaf.fact && x.kind === 'join' && x.on.length === 1);
      const m = l ? /^subject\.([A-Za-z_]\w*)$/.exec(l.on[0]!.expr.trim()) : null;
      if (!l || !m) continue;
      const idx = rt.index(l.dataset, [l.on[0]!.field]);
      const read = stepReader(m[1]!) as (r: Rec) => unknown;
      semiJoins.push((r) => {
        const k = read(r);
        return k !== null && k !== undefined && idx.has(k);
      });
    }
  }
  const prefilter: ((r: Rec) => boolean) | undefined =
    semiJoins.length === 0 ? undefined : semiJoins.length === 1 ? semiJoins[0] : (r) => semiJoins.every((f) => f(r));

  // ---------------------------------------------------------- emission
  const typeOfPath = (src: string): ValueType => {
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
      title: plan.title,
      message: { zh: msgZh(ctx), en: msgEn(ctx) },
      evidence,
      fingerprint: fingerprintOf(plan.id, key),
      evidence_hash: sha(JSON.stringify(evidence.map((e) => [e.role, e.dataset, e.record]))),
    };
  };

  // ---------------------------------------------------------- grouping
  interface Group {
    /** The group's keys plus `size` (and the window bounds): what `group` reads. */
    readonly keys: Record<string, unknown>;
    readonly rows: Rec[];
  }
  let rowStage: ((row: Rec) => string | undefined) | undefined;
  let groupKeysOf: ((row: Rec) => Record<string, unknown>) | undefined;
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
    const keyFns = plan.subject.groupBy.map((g) => ({ name: g.name, fn: expr(g.expr) }));
    if (keyFns.length === 1) {
      const k0 = keyFns[0]!.fn;
      rowStage = (row) => {
        rctx.gen++;
        rctx.row = row;
        if (where && !where(rctx)) return undefined;
        const v = k0(rctx);
        return v === null || v === undefined ? undefined : typeof v === 'string' ? v : compositeKey([v]);
      };
    } else {
      rowStage = (row) => {
        rctx.gen++;
        rctx.row = row;
        if (where && !where(rctx)) return undefined;
        const parts: unknown[] = [];
        for (const k of keyFns) {
          const v = k.fn(rctx);
          if (v === null || v === undefined) return undefined;
          parts.push(v);
        }
        return compositeKey(parts);
      };
    }
    groupKeysOf = (row) => {
      rctx.gen++;
      rctx.row = row;
      const out: Record<string, unknown> = {};
      for (const k of keyFns) out[k.name] = k.fn(rctx);
      return out;
    };
  }

  let groupsCache: Group[] | undefined;
  let groupIndex: Map<string, Group> | undefined;
  const buildGroups = (): Group[] => {
    if (groupsCache) return groupsCache;
    const map = new Map<string, Group>();
    for (const row of rt.rows(plan.subject.dataset)) {
      const k = rowStage!(row);
      if (k === undefined) continue;
      const g = map.get(k);
      if (g) g.rows.push(row);
      else map.set(k, { keys: groupKeysOf!(row), rows: [row] });
    }
    groupIndex = map;
    let groups = [...map.values()];
    for (const g of groups) g.keys['size'] = g.rows.length;
    const w = plan.subject.window;
    if (w) {
      const order = [w.date, ...w.orderBy];
      const split: Group[] = [];
      for (const g of groups) {
        const rows = sortBy([...g.rows], order);
        let i = 0;
        while (i < rows.length) {
          const start = rows[i]![w.date] as string;
          const limit = dayNumber(start) + w.days;
          let j = i + 1;
          while (j < rows.length && dayNumber(rows[j]![w.date] as string) <= limit) j++;
          const members = rows.slice(i, j);
          split.push({ keys: { ...g.keys, window_start: start, window_end: members.at(-1)![w.date], size: members.length }, rows: members });
          i = j;
        }
      }
      groups = split;
    }
    groupsCache = groups;
    return groups;
  };

  const ctx = new Ctx();
  const setGroup = (g: Group): void => {
    ctx.gen++;
    ctx.group = g.keys;
    ctx.rows = g.rows;
  };
  const setSubject = (r: Rec): void => {
    ctx.gen++;
    ctx.subject = r;
  };

  if (plan.aggregates.some((a) => a.op === 'baseline')) {
    groupsForBaseline = () => {
      baselineData = new Map();
      const bases = plan.aggregates.filter((a) => a.op === 'baseline');
      const saved = { group: ctx.group, rows: ctx.rows };
      for (const b of bases) {
        for (const g of buildGroups()) {
          setGroup(g);
          const pk = compositeKey((b.partition ?? []).map((k) => g.keys[k]));
          let series = baselineData.get(pk);
          if (!series) baselineData.set(pk, (series = new Map<string, unknown>()));
          series.set(String(g.keys[b.period!]), ctx[b.of!]);
        }
      }
      ctx.gen++; // the current group's memoised values are stale now
      ctx.group = saved.group;
      ctx.rows = saved.rows;
    };
  }

  const finish = (found: Map<string, Finding>): Finding[] => [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const run = (onSubject?: (done: number) => void): { findings: Finding[]; subjects: number } => {
    const found = new Map<string, Finding>();
    const test = conditions.test;
    let subjects = 0;
    if (grouped) {
      const groups = buildGroups();
      for (const g of groups) {
        setGroup(g);
        subjects++;
        if (test(ctx)) {
          const key = keyTpl(ctx);
          if (!found.has(key)) found.set(key, emit(ctx, key));
        }
      }
    } else {
      const rows = rt.rows(plan.subject.dataset);
      const where = subjectWhere?.test;
      const n = rows.length;
      subjects = n;
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        if (prefilter && !prefilter(r)) continue;
        ctx.gen++;
        ctx.subject = r;
        if (where && !where(ctx)) continue;
        if (test(ctx)) {
          const key = keyTpl(ctx);
          if (!found.has(key)) found.set(key, emit(ctx, key));
        }
        if (onSubject && (i & 0xffff) === 0) onSubject(i);
      }
    }
    return { findings: finish(found), subjects };
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
      context['group'] = ctx.group;
      context['rows'] = ctx.rows;
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
      for (const g of buildGroups()) {
        setGroup(g);
        if (keyTpl(ctx) === key) return explainCurrent(key, g.rows, ctx.group);
      }
      return undefined;
    }
    for (const r of rt.rows(plan.subject.dataset)) {
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
    const k = rowStage!(record);
    if (k === undefined) return [];
    const g = groupIndex!.get(k);
    const rows = g ? [...g.rows, record] : [record];
    setGroup({ keys: { ...(g?.keys ?? groupKeysOf!(record)), size: rows.length }, rows });
    if (!conditions.test(ctx)) return [];
    return [emit(ctx, keyTpl(ctx))];
  };

  return { plan, run, explain, screen };
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
