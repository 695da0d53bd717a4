/**
 * Who verifies an alert: the rule's own `responsible`, else 三资 rules → town, else the
 * department; the county's overrides win; a finding without a town (village) code goes to
 * the department.
 */
import type { Rule } from '@sunshine/core';
import { describe, expect, it } from 'vitest';
import { parseResponsible, responsibleLevels } from '../src/service/responsibility.js';

const rule = (id: string, dataset: string, responsible?: 'department' | 'town' | 'village'): Rule =>
  ({ id, category: 'finance', subject: { dataset }, ...(responsible ? { responsible } : {}) }) as unknown as Rule;

const finding = (rule: string, town: string | null = '371426001', village: string | null = '371426001001') => ({ rule, category: 'finance' as const, town_code: town, village_code: village });

describe('responsible level', () => {
  const rules = [
    rule('books-default', 'collective_ledger'),
    rule('payments-default', 'payments'),
    rule('payments-to-village', 'payments', 'village'),
    rule('books-to-department', 'collective_contracts', 'department'),
    rule('payments-to-town', 'payments', 'town'),
  ];

  it("follows the rule's `responsible`, else the subject dataset", () => {
    const level = responsibleLevels(rules);
    expect(level(finding('books-default'))).toBe('town');
    expect(level(finding('payments-default'))).toBe('department');
    expect(level(finding('payments-to-village'))).toBe('village');
    expect(level(finding('books-to-department'))).toBe('department');
    expect(level(finding('payments-to-town'))).toBe('town');
  });

  it('a finding without the code of its level goes to the department', () => {
    const level = responsibleLevels(rules);
    expect(level(finding('payments-to-town', null, null))).toBe('department');
    expect(level(finding('payments-to-village', '371426001', null))).toBe('department');
  });

  it("the county's overrides (by rule, then by category) win over the rule", () => {
    const level = responsibleLevels(rules, parseResponsible(['payments-to-village=department', 'category:finance=town']));
    expect(level(finding('payments-to-village'))).toBe('department');
    expect(level(finding('books-to-department'))).toBe('town');
  });
});
