/**
 * The in-process executor's compiler: a {@link RulePlan} becomes closures over one run's data.
 * This file assembles the parts, each a function of one explicit {@link RuleCompilation}:
 * the rule context (`rule-context.ts`), lookups (`lookups.ts`, `partitioned-where.ts`),
 * aggregates (`aggregates.ts`), prefilters (`prefilters.ts`), grouping (`grouping.ts` and the
 * row stage, stores and view it uses), emission (`templates/`) and explanations (`explain.ts`).
 */
import type { Finding } from '../findings/finding.js';
import type { RulePlan } from '../plan/rule-plan.js';
import { compileAggregate } from './aggregates.js';
import { requiredLeaves } from './condition-leaves.js';
import type { DataRuntime, Rec } from './data-runtime.js';
import { createExplain, type RuleExplanation } from './explain.js';
import { createGrouping, type GroupingSpec } from './grouping.js';
import { compileLookup } from './lookups.js';
import { prefilterFor } from './prefilters.js';
import { contextClass, type Fn } from './rule-context.js';
import { createRuleCompilation, type ExecEnvironment } from './rule-compilation.js';
import { createScreenAggregates } from './screen-aggregates.js';
import { windowOf } from './screen-window.js';
import { createEmitter } from './templates/emit.js';
import { HOUSEHOLD_INDEXES, PERSONS } from '../schema/household.js';

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
  readonly grouping?: GroupingSpec;
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
  const cc = createRuleCompilation(plan, rt, asOf, envIn);
  const grouped = plan.subject.grouped;

  // The rule context: a slot per lookup, aggregate and fact, in that order.
  const slotNames: string[] = [];
  const computers: Fn[] = [];
  const addSlot = (name: string, fn: Fn): void => {
    cc.slotOf.set(name, slotNames.length);
    slotNames.push(name);
    computers.push(fn);
  };
  for (const l of plan.lookups) addSlot(l.name, compileLookup(cc, l));
  // Screening a grouped rule reads aggregates over rows incrementally (see screen-aggregates.ts).
  const screenAggs = grouped ? createScreenAggregates(cc) : undefined;
  for (const a of plan.aggregates) addSlot(a.name, screenAggs ? screenAggs.wrap(a, compileAggregate(cc, a)) : compileAggregate(cc, a));
  for (const f of plan.facts) addSlot(f.name, cc.expr(f.expr));
  const Ctx = contextClass(slotNames, computers);
  const ctx = new Ctx();
  const conditions = cc.cond(plan.conditions);
  const subjectWhere = !grouped && plan.subject.where ? cc.cond(plan.subject.where) : undefined;

  const prefilter = grouped
    ? undefined
    : prefilterFor(cc, [...requiredLeaves(plan.subject.where), ...requiredLeaves(plan.conditions)], plan.lookups, 'subject', (r, test) => {
        ctx.gen++;
        ctx.subject = r;
        return test(ctx);
      });

  const emitter = createEmitter(cc);
  const keyTpl = emitter.key;
  const emit = emitter.emit;
  const grouping = grouped ? createGrouping(cc, ctx) : undefined;

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
    if (grouping) {
      const view = grouping.view;
      found = new Map();
      const subjects = grouping.eachGroup(() => {
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

  const explain = createExplain(cc, { ctx, conditions, subjectWhere, emitter, grouping });

  const screen = (record: Rec): Finding[] => {
    if (!grouping) {
      if (prefilter && !prefilter(record)) return [];
      ctx.gen++;
      ctx.subject = record;
      if (subjectWhere && !subjectWhere.test(ctx)) return [];
      if (!conditions.test(ctx)) return [];
      return [emit(ctx, keyTpl(ctx))];
    }
    // A baseline reads earlier periods' groups only, which the record does not join: the series
    // built over the loaded data is the one a run with the record would read.
    const rows = grouping.joined(record);
    if (rows === undefined) return [];
    const w = plan.subject.window;
    if (w) {
      const c = windowOf(rows, w);
      grouping.setView(c.rows);
      grouping.view.window_start = c.start;
      grouping.view.window_end = c.end;
    } else grouping.setView(rows);
    screenAggs!.begin(rows);
    try {
      if (!conditions.test(ctx)) return [];
      return [emit(ctx, keyTpl(ctx))];
    } finally {
      screenAggs!.end();
    }
  };

  const warm = (): void => {
    for (const build of cc.lookupIndexes) build();
    if (grouping) {
      grouping.build();
      cc.baseline.build?.();
      // Big groups' aggregate states, so that no screening folds them.
      if (screenAggs!.incremental.length > 0 && !plan.subject.window) {
        grouping.eachGroup(() => {
          screenAggs!.prime(ctx);
          return undefined;
        });
      }
    }
    if (rt.has(PERSONS)) for (const i of HOUSEHOLD_INDEXES) rt.index(i.dataset, i.fields);
  };

  return { plan, run, explain, screen, warm, ...(grouping ? { grouping: grouping.spec } : { scan }) };
}
