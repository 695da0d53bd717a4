/**
 * People and the public: a person's payments, a village's disclosure (公示, masked) and a
 * citizen's dispute of a payment, which becomes an alert.
 */
import { randomUUID } from 'node:crypto';
import type { EvidenceRecord } from '@sunshine/core';
import { disclosureScope, paymentScope } from '../domain/jurisdiction.js';
import { maskIdNumber, maskName } from '../domain/masking.js';
import { SYSTEM, type Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import { datasetRecords } from '../store/public-queries.js';
import type { AlertDetail } from './alert-view.js';
import { fundDisclosed } from './public-disclosure.js';
import type { Alerts } from './alerts.js';
import { sha256, type ServiceContext } from './service-context.js';
import type { Disclosure, PaymentView } from './service-types.js';

/** A person's payments, a village's disclosure and citizens' disputes. */
export class Citizens {
  readonly ctx: ServiceContext;
  readonly alerts: Alerts;

  constructor(ctx: ServiceContext, alerts: Alerts) {
    this.ctx = ctx;
    this.alerts = alerts;
  }


  /**
   * A person's payments within the caller's jurisdiction. A citizen may ask only for their own
   * ID number. Bank accounts are never returned. The read is logged.
   */
  async personPayments(p: Principal, idNumber: string): Promise<PaymentView[]> {
    const id = idNumber.trim().toUpperCase();
    if (p.role === 'citizen' && id !== p.idNumber) {
      await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'person.payments.denied', target: `person:${id}` });
      throw new ServerError('FORBIDDEN', 'a citizen may look up only their own payments');
    }
    const imp = await this.ctx.latestImportOrFail();
    const rows = await this.ctx.store.paymentsOf(imp.id, id, paymentScope(p));
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'person.payments', target: `person:${id}`, detail: { count: rows.length } });
    return rows.map((r) => ({ ...r, amount: r.amount }));
  }

  /**
   * The public disclosure (公示) of one village: per fund, recipients and amounts with names
   * and ID numbers masked. A citizen sees their own village's; staff, villages in their
   * jurisdiction (a department, its own funds). Without `period`, each fund's latest period —
   * what the village notice board shows now.
   */
  async disclosure(p: Principal, villageCode: string | undefined, fundCode?: string, period?: string): Promise<Disclosure> {
    const village = villageCode ?? p.villageCode ?? undefined;
    if (!village) throw new ServerError('BAD_REQUEST', 'give `village_code`');
    if (p.role === 'citizen' && village !== p.villageCode) throw new ServerError('FORBIDDEN', "a citizen sees only their own village's disclosure");
    const imp = await this.ctx.latestImportOrFail();
    const region = (await this.ctx.store.regions(imp.id, { where: 'village_code = ?', params: [village] }))[0];
    let rows = await this.ctx.store.villagePayments(imp.id, village, disclosureScope(p), fundCode, period ?? 'latest');
    // A citizen sees what the public sees: the funds the county discloses (#18), not medical aid.
    if (p.role === 'citizen') {
      const kinds = new Map((await datasetRecords(this.ctx.store.db, imp.id, 'funds')).map((f) => [String(f['fund_code']), f['kind'] === null || f['kind'] === undefined ? null : String(f['kind'])]));
      rows = rows.filter((r) => fundDisclosed(this.ctx.opts.disclosure ?? {}, { fund_code: r.fund_code, kind: kinds.get(r.fund_code) ?? null }));
    }
    const funds = new Map<string, { fund_code: string; fund_name: string | null; department_code: string | null; ids: Set<string>; total: number; payments: { name: string; id_number: string; period: string; pay_date: string; amount: number }[] }>();
    for (const r of rows) {
      let f = funds.get(r.fund_code);
      if (!f) funds.set(r.fund_code, (f = { fund_code: r.fund_code, fund_name: r.fund_name, department_code: r.department_code, ids: new Set(), total: 0, payments: [] }));
      f.ids.add(r.id_number);
      f.total += r.amount;
      f.payments.push({ name: maskName(r.name), id_number: maskIdNumber(r.id_number), period: r.period, pay_date: r.pay_date, amount: r.amount });
    }
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'disclosure.read', target: `village:${village}`, detail: { fund_code: fundCode ?? null, period: period ?? null, count: rows.length } });
    return {
      village_code: village,
      village_name: region?.village_name ?? null,
      town_name: region?.town_name ?? null,
      funds: [...funds.values()].map(({ ids, ...f }) => ({ ...f, recipients: ids.size })),
    };
  }

  /** A citizen reports a payment of theirs they did not receive: it becomes an alert. */
  async dispute(p: Principal, paymentId: string, reason: string): Promise<{ created: boolean; alert: AlertDetail }> {
    if (p.role !== 'citizen' || !p.idNumber) throw new ServerError('FORBIDDEN', 'only a citizen disputes their own payments');
    if (!reason.trim()) throw new ServerError('REASON_REQUIRED', 'say what is wrong in `reason`');
    const imp = await this.ctx.latestImportOrFail();
    const pay = await this.ctx.store.paymentById(imp.id, paymentId, paymentScope(p));
    if (!pay) throw new ServerError('NOT_FOUND', `no payment \`${paymentId}\` of yours`);
    const fingerprint = sha256(`citizen-dispute|${pay.payment_id}`).slice(0, 32);
    const record = (await this.ctx.store.paymentRecord(imp.id, pay.payment_id)) ?? { ...pay };
    const evidence: EvidenceRecord[] = [
      { role: 'subject', dataset: 'payments', id: pay.payment_id, record },
      { role: 'statement', dataset: 'citizen_disputes', id: null, record: { id_number: p.idNumber, name: p.name, reason: reason.trim() } },
    ];
    const evidenceHash = sha256(JSON.stringify(evidence)).slice(0, 32);
    const known = new Set((await this.ctx.store.departments(imp.id)).map((d) => d.department_code));
    const push = (this.ctx.opts.autoPush ?? true) && pay.department_code !== null && known.has(pay.department_code);
    const yuan = (pay.amount / 100).toFixed(2);
    const result = await this.ctx.store.write(async (tx) => {
      const existing = await this.ctx.store.alertByFingerprint(fingerprint, tx);
      if (existing) return { created: false, id: existing.id };
      const id = randomUUID();
      const now = this.ctx.nowIso();
      await this.ctx.store.insertAlerts(tx, [
        {
          id,
          seq: await this.ctx.store.nextAlertSeq(tx),
          fingerprint,
          source: 'dispute',
          rule: 'citizen-dispute',
          rule_version: '1',
          category: 'payment',
          severity: 'high',
          alert_key: pay.payment_id,
          department_code: pay.department_code,
          town_code: pay.town_code,
          village_code: pay.village_code,
          id_number: p.idNumber,
          title_zh: '群众反映未收到补贴',
          title_en: 'Citizen reports a payment not received',
          message_zh: `${p.name}反映未收到${pay.period}期${pay.fund_name ?? pay.fund_code}${yuan}元（${pay.payment_id}）：${reason.trim()}`,
          message_en: `${p.name} reports not receiving ${yuan} yuan of ${pay.fund_name ?? pay.fund_code} for ${pay.period} (${pay.payment_id}): ${reason.trim()}`,
          evidence: JSON.stringify(evidence),
          evidence_hash: evidenceHash,
          state: push ? 'pushed' : 'new',
          amount: pay.amount,
          recovered_amount: null,
          measure: null,
          level: 'department',
          escalated: 0,
          escalated_at: null,
          pushed_at: push ? now : null,
          due_at: push ? this.ctx.dueAt(now) : null,
          first_run_id: null,
          last_run_id: null,
          created_at: now,
          updated_at: now,
        },
      ]);
      const events = [this.ctx.event(id, p, 'create', null, 'new', reason.trim(), { payment_id: pay.payment_id })];
      const audits = [this.ctx.transitionAudit(p, id, 'dispute', null, 'new', reason.trim(), { payment_id: pay.payment_id })];
      if (push) {
        events.push(this.ctx.event(id, SYSTEM, 'push', 'new', 'pushed', null, { department_code: pay.department_code }));
        audits.push(this.ctx.transitionAudit(SYSTEM, id, 'push', 'new', 'pushed', null, { department_code: pay.department_code }));
      }
      await this.ctx.store.insertEvents(tx, events);
      await this.ctx.store.appendAudit(tx, audits);
      if (push) await this.ctx.notify(tx, [{ alertId: id, event: 'push' }]);
      return { created: true, id };
    });
    return { created: result.created, alert: await this.alerts.getAlert(p, result.id) };
  }
}
