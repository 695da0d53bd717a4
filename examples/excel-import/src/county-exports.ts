/**
 * How the example county's systems export their data: one workbook per dataset, with their
 * own file names, Chinese headers and Chinese code words. `make-exports.ts` writes the
 * workbooks from this description; `mapping.json` is what a county writes to load them.
 */

/** How a cell is written. */
export type CellStyle =
  | 'text' // as is
  | 'yuan' // money: ￥1,234.50
  | 'excel-date' // a date cell (Excel stores a serial day)
  | 'cn-date' // 2024年3月5日 as text
  | 'cn-period' // 2024年3月 / 2024年
  | 'number'; // integers and decimals as numbers

export interface ExportColumn {
  readonly header: string;
  /** The canonical field this column holds; `null` for a column the model does not use. */
  readonly field: string | null;
  readonly style: CellStyle;
  /** Canonical value → the word the county's system writes. */
  readonly words?: Readonly<Record<string, string>>;
}

export interface CountyExport {
  readonly dataset: string;
  /** The workbook's name, without `.xlsx`. */
  readonly workbook: string;
  readonly sheet: string;
  /** A title line above the header, as some systems print it. */
  readonly title?: string;
  readonly columns: readonly ExportColumn[];
}

const c = (header: string, field: string | null, style: CellStyle = 'text', words?: Readonly<Record<string, string>>): ExportColumn =>
  words ? { header, field, style, words } : { header, field, style };

/** The fund kinds as this county's finance system names them (not all are in the built-in dictionary). */
export const FUND_KIND_WORDS: Readonly<Record<string, string>> = {
  means_tested: '社会救助类',
  age_based: '老龄津贴类',
  disability: '残疾人补贴',
  land_based: '农业补贴类',
  pension: '养老保险',
  medical: '医疗救助',
  other: '其他',
};

export const COUNTY_EXPORTS: readonly CountyExport[] = [
  { dataset: 'regions', workbook: '行政区划', sheet: '行政区划', columns: [c('乡镇代码', 'town_code'), c('乡镇名称', 'town_name'), c('村代码', 'village_code'), c('村名称', 'village_name')] },
  { dataset: 'departments', workbook: '主管部门', sheet: '部门', columns: [c('部门代码', 'department_code'), c('部门名称', 'name')] },
  {
    dataset: 'funds',
    workbook: '补贴项目目录',
    sheet: '项目',
    columns: [
      c('项目代码', 'fund_code'),
      c('项目名称', 'name'),
      c('主管部门代码', 'department_code'),
      c('项目类别', 'kind', 'text', FUND_KIND_WORDS),
      c('发放周期', 'frequency', 'text', { monthly: '按月', quarterly: '按季', yearly: '按年', once: '一次性' }),
      c('补助标准', 'standard_amount', 'yuan'),
      c('最高金额', 'max_amount', 'yuan'),
      c('每亩标准', 'unit_rate', 'yuan'),
      c('最低年龄', 'min_age', 'number'),
      c('最高年龄', 'max_age', 'number'),
      c('互斥组', 'exclusive_group'),
    ],
  },
  {
    dataset: 'persons',
    workbook: '户籍人口信息',
    sheet: '人口',
    columns: [
      c('公民身份号码', 'id_number'),
      c('姓名', 'name'),
      c('性别', 'gender', 'text', { M: '男', F: '女' }),
      c('出生日期', 'birth_date', 'excel-date'),
      c('户号', 'household_id'),
      c('与户主关系', 'relation', 'text', { head: '户主', spouse: '配偶', child: '子女', parent: '父母', other: '孙子' }),
      c('乡镇代码', 'town_code'),
      c('村代码', 'village_code'),
    ],
  },
  { dataset: 'deaths', workbook: '死亡人员名单', sheet: '死亡', columns: [c('身份证号', 'id_number'), c('姓名', 'name'), c('死亡日期', 'death_date', 'cn-date'), c('信息来源', 'source')] },
  { dataset: 'incarcerations', workbook: '服刑人员名单', sheet: '服刑', columns: [c('身份证号', 'id_number'), c('姓名', 'name'), c('入狱日期', 'start_date', 'cn-date'), c('刑满日期', 'end_date', 'cn-date')] },
  {
    dataset: 'state_staff',
    workbook: '财政供养人员',
    sheet: '供养人员',
    columns: [c('身份证号', 'id_number'), c('姓名', 'name'), c('工作单位', 'employer'), c('入职日期', 'start_date', 'excel-date'), c('离职日期', 'end_date', 'excel-date')],
  },
  {
    dataset: 'vehicles',
    workbook: '机动车登记信息',
    sheet: '车辆',
    columns: [
      c('号牌号码', 'plate'),
      c('所有人证件号码', 'owner_id_number'),
      c('车辆类型', 'vehicle_type', 'text', { car: '小型轿车', truck: '货车', motorcycle: '摩托车', tractor: '拖拉机', agricultural: '农用车' }),
      c('初次登记日期', 'registration_date', 'excel-date'),
      c('注销日期', 'deregistration_date', 'excel-date'),
    ],
  },
  {
    dataset: 'companies',
    workbook: '市场主体登记',
    sheet: '企业人员',
    columns: [
      c('统一社会信用代码', 'company_id'),
      c('企业名称', 'company_name'),
      c('身份证号', 'id_number'),
      c('任职类型', 'role', 'text', { legal_rep: '法定代表人', shareholder: '股东', executive: '高管' }),
      c('注册资本(元)', 'registered_capital', 'yuan'),
      c('登记状态', 'status', 'text', { active: '存续', revoked: '吊销', cancelled: '注销' }),
      c('成立日期', 'established_date', 'cn-date'),
    ],
  },
  {
    dataset: 'disability_certs',
    workbook: '残疾人证',
    sheet: '残疾人',
    columns: [
      c('身份证号', 'id_number'),
      c('残疾等级', 'level', 'text', { '1': '一级', '2': '二级', '3': '三级', '4': '四级' }),
      c('残疾类别', 'category'),
      c('发证日期', 'issue_date', 'excel-date'),
      c('注销日期', 'revoke_date', 'excel-date'),
    ],
  },
  {
    dataset: 'land_contracts',
    workbook: '土地承包经营权',
    sheet: '承包',
    columns: [c('承包合同编号', 'contract_no'), c('承包户编号', 'household_id'), c('承包方代表身份证号', 'contractor_id_number'), c('村代码', 'village_code'), c('承包面积(亩)', 'area_mu', 'number')],
  },
  {
    dataset: 'payments',
    workbook: '一卡通发放明细',
    sheet: '发放明细',
    title: '惠民惠农财政补贴资金“一卡通”发放明细表',
    columns: [
      c('业务流水号', 'payment_id'),
      c('补贴项目代码', 'fund_code'),
      c('补贴对象身份证号', 'id_number'),
      c('补贴对象姓名', 'name'),
      c('乡镇代码', 'town_code'),
      c('村代码', 'village_code'),
      c('所属年月', 'period', 'cn-period'),
      c('发放日期', 'pay_date', 'cn-date'),
      c('发放金额（元）', 'amount', 'yuan'),
      c('计补面积', 'quantity', 'number'),
      c('一卡通账号', 'bank_account'),
      c('持卡人身份证号', 'account_holder_id_number'),
      c('持卡人姓名', 'account_holder_name'),
      c('经办人', null),
      c('备注', null),
    ],
  },
  {
    dataset: 'cadres',
    workbook: '村干部花名册',
    sheet: '村干部',
    columns: [
      c('身份证号', 'id_number'),
      c('姓名', 'name'),
      c('村代码', 'village_code'),
      c('职务', 'position', 'text', { secretary: '书记', director: '主任', accountant: '会计', member: '委员', other: '其他' }),
      c('任职日期', 'term_start', 'cn-date'),
      c('离任日期', 'term_end', 'cn-date'),
    ],
  },
  {
    dataset: 'cadre_relatives',
    workbook: '村干部近亲属',
    sheet: '近亲属',
    columns: [
      c('干部身份证号', 'cadre_id_number'),
      c('亲属身份证号', 'relative_id_number'),
      c('亲属姓名', 'relative_name'),
      c('称谓', 'relation', 'text', { spouse: '配偶', parent: '父母', child: '子女', sibling: '兄弟姐妹', in_law: '姻亲', other: '其他亲属' }),
    ],
  },
];
