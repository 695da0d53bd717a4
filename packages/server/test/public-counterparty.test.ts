/**
 * How a contract's counterparty appears on the public pages (#18): a person masked, an
 * organisation named, an ID number in the name field masked as an ID number.
 */
import { describe, expect, it } from 'vitest';
import { publicCounterparty } from '../src/service/public-disclosure.js';

describe('publicCounterparty', () => {
  it.each([
    [{ counterparty_name: '彭杰树', counterparty_id_number: '371426196407273113' }, '彭*树', 'person'],
    [{ counterparty_name: '冯宁' }, '冯*', 'person'],
    [{ counterparty_name: '德州市惠民农业专业合作社' }, '德州市惠民农业专业合作社', 'organisation'],
    [{ counterparty_name: '某某商贸', counterparty_company_id: '91371426MA3XXXXX1X' }, '某某商贸', 'organisation'],
    // A company name is not trusted when an ID number says it is a person.
    [{ counterparty_name: '张三养殖场', counterparty_id_number: '371426196407273113' }, '张***场', 'person'],
    [{ counterparty_name: '371426196407273113' }, '371426********3113', 'person'],
    [{ counterparty_name: '王小明371426196407273113' }, '王*明371426********3113', 'person'],
  ])('%j → %s (%s)', (rec, name, kind) => {
    expect(publicCounterparty(rec)).toEqual({ name, kind });
  });
});
