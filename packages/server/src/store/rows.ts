/**
 * The rows of the server's state as the store reads and writes them: one interface per table
 * (users, sessions, imports, runs, alerts, events, attachments, custom rules, payments, regions)
 * and the alert list's filter. Kept apart from {@link ServerStore} so services can name a row
 * without importing the store.
 */

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  department_code: string | null;
  town_code: string | null;
  village_code: string | null;
  password_hash: string;
  disabled: number;
  created_at: string;
}

export interface SessionRow {
  token_hash: string;
  role: string;
  user_id: string | null;
  citizen_id_number: string | null;
  citizen_name: string | null;
  town_code: string | null;
  village_code: string | null;
  created_at: string;
  expires_at: string;
}

export interface ImportRow {
  id: string;
  seq: number;
  kind: string;
  description: string;
  created_by: string | null;
  created_at: string;
  /** JSON: dataset → { loaded, rejected } */
  counts: string;
  rejected: number;
  /** JSON: missing dataset names */
  missing: string;
  /** When its records were deleted by retention (null while they are kept). */
  records_pruned_at: string | null;
}

export interface RunRow {
  id: string;
  seq: number;
  import_id: string;
  as_of: string;
  trigger_kind: string;
  started_by: string | null;
  started_at: string;
  finished_at: string | null;
  status: string;
  /** JSON: { stdlib: preset, custom: { id: version_no } } */
  rules: string;
  /** JSON: parameter overrides */
  params: string;
  rules_run: number;
  /** JSON list */
  rules_skipped: string;
  /** JSON list of { rule, code, message } */
  rules_failed: string;
  findings: number;
  created_alerts: number;
  reopened_alerts: number;
  updated_alerts: number;
  error: string | null;
}

export interface AlertRow {
  id: string;
  seq: number;
  fingerprint: string;
  source: string;
  rule: string;
  rule_version: string;
  category: string;
  severity: string;
  alert_key: string;
  department_code: string | null;
  town_code: string | null;
  village_code: string | null;
  id_number: string | null;
  title_zh: string;
  title_en: string;
  message_zh: string;
  message_en: string;
  /** JSON list of evidence records */
  evidence: string;
  evidence_hash: string;
  state: string;
  /** The money the finding is about, integer fen (null: none, or an alert from before it was kept). */
  amount: number | null;
  /** Money recovered (追回金额), integer fen, recorded when the alert is closed. */
  recovered_amount: number | null;
  /** The measure taken (处置措施), recorded when the alert is closed. */
  measure: string | null;
  /** Who verifies: `department` (the default), `town` (the town's 农经 staff, for a village's own books) or `village`. */
  level: string;
  escalated: number;
  escalated_at: string | null;
  pushed_at: string | null;
  due_at: string | null;
  first_run_id: string | null;
  last_run_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface AlertEventRow {
  id: string;
  seq: number;
  alert_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  action: string;
  from_state: string | null;
  to_state: string;
  reason: string | null;
  /** JSON */
  detail: string;
}

export interface AttachmentRow {
  id: string;
  alert_id: string;
  event_id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  /** base64 */
  content: string;
  created_at: string;
}

export interface CustomRuleRow {
  rule_id: string;
  version_no: number;
  /** JSON of the rule */
  rule: string;
  enabled: number;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface PaymentRow {
  payment_id: string;
  fund_code: string;
  fund_name: string | null;
  department_code: string | null;
  id_number: string;
  name: string;
  town_code: string | null;
  village_code: string | null;
  period: string;
  pay_date: string;
  amount: number;
}

export interface RegionRow {
  village_code: string;
  village_name: string | null;
  town_code: string | null;
  town_name: string | null;
}

/** Filters of the alert queue (each optional). */
export interface AlertFilter {
  readonly category?: string | undefined;
  readonly town_code?: string | undefined;
  readonly village_code?: string | undefined;
  readonly department_code?: string | undefined;
  readonly state?: string | undefined;
  readonly severity?: string | undefined;
  readonly rule?: string | undefined;
  readonly escalated?: boolean | undefined;
  readonly q?: string | undefined;
}

/** An audit entry to append (seq, time and hashes are the store's). */
export interface AuditInput {
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

