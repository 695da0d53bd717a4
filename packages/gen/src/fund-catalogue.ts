/**
 * The catalogue of the synthetic county: 27 departments with 97 fund items (the number in the
 * newspaper report) and the organisation department (组织部, ZZB), which pays nothing but takes
 * the alerts about cadres, with the policy fields of data-model.md and the hints the generator uses
 * to pick recipients and amounts. Amounts are in yuan here; the generator converts to fen.
 */
import type { FUND_KINDS, FREQUENCIES } from '@sunshine/core';

export type FundKind = (typeof FUND_KINDS)[number];
export type Frequency = (typeof FREQUENCIES)[number];

/** Who may receive a fund; the population builder knows each pool. */
export type RecipientPool =
  | 'dibao' | 'tekun' | 'marginal_head' | 'assist_head' | 'assist_member' | 'assist_kid' | 'assist_child' | 'assist_teen'
  | 'assist_youth' | 'assist_adult' | 'assist_elderly' | 'pension' | 'age80' | 'age90' | 'age100' | 'disab_life'
  | 'disab_care' | 'disabled' | 'disabled_adult' | 'disabled_child' | 'land' | 'land_part' | 'land_scale'
  | 'tractor_owner' | 'elderly49' | 'elderly60' | 'elderly65' | 'adult' | 'worker' | 'young' | 'student' | 'women'
  | 'women_mid' | 'head' | 'orphan' | 'veteran' | 'veteran_old' | 'funeral';

export interface DepartmentSpec {
  readonly code: string;
  readonly name: string;
}

export interface FundSpec {
  readonly code: string;
  readonly name: string;
  readonly department: string;
  readonly kind: FundKind;
  readonly frequency: Frequency;
  /** Yuan. */
  readonly standard: number | null;
  /** Yuan. */
  readonly max: number | null;
  /** Yuan per mu. */
  readonly unitRate: number | null;
  readonly minAge: number | null;
  readonly group: string | null;
  readonly pool: RecipientPool;
  /** Share of the pool that receives the fund. */
  readonly rate: number;
  /** Amount range in yuan and its step in yuan: `[lo, hi, step]`; a fixed amount has lo = hi. */
  readonly amount: readonly [number, number, number];
  /** Calendar month of payment for yearly funds (and once funds paid in one batch). */
  readonly payMonth?: number;
  /** The oldest a payee may be at the period start (data-model-extensions.md, `funds.max_age`). */
  readonly maxAge?: number;
}

export const DEPARTMENT_CATALOGUE: readonly DepartmentSpec[] = [
  { code: 'MZ', name: '民政局' },
  { code: 'RS', name: '人力资源和社会保障局' },
  { code: 'YB', name: '医疗保障局' },
  { code: 'NY', name: '农业农村局' },
  { code: 'CL', name: '残疾人联合会' },
  { code: 'CZ', name: '财政局' },
  { code: 'TY', name: '退役军人事务局' },
  { code: 'JY', name: '教育和体育局' },
  { code: 'WJ', name: '卫生健康局' },
  { code: 'ZJ', name: '住房和城乡建设局' },
  { code: 'SL', name: '水利局' },
  { code: 'ZR', name: '自然资源局' },
  { code: 'XZ', name: '乡村振兴局' },
  { code: 'YJ', name: '应急管理局' },
  { code: 'GH', name: '总工会' },
  { code: 'FL', name: '妇女联合会' },
  { code: 'TW', name: '共青团县委' },
  { code: 'HH', name: '红十字会' },
  { code: 'SW', name: '商务局' },
  { code: 'GX', name: '供销合作社联合社' },
  { code: 'JT', name: '交通运输局' },
  { code: 'FG', name: '发展和改革局' },
  { code: 'GA', name: '公安局' },
  { code: 'SF', name: '司法局' },
  { code: 'SC', name: '市场监督管理局' },
  { code: 'ST', name: '生态环境分局' },
  { code: 'TJ', name: '统计局' },
  // No funds: the cadre matters (干部及其亲属) go to the organisation department.
  { code: 'ZZB', name: '组织部' },
];

type Row = [
  code: string, name: string, kind: FundKind, frequency: Frequency, standard: number | null, max: number | null,
  unitRate: number | null, minAge: number | null, group: string | null, pool: RecipientPool, rate: number,
  amount: readonly [number, number, number], payMonth?: number,
];

const G_BASIC = '基本生活救助';
const G_CHILD = '儿童保障';
const G_OLD = '高龄津贴';
const G_VET = '优抚定补';
const G_STUDENT = '学生资助';
const G_FP = '计生特扶';

const ROWS: readonly Row[] = [
  // 民政局
  ['MZ01', '农村最低生活保障金', 'means_tested', 'monthly', 550, 3300, null, null, G_BASIC, 'dibao', 1, [150, 550, 10]],
  ['MZ02', '特困人员基本生活费', 'means_tested', 'monthly', 715, 715, null, null, G_BASIC, 'tekun', 1, [715, 715, 1]],
  ['MZ03', '特困人员照料护理费', 'means_tested', 'monthly', 150, 600, null, null, null, 'tekun', 0.6, [150, 600, 150]],
  ['MZ04', '临时救助金', 'means_tested', 'once', null, 5000, null, null, null, 'assist_head', 0.12, [300, 3000, 100]],
  ['MZ05', '低保边缘家庭生活补贴', 'means_tested', 'quarterly', 300, 600, null, null, G_BASIC, 'marginal_head', 1, [150, 600, 50]],
  ['MZ06', '孤儿基本生活费', 'other', 'monthly', 1650, 1650, null, null, G_CHILD, 'orphan', 0.3, [1650, 1650, 1]],
  ['MZ07', '事实无人抚养儿童基本生活补贴', 'other', 'monthly', 1320, 1320, null, null, G_CHILD, 'orphan', 0.5, [1320, 1320, 1]],
  ['MZ08', '80—89周岁高龄津贴', 'age_based', 'quarterly', 300, 300, null, 80, G_OLD, 'age80', 0.97, [300, 300, 1]],
  ['MZ09', '90—99周岁高龄津贴', 'age_based', 'monthly', 200, 200, null, 90, G_OLD, 'age90', 0.98, [200, 200, 1]],
  ['MZ10', '百岁老人长寿补贴', 'age_based', 'monthly', 500, 500, null, 100, G_OLD, 'age100', 1, [500, 500, 1]],
  ['MZ11', '困难残疾人生活补贴', 'disability', 'monthly', 110, 110, null, null, null, 'disab_life', 0.9, [110, 110, 1]],
  ['MZ12', '重度残疾人护理补贴', 'disability', 'monthly', 110, 140, null, null, null, 'disab_care', 1, [110, 140, 30]],
  ['MZ13', '经济困难老年人养老服务补贴', 'other', 'quarterly', 300, 300, null, 60, null, 'assist_elderly', 0.6, [300, 300, 1]],
  ['MZ14', '殡葬惠民补贴', 'other', 'once', 1000, 1000, null, null, null, 'funeral', 0.9, [1000, 1000, 1]],
  ['MZ15', '困境儿童基本生活补贴', 'other', 'monthly', 660, 1320, null, null, G_CHILD, 'assist_child', 0.15, [330, 660, 330]],
  ['MZ16', '农村留守老年人关爱服务补贴', 'other', 'yearly', 200, 200, null, 65, null, 'elderly65', 0.01, [200, 200, 1], 9],
  ['MZ17', '低保家庭学生救助金', 'means_tested', 'yearly', 1000, 2000, null, null, null, 'assist_child', 0.3, [500, 2000, 500], 9],
  // 人力资源和社会保障局
  ['RS01', '城乡居民基础养老金', 'pension', 'monthly', 200, 250, null, 60, null, 'pension', 0.93, [200, 215, 5]],
  ['RS02', '被征地农民社会保障补贴', 'pension', 'monthly', 300, 300, null, 60, null, 'elderly60', 0.004, [300, 300, 1]],
  ['RS03', '城乡居民养老保险丧葬补助金', 'pension', 'once', 1000, 1500, null, null, null, 'funeral', 0.3, [800, 1500, 100]],
  ['RS04', '困难群体城乡居民养老保险代缴补贴', 'pension', 'yearly', 100, 200, null, null, null, 'assist_adult', 0.5, [100, 100, 1], 4],
  ['RS05', '公益性岗位补贴', 'other', 'monthly', 800, 1500, null, null, null, 'worker', 0.004, [600, 1200, 100]],
  ['RS06', '一次性创业补贴', 'other', 'once', 10000, 10000, null, null, null, 'young', 0.001, [10000, 10000, 1]],
  ['RS07', '职业技能培训补贴', 'other', 'once', null, 3000, null, null, null, 'adult', 0.004, [500, 2500, 100]],
  ['RS08', '灵活就业人员社会保险补贴', 'other', 'quarterly', 900, 1500, null, null, null, 'worker', 0.002, [600, 1200, 100]],
  ['RS09', '失业保险金', 'other', 'monthly', 1500, 1800, null, null, null, 'worker', 0.0008, [1200, 1800, 10]],
  ['RS10', '就业见习补贴', 'other', 'once', null, 6000, null, null, null, 'young', 0.0008, [2000, 6000, 100]],
  ['RS11', '高校毕业生基层就业补贴', 'other', 'once', 3000, 3000, null, null, null, 'young', 0.0005, [3000, 3000, 1]],
  // 医疗保障局
  ['YB01', '城乡居民医保个人缴费资助', 'medical', 'yearly', 380, 380, null, null, null, 'assist_member', 1, [380, 380, 1], 1],
  ['YB02', '医疗救助金', 'medical', 'once', null, 50000, null, null, null, 'assist_member', 0.12, [200, 20000, 0.01]],
  ['YB03', '门诊慢特病医疗救助', 'medical', 'once', null, 5000, null, null, null, 'elderly60', 0.01, [100, 3000, 0.01]],
  ['YB04', '大病保险补偿', 'medical', 'once', null, 300000, null, null, null, 'adult', 0.002, [2000, 80000, 0.01]],
  ['YB05', '困难群众住院救助', 'medical', 'once', null, 30000, null, null, null, 'assist_member', 0.05, [500, 15000, 0.01]],
  ['YB06', '长期护理保险待遇', 'medical', 'monthly', 900, 1500, null, null, null, 'disabled', 0.03, [600, 1500, 100]],
  // 农业农村局
  ['NY01', '耕地地力保护补贴', 'land_based', 'yearly', null, null, 125, null, null, 'land', 1, [0, 0, 0.01], 5],
  ['NY02', '实际种粮农民一次性补贴', 'land_based', 'once', null, null, 15, null, null, 'land', 0.25, [0, 0, 0.01], 7],
  ['NY03', '玉米生产者补贴', 'land_based', 'yearly', null, null, 60, null, null, 'land_part', 0.08, [0, 0, 0.01], 10],
  ['NY04', '小麦一喷三防补助', 'land_based', 'yearly', null, null, 10, null, null, 'land_part', 0.1, [0, 0, 0.01], 4],
  ['NY05', '适度规模经营补贴', 'land_based', 'yearly', 5000, 20000, null, null, null, 'land_scale', 0.02, [3000, 15000, 100], 9],
  ['NY06', '农业保险保费补贴', 'land_based', 'yearly', null, null, 12, null, null, 'land_part', 0.05, [0, 0, 0.01], 6],
  ['NY07', '农机购置与应用补贴', 'other', 'once', null, 60000, null, null, null, 'tractor_owner', 0.08, [2000, 40000, 10]],
  ['NY08', '畜禽粪污资源化利用补助', 'other', 'once', null, 20000, null, null, null, 'head', 0.001, [2000, 15000, 100]],
  ['NY09', '农村改厕补助', 'other', 'once', 1000, 1000, null, null, null, 'head', 0.008, [1000, 1000, 1]],
  ['NY10', '蔬菜大棚建设补贴', 'other', 'once', null, 30000, null, null, null, 'head', 0.001, [5000, 30000, 500]],
  ['NY11', '高素质农民培育补助', 'other', 'once', null, 2000, null, null, null, 'worker', 0.001, [500, 2000, 100]],
  ['NY12', '生猪养殖户防疫补助', 'other', 'yearly', null, 5000, null, null, null, 'head', 0.002, [300, 5000, 50], 8],
  ['NY13', '渔业发展补助', 'other', 'yearly', null, 10000, null, null, null, 'head', 0.0005, [1000, 10000, 100], 11],
  // 残疾人联合会
  ['CL01', '残疾人机动轮椅车燃油补贴', 'disability', 'yearly', 300, 300, null, null, null, 'disabled_adult', 0.02, [300, 300, 1], 3],
  ['CL02', '残疾儿童康复救助', 'disability', 'once', null, 20000, null, null, null, 'disabled_child', 0.4, [3000, 20000, 100]],
  ['CL03', '残疾人家庭无障碍改造补贴', 'disability', 'once', null, 5000, null, null, null, 'disabled', 0.01, [1000, 5000, 100]],
  ['CL04', '残疾人就业创业扶持资金', 'disability', 'once', null, 5000, null, null, null, 'disabled_adult', 0.005, [1000, 5000, 500]],
  ['CL05', '重度残疾人托养补贴', 'disability', 'monthly', 500, 800, null, null, null, 'disab_care', 0.02, [300, 800, 100]],
  ['CL06', '残疾人辅助器具适配补贴', 'disability', 'once', null, 3000, null, null, null, 'disabled', 0.02, [200, 3000, 1]],
  ['CL07', '残疾学生教育资助', 'disability', 'yearly', null, 3000, null, null, null, 'disabled_child', 0.2, [1000, 3000, 500], 9],
  // 退役军人事务局
  ['TY01', '残疾军人伤残抚恤金', 'other', 'monthly', 2000, 6000, null, null, null, 'veteran', 0.08, [1500, 5000, 10]],
  ['TY02', '在乡复员军人定期补助', 'other', 'monthly', 1200, 1500, null, null, G_VET, 'veteran_old', 0.3, [1000, 1500, 10]],
  ['TY03', '带病回乡退伍军人生活补助', 'other', 'monthly', 900, 1200, null, null, G_VET, 'veteran', 0.05, [800, 1200, 10]],
  ['TY04', '烈士遗属定期抚恤金', 'other', 'monthly', 2200, 2500, null, null, null, 'elderly60', 0.0003, [2000, 2500, 10]],
  ['TY05', '农村籍退役士兵老年生活补助', 'other', 'monthly', 300, 600, null, 60, G_VET, 'veteran_old', 0.6, [100, 600, 10]],
  ['TY06', '义务兵家庭优待金', 'other', 'yearly', null, 20000, null, null, null, 'head', 0.0015, [12000, 20000, 100], 8],
  ['TY07', '参战参试退役人员生活补助', 'other', 'monthly', 700, 1000, null, null, G_VET, 'veteran_old', 0.1, [600, 1000, 10]],
  ['TY08', '退役士兵一次性经济补助', 'other', 'once', null, 30000, null, null, null, 'young', 0.0008, [5000, 30000, 100]],
  // 教育和体育局
  ['JY01', '学前教育幼儿资助', 'other', 'yearly', 1000, 1500, null, null, null, 'assist_kid', 0.8, [1000, 1000, 1], 10],
  ['JY02', '义务教育家庭经济困难寄宿生生活补助', 'other', 'yearly', 1000, 1250, null, null, G_STUDENT, 'assist_child', 0.7, [1000, 1250, 250], 10],
  ['JY03', '普通高中国家助学金', 'other', 'yearly', 2000, 3000, null, null, G_STUDENT, 'assist_teen', 0.6, [1000, 3000, 1000], 11],
  ['JY04', '中等职业教育国家助学金', 'other', 'yearly', 2000, 2000, null, null, G_STUDENT, 'assist_teen', 0.3, [2000, 2000, 1], 11],
  ['JY05', '普通高中免学费补助', 'other', 'yearly', null, 1500, null, null, null, 'assist_teen', 0.5, [800, 1500, 100], 9],
  ['JY06', '生源地信用助学贷款贴息', 'other', 'yearly', null, 2000, null, null, null, 'student', 0.01, [200, 2000, 0.01], 12],
  ['JY07', '大学新生入学资助', 'other', 'once', 1000, 1000, null, null, null, 'assist_youth', 0.2, [1000, 1000, 1]],
  // 卫生健康局
  ['WJ01', '农村部分计划生育家庭奖励扶助金', 'other', 'yearly', 960, 960, null, 60, null, 'elderly60', 0.04, [960, 960, 1], 6],
  ['WJ02', '计划生育特别扶助金（独生子女伤残）', 'other', 'monthly', 450, 450, null, 49, G_FP, 'elderly49', 0.0015, [450, 450, 1]],
  ['WJ03', '计划生育特别扶助金（独生子女死亡）', 'other', 'monthly', 590, 590, null, 49, G_FP, 'elderly49', 0.001, [590, 590, 1]],
  ['WJ04', '独生子女父母奖励费', 'other', 'yearly', 120, 120, null, null, null, 'worker', 0.03, [120, 120, 1], 3],
  ['WJ05', '农村孕产妇住院分娩补助', 'medical', 'once', 500, 500, null, null, null, 'women', 0.01, [500, 500, 1]],
  ['WJ06', '农村适龄妇女两癌检查补助', 'medical', 'once', 200, 200, null, null, null, 'women_mid', 0.02, [200, 200, 1]],
  // 住房和城乡建设局
  ['ZJ01', '农村危房改造补助', 'other', 'once', null, 40000, null, null, null, 'assist_head', 0.05, [15000, 35000, 500]],
  ['ZJ02', '农房抗震改造补助', 'other', 'once', null, 20000, null, null, null, 'head', 0.001, [10000, 20000, 500]],
  ['ZJ03', '农村清洁取暖补贴', 'other', 'yearly', 1000, 1000, null, null, null, 'head', 0.05, [500, 1000, 100], 12],
  // 水利局
  ['SL01', '大中型水库移民后期扶持资金', 'other', 'yearly', 600, 600, null, null, null, 'adult', 0.003, [600, 600, 1], 6],
  ['SL02', '农村饮水安全工程入户补助', 'other', 'once', null, 2000, null, null, null, 'head', 0.0008, [500, 2000, 100]],
  // 自然资源局
  ['ZR01', '生态公益林补偿', 'other', 'yearly', null, 5000, null, null, null, 'head', 0.002, [100, 5000, 0.01], 11],
  ['ZR02', '退耕还林补助', 'other', 'yearly', null, 3000, null, null, null, 'head', 0.002, [200, 3000, 0.01], 11],
  ['ZR03', '土地征收地上附着物补偿', 'other', 'once', null, 200000, null, null, null, 'head', 0.0008, [5000, 150000, 0.01]],
  // 乡村振兴局
  ['XZ01', '防返贫监测对象帮扶资金', 'means_tested', 'once', null, 5000, null, null, null, 'assist_head', 0.08, [500, 5000, 100]],
  ['XZ02', '雨露计划职业教育补助', 'other', 'yearly', 3000, 3000, null, null, null, 'assist_youth', 0.3, [3000, 3000, 1], 10],
  ['XZ03', '光伏扶贫收益分红', 'means_tested', 'yearly', null, 1000, null, null, null, 'assist_head', 0.3, [300, 1000, 10], 12],
  ['XZ04', '扶贫小额信贷贴息', 'other', 'yearly', null, 2500, null, null, null, 'head', 0.001, [500, 2500, 0.01], 12],
  // 应急管理局
  ['YJ01', '自然灾害生活救助金', 'other', 'once', null, 3000, null, null, null, 'head', 0.002, [300, 3000, 100]],
  ['YJ02', '受灾群众冬春生活救助', 'other', 'once', null, 1000, null, null, null, 'assist_head', 0.15, [200, 1000, 100], 1],
  ['YJ03', '因灾倒损住房恢复重建补助', 'other', 'once', null, 20000, null, null, null, 'head', 0.0003, [5000, 20000, 500]],
  // 群团与其他部门
  ['GH01', '困难职工帮扶救助金', 'other', 'once', null, 5000, null, null, null, 'worker', 0.0008, [500, 5000, 100]],
  ['FL01', '困难妇女两癌救助金', 'medical', 'once', 10000, 10000, null, null, null, 'women_mid', 0.0005, [10000, 10000, 1]],
  ['TW01', '希望工程圆梦助学金', 'other', 'once', null, 5000, null, null, null, 'assist_youth', 0.1, [2000, 5000, 500]],
  ['HH01', '红十字博爱救助金', 'medical', 'once', null, 5000, null, null, null, 'assist_member', 0.01, [500, 5000, 100]],
  ['SW01', '汽车以旧换新补贴', 'other', 'once', null, 20000, null, null, null, 'head', 0.001, [10000, 20000, 5000]],
  ['GX01', '农资储备补贴（农户）', 'other', 'yearly', null, 1000, null, null, null, 'head', 0.002, [100, 1000, 0.01], 3],
  ['JT01', '农村客运油价补贴', 'other', 'yearly', null, 8000, null, null, null, 'worker', 0.0005, [2000, 8000, 100], 12],
];

/** Child benefits are paid until the 18th birthday. */
const MAX_AGE: Readonly<Record<string, number>> = { MZ06: 17, MZ07: 17, MZ15: 17 };

/** The 97 funds of the county, in catalogue order. */
export const FUND_CATALOGUE: readonly FundSpec[] = ROWS.map(
  ([code, name, kind, frequency, standard, max, unitRate, minAge, group, pool, rate, amount, payMonth]): FundSpec => ({
    code,
    name,
    department: code.slice(0, 2),
    kind,
    frequency,
    standard,
    max,
    unitRate,
    minAge,
    group,
    pool,
    rate,
    amount,
    ...(payMonth === undefined ? {} : { payMonth }),
    ...(MAX_AGE[code] === undefined ? {} : { maxAge: MAX_AGE[code] }),
  }),
);
