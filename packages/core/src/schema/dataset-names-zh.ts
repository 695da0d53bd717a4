/**
 * The Chinese name of every dataset and field of the canonical model, for the data-model
 * reference (docs/data-model.md), `sunshine schema --datasets` and editors. An exhaustive typed
 * table: a dataset or field added to the registry without its name here does not compile. The
 * names are the headers county exports most often use (the adapters read these and more).
 */
import type { DATASETS } from './datasets.js';

type Def = (typeof DATASETS)[number];

/** Per dataset: its Chinese name and one per field. */
export type ChineseNames = {
  readonly [D in Def as D['name']]: { readonly zh: string; readonly fields: { readonly [F in D['fields'][number] as F['name']]: string } };
};

export const DATASET_NAMES_ZH: ChineseNames = {
  regions: {
    zh: '行政区划（乡镇、村）',
    fields: { town_code: '乡镇代码', town_name: '乡镇名称', village_code: '村代码', village_name: '村名称' },
  },
  departments: {
    zh: '主管部门',
    fields: { department_code: '部门代码', name: '部门名称' },
  },
  funds: {
    zh: '补贴资金项目',
    fields: { fund_code: '资金项目代码', name: '资金项目名称', department_code: '部门代码', kind: '资金类别', frequency: '发放频次', standard_amount: '标准金额', max_amount: '最高金额', unit_rate: '每亩标准', min_age: '最低年龄', exclusive_group: '互斥组', max_age: '最高年龄' },
  },
  persons: {
    zh: '户籍人口',
    fields: { id_number: '身份证号', name: '姓名', gender: '性别', birth_date: '出生日期', household_id: '户编号', relation: '与户主关系', town_code: '乡镇代码', village_code: '村代码' },
  },
  deaths: {
    zh: '死亡登记',
    fields: { id_number: '身份证号', name: '姓名', death_date: '死亡日期', source: '来源' },
  },
  incarcerations: {
    zh: '服刑人员',
    fields: { id_number: '身份证号', name: '姓名', start_date: '入狱日期', end_date: '出狱日期' },
  },
  state_staff: {
    zh: '财政供养人员',
    fields: { id_number: '身份证号', name: '姓名', employer: '工作单位', start_date: '入职日期', end_date: '离职日期' },
  },
  vehicles: {
    zh: '机动车登记',
    fields: { plate: '号牌号码', owner_id_number: '车主身份证号', vehicle_type: '车辆类型', registration_date: '登记日期', deregistration_date: '注销日期' },
  },
  companies: {
    zh: '市场主体人员',
    fields: { company_id: '统一社会信用代码', company_name: '企业名称', id_number: '人员身份证号', role: '任职类型', registered_capital: '注册资本', status: '登记状态', established_date: '成立日期' },
  },
  disability_certs: {
    zh: '残疾人证',
    fields: { id_number: '身份证号', level: '残疾等级', category: '残疾类别', issue_date: '发证日期', revoke_date: '注销日期' },
  },
  land_contracts: {
    zh: '土地承包',
    fields: { contract_no: '合同编号', household_id: '户编号', contractor_id_number: '承包方身份证号', village_code: '村代码', area_mu: '承包面积' },
  },
  payments: {
    zh: '惠民惠农补贴发放（一卡通）',
    fields: { payment_id: '发放编号', fund_code: '资金代码', id_number: '身份证号', name: '姓名', town_code: '乡镇代码', village_code: '村代码', period: '所属期', pay_date: '发放日期', amount: '发放金额', quantity: '数量（亩）', bank_account: '银行账号', account_holder_id_number: '账户持有人身份证号', account_holder_name: '账户名' },
  },
  cadres: {
    zh: '村干部',
    fields: { id_number: '身份证号', name: '姓名', village_code: '村代码', position: '职务', term_start: '任职开始日期', term_end: '任职结束日期' },
  },
  cadre_relatives: {
    zh: '村干部近亲属',
    fields: { cadre_id_number: '干部身份证号', relative_id_number: '亲属身份证号', relative_name: '亲属姓名', relation: '与干部关系' },
  },
  collective_contracts: {
    zh: '村集体经济合同',
    fields: { contract_id: '合同编号', village_code: '村代码', subject_type: '标的类型', subject_desc: '标的描述', area: '面积', counterparty_name: '承包方（承租方）', counterparty_id_number: '承包方身份证号', counterparty_company_id: '承包方统一社会信用代码', start_date: '合同开始日期', end_date: '合同结束日期', annual_amount: '年承包费（租金）', resolution_id: '决议编号' },
  },
  collective_ledger: {
    zh: '村集体账目',
    fields: { voucher_id: '凭证编号', village_code: '村代码', date: '日期', direction: '收支方向', amount: '金额', category: '类别', counterparty_name: '对方名称', counterparty_id_number: '对方身份证号', contract_id: '合同编号', payment_method: '支付方式', resolution_id: '决议编号', summary: '摘要', voucher_no: '记账凭证号', counterparty_account: '对方账号', counterparty_account_type: '对方账户类型', counterparty_company_id: '对方统一社会信用代码' },
  },
  collective_assets: {
    zh: '村集体资产',
    fields: { asset_id: '资产编号', village_code: '村代码', asset_type: '资产类型', name: '资产名称', original_value: '原值', status: '资产状态', contract_id: '合同编号' },
  },
  medical_settlements: {
    zh: '医保结算',
    fields: { settlement_id: '结算编号', id_number: '身份证号', name: '姓名', hospital: '医疗机构', admission_date: '入院日期', discharge_date: '出院日期', settle_date: '结算日期', total_cost: '总费用', insurance_paid: '医保基金支付', aid_paid: '医疗救助支付' },
  },
  pensions: {
    zh: '基本养老保险待遇',
    fields: { pension_id: '待遇编号', id_number: '身份证号', name: '姓名', scheme: '险种', start_date: '待遇开始日期', end_date: '待遇终止日期', monthly_amount: '月养老金' },
  },
  household_moves: {
    zh: '户籍迁移',
    fields: { move_id: '迁移编号', id_number: '身份证号', name: '姓名', move_type: '迁移类型', move_date: '迁移日期', village_code: '村代码', household_id: '户编号', place: '迁出地/迁入地' },
  },
  resolutions: {
    zh: '村级民主决策记录（四议两公开）',
    fields: { resolution_id: '决议编号', village_code: '村代码', meeting_date: '会议日期', meeting_type: '会议类型', subject: '决议事项', publicity_date: '公开日期' },
  },
};
