/**
 * The built-in code values: the Chinese words common exports use for the model's enum fields
 * (`男` → `M`, `户主` → `head`, `转账` → `transfer`, …). Only words with one clear meaning are
 * listed; anything else passes unchanged and the model rejects it, so a county maps its own
 * codes explicitly in its mapping file instead of having them guessed.
 */

type ValueMap = Readonly<Record<string, string>>;

const words = (pairs: Readonly<Record<string, readonly string[]>>): ValueMap => {
  const out: Record<string, string> = {};
  for (const [canonical, ws] of Object.entries(pairs)) for (const w of ws) out[w] = canonical;
  return out;
};

const FUND_KIND = words({
  means_tested: ['低保', '最低生活保障', '城乡低保', '农村低保', '城市低保', '特困', '特困供养', '特困人员救助供养'],
  age_based: ['高龄补贴', '高龄津贴', '高龄老人补贴'],
  disability: ['残疾人补贴', '残疾人两项补贴', '困难残疾人生活补贴', '重度残疾人护理补贴'],
  land_based: ['耕地地力保护补贴', '地力补贴', '种粮补贴', '生态公益林补偿'],
  pension: ['养老金', '城乡居民养老保险', '基础养老金', '养老保险'],
  medical: ['医疗救助', '医疗补助'],
  other: ['其他'],
});

const FREQUENCY = words({
  monthly: ['月', '按月', '每月', '月度'],
  quarterly: ['季', '按季', '每季', '季度'],
  yearly: ['年', '按年', '每年', '年度'],
  once: ['一次', '一次性'],
});

/** Dataset → field → source value → canonical value. */
const BY_DATASET: Readonly<Record<string, Readonly<Record<string, ValueMap>>>> = {
  funds: { kind: FUND_KIND, frequency: FREQUENCY },
  persons: {
    gender: words({ M: ['男', '男性'], F: ['女', '女性'] }),
    relation: words({
      head: ['户主', '本人'],
      spouse: ['配偶', '妻', '夫', '妻子', '丈夫'],
      child: ['子女', '子', '女', '儿子', '女儿', '长子', '次子', '三子', '长女', '次女', '三女', '独生子', '独生女', '养子', '养女'],
      parent: ['父母', '父亲', '母亲', '父', '母'],
      other: ['其他', '孙子', '孙女', '外孙子', '外孙女', '儿媳', '女婿', '兄弟', '姐妹', '兄', '弟', '姐', '妹', '祖父', '祖母', '公公', '婆婆', '岳父', '岳母'],
    }),
  },
  vehicles: {
    vehicle_type: words({
      car: ['小型汽车', '小型轿车', '轿车', '小型普通客车', '小型越野客车', '汽车'],
      truck: ['货车', '载货汽车', '重型货车', '中型货车', '轻型货车', '微型货车'],
      motorcycle: ['摩托车', '普通二轮摩托车', '普通三轮摩托车', '轻便摩托车'],
      tractor: ['拖拉机', '轮式拖拉机', '手扶拖拉机'],
      agricultural: ['农用车', '农用运输车', '低速货车', '三轮汽车', '低速载货汽车'],
    }),
  },
  companies: {
    role: words({ legal_rep: ['法定代表人', '法人', '法人代表', '经营者'], shareholder: ['股东', '投资人', '出资人', '合伙人'], executive: ['高管', '高级管理人员', '董事', '监事', '经理', '董事长', '总经理'] }),
    status: words({ active: ['存续', '在业', '开业', '存续(在营、开业、在册)'], revoked: ['吊销', '吊销,未注销', '吊销，未注销'], cancelled: ['注销', '已注销'] }),
  },
  disability_certs: { level: words({ '1': ['一级', '1级'], '2': ['二级', '2级'], '3': ['三级', '3级'], '4': ['四级', '4级'] }) },
  cadres: {
    position: words({
      secretary: ['书记', '支部书记', '党支部书记', '村党支部书记', '党总支书记', '村党组织书记'],
      director: ['主任', '村委会主任', '村主任', '居委会主任'],
      accountant: ['会计', '村会计', '报账员'],
      member: ['委员', '村委委员', '支委委员', '村委会委员'],
      other: ['其他'],
    }),
  },
  cadre_relatives: {
    relation: words({
      spouse: ['配偶', '妻子', '丈夫', '夫妻'],
      parent: ['父母', '父亲', '母亲'],
      child: ['子女', '儿子', '女儿'],
      sibling: ['兄弟姐妹', '兄弟', '姐妹', '哥哥', '弟弟', '姐姐', '妹妹'],
      in_law: ['姻亲', '岳父', '岳母', '公公', '婆婆', '儿媳', '女婿', '配偶父母'],
      other: ['其他'],
    }),
  },
  collective_contracts: {
    subject_type: words({
      land: ['土地', '耕地', '农用地', '建设用地', '集体土地'],
      building: ['房屋', '厂房', '门面', '建筑物', '办公用房'],
      pond: ['坑塘', '鱼塘', '水塘', '水面', '坑塘水面'],
      forest: ['林地', '山林', '林木'],
      equipment: ['设备', '机械', '农机'],
      other: ['其他'],
    }),
  },
  collective_ledger: {
    direction: words({ income: ['收入', '收'], expense: ['支出', '支'] }),
    category: words({
      contract_income: ['承包收入', '发包收入', '租赁收入', '发包及上交收入'],
      subsidy_income: ['补助收入', '补贴收入', '上级补助', '上级补助收入'],
      salary: ['工资', '干部报酬', '村干部报酬', '工资薪金'],
      construction: ['工程', '工程款', '基建', '建设支出', '工程支出'],
      hospitality: ['招待', '招待费', '业务招待费'],
      office: ['办公', '办公费'],
      labor: ['劳务', '劳务费'],
      other: ['其他', '其他收入', '其他支出'],
    }),
    payment_method: words({ cash: ['现金'], transfer: ['转账', '银行转账', '对公转账', '网银'] }),
    counterparty_account_type: words({ personal: ['个人', '个人账户', '私人账户'], corporate: ['对公', '对公账户', '单位账户', '企业账户'] }),
  },
  collective_assets: {
    status: words({ in_use: ['在用', '使用中', '自用', '正常使用'], leased: ['出租', '出租中', '发包'], idle: ['闲置'], disposed: ['处置', '已处置', '报废', '已报废'] }),
  },
  pensions: {
    scheme: words({
      resident: ['城乡居民', '城乡居民基本养老保险', '城乡居保', '居民养老保险', '城乡居民养老保险'],
      employee: ['企业职工', '企业职工基本养老保险', '职工养老保险', '企业养老保险'],
      public_sector: ['机关事业', '机关事业单位', '机关事业单位养老保险', '机关事业单位基本养老保险'],
    }),
  },
  household_moves: { move_type: words({ in: ['迁入', '入'], out: ['迁出', '出'] }) },
  resolutions: {
    meeting_type: words({
      villagers_meeting: ['村民会议', '村民大会'],
      representatives_meeting: ['村民代表会议', '村民代表大会'],
      two_committees: ['两委会议', '村两委会议', '两委联席会议', '村两委联席会议'],
      other: ['其他'],
    }),
  },
};

/** The built-in code values of one dataset: field → source value → canonical value. */
export function defaultValues(dataset: string): Readonly<Record<string, ValueMap>> {
  return BY_DATASET[dataset] ?? {};
}
