/**
 * The engine an integrator embeds: rules + parameter overrides + asOf + plug-ins in; findings,
 * explanations and single-record screening out.
 */
import { BUILTIN_FUNCTIONS, type FunctionDef } from '../dsl/functions.js';
import { BUILTIN_OPERATORS, type OperatorDef } from '../dsl/operators.js';
import type { Rule, WrittenRule } from '../dsl/rule-schema.js';
import { completeRule } from '../dsl/complete-rule.js';
import { formatProblemIn } from '../dsl/load-pack.js';
import { SunshineError } from '../errors.js';
import type { Finding } from '../findings/finding.js';
import { planRule } from '../plan/plan-rule.js';
import type { PlanEnvironment, Problem } from '../plan/plan-context.js';
import type { RulePlan } from '../plan/rule-plan.js';
import { DatasetRegistry, DATASETS } from '../schema/datasets.js';
import { HOUSEHOLD_INDEXES } from '../schema/household.js';
import { parseDate } from '../schema/values.js';
import { loadData, type LoadDataOptions, type LoadedData } from '../source/load-data.js';
import type { Source } from '../source/source.js';
import { compileRule, type CompiledRule } from '../exec/compile-rule.js';
import type { AggregateImpl } from '../dsl/aggregates.js';
import type { RuleExplanation } from '../exec/explain.js';
import type { ExecEnvironment } from '../exec/rule-compilation.js';
import { DataRuntime } from '../exec/data-runtime.js';
import type { FailedRule, ParamOverrides, RuleSummary, RunProgress, RunResult, SkippedRule, Tables, RuleRunStat } from './engine-types.js';
import { AmountError, EvaluationError } from '../dsl/expression.js';
import { RuleBudget, RuleTimeoutError } from '../exec/rule-budget.js';

/** How long one rule may run by default: five minutes. */
export const DEFAULT_RULE_TIMEOUT_MS = 300_000;
import type { FindingSink, SunshinePlugin } from './plugin.js';

export interface EngineOptions {
  /** The rules to run (e.g. from `loadPacks`); a text in one language alone shows in both (`completeRule`). */
  readonly rules: readonly (Rule | WrittenRule)[];
  /** Parameter overrides per rule id. */
  readonly params?: ParamOverrides;
  /**
   * The date rules treat as "now" (`YYYY-MM-DD`).
   * @default today (UTC)
   */
  readonly asOf?: string;
  readonly plugins?: readonly SunshinePlugin[];
}

export interface RunOptions {
  readonly onProgress?: (p: RunProgress) => void;
  /** Run only these rule ids. */
  readonly only?: readonly string[];
  /**
   * Milliseconds one rule may run before it is stopped with a `TIMEOUT` failure (0: no limit).
   * @default 300000
   */
  readonly ruleTimeoutMs?: number;
}

/** Data prepared once for many screenings (indexes built, rules compiled). */
export interface PreparedData {
  /** Screens one new record of `dataset` against every rule whose subject it is. */
  screen(dataset: string, record: Readonly<Record<string, string | number | null>>): Finding[];
  /** Explains one rule's verdict for one key, reusing the prepared indexes (many explanations, one preparation). */
  explain(ruleId: string, key: string): RuleExplanation | undefined;
}

export interface Engine {
  readonly asOf: string;
  readonly plans: readonly RulePlan[];
  /** What the planner and executor know: the model plus plug-ins. */
  readonly environment: EngineEnvironment;
  summaries(): RuleSummary[];
  /** Runs every rule over loaded tables (from `loadData`, or a map of dataset → records), yielding to the event loop between rules. */
  run(data: LoadedData | Tables, options?: RunOptions): Promise<RunResult>;
  /** The same, without yielding (finding sinks are not called). */
  runSync(data: LoadedData | Tables, options?: RunOptions): RunResult;
  /** Loads a source, then runs; the result carries the rejected rows. */
  runSource(source: Source, options?: RunOptions & Pick<LoadDataOptions, 'onProgress'> & { onLoadProgress?: LoadDataOptions['onProgress'] }): Promise<RunResult & { readonly load: LoadedData }>;
  /** Explains one rule's verdict for one key. */
  explain(data: LoadedData | Tables, ruleId: string, key: string): RuleExplanation | undefined;
  /** Builds indexes and compiles rules once, for screening single records. */
  prepare(data: LoadedData | Tables): PreparedData;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function isLoaded(d: LoadedData | Tables): d is LoadedData {
  return 'tables' in d && 'missing' in d;
}

/** What rules are checked and run against: the data model plus what plug-ins add. */
export interface EngineEnvironment extends ExecEnvironment {
  /** The same, in the form the planner and pack validation take. */
  readonly plan: PlanEnvironment;
}

/** Builds the environment from the canonical model and plug-ins. */
export function buildEnvironment(plugins: readonly SunshinePlugin[] = []): EngineEnvironment {
  const registry = new DatasetRegistry(DATASETS);
  const operators: Record<string, OperatorDef> = { ...BUILTIN_OPERATORS };
  const functions: Record<string, FunctionDef> = { ...BUILTIN_FUNCTIONS };
  const aggregates: Record<string, AggregateImpl> = {};
  for (const p of plugins) {
    for (const d of p.datasets ?? []) {
      try {
        registry.add(d);
      } catch (e) {
        throw new SunshineError('PLUGIN', `plug-in \`${p.name}\`: ${(e as Error).message}`);
      }
    }
    for (const [name, o] of Object.entries(p.operators ?? {})) {
      operators[name] = typeof o === 'function' ? { fn: o, fact: 'any', value: 'any', doc: `from plug-in ${p.name}` } : o;
    }
    for (const [name, f] of Object.entries(p.functions ?? {})) {
      functions[name] = typeof f === 'function' ? { fn: f, arity: [0, 9], doc: `from plug-in ${p.name}` } : f;
    }
    Object.assign(aggregates, p.aggregates ?? {});
  }
  return { registry, operators, functions, aggregates, plan: { registry, operators, functions, aggregates: Object.keys(aggregates) } };
}

/**
 * Creates an engine. Throws {@link SunshineError} (`INVALID_PACK`, `INVALID_PARAMS`) when a
 * rule does not plan or an override names an unknown rule or parameter.
 *
 * @example
 * ```ts
 * const { rules } = await loadPacks([stdlibDir]);
 * const engine = createEngine({ rules, asOf: '2024-12-31', params: { 'shared-account': { minPersons: 4 } } });
 * const result = await engine.run(await loadData(createFolderSource({ dir: './county' })));
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  const opts = Object.freeze({ ...options });
  const asOf = opts.asOf ?? today();
  if (!parseDate(asOf).ok || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new SunshineError('INVALID_INPUT', `\`asOf\` must be a date YYYY-MM-DD, got \`${asOf}\``, {}, { messageZh: `比对基准日 \`asOf\` 必须是 YYYY-MM-DD 格式的日期，实际是 \`${asOf}\`` });
  const plugins = opts.plugins ?? [];
  const env = buildEnvironment(plugins);
  const planEnv = env.plan;
  const execEnv: ExecEnvironment = env;
  const rules = [...opts.rules, ...plugins.flatMap((p) => p.rules ?? [])].map(completeRule);
  const ids = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(opts.params ?? {})) {
    if (!ids.has(id)) throw new SunshineError('UNKNOWN_RULE', `parameter overrides name an unknown rule \`${id}\``, { pointer: `/${id}` }, { messageZh: `参数设置中的比对模型 \`${id}\` 不存在（未加载）` });
  }
  const plans: RulePlan[] = [];
  const problems: (Problem & { rule: string })[] = [];
  for (const rule of rules) {
    const r = planRule(rule, planEnv, opts.params?.[rule.id]);
    if (r.plan) plans.push(r.plan);
    else problems.push(...r.problems.map((p) => ({ ...p, rule: rule.id })));
  }
  if (problems.length) {
    const first = problems[0]!;
    const paramProblem = problems.every((p) => p.pointer.startsWith('/params/'));
    throw Object.assign(
      new SunshineError(
        paramProblem ? 'INVALID_PARAMS' : 'INVALID_PACK',
        `rule \`${first.rule}\` ${first.pointer}: ${first.message}${first.suggestion ? ` (did you mean \`${first.suggestion}\`?)` : ''}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`,
        { pointer: first.pointer },
        { messageZh: `${formatProblemIn({ ...first, file: `比对模型 \`${first.rule}\`` }, 'zh', { pointerPrefix: ' ' })}${problems.length > 1 ? `（另有 ${problems.length - 1} 处错误）` : ''}` },
      ),
      { problems },
    );
  }
  plans.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sinks: FindingSink[] = plugins.flatMap((p) => p.sinks ?? []);

  const present = (data: LoadedData | Tables): { tables: Tables; has: (d: string) => boolean } => {
    if (isLoaded(data)) {
      const missing = new Set(data.missing);
      return { tables: data.tables, has: (d) => data.tables.has(d) && !missing.has(d) };
    }
    return { tables: data, has: (d) => data.has(d) };
  };

  const summaries = (): RuleSummary[] =>
    plans.map((p) => {
      const rule = rules.find((r) => r.id === p.id)!;
      return {
        id: p.id,
        version: p.version,
        category: p.category,
        severity: p.severity,
        title: p.title,
        description: p.description,
        datasets: p.datasets,
        params: Object.entries(rule.params ?? {}).map(([name, d]) => ({ name, type: d.type, default: d.default, description: d.description })),
      };
    });

  /** The run, one rule per step, so that `run` can yield between rules and `runSync` need not. */
  function* runSteps(data: LoadedData | Tables, runOpts: RunOptions): Generator<undefined, RunResult> {
    const { tables, has } = present(data);
    const rt = new DataRuntime(tables);
    const findings: Finding[] = [];
    const rulesRun: string[] = [];
    const rulesSkipped: SkippedRule[] = [];
    const stats: RuleRunStat[] = [];
    const rulesFailed: FailedRule[] = [];
    const budget = new RuleBudget(runOpts.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS);
    const runEnv: ExecEnvironment = { ...execEnv, budget };
    /** Records a rule's failure, or rethrows what is not a rule's own failure (a bug). */
    const failed = (rule: string, e: unknown, at?: { record: number; dataset: string }): void => {
      const where = at === undefined ? '' : ` at record ${at.record} of \`${at.dataset}\``;
      if (e instanceof RuleTimeoutError) {
        rulesFailed.push({ rule, code: 'TIMEOUT', message: `${rule}: ${e.message}${where}; narrow its lookups (\`on\`) or raise the budget`, params: { ...at, seconds: e.ms / 1000 } });
      } else if (e instanceof EvaluationError || e instanceof AmountError) {
        rulesFailed.push({ rule, code: 'EVALUATION', message: `${rule}: an expression failed${where}: ${e.message}`, params: { ...at, jsonata: e.code, detail: e.message, detailZh: e.messageZh } });
      } else throw e;
    };
    if (runOpts.only) {
      for (const id of runOpts.only) if (!plans.some((p) => p.id === id)) throw new SunshineError('UNKNOWN_RULE', `unknown rule \`${id}\``);
    }
    const selected = runOpts.only ? plans.filter((p) => runOpts.only!.includes(p.id)) : plans;
    const t0 = performance.now();
    let done = 0;
    const runnable: RulePlan[] = [];
    for (const plan of selected) {
      const missing = plan.datasets.filter((d) => !has(d));
      if (missing.length) rulesSkipped.push({ rule: plan.id, missing, reason: `needs ${missing.map((m) => `\`${m}\``).join(', ')}, which the data lacks` });
      else runnable.push(plan);
    }
    done = rulesSkipped.length;
    const results = new Map<string, { findings: Finding[]; stat: RuleRunStat }>();
    const compiled: (CompiledRule | undefined)[] = runnable.map((plan) => compileRule(plan, rt, asOf, runEnv));
    // What each rule's lookups index; an index is released once the last rule using it has run
    // (a later ask rebuilds it), and a rule's compiled closures once it has run, so that a run
    // holds only what the rules still to come need. The person and household indexes stay:
    // functions such as `$age` reach them from any rule.
    const indexKey = (dataset: string, fields: readonly string[]): string => `${dataset}\u0001${fields.join('\u0001')}`;
    const kept = new Set(HOUSEHOLD_INDEXES.map((i) => indexKey(i.dataset, i.fields)));
    const users = new Map<string, { dataset: string; fields: readonly string[]; left: number }>();
    const indexesOf = runnable.map((plan, i) => {
      const keys = new Set<string>();
      const used = [...plan.lookups, ...plan.subject.rowLookups].flatMap((l) => (l.kind === 'join' ? [{ dataset: l.dataset, fields: rt.nested(l.dataset, l.on.map((o) => o.field)) }] : []));
      // A grouping keyed by plain fields reads its groups from that index.
      const gi = compiled[i]!.grouping?.index;
      if (gi) used.push({ dataset: gi.dataset, fields: [...gi.fields] });
      for (const { dataset, fields } of used) {
        const k = indexKey(dataset, fields);
        if (kept.has(k) || keys.has(k)) continue;
        keys.add(k);
        const u = users.get(k);
        if (u) u.left++;
        else users.set(k, { dataset, fields, left: 1 });
      }
      return keys;
    });
    const finished = (i: number): void => {
      compiled[i] = undefined;
      for (const k of indexesOf[i]!) {
        const u = users.get(k)!;
        if (--u.left === 0) rt.release(u.dataset, u.fields);
      }
    };
    // Row subjects over one dataset share a single pass (see CompiledRule.scan).
    const scans = new Map<string, number[]>();
    compiled.forEach((c, i) => {
      if (!c!.scan) return;
      const list = scans.get(c!.plan.subject.dataset) ?? [];
      list.push(i);
      scans.set(c!.plan.subject.dataset, list);
    });
    for (const [dataset, members] of scans) {
      const rules = members.map((i) => compiled[i]!);
      for (const c of rules) runOpts.onProgress?.({ phase: 'rule', rule: c.plan.id, done, total: selected.length });
      const t = performance.now();
      const spent = new Float64Array(rules.length);
      const stopped = new Array<boolean>(rules.length).fill(false);
      for (const c of rules) c.scan!.begin();
      const rows = rt.rows(dataset);
      const n = rows.length;
      const visits = rules.map((c) => c.scan!.visit);
      const k = visits.length;
      const skip = (): void => undefined;
      const stop = (j: number, e: unknown, i: number): void => {
        failed(rules[j]!.plan.id, e, { record: i + 1, dataset });
        stopped[j] = true;
        visits[j] = skip;
        budget.restart();
      };
      budget.restart();
      for (let i = 0; i < n; i++) {
        const row = rows[i]!;
        if ((i & 255) === 0) {
          // Every 256th record is timed per rule; the pass's time is shared out in proportion.
          for (let j = 0; j < k; j++) {
            const t1 = performance.now();
            try {
              visits[j]!(row);
            } catch (e) {
              stop(j, e, i);
            }
            // A sample is clipped at 1 ms: a longer one is a GC pause, not this rule's work.
            spent[j]! += Math.min(performance.now() - t1, 1);
          }
          if (budget.expired()) {
            // The pass ran out of time: the rule that took most of it stops.
            let worst = -1;
            for (let j = 0; j < k; j++) if (!stopped[j] && (worst < 0 || spent[j]! > spent[worst]!)) worst = j;
            if (worst >= 0) stop(worst, new RuleTimeoutError(budget.ms), i);
          }
        } else {
          for (let j = 0; j < k; j++) {
            try {
              visits[j]!(row);
            } catch (e) {
              stop(j, e, i);
            }
          }
        }
      }
      budget.stop();
      const total = performance.now() - t;
      const sampled = spent.reduce((x, y) => x + y, 0) || 1;
      rules.forEach((c, j) => {
        const r = stopped[j] ? { findings: [], subjects: 0 } : c.scan!.end();
        const ms = Math.round(((spent[j]! / sampled) * total) * 10) / 10;
        results.set(c.plan.id, { findings: r.findings, stat: { rule: c.plan.id, findings: r.findings.length, subjects: r.subjects, ms } });
        done++;
      });
      for (const i of members) finished(i);
      yield undefined;
    }
    // Grouped subjects: the rules sharing a group map run one after another, then the map goes.
    // A rule's time includes building its group map when it is the first to need it.
    const byGrouping = new Map<string, number[]>();
    compiled.forEach((c, i) => {
      if (!c) return;
      const id = c.grouping?.id ?? `\u0000${c.plan.id}`;
      const list = byGrouping.get(id) ?? [];
      list.push(i);
      byGrouping.set(id, list);
    });
    for (const [id, members] of byGrouping) {
      for (const i of members) {
        const c = compiled[i]!;
        runOpts.onProgress?.({ phase: 'rule', rule: c.plan.id, done, total: selected.length });
        const t = performance.now();
        let r: { findings: Finding[]; subjects: number };
        budget.restart();
        try {
          r = c.run();
        } catch (e) {
          failed(c.plan.id, e);
          r = { findings: [], subjects: 0 };
        }
        budget.stop();
        results.set(c.plan.id, { findings: r.findings, stat: { rule: c.plan.id, findings: r.findings.length, subjects: r.subjects, ms: Math.round((performance.now() - t) * 10) / 10 } });
        done++;
        finished(i);
        yield undefined;
      }
      rt.releaseShared(id);
    }
    const failedIds = new Set(rulesFailed.map((f) => f.rule));
    for (const plan of runnable) {
      const r = results.get(plan.id)!;
      for (const f of r.findings) findings.push(f);
      if (!failedIds.has(plan.id)) rulesRun.push(plan.id);
      stats.push(r.stat);
    }
    rulesFailed.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    runOpts.onProgress?.({ phase: 'rule', rule: '', done, total: selected.length });
    return {
      asOf,
      findings,
      rulesRun,
      rulesSkipped,
      rulesFailed,
      stats,
      timings: { indexMs: Math.round(rt.indexMs), rulesMs: Math.round(performance.now() - t0) },
    };
  }

  const runSync = (data: LoadedData | Tables, runOpts: RunOptions = {}): RunResult => {
    const steps = runSteps(data, runOpts);
    for (;;) {
      const s = steps.next();
      if (s.done) return s.value;
    }
  };

  const run = async (data: LoadedData | Tables, runOpts: RunOptions = {}): Promise<RunResult> => {
    const steps = runSteps(data, runOpts);
    let result: RunResult;
    for (;;) {
      const s = steps.next();
      if (s.done) {
        result = s.value;
        break;
      }
      // Let progress renderers and timers breathe between rules.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    for (const sink of sinks) {
      for (const f of result.findings) await sink.write(f);
      await sink.close?.(result);
    }
    return result;
  };

  const findPlan = (id: string): RulePlan => {
    const p = plans.find((x) => x.id === id);
    if (!p) {
      throw new SunshineError('UNKNOWN_RULE', `unknown rule \`${id}\``);
    }
    return p;
  };

  return {
    asOf,
    plans,
    environment: env,
    summaries,
    run,
    runSync,
    async runSource(source, o = {}) {
      const load = await loadData(source, { registry: env.registry, ...(o.onLoadProgress ? { onProgress: o.onLoadProgress } : {}) });
      const result = await run(load, o);
      return { ...result, load };
    },
    explain(data, ruleId, key) {
      const plan = findPlan(ruleId);
      const { tables } = present(data);
      return compileRule(plan, new DataRuntime(tables), asOf, execEnv).explain(key);
    },
    prepare(data) {
      const { tables, has } = present(data);
      const rt = new DataRuntime(tables);
      const compiled: CompiledRule[] = plans.filter((p) => p.datasets.every(has)).map((p) => compileRule(p, rt, asOf, execEnv));
      // Everything the first screening would otherwise build (groups, person indexes) is built now.
      for (const c of compiled) c.warm();
      const bySubject = new Map<string, CompiledRule[]>();
      for (const c of compiled) {
        const list = bySubject.get(c.plan.subject.dataset) ?? [];
        list.push(c);
        bySubject.set(c.plan.subject.dataset, list);
      }
      return {
        screen(dataset, record) {
          const out: Finding[] = [];
          for (const c of bySubject.get(dataset) ?? []) for (const f of c.screen(record)) out.push(f);
          return out;
        },
        explain(ruleId, key) {
          findPlan(ruleId);
          const c = compiled.find((x) => x.plan.id === ruleId);
          return c?.explain(key);
        },
      };
    },
  };
}
