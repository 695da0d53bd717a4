/**
 * Who sees a dispute (issue #16, item 7): the complainant sees the public replies and their
 * attachments, never the staff's internal notes; a village or town account — possibly the
 * accused — sees the dispute without the complainant's name, ID number or statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetail, AlertSummary, PaymentView } from '../src/index.js';
import { callerOf, startFixture, type Caller, type Fixture } from './server-fixture.js';

const STATEMENT = '本人从未收到这笔钱，村干部代领了';

describe('who sees a dispute', () => {
  let fx: Fixture;
  let citizen: Caller;
  let person: { id_number: string; name: string; village_code: string };
  let alert: AlertDetail;
  beforeAll(async () => {
    fx = await startFixture();
    const row = (await fx.server.store.db.get<{ id_number: string; name: string; village_code: string }>(
      "SELECT p.id_number, p.name, p.village_code FROM registry_payments p WHERE p.department_code = 'MZ' AND p.village_code = '371426001201' ORDER BY p.payment_id LIMIT 1",
    ))!;
    person = row;
    const r = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: { id_number: row.id_number, name: row.name } });
    expect(r.statusCode).toBe(200);
    citizen = callerOf(fx.server, (JSON.parse(r.body) as { token: string }).token);
    const own = (await citizen.get<PaymentView[]>('/api/citizen/payments')).body.find((p) => p.department_code === 'MZ')!;
    const d = await citizen.post<{ alert: AlertDetail }>('/api/citizen/disputes', { payment_id: own.payment_id, reason: STATEMENT });
    expect(d.status).toBe(201);
    alert = d.body.alert;
    const mz = await fx.as('mz');
    const file = (text: string) => ({ name: `${text}.txt`, media_type: 'text/plain', content_base64: Buffer.from(text).toString('base64') });
    expect((await mz.post(`/api/alerts/${alert.id}/transitions`, { action: 'comment', reason: '内部：怀疑村会计代领', attachments: [file('internal')] })).status).toBe(200);
    expect((await mz.post(`/api/alerts/${alert.id}/transitions`, { action: 'reply', reason: '已收到反映，正在核查', attachments: [file('public')] })).status).toBe(200);
  });
  afterAll(() => fx.close());

  it('the complainant sees the public reply and its attachment, not the internal note or its attachment', async () => {
    const mine = (await citizen.get<AlertDetail>(`/api/alerts/${alert.id}`)).body;
    const text = JSON.stringify(mine);
    expect(text).toContain('已收到反映，正在核查');
    expect(text).not.toContain('内部');
    expect(mine.events.map((e) => e.action)).not.toContain('comment');
    expect(mine.attachments.map((a) => a.name)).toEqual(['public.txt']);
    const staffView = (await (await fx.as('mz')).get<AlertDetail>(`/api/alerts/${alert.id}`)).body;
    const internal = staffView.attachments.find((a) => a.name === 'internal.txt')!;
    const pub = staffView.attachments.find((a) => a.name === 'public.txt')!;
    expect((await citizen.get(`/api/alerts/${alert.id}/attachments/${internal.id}`)).status).toBe(404);
    expect((await citizen.get(`/api/alerts/${alert.id}/attachments/${pub.id}`)).status).toBe(200);
  });

  it('village and town accounts see the dispute without the complainant', async () => {
    for (const who of ['v201', 'town1']) {
      const caller = await fx.as(who);
      const detail = await caller.get<AlertDetail>(`/api/alerts/${alert.id}`);
      expect(detail.status).toBe(200);
      const list = (await caller.get<{ alerts: AlertSummary[] }>('/api/alerts?limit=500')).body.alerts.filter((a) => a.id === alert.id);
      expect(list).toHaveLength(1);
      for (const text of [JSON.stringify(detail.body), JSON.stringify(list)]) {
        expect(text, who).not.toContain(person.id_number);
        expect(text, who).not.toContain(person.name);
        expect(text, who).not.toContain(STATEMENT);
      }
      // Nor can a search for the person's ID number find whether they complained.
      expect((await caller.get<{ total: number }>(`/api/alerts?q=${person.id_number}`)).body.total, who).toBe(0);
    }
  });

  it('the department and the discipline commission see it whole', async () => {
    for (const who of ['mz', 'jw']) {
      const text = JSON.stringify((await (await fx.as(who)).get<AlertDetail>(`/api/alerts/${alert.id}`)).body);
      expect(text).toContain(person.id_number);
      expect(text).toContain(STATEMENT);
      expect(text).toContain('内部');
    }
  });
});
