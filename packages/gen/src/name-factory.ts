/**
 * Chinese personal, place and business names. Surnames follow their national frequencies;
 * given names differ by gender and a little by generation.
 */
import type { Prng } from './prng.js';

// Surname and weight (per mille, rounded national frequencies; Shandong leans to 王/张/李/刘).
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 88], ['李', 74], ['张', 80], ['刘', 60], ['陈', 30], ['杨', 30], ['黄', 12], ['赵', 26], ['吴', 14], ['周', 16],
  ['徐', 16], ['孙', 24], ['马', 18], ['朱', 12], ['胡', 10], ['郭', 12], ['何', 7], ['高', 16], ['林', 6], ['罗', 5],
  ['郑', 8], ['梁', 8], ['谢', 5], ['宋', 12], ['唐', 6], ['许', 8], ['韩', 10], ['冯', 8], ['邓', 4], ['曹', 9],
  ['彭', 4], ['曾', 3], ['肖', 5], ['田', 9], ['董', 10], ['袁', 5], ['潘', 4], ['于', 12], ['蒋', 4], ['蔡', 4],
  ['余', 3], ['杜', 7], ['叶', 3], ['程', 6], ['苏', 5], ['魏', 10], ['吕', 7], ['丁', 6], ['任', 7], ['沈', 3],
  ['姚', 5], ['卢', 5], ['姜', 9], ['崔', 8], ['钟', 2], ['谭', 3], ['陆', 3], ['汪', 2], ['范', 6], ['金', 4],
  ['石', 6], ['廖', 2], ['贾', 6], ['夏', 4], ['付', 6], ['方', 4], ['白', 5], ['邹', 4], ['孟', 8], ['熊', 2],
  ['秦', 5], ['邱', 3], ['江', 3], ['尹', 5], ['薛', 5], ['闫', 6], ['段', 5], ['雷', 3], ['侯', 6], ['史', 6],
  ['陶', 3], ['贺', 4], ['顾', 2], ['毛', 4], ['郝', 5], ['邵', 4], ['万', 3], ['钱', 2], ['严', 2], ['武', 6],
  ['戴', 3], ['孔', 5], ['庞', 4], ['牛', 5], ['耿', 4], ['路', 3], ['岳', 3], ['齐', 4], ['翟', 3], ['葛', 3],
];
const SURNAME_LIST = SURNAMES.map(([s]) => s);
const SURNAME_CUMULATIVE = SURNAMES.reduce<number[]>((acc, [, w]) => [...acc, (acc[acc.length - 1] ?? 0) + w], []);

const MALE_OLD = '福贵德全庆长金山林广树田生文明忠振玉永守正国宝春荣恒兴财发富顺志学堂清连常凤岐'.split('');
const MALE_YOUNG = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健浩宇轩博晨阳帅凯旭东亮龙峰鸣俊瑞泽然睿'.split('');
const FEMALE_OLD = '秀英兰桂芳玉珍凤霞梅花翠荣淑敏素云莲真环爱香月芬菊琴彩金秋巧春'.split('');
const FEMALE_YOUNG = '娜静丽艳娟慧美洁琳雪婷颖倩萌悦欣怡雅涵璐佳晶琪蕾萍燕红丹妍梦瑶'.split('');

const VILLAGE_PREFIX = ['', '', '', '东', '西', '南', '北', '前', '后', '大', '小', '中', '新', '老', '上', '下'];
const VILLAGE_SUFFIX = ['庄', '村', '屯', '营', '寨', '店', '集', '洼', '楼', '铺', '官庄', '家庄', '家寨', '口', '园', '庙', '桥', '坊', '圈', '家', '堂', '湾'];

const TOWN_NAMES = [
  '龙泉街道', '东阳街道', '清河镇', '柳林镇', '杏花镇', '双堂镇', '马坊镇', '梨园镇', '石桥乡', '枣林乡', '王家集镇', '三里屯镇',
  '高唐铺镇', '西岭镇', '南坡镇', '北洼乡', '槐树镇', '红庙镇', '沙河镇', '桑园镇', '花园乡', '古城镇', '铁营镇', '孟寨乡',
];
const TOWN_ROOTS = '安宁丰永兴平和顺福寿德新泰康瑞祥'.split('');
const TOWN_ENDS = ['镇', '乡', '镇', '街道'];

const FIRM_WORDS = [
  '鑫达', '丰源', '华兴', '恒泰', '宏远', '金穗', '德润', '绿野', '盛世', '瑞丰', '天成', '永固', '兴旺', '万通', '通达', '广源',
  '富民', '沃土', '嘉禾', '聚贤', '众诚', '博远', '利农', '惠农', '鸿运', '安泰', '润泽', '裕丰', '信达', '长青', '金源', '百川',
  '祥和', '新农', '齐鲁', '鲁西', '黄河', '大地', '银河', '康宁', '金田', '丰泽', '旺达', '顺兴', '宏达', '正阳', '东升', '中和',
];

/** Business lines of companies; the generator picks counterparties by line. */
export const FIRM_LINES = {
  construction: ['建筑工程有限公司', '建筑安装有限公司', '路桥工程有限公司', '水利工程有限公司', '建设工程有限公司'],
  farming: ['农业科技有限公司', '种植专业合作社', '农机专业合作社', '养殖专业合作社', '果蔬专业合作社', '家庭农场'],
  trade: ['商贸有限公司', '建材有限公司', '农资有限公司', '物流有限公司', '食品有限公司', '纺织有限公司'],
  service: ['劳务服务有限公司', '园林绿化工程有限公司', '电气安装有限公司', '物业服务有限公司', '广告有限公司'],
} as const;
export type FirmLine = keyof typeof FIRM_LINES;

/** Makes names; business and village names are unique within the county. */
export class NameFactory {
  readonly #rng: Prng;
  readonly #used = new Set<string>();

  constructor(rng: Prng) {
    this.#rng = rng;
  }

  surname(): string {
    return this.#rng.weightedCumulative(SURNAME_LIST, SURNAME_CUMULATIVE);
  }

  /** A given name for someone born in `birthYear`. */
  given(gender: 'M' | 'F', birthYear: number): string {
    const old = birthYear < 1975 ? 0.75 : birthYear < 1990 ? 0.35 : 0.1;
    const pool = (): readonly string[] =>
      gender === 'M' ? (this.#rng.chance(old) ? MALE_OLD : MALE_YOUNG) : this.#rng.chance(old) ? FEMALE_OLD : FEMALE_YOUNG;
    const first = this.#rng.pick(pool());
    if (this.#rng.chance(0.28)) return first;
    let second = this.#rng.pick(pool());
    if (second === first && this.#rng.chance(0.7)) second = this.#rng.pick(pool());
    return first + second;
  }

  person(gender: 'M' | 'F', birthYear: number, surname?: string): string {
    return (surname ?? this.surname()) + this.given(gender, birthYear);
  }

  #unique(make: () => string): string {
    for (let i = 0; i < 50; i++) {
      const s = make();
      if (!this.#used.has(s)) {
        this.#used.add(s);
        return s;
      }
    }
    let n = 2;
    const base = make();
    while (this.#used.has(`${base}${n}`)) n++;
    this.#used.add(`${base}${n}`);
    return `${base}${n}`;
  }

  village(): string {
    return this.#unique(() => `${this.#rng.pick(VILLAGE_PREFIX)}${this.surname()}${this.#rng.pick(VILLAGE_SUFFIX)}`);
  }

  town(i: number): string {
    if (i < TOWN_NAMES.length) {
      this.#used.add(TOWN_NAMES[i]!);
      return TOWN_NAMES[i]!;
    }
    return this.#unique(() => `${this.#rng.pick(TOWN_ROOTS)}${this.#rng.pick(TOWN_ROOTS)}${this.#rng.pick(TOWN_ENDS)}`);
  }

  /** A company name of a business line, optionally prefixed with a place name. */
  firm(line: FirmLine, place: string): string {
    return this.#unique(() => {
      const word = this.#rng.pick(FIRM_WORDS);
      const suffix = this.#rng.pick(FIRM_LINES[line]);
      const prefix = this.#rng.chance(0.5) ? place.replace(/(街道|镇|乡)$/, '') : '';
      return `${prefix}${word}${suffix}`;
    });
  }

  /** A shop or restaurant of a town or village (`超市`, `饭店`, …). */
  shop(place: string, kind: string): string {
    return this.#unique(() => `${place}${this.#rng.pick(FIRM_WORDS)}${kind}`);
  }
}
