/**
 * The village collective's "three assets" (三资): contracts on collective land and
 * buildings, the assets register and the village books. Books follow Benford's law by quota
 * (the first digits of a village's expenses match Benford's shares as closely as whole
 * counts allow), contracts are paid on time, large items carry a democratic decision, cash
 * stays small, and no counterparty is paid in a pattern that looks split or duplicated.
 */
import { addDays, addYears, dayNumber } from '@sunshine/core';
import {
  F_CADRE,
  F_CADRE_REL,
  F_PLANTED,
  type AssetDraft,
  type CompanyDraft,
  type ContractDraft,
  type CountyModel,
  type Human,
  type LedgerCategory,
  type LedgerDraft,
  type Village,
} from './county-model.js';
import type { Prng } from './prng.js';

export const BENFORD = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => (d === 0 ? 0 : Math.log10(1 + 1 / d)));

/** Whole counts per first digit (index 1–9) closest to Benford's shares of n (largest remainder). */
export function benfordQuota(n: number): number[] {
  const exact = BENFORD.map((p) => p * n);
  const q = exact.map((x) => Math.floor(x));
  let left = n - q.reduce((a, b) => a + b, 0);
  const order = [1, 2, 3, 4, 5, 6, 7, 8, 9].sort((a, b) => exact[b]! - q[b]! - (exact[a]! - q[a]!) || a - b);
  for (const d of order) {
    if (left <= 0) break;
    q[d]!++;
    left--;
  }
  return q;
}

export function firstDigit(fen: number): number {
  let x = fen;
  while (x >= 10) x = Math.floor(x / 10);
  return x;
}

type ExpenseCategory = Exclude<LedgerCategory, 'contract_income' | 'subsidy_income' | 'salary'>;
const RANGES: Record<ExpenseCategory, readonly [number, number, number]> = {
  // [lo yuan, hi yuan, step fen]
  office: [10, 3000, 1],
  hospitality: [50, 1000, 100],
  labor: [50, 8000, 100],
  construction: [2000, 400000, 1],
  other: [10, 20000, 1],
};
const CATEGORIES: readonly ExpenseCategory[] = ['office', 'hospitality', 'labor', 'construction', 'other'];
const CATEGORY_WEIGHTS = [25, 12, 30, 13, 20];
const CASH_SHARE: Record<ExpenseCategory, number> = { office: 0.6, hospitality: 0.8, labor: 0.4, construction: 0, other: 0.3 };
const SUMMARIES: Record<ExpenseCategory, readonly string[]> = {
  office: ['购买办公用品', '打印复印费', '购买电脑耗材', '购买党报党刊', '办公桌椅维修'],
  hospitality: ['接待上级检查工作餐', '招商洽谈工作餐', '村两委会议工作餐'],
  labor: ['雇工清理沟渠劳务费', '保洁员劳务费', '修剪绿化苗木劳务费', '防汛值守劳务费', '秸秆禁烧巡查补助'],
  construction: ['村内道路硬化工程款', '排水沟维修工程款', '文化广场建设工程款', '路灯安装工程款', '机井维修工程款', '党群服务中心修缮工程款'],
  other: ['电费', '水费', '宽带通讯费', '慰问困难群众', '农村公益保险费', '垃圾清运费'],
};
const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const UTILITIES = ['县供电公司', '县自来水公司', '中国联通县分公司', '人保财险县支公司', '县环卫服务中心'];

/** Keeps a village's books free of accidental split and duplicate patterns. */
export class BookGuard {
  readonly #noRes = new Map<string, { day: number; amount: number }[]>();
  readonly #same = new Map<string, { day: number; amount: number }[]>();

  /** Could this expense be booked without forming a split cluster or a duplicate voucher? */
  fits(cp: string, date: string, amount: number, resolution: string | null): boolean {
    const day = dayNumber(date);
    const dup = this.#same.get(cp);
    if (dup?.some((d) => d.amount === amount && Math.abs(d.day - day) <= 4)) return false;
    if (resolution === null) {
      const list = this.#noRes.get(cp);
      if (list) {
        let near = 0;
        let sum = amount;
        for (const e of list) {
          if (Math.abs(e.day - day) <= 12) {
            near++;
            sum += e.amount;
          }
        }
        if (near > 0 && sum >= 2_500_000) return false;
      }
    }
    return true;
  }

  book(cp: string, date: string, amount: number, resolution: string | null): void {
    const day = dayNumber(date);
    let dup = this.#same.get(cp);
    if (!dup) this.#same.set(cp, (dup = []));
    dup.push({ day, amount });
    if (resolution === null) {
      let list = this.#noRes.get(cp);
      if (!list) this.#noRes.set(cp, (list = []));
      list.push({ day, amount });
    }
  }
}

/** Per-village state while building the books. */
export class VillageBooks {
  readonly guard = new BookGuard();
  readonly villagers: Human[];
  readonly firms: CompanyDraft[];
  readonly shops = new Map<string, string[]>();
  #resolutions = 0;
  readonly #descs = new Map<string, number>();
  readonly model: CountyModel;
  readonly village: Village;

  constructor(model: CountyModel, village: Village, firms: CompanyDraft[]) {
    this.model = model;
    this.village = village;
    this.firms = firms;
    this.villagers = [];
    for (const h of village.households) {
      for (const m of model.households[h]!.members) {
        const p = model.people[m]!;
        const age = model.age(m, model.asOf);
        if (age >= 20 && age <= 70 && p.dead === null && !(p.flags & (F_CADRE | F_CADRE_REL | F_PLANTED))) this.villagers.push(p);
      }
    }
  }

  /**
   * Records a decision of the villagers (四议两公开) taken some days before `date`, and returns
   * its id.
   */
  /** A contract subject description not yet used in the village (`村东地块`, then `村东地块（二）`, …). */
  uniqueDesc(desc: string): string {
    const n = (this.#descs.get(desc) ?? 0) + 1;
    this.#descs.set(desc, n);
    return n === 1 ? desc : `${desc}（${NUMERALS[n] ?? String(n)}）`;
  }

  resolution(date: string, subject: string, rng: Prng = this.model.rng('resolution', this.village.no, this.#resolutions)): string {
    this.#resolutions++;
    const meeting = addDays(date, -rng.int(3, 40));
    const id = `${this.village.code}-JY${meeting.slice(0, 4)}${String(this.#resolutions).padStart(3, '0')}`;
    const published = addDays(meeting, rng.int(1, 7));
    this.model.resolutions.push({
      resolution_id: id,
      village_code: this.village.code,
      meeting_date: meeting,
      meeting_type: rng.weighted(['villagers_meeting', 'representatives_meeting', 'two_committees', 'other'] as const, [25, 60, 10, 5]),
      subject,
      publicity_date: rng.chance(0.9) && published <= this.model.asOf ? published : null,
    });
    return id;
  }

  shop(kind: string, rng: Prng): string {
    let list = this.shops.get(kind);
    if (!list) this.shops.set(kind, (list = []));
    if (list.length < 3 || rng.chance(0.05)) {
      const place = rng.chance(0.5) ? this.village.name : this.model.towns[this.village.town]!.name.replace(/(街道|镇|乡)$/, '');
      list.push(this.model.names.shop(place, kind));
    }
    return rng.pick(list);
  }

  /** Adds a ledger entry. */
  entry(e: Omit<LedgerDraft, 'village' | 'tie' | 'voucher_id' | 'voucher_no'>): LedgerDraft {
    const d: LedgerDraft = { ...e, village: this.village.no, tie: this.model.nextTie(), voucher_id: '', voucher_no: 0 };
    this.model.ledger.push(d);
    if (e.direction === 'expense') this.guard.book(e.cpName, e.date, e.amount, e.resolution);
    return d;
  }
}

function subjectDesc(subject: ContractDraft['subject'], rng: Prng): string {
  const dir = rng.pick(['村东', '村西', '村南', '村北', '河堤', '老村委', '新村']);
  switch (subject) {
    case 'land':
      return `${dir}${rng.pick(['地块', '集体机动地', '洼地', '荒地'])}`;
    case 'building':
      return `${dir}${rng.pick(['门市房', '仓库', '厂房', '旧学校房屋'])}`;
    case 'pond':
      return `${dir}${rng.pick(['鱼塘', '坑塘'])}`;
    case 'forest':
      return `${dir}${rng.pick(['林地', '苗圃'])}`;
    case 'equipment':
      return rng.pick(['粮食烘干机', '大型农机具', '变压器', '抽水泵站']);
    case 'other':
    default:
      return rng.pick(['光伏屋顶', '广告位', '村集体冷库', '电商服务站']);
  }
}

const ASSET_OF: Record<ContractDraft['subject'], string> = {
  land: '土地',
  building: '房屋建筑物',
  pond: '水域',
  forest: '林木',
  equipment: '机器设备',
  other: '基础设施',
};

/** The yearly installments of a contract, booked as income on or before each due date. */
export function bookInstallments(books: VillageBooks, c: ContractDraft, rng: Prng, opts: { skip?: number; short?: number } = {}): void {
  const model = books.model;
  const limit = c.end < model.asOf ? c.end : model.asOf;
  for (let k = 0; ; k++) {
    const due = addYears(c.start, k);
    if (due > limit) break;
    if (opts.skip === k) continue;
    let date = k === 0 ? c.start : addDays(due, -rng.int(0, 15));
    if (date < c.start) date = c.start;
    const amount = c.annual - (opts.short !== undefined && k === 0 ? opts.short : 0);
    books.entry({
      date,
      direction: 'income',
      amount,
      category: 'contract_income',
      cpName: c.cpName,
      cpId: c.cpId,
      contract: c,
      method: 'transfer',
      resolution: null,
      summary: `收取${c.desc}承包费（第${k + 1}年）`,
      cpCompany: c.cpCompany,
    });
  }
}

/** A contract counterparty of a village: a villager, a firm or someone from outside. */
export function contractParty(books: VillageBooks, rng: Prng): { name: string; id: string | null; company: string | null } {
  const r = rng.float();
  if (r < 0.55 && books.villagers.length > 0) {
    const p = rng.pick(books.villagers);
    return { name: p.name, id: p.id, company: null };
  }
  if (r < 0.85 && books.firms.length > 0) {
    const c = rng.pick(books.firms);
    return { name: c.name, id: null, company: c.company_id };
  }
  return { name: books.model.names.person(rng.chance(0.85) ? 'M' : 'F', 1975), id: null, company: null };
}

function buildContracts(books: VillageBooks, rng: Prng): void {
  const model = books.model;
  const n = rng.int(2, 7);
  for (let i = 0; i < n; i++) {
    const subject = rng.weighted(['land', 'building', 'pond', 'forest', 'equipment', 'other'] as const, [45, 15, 10, 10, 10, 10]);
    const future = rng.chance(0.03);
    const start = future ? model.dateBetween(addDays(model.asOf, 1), addDays(model.asOf, 60), rng) : model.dateBetween('2008-01-01', addDays(model.asOf, -30), rng);
    const years = subject === 'land' ? rng.weighted([3, 5, 10, 15, 20, 30], [10, 25, 25, 15, 15, 10]) : rng.weighted([1, 3, 5, 10, 15, 20], [10, 25, 30, 20, 8, 7]);
    const end = addDays(addYears(start, years), -1);
    let areaC: number | null = null;
    let annualYuan: number;
    switch (subject) {
      case 'land':
        areaC = rng.int(500, 12000);
        annualYuan = Math.round((areaC / 100) * rng.int(600, 1000));
        break;
      case 'pond':
        areaC = rng.int(300, 4000);
        annualYuan = Math.round((areaC / 100) * rng.int(700, 1300));
        break;
      case 'forest':
        areaC = rng.int(1000, 20000);
        annualYuan = Math.round((areaC / 100) * rng.int(100, 200));
        break;
      case 'building':
        annualYuan = rng.int(30, 800) * 100;
        break;
      case 'equipment':
        annualYuan = rng.int(10, 200) * 100;
        break;
      case 'other':
      default:
        annualYuan = rng.int(10, 300) * 100;
    }
    const annual = Math.max(50000, annualYuan * 100);
    const party = contractParty(books, rng);
    const desc = books.uniqueDesc(subjectDesc(subject, rng));
    const needsResolution = annual >= 5_000_000 || rng.chance(0.7);
    const c: ContractDraft = {
      village: books.village.no,
      subject,
      desc,
      areaC,
      cpName: party.name,
      cpId: party.id,
      cpCompany: party.company,
      start,
      end,
      annual,
      resolution: needsResolution ? books.resolution(start, `${desc}承包`, rng) : null,
      contract_id: '',
    };
    model.contracts.push(c);
    if (!future) bookInstallments(books, c, rng);
  }
}

function buildAssets(books: VillageBooks, rng: Prng): void {
  const model = books.model;
  const v = books.village.no;
  for (const c of model.contracts) {
    if (c.village !== v || c.subject === 'land' || c.subject === 'forest') continue;
    if (c.start > model.asOf || c.end < model.asOf || !rng.chance(0.75)) continue;
    model.assets.push({ village: v, type: ASSET_OF[c.subject], name: c.desc, value: rng.int(50, 20000) * 10000, status: 'leased', contract: c, asset_id: '' });
  }
  const n = rng.int(2, 5);
  const expired = model.contracts.filter((c) => c.village === v && c.end < model.asOf && c.subject !== 'land');
  for (let i = 0; i < n; i++) {
    const [type, name] = rng.pick([
      ['房屋建筑物', '村委会办公楼'], ['房屋建筑物', '文化活动室'], ['基础设施', '机井'], ['基础设施', '路灯'], ['机器设备', '变压器'],
      ['基础设施', '健身器材'], ['房屋建筑物', '仓库'], ['交通运输设备', '垃圾清运车'],
    ] as const);
    const status = rng.weighted(['in_use', 'idle', 'disposed'] as const, [70, 18, 12]);
    const old = status !== 'in_use' && expired.length > 0 && rng.chance(0.4) ? rng.pick(expired) : null;
    model.assets.push({ village: v, type, name, value: Math.round(Math.exp(Math.log(5000) + rng.float() * Math.log(400))) * 100, status, contract: old, asset_id: '' });
  }
}

/** Draws an expense amount (fen) with first digit `d` in a category's range, or null. */
function amountWithDigit(cat: ExpenseCategory, d: number, rng: Prng): number | null {
  const [lo, hi, step] = RANGES[cat];
  const ks: number[] = [];
  for (let k = 0; k <= 6; k++) {
    const a = d * 10 ** k;
    if (a >= lo && (d + 1) * 10 ** k <= hi) ks.push(k);
  }
  if (ks.length === 0) return null;
  const k = rng.pick(ks);
  const x = d * 10 ** k * ((d + 1) / d) ** rng.float();
  const fen = Math.floor((x * 100) / step) * step;
  return Math.min(fen, (d + 1) * 10 ** k * 100 - step);
}

/** Books one free expense with first digit `d`; returns false if nothing fits. */
export function bookFreeExpense(books: VillageBooks, d: number, rng: Prng, opts: { noResolution?: boolean } = {}): boolean {
  const model = books.model;
  for (let attempt = 0; attempt < 30; attempt++) {
    const cat = rng.weighted(CATEGORIES, CATEGORY_WEIGHTS);
    const amount = amountWithDigit(cat, d, rng);
    if (amount === null) continue;
    if (opts.noResolution && amount >= 2_000_000) continue;
    const mi = rng.int(0, 11);
    const date = model.workdayIn(mi, rng);
    let cpName: string;
    let cpId: string | null = null;
    let cpCompany: string | null = null;
    switch (cat) {
      case 'office':
        cpName = books.shop(rng.pick(['文具店', '超市', '五金店', '图文打印部']), rng);
        break;
      case 'hospitality':
        cpName = books.shop(rng.pick(['饭店', '酒家', '农家乐']), rng);
        break;
      case 'labor': {
        if (books.villagers.length === 0) continue;
        const p = rng.pick(books.villagers);
        cpName = p.name;
        cpId = p.id;
        break;
      }
      case 'construction': {
        const firms = books.firms.filter((f) => f.line === 'construction' || f.line === 'service');
        if (firms.length === 0) continue;
        const firm = rng.pick(firms);
        cpName = firm.name;
        cpCompany = firm.company_id;
        break;
      }
      case 'other':
      default:
        if (rng.chance(0.2) && books.villagers.length > 0) {
          const p = rng.pick(books.villagers);
          cpName = p.name;
          cpId = p.id;
        } else cpName = rng.pick(UTILITIES);
    }
    const big = amount >= 2_000_000;
    // No unapproved spending spree in the last month of the year.
    if (!big && amount >= 100_000 && date.slice(5, 7) === '12') continue;
    if (!books.guard.fits(cpName, date, amount, big ? 'pending' : null)) continue;
    const summary = rng.pick(SUMMARIES[cat]);
    const resolution = big ? books.resolution(date, summary, rng) : null;
    const cash = amount <= 100_000 && rng.chance(CASH_SHARE[cat]);
    books.entry({ date, direction: 'expense', amount, category: cat, cpName, cpId, contract: null, method: cash ? 'cash' : 'transfer', resolution, summary, cpCompany });
    return true;
  }
  return false;
}

const SALARY: Record<string, readonly [number, number]> = {
  secretary: [3000, 3900],
  director: [2400, 2990],
  accountant: [1800, 2400],
  member: [1200, 1900],
  other: [1000, 1500],
};

function buildSalaries(books: VillageBooks, rng: Prng): number[] {
  const model = books.model;
  const digits = new Array<number>(10).fill(0);
  const day = rng.int(8, 15);
  const months = [2, 5, 8, 11];
  const rows = model.cadres.filter((c) => c.village_code === books.village.code && c.term_end === null);
  for (const no of books.village.cadres) {
    const p = model.people[no]!;
    const cadre = rows.find((c) => c.id_number === p.id)!;
    const [lo, hi] = SALARY[cadre.position]!;
    // Paid quarterly, three months at a time.
    const amount = rng.int(lo / 10, hi / 10) * 3000;
    for (const mi of months) {
      const date = model.workdayFrom(mi, day);
      const month = +model.months[mi]!.slice(5, 7);
      books.entry({ date, direction: 'expense', amount, category: 'salary', cpName: p.name, cpId: p.id, contract: null, method: 'transfer', resolution: null, summary: `支付${month - 2}—${month}月村干部报酬` });
      digits[firstDigit(amount)]!++;
    }
  }
  return digits;
}

function buildIncome(books: VillageBooks, rng: Prng): void {
  const model = books.model;
  const town = model.towns[books.village.town]!.name;
  for (const mi of [0, 3, 6, 9]) {
    books.entry({
      date: model.workdayIn(mi, rng),
      direction: 'income',
      amount: rng.int(200, 800) * 10000,
      category: 'subsidy_income',
      cpName: `${town}财政所`,
      cpId: null,
      contract: null,
      method: 'transfer',
      resolution: null,
      summary: '拨付村级组织运转经费',
    });
  }
}

/** Fills a village's expenses to `total` (amount ≥ 10.00), digits by Benford quota or uniform. */
export function fillExpenses(books: VillageBooks, total: number, fixed: number[], mode: 'benford' | 'uniform', rng: Prng): void {
  const fixedCount = fixed.reduce((a, b) => a + b, 0);
  const free = Math.max(0, total - fixedCount);
  const digits: number[] = [];
  if (mode === 'benford') {
    const q = benfordQuota(total);
    const need = q.map((x, d) => Math.max(0, x - (fixed[d] ?? 0)));
    let sum = need.reduce((a, b) => a + b, 0);
    // Fixed entries over their quota leave fewer free slots: take them from the largest needs.
    while (sum > free) {
      let best = 1;
      for (let d = 2; d <= 9; d++) if (need[d]! > need[best]!) best = d;
      need[best]!--;
      sum--;
    }
    while (sum < free) {
      need[1]!++;
      sum++;
    }
    for (let d = 1; d <= 9; d++) for (let i = 0; i < need[d]!; i++) digits.push(d);
  } else {
    for (let i = 0; i < free; i++) digits.push(4 + (i % 6));
  }
  rng.shuffle(digits);
  for (const d of digits) bookFreeExpense(books, d, rng, { noResolution: false });
}

/** Builds contracts, assets and books of every village. */
export function buildCollective(model: CountyModel): Map<number, VillageBooks> {
  const all = new Map<number, VillageBooks>();
  const usable = model.companies.filter(
    (c) => c.status === 'active' && c.roles.every((r) => !(model.people[r.person]!.flags & (F_CADRE | F_CADRE_REL))),
  );
  const byTown = new Map<number, CompanyDraft[]>();
  for (const c of usable) {
    const t = c.home >= 0 ? model.villages[c.home]!.town : -1;
    let list = byTown.get(t);
    if (!list) byTown.set(t, (list = []));
    list.push(c);
  }
  for (const village of model.villages) {
    const rng = model.rng('collective', village.no);
    const firms = [...(byTown.get(village.town) ?? []), ...(byTown.get(-1) ?? [])];
    const local = firms.length > 12 ? rng.shuffle([...firms]).slice(0, 12) : firms;
    const books = new VillageBooks(model, village, local);
    all.set(village.no, books);
    buildContracts(books, rng);
    buildAssets(books, rng);
    buildIncome(books, rng);
    const fixed = buildSalaries(books, rng);
    const salaries = fixed.reduce((a, b) => a + b, 0);
    switch (village.book) {
      case 'small':
        fillExpenses(books, rng.int(Math.max(salaries + 15, 40), 130), fixed, 'benford', rng);
        break;
      case 'big':
        fillExpenses(books, rng.int(210, 320), fixed, 'benford', rng);
        break;
      case 'benford_case':
        fillExpenses(books, rng.int(215, 260), fixed, 'uniform', rng);
        break;
      case 'benford_near':
        // Filled to exactly 199 by the planter, after planted expenses of other villages.
        break;
    }
  }
  return all;
}

export { type AssetDraft };
