/**
 * The alert lifecycle: new → pushed (to the responsible department) → verifying →
 * confirmed or dismissed (with a reason) → for confirmed: investigating → closed. The
 * discipline commission may reopen a dismissed alert (再监督), and anyone who sees an alert may
 * add a note or evidence without changing its state. Which roles may take which action is
 * decided here and nowhere else.
 */
import type { Role } from './principal.js';

export const ALERT_STATES = ['new', 'pushed', 'verifying', 'confirmed', 'dismissed', 'investigating', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_STATE_NAMES: Readonly<Record<AlertState, { readonly zh: string; readonly en: string }>> = {
  new: { zh: '新预警', en: 'New' },
  pushed: { zh: '已推送', en: 'Pushed' },
  verifying: { zh: '核实中', en: 'Verifying' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  dismissed: { zh: '已排除', en: 'Dismissed' },
  investigating: { zh: '调查处置中', en: 'Investigating' },
  closed: { zh: '已办结', en: 'Closed' },
};

/** Actions a person can take on an alert. */
export const ALERT_ACTIONS = ['push', 'verify', 'confirm', 'dismiss', 'investigate', 'close', 'reopen', 'comment', 'reply'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export interface TransitionRule {
  /** States the action starts from. */
  readonly from: readonly AlertState[];
  /** The state it leads to; `null` keeps the state (`comment`). */
  readonly to: AlertState | null;
  readonly roles: readonly Role[];
  readonly reasonRequired: boolean;
}

const ALL_STATES = ALERT_STATES;

export const TRANSITIONS: Readonly<Record<AlertAction, TransitionRule>> = {
  push: { from: ['new'], to: 'pushed', roles: ['discipline'], reasonRequired: false },
  verify: { from: ['pushed'], to: 'verifying', roles: ['department', 'discipline'], reasonRequired: false },
  confirm: { from: ['verifying'], to: 'confirmed', roles: ['department', 'discipline'], reasonRequired: true },
  dismiss: { from: ['verifying'], to: 'dismissed', roles: ['department', 'discipline'], reasonRequired: true },
  investigate: { from: ['confirmed'], to: 'investigating', roles: ['department', 'discipline'], reasonRequired: false },
  close: { from: ['investigating'], to: 'closed', roles: ['department', 'discipline'], reasonRequired: true },
  reopen: { from: ['dismissed', 'closed'], to: 'new', roles: ['discipline'], reasonRequired: true },
  /** An internal note: staff only, never shown to a citizen. */
  comment: { from: ALL_STATES, to: null, roles: ['discipline', 'department', 'town', 'village'], reasonRequired: true },
  /** A public reply: the complainant of a dispute sees it (and its attachments). */
  reply: { from: ALL_STATES, to: null, roles: ['discipline', 'department'], reasonRequired: true },
};

/** The events of an alert a citizen sees: their own report, public replies and the state changes (without staff reasons). */
export const CITIZEN_VISIBLE_ACTIONS: readonly string[] = ['create', 'reply', 'push', 'verify', 'confirm', 'dismiss', 'investigate', 'close', 'reopen'];
/** Of those, the ones whose text (reason) and attachments a citizen sees. */
export const CITIZEN_READABLE_ACTIONS: readonly string[] = ['create', 'reply'];

/** States in which verification is pending (and can become overdue). */
export const VERIFICATION_STATES: readonly AlertState[] = ['pushed', 'verifying'];

export function isAlertState(v: string): v is AlertState {
  return (ALERT_STATES as readonly string[]).includes(v);
}

/**
 * The actions `role` may take on an alert in `state` (jurisdiction checked elsewhere).
 *
 * @example
 * ```ts
 * allowedActions('pushed', 'department'); // ['verify', 'comment']
 * ```
 */
export function allowedActions(state: AlertState, role: Role): AlertAction[] {
  return ALERT_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state) && TRANSITIONS[a].roles.includes(role));
}
