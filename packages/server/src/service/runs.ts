/**
 * Runs: the rules over an import, the findings turned into alerts (de-duplicated by
 * fingerprint, dismissed alerts reopened only when their evidence changed), and the run list.
 */
import { randomUUID } from 'node:crypto';
import { asOfFields, latestDateIn, type Finding, type Rule } from '@sunshine/core';
import { SYSTEM, type Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { AlertEventRow, AlertRow, AuditInput, RunRow } from '../store/server-store.js';
import type { Alerts } from './alerts.js';
import type { Imports } from './imports.js';
import type { RuleBook } from './rule-book.js';
import { RulePrepareError, type RuleRunner } from './rule-runner.js';
import { responsibleLevels } from './responsibility.js';
import type { AlertNotice, ServiceContext } from './service-context.js';
import type { RunSummary } from './service-types.js';

function runSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    seq: r.seq,
    import_id: r.import_id,
    as_of: r.as_of,
    trigger: r.trigger_kind,
    started_at: r.started_at,
    finished_at: r.finished_at,
    status: r.status,
    rules_run: r.rules_run,
    rules_skipped: JSON.parse(r.rules_skipped) as { rule: string; reason: string }[],
    rules_failed: JSON.parse(r.rules_failed) as { rule: string; code: string; message: string }[],
    findings: r.findings,
    created_alerts: r.created_alerts,
    reopened_alerts: r.reopened_alerts,
    updated_alerts: r.updated_alerts,
    error: r.error,
  };
}

/** Runs and the alerts their findings become. */
export class Runs {
  readonly ctx: ServiceContext;
  readonly imports: Imports;
  readonly rules: RuleBook;
  readonly alerts: Alerts;
  #running: Promise<unknown> | undefined;
  readonly #runner: RuleRunner;

  constructor(ctx: ServiceContext, imports: Imports, rules: RuleBook, alerts: Alerts, runner: RuleRunner) {
    this.ctx = ctx;
    this.imports = imports;
    this.rules = rules;
    this.alerts = alerts;
    this.#runner = runner;
  }

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Runs the rules over an import (the latest by default) and turns the findings into alerts:
   * new fingerprints become new alerts (pushed at once to a known department), known ones are
   * updated, and a dismissed alert whose evidence changed opens again as new with a note.
   */
  async run(p: Principal | undefined, options: { importId?: string | undefined; asOf?: string | undefined; trigger?: 'manual' | 'schedule' } = {}): Promise<RunSummary> {
    this.ctx.requireDiscipline(p, 'starts runs');
    if (this.#running) throw new ServerError('CONFLICT', 'a run is in progress; wait for it to finish');
    const work = this.#run(p, options);
    this.#running = work;
    try {
      return await work;
    } finally {
      this.#running = undefined;
    }
  }

  async #run(p: Principal | undefined, options: { importId?: string | undefined; asOf?: string | undefined; trigger?: 'manual' | 'schedule' }): Promise<RunSummary> {
    const imp = options.importId ? await this.ctx.store.importById(options.importId) : await this.ctx.store.latestImport();
    if (!imp) throw new ServerError(options.importId ? 'NOT_FOUND' : 'NO_DATA', options.importId ? `no import \`${options.importId}\`` : 'nothing imported yet: import a data folder, an upload or the configured store first');
    if (imp.records_pruned_at !== null) throw new ServerError('NO_DATA', `the records of import #${imp.seq} are no longer kept (the server keeps the newest imports' records); run a newer import`);
    const tables = await this.imports.tables(imp.id);
    const missing = JSON.parse(imp.missing) as string[];
    const present = new Map([...tables].filter(([d]) => !missing.includes(d)));
    // Never the wall clock: an import from last year, run today, answers as of its own last day.
    const asOf = options.asOf ?? this.ctx.opts.asOf ?? latestDateIn(present);
    if (asOf === undefined) {
      throw new ServerError('BAD_REQUEST', `import \`${imp.id}\` holds no date to run as of (none of ${asOfFields().map((f) => `${f.dataset}.${f.field}`).join(', ')} has a value); give \`as_of\` (or start the server with --as-of)`);
    }
    const std = await this.rules.stdlibRules();
    const packs = await this.rules.packRules();
    const customRows = (await this.ctx.store.latestCustomRules()).filter((r) => r.enabled === 1);
    const custom = customRows.map((r) => JSON.parse(r.rule) as Rule);
    const rules = [...std, ...packs, ...custom];
    const params = this.rules.paramsFor(rules, (await this.ctx.store.departments(imp.id)).map((d) => d.department_code));
    // Planning every rule costs more than running them on a small county: the worker reuses its
    // engine while rules, parameters and asOf stay the same.
    const engineKey = JSON.stringify([asOf, params, rules.map((r) => `${r.id}@${r.version}`), customRows.map((r) => `${r.rule_id}#${r.version_no}`)]);
    const engine = { engineKey, rules, params, asOf };
    try {
      await this.#runner.prepare(engine);
    } catch (e) {
      if (!(e instanceof RulePrepareError)) throw e;
      throw new ServerError('BAD_REQUEST', `cannot start the run: ${e.message}`, {}, { cause: e });
    }
    const run = await this.ctx.store.insertRun({
      id: randomUUID(),
      import_id: imp.id,
      as_of: asOf,
      trigger_kind: options.trigger ?? 'manual',
      started_by: p?.id ?? null,
      rules: JSON.stringify({ preset: this.ctx.opts.preset ?? 'all', packs: packs.map((r) => `${r.id}@${r.version}`), custom: Object.fromEntries(customRows.map((r) => [r.rule_id, r.version_no])) }),
      params: JSON.stringify(params),
    });
    try {
      // The rules run in a worker thread with a time budget per rule; the whole run may be
      // stopped past the run-level limit.
      const result = await this.#runner.run({ ...engine, importId: imp.id, tables: () => this.imports.tables(imp.id), missing, ruleTimeoutMs: this.ctx.opts.ruleTimeoutMs, runTimeoutMs: this.ctx.opts.runTimeoutMs ?? 3_600_000 });
      const ruleVersion = new Map<string, string>(rules.map((r) => [r.id, r.version]));
      for (const r of customRows) ruleVersion.set(r.rule_id, `${(JSON.parse(r.rule) as Rule).version}#v${r.version_no}`);
      const counts = await this.#syncFindings(run, imp.id, result.findings, ruleVersion, responsibleLevels(rules, this.ctx.opts.responsible));
      await this.ctx.store.write(async (tx) => {
        await this.ctx.store.finishRun(tx, run.id, {
          finished_at: this.ctx.nowIso(),
          rules_run: result.rulesRun.length,
          rules_skipped: JSON.stringify(result.rulesSkipped.map((s) => ({ rule: s.rule, reason: s.reason }))),
          rules_failed: JSON.stringify(result.rulesFailed.map((f) => ({ rule: f.rule, code: f.code, message: f.message }))),
          findings: result.findings.length,
          created_alerts: counts.created,
          reopened_alerts: counts.reopened,
          updated_alerts: counts.updated,
        });
        await this.ctx.store.appendAudit(tx, [{ actor: p?.id ?? 'system', role: p?.role ?? 'system', action: 'run.finish', target: `run:${run.id}`, detail: { findings: result.findings.length, ...counts, ...(result.rulesFailed.length ? { rules_failed: result.rulesFailed.map((f) => `${f.rule}:${f.code}`) } : {}) } }]);
      });
      await this.alerts.escalateOverdue();
    } catch (e) {
      await this.ctx.store.failRun(run.id, (e as Error).message);
      throw e instanceof ServerError ? e : new ServerError('BAD_REQUEST', `the run failed: ${(e as Error).message}`, {}, { cause: e });
    }
    return runSummary((await this.ctx.store.runById(run.id))!);
  }

  async listRuns(p: Principal): Promise<RunSummary[]> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see runs');
    return (await this.ctx.store.listRuns()).map(runSummary);
  }

  async getRun(p: Principal, id: string): Promise<RunSummary> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see runs');
    const r = await this.ctx.store.runById(id);
    if (!r) throw new ServerError('NOT_FOUND', `no run \`${id}\``);
    return runSummary(r);
  }

  async #syncFindings(run: RunRow, importId: string, findings: readonly Finding[], ruleVersion: ReadonlyMap<string, string>, levelOf: (f: Finding) => string): Promise<{ created: number; reopened: number; updated: number }> {
    const known = new Set((await this.ctx.store.departments(importId)).map((d) => d.department_code));
    const autoPush = this.ctx.opts.autoPush ?? true;
    return this.ctx.store.write(async (tx) => {
      const index = await this.ctx.store.alertIndex('engine', tx);
      let seq = await this.ctx.store.nextAlertSeq(tx);
      const now = this.ctx.nowIso();
      const inserts: AlertRow[] = [];
      const events: Omit<AlertEventRow, 'seq'>[] = [];
      const audits: AuditInput[] = [];
      const seen: string[] = [];
      const notices: AlertNotice[] = [];
      let created = 0;
      let reopened = 0;
      let updated = 0;
      const pushable = (f: Finding): boolean => autoPush && f.department_code !== null && known.has(f.department_code);
      for (const f of findings) {
        const existing = index.get(f.fingerprint);
        const content = {
          rule_version: ruleVersion.get(f.rule) ?? '',
          category: f.category,
          severity: f.severity,
          department_code: f.department_code,
          town_code: f.town_code,
          village_code: f.village_code,
          id_number: f.id_number,
          title_zh: f.title.zh,
          title_en: f.title.en,
          message_zh: f.message.zh,
          message_en: f.message.en,
          evidence: JSON.stringify(f.evidence),
          evidence_hash: f.evidence_hash,
          amount: f.amount ?? null,
          level: levelOf(f),
          last_run_id: run.id,
          updated_at: now,
        };
        if (!existing) {
          const id = randomUUID();
          const push = pushable(f);
          inserts.push({
            id,
            seq: seq++,
            fingerprint: f.fingerprint,
            source: 'engine',
            rule: f.rule,
            alert_key: f.key,
            ...content,
            state: push ? 'pushed' : 'new',
            recovered_amount: null,
            measure: null,
            escalated: 0,
            escalated_at: null,
            pushed_at: push ? now : null,
            due_at: push ? this.ctx.dueAt(now) : null,
            first_run_id: run.id,
            created_at: now,
          });
          events.push(this.ctx.event(id, SYSTEM, 'create', null, 'new', `run #${run.seq}`, { run_id: run.id }));
          if (push) {
            events.push(this.ctx.event(id, SYSTEM, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
            audits.push(this.ctx.transitionAudit(SYSTEM, id, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
            notices.push({ alertId: id, event: 'push' });
          }
          created++;
        } else if (existing.state === 'dismissed' && existing.evidence_hash !== f.evidence_hash) {
          const push = pushable(f);
          const note = `evidence changed since the dismissal (run #${run.seq})`;
          await this.ctx.store.updateAlert(tx, existing.id, { ...content, state: push ? 'pushed' : 'new', escalated: 0, escalated_at: null, pushed_at: push ? now : null, due_at: push ? this.ctx.dueAt(now) : null });
          events.push(this.ctx.event(existing.id, SYSTEM, 'reopen', 'dismissed', 'new', note, { run_id: run.id, previous_evidence_hash: existing.evidence_hash, evidence_hash: f.evidence_hash }));
          audits.push(this.ctx.transitionAudit(SYSTEM, existing.id, 'reopen', 'dismissed', 'new', note));
          if (push) {
            events.push(this.ctx.event(existing.id, SYSTEM, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
            audits.push(this.ctx.transitionAudit(SYSTEM, existing.id, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
            notices.push({ alertId: existing.id, event: 'push' });
          }
          reopened++;
        } else if (existing.evidence_hash !== f.evidence_hash) {
          // A pushed alert keeps the department it was transferred to and its level.
          const kept: Partial<typeof content> = { ...content };
          delete kept.department_code;
          delete kept.level;
          await this.ctx.store.updateAlert(tx, existing.id, existing.state === 'new' ? content : existing.state === 'pushed' ? kept : { evidence: content.evidence, evidence_hash: content.evidence_hash, message_zh: content.message_zh, message_en: content.message_en, last_run_id: run.id, updated_at: now });
          events.push(this.ctx.event(existing.id, SYSTEM, 'evidence-updated', existing.state, existing.state, `run #${run.seq}`, { previous_evidence_hash: existing.evidence_hash, evidence_hash: f.evidence_hash }));
          updated++;
        } else {
          seen.push(existing.id);
        }
      }
      await this.ctx.store.markAlertsSeen(tx, run.id, seen);
      await this.ctx.store.insertAlerts(tx, inserts);
      await this.ctx.store.insertEvents(tx, events);
      await this.ctx.store.appendAudit(tx, audits);
      await this.ctx.notify(tx, notices);
      return { created, reopened, updated };
    });
  }
}
