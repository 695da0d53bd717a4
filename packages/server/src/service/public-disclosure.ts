/**
 * What the public sees without signing in: a village's disclosure (公示) of the funds the
 * county chose to disclose, masked and paged, with its notice period; and the village's three
 * assets (村务公开) — ledger totals by month and category, contracts (a person counterparty
 * masked), assets. No bank account, no full name or ID number ever leaves here. Answers are
 * cached per import and question, so a burst of phones asks the store once.
 */
import { maskIdNumber, maskName } from '../domain/masking.js';
import { ServerError } from '../server-error.js';
import { datasetRecords, disclosureFunds, disclosurePayments, fundPeriods, recordsBySeq, villageIndex, type ImportedRecord } from '../store/public-queries.js';
import type { ImportRow, ServerStore } from '../store/server-store.js';

/** The fields of a disclosed payment a county may choose to show. */
export const DISCLOSURE_FIELDS = ['name', 'id_number', 'period', 'pay_date', 'amount'] as const;
export type DisclosureField = (typeof DISCLOSURE_FIELDS)[number];

/** Fund kinds (`funds.kind`) not disclosed unless the county names the fund: they reveal health. */
export const DEFAULT_WITHHELD_KINDS = ['medical', 'disability'] as const;

/** Which funds and fields the public disclosure shows (the county's configuration). */
export interface DisclosureOptions {
  /**
   * The fund codes disclosed. When given, exactly these (a withheld kind included, if named).
   * @default every fund whose `kind` is not in `withheldKinds`
   */
  readonly funds?: readonly string[] | undefined;
  /**
   * Fund kinds left out when `funds` is not given.
   * @default ['medical', 'disability'] (medical aid, 两癌 screening, disability subsidies: health conditions)
   */
  readonly withheldKinds?: readonly string[] | undefined;
  /**
   * The payment fields shown (names and ID numbers always masked; bank accounts never).
   * @default ['name', 'id_number', 'period', 'pay_date', 'amount']
   */
  readonly fields?: readonly DisclosureField[] | undefined;
  /**
   * Days a disclosure stays posted (公示期), counted from the import that published it.
   * @default 7
   */
  readonly noticeDays?: number | undefined;
}

export interface PublicVillage {
  readonly village_code: string;
  readonly village_name: string | null;
  readonly town_code: string | null;
  readonly town_name: string | null;
}

export interface PublicDisclosure {
  readonly village: PublicVillage;
  /** The notice (公示期): published with the import on `from`, posted through `to`. */
  readonly notice: { readonly from: string; readonly to: string; readonly days: number };
  readonly fields: readonly DisclosureField[];
  /** The period asked for, or null for each fund's latest. */
  readonly period: string | null;
  /** The periods that may be asked for (newest first, at most 24). */
  readonly periods: readonly string[];
  readonly funds: readonly { readonly fund_code: string; readonly fund_name: string | null; readonly period: string; readonly recipients: number; readonly payments: number; readonly total: number }[];
  readonly page: Page<Readonly<Record<string, string | number>>>;
}

export interface Page<T> {
  readonly page: number;
  readonly page_size: number;
  readonly total: number;
  readonly pages: number;
  readonly rows: readonly T[];
}

export interface LedgerTotals {
  readonly village: PublicVillage;
  readonly year: string | null;
  readonly years: readonly string[];
  /** Per month: income and expense in fen. */
  readonly months: readonly { readonly month: string; readonly income: number; readonly expense: number; readonly entries: number }[];
  /** Per category and direction over the year. */
  readonly categories: readonly { readonly category: string; readonly direction: string; readonly total: number; readonly entries: number }[];
  readonly income: number;
  readonly expense: number;
}

export interface PublicContract {
  readonly contract_id: string;
  readonly subject_type: string | null;
  readonly subject_desc: string | null;
  readonly area: number | null;
  /** Masked when a person (张*峰); a company's name as is. */
  readonly counterparty: string;
  readonly counterparty_kind: 'person' | 'organisation';
  readonly start_date: string | null;
  readonly end_date: string | null;
  readonly annual_amount: number | null;
  readonly in_force: boolean;
}

export interface PublicAsset {
  readonly asset_id: string;
  readonly asset_type: string | null;
  readonly name: string | null;
  readonly original_value: number | null;
  readonly status: string | null;
  readonly contract_id: string | null;
}

const ORGANISATION = /公司|合作社|合作联社|厂|中心|站|店|场|部|所|院|学校|银行|集团|商行|超市|馆|协会|委员会|村委|有限|经营|工作室|事务|社区|政府|办事处|小组|队|Co\.|Ltd|Inc/i;

/**
 * A contract's counterparty as the public may see it: an organisation's name as is; a person's
 * masked (张*峰), and an ID number written where the name should be masked as an ID number.
 */
export function publicCounterparty(rec: ImportedRecord): { name: string; kind: 'person' | 'organisation' } {
  const name = String(rec['counterparty_name'] ?? '').trim();
  if (/\d{17}[\dXx]|\d{15}/.test(name)) return { name: name.replace(/\d{17}[\dXx]|\d{15}/g, (id) => maskIdNumber(id)).replace(/^[^\d*]+/, (n) => maskName(n)), kind: 'person' };
  return isOrganisation(rec) ? { name, kind: 'organisation' } : { name: maskName(name), kind: 'person' };
}

/** Whether a counterparty is an organisation (its name may stand) rather than a person. */
export function isOrganisation(rec: ImportedRecord): boolean {
  if (rec['counterparty_id_number'] !== null && rec['counterparty_id_number'] !== undefined && String(rec['counterparty_id_number']).trim() !== '') return false;
  if (rec['counterparty_company_id'] !== null && rec['counterparty_company_id'] !== undefined && String(rec['counterparty_company_id']).trim() !== '') return true;
  return ORGANISATION.test(String(rec['counterparty_name'] ?? ''));
}

/**
 * Whether the configuration discloses a fund (by its code and `funds.kind`).
 *
 * @example
 * ```ts
 * fundDisclosed({}, { fund_code: 'YB02', kind: 'medical' }); // false
 * fundDisclosed({ funds: ['YB02'] }, { fund_code: 'YB02', kind: 'medical' }); // true
 * ```
 */
export function fundDisclosed(options: DisclosureOptions, fund: { readonly fund_code: string; readonly kind: string | null }): boolean {
  if (options.funds) return options.funds.includes(fund.fund_code);
  const withheld: readonly string[] = options.withheldKinds ?? DEFAULT_WITHHELD_KINDS;
  return !withheld.includes(fund.kind ?? '');
}

const s = (v: string | number | null | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const n = (v: string | number | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

const CACHE_ENTRIES = 2000;
const VILLAGE = /^[\w-]{1,40}$/;

/** Checks a `page`/`page_size` pair (already integers from the route's schema). */
function paging(page: number | undefined, pageSize: number | undefined, defaultSize: number): { page: number; size: number } {
  const p = page ?? 1;
  const size = pageSize ?? defaultSize;
  if (!Number.isInteger(p) || p < 1) throw new ServerError('BAD_REQUEST', '`page` must be an integer ≥ 1');
  if (!Number.isInteger(size) || size < 1 || size > 100) throw new ServerError('BAD_REQUEST', '`page_size` must be an integer from 1 to 100');
  return { page: p, size };
}

function pageOf<T>(rows: readonly T[], page: number, size: number): Page<T> {
  return { page, page_size: size, total: rows.length, pages: Math.max(1, Math.ceil(rows.length / size)), rows: rows.slice((page - 1) * size, page * size) };
}

/**
 * The public answers, cached per import.
 *
 * @example
 * ```ts
 * const pub = new PublicPages(store, { withheldKinds: ['medical'] });
 * const d = await pub.disclosure('371426001201', {});
 * ```
 */
export class PublicPages {
  readonly store: ServerStore;
  readonly options: DisclosureOptions;
  readonly #cache = new Map<string, Promise<unknown>>();
  #cacheImport: string | undefined;

  constructor(store: ServerStore, options: DisclosureOptions = {}) {
    this.store = store;
    const fields = options.fields ?? DISCLOSURE_FIELDS;
    for (const f of fields) if (!(DISCLOSURE_FIELDS as readonly string[]).includes(f)) throw new ServerError('CONFIG', `disclosure field \`${f}\` is not one of ${DISCLOSURE_FIELDS.join(', ')}`);
    if (options.noticeDays !== undefined && (!Number.isInteger(options.noticeDays) || options.noticeDays < 1)) throw new ServerError('CONFIG', '`noticeDays` must be an integer ≥ 1');
    this.options = Object.freeze({ ...options, fields });
  }

  async #import(): Promise<ImportRow> {
    const imp = await this.store.latestImport();
    if (!imp) throw new ServerError('NO_DATA', 'nothing has been published yet');
    return imp;
  }

  /** A cached answer of the latest import; the cache empties when a new import arrives. */
  async #cached<T>(key: string, make: (imp: ImportRow) => Promise<T>): Promise<T> {
    const imp = await this.#import();
    if (this.#cacheImport !== imp.id) {
      this.#cache.clear();
      this.#cacheImport = imp.id;
    }
    let hit = this.#cache.get(key) as Promise<T> | undefined;
    if (hit) {
      // Least recently used goes first.
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    hit = make(imp);
    this.#cache.set(key, hit);
    hit.catch(() => this.#cache.delete(key));
    if (this.#cache.size > CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
    return hit;
  }

  /** A village's records of a collective dataset, through the per-import index of where each village's records are. */
  async #villageRecords(imp: ImportRow, dataset: string, village: string): Promise<ImportedRecord[]> {
    const index = await this.#cached(`index|${dataset}`, () => villageIndex(this.store.db, imp.id, dataset));
    return recordsBySeq(this.store.db, imp.id, dataset, index.get(village) ?? []);
  }

  /** The fund codes disclosed under the configuration, among the import's funds. */
  disclosedFunds(): Promise<Map<string, { name: string | null; kind: string | null }>> {
    return this.#cached('funds', async (imp) => {
      const funds = await datasetRecords(this.store.db, imp.id, 'funds');
      const out = new Map<string, { name: string | null; kind: string | null }>();
      for (const f of funds) {
        const code = String(f['fund_code']);
        const kind = s(f['kind']);
        if (fundDisclosed(this.options, { fund_code: code, kind })) out.set(code, { name: s(f['name']), kind });
      }
      // A fund paid but missing from the catalogue is disclosed only when named.
      for (const code of this.options.funds ?? []) if (!out.has(code)) out.set(code, { name: null, kind: null });
      return out;
    });
  }

  /** Every village, by town. */
  villages(): Promise<PublicVillage[]> {
    return this.#cached('villages', async (imp) => this.store.regions(imp.id, { where: '1 = 1', params: [] }));
  }

  async #village(code: string | undefined): Promise<PublicVillage> {
    if (code === undefined || code === '') throw new ServerError('BAD_REQUEST', 'give `village` (a village code, e.g. `?village=371426001201`)');
    if (!VILLAGE.test(code)) throw new ServerError('BAD_REQUEST', '`village` must be a village code (letters, digits, - or _)');
    const v = (await this.villages()).find((x) => x.village_code === code);
    if (!v) throw new ServerError('NOT_FOUND', `no village \`${code}\``);
    return v;
  }

  /**
   * A village's disclosure: the disclosed funds with their latest period (or `period`), and one
   * page of masked payments (of one fund with `fund`).
   */
  async disclosure(villageCode: string | undefined, q: { fund?: string | undefined; period?: string | undefined; page?: number | undefined; page_size?: number | undefined }): Promise<PublicDisclosure> {
    const village = await this.#village(villageCode);
    const { page, size } = paging(q.page, q.page_size, 20);
    if (q.period !== undefined && !/^\d{4}(-\d{2}|-Q[1-4]|-H[12])?$/.test(q.period)) throw new ServerError('BAD_REQUEST', '`period` must look like 2024-12, 2024-Q4 or 2024');
    const disclosed = await this.disclosedFunds();
    if (q.fund !== undefined && !disclosed.has(q.fund)) throw new ServerError('NOT_FOUND', `fund \`${q.fund}\` is not disclosed`);
    const key = `disclosure|${village.village_code}|${q.fund ?? ''}|${q.period ?? ''}|${page}|${size}`;
    return this.#cached(key, async (imp) => {
      const codes = q.fund !== undefined ? [q.fund] : [...disclosed.keys()];
      const funds = await disclosureFunds(this.store.db, imp.id, village.village_code, codes, q.period);
      const periods = await fundPeriods(this.store.db, imp.id, village.village_code, codes, 24);
      const total = funds.reduce((t, f) => t + f.payments, 0);
      const fields = this.options.fields ?? DISCLOSURE_FIELDS;
      const raw = await disclosurePayments(this.store.db, imp.id, village.village_code, funds, size, (page - 1) * size);
      const rows = raw.map((r) => {
        const out: Record<string, string | number> = { fund_code: r.fund_code };
        if (fields.includes('name')) out['name'] = maskName(r.name);
        if (fields.includes('id_number')) out['id_number'] = maskIdNumber(r.id_number);
        if (fields.includes('period')) out['period'] = r.period;
        if (fields.includes('pay_date')) out['pay_date'] = r.pay_date;
        if (fields.includes('amount')) out['amount'] = r.amount;
        return out;
      });
      const days = this.options.noticeDays ?? 7;
      const from = imp.created_at.slice(0, 10);
      const to = new Date(Date.parse(`${from}T00:00:00Z`) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
      return {
        village,
        notice: { from, to, days },
        fields,
        period: q.period ?? null,
        periods,
        funds: funds.map((f) => ({ fund_code: f.fund_code, fund_name: f.fund_name ?? disclosed.get(f.fund_code)?.name ?? null, period: f.period, recipients: f.recipients, payments: f.payments, total: f.total })),
        page: { page, page_size: size, total, pages: Math.max(1, Math.ceil(total / size)), rows },
      };
    });
  }

  /** The village's books: income and expense per month, and per category, over one year (the latest by default). */
  async ledger(villageCode: string | undefined, year: string | undefined): Promise<LedgerTotals> {
    const village = await this.#village(villageCode);
    if (year !== undefined && !/^\d{4}$/.test(year)) throw new ServerError('BAD_REQUEST', '`year` must be a year like 2024');
    return this.#cached(`ledger|${village.village_code}|${year ?? ''}`, async (imp) => {
      const all = await this.#villageRecords(imp, 'collective_ledger', village.village_code);
      const years = [...new Set(all.map((r) => String(r['date'] ?? '').slice(0, 4)).filter((y) => /^\d{4}$/.test(y)))].sort().reverse();
      const y = year ?? years[0] ?? null;
      const months = new Map<string, { month: string; income: number; expense: number; entries: number }>();
      const cats = new Map<string, { category: string; direction: string; total: number; entries: number }>();
      let income = 0;
      let expense = 0;
      for (const r of all) {
        const date = String(r['date'] ?? '');
        if (!y || !date.startsWith(y)) continue;
        const amount = Number(r['amount'] ?? 0);
        const dir = r['direction'] === 'income' ? 'income' : 'expense';
        const month = date.slice(0, 7);
        let m = months.get(month);
        if (!m) months.set(month, (m = { month, income: 0, expense: 0, entries: 0 }));
        m[dir] += amount;
        m.entries++;
        const ck = `${dir}|${String(r['category'] ?? 'other')}`;
        let c = cats.get(ck);
        if (!c) cats.set(ck, (c = { category: String(r['category'] ?? 'other'), direction: dir, total: 0, entries: 0 }));
        c.total += amount;
        c.entries++;
        if (dir === 'income') income += amount;
        else expense += amount;
      }
      return {
        village,
        year: y,
        years,
        months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
        categories: [...cats.values()].sort((a, b) => a.direction.localeCompare(b.direction) || b.total - a.total),
        income,
        expense,
      };
    });
  }

  /** The village's contracts, newest first, a person counterparty masked. */
  async contracts(villageCode: string | undefined, q: { page?: number | undefined; page_size?: number | undefined }, today: string): Promise<{ village: PublicVillage; contracts: Page<PublicContract> }> {
    const village = await this.#village(villageCode);
    const { page, size } = paging(q.page, q.page_size, 20);
    const all = await this.#cached(`contracts|${village.village_code}`, async (imp) =>
      (await this.#villageRecords(imp, 'collective_contracts', village.village_code))
        .map((r): Omit<PublicContract, 'in_force'> => {
          const who = publicCounterparty(r);
          return {
            contract_id: String(r['contract_id']),
            subject_type: s(r['subject_type']),
            subject_desc: s(r['subject_desc']),
            area: n(r['area']),
            counterparty: who.name,
            counterparty_kind: who.kind,
            start_date: s(r['start_date']),
            end_date: s(r['end_date']),
            annual_amount: n(r['annual_amount']),
          };
        })
        .sort((a, b) => String(b.start_date).localeCompare(String(a.start_date)) || a.contract_id.localeCompare(b.contract_id)),
    );
    const rows = all.map((c) => ({ ...c, in_force: (c.start_date ?? '') <= today && (c.end_date === null || c.end_date >= today) }));
    return { village, contracts: pageOf(rows, page, size) };
  }

  /** The village's assets. */
  async assets(villageCode: string | undefined, q: { page?: number | undefined; page_size?: number | undefined }): Promise<{ village: PublicVillage; total_value: number; assets: Page<PublicAsset> }> {
    const village = await this.#village(villageCode);
    const { page, size } = paging(q.page, q.page_size, 20);
    const all = await this.#cached(`assets|${village.village_code}`, async (imp) =>
      (await this.#villageRecords(imp, 'collective_assets', village.village_code)).map(
        (r): PublicAsset => ({ asset_id: String(r['asset_id']), asset_type: s(r['asset_type']), name: s(r['name']), original_value: n(r['original_value']), status: s(r['status']), contract_id: s(r['contract_id']) }),
      ),
    );
    return { village, total_value: all.reduce((t, a) => t + (a.status === 'disposed' ? 0 : (a.original_value ?? 0)), 0), assets: pageOf(all, page, size) };
  }
}
