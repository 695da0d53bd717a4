/**
 * What every part of the service shares: the store, the options, the clock, and the helpers
 * that build alert events and audit entries, check the discipline role and find an alert within
 * the caller's jurisdiction.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Actor, Principal } from '../domain/principal.js';
import { alertScope } from '../domain/jurisdiction.js';
import { ServerError } from '../server-error.js';
import type { AlertEventRow, AlertRow, AuditInput, ImportRow, ServerStore } from '../store/server-store.js';
import type { SqlExecutor } from '../store/sql-database.js';
import type { ServiceOptions } from './service-types.js';

const DAY_MS = 86_400_000;

/** An alert that someone should hear about: newly pushed, transferred, or escalated. */
export interface AlertNotice {
  readonly alertId: string;
  readonly event: 'push' | 'transfer' | 'escalate';
}

export const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** The store, options, clock and helpers every part of the service shares. */
export class ServiceContext {
  readonly store: ServerStore;
  readonly opts: ServiceOptions;
  readonly now: () => Date;
  /** Queues notices in the same transaction (set by the notifications service when configured). */
  onNotify: ((tx: SqlExecutor, notices: readonly AlertNotice[]) => Promise<void>) | undefined;

  constructor(store: ServerStore, opts: ServiceOptions, now: () => Date) {
    this.store = store;
    this.opts = opts;
    this.now = now;
  }

  /** Queues notices of these alerts (nothing when notifications are off). */
  async notify(tx: SqlExecutor, notices: readonly AlertNotice[]): Promise<void> {
    if (notices.length > 0 && this.onNotify) await this.onNotify(tx, notices);
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  requireDiscipline(p: Principal | undefined, what: string): void {
    if (p && p.role !== 'discipline') throw new ServerError('FORBIDDEN', `only the discipline commission ${what}`);
  }

  /** Reads open to the discipline commission and the county party committee (read-only). */
  requireOversight(p: Principal | undefined, what: string): void {
    if (p && p.role !== 'discipline' && p.role !== 'party') throw new ServerError('FORBIDDEN', `only the discipline commission and the party committee ${what}`);
  }

  dueAt(fromIso: string): string {
    return new Date(new Date(fromIso).getTime() + (this.opts.verifyDays ?? 15) * DAY_MS).toISOString();
  }

  event(alertId: string, actor: Actor, action: string, from: string | null, to: string, reason: string | null, detail: Record<string, unknown> = {}): Omit<AlertEventRow, 'seq'> {
    return {
      id: randomUUID(),
      alert_id: alertId,
      at: this.nowIso(),
      actor_id: actor.id,
      actor_name: actor.name,
      actor_role: actor.role,
      action,
      from_state: from,
      to_state: to,
      reason,
      detail: JSON.stringify(detail),
    };
  }

  transitionAudit(actor: Actor, alertId: string, action: string, from: string | null, to: string, reason: string | null, extra: Record<string, unknown> = {}): AuditInput {
    return { actor: actor.id, role: actor.role, action: `alert.${action}`, target: `alert:${alertId}`, detail: { from, to, reason, ...extra } };
  }

  async latestImportOrFail(): Promise<ImportRow> {
    const imp = await this.store.latestImport();
    if (!imp) throw new ServerError('NO_DATA', 'nothing imported yet');
    return imp;
  }

  async alertInScope(p: Principal, id: string, tx?: SqlExecutor): Promise<AlertRow> {
    const row = await this.store.alertById(id, alertScope(p), tx);
    if (!row) throw new ServerError('NOT_FOUND', `no alert \`${id}\` within your jurisdiction`);
    return row;
  }
}
