/**
 * The built-in Chinese header dictionary: the headers common county exports use for each field
 * of data-model.md, so that such files load with a near-empty mapping file. Per dataset,
 * because one header means different fields in different datasets (`身份证号` is the owner's
 * ID in `vehicles`, the relative's in `cadre_relatives`). A test keeps it covering every field.
 */

type Aliases = Readonly<Record<string, readonly string[]>>;

/** Headers shared by every dataset that has the field. */
const COMMON: Aliases = {
  id_number: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号', '公民身份证号码', '身份证件号码', '证件号码', '身份证'],
  name: ['姓名'],
  town_code: ['乡镇代码', '乡镇编码', '乡镇(街道)代码', '镇代码', '乡镇编号'],
  village_code: ['村代码', '村编码', '行政村代码', '村(社区)代码', '村居代码', '村编号'],
  department_code: ['部门代码', '部门编码', '主管部门代码', '单位代码'],
  start_date: ['开始日期', '起始日期'],
  end_date: ['结束日期', '终止日期'],
  contract_id: ['合同编号', '合同号'],
  resolution_id: ['决议编号', '会议决议编号', '四议两公开编号', '决议文号'],
  counterparty_name: ['对方名称', '对方单位', '往来单位'],
  counterparty_id_number: ['对方身份证号', '对方身份证号码'],
  status: ['状态'],
};

/** Headers of one dataset, on top of {@link COMMON}. */
const BY_DATASET: Readonly<Record<string, Aliases>> = {
  regions: {
    town_name: ['乡镇名称', '乡镇', '乡镇(街道)', '乡镇(街道)名称'],
    village_name: ['村名称', '村名', '行政村', '行政村名称', '村(社区)', '村(社区)名称'],
  },
  departments: { name: ['部门名称', '名称', '单位名称'] },
  funds: {
    fund_code: ['资金代码', '项目代码', '资金项目代码', '补贴项目代码', '项目编码'],
    name: ['资金名称', '项目名称', '补贴项目', '补贴项目名称', '资金项目'],
    kind: ['资金类别', '项目类别', '补贴类别', '类别'],
    frequency: ['发放频次', '发放周期', '发放频率'],
    standard_amount: ['标准金额', '发放标准', '补助标准', '补贴标准'],
    max_amount: ['最高金额', '上限金额', '最高标准'],
    unit_rate: ['每亩标准', '亩均标准', '每亩补贴标准'],
    min_age: ['最低年龄', '起始年龄', '年龄下限'],
    exclusive_group: ['互斥组', '互斥分组', '不得同时享受组'],
    max_age: ['最高年龄', '年龄上限'],
  },
  persons: {
    gender: ['性别'],
    birth_date: ['出生日期', '出生年月日'],
    household_id: ['户编号', '户号', '户口编号', '家庭编号'],
    relation: ['与户主关系', '与户主的关系', '家庭关系'],
  },
  deaths: { death_date: ['死亡日期', '死亡时间'], source: ['来源', '数据来源', '信息来源'] },
  incarcerations: { start_date: ['入狱日期', '服刑开始日期', '羁押日期'], end_date: ['出狱日期', '刑满日期', '刑满释放日期', '服刑结束日期'] },
  state_staff: { employer: ['工作单位', '单位名称', '所在单位'], start_date: ['入职日期', '参加工作日期', '供养开始日期'], end_date: ['离职日期', '退出日期', '供养结束日期'] },
  vehicles: {
    plate: ['号牌号码', '车牌号', '车牌号码', '号牌'],
    owner_id_number: ['车主身份证号', '所有人身份证号', '所有人证件号码', '身份证号', '身份证号码', '证件号码'],
    vehicle_type: ['车辆类型', '车型'],
    registration_date: ['登记日期', '注册日期', '初次登记日期'],
    deregistration_date: ['注销日期'],
  },
  companies: {
    company_id: ['统一社会信用代码', '企业代码', '市场主体代码', '注册号'],
    company_name: ['企业名称', '市场主体名称', '公司名称'],
    role: ['职务', '角色', '任职类型', '人员类型'],
    registered_capital: ['注册资本', '注册资本(元)'],
    status: ['登记状态', '经营状态', '企业状态'],
    established_date: ['成立日期'],
  },
  disability_certs: {
    level: ['残疾等级', '等级'],
    category: ['残疾类别', '类别'],
    issue_date: ['发证日期', '核发日期', '办证日期'],
    revoke_date: ['注销日期', '撤销日期', '收回日期'],
  },
  land_contracts: {
    contract_no: ['合同编号', '承包合同编号', '合同号'],
    household_id: ['户编号', '户号', '承包户编号'],
    contractor_id_number: ['承包方身份证号', '承包户身份证号', '承包方代表身份证号', '身份证号', '身份证号码'],
    area_mu: ['承包面积', '面积', '面积(亩)', '承包面积(亩)', '确权面积'],
  },
  payments: {
    payment_id: ['发放编号', '流水号', '发放流水号', '业务流水号', '序号'],
    fund_code: ['资金代码', '项目代码', '补贴项目代码', '资金项目代码'],
    period: ['所属期', '发放期', '所属期间', '补贴所属期', '发放月份', '所属年月'],
    pay_date: ['发放日期', '发放时间', '支付日期', '到账日期'],
    amount: ['发放金额', '金额', '补贴金额', '发放金额(元)', '金额(元)'],
    quantity: ['数量', '补贴面积', '计补面积', '面积', '面积(亩)'],
    bank_account: ['银行账号', '卡号', '银行卡号', '一卡通账号', '社保卡号', '账号'],
    account_holder_id_number: ['账户持有人身份证号', '持卡人身份证号', '开户人身份证号', '账户身份证号'],
    account_holder_name: ['账户名', '账户名称', '户名', '持卡人姓名', '开户人姓名', '持卡人'],
  },
  cadres: {
    position: ['职务', '职位'],
    term_start: ['任职开始日期', '任期开始', '任职日期', '任期起'],
    term_end: ['任期结束', '任职结束日期', '离任日期', '任期止'],
  },
  cadre_relatives: {
    cadre_id_number: ['干部身份证号', '村干部身份证号', '干部身份证号码'],
    relative_id_number: ['亲属身份证号', '亲属身份证号码', '身份证号', '身份证号码'],
    relative_name: ['亲属姓名', '姓名'],
    relation: ['关系', '与干部关系', '亲属关系', '称谓'],
  },
  collective_contracts: {
    subject_type: ['标的类型', '合同标的类型', '资产类型', '资源类型'],
    subject_desc: ['标的描述', '标的名称', '合同标的', '资产名称'],
    area: ['面积', '面积(亩)'],
    counterparty_name: ['承包方', '承包方名称', '承租方', '承租方名称', '乙方'],
    counterparty_id_number: ['承包方身份证号', '承租方身份证号', '乙方身份证号'],
    counterparty_company_id: ['承包方统一社会信用代码', '承租方统一社会信用代码', '对方统一社会信用代码', '乙方统一社会信用代码'],
    start_date: ['合同开始日期', '承包开始日期', '起租日期'],
    end_date: ['合同结束日期', '合同到期日期', '到期日期', '承包结束日期'],
    annual_amount: ['年租金', '年承包费', '年金额', '合同年金额', '年承包金'],
  },
  collective_ledger: {
    // 凭证号 is what a ledger export calls the voucher that identifies the entry: `voucher_id`
    // (required, the row's key). Beside another column giving voucher_id it falls back to
    // `voucher_no` (see HEADER_FALLBACKS).
    voucher_id: ['凭证编号', '凭证号', '凭证ID', '记账凭证编号'],
    voucher_no: ['记账凭证号', '凭证序号'],
    counterparty_account: ['对方账号', '对方银行账号', '收款账号', '收款人账号', '付款账号'],
    counterparty_account_type: ['对方账户类型', '账户类型', '账户性质'],
    counterparty_company_id: ['对方统一社会信用代码', '对方单位统一社会信用代码'],
    date: ['日期', '记账日期', '发生日期', '凭证日期'],
    direction: ['收支方向', '收支', '方向', '收支类型'],
    amount: ['金额', '发生额', '金额(元)'],
    category: ['类别', '科目', '收支类别', '收支项目'],
    counterparty_name: ['收(付)款人', '收款人', '付款人', '收付款单位'],
    payment_method: ['支付方式', '结算方式', '收付方式'],
    summary: ['摘要', '事由'],
  },
  collective_assets: {
    asset_id: ['资产编号', '资产编码', '资产代码'],
    asset_type: ['资产类型', '资产类别'],
    name: ['资产名称', '名称'],
    original_value: ['原值', '资产原值', '账面原值', '原值(元)'],
    status: ['资产状态', '使用状态'],
  },
  medical_settlements: {
    settlement_id: ['结算编号', '结算单号', '结算流水号', '结算ID'],
    hospital: ['医疗机构', '医院', '医疗机构名称', '就诊医院', '定点医疗机构'],
    admission_date: ['入院日期', '就诊日期', '入院时间'],
    discharge_date: ['出院日期', '出院时间'],
    settle_date: ['结算日期', '结算时间'],
    total_cost: ['总费用', '医疗总费用', '费用总额', '医疗费用总额'],
    insurance_paid: ['医保支付', '基金支付', '统筹支付', '医保报销', '基本医保及大病保险支付'],
    aid_paid: ['医疗救助', '救助金额', '医疗救助支付', '医疗救助金额'],
  },
  pensions: {
    pension_id: ['待遇编号', '养老金编号', '待遇记录号', '待遇ID'],
    scheme: ['险种', '参保类型', '养老保险类型', '参保险种'],
    start_date: ['待遇开始日期', '领取开始日期', '开始领取日期', '待遇享受开始日期'],
    end_date: ['待遇终止日期', '停发日期', '终止日期', '领取终止日期'],
    monthly_amount: ['月养老金', '月待遇', '月领取金额', '养老金月标准', '月养老金(元)'],
  },
  household_moves: {
    move_id: ['迁移编号', '业务编号', '迁移业务编号'],
    move_type: ['迁移类型', '迁移方向', '迁入迁出'],
    move_date: ['迁移日期', '迁入迁出日期', '办理日期'],
    household_id: ['户编号', '户号'],
    place: ['迁移地', '迁入迁出地', '迁往地', '迁自地', '迁出地/迁入地'],
  },
  resolutions: {
    meeting_date: ['会议日期', '决议日期', '开会日期'],
    meeting_type: ['会议类型', '会议形式'],
    subject: ['决议事项', '议题', '事项', '决议内容'],
    publicity_date: ['公开日期', '公示日期', '公开时间'],
  },
};

/**
 * Headers of the dictionary that name a second field when another column of the file already
 * gives their first one: a ledger with both 凭证编号 and 凭证号 reads 凭证号 as `voucher_no`
 * (the number the bookkeeper wrote), one with 凭证号 alone as `voucher_id`.
 */
const HEADER_FALLBACKS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  collective_ledger: { 凭证号: 'voucher_no' },
};

/** The fallback field of a dictionary header of a dataset, if it has one (see {@link HEADER_FALLBACKS}). */
export function defaultHeaderFallbacks(dataset: string, fields: readonly string[]): Map<string, string> {
  const has = new Set(fields);
  return new Map(Object.entries(HEADER_FALLBACKS[dataset] ?? {}).filter(([, f]) => has.has(f)));
}

/**
 * The built-in header dictionary of one dataset: header → field, for the fields `fields`
 * names. Dataset-specific headers win over common ones.
 */
export function defaultHeaders(dataset: string, fields: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const has = new Set(fields);
  const specific = BY_DATASET[dataset] ?? {};
  for (const [field, aliases] of Object.entries(specific)) {
    if (!has.has(field)) continue;
    for (const a of aliases) if (!out.has(a)) out.set(a, field);
  }
  for (const [field, aliases] of Object.entries(COMMON)) {
    if (!has.has(field)) continue;
    for (const a of aliases) if (!out.has(a)) out.set(a, field);
  }
  return out;
}
