/**
 * Unique, well-formed identifiers: resident ID numbers (GB 11643 check digit), bank card
 * numbers (Luhn), unified social credit codes (GB 32100) and vehicle plates.
 */
import { idCheckDigit } from '@sunshine/core';
import { hash32 } from './prng.js';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Makes identifiers that never repeat within one county. */
export class IdentifierFactory {
  readonly #seed: number;
  readonly #idCounters = new Map<string, { n: number; offset: number }>();
  #companies = 0;
  #plates = 0;

  constructor(seed: number) {
    this.#seed = seed;
  }

  /**
   * A resident ID number for a birth date and gender, registered in the area `prefix`
   * (six digits). The sequence code is odd for men and even for women.
   */
  idNumber(prefix: string, birth: string, gender: 'M' | 'F'): string {
    const ymd = birth.slice(0, 4) + birth.slice(5, 7) + birth.slice(8, 10);
    const key = prefix + ymd + gender;
    let c = this.#idCounters.get(key);
    if (!c) this.#idCounters.set(key, (c = { n: 0, offset: hash32(this.#seed, key) % 500 }));
    const n = c.n++;
    if (n >= 500) throw new Error(`more than 500 ID numbers for ${key}`);
    const seq = ((c.offset + n * 7) % 500) * 2 + (gender === 'M' ? 1 : 0);
    const first17 = prefix + ymd + String(seq).padStart(3, '0');
    return first17 + idCheckDigit(first17);
  }

  /** The subsidy card (一卡通) number of a person: 19 digits with a Luhn check digit. */
  bankAccount(personNo: number): string {
    const tail = hash32(this.#seed, 'card', personNo) % 1000;
    const body = `623058${String(personNo).padStart(9, '0')}${String(tail).padStart(3, '0')}`;
    return body + luhnDigit(body);
  }

  /** A unified social credit code (统一社会信用代码) of a company registered in `area`. */
  companyId(area: string, cooperative: boolean): string {
    const n = ++this.#companies;
    const org8 = String((hash32(this.#seed, 'org', n) % 90_000_000) + 10_000_000);
    let s = 0;
    for (let i = 0; i < 8; i++) s += (org8.charCodeAt(i) - 48) * ORG_WEIGHTS[i]!;
    const c9 = 11 - (s % 11);
    const org = org8 + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9));
    const first17 = (cooperative ? '93' : '91') + area + org;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
    const check = (31 - (sum % 31)) % 31;
    return first17 + USCC_CHARS[check]!;
  }

  /** A vehicle plate of the prefecture (鲁N); farm vehicles get a farm-machinery plate. */
  plate(farm: boolean): string {
    const n = ++this.#plates;
    if (farm) return `鲁14-${String(10000 + (n % 90000)).padStart(5, '0')}${n >= 90000 ? String(Math.floor(n / 90000)) : ''}`;
    const letter = PLATE_LETTERS[n % PLATE_LETTERS.length]!;
    const rest = Math.floor(n / PLATE_LETTERS.length);
    const tail = String(rest % 10000).padStart(4, '0');
    const extra = Math.floor(rest / 10000);
    return `鲁N${letter}${extra > 0 ? PLATE_LETTERS[extra % PLATE_LETTERS.length]! : '0'}${tail}`;
  }
}
