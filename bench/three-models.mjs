// The three core models (deceased-payee, shared-account, exclusive-benefits) four ways on the
// same generated county: our engine, a hand-written single pass over the same loaded records,
// json-rules-engine used the natural way (an engine run per payment, on a sample, extrapolated)
// and DuckDB SQL over the same CSV files. Every way must report the same keys.
// Usage: node bench/three-models.mjs DIR → prints one JSON line.
import path from 'node:path';
import { Engine as JreEngine } from 'json-rules-engine';
import { DuckDBInstance } from '@duckdb/node-api';
import { core, load, stdlibRules } from './bench-lib.mjs';

const dir = process.argv[2];
const IDS = ['deceased-payee', 'shared-account', 'exclusive-benefits'];
const best = (f, n = 3) => {
  let ms = Infinity;
  let out;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    out = f();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, out };
};
const keysOf = (list) => [...new Set(list)].sort();
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

const { data } = await load(dir);
const payments = data.tables.get('payments');
const rules = (await stdlibRules()).filter((r) => IDS.includes(r.id));
const engine = core.createEngine({ rules, asOf: '2024-12-31' });

// ---- our engine (three rules only, shared indexes built inside the timing)
const eng = best(() => {
  const r = engine.runSync(data);
  return Object.fromEntries(IDS.map((id) => [id, keysOf(r.findings.filter((f) => f.rule === id).map((f) => f.key))]));
});

// ---- hand-written single pass
const periodStart = (p) => (p.length === 4 ? `${p}-01-01` : `${p}-01`);
const hand = best(() => {
  const deaths = new Map();
  for (const d of data.tables.get('deaths')) {
    const prev = deaths.get(d.id_number);
    if (prev === undefined || d.death_date < prev) deaths.set(d.id_number, d.death_date);
  }
  const household = new Map();
  for (const p of data.tables.get('persons')) household.set(p.id_number, p.household_id);
  const group = new Map();
  for (const f of data.tables.get('funds')) if (f.exclusive_group !== null) group.set(f.fund_code, f.exclusive_group);
  const deceased = [];
  const accounts = new Map();
  const exclusive = new Map();
  for (const p of payments) {
    const d = deaths.get(p.id_number);
    if (d !== undefined && d < periodStart(p.period)) deceased.push(p.payment_id);
    let ids = accounts.get(p.bank_account);
    if (!ids) accounts.set(p.bank_account, (ids = new Set()));
    ids.add(p.id_number);
    const g = group.get(p.fund_code);
    if (g !== undefined) {
      const k = `${p.id_number}|${g}|${p.period}`;
      let funds = exclusive.get(k);
      if (!funds) exclusive.set(k, (funds = new Set()));
      funds.add(p.fund_code);
    }
  }
  const shared = [];
  for (const [acct, ids] of accounts) {
    if (ids.size < 3) continue;
    const hs = new Set();
    for (const id of ids) hs.add(household.get(id) ?? `~${id}`);
    if (hs.size >= 2) shared.push(acct);
  }
  const excl = [];
  for (const [k, funds] of exclusive) if (funds.size >= 2) excl.push(k);
  return { 'deceased-payee': keysOf(deceased), 'shared-account': keysOf(shared), 'exclusive-benefits': keysOf(excl) };
}, 3);

// ---- json-rules-engine, one engine run per payment (facts backed by hash maps), on a sample
const SAMPLE = Math.min(20_000, payments.length);
const jre = await (async () => {
  const deaths = new Map();
  for (const d of data.tables.get('deaths')) {
    const prev = deaths.get(d.id_number);
    if (prev === undefined || d.death_date < prev) deaths.set(d.id_number, d.death_date);
  }
  const household = new Map(data.tables.get('persons').map((p) => [p.id_number, p.household_id]));
  const funds = new Map(data.tables.get('funds').map((f) => [f.fund_code, f]));
  const byAccount = new Map();
  const byGroup = new Map();
  for (const p of payments) {
    (byAccount.get(p.bank_account) ?? byAccount.set(p.bank_account, []).get(p.bank_account)).push(p);
    const g = funds.get(p.fund_code)?.exclusive_group;
    if (g) {
      const k = `${p.id_number}|${g}|${p.period}`;
      (byGroup.get(k) ?? byGroup.set(k, []).get(k)).push(p);
    }
  }
  const e = new JreEngine([], { allowUndefinedFacts: true });
  e.addOperator('dateBefore', (a, b) => typeof a === 'string' && typeof b === 'string' && a < b);
  e.addRule({ name: 'deceased-payee', conditions: { all: [{ fact: 'deathDate', operator: 'dateBefore', value: { fact: 'periodStart' } }] }, event: { type: 'deceased-payee' } });
  e.addRule({ name: 'shared-account', conditions: { all: [{ fact: 'accountPersons', operator: 'greaterThanInclusive', value: 3 }, { fact: 'accountHouseholds', operator: 'greaterThanInclusive', value: 2 }] }, event: { type: 'shared-account' } });
  e.addRule({ name: 'exclusive-benefits', conditions: { all: [{ fact: 'groupFunds', operator: 'greaterThanInclusive', value: 2 }] }, event: { type: 'exclusive-benefits' } });
  e.addFact('deathDate', (_p, a) => a.factValue('payment').then((p) => deaths.get(p.id_number)));
  e.addFact('periodStart', (_p, a) => a.factValue('payment').then((p) => periodStart(p.period)));
  e.addFact('accountPersons', (_p, a) => a.factValue('payment').then((p) => new Set(byAccount.get(p.bank_account).map((x) => x.id_number)).size));
  e.addFact('accountHouseholds', (_p, a) =>
    a.factValue('payment').then((p) => new Set(byAccount.get(p.bank_account).map((x) => household.get(x.id_number) ?? `~${x.id_number}`)).size),
  );
  e.addFact('groupFunds', (_p, a) =>
    a.factValue('payment').then((p) => {
      const g = funds.get(p.fund_code)?.exclusive_group;
      return g ? new Set(byGroup.get(`${p.id_number}|${g}|${p.period}`).map((x) => x.fund_code)).size : 0;
    }),
  );
  const t = performance.now();
  let events = 0;
  for (let i = 0; i < SAMPLE; i++) {
    const r = await e.run({ payment: payments[Math.floor((i * payments.length) / SAMPLE)] });
    events += r.events.length;
  }
  const ms = performance.now() - t;
  return { sampleMs: ms, sample: SAMPLE, extrapolatedMs: (ms * payments.length) / SAMPLE, events };
})();

// ---- DuckDB over the same CSV files (reading the CSVs is inside the timing)
const duck = await (async () => {
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await inst.connect();
  const csv = (name) => `read_csv('${path.join(dir, `${name}.csv`)}', header = true, all_varchar = true)`;
  const q = {
    'deceased-payee': `SELECT p.payment_id AS k FROM ${csv('payments')} p JOIN (SELECT id_number, min(death_date) AS d FROM ${csv('deaths')} GROUP BY 1) d USING (id_number)
       WHERE d.d < CASE WHEN length(p.period) = 4 THEN p.period || '-01-01' ELSE p.period || '-01' END`,
    'shared-account': `SELECT p.bank_account AS k FROM ${csv('payments')} p LEFT JOIN ${csv('persons')} pe USING (id_number)
       GROUP BY 1 HAVING count(DISTINCT p.id_number) >= 3 AND count(DISTINCT coalesce(pe.household_id, '~' || p.id_number)) >= 2`,
    'exclusive-benefits': `SELECT p.id_number || '|' || f.exclusive_group || '|' || p.period AS k FROM ${csv('payments')} p JOIN ${csv('funds')} f USING (fund_code)
       WHERE f.exclusive_group IS NOT NULL AND f.exclusive_group <> '' GROUP BY p.id_number, f.exclusive_group, p.period HAVING count(DISTINCT p.fund_code) >= 2`,
  };
  let ms = Infinity;
  let out;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = {};
    for (const [id, sql] of Object.entries(q)) r[id] = keysOf((await con.runAndReadAll(sql)).getRows().map((row) => String(row[0])));
    ms = Math.min(ms, performance.now() - t);
    out = r;
  }
  return { ms, out };
})();

const agree = IDS.every((id) => same(eng.out[id], hand.out[id]) && same(eng.out[id], duck.out[id]));
console.log(
  JSON.stringify({
    dir,
    payments: payments.length,
    findings: Object.fromEntries(IDS.map((id) => [id, eng.out[id].length])),
    agree,
    engineMs: Math.round(eng.ms),
    handMs: Math.round(hand.ms),
    jre: { sample: jre.sample, sampleMs: Math.round(jre.sampleMs), extrapolatedMs: Math.round(jre.extrapolatedMs) },
    duckdbMs: Math.round(duck.ms),
  }),
);
if (!agree) {
  for (const id of IDS) console.error(id, eng.out[id].length, hand.out[id].length, duck.out[id].length);
  process.exitCode = 1;
}
