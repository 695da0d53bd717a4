/**
 * The store's queries for the public pages (公示 and 村务公开) and for citizens' confirmations
 * of receipt (认账). Plain functions over a {@link SqlExecutor}, in SQL both SQLite and
 * PostgreSQL accept; kept apart from `ServerStore`. None of them reads a whole import: payments
 * come from the indexed `registry_payments`; a village's collective books from its own records
 * of `import_records`, found through an index of village code → record `seq` built in one pass
 * per import and dataset; the callers cache the answers per import.
 */
import type { SqlFilter } from '../domain/jurisdiction.js';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';

/** An imported record (money in integer fen). */
export type ImportedRecord = Readonly<Record<string, string | number | null>>;

/** PostgreSQL answers COUNT and SUM as text. */
const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/** Every record of one dataset of an import (for small catalogues: `funds`, `regions`). */
export async function datasetRecords(db: SqlExecutor, importId: string, dataset: string): Promise<ImportedRecord[]> {
  const rows = await db.all<{ data: string }>('SELECT data FROM import_records WHERE import_id = ? AND dataset = ? ORDER BY seq', [importId, dataset]);
  return rows.map((r) => JSON.parse(r.data) as ImportedRecord);
}

/**
 * Where each village's records of one dataset are: village code → the records' `seq`, read in
 * one pass over the dataset (the village code taken out of the JSON by the database). The
 * caller keeps it per import, so each village's records are then read by key.
 */
export async function villageIndex(db: SqlDatabase, importId: string, dataset: string): Promise<Map<string, number[]>> {
  const village = db.dialect === 'postgres' ? "(data::json)->>'village_code'" : "json_extract(data, '$.village_code')";
  const rows = await db.all<{ seq: number | string; v: string | number | null }>(`SELECT seq, ${village} AS v FROM import_records WHERE import_id = ? AND dataset = ?`, [importId, dataset]);
  const out = new Map<string, number[]>();
  for (const r of rows) {
    if (r.v === null) continue;
    const key = String(r.v);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(Number(r.seq));
  }
  return out;
}

/** The records of a dataset with these `seq`, in order. */
export async function recordsBySeq(db: SqlExecutor, importId: string, dataset: string, seqs: readonly number[]): Promise<ImportedRecord[]> {
  const out: ImportedRecord[] = [];
  const sorted = [...seqs].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += 500) {
    const chunk = sorted.slice(i, i + 500);
    const rows = await db.all<{ data: string }>(`SELECT data FROM import_records WHERE import_id = ? AND dataset = ? AND seq IN (${chunk.map(() => '?').join(', ')}) ORDER BY seq`, [importId, dataset, ...chunk]);
    for (const r of rows) out.push(JSON.parse(r.data) as ImportedRecord);
  }
  return out;
}

/** One fund of a village's disclosure: the period shown and its totals. */
export interface FundPeriodSummary {
  fund_code: string;
  fund_name: string | null;
  department_code: string | null;
  period: string;
  recipients: number;
  payments: number;
  /** Integer fen. */
  total: number;
}

/**
 * For each of `fundCodes` paid in the village: its latest period (or `period`, when given) with
 * the number of recipients and payments and the total.
 */
export async function disclosureFunds(db: SqlExecutor, importId: string, villageCode: string, fundCodes: readonly string[], period: string | undefined): Promise<FundPeriodSummary[]> {
  if (fundCodes.length === 0) return [];
  const inList = fundCodes.map(() => '?').join(', ');
  const chosen = period
    ? fundCodes.map((f) => ({ fund_code: f, period }))
    : await db.all<{ fund_code: string; period: string }>(`SELECT fund_code, MAX(period) AS period FROM registry_payments WHERE import_id = ? AND village_code = ? AND fund_code IN (${inList}) GROUP BY fund_code`, [
        importId,
        villageCode,
        ...fundCodes,
      ]);
  if (chosen.length === 0) return [];
  const pairs = chosen.map(() => '(fund_code = ? AND period = ?)').join(' OR ');
  const rows = await db.all<{ fund_code: string; fund_name: string | null; department_code: string | null; period: string; recipients: number | string; payments: number | string; total: number | string | null }>(
    `SELECT fund_code, MAX(fund_name) AS fund_name, MAX(department_code) AS department_code, period, COUNT(DISTINCT id_number) AS recipients, COUNT(*) AS payments, SUM(amount) AS total
     FROM registry_payments WHERE import_id = ? AND village_code = ? AND (${pairs}) GROUP BY fund_code, period ORDER BY fund_code`,
    [importId, villageCode, ...chosen.flatMap((c) => [c.fund_code, c.period])],
  );
  return rows.map((r) => ({ ...r, recipients: num(r.recipients), payments: num(r.payments), total: num(r.total) }));
}

/** One page of the payments of the given (fund, period) pairs of a village, by fund, period and payment. */
export async function disclosurePayments(
  db: SqlExecutor,
  importId: string,
  villageCode: string,
  pairs: readonly { fund_code: string; period: string }[],
  limit: number,
  offset: number,
): Promise<{ fund_code: string; name: string; id_number: string; period: string; pay_date: string; amount: number }[]> {
  if (pairs.length === 0) return [];
  const where = pairs.map(() => '(fund_code = ? AND period = ?)').join(' OR ');
  const rows = await db.all<{ fund_code: string; name: string; id_number: string; period: string; pay_date: string; amount: number | string }>(
    `SELECT fund_code, name, id_number, period, pay_date, amount FROM registry_payments WHERE import_id = ? AND village_code = ? AND (${where}) ORDER BY fund_code, period, payment_id LIMIT ? OFFSET ?`,
    [importId, villageCode, ...pairs.flatMap((p) => [p.fund_code, p.period]), limit, offset],
  );
  return rows.map((r) => ({ ...r, amount: num(r.amount) }));
}

/** The periods a fund was paid in a village, newest first (at most `limit`). */
export async function fundPeriods(db: SqlExecutor, importId: string, villageCode: string, fundCodes: readonly string[], limit: number): Promise<string[]> {
  if (fundCodes.length === 0) return [];
  const rows = await db.all<{ period: string }>(
    `SELECT DISTINCT period FROM registry_payments WHERE import_id = ? AND village_code = ? AND fund_code IN (${fundCodes.map(() => '?').join(', ')}) ORDER BY period DESC LIMIT ?`,
    [importId, villageCode, ...fundCodes, limit],
  );
  return rows.map((r) => r.period);
}

// ---- confirmations of receipt (认账) -------------------------------------------------------

/** A citizen's confirmation that a payment reached them. */
export interface ConfirmationRow {
  payment_id: string;
  id_number: string;
  fund_code: string | null;
  department_code: string | null;
  town_code: string | null;
  village_code: string | null;
  period: string | null;
  amount: number | null;
  import_id: string;
  confirmed_at: string;
}

const CONFIRMATION_COLUMNS = ['payment_id', 'id_number', 'fund_code', 'department_code', 'town_code', 'village_code', 'period', 'amount', 'import_id', 'confirmed_at'] as const;

/** The confirmation of one payment by one person, if any. */
export function confirmationOf(db: SqlExecutor, idNumber: string, paymentId: string): Promise<ConfirmationRow | undefined> {
  return db.get<ConfirmationRow>('SELECT * FROM citizen_confirmations WHERE id_number = ? AND payment_id = ?', [idNumber, paymentId]);
}

/** Inserts a confirmation (inside the caller's write transaction). */
export async function insertConfirmation(tx: SqlExecutor, row: ConfirmationRow): Promise<void> {
  await tx.insertMany('citizen_confirmations', CONFIRMATION_COLUMNS, [CONFIRMATION_COLUMNS.map((c) => row[c])]);
}

/** A person's confirmations, newest first. */
export function confirmationsOf(db: SqlExecutor, idNumber: string): Promise<ConfirmationRow[]> {
  return db.all<ConfirmationRow>('SELECT * FROM citizen_confirmations WHERE id_number = ? ORDER BY confirmed_at DESC, payment_id', [idNumber]);
}

/** A person's disputes (alerts from `citizen-dispute`): the payment each is about, and its state. */
export function disputesOf(db: SqlExecutor, idNumber: string): Promise<{ id: string; payment_id: string; state: string; created_at: string }[]> {
  return db.all("SELECT id, alert_key AS payment_id, state, created_at FROM alerts WHERE source = 'dispute' AND id_number = ? ORDER BY seq DESC", [idNumber]);
}

/**
 * Citizens' confirmations and disputes within a scope (a WHERE over `department_code`,
 * `town_code`, `village_code`, which both tables have): totals and per village.
 */
export async function citizenFeedbackCounts(
  db: SqlExecutor,
  scope: SqlFilter,
): Promise<{ confirmations: number; confirming_citizens: number; disputes: number; disputing_citizens: number; open_disputes: number; villages: { village_code: string | null; confirmations: number; disputes: number }[] }> {
  const c = await db.get<{ n: number | string; p: number | string }>(`SELECT COUNT(*) AS n, COUNT(DISTINCT id_number) AS p FROM citizen_confirmations WHERE (${scope.where})`, [...scope.params]);
  const d = await db.get<{ n: number | string; p: number | string; o: number | string | null }>(
    `SELECT COUNT(*) AS n, COUNT(DISTINCT id_number) AS p, SUM(CASE WHEN state IN ('new', 'pushed', 'verifying', 'confirmed', 'investigating') THEN 1 ELSE 0 END) AS o FROM alerts WHERE source = 'dispute' AND (${scope.where})`,
    [...scope.params],
  );
  const cv = await db.all<{ village_code: string | null; n: number | string }>(`SELECT village_code, COUNT(*) AS n FROM citizen_confirmations WHERE (${scope.where}) GROUP BY village_code`, [...scope.params]);
  const dv = await db.all<{ village_code: string | null; n: number | string }>(`SELECT village_code, COUNT(*) AS n FROM alerts WHERE source = 'dispute' AND (${scope.where}) GROUP BY village_code`, [...scope.params]);
  const villages = new Map<string | null, { village_code: string | null; confirmations: number; disputes: number }>();
  const at = (v: string | null) => {
    let x = villages.get(v);
    if (!x) villages.set(v, (x = { village_code: v, confirmations: 0, disputes: 0 }));
    return x;
  };
  for (const r of cv) at(r.village_code).confirmations = num(r.n);
  for (const r of dv) at(r.village_code).disputes = num(r.n);
  return {
    confirmations: num(c?.n),
    confirming_citizens: num(c?.p),
    disputes: num(d?.n),
    disputing_citizens: num(d?.p),
    open_disputes: num(d?.o),
    villages: [...villages.values()].sort((a, b) => String(a.village_code).localeCompare(String(b.village_code))),
  };
}
