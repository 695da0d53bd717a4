import { describe, expect, it } from 'vitest';
import {
  addYears,
  ageAt,
  birthDateOfId,
  compileNormalizer,
  DATASETS,
  formatMoney,
  genderOfId,
  idCheckDigit,
  parseDate,
  parseIdNumber,
  parseMoney,
  parsePeriod,
  periodStart,
  schemas,
} from '@sunshine/core';

const withCheck = (first17: string) => first17 + idCheckDigit(first17);

describe('parseIdNumber', () => {
  const good = withCheck('37142619800101123');
  it.each([
    [good, good],
    [good.toLowerCase(), good],
    [` ${good} `, good],
  ])('accepts %s', (input, want) => {
    expect(parseIdNumber(input)).toEqual({ ok: true, value: want });
  });
  it('upgrades 15-digit numbers', () => {
    const r = parseIdNumber('371426800101123');
    expect(r).toEqual({ ok: true, value: withCheck('37142619800101123') });
  });
  it('rejects a wrong check digit', () => {
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = parseIdNumber(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/check digit/);
  });
  it('rejects an impossible birth date', () => {
    expect(parseIdNumber(withCheck('37142619800231123')).ok).toBe(false);
  });
  it('derives birth date and gender', () => {
    expect(birthDateOfId(good)).toBe('1980-01-01');
    expect(genderOfId(good)).toBe('M'); // 17th digit 3 is odd
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-3-5', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['45356', '2024-03-05'],
    [45356, '2024-03-05'],
    ['2024-02-29', '2024-02-29'],
    ['2024-03-05 00:00:00', '2024-03-05'],
  ])('%s → %s', (input, want) => {
    expect(parseDate(input)).toEqual({ ok: true, value: want });
  });
  it.each(['2024-02-31', '2023-02-29', '2024-13-01', 'abc', '2024/3', ''])('rejects %s', (input) => {
    expect(parseDate(input).ok).toBe(false);
  });
});

describe('parseMoney', () => {
  it.each([
    ['1,234.50', 123450],
    ['￥1234.5', 123450],
    ['¥1234.5', 123450],
    ['1234.5元', 123450],
    ['0.07', 7],
    ['100', 10000],
    [0.07, 7],
    [1234.5, 123450],
    ['-12.30', -1230],
  ])('%s → %d fen', (input, want) => {
    expect(parseMoney(input)).toEqual({ ok: true, value: want });
  });
  it.each(['abc', '1.234', '12,34.00', '', 1.005])('rejects %s', (input) => {
    expect(parseMoney(input).ok).toBe(false);
  });
  it('formats fen', () => {
    expect(formatMoney(120000)).toBe('1200.00');
    expect(formatMoney(7)).toBe('0.07');
    expect(formatMoney(-1230)).toBe('-12.30');
  });
});

describe('periods and dates', () => {
  it.each([
    ['2024-03', '2024-03'],
    ['2024-3', '2024-03'],
    ['202403', '2024-03'],
    ['2024年3月', '2024-03'],
    ['2024', '2024'],
  ])('period %s', (input, want) => {
    expect(parsePeriod(input)).toEqual({ ok: true, value: want });
  });
  it('rejects month 13', () => {
    expect(parsePeriod('2024-13').ok).toBe(false);
  });
  it('period start', () => {
    expect(periodStart('2024-03')).toBe('2024-03-01');
    expect(periodStart('2024')).toBe('2024-01-01');
  });
  it('adds years, clamping 29 February', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2020-06-30', 20)).toBe('2040-06-30');
  });
  it('age', () => {
    expect(ageAt('1960-03-05', '2020-03-04')).toBe(59);
    expect(ageAt('1960-03-05', '2020-03-05')).toBe(60);
  });
});

describe('normaliser and zod schemas agree', () => {
  const def = DATASETS.find((d) => d.name === 'payments')!;
  const norm = compileNormalizer(def);
  const id = withCheck('37142619800101123');
  const raw = ['P1', 'F01', id, '张三', 'T01', 'V001', '2024-3', '2024/3/10', '1,200.00', '', 'A1', id, '张三'];
  it('normalises a good row to a record the zod schema accepts', () => {
    const r = norm(raw);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.record.amount).toBe(120000);
      expect(r.record.quantity).toBeNull();
      expect(schemas.payments.parse(r.record)).toEqual(r.record);
    }
  });
  it('lists every bad field', () => {
    const bad = [...raw];
    bad[2] = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    bad[7] = '2024-02-31';
    bad[8] = 'abc';
    bad[0] = '';
    const r = norm(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['payment_id', 'id_number', 'pay_date', 'amount']);
  });
});

describe('day numbers', () => {
  it('agree with Date for every day from 1900 to 2199', async () => {
    const { dayNumber, dateOfDayNumber } = await import('@sunshine/core');
    const start = Date.UTC(1900, 0, 1) / 86_400_000;
    const end = Date.UTC(2199, 11, 31) / 86_400_000;
    for (let n = start; n <= end; n++) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (dayNumber(iso) !== n || dateOfDayNumber(n) !== iso) throw new Error(`${iso}: ${dayNumber(iso)} ≠ ${n} or ${dateOfDayNumber(n)}`);
    }
  });
});

describe('text functions', () => {
  it('$substring counts characters, $trim collapses spaces', async () => {
    const { compileExpression } = await import('@sunshine/core');
    const env = { vars: {}, rt: { person: () => undefined } };
    const ev = (src: string) => compileExpression(src)({}, env);
    expect(ev('$substring("371426198001011234", 16, 1)')).toBe('3');
    expect(ev('$substring("abcdef", -2)')).toBe('ef');
    expect(ev('$substring("𠀋𠀌𠀍", 1, 1)')).toBe('𠀌');
    expect(ev('$trim("  张  三 ")')).toBe('张 三');
    expect(ev('$trim("张三")')).toBe('张三');
    expect(ev('$trim("张\t三")')).toBe('张 三');
  });
});
