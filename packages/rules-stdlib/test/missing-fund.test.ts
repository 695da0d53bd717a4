/**
 * A county whose fund catalogue lacks one fund (27 departments send their data; such gaps are
 * normal): the payments to it are one data-quality entry naming the fund code, and the library
 * neither floods the report with findings about them nor renders a message with a blank where
 * the fund's name was. Before the rules required the fund where they read its attributes,
 * removing one fund turned `off-schedule-payment` from 0 findings into one per payment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createEngine, dataQualityReport, loadData, type Finding, type LoadedData } from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { generateCounty } from '@sunshine/gen';
import { loadStdlib } from '@sunshine/rules-stdlib';

const dir = mkdtempSync(path.join(tmpdir(), 'sunshine-missing-fund-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const GONE = 'MZ01';

function withoutFund(data: LoadedData, code: string): LoadedData {
  const tables = new Map(data.tables);
  tables.set('funds', (data.tables.get('funds') ?? []).filter((f) => f['fund_code'] !== code));
  return { ...data, tables };
}

const byKey = (findings: readonly Finding[]): Map<string, Finding> => new Map(findings.map((f) => [`${f.rule} ${f.key}`, f]));

it('a village missing one fund: one data-quality entry naming it, no new finding, no blank in a message', async () => {
  await generateCounty({ scale: 'village', seed: 3, out: dir });
  const data = await loadData(createFolderSource({ dir }));
  const gap = withoutFund(data, GONE);
  const paid = (data.tables.get('payments') ?? []).filter((p) => p['fund_code'] === GONE).length;
  expect(paid).toBeGreaterThan(100);

  const quality = dataQualityReport(gap);
  const broken = quality.references.filter((r) => r.level === 'broken' && r.dangling > 0);
  expect(broken.map((r) => [r.name, r.dangling, r.missing.map((m) => m.value)])).toEqual([['payments.fund_code → funds', paid, [GONE]]]);
  expect(quality.clean).toBe(false);
  expect(dataQualityReport(data).clean).toBe(true);

  const rules = await loadStdlib();
  const full = byKey((await createEngine({ rules, asOf: '2024-12-31' }).run(data)).findings);
  const less = byKey((await createEngine({ rules, asOf: '2024-12-31' }).run(gap)).findings);
  // Nothing is invented: every finding without the fund was a finding with it.
  expect([...less.keys()].filter((k) => !full.has(k))).toEqual([]);
  // No message has a blank where a value was missing; one about a payment to the fund names its code.
  const gonePayments = new Set((data.tables.get('payments') ?? []).filter((p) => p['fund_code'] === GONE).map((p) => p['payment_id']));
  for (const [k, f] of less) {
    expect(f.message.en, k).not.toMatch(/ {2}|\(\)| ,/);
    expect(f.message.zh, k).not.toContain('（）');
    if (gonePayments.has(f.key)) {
      expect(f.message.zh, k).toContain(`${GONE}（资金目录无此项）`);
      expect(f.message.en, k).toContain(`fund ${GONE} (not in the fund catalogue)`);
    }
  }
});
