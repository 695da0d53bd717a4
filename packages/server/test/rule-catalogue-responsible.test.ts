// The rule catalogue (GET /api/rules) says who verifies each rule's alerts here: the county's
// `--responsible` override, else the rule's own level (三资 rules → town, others → department).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleInfo } from '../src/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

let fx: Fixture;

beforeAll(async () => {
  fx = await startFixture({ run: false, responsible: { 'deceased-payee': 'village', 'category:contract': 'department' } });
});

afterAll(async () => {
  await fx.close();
});

describe('GET /api/rules: responsible', () => {
  it("gives each rule's level, the county's overrides included", async () => {
    const rules = (await (await fx.as('jw')).get<RuleInfo[]>('/api/rules')).body;
    const level = (id: string): string | undefined => rules.find((r) => r.id === id)?.responsible;
    expect(level('cadre-related-expense')).toBe('town'); // over collective_ledger (三资)
    expect(level('shared-account')).toBe('department');
    expect(level('deceased-payee')).toBe('village'); // by rule id
    const contract = rules.filter((r) => r.category === 'contract');
    expect(contract.length).toBeGreaterThan(0);
    expect(contract.every((r) => r.responsible === 'department')).toBe(true); // by category
    expect(rules.every((r) => ['department', 'town', 'village'].includes(r.responsible))).toBe(true);
  });
});
