/**
 * 四管一督 on every endpoint: each role (discipline commission, three county departments, a
 * town, two villages, two citizens of different villages, nobody) calls every endpoint of the
 * OpenAPI document, and no row outside the caller's jurisdiction comes back — including a
 * citizen asking for another person's ID number.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSummary, Disclosure, PaymentView } from '../src/index.js';
import { callerOf, startFixture, type Caller, type Fixture } from './server-fixture.js';

interface Who {
  readonly label: string;
  readonly role: 'discipline' | 'department' | 'town' | 'village' | 'citizen' | 'anonymous';
  readonly caller: Caller;
  readonly department?: string;
  readonly town?: string;
  readonly village?: string;
  readonly idNumber?: string;
}

interface Person {
  id_number: string;
  name: string;
  village_code: string;
  town_code: string;
}

function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

/** Whether an alert is within `who`'s jurisdiction. */
function seesAlert(who: Who, a: AlertSummary): boolean {
  switch (who.role) {
    case 'discipline':
      return true;
    case 'department':
      return a.department_code === who.department;
    case 'town':
      return a.town_code === who.town;
    case 'village':
      return a.village_code === who.village;
    case 'citizen':
      return a.source === 'dispute' && a.id_number === who.idNumber;
    case 'anonymous':
      return false;
  }
}

/** Whether a payment (with names) is within `who`'s jurisdiction. */
function seesPayment(who: Who, p: PaymentView): boolean {
  switch (who.role) {
    case 'discipline':
      return true;
    case 'department':
      return p.department_code === who.department;
    case 'town':
      return p.town_code === who.town;
    case 'village':
      return p.village_code === who.village;
    case 'citizen':
      return p.id_number === who.idNumber;
    case 'anonymous':
      return false;
  }
}

describe('jurisdiction on every endpoint', () => {
  let fx: Fixture;
  let everyone: Who[];
  let all: AlertSummary[];
  let personA: Person;
  let personB: Person;
  let personA2: Person;
  let paymentsOf: Map<string, PaymentView[]>;

  beforeAll(async () => {
    fx = await startFixture();
    const persons = readCsv(join(fx.dir, 'persons.csv')) as unknown as Person[];
    const payments = readCsv(join(fx.dir, 'payments.csv'));
    const payees = new Set(payments.map((p) => p['id_number']));
    const mzPayees = new Set(payments.filter((p) => p['fund_code']!.startsWith('MZ')).map((p) => p['id_number']));
    personA = persons.find((p) => p.village_code === '371426001201' && mzPayees.has(p.id_number))!;
    personB = persons.find((p) => p.village_code === '371426001202' && payees.has(p.id_number))!;
    personA2 = persons.find((p) => p.village_code === personA.village_code && p.id_number !== personA.id_number && payees.has(p.id_number))!;
    const citizen = async (p: Person): Promise<Caller> => {
      const r = await fx.anonymous.post<{ token: string }>('/api/auth/citizen', { id_number: p.id_number, name: p.name });
      expect(r.status).toBe(200);
      return callerOf(fx.server, r.body.token);
    };
    const cA = await citizen(personA);
    const cB = await citizen(personB);
    everyone = [
      { label: 'discipline jw', role: 'discipline', caller: await fx.as('jw') },
      { label: 'department MZ', role: 'department', department: 'MZ', caller: await fx.as('mz') },
      { label: 'department RS', role: 'department', department: 'RS', caller: await fx.as('rs') },
      { label: 'department NY', role: 'department', department: 'NY', caller: await fx.as('ny') },
      { label: 'town 371426001', role: 'town', town: '371426001', caller: await fx.as('town1') },
      { label: 'town 371426002', role: 'town', town: '371426002', caller: await fx.as('town2') },
      { label: 'village 201', role: 'village', village: '371426001201', town: '371426001', caller: await fx.as('v201') },
      { label: 'village 202', role: 'village', village: '371426001202', town: '371426001', caller: await fx.as('v202') },
      { label: 'citizen A (201)', role: 'citizen', idNumber: personA.id_number, village: personA.village_code, caller: cA },
      { label: 'citizen B (202)', role: 'citizen', idNumber: personB.id_number, village: personB.village_code, caller: cB },
      { label: 'anonymous', role: 'anonymous', caller: fx.anonymous },
    ];
    // Citizen A disputes one of their payments: the only alert a citizen may see.
    const own = (await cA.get<PaymentView[]>('/api/citizen/payments')).body;
    const mzPayment = own.find((p) => p.department_code === 'MZ')!;
    const d = await cA.post('/api/citizen/disputes', { payment_id: mzPayment.payment_id, reason: '本人从未收到这笔钱' });
    expect(d.status).toBe(201);
    all = (await everyone[0]!.caller.get<{ alerts: AlertSummary[] }>('/api/alerts?limit=500')).body.alerts;
    paymentsOf = new Map();
    for (const p of [personA, personB, personA2]) paymentsOf.set(p.id_number, (await everyone[0]!.caller.get<PaymentView[]>(`/api/people/${p.id_number}/payments`)).body);
    expect(all.some((a) => a.source === 'dispute')).toBe(true);
  });
  afterAll(() => fx.close());

  const label = (w: Who): string => w.label;
  const each = <T>(fn: (w: Who) => Promise<T>) => async () => {
    for (const w of everyone) await fn(w);
  };
  const inScope = (w: Who) => all.filter((a) => seesAlert(w, a));

  it('covers every endpoint of the OpenAPI document, each with its roles', async () => {
    const doc = (await fx.anonymous.get<{ paths: Record<string, Record<string, { 'x-roles': string[] }>> }>('/openapi.json')).body;
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => `${m.toUpperCase()} ${path} ${op['x-roles'].join(',')}`));
    expect(ops.sort()).toEqual(
      [
        'GET /healthz public',
        'POST /api/auth/login public',
        'POST /api/auth/citizen public',
        'POST /api/auth/logout party,discipline,department,town,village,citizen',
        'GET /api/me party,discipline,department,town,village,citizen',
        'GET /api/alerts party,discipline,department,town,village,citizen',
        'GET /api/alerts/facets party,discipline,department,town,village,citizen',
        'GET /api/alerts/{id} party,discipline,department,town,village,citizen',
        'GET /api/alerts/{id}/explain party,discipline,department,town,village',
        'POST /api/alerts/{id}/transitions discipline,department,town,village',
        'GET /api/alerts/{id}/attachments/{attachmentId} party,discipline,department,town,village,citizen',
        'GET /api/rules party,discipline,department,town,village,citizen',
        'POST /api/rules/validate discipline',
        'POST /api/rules/custom discipline',
        'GET /api/rules/custom/{id}/versions party,discipline,department,town,village',
        'POST /api/rules/custom/{id}/enabled discipline',
        'POST /api/imports discipline',
        'POST /api/imports/upload discipline',
        'GET /api/imports discipline,party',
        'POST /api/runs discipline',
        'GET /api/runs party,discipline,department,town,village',
        'GET /api/runs/{id} party,discipline,department,town,village',
        'POST /api/escalations discipline',
        'GET /api/people/{id_number}/payments party,discipline,department,town,village,citizen',
        'GET /api/citizen/payments citizen',
        'POST /api/citizen/disputes citizen',
        'GET /api/disclosures party,discipline,department,town,village,citizen',
        'GET /api/audit discipline,party',
        'GET /api/audit/verify discipline,party',
        'GET /api/users discipline,party',
        'POST /api/users discipline',
        'GET /api/stats party,discipline,department,town,village',
        'GET /api/stats.xlsx party,discipline,department,town,village',
        'POST /api/views public',
        'GET /api/public/config public',
        'GET /api/public/villages public',
        'GET /api/public/disclosures public',
        'GET /api/public/ledger public',
        'GET /api/public/contracts public',
        'GET /api/public/assets public',
        'POST /api/citizen/confirmations citizen',
        'GET /api/citizen/acknowledgements citizen',
        'GET /api/citizen-feedback party,discipline,department,town,village',
      ].sort(),
    );
    // Every operation documents its errors.
    for (const methods of Object.values(doc.paths)) for (const op of Object.values(methods) as { responses: Record<string, unknown>; 'x-roles': string[] }[]) if (!op['x-roles'].includes('public')) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it(
    'GET /api/alerts returns exactly the alerts within the jurisdiction, whatever the filters',
    each(async (w) => {
      const r = await w.caller.get<{ total: number; alerts: AlertSummary[] }>('/api/alerts?limit=500');
      if (w.role === 'anonymous') return expect(r.status).toBe(401);
      expect(r.status, label(w)).toBe(200);
      expect(r.body.alerts.every((a) => seesAlert(w, a)), label(w)).toBe(true);
      expect(r.body.alerts.map((a) => a.id).sort(), label(w)).toEqual(inScope(w).map((a) => a.id).sort());
      // Filters narrow; they never widen.
      for (const q of ['department_code=RS', 'department_code=MZ', 'village_code=371426001202', 'town_code=999999999', 'state=pushed']) {
        const f = await w.caller.get<{ alerts: AlertSummary[] }>(`/api/alerts?limit=500&${q}`);
        expect(f.body.alerts.every((a) => seesAlert(w, a)), `${label(w)} ${q}`).toBe(true);
      }
    }),
  );

  it(
    'GET /api/alerts/facets offers only values within the jurisdiction',
    each(async (w) => {
      const r = await w.caller.get<Record<string, { value: string; count: number }[]> & { villages: { village_code: string }[]; departments: { department_code: string }[] }>('/api/alerts/facets');
      if (w.role === 'anonymous') return expect(r.status).toBe(401);
      const mine = inScope(w);
      for (const col of ['category', 'town_code', 'village_code', 'department_code', 'state', 'severity'] as const) {
        const expected = new Map<string, number>();
        for (const a of mine) {
          const v = col === 'town_code' ? a.town_code : col === 'village_code' ? a.village_code : col === 'department_code' ? a.department_code : a[col];
          if (v !== null) expected.set(v, (expected.get(v) ?? 0) + 1);
        }
        expect(Object.fromEntries(r.body[col]!.map((f) => [f.value, f.count])), `${label(w)} ${col}`).toEqual(Object.fromEntries(expected));
      }
      if (w.role === 'village' || w.role === 'citizen') expect(r.body.villages.map((v) => v.village_code)).toEqual([w.village]);
      if (w.role === 'department') expect(r.body.departments.map((d) => d.department_code)).toEqual([w.department]);
      if (w.role === 'citizen') expect(r.body.departments).toEqual([]);
    }),
  );

  it(
    'GET /api/alerts/{id}: 200 within the jurisdiction, 404 outside it, for every alert',
    each(async (w) => {
      for (const a of all) {
        const r = await w.caller.get<{ id: string }>(`/api/alerts/${a.id}`);
        const expected = w.role === 'anonymous' ? 401 : seesAlert(w, a) ? 200 : 404;
        expect(r.status, `${label(w)} alert #${a.seq}`).toBe(expected);
        if (w.role === 'citizen' && r.status === 200) expect(JSON.stringify(r.body)).not.toMatch(/account|6230580/);
      }
    }),
  );

  it(
    'GET /api/alerts/{id}/explain and POST …/transitions: none outside the jurisdiction',
    each(async (w) => {
      const inside = all.find((a) => a.source === 'engine' && seesAlert(w, a));
      const outside = all.find((a) => a.source === 'engine' && !seesAlert(w, a));
      for (const [a, visible] of [
        [inside, true],
        [outside, false],
      ] as const) {
        if (!a) continue;
        const explain = await w.caller.get(`/api/alerts/${a.id}/explain`);
        const comment = await w.caller.post(`/api/alerts/${a.id}/transitions`, { action: 'comment', reason: '查看' });
        const attachment = await w.caller.get(`/api/alerts/${a.id}/attachments/none`);
        if (w.role === 'anonymous') {
          expect([explain.status, comment.status, attachment.status]).toEqual([401, 401, 401]);
        } else if (w.role === 'citizen') {
          expect([explain.status, comment.status, attachment.status], label(w)).toEqual([403, 403, 404]);
        } else {
          expect([explain.status, comment.status, attachment.status], `${label(w)} #${a.seq}`).toEqual(visible ? [200, 200, 404] : [404, 404, 404]);
        }
      }
    }),
  );

  it(
    "GET /api/people/{id}/payments: payments within the jurisdiction; a citizen only their own, never another person's",
    each(async (w) => {
      for (const p of [personA, personB, personA2]) {
        const r = await w.caller.get<PaymentView[]>(`/api/people/${p.id_number}/payments`);
        if (w.role === 'anonymous') {
          expect(r.status).toBe(401);
          continue;
        }
        if (w.role === 'citizen' && p.id_number !== w.idNumber) {
          expect(r.status, `${label(w)} asking for ${p.name}`).toBe(403);
          expect(JSON.stringify(r.body)).not.toContain(p.id_number.slice(6, 14));
          continue;
        }
        expect(r.status, label(w)).toBe(200);
        expect(r.body.every((x) => seesPayment(w, x)), label(w)).toBe(true);
        expect(r.body.length, label(w)).toBe(paymentsOf.get(p.id_number)!.filter((x) => seesPayment(w, x)).length);
        expect(JSON.stringify(r.body)).not.toMatch(/bank_account|6230580/);
      }
      const own = await w.caller.get<PaymentView[]>('/api/citizen/payments');
      if (w.role === 'citizen') {
        expect(own.body.length).toBeGreaterThan(0);
        expect(own.body.every((x) => x.id_number === w.idNumber)).toBe(true);
      } else expect(own.status).toBe(w.role === 'anonymous' ? 401 : 403);
    }),
  );

  it(
    "GET /api/disclosures: a citizen their own village's only; staff within the jurisdiction; always masked",
    each(async (w) => {
      for (const village of ['371426001201', '371426001202']) {
        const r = await w.caller.get<Disclosure>(`/api/disclosures?village_code=${village}`);
        if (w.role === 'anonymous') {
          expect(r.status).toBe(401);
          continue;
        }
        if (w.role === 'citizen' && village !== w.village) {
          expect(r.status, label(w)).toBe(403);
          continue;
        }
        expect(r.status, label(w)).toBe(200);
        const rows = r.body.funds.flatMap((f) => f.payments.map((p) => ({ ...p, fund: f })));
        if (w.role === 'department') expect(r.body.funds.every((f) => f.department_code === w.department), label(w)).toBe(true);
        const villageInScope = w.role === 'discipline' || w.role === 'department' || (w.role === 'town' && w.town === '371426001') || village === w.village;
        if (!villageInScope) expect(rows, `${label(w)} ${village}`).toEqual([]);
        else if (w.role !== 'department') expect(rows.length, `${label(w)} ${village}`).toBeGreaterThan(0);
        for (const p of rows) {
          expect(p.id_number).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
          expect(p.name).toMatch(/\*/);
        }
        expect(JSON.stringify(r.body)).not.toMatch(/6230580|bank/);
      }
    }),
  );

  it(
    'GET /api/public/…: the same answer for everyone, signed in or not, always masked, never a bank account (#18)',
    each(async (w) => {
      // One village a caller (the public routes are rate limited per address, and these all come from one).
      const village = w.village ?? '371426001202';
      {
        for (const path of ['disclosures', 'ledger', 'contracts', 'assets']) {
          const r = await w.caller.get(`/api/public/${path}?village=${village}`);
          const anon = await fx.server.app.inject({ method: 'GET', url: `/api/public/${path}?village=${village}`, remoteAddress: '192.0.2.7' }).then((x) => ({ body: JSON.parse(x.body) as unknown }));
          expect(r.status, `${label(w)} ${path}`).toBe(200);
          expect(r.body, `${label(w)} ${path}`).toEqual(anon.body);
          const text = JSON.stringify(r.body);
          expect(text).not.toMatch(/(?<![\dA-Za-z])\d{17}[\dX](?![\dA-Za-z])|6230580|bank/);
          for (const p of [personA, personB, personA2]) expect(text).not.toContain(p.name.length > 1 ? p.name : p.id_number);
        }
      }
    }),
  );

  it(
    'discipline-only and staff-only endpoints refuse the other roles',
    each(async (w) => {
      const expectStatus = (status: number, allowed: boolean, what: string): void => {
        expect(status, `${label(w)} ${what}`).toBe(w.role === 'anonymous' ? 401 : allowed ? status : 403);
        if (!allowed && w.role !== 'anonymous') expect(status).toBe(403);
        if (allowed) expect(status, `${label(w)} ${what}`).toBeLessThan(400);
      };
      const discipline = w.role === 'discipline';
      const staff = w.role !== 'citizen' && w.role !== 'anonymous';
      expectStatus((await w.caller.get('/api/imports')).status, discipline, 'GET /api/imports');
      expectStatus((await w.caller.get('/api/audit')).status, discipline, 'GET /api/audit');
      expectStatus((await w.caller.get('/api/audit/verify')).status, discipline, 'GET /api/audit/verify');
      expectStatus((await w.caller.get('/api/users')).status, discipline, 'GET /api/users');
      expectStatus((await w.caller.get('/api/runs')).status, staff, 'GET /api/runs');
      const runId = (await everyone[0]!.caller.get<{ id: string }[]>('/api/runs')).body[0]!.id;
      expectStatus((await w.caller.get(`/api/runs/${runId}`)).status, staff, 'GET /api/runs/{id}');
      const versions = await w.caller.get('/api/rules/custom/no-such-rule/versions');
      expect(versions.status, `${label(w)} versions`).toBe(w.role === 'anonymous' ? 401 : staff ? 404 : 403);
      expectStatus((await w.caller.get('/api/rules')).status, w.role !== 'anonymous', 'GET /api/rules');
      expectStatus((await w.caller.get('/api/me')).status, w.role !== 'anonymous', 'GET /api/me');
      if (!discipline) {
        for (const [url, body] of [
          ['/api/runs', {}],
          ['/api/imports', { kind: 'configured' }],
          ['/api/imports/upload', { files: [{ name: 'persons.csv', content: 'x' }] }],
          ['/api/rules/custom', { rule: {} }],
          ['/api/rules/validate', { rule: {} }],
          ['/api/rules/custom/x/enabled', { enabled: false }],
          ['/api/users', { username: 'evil', password: '12345678', role: 'discipline' }],
          ['/api/escalations', {}],
        ] as const) {
          expect((await w.caller.post(url, body)).status, `${label(w)} POST ${url}`).toBe(w.role === 'anonymous' ? 401 : 403);
        }
      }
      if (w.role !== 'citizen') {
        expect((await w.caller.post('/api/citizen/disputes', { payment_id: 'P000000001', reason: 'x' })).status).toBe(w.role === 'anonymous' ? 401 : 403);
      } else {
        // Someone else's payment is not theirs to dispute, not even a neighbour's.
        for (const other of [personA, personB, personA2].filter((p) => p.id_number !== w.idNumber)) {
          const payment = paymentsOf.get(other.id_number)![0]!;
          expect((await w.caller.post('/api/citizen/disputes', { payment_id: payment.payment_id, reason: 'x' })).status, `${label(w)} disputing ${other.name}'s`).toBe(404);
        }
      }
    }),
  );

  it('the dispute reached the fund department and the village, not the others', () => {
    const dispute = all.find((a) => a.source === 'dispute')!;
    expect(dispute).toMatchObject({ department_code: 'MZ', state: 'pushed', village_code: personA.village_code, id_number: personA.id_number });
    const seeing = everyone.filter((w) => seesAlert(w, dispute)).map(label);
    expect(seeing).toEqual(['discipline jw', 'department MZ', 'town 371426001', 'village 201', 'citizen A (201)']);
  });
});
