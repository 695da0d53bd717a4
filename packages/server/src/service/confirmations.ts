/**
 * 认账: a citizen confirms that a payment of theirs reached them (or disputes it, which
 * `Citizens.dispute` turns into an alert). Confirmations are kept, audited and counted for the
 * statistics.
 */
import { paymentScope } from '../domain/jurisdiction.js';
import type { Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import { citizenFeedbackCounts, confirmationOf, confirmationsOf, disputesOf, insertConfirmation, type ConfirmationRow } from '../store/public-queries.js';
import type { ServerStore } from '../store/server-store.js';

/** A citizen's answer on each of their payments. */
export interface Acknowledgements {
  readonly confirmations: readonly { readonly payment_id: string; readonly confirmed_at: string }[];
  readonly disputes: readonly { readonly payment_id: string; readonly alert_id: string; readonly state: string; readonly created_at: string }[];
}

export type CitizenFeedbackCounts = Awaited<ReturnType<typeof citizenFeedbackCounts>>;

/**
 * @example
 * ```ts
 * const c = new Confirmations(store);
 * const { created } = await c.confirm(citizen, 'P000000001'); // true the first time, false after
 * ```
 */
export class Confirmations {
  readonly store: ServerStore;

  constructor(store: ServerStore) {
    this.store = store;
  }

  /**
   * Confirms receipt of one of the citizen's own payments. Idempotent: a second confirmation
   * answers the first. Refused (409) for a payment the citizen reported as not received.
   */
  async confirm(p: Principal, paymentId: string): Promise<{ created: boolean; confirmation: { payment_id: string; confirmed_at: string } }> {
    if (p.role !== 'citizen' || !p.idNumber) throw new ServerError('FORBIDDEN', 'only a citizen confirms their own payments');
    const id = p.idNumber;
    const imp = await this.store.latestImport();
    if (!imp) throw new ServerError('NO_DATA', 'nothing imported yet');
    const pay = await this.store.paymentById(imp.id, paymentId, paymentScope(p));
    if (!pay) throw new ServerError('NOT_FOUND', `no payment \`${paymentId}\` of yours (\`payment_id\`)`);
    if ((await disputesOf(this.store.db, id)).some((d) => d.payment_id === paymentId)) {
      throw new ServerError('CONFLICT', `you reported payment \`${paymentId}\` as not received; the department is verifying it`);
    }
    return this.store.write(async (tx) => {
      const existing = await confirmationOf(tx, id, paymentId);
      if (existing) return { created: false, confirmation: { payment_id: existing.payment_id, confirmed_at: existing.confirmed_at } };
      const row: ConfirmationRow = {
        payment_id: pay.payment_id,
        id_number: id,
        fund_code: pay.fund_code,
        department_code: pay.department_code,
        town_code: pay.town_code,
        village_code: pay.village_code,
        period: pay.period,
        amount: pay.amount,
        import_id: imp.id,
        confirmed_at: this.store.nowIso(),
      };
      await insertConfirmation(tx, row);
      await this.store.appendAudit(tx, [{ actor: p.id, role: p.role, action: 'payment.confirm', target: `payment:${pay.payment_id}`, detail: { fund_code: pay.fund_code, period: pay.period, amount: pay.amount } }]);
      return { created: true, confirmation: { payment_id: row.payment_id, confirmed_at: row.confirmed_at } };
    });
  }

  /** What the citizen answered on their payments: confirmations and disputes. */
  async acknowledgements(p: Principal): Promise<Acknowledgements> {
    if (p.role !== 'citizen' || !p.idNumber) throw new ServerError('FORBIDDEN', 'only a citizen has acknowledgements');
    const [c, d] = await Promise.all([confirmationsOf(this.store.db, p.idNumber), disputesOf(this.store.db, p.idNumber)]);
    return { confirmations: c.map((x) => ({ payment_id: x.payment_id, confirmed_at: x.confirmed_at })), disputes: d.map((x) => ({ payment_id: x.payment_id, alert_id: x.id, state: x.state, created_at: x.created_at })) };
  }

  /** Confirmations and disputes within a staff member's jurisdiction. */
  async counts(p: Principal): Promise<CitizenFeedbackCounts> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizen statistics are for staff');
    return citizenFeedbackCounts(this.store.db, paymentScope(p));
  }
}
