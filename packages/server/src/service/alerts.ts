/**
 * The alert queue and one alert: listing within the jurisdiction, the detail with evidence and
 * history, explanations, lifecycle transitions with attachments, and escalation of overdue
 * verification.
 */
import { randomUUID } from 'node:crypto';
import type { EvidenceRecord, RuleExplanation } from '@sunshine/core';
import { actionsFor, CITIZEN_READABLE_ACTIONS, CITIZEN_VISIBLE_ACTIONS, holderOf, TRANSITIONS, VERIFICATION_STATES, type AlertState } from '../domain/alert-lifecycle.js';
import { alertScope, villageScope } from '../domain/jurisdiction.js';
import { sanitizeMediaType } from '../domain/media-type.js';
import { SYSTEM, type Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { AlertEventRow, AlertFilter, AlertRow, AttachmentRow, AuditInput, ServerStore } from '../store/server-store.js';
import { alertSummary, eventView, type AlertDetail, type AlertSummary } from './alert-view.js';
import type { Imports } from './imports.js';
import type { RuleBook } from './rule-book.js';
import type { RuleRunner } from './rule-runner.js';
import { sha256, type ServiceContext } from './service-context.js';
import type { TransitionInput } from './service-types.js';

/**
 * Whether the caller must not learn who complained: a village or town account (the village may
 * be the accused) looking at a citizen's dispute.
 */
function hidesComplainant(row: AlertRow, p: Principal): boolean {
  return row.source === 'dispute' && (p.role === 'village' || p.role === 'town');
}

/** A dispute's summary without the complainant (name, ID number, statement, the payment that points at them). */
function withoutComplainant(s: AlertSummary, row: AlertRow, p: Principal): AlertSummary {
  if (!hidesComplainant(row, p)) return s;
  return {
    ...s,
    key: '',
    id_number: null,
    message: { zh: '群众反映一笔补贴未收到（反映人信息不向村、乡镇显示）', en: "A citizen reports a payment not received (the complainant is not shown to village and town accounts)" },
  };
}

/** The alert queue, one alert, its lifecycle and escalation. */
export class Alerts {
  readonly ctx: ServiceContext;
  readonly imports: Imports;
  readonly rules: RuleBook;

  readonly #runner: RuleRunner;

  constructor(ctx: ServiceContext, imports: Imports, rules: RuleBook, runner: RuleRunner) {
    this.ctx = ctx;
    this.imports = imports;
    this.rules = rules;
    this.#runner = runner;
  }

  /**
   * Escalates every alert whose verification is overdue to the discipline commission (once):
   * the alert leaves the department's (or town's) hands for the commission's queue
   * (`escalated=true`), which the history and the notification say. Returns how many.
   */
  async escalateOverdue(p?: Principal): Promise<number> {
    this.ctx.requireDiscipline(p, 'checks escalations');
    const nowIso = this.ctx.nowIso();
    return this.ctx.store.write(async (tx) => {
      const overdue = await this.ctx.store.overdueAlerts(nowIso, tx);
      const events: Omit<AlertEventRow, 'seq'>[] = [];
      const audits: AuditInput[] = [];
      for (const a of overdue) {
        const from = holderOf({ level: a.level, escalated: false });
        const reason = `verification overdue since ${a.due_at!.slice(0, 10)} (${this.ctx.opts.verifyDays ?? 15} days after it was pushed): handed from the ${from === 'department' ? `department ${a.department_code ?? ''}`.trim() : from} to the discipline commission's queue`;
        await this.ctx.store.updateAlert(tx, a.id, { escalated: 1, escalated_at: nowIso, updated_at: nowIso });
        events.push(this.ctx.event(a.id, SYSTEM, 'escalate', a.state, a.state, reason, { to: 'discipline', from, department_code: a.department_code }));
        audits.push(this.ctx.transitionAudit(SYSTEM, a.id, 'escalate', a.state, a.state, reason, { to: 'discipline', from }));
      }
      await this.ctx.store.insertEvents(tx, events);
      await this.ctx.store.appendAudit(tx, audits);
      await this.ctx.notify(tx, overdue.map((a) => ({ alertId: a.id, event: 'escalate' as const })));
      return overdue.length;
    });
  }

  /** The alert queue within the caller's jurisdiction. */
  async listAlerts(p: Principal, filter: AlertFilter, limit = 50, offset = 0): Promise<{ total: number; alerts: AlertSummary[] }> {
    const { total, rows } = await this.ctx.store.listAlerts(alertScope(p), filter, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0), p.role !== 'village' && p.role !== 'town');
    if (rows.length > 0) {
      await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'alert.list', target: 'alerts', detail: { filter, count: rows.length, ids: rows.map((r) => r.seq) } });
    }
    return { total, alerts: rows.map((r) => withoutComplainant(alertSummary(r), r, p)) };
  }

  async facets(p: Principal): Promise<Awaited<ReturnType<ServerStore['alertFacets']>> & { villages: { village_code: string; village_name: string | null; town_code: string | null; town_name: string | null }[]; departments: { department_code: string; name: string | null }[] }> {
    const facets = await this.ctx.store.alertFacets(alertScope(p));
    const imp = await this.ctx.store.latestImport();
    const villages = imp ? await this.ctx.store.regions(imp.id, villageScope(p)) : [];
    const allDepartments = imp ? await this.ctx.store.departments(imp.id) : [];
    const departments = p.role === 'department' ? allDepartments.filter((d) => d.department_code === p.departmentCode) : p.role === 'citizen' ? [] : allDepartments;
    return { ...facets, villages, departments };
  }

  /** One alert with its evidence and history; the read is logged (it holds personal data). */
  async getAlert(p: Principal, id: string): Promise<AlertDetail> {
    return this.#detail(p, await this.ctx.alertInScope(p, id));
  }

  async #detail(p: Principal, row: AlertRow): Promise<AlertDetail> {
    const id = row.id;
    const [events, attachments] = await Promise.all([this.ctx.store.eventsOf(id), this.ctx.store.attachmentsOf(id)]);
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'alert.read', target: `alert:${id}`, detail: { seq: row.seq, id_number: row.id_number } });
    const evidence = JSON.parse(row.evidence) as EvidenceRecord[];
    const actions = p.role === 'citizen' ? [] : actionsFor({ state: row.state as AlertState, level: row.level, escalated: row.escalated === 1 }, p.role).filter((a) => a !== 'reply' || row.source === 'dispute');
    if (p.role === 'citizen') {
      // The complainant sees their report, public replies and state changes — never staff notes,
      // staff reasons, or attachments other than the replies'.
      const shown = events.filter((e) => CITIZEN_VISIBLE_ACTIONS.includes(e.action));
      const readable = new Set(shown.filter((e) => CITIZEN_READABLE_ACTIONS.includes(e.action)).map((e) => e.id));
      return {
        ...alertSummary(row),
        // Bank accounts stay with staff.
        evidence: evidence.map((e) => ({ ...e, record: Object.fromEntries(Object.entries(e.record).filter(([k]) => !k.includes('account'))) })),
        events: shown.map((e) => eventView(readable.has(e.id) ? e : { ...e, reason: null, detail: '{}' }, p)),
        attachments: attachments.filter((a) => readable.has(a.event_id)),
        actions,
      };
    }
    if (hidesComplainant(row, p)) {
      return { ...withoutComplainant(alertSummary(row), row, p), evidence: [], events: events.map((e) => eventView(e.action === 'create' ? { ...e, actor_name: '群众', reason: null, detail: '{}' } : e, p)), attachments, actions };
    }
    return { ...alertSummary(row), evidence, events: events.map((e) => eventView(e, p)), attachments, actions };
  }

  /** Why the rule reported this alert (engine.explain over the data of its last run). */
  async explain(p: Principal, id: string): Promise<RuleExplanation> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see explanations');
    const row = await this.ctx.alertInScope(p, id);
    if (row.source !== 'engine' || !row.last_run_id) throw new ServerError('NOT_FOUND', `alert #${row.seq} was not reported by a rule (it is a ${row.source}); there is nothing to explain`);
    const run = await this.ctx.store.runById(row.last_run_id);
    if (!run) throw new ServerError('NOT_FOUND', `the run of alert #${row.seq} is gone`);
    if ((await this.ctx.store.importById(run.import_id))?.records_pruned_at) throw new ServerError('NOT_FOUND', `the records of run #${run.seq}'s import are no longer kept: nothing to explain from`);
    const rule = await this.rules.ruleOf(row.rule, row.rule_version);
    const params = (JSON.parse(run.params) as Record<string, Record<string, unknown>>)[rule.id];
    // In the rule worker: indexing a county's data takes seconds, and a custom rule may be slow.
    const explanation = await this.#runner
      .explain({
        importId: run.import_id,
        tables: () => this.imports.tables(run.import_id),
        rule,
        params: params ? { [rule.id]: params } : {},
        asOf: run.as_of,
        key: row.alert_key,
        timeoutMs: this.ctx.opts.ruleTimeoutMs ?? 300_000,
      })
      .catch((e: unknown) => {
        throw new ServerError('BAD_REQUEST', `cannot explain alert #${row.seq}: ${(e as Error).message}`, {}, { cause: e });
      });
    if (!explanation) throw new ServerError('NOT_FOUND', `rule \`${rule.id}\` has no subject with key \`${row.alert_key}\` in the data of run #${run.seq}`);
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'alert.explain', target: `alert:${id}`, detail: { seq: row.seq, id_number: row.id_number } });
    return explanation;
  }

  /** Takes an action on an alert (the alert lifecycle), with its reason and attachments. */
  async transition(p: Principal, id: string, input: TransitionInput): Promise<AlertDetail> {
    if (!Object.hasOwn(TRANSITIONS, input.action)) throw new ServerError('BAD_REQUEST', `unknown action \`${input.action}\``);
    const rule = TRANSITIONS[input.action];
    const reason = input.reason?.trim() || null;
    const attachments = input.attachments ?? [];
    const maxBytes = this.ctx.opts.maxAttachmentBytes ?? 5 * 1024 * 1024;
    const files = attachments.map((a) => {
      const buf = Buffer.from(a.content_base64, 'base64');
      if (buf.length > maxBytes) throw new ServerError('BAD_REQUEST', `attachment \`${a.name}\` is ${buf.length} bytes; the limit is ${maxBytes}`);
      return { ...a, media_type: sanitizeMediaType(a.media_type), buf };
    });
    const quota = this.ctx.opts.maxAttachmentBytesPerAlert ?? 50 * 1024 * 1024;
    const adding = files.reduce((n, f) => n + f.buf.length, 0);
    const imp = input.action === 'transfer' ? await this.ctx.store.latestImport() : undefined;
    const knownDepartments = imp ? (await this.ctx.store.departments(imp.id)).map((d) => d.department_code) : [];
    await this.ctx.store.write(async (tx) => {
      const row = await this.ctx.alertInScope(p, id, tx);
      if (!rule.roles.includes(p.role)) throw new ServerError('FORBIDDEN', `the ${p.role} role may not \`${input.action}\` an alert (allowed: ${rule.roles.join(', ')})`);
      const holding = { state: row.state as AlertState, level: row.level, escalated: row.escalated === 1 };
      if (rule.from.includes(holding.state) && !actionsFor(holding, p.role).includes(input.action)) {
        const holder = holderOf(holding);
        throw new ServerError('FORBIDDEN', holder === 'discipline' ? `alert #${row.seq} was escalated to the discipline commission (verification overdue); the commission decides it now` : `alert #${row.seq} is verified by the ${holder === 'department' ? 'department' : holder}; the ${p.role} may \`comment\``);
      }
      if ((input.recovered_amount !== undefined || input.measure !== undefined) && input.action !== 'close') throw new ServerError('BAD_REQUEST', '`recovered_amount` and `measure` go with `close`');
      if (input.recovered_amount !== undefined && (!Number.isSafeInteger(input.recovered_amount) || input.recovered_amount < 0)) throw new ServerError('BAD_REQUEST', '`recovered_amount` must be an integer number of fen ≥ 0');
      if (input.department_code !== undefined && input.action !== 'push' && input.action !== 'transfer') throw new ServerError('BAD_REQUEST', '`department_code` goes with `push` or `transfer`');
      if (adding > 0) {
        const used = await this.ctx.store.attachmentBytes(id, tx);
        if (used + adding > quota) throw new ServerError('TOO_LARGE', `alert #${row.seq} holds ${used} bytes of attachments; ${adding} more would pass its quota of ${quota}`);
      }
      if (input.action === 'reply' && row.source !== 'dispute') throw new ServerError('BAD_REQUEST', '`reply` answers a citizen\'s dispute; use `comment` for a note on this alert');
      const from = row.state as AlertState;
      if (!rule.from.includes(from)) throw new ServerError('INVALID_TRANSITION', `cannot \`${input.action}\` an alert that is \`${from}\` (only from ${rule.from.map((s) => `\`${s}\``).join(', ')})`);
      if (rule.reasonRequired && !reason) throw new ServerError('REASON_REQUIRED', `\`${input.action}\` needs a \`reason\``);
      const to = rule.to ?? from;
      const now = this.ctx.nowIso();
      const detail: Record<string, unknown> = {};
      const set: Partial<AlertRow> = { state: to, updated_at: now };
      if (input.action === 'push') {
        const dept = input.department_code ?? row.department_code;
        if (!dept) throw new ServerError('BAD_REQUEST', 'this alert has no department: give `department_code` to route it');
        set.department_code = dept;
        set.pushed_at = now;
        set.due_at = this.ctx.dueAt(now);
        set.escalated = 0;
        set.escalated_at = null;
        detail['department_code'] = dept;
      }
      if (input.action === 'transfer') {
        const dept = input.department_code;
        if (!dept) throw new ServerError('BAD_REQUEST', '`transfer` needs `department_code`: the department that should have the alert');
        if (dept === row.department_code) throw new ServerError('BAD_REQUEST', `alert #${row.seq} is already with department \`${dept}\``);
        if (!knownDepartments.includes(dept)) throw new ServerError('BAD_REQUEST', `\`department_code\`: no department \`${dept}\` in the departments of the latest import`);
        set.department_code = dept;
        set.pushed_at = now;
        set.due_at = this.ctx.dueAt(now);
        set.escalated = 0;
        set.escalated_at = null;
        detail['from_department_code'] = row.department_code;
        detail['department_code'] = dept;
      }
      if (input.action === 'close') {
        set.recovered_amount = input.recovered_amount ?? 0;
        set.measure = input.measure?.trim() || null;
        detail['recovered_amount'] = set.recovered_amount;
        if (set.measure) detail['measure'] = set.measure;
      }
      if (!VERIFICATION_STATES.includes(to) && to !== from) set.due_at = null;
      const event = this.ctx.event(id, p, input.action, from, to, reason, detail);
      const atts: AttachmentRow[] = files.map((f) => ({ id: randomUUID(), alert_id: id, event_id: event.id, name: f.name, media_type: f.media_type, size: f.buf.length, sha256: sha256(f.buf), content: f.content_base64, created_at: now }));
      if (atts.length) event.detail = JSON.stringify({ ...detail, attachments: atts.map((a) => ({ id: a.id, name: a.name, sha256: a.sha256 })) });
      await this.ctx.store.updateAlert(tx, id, set);
      await this.ctx.store.insertEvents(tx, [event]);
      await this.ctx.store.insertAttachments(tx, atts);
      await this.ctx.store.appendAudit(tx, [this.ctx.transitionAudit(p, id, input.action, from, to, reason, { seq: row.seq, ...detail, attachments: atts.map((a) => a.sha256) })]);
      if (input.action === 'push' || input.action === 'transfer') await this.ctx.notify(tx, [{ alertId: id, event: input.action }]);
    });
    // A department that transferred the alert away no longer sees it: it gets the alert as it left it.
    if (input.action === 'transfer' && p.role === 'department') {
      const row = await this.ctx.store.alertById(id, { where: '1 = 1', params: [] });
      return this.#detail(p, row!);
    }
    return this.getAlert(p, id);
  }

  /** An attachment's bytes; the read is logged. */
  async attachment(p: Principal, alertId: string, attachmentId: string): Promise<{ name: string; media_type: string; content: Buffer }> {
    await this.ctx.alertInScope(p, alertId);
    const a = await this.ctx.store.attachment(alertId, attachmentId);
    const event = a && p.role === 'citizen' ? (await this.ctx.store.eventsOf(alertId)).find((e) => e.id === a.event_id) : undefined;
    if (!a || (p.role === 'citizen' && !CITIZEN_READABLE_ACTIONS.includes(event?.action ?? ''))) throw new ServerError('NOT_FOUND', `no attachment \`${attachmentId}\` on this alert`);
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'attachment.read', target: `alert:${alertId}`, detail: { attachment: attachmentId, sha256: a.sha256 } });
    // Sanitised again: rows stored before types were checked.
    return { name: a.name, media_type: sanitizeMediaType(a.media_type), content: Buffer.from(a.content, 'base64') };
  }
}
