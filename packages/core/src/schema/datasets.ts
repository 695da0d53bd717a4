/**
 * The canonical data model (docs/data-model.md, generated from it) as one registry: every dataset, every field, its
 * value type and whether it may be empty. Zod schemas, row normalisers, DSL validation, the
 * generator and the docs are all derived from this table.
 */
import { DATASET_NAMES_ZH } from './dataset-names-zh.js';

/** Value types of data-model.md; `enum` fields list their values. */
export type FieldType = 'id_number' | 'date' | 'period' | 'money' | 'code' | 'string' | 'enum' | 'integer' | 'decimal';

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** Chinese name (the header county exports most often use); the canonical fields all have one. */
  readonly zh?: string;
  /** Only nullable fields may be empty (`null`). */
  readonly nullable?: boolean;
  /** Allowed values of an `enum` field. */
  readonly values?: readonly string[];
  /**
   * The Chinese word for each value of an `enum` field (`means_tested` → 低保/特困), for docs
   * and reports; the value itself stays the code.
   */
  readonly valuesZh?: Readonly<Record<string, string>>;
  /** Inclusive bounds of an `integer` field. */
  readonly min?: number;
  readonly max?: number;
  /** One line on what the field holds (for docs and `sunshine schema`). */
  readonly doc?: string;
  /**
   * The day money moved (or, for a `period`, the period it paid for): such a date is recorded
   * when it happens, so none lies after the day the data was exported. A run without `--as-of`
   * takes the latest of these fields (a period by its start) as its date (`latestDateIn`).
   * Dates that may lie ahead (contract and term ends, planned meetings) are not marked.
   */
  readonly asOfCandidate?: boolean;
  /**
   * A check of this field against another field of the same row (`row-checks.ts`): a row
   * whose values disagree is rejected, naming this field. `gender_of_id`: the gender must be
   * the one the ID number in `field` encodes (its 17th digit: odd = `M`).
   */
  readonly agreesWith?: { readonly field: string; readonly check: RowCheckName };
}

/** Checks between two fields of a row (see `FieldDef.agreesWith`). */
export type RowCheckName = 'gender_of_id';

export interface DatasetDef {
  readonly name: string;
  readonly doc: string;
  /** Chinese name; the canonical datasets all have one (`dataset-names-zh.ts`). */
  readonly zh?: string;
  /** The field that identifies a row, when there is one (used in evidence). */
  readonly idField?: string;
  readonly fields: readonly FieldDef[];
}

type FieldExtra = Omit<FieldDef, 'name' | 'type' | 'values' | 'valuesZh'>;
// Generic so that each field keeps its literal name, type, values and nullability: the record
// types (`Payment`, `Fund`, …) are derived from them.
const f = <const Name extends string, const Type extends FieldType, const Extra extends FieldExtra = FieldExtra>(
  name: Name,
  type: Type,
  extra?: Extra,
): { readonly name: Name; readonly type: Type } & Extra => ({ name, type, ...(extra ?? ({} as Extra)) });
/** An `enum` field: its values, with the Chinese word for each (a value without one is a compile error). */
const e = <const Name extends string, const Values extends readonly string[], const Extra extends FieldExtra = FieldExtra>(
  name: Name,
  values: Values,
  valuesZh: Readonly<Record<Values[number], string>>,
  extra?: Extra,
): { readonly name: Name; readonly type: 'enum'; readonly values: Values; readonly valuesZh: Readonly<Record<string, string>> } & Extra => ({
  name,
  type: 'enum',
  values,
  valuesZh,
  ...(extra ?? ({} as Extra)),
});
const N = { nullable: true } as const;

export const FUND_KINDS = ['means_tested', 'age_based', 'disability', 'land_based', 'pension', 'medical', 'other'] as const;
export const FREQUENCIES = ['monthly', 'quarterly', 'yearly', 'once'] as const;

/** Every dataset of the canonical model, in data-model.md order. */
export const DATASETS = [
  {
    name: 'regions',
    doc: 'Towns and villages of the county',
    idField: 'village_code',
    fields: [f('town_code', 'code'), f('town_name', 'string'), f('village_code', 'code'), f('village_name', 'string')],
  },
  {
    name: 'departments',
    doc: 'County departments responsible for funds',
    idField: 'department_code',
    fields: [f('department_code', 'code'), f('name', 'string')],
  },
  {
    name: 'funds',
    doc: 'The catalogue of fund items',
    idField: 'fund_code',
    fields: [
      f('fund_code', 'code'),
      f('name', 'string'),
      f('department_code', 'code'),
      e('kind', FUND_KINDS, { means_tested: '低保/特困', age_based: '高龄补贴', disability: '残疾人补贴', land_based: '耕地地力保护等土地类补贴', pension: '养老金', medical: '医疗救助', other: '其他' }),
      e('frequency', FREQUENCIES, { monthly: '按月', quarterly: '按季', yearly: '按年', once: '一次性' }),
      f('standard_amount', 'money', { ...N, doc: 'the usual amount per period' }),
      f('max_amount', 'money', { ...N, doc: 'the most one payment may be' }),
      f('unit_rate', 'money', { ...N, doc: 'yuan per mu, for land_based funds' }),
      f('min_age', 'integer', { ...N, min: 0, max: 150 }),
      f('exclusive_group', 'string', { ...N, doc: 'funds sharing a group may not be drawn by one person for one period' }),
      // Extension (docs/data-model-extensions.md): appended, nullable.
      f('max_age', 'integer', { ...N, min: 0, max: 150, doc: 'the oldest a payee may be at the period start (17 for a fund paid until the 18th birthday)' }),
    ],
  },
  {
    name: 'persons',
    doc: 'Household registry (户籍)',
    idField: 'id_number',
    fields: [
      f('id_number', 'id_number'),
      f('name', 'string'),
      e('gender', ['M', 'F'], { M: '男', F: '女' }, { agreesWith: { field: 'id_number', check: 'gender_of_id' } }),
      f('birth_date', 'date'),
      f('household_id', 'code'),
      e('relation', ['head', 'spouse', 'child', 'parent', 'other'], { head: '户主', spouse: '配偶', child: '子女', parent: '父母', other: '其他' }),
      f('town_code', 'code'),
      f('village_code', 'code'),
    ],
  },
  {
    name: 'deaths',
    doc: 'Death registrations',
    idField: 'id_number',
    fields: [f('id_number', 'id_number'), f('name', 'string'), f('death_date', 'date'), f('source', 'string')],
  },
  {
    name: 'incarcerations',
    doc: 'Prison terms',
    idField: 'id_number',
    fields: [f('id_number', 'id_number'), f('name', 'string'), f('start_date', 'date'), f('end_date', 'date', { ...N, doc: 'empty: still serving' })],
  },
  {
    name: 'state_staff',
    doc: 'People paid from public budgets (财政供养人员)',
    idField: 'id_number',
    fields: [
      f('id_number', 'id_number'),
      f('name', 'string'),
      f('employer', 'string'),
      f('start_date', 'date'),
      f('end_date', 'date', { ...N, doc: 'empty: still employed' }),
    ],
  },
  {
    name: 'vehicles',
    doc: 'Registered vehicles',
    idField: 'plate',
    fields: [
      f('plate', 'string'),
      f('owner_id_number', 'id_number'),
      e('vehicle_type', ['car', 'truck', 'motorcycle', 'tractor', 'agricultural'], { car: '小型汽车', truck: '货车', motorcycle: '摩托车', tractor: '拖拉机', agricultural: '农用车' }),
      f('registration_date', 'date'),
      f('deregistration_date', 'date', N),
    ],
  },
  {
    name: 'companies',
    doc: "One row per person's role in a business (市场主体)",
    idField: 'company_id',
    fields: [
      f('company_id', 'code'),
      f('company_name', 'string'),
      f('id_number', 'id_number'),
      e('role', ['legal_rep', 'shareholder', 'executive'], { legal_rep: '法定代表人', shareholder: '股东', executive: '高管' }),
      f('registered_capital', 'money'),
      e('status', ['active', 'revoked', 'cancelled'], { active: '存续', revoked: '吊销', cancelled: '注销' }),
      f('established_date', 'date'),
    ],
  },
  {
    name: 'disability_certs',
    doc: 'Disability certificates',
    idField: 'id_number',
    fields: [
      f('id_number', 'id_number'),
      f('level', 'integer', { min: 1, max: 4 }),
      f('category', 'string'),
      f('issue_date', 'date'),
      f('revoke_date', 'date', N),
    ],
  },
  {
    name: 'land_contracts',
    doc: 'Household contracted land (承包地)',
    idField: 'contract_no',
    fields: [
      f('contract_no', 'code'),
      f('household_id', 'code'),
      f('contractor_id_number', 'id_number'),
      f('village_code', 'code'),
      f('area_mu', 'decimal'),
    ],
  },
  {
    name: 'payments',
    doc: 'Every disbursement through the subsidy card (惠民惠农"一卡通")',
    idField: 'payment_id',
    fields: [
      f('payment_id', 'code'),
      f('fund_code', 'code'),
      f('id_number', 'id_number'),
      f('name', 'string'),
      f('town_code', 'code'),
      f('village_code', 'code'),
      f('period', 'period', { asOfCandidate: true }),
      f('pay_date', 'date', { asOfCandidate: true }),
      f('amount', 'money'),
      f('quantity', 'decimal', { ...N, doc: 'mu, for land_based funds' }),
      f('bank_account', 'code'),
      f('account_holder_id_number', 'id_number'),
      f('account_holder_name', 'string'),
    ],
  },
  {
    name: 'cadres',
    doc: 'Village officials (村干部)',
    idField: 'id_number',
    fields: [
      f('id_number', 'id_number'),
      f('name', 'string'),
      f('village_code', 'code'),
      e('position', ['secretary', 'director', 'accountant', 'member', 'other'], { secretary: '书记', director: '主任', accountant: '会计', member: '委员', other: '其他' }),
      f('term_start', 'date'),
      f('term_end', 'date', { ...N, doc: 'empty: in office' }),
    ],
  },
  {
    name: 'cadre_relatives',
    doc: 'Close relatives of cadres on file',
    idField: 'relative_id_number',
    fields: [
      f('cadre_id_number', 'id_number'),
      f('relative_id_number', 'id_number'),
      f('relative_name', 'string'),
      e('relation', ['spouse', 'parent', 'child', 'sibling', 'in_law', 'other'], { spouse: '配偶', parent: '父母', child: '子女', sibling: '兄弟姐妹', in_law: '姻亲', other: '其他' }),
    ],
  },
  {
    name: 'collective_contracts',
    doc: 'Contracts on collective land, buildings and other assets',
    idField: 'contract_id',
    fields: [
      f('contract_id', 'code'),
      f('village_code', 'code'),
      e('subject_type', ['land', 'building', 'pond', 'forest', 'equipment', 'other'], { land: '土地', building: '房屋', pond: '坑塘水面', forest: '林地', equipment: '设备', other: '其他' }),
      f('subject_desc', 'string'),
      f('area', 'decimal', { ...N, doc: 'mu' }),
      f('counterparty_name', 'string'),
      f('counterparty_id_number', 'id_number', N),
      f('counterparty_company_id', 'code', N),
      f('start_date', 'date'),
      f('end_date', 'date'),
      f('annual_amount', 'money'),
      f('resolution_id', 'code', { ...N, doc: 'the record of the democratic decision (四议两公开)' }),
    ],
  },
  {
    name: 'collective_ledger',
    doc: "Every entry of the village collective's books",
    idField: 'voucher_id',
    fields: [
      f('voucher_id', 'code'),
      f('village_code', 'code'),
      f('date', 'date', { asOfCandidate: true }),
      e('direction', ['income', 'expense'], { income: '收入', expense: '支出' }),
      f('amount', 'money'),
      e('category', ['contract_income', 'subsidy_income', 'salary', 'construction', 'hospitality', 'office', 'labor', 'other'], {
        contract_income: '承包收入',
        subsidy_income: '补助收入',
        salary: '工资报酬',
        construction: '工程支出',
        hospitality: '招待费',
        office: '办公费',
        labor: '劳务费',
        other: '其他',
      }),
      f('counterparty_name', 'string'),
      f('counterparty_id_number', 'id_number', N),
      f('contract_id', 'code', N),
      e('payment_method', ['cash', 'transfer'], { cash: '现金', transfer: '转账' }),
      f('resolution_id', 'code', N),
      f('summary', 'string'),
      // Extensions (docs/data-model-extensions.md): appended, nullable.
      f('voucher_no', 'integer', { ...N, min: 1, doc: "the entry's number in its village's voucher sequence for the calendar year (记账凭证号)" }),
      f('counterparty_account', 'code', { ...N, doc: 'the bank account the money went to or came from' }),
      e('counterparty_account_type', ['personal', 'corporate'], { personal: '个人账户', corporate: '对公账户' }, { ...N, doc: "personal: a private person's account (个人账户); corporate: an organisation's (对公账户)" }),
      f('counterparty_company_id', 'code', { ...N, doc: 'the company (companies.company_id) paid or paying' }),
    ],
  },
  {
    name: 'collective_assets',
    doc: 'Collective assets',
    idField: 'asset_id',
    fields: [
      f('asset_id', 'code'),
      f('village_code', 'code'),
      f('asset_type', 'string'),
      f('name', 'string'),
      f('original_value', 'money'),
      e('status', ['in_use', 'leased', 'idle', 'disposed'], { in_use: '在用', leased: '出租', idle: '闲置', disposed: '已处置' }),
      f('contract_id', 'code', N),
    ],
  },
  // ---- Extensions (docs/data-model-extensions.md): appended datasets.
  {
    name: 'medical_settlements',
    doc: 'Medical insurance and medical aid settlements, one row per hospital stay or visit (医保结算)',
    idField: 'settlement_id',
    fields: [
      f('settlement_id', 'code'),
      f('id_number', 'id_number'),
      f('name', 'string'),
      f('hospital', 'string'),
      f('admission_date', 'date', { doc: 'the day of admission (of the visit, for an outpatient)' }),
      f('discharge_date', 'date', { ...N, doc: 'empty: an outpatient visit, or still in hospital' }),
      f('settle_date', 'date', { asOfCandidate: true }),
      f('total_cost', 'money'),
      f('insurance_paid', 'money', { doc: 'paid by basic medical and serious-illness insurance (基本医保+大病保险)' }),
      f('aid_paid', 'money', { doc: 'paid by medical aid (医疗救助)' }),
    ],
  },
  {
    name: 'pensions',
    doc: 'Basic pension entitlements, one row per person and scheme (基本养老保险待遇)',
    idField: 'pension_id',
    fields: [
      f('pension_id', 'code'),
      f('id_number', 'id_number'),
      f('name', 'string'),
      e('scheme', ['resident', 'employee', 'public_sector'], { resident: '城乡居民', employee: '企业职工', public_sector: '机关事业单位' }, { doc: '城乡居民 / 企业职工 / 机关事业单位 basic pension' }),
      f('start_date', 'date'),
      f('end_date', 'date', { ...N, doc: 'empty: still paid' }),
      f('monthly_amount', 'money'),
    ],
  },
  {
    name: 'household_moves',
    doc: 'Household registration moves into and out of the villages of the county (户籍迁移)',
    idField: 'move_id',
    fields: [
      f('move_id', 'code'),
      f('id_number', 'id_number'),
      f('name', 'string'),
      e('move_type', ['in', 'out'], { in: '迁入', out: '迁出' }, { doc: 'in: registered into the village (迁入); out: registration moved away (迁出)' }),
      f('move_date', 'date'),
      f('village_code', 'code', { doc: 'the village entered (in) or left (out)' }),
      f('household_id', 'code', { ...N, doc: 'the household joined (in) or left (out)' }),
      f('place', 'string', { ...N, doc: 'where the person came from (in) or went to (out), when outside the county' }),
    ],
  },
  {
    name: 'resolutions',
    doc: "Records of the village's democratic decisions (四议两公开 决议)",
    idField: 'resolution_id',
    fields: [
      f('resolution_id', 'code'),
      f('village_code', 'code'),
      f('meeting_date', 'date'),
      e('meeting_type', ['villagers_meeting', 'representatives_meeting', 'two_committees', 'other'], { villagers_meeting: '村民会议', representatives_meeting: '村民代表会议', two_committees: '两委会议', other: '其他' }, { doc: '村民会议 / 村民代表会议 / 两委会议 / other' }),
      f('subject', 'string', { doc: 'what was decided' }),
      f('publicity_date', 'date', { ...N, doc: 'the day the result was made public (公开)' }),
    ],
  },
] as const satisfies readonly DatasetDef[];

/** Names of the canonical datasets. */
export type DatasetName = (typeof DATASETS)[number]['name'];

/** The canonical datasets with their Chinese names (`zh`) from {@link DATASET_NAMES_ZH}. */
function withChineseNames(defs: typeof DATASETS): DatasetDef[] {
  return defs.map((d) => {
    const names = DATASET_NAMES_ZH[d.name] as { readonly zh: string; readonly fields: Readonly<Record<string, string>> };
    const fields = d.fields.map((f: FieldDef): FieldDef => {
      const zh = names.fields[f.name];
      return zh === undefined ? f : { ...f, zh };
    });
    return { ...d, zh: names.zh, fields };
  });
}

/** A dataset registry: the canonical model plus datasets that plug-ins add. */
export class DatasetRegistry {
  readonly #byName = new Map<string, DatasetDef>();
  readonly #fields = new Map<string, Map<string, FieldDef>>();

  /** `defs` default: the canonical model, with Chinese names. */
  constructor(defs: readonly DatasetDef[] = withChineseNames(DATASETS)) {
    for (const d of defs) this.add(d);
  }

  /** Adds a dataset (a plug-in's); a name already taken is an error. */
  add(def: DatasetDef): void {
    if (this.#byName.has(def.name)) throw new Error(`dataset \`${def.name}\` is already defined`);
    const frozen = Object.freeze({ ...def, fields: Object.freeze(def.fields.map((x) => Object.freeze({ ...x }))) });
    this.#byName.set(def.name, frozen);
    this.#fields.set(def.name, new Map(frozen.fields.map((x) => [x.name, x])));
  }

  get(name: string): DatasetDef | undefined {
    return this.#byName.get(name);
  }

  field(dataset: string, field: string): FieldDef | undefined {
    return this.#fields.get(dataset)?.get(field);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  all(): DatasetDef[] {
    return [...this.#byName.values()];
  }
}

/** The registry of the canonical model alone. */
export const canonicalDatasets = new DatasetRegistry();
