/**
 * Alerts as the API shows them: the stored row turned into a typed object, with the evidence
 * and history only in the detail view.
 */
import type { EvidenceRecord, LocalizedText } from '@sunshine/core';
import { holderOf, type AlertAction, type AlertState } from '../domain/alert-lifecycle.js';
import { ROLE_NAMES, type Principal } from '../domain/principal.js';
import type { AlertEventRow, AlertRow, AttachmentRow } from '../store/server-store.js';

export interface AlertSummary {
  readonly id: string;
  /** A short number people can say (预警 #12). */
  readonly seq: number;
  readonly fingerprint: string;
  /** `engine` (a rule's finding) or `dispute` (a citizen's report). */
  readonly source: string;
  readonly rule: string;
  readonly rule_version: string;
  readonly category: string;
  readonly severity: string;
  readonly key: string;
  readonly department_code: string | null;
  readonly town_code: string | null;
  readonly village_code: string | null;
  readonly id_number: string | null;
  readonly title: LocalizedText;
  readonly message: LocalizedText;
  readonly state: AlertState;
  /** The money the finding is about, integer fen (null: none). */
  readonly amount: number | null;
  /** Money recovered (追回金额), integer fen, once closed. */
  readonly recovered_amount: number | null;
  /** The measure taken (处置措施), once closed. */
  readonly measure: string | null;
  /** Who verifies: `department`, `town` or `village`. */
  readonly level: string;
  /** Who holds it now: the level's, or `discipline` once escalated. */
  readonly holder: string;
  readonly escalated: boolean;
  readonly escalated_at: string | null;
  readonly pushed_at: string | null;
  /** When verification is due (pushed_at + verifyDays). */
  readonly due_at: string | null;
  readonly evidence_hash: string;
  readonly first_run_id: string | null;
  readonly last_run_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface AlertEventView {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly actor_role: string;
  readonly action: string;
  readonly from_state: string | null;
  readonly to_state: string;
  readonly reason: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export type AttachmentView = Omit<AttachmentRow, 'content' | 'alert_id'>;

export interface AlertDetail extends AlertSummary {
  readonly evidence: readonly EvidenceRecord[];
  readonly events: readonly AlertEventView[];
  readonly attachments: readonly AttachmentView[];
  /** What the caller may do now. */
  readonly actions: readonly AlertAction[];
}

export function alertSummary(r: AlertRow): AlertSummary {
  return {
    id: r.id,
    seq: r.seq,
    fingerprint: r.fingerprint,
    source: r.source,
    rule: r.rule,
    rule_version: r.rule_version,
    category: r.category,
    severity: r.severity,
    key: r.alert_key,
    department_code: r.department_code,
    town_code: r.town_code,
    village_code: r.village_code,
    id_number: r.id_number,
    title: { zh: r.title_zh, en: r.title_en },
    message: { zh: r.message_zh, en: r.message_en },
    state: r.state as AlertState,
    amount: r.amount,
    recovered_amount: r.recovered_amount,
    measure: r.measure,
    level: r.level,
    holder: holderOf({ level: r.level, escalated: r.escalated === 1 }),
    escalated: r.escalated === 1,
    escalated_at: r.escalated_at,
    pushed_at: r.pushed_at,
    due_at: r.due_at,
    evidence_hash: r.evidence_hash,
    first_run_id: r.first_run_id,
    last_run_id: r.last_run_id,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** Citizens see who acted by role only, never staff names. */
export function eventView(e: AlertEventRow, viewer: Principal): AlertEventView {
  const role = e.actor_role as keyof typeof ROLE_NAMES;
  return {
    id: e.id,
    at: e.at,
    actor: viewer.role === 'citizen' && e.actor_role !== 'citizen' ? (role in ROLE_NAMES ? ROLE_NAMES[role].zh : e.actor_role) : e.actor_name,
    actor_role: e.actor_role,
    action: e.action,
    from_state: e.from_state,
    to_state: e.to_state,
    reason: e.reason,
    detail: JSON.parse(e.detail) as Record<string, unknown>,
  };
}
