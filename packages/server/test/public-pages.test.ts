/**
 * The public pages' API (#18): 公示 and 村务公开 without a session, the county's choice of
 * disclosed funds and fields, paging, the rate limit; every public answer scanned for a full ID
 * number, a registry name or a bank account of the data; and 认账 — a citizen confirms a
 * payment, idempotently, audited, counted for the statistics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerOf, startFixture, type Caller, type Fixture } from './server-fixture.js';

type Row = Record<string, string>;

function csv(dir: string, name: string): Row[] {
  const [head, ...lines] = readFileSync(join(dir, `${name}.csv`), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

interface DisclosureBody {
  village: { village_code: string; village_name: string };
  notice: { from: string; to: string; days: number };
  fields: string[];
  periods: string[];
  funds: { fund_code: string; period: string; recipients: number; payments: number; total: number }[];
  page: { page: number; page_size: number; total: number; pages: number; rows: Record<string, string | number>[] };
}

const V1 = '371426001201';

describe('public pages API', () => {
  let fx: Fixture;
  let funds: Row[];
  let payments: Row[];
  let persons: Row[];
  /** Every public response body, for the scan at the end. */
  const bodies: { url: string; body: string }[] = [];
  let pub: Caller;

  beforeAll(async () => {
    fx = await startFixture();
    funds = csv(fx.dir, 'funds');
    payments = csv(fx.dir, 'payments');
    persons = csv(fx.dir, 'persons');
    const raw = callerOf(fx.server, undefined);
    pub = {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- tests name the body type they expect
      get: async <T,>(url: string) => {
        const r = await fx.server.app.inject({ method: 'GET', url });
        bodies.push({ url, body: r.body });
        return { status: r.statusCode, body: JSON.parse(r.body) as T };
      },
      post: (url, payload) => raw.post(url, payload),
    };
  });
  afterAll(() => fx.close());

  const kindOf = (code: string) => funds.find((f) => f['fund_code'] === code)?.['kind'];

  it('answers 公示 without a session: disclosed funds only (no medical or disability fund), masked, paged, with the notice period', async () => {
    const r = await pub.get<DisclosureBody>(`/api/public/disclosures?village=${V1}`);
    expect(r.status).toBe(200);
    expect(r.body.funds.length).toBeGreaterThan(0);
    for (const f of r.body.funds) expect(['medical', 'disability']).not.toContain(kindOf(f.fund_code));
    // The data does pay withheld funds in this village: they are left out, not absent.
    expect(payments.some((p) => p['village_code'] === V1 && kindOf(p['fund_code']!) === 'medical')).toBe(true);
    expect(r.body.notice.days).toBe(7);
    expect(r.body.notice.to > r.body.notice.from).toBe(true);
    // Each fund's latest period in the village, with its recipients and total from the data.
    for (const f of r.body.funds) {
      const mine = payments.filter((p) => p['village_code'] === V1 && p['fund_code'] === f.fund_code);
      const latest = mine.map((p) => p['period']!).sort().at(-1);
      expect(f.period).toBe(latest);
      const inPeriod = mine.filter((p) => p['period'] === latest);
      expect(f.payments).toBe(inPeriod.length);
      expect(f.recipients).toBe(new Set(inPeriod.map((p) => p['id_number'])).size);
      expect(f.total).toBe(inPeriod.reduce((t, p) => t + Math.round(Number(p['amount']) * 100), 0));
    }
    const total = r.body.funds.reduce((t, f) => t + f.payments, 0);
    expect(r.body.page).toMatchObject({ page: 1, page_size: 20, total, pages: Math.ceil(total / 20) });
    expect(r.body.page.rows.length).toBe(Math.min(20, total));
    for (const row of r.body.page.rows) {
      expect(row['id_number']).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(row['name']).toMatch(/\*/);
      expect(Object.keys(row).sort()).toEqual(['amount', 'fund_code', 'id_number', 'name', 'pay_date', 'period']);
    }
    // Paging: the pages together hold every payment once.
    const seen: unknown[] = [];
    for (let page = 1; page <= Math.ceil(total / 50); page++) {
      const p = await pub.get<DisclosureBody>(`/api/public/disclosures?village=${V1}&page=${page}&page_size=50`);
      seen.push(...p.body.page.rows);
      if (page > 1) expect(p.body.page.rows.length).toBeGreaterThan(0);
    }
    expect(seen.length).toBe(total);
    // One fund alone.
    const one = r.body.funds[0]!;
    const f = await pub.get<DisclosureBody>(`/api/public/disclosures?village=${V1}&fund=${one.fund_code}&page_size=100`);
    expect(f.body.funds).toHaveLength(1);
    expect(f.body.page.rows.every((x) => x['fund_code'] === one.fund_code)).toBe(true);
    // An older period.
    const older = r.body.periods.find((p) => p < one.period);
    if (older) {
      const o = await pub.get<DisclosureBody>(`/api/public/disclosures?village=${V1}&period=${older}`);
      expect(o.status).toBe(200);
      expect(o.body.funds.every((x) => x.period === older)).toBe(true);
    }
  });

  it('serves /public and /citizen under the strict CSP, with nothing from outside the server and no pop-up', async () => {
    for (const url of ['/public', '/citizen', '/public.js', '/citizen.js', '/common.js', '/m.css']) {
      const r = await fx.server.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-security-policy'], url).toContain("default-src 'self'");
      // No external resource (an absolute URL or a protocol-relative one) and no alert/confirm/prompt/window.open.
      expect(r.body, url).not.toMatch(/https?:\/\/|["'(]\/\/[a-z]/i);
      expect(r.body, url).not.toMatch(/\b(alert|confirm|prompt)\(|window\.open/);
    }
  });

  it('refuses bad parameters with 400 naming them, an unknown village or undisclosed fund with 404', async () => {
    const bad = async (url: string, status: number, word: string) => {
      const r = await pub.get<{ error: { message: string } }>(url);
      expect(r.status, url).toBe(status);
      expect(r.body.error.message, url).toContain(word);
      expect(r.body.error.message).not.toMatch(/at .*\.ts/);
    };
    await bad('/api/public/disclosures', 400, '`village`');
    await bad('/api/public/disclosures?village=../x', 400, '`village`');
    await bad(`/api/public/disclosures?village=${V1}&page=0`, 400, 'page');
    await bad(`/api/public/disclosures?village=${V1}&page_size=1000`, 400, 'page_size');
    await bad(`/api/public/disclosures?village=${V1}&period=latest`, 400, '`period`');
    await bad(`/api/public/disclosures?village=${V1}&nonsense=1`, 400, 'additional properties');
    await bad('/api/public/disclosures?village=999999999999', 404, '999999999999');
    const medical = funds.find((f) => f['kind'] === 'medical')!['fund_code']!;
    await bad(`/api/public/disclosures?village=${V1}&fund=${medical}`, 404, 'not disclosed');
    await bad(`/api/public/ledger?village=${V1}&year=24`, 400, '`year`');
    await bad('/api/public/contracts', 400, '`village`');
  });

  it('answers 村务公开 without a session: ledger totals by month and category, contracts (a person masked), assets', async () => {
    const ledger = csv(fx.dir, 'collective_ledger').filter((l) => l['village_code'] === V1);
    const l = await pub.get<{ year: string; years: string[]; months: { month: string; income: number; expense: number }[]; categories: { category: string; direction: string; total: number }[]; income: number; expense: number }>(
      `/api/public/ledger?village=${V1}`,
    );
    expect(l.status).toBe(200);
    const year = ledger.map((x) => x['date']!.slice(0, 4)).sort().at(-1)!;
    expect(l.body.year).toBe(year);
    const fen = (x: Row) => Math.round(Number(x['amount']) * 100);
    const inYear = ledger.filter((x) => x['date']!.startsWith(year));
    expect(l.body.income).toBe(inYear.filter((x) => x['direction'] === 'income').reduce((t, x) => t + fen(x), 0));
    expect(l.body.expense).toBe(inYear.filter((x) => x['direction'] === 'expense').reduce((t, x) => t + fen(x), 0));
    expect(l.body.months.reduce((t, m) => t + m.income + m.expense, 0)).toBe(l.body.income + l.body.expense);
    expect(l.body.categories.reduce((t, c) => t + c.total, 0)).toBe(l.body.income + l.body.expense);
    for (const y of l.body.years) expect((await pub.get(`/api/public/ledger?village=${V1}&year=${y}`)).status).toBe(200);

    const contracts = csv(fx.dir, 'collective_contracts').filter((c) => c['village_code'] === V1);
    const c = await pub.get<{ contracts: { total: number; pages: number; rows: { contract_id: string; counterparty: string; counterparty_kind: string }[] } }>(`/api/public/contracts?village=${V1}&page_size=100`);
    expect(c.status).toBe(200);
    expect(c.body.contracts.total).toBe(contracts.length);
    for (const row of c.body.contracts.rows) {
      const src = contracts.find((x) => x['contract_id'] === row.contract_id)!;
      if (src['counterparty_id_number']) {
        expect(row.counterparty_kind).toBe('person');
        expect(row.counterparty).not.toBe(src['counterparty_name']);
        expect(row.counterparty).toMatch(/\*/);
      }
      if (src['counterparty_company_id']) expect(row.counterparty).toBe(src['counterparty_name']);
    }
    expect(c.body.contracts.rows.some((x) => x.counterparty_kind === 'person')).toBe(true);
    const a = await pub.get<{ assets: { total: number } }>(`/api/public/assets?village=${V1}`);
    expect(a.status).toBe(200);
    expect(a.body.assets.total).toBe(csv(fx.dir, 'collective_assets').filter((x) => x['village_code'] === V1).length);
  });

  it('never shows a full ID number, a registry name or a bank account in any public answer (every village, endpoint and page)', async () => {
    const villages = (await pub.get<{ village_code: string }[]>('/api/public/villages')).body;
    expect(villages.length).toBeGreaterThan(1);
    expect((await pub.get('/api/public/config')).status).toBe(200);
    for (const v of villages) {
      const d = await pub.get<DisclosureBody>(`/api/public/disclosures?village=${v.village_code}&page_size=100`);
      for (let p = 2; p <= d.body.page.pages; p++) await pub.get(`/api/public/disclosures?village=${v.village_code}&page_size=100&page=${p}`);
      for (const f of d.body.funds) await pub.get(`/api/public/disclosures?village=${v.village_code}&fund=${f.fund_code}&page_size=100`);
      for (const period of d.body.periods.slice(0, 6)) await pub.get(`/api/public/disclosures?village=${v.village_code}&period=${period}&page_size=100`);
      const l = await pub.get<{ years: string[] }>(`/api/public/ledger?village=${v.village_code}`);
      for (const y of l.body.years) await pub.get(`/api/public/ledger?village=${v.village_code}&year=${y}`);
      await pub.get(`/api/public/contracts?village=${v.village_code}&page_size=100`);
      await pub.get(`/api/public/assets?village=${v.village_code}&page_size=100`);
    }
    const ledger = csv(fx.dir, 'collective_ledger');
    const contracts = csv(fx.dir, 'collective_contracts');
    const ids = new Set([...persons.map((p) => p['id_number']!), ...payments.map((p) => p['account_holder_id_number']!), ...contracts.map((c) => c['counterparty_id_number']!), ...ledger.map((x) => x['counterparty_id_number']!)].filter(Boolean));
    const names = new Set([...persons.map((p) => p['name']!), ...payments.map((p) => p['account_holder_name']!), ...contracts.filter((c) => c['counterparty_id_number']).map((c) => c['counterparty_name']!)].filter(Boolean));
    const accounts = new Set([...payments.map((p) => p['bank_account']!), ...ledger.map((x) => x['counterparty_account']!)].filter(Boolean));
    expect(ids.size).toBeGreaterThan(100);
    expect(names.size).toBeGreaterThan(100);
    expect(accounts.size).toBeGreaterThan(100);
    expect(bodies.length).toBeGreaterThan(20);
    for (const { url, body } of bodies) {
      expect(body, url).not.toMatch(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/);
      for (const id of ids) expect(body.includes(id), `${url} shows ID ${id}`).toBe(false);
      for (const name of names) expect(body.includes(name), `${url} shows the name ${name}`).toBe(false);
      for (const account of accounts) expect(body.includes(account), `${url} shows the account ${account}`).toBe(false);
      expect(body).not.toMatch(/bank|account_holder|counterparty_id_number|counterparty_account/);
    }
  });

  it('a signed-in citizen’s /api/disclosures leaves out the same funds as the public one; staff still see every fund', async () => {
    const person = persons.find((p) => p['village_code'] === V1 && payments.some((x) => x['id_number'] === p['id_number']))!;
    const login = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: { id_number: person['id_number'], name: person['name'] } });
    const citizen = callerOf(fx.server, (JSON.parse(login.body) as { token: string }).token);
    const mine = await citizen.get<{ funds: { fund_code: string }[] }>(`/api/disclosures?village_code=${V1}`);
    expect(mine.status).toBe(200);
    expect(mine.body.funds.length).toBeGreaterThan(0);
    for (const f of mine.body.funds) expect(['medical', 'disability']).not.toContain(kindOf(f.fund_code));
    const staff = await (await fx.as('jw')).get<{ funds: { fund_code: string }[] }>(`/api/disclosures?village_code=${V1}`);
    expect(staff.body.funds.some((f) => kindOf(f.fund_code) === 'medical')).toBe(true);
  });

  it('a citizen confirms a payment (认账): idempotent, audited, shown in their acknowledgements, counted for staff; a disputed one cannot be confirmed', async () => {
    const person = persons.find((p) => payments.filter((x) => x['id_number'] === p['id_number']).length >= 2)!;
    const login = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: { id_number: person['id_number'], name: person['name'] } });
    expect(login.statusCode).toBe(200);
    const citizen = callerOf(fx.server, (JSON.parse(login.body) as { token: string }).token);
    const [p1, p2] = payments.filter((x) => x['id_number'] === person['id_number']);
    expect((await fx.anonymous.post('/api/citizen/confirmations', { payment_id: p1!['payment_id'] })).status).toBe(401);
    const first = await citizen.post<{ created: boolean; confirmation: { confirmed_at: string } }>('/api/citizen/confirmations', { payment_id: p1!['payment_id'] });
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    const again = await citizen.post<{ created: boolean; confirmation: { confirmed_at: string } }>('/api/citizen/confirmations', { payment_id: p1!['payment_id'] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, confirmation: first.body.confirmation });
    const other = payments.find((x) => x['id_number'] !== person['id_number'])!;
    expect((await citizen.post('/api/citizen/confirmations', { payment_id: other['payment_id'] })).status).toBe(404);
    expect((await citizen.post('/api/citizen/confirmations', {})).status).toBe(400);
    // Disputed, then confirmed: refused.
    expect((await citizen.post('/api/citizen/disputes', { payment_id: p2!['payment_id'], reason: '没有收到' })).status).toBe(201);
    expect((await citizen.post('/api/citizen/confirmations', { payment_id: p2!['payment_id'] })).status).toBe(409);
    const ack = await citizen.get<{ confirmations: { payment_id: string }[]; disputes: { payment_id: string }[] }>('/api/citizen/acknowledgements');
    expect(ack.body.confirmations.map((c) => c.payment_id)).toEqual([p1!['payment_id']]);
    expect(ack.body.disputes.map((c) => c.payment_id)).toEqual([p2!['payment_id']]);

    const jw = await fx.as('jw');
    const counts = await jw.get<{ confirmations: number; confirming_citizens: number; disputes: number; villages: { village_code: string; confirmations: number; disputes: number }[] }>('/api/citizen-feedback');
    expect(counts.status).toBe(200);
    expect(counts.body).toMatchObject({ confirmations: 1, confirming_citizens: 1, disputes: 1 });
    expect(counts.body.villages.find((v) => v.village_code === person['village_code'])).toMatchObject({ confirmations: 1, disputes: 1 });
    // The statistics (#17's GET /api/stats) carry the same counts in sections.citizens.
    const stats = await jw.get<{ sections: { citizens: unknown } }>('/api/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.sections.citizens).toEqual(counts.body);
    // A village account elsewhere counts nothing of it; a citizen may not read the counts.
    const elsewhere = person['village_code'] === '371426001201' ? 'v202' : 'v201';
    expect((await (await fx.as(elsewhere)).get<{ confirmations: number }>('/api/citizen-feedback')).body.confirmations).toBe(0);
    expect((await citizen.get('/api/citizen-feedback')).status).toBe(403);
    const audit = (await jw.get<{ action: string; target: string }[]>('/api/audit?limit=50')).body;
    expect(audit.filter((e) => e.action === 'payment.confirm')).toEqual([expect.objectContaining({ target: `payment:${p1!['payment_id']}` })]);
  });
});

describe('public pages: the county’s configuration and the rate limit', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ disclosure: { funds: ['MZ01', 'YB02'], fields: ['name', 'amount'], noticeDays: 10 }, publicPages: { rateLimits: { perWindow: 8 } } });
  });
  afterAll(() => fx.close());

  it('discloses exactly the named funds and fields, and limits each address', async () => {
    const r = await fx.server.app.inject({ method: 'GET', url: `/api/public/disclosures?village=${V1}` });
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body) as DisclosureBody;
    expect(body.funds.map((f) => f.fund_code).every((c) => c === 'MZ01' || c === 'YB02')).toBe(true);
    expect(body.fields).toEqual(['name', 'amount']);
    expect(body.notice.days).toBe(10);
    for (const row of body.page.rows) expect(Object.keys(row).sort()).toEqual(['amount', 'fund_code', 'name']);
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    let last = r;
    for (let i = 0; i < 8; i++) last = await fx.server.app.inject({ method: 'GET', url: `/api/public/assets?village=${V1}` });
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not limited by this one's requests.
    expect((await fx.server.app.inject({ method: 'GET', url: `/api/public/assets?village=${V1}`, remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
  });
});
