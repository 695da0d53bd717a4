/**
 * The alert lifecycle: new → pushed (to the responsible department) → verifying →
 * confirmed or dismissed (with a reason) → for confirmed: investigating → closed (with the
 * money recovered and the measure taken). A pushed alert that went to the wrong department is
 * transferred (with a reason) to another. The discipline commission may reopen a dismissed
 * alert (再监督), and anyone who sees an alert may add a note or evidence without changing its
 * state. Who decides an alert: its responsible level (the department, or the town / village
 * where the rule says so), and the discipline commission once verification is overdue
 * (escalated). Which roles may take which action is decided here and nowhere else.
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
export const ALERT_ACTIONS = ['push', 'verify', 'confirm', 'dismiss', 'investigate', 'close', 'reopen', 'transfer', 'comment', 'reply'] as const;
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
  // town and village: only on an alert whose responsible level is theirs (see `actionsFor`).
  verify: { from: ['pushed'], to: 'verifying', roles: ['department', 'discipline', 'town', 'village'], reasonRequired: false },
  confirm: { from: ['verifying'], to: 'confirmed', roles: ['department', 'discipline', 'town', 'village'], reasonRequired: true },
  dismiss: { from: ['verifying'], to: 'dismissed', roles: ['department', 'discipline', 'town', 'village'], reasonRequired: true },
  investigate: { from: ['confirmed'], to: 'investigating', roles: ['department', 'discipline', 'town', 'village'], reasonRequired: false },
  /** With `recovered_amount` (追回金额, fen) and `measure` (处置措施). */
  close: { from: ['investigating'], to: 'closed', roles: ['department', 'discipline', 'town', 'village'], reasonRequired: true },
  reopen: { from: ['dismissed', 'closed'], to: 'new', roles: ['discipline'], reasonRequired: true },
  /** To another department (`department_code`), with a reason: the department that has it, or the discipline commission. */
  transfer: { from: ['pushed', 'verifying'], to: 'pushed', roles: ['department', 'discipline'], reasonRequired: true },
  /** An internal note: staff only, never shown to a citizen. */
  comment: { from: ALL_STATES, to: null, roles: ['discipline', 'department', 'town', 'village'], reasonRequired: true },
  /** A public reply: the complainant of a dispute sees it (and its attachments). */
  reply: { from: ALL_STATES, to: null, roles: ['discipline', 'department'], reasonRequired: true },
};

/** The events of an alert a citizen sees: their own report, public replies and the state changes (without staff reasons). */
export const CITIZEN_VISIBLE_ACTIONS: readonly string[] = ['create', 'reply', 'push', 'verify', 'confirm', 'dismiss', 'investigate', 'close', 'reopen', 'transfer'];
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

/** The actions that decide an alert (verify … close): the holder's. */
const DECIDING: readonly AlertAction[] = ['verify', 'confirm', 'dismiss', 'investigate', 'close'];

/** What of an alert decides who may act on it. */
export interface AlertHolding {
  readonly state: AlertState;
  /** `department`, `town` or `village`: who verifies. */
  readonly level: string;
  /** Overdue verification handed to the discipline commission. */
  readonly escalated: boolean;
}

/**
 * Who holds an alert now: the discipline commission once escalated, else its responsible level.
 */
export function holderOf(a: Pick<AlertHolding, 'level' | 'escalated'>): 'discipline' | 'department' | 'town' | 'village' {
  if (a.escalated) return 'discipline';
  return a.level === 'town' || a.level === 'village' ? a.level : 'department';
}

/**
 * The actions `role` may take on this alert (jurisdiction checked elsewhere): a town or village
 * decides only alerts of its level; a department decides its alerts (and transfers them) until
 * they are escalated to the discipline commission; the commission may always act.
 *
 * @example
 * ```ts
 * actionsFor({ state: 'pushed', level: 'town', escalated: false }, 'town'); // ['verify', 'comment']
 * ```
 */
export function actionsFor(a: AlertHolding, role: Role): AlertAction[] {
  return allowedActions(a.state, role).filter((action) => {
    if (role === 'town' || role === 'village') return !DECIDING.includes(action) || (a.level === role && !a.escalated);
    if (role === 'department') return (!DECIDING.includes(action) && action !== 'transfer') || !a.escalated;
    return true;
  });
}
