import type { Payment, Fund } from '@sunshine/core';
const p: Payment = {} as Payment;
const a: number = p.amount;
const q: number | null = p.quantity;
const k: Fund['kind'] = 'means_tested';
// @ts-expect-error amount is a number
const bad: string = p.amount;
export { a, q, k, bad };
