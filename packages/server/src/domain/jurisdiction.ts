/**
 * Jurisdiction as SQL: every query that returns alerts or payments ANDs the caller's scope into
 * its WHERE clause, so no row outside it ever leaves the store.
 *
 * - discipline commission and county party committee (read-only): everything
 * - county department: alerts and payments of its department's funds
 * - town: its villages
 * - village: itself
 * - citizen: alerts of their own disputes; payments: their own (or, for disclosure, their village's)
 */
import type { SqlValue } from '../store/sql-database.js';
import type { Principal } from './principal.js';

/** A WHERE fragment with its parameters. */
export interface SqlFilter {
  readonly where: string;
  readonly params: readonly SqlValue[];
}

const NOTHING: SqlFilter = { where: '1 = 0', params: [] };

function required(value: string | null, where: string): SqlFilter {
  return value === null ? NOTHING : { where, params: [value] };
}

/**
 * The alerts a principal may see (columns of `alerts`, optionally qualified by `alias`).
 *
 * @example
 * ```ts
 * const { where, params } = alertScope(principal);
 * db.all(`SELECT * FROM alerts WHERE ${where}`, params);
 * ```
 */
export function alertScope(p: Principal, alias = ''): SqlFilter {
  const c = alias ? `${alias}.` : '';
  switch (p.role) {
    case 'party':
    case 'discipline':
      return { where: '1 = 1', params: [] };
    case 'department':
      return required(p.departmentCode, `${c}department_code = ?`);
    case 'town':
      return required(p.townCode, `${c}town_code = ?`);
    case 'village':
      return required(p.villageCode, `${c}village_code = ?`);
    case 'citizen':
      return required(p.idNumber, `${c}source = 'dispute' AND ${c}id_number = ?`);
  }
}

/**
 * The payments (of `registry_payments`) a principal may see with names and amounts: staff by
 * jurisdiction, a citizen only their own.
 */
export function paymentScope(p: Principal): SqlFilter {
  switch (p.role) {
    case 'party':
    case 'discipline':
      return { where: '1 = 1', params: [] };
    case 'department':
      return required(p.departmentCode, 'department_code = ?');
    case 'town':
      return required(p.townCode, 'town_code = ?');
    case 'village':
      return required(p.villageCode, 'village_code = ?');
    case 'citizen':
      return required(p.idNumber, 'id_number = ?');
  }
}

/**
 * The payments a principal may see in a public disclosure (公示, masked): staff by
 * jurisdiction, a citizen their own village's.
 */
export function disclosureScope(p: Principal): SqlFilter {
  return p.role === 'citizen' ? required(p.villageCode, 'village_code = ?') : paymentScope(p);
}

/** The villages (of `registry_regions`) a principal may pick in filters and disclosures. */
export function villageScope(p: Principal): SqlFilter {
  switch (p.role) {
    case 'party':
    case 'discipline':
    case 'department':
      return { where: '1 = 1', params: [] };
    case 'town':
      return required(p.townCode, 'town_code = ?');
    case 'village':
    case 'citizen':
      return required(p.villageCode, 'village_code = ?');
  }
}
