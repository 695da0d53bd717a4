/**
 * Statistics (统计) within the caller's jurisdiction: alerts by state, overdue and escalated,
 * money involved (涉及金额) and recovered (追回金额) — integer fen, each the plain sum over the
 * alerts counted — by department, town, village, fund, category and month; page views and
 * look-ups per page and channel; and an XLSX export of the same numbers. Other parts of the
 * server add their own figures as named `sections` (see {@link Statistics.addSection}).
 */
import ExcelJS from 'exceljs';
import { ALERT_STATE_NAMES, ALERT_STATES, VERIFICATION_STATES, type AlertState } from '../domain/alert-lifecycle.js';
import { alertScope, villageScope } from '../domain/jurisdiction.js';
import type { Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import { statsAlerts, viewCounts, type StatsAlertRow } from '../store/stats-queries.js';
import type { ServiceContext } from './service-context.js';

/** One group of alerts (a department, town, village, fund or category). */
export interface StatsBucket {
  readonly code: string;
  readonly name: string | null;
  readonly alerts: number;
  /** Awaiting verification or being handled (not dismissed, not closed). */
  readonly open: number;
  readonly overdue: number;
  /** Confirmed, under investigation or closed. */
  readonly confirmed: number;
  readonly closed: number;
  /** 涉及金额: the sum of the alerts' amounts, integer fen. */
  readonly amount: number;
  /** 追回金额: the sum of the money recovered at close, integer fen. */
  readonly recovered: number;
}

export interface StatsMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** Alerts raised that month. */
  readonly created: number;
  /** Their amount, fen. */
  readonly amount: number;
  /** Alerts closed that month. */
  readonly closed: number;
  /** Money recovered by the alerts closed that month, fen. */
  readonly recovered: number;
}

export interface StatsReport {
  readonly generated_at: string;
  readonly scope: { readonly role: string; readonly department_code: string | null; readonly town_code: string | null; readonly village_code: string | null };
  readonly totals: {
    readonly alerts: number;
    readonly open: number;
    readonly overdue: number;
    readonly escalated: number;
    readonly confirmed: number;
    readonly closed: number;
    readonly dismissed: number;
    /** 涉及金额, fen: every alert's amount summed. */
    readonly amount_involved: number;
    /** Of it, the confirmed alerts' (confirmed, investigating, closed), fen. */
    readonly amount_confirmed: number;
    /** 追回金额, fen. */
    readonly amount_recovered: number;
  };
  readonly by_state: readonly { readonly state: AlertState; readonly name: { readonly zh: string; readonly en: string }; readonly alerts: number; readonly amount: number }[];
  readonly by_department: readonly StatsBucket[];
  readonly by_town: readonly StatsBucket[];
  readonly by_village: readonly StatsBucket[];
  readonly by_fund: readonly StatsBucket[];
  readonly by_category: readonly StatsBucket[];
  readonly by_month: readonly StatsMonth[];
  /** Page views (`views`) and look-ups (`lookups`) per page and channel, all days. */
  readonly views: readonly { readonly page: string; readonly channel: string; readonly views: number; readonly lookups: number }[];
  /** Figures other parts of the server add, by name (e.g. citizens' confirmations of receipt). */
  readonly sections: Readonly<Record<string, unknown>>;
}

/** A named section of the statistics, computed for the caller. */
export type StatsSection = (p: Principal) => Promise<unknown>;

const CONFIRMED: readonly string[] = ['confirmed', 'investigating', 'closed'];
const NONE = '—';

function money(v: number | string | null): number {
  return v === null ? 0 : Number(v);
}

/** The fund of an alert: from its evidence (a `funds` record, else the first record with a `fund_code`). */
function fundOf(evidence: string): { code: string; name: string | null } {
  let records: { dataset?: string; record?: Record<string, unknown> }[];
  try {
    records = JSON.parse(evidence) as typeof records;
  } catch {
    return { code: NONE, name: null };
  }
  const fund = records.find((r) => r.dataset === 'funds' && typeof r.record?.['fund_code'] === 'string') ?? records.find((r) => typeof r.record?.['fund_code'] === 'string');
  if (!fund?.record) return { code: NONE, name: null };
  const name = fund.record['fund_name'] ?? (fund.dataset === 'funds' ? fund.record['name'] : undefined);
  return { code: String(fund.record['fund_code']), name: typeof name === 'string' ? name : null };
}

class Buckets {
  readonly #m = new Map<string, { code: string; name: string | null; alerts: number; open: number; overdue: number; confirmed: number; closed: number; amount: number; recovered: number }>();

  add(code: string | null, name: string | null, a: StatsAlertRow, overdue: boolean): void {
    const key = code ?? NONE;
    let b = this.#m.get(key);
    if (!b) this.#m.set(key, (b = { code: key, name, alerts: 0, open: 0, overdue: 0, confirmed: 0, closed: 0, amount: 0, recovered: 0 }));
    if (b.name === null && name !== null) b.name = name;
    b.alerts++;
    if (a.state !== 'dismissed' && a.state !== 'closed') b.open++;
    if (overdue) b.overdue++;
    if (CONFIRMED.includes(a.state)) b.confirmed++;
    if (a.state === 'closed') b.closed++;
    b.amount += money(a.amount);
    b.recovered += money(a.recovered_amount);
  }

  list(): StatsBucket[] {
    return [...this.#m.values()].sort((x, y) => y.alerts - x.alerts || y.amount - x.amount || x.code.localeCompare(y.code));
  }
}

/** Statistics within the caller's jurisdiction. */
export class Statistics {
  readonly ctx: ServiceContext;
  readonly #sections = new Map<string, StatsSection>();

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  /** Adds a named section to every report (e.g. `confirmations` by the citizen pages). */
  addSection(name: string, section: StatsSection): void {
    this.#sections.set(name, section);
  }

  async report(p: Principal): Promise<StatsReport> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see statistics');
    const now = this.ctx.nowIso();
    const rows = await statsAlerts(this.ctx.store.db, alertScope(p));
    const imp = await this.ctx.store.latestImport();
    const departments = new Map((imp ? await this.ctx.store.departments(imp.id) : []).map((d) => [d.department_code, d.name]));
    const regions = imp ? await this.ctx.store.regions(imp.id, villageScope(p)) : [];
    const villageName = new Map(regions.map((r) => [r.village_code, r.village_name]));
    const townName = new Map(regions.map((r) => [r.town_code, r.town_name]));
    const byDept = new Buckets();
    const byTown = new Buckets();
    const byVillage = new Buckets();
    const byFund = new Buckets();
    const byCategory = new Buckets();
    const byState = new Map<string, { alerts: number; amount: number }>(ALERT_STATES.map((s) => [s, { alerts: 0, amount: 0 }]));
    const months = new Map<string, { month: string; created: number; amount: number; closed: number; recovered: number }>();
    const month = (m: string) => {
      let x = months.get(m);
      if (!x) months.set(m, (x = { month: m, created: 0, amount: 0, closed: 0, recovered: 0 }));
      return x;
    };
    const totals = { alerts: 0, open: 0, overdue: 0, escalated: 0, confirmed: 0, closed: 0, dismissed: 0, amount_involved: 0, amount_confirmed: 0, amount_recovered: 0 };
    for (const a of rows) {
      const overdue = VERIFICATION_STATES.includes(a.state as AlertState) && a.due_at !== null && a.due_at < now;
      const amount = money(a.amount);
      const recovered = money(a.recovered_amount);
      totals.alerts++;
      if (a.state !== 'dismissed' && a.state !== 'closed') totals.open++;
      if (overdue) totals.overdue++;
      if (a.escalated === 1) totals.escalated++;
      if (CONFIRMED.includes(a.state)) {
        totals.confirmed++;
        totals.amount_confirmed += amount;
      }
      if (a.state === 'closed') totals.closed++;
      if (a.state === 'dismissed') totals.dismissed++;
      totals.amount_involved += amount;
      totals.amount_recovered += recovered;
      const s = byState.get(a.state);
      if (s) {
        s.alerts++;
        s.amount += amount;
      }
      byDept.add(a.department_code, a.department_code ? (departments.get(a.department_code) ?? null) : null, a, overdue);
      byTown.add(a.town_code, a.town_code ? (townName.get(a.town_code) ?? null) : null, a, overdue);
      byVillage.add(a.village_code, a.village_code ? (villageName.get(a.village_code) ?? null) : null, a, overdue);
      const fund = fundOf(a.evidence);
      byFund.add(fund.code, fund.name, a, overdue);
      byCategory.add(a.category, null, a, overdue);
      const created = month(a.created_at.slice(0, 7));
      created.created++;
      created.amount += amount;
      if (a.state === 'closed') {
        const closed = month(a.updated_at.slice(0, 7));
        closed.closed++;
        closed.recovered += recovered;
      }
    }
    const views = new Map<string, { page: string; channel: string; views: number; lookups: number }>();
    for (const v of await viewCounts(this.ctx.store.db)) {
      const key = `${v.page}\u0000${v.channel}`;
      let x = views.get(key);
      if (!x) views.set(key, (x = { page: v.page, channel: v.channel, views: 0, lookups: 0 }));
      if (v.kind === 'lookup') x.lookups += v.count;
      else x.views += v.count;
    }
    const sections: Record<string, unknown> = {};
    for (const [name, section] of this.#sections) sections[name] = await section(p);
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'stats.read', target: 'stats', detail: { alerts: totals.alerts } });
    return {
      generated_at: now,
      scope: { role: p.role, department_code: p.departmentCode, town_code: p.townCode, village_code: p.villageCode },
      totals,
      by_state: ALERT_STATES.map((s) => ({ state: s, name: ALERT_STATE_NAMES[s], ...byState.get(s)! })),
      by_department: byDept.list(),
      by_town: byTown.list(),
      by_village: byVillage.list(),
      by_fund: byFund.list(),
      by_category: byCategory.list(),
      by_month: [...months.values()].sort((x, y) => x.month.localeCompare(y.month)),
      views: [...views.values()],
      sections,
    };
  }

  /** The report as an XLSX workbook (money in yuan, two decimals). */
  async xlsx(p: Principal): Promise<Buffer> {
    const r = await this.report(p);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Sunshine 阳光';
    wb.created = new Date(r.generated_at);
    const yuan = (fen: number) => Math.round(fen) / 100;
    const sheet = (name: string, header: string[], rows: (string | number | null)[][], moneyCols: number[] = []) => {
      const ws = wb.addWorksheet(name);
      ws.addRow(header).font = { bold: true };
      for (const row of rows) ws.addRow(row);
      for (const c of moneyCols) ws.getColumn(c).numFmt = '0.00';
      ws.columns.forEach((col) => (col.width = 16));
    };
    const t = r.totals;
    sheet('总览', ['指标', '数值'], [
      ['预警总数', t.alerts],
      ['未办结', t.open],
      ['超期未核实', t.overdue],
      ['已升级至纪委监委', t.escalated],
      ['已确认', t.confirmed],
      ['已办结', t.closed],
      ['已排除', t.dismissed],
      ['涉及金额（元）', yuan(t.amount_involved)],
      ['其中已确认（元）', yuan(t.amount_confirmed)],
      ['追回金额（元）', yuan(t.amount_recovered)],
      ['统计时间', r.generated_at],
    ]);
    sheet('按状态', ['状态', '预警数', '涉及金额（元）'], r.by_state.map((s) => [s.name.zh, s.alerts, yuan(s.amount)]), [3]);
    const buckets = (name: string, first: string, list: readonly StatsBucket[]) =>
      sheet(name, [first, '名称', '预警数', '未办结', '超期', '已确认', '已办结', '涉及金额（元）', '追回金额（元）'], list.map((b) => [b.code, b.name, b.alerts, b.open, b.overdue, b.confirmed, b.closed, yuan(b.amount), yuan(b.recovered)]), [8, 9]);
    buckets('按部门', '部门代码', r.by_department);
    buckets('按乡镇', '乡镇代码', r.by_town);
    buckets('按村', '村代码', r.by_village);
    buckets('按资金', '资金代码', r.by_fund);
    buckets('按类别', '类别', r.by_category);
    sheet('按月份', ['月份', '新增预警', '涉及金额（元）', '办结', '追回金额（元）'], r.by_month.map((m) => [m.month, m.created, yuan(m.amount), m.closed, yuan(m.recovered)]), [3, 5]);
    sheet('访问量', ['页面', '渠道', '浏览', '查询'], r.views.map((v) => [v.page, v.channel, v.views, v.lookups]));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
