import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { setup } from '../src/setup.js';
import { msUntil } from '../src/schedule-nightly.js';

const dir = mkdtempSync(join(tmpdir(), 'sunshine-example-embed-'));
const file = join(dir, 'county.db');

beforeAll(async () => {
  const out: string[] = [];
  expect(await setup(['--db', file, '--scale', 'tiny'], (l) => out.push(l))).toBe(0);
  expect(out.join('\n')).toMatch(/subsidy_payments +\d{4} rows/);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/embed-county-system', () => {
  it('runs the library nightly over SQLite and screens each new application before payment', async () => {
    const out: string[] = [];
    expect(await main(['--db', file, '--once'], (l) => out.push(l))).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^nightly run \(asOf 2024-12-31\): [\d,]+ records loaded in \d+ ms, 0 rejected; \d+ rules run, \d+ skipped; \d+ findings/m);
    // The planted cases of the generated county are found by the nightly run.
    for (const rule of ['deceased-payee', 'duplicate-payment', 'shared-account', 'cadre-related-contract']) expect(text).toMatch(new RegExp(`^  ${rule} +\\d+$`, 'm'));
    // The three applications: clean, to a dead person, a second payment of a month.
    expect(text).toMatch(/APP-0001 {2}APPROVED +\d+ μs/);
    expect(text).toMatch(/APP-0002 {2}HELD +\d+ μs[^\n]*\n {6}deceased-payee \[high\] .+已于\d{4}-\d{2}-\d{2}死亡/);
    expect(text).toMatch(/APP-0003 {2}HELD +\d+ μs[^\n]*\n {6}duplicate-payment \[high\] .+发放了2次/);
    expect(text).toMatch(/screening time per record: mean \d+ μs, max \d+ μs/);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT payment_id, status FROM applications ORDER BY payment_id').all()).toEqual([
        { payment_id: 'APP-0001', status: 'approved' },
        { payment_id: 'APP-0002', status: 'held' },
        { payment_id: 'APP-0003', status: 'held' },
      ]);
      expect(db.prepare("SELECT rule FROM screening_findings WHERE payment_id = 'APP-0003'").pluck().all()).toEqual(['duplicate-payment']);
      expect(db.prepare('SELECT count(*) FROM nightly_findings').pluck().get()).toBeGreaterThan(30);
    } finally {
      db.close();
    }
  });

  it('as a service, screens an application that arrives while it runs, then stops', async () => {
    const out: string[] = [];
    const stop = new AbortController();
    const running = main(['--db', file, '--poll', '0.05'], (l) => out.push(l), stop.signal);
    await expect.poll(() => out.some((l) => l.startsWith('next nightly run at')), { timeout: 20_000 }).toBe(true);
    const db = new Database(file);
    const paid = db.prepare("SELECT * FROM subsidy_payments WHERE id_number IN (SELECT id_number FROM deaths) LIMIT 1").get() as Record<string, string | null>;
    const columns = Object.keys(paid);
    db.prepare(`INSERT INTO applications (${columns.join(', ')}, what) VALUES (${columns.map(() => '?').join(', ')}, ?)`).run(
      ...columns.map((c) => (c === 'payment_id' ? 'APP-0100' : c === 'period' ? '2025-02' : c === 'pay_date' ? '2025-02-10' : paid[c])),
      'arrived while running',
    );
    db.close();
    await expect.poll(() => out.join('\n'), { timeout: 10_000 }).toMatch(/APP-0100 {2}HELD[^\n]*\n {6}deceased-payee/);
    stop.abort();
    expect(await running).toBe(0);
  });

  it('schedules the nightly run for the next occurrence of its time', () => {
    const now = new Date(2024, 11, 31, 1, 30);
    expect(msUntil('02:00', now)).toBe(30 * 60 * 1000);
    expect(msUntil('01:00', now)).toBe(23.5 * 60 * 60 * 1000);
    expect(() => msUntil('2am', now)).toThrow(/hh:mm/);
  });
});
