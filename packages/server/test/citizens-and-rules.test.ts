/**
 * Citizen sign-in (matched against the registry, rate limited, logged), masking, uploads, and
 * custom rules written by the discipline commission: validated like a pack, versioned, run
 * like the library's and disabled again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, type AlertSummary, type RuleInfo, type RunSummary } from '../src/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

const BIG_PAYMENT = {
  id: 'big-single-payment',
  version: '1.0.0',
  category: 'standard',
  severity: 'low',
  title: { zh: '单笔大额发放', en: 'Large single payment' },
  description: { zh: '单笔发放金额超过2000元。', en: 'A single payment above 2000 yuan.' },
  department: 'fund.department_code',
  subject: { dataset: 'payments' },
  lookups: { fund: { dataset: 'funds', on: { fund_code: 'subject.fund_code' }, one: true } },
  conditions: { all: [{ fact: 'subject.amount', operator: 'greaterThan', value: 200000 }] },
  key: '{{subject.payment_id}}',
  evidence: ['subject'],
  message: { zh: '{{subject.name}}单笔领取{{fund.name}}{{subject.amount}}元', en: '{{subject.name}} was paid {{subject.amount}} yuan of {{fund.name}} at once' },
};

describe('masking', () => {
  it.each([
    ['张海峰', '张*峰'],
    ['欧阳海峰', '欧**峰'],
    ['李明', '李*'],
    ['王', '*'],
  ])('masks the name %s as %s', (name, masked) => expect(maskName(name)).toBe(masked));
  it('keeps the first six and last four characters of an ID number', () => {
    expect(maskIdNumber('371426198409107716')).toBe('371426********7716');
    expect(maskIdNumber('37142619840902227X')).toBe('371426********227X');
  });
});

describe('citizens, uploads and custom rules', () => {
  let fx: Fixture;
  let person: { id_number: string; name: string };
  beforeAll(async () => {
    fx = await startFixture({ signInLimits: { perKey: 3 } });
    const [head, ...lines] = readFileSync(join(fx.dir, 'persons.csv'), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    const row = Object.fromEntries(lines[5]!.split(',').map((v, i) => [cols[i]!, v]));
    person = { id_number: row['id_number']!, name: row['name']! };
  });
  afterAll(() => fx.close());

  it('signs a citizen in only when ID number and name both match, limits failed attempts and logs them', async () => {
    const other = { id_number: '371426198409107716', name: person.name };
    expect((await fx.anonymous.post('/api/auth/citizen', other)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await fx.anonymous.post('/api/auth/citizen', { ...person, name: `${person.name}x` })).status).toBe(401);
    const limited = await fx.server.app.inject({ method: 'POST', url: '/api/auth/citizen', payload: person });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const log = (await (await fx.as('jw')).get<{ action: string; target: string; actor: string }[]>('/api/audit?limit=200')).body;
    const fails = log.filter((e) => e.action === 'auth.citizen.fail' && e.target === `person:${person.id_number}`);
    expect(fails).toHaveLength(3);
    expect(fails[0]!.actor).toBe(`citizen:${maskIdNumber(person.id_number)}`);
    // Staff sign-in fails the same way, without telling which part was wrong.
    const wrong = await fx.anonymous.post<{ error: { message: string } }>('/api/auth/login', { username: 'nobody', password: 'x' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('wrong username or password');
  });

  it('imports an upload (one file per dataset) and refuses bad file names', async () => {
    const jw = await fx.as('jw');
    const files = readdirSync(fx.dir)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => ({ name: f, content: readFileSync(join(fx.dir, f), 'utf8') }));
    const r = await jw.post<{ kind: string; rejected: number; counts: Record<string, { loaded: number }> }>('/api/imports/upload', { files });
    expect(r.status).toBe(201);
    expect(r.body.kind).toBe('upload');
    expect(r.body.counts['payments']!.loaded).toBeGreaterThan(1000);
    expect((await jw.post('/api/imports/upload', { files: [{ name: '../etc/passwd', content: 'x' }] })).status).toBe(400);
  });

  it('validates, versions, runs and disables a custom rule of the discipline commission', async () => {
    const jw = await fx.as('jw');
    const bad = await jw.post<{ error: { code: string; details: { problems: string[] } } }>('/api/rules/custom', { rule: { ...BIG_PAYMENT, subject: { dataset: 'paymets' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('INVALID_RULE');
    expect(bad.body.error.details.problems.join('\n')).toContain('paymets');
    expect((await jw.post('/api/rules/custom', { rule: { ...BIG_PAYMENT, id: 'deceased-payee' } })).status).toBe(409);
    // A 纪委 user whose browser prefers Chinese reads the problems in Chinese, from core's catalogue.
    const jwZh = await fx.as('jw', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    const badZh = await jwZh.post<{ error: { message: string; details: { problems: string[] } } }>('/api/rules/custom', { rule: { ...BIG_PAYMENT, subject: { dataset: 'paymets' } } });
    expect(badZh.body.error.details.problems.join('\n')).toContain('没有 `paymets` 这个数据表');
    expect(badZh.body.error.message).toMatch(/^比对模型未通过校验：/);
    const checkedZh = await jwZh.post<{ ok: boolean; problems: string[] }>('/api/rules/validate', { rule: { ...BIG_PAYMENT, conditions: { all: [{ fact: 'subject.amount ]', operator: 'greaterThan', value: 1 }] } } });
    expect(checkedZh.body.ok).toBe(false);
    expect(checkedZh.body.problems.join('\n')).toMatch(/^\/conditions\/all\/0\/fact：表达式 `subject\.amount \]` 写法有误（第 \d+ 个字符处）：S0201：语法错误/);
    const checkedEn = await (await fx.as('jw', { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' })).post<{ problems: string[] }>('/api/rules/validate', { rule: { ...BIG_PAYMENT, subject: { dataset: 'paymets' } } });
    expect(checkedEn.body.problems.join('\n')).toContain('unknown dataset `paymets`');
    expect((await jw.post<{ ok: boolean }>('/api/rules/validate', { rule: BIG_PAYMENT })).body.ok).toBe(true);

    const v1 = await jw.post<RuleInfo>('/api/rules/custom', { rule: BIG_PAYMENT });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ id: 'big-single-payment', source: 'custom', version_no: 1, enabled: true });
    const v2 = await jw.post<RuleInfo>('/api/rules/custom', { rule: { ...BIG_PAYMENT, version: '1.1.0', conditions: { all: [{ fact: 'subject.amount', operator: 'greaterThan', value: 300000 }] } }, note: 'above 3000 yuan' });
    expect(v2.body.version_no).toBe(2);

    const run = await jw.post<RunSummary>('/api/runs', {});
    expect(run.status).toBe(201);
    const alerts = (await jw.get<{ alerts: AlertSummary[] }>('/api/alerts?rule=big-single-payment&limit=500')).body.alerts;
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.rule_version === '1.1.0#v2' && a.category === 'standard')).toBe(true);
    // The explanation runs the version that reported it.
    const explain = await jw.get<{ matched: boolean }>(`/api/alerts/${alerts[0]!.id}/explain`);
    expect(explain.body.matched).toBe(true);

    const off = await jw.post<RuleInfo>('/api/rules/custom/big-single-payment/enabled', { enabled: false });
    expect(off.body).toMatchObject({ version_no: 3, enabled: false });
    const versions = (await (await fx.as('mz')).get<RuleInfo[]>('/api/rules/custom/big-single-payment/versions')).body;
    expect(versions.map((v) => [v.version_no, v.enabled, v.version])).toEqual([
      [3, false, '1.1.0'],
      [2, true, '1.1.0'],
      [1, true, '1.0.0'],
    ]);
    const catalogue = (await jw.get<RuleInfo[]>('/api/rules')).body;
    expect(catalogue.filter((r) => r.source === 'stdlib').length).toBeGreaterThanOrEqual(60);
    expect(catalogue.find((r) => r.id === 'big-single-payment')).toMatchObject({ enabled: false, version_no: 3 });
    const log = (await jw.get<{ action: string; target: string }[]>('/api/audit?limit=300')).body;
    expect(log.filter((e) => e.target === 'rule:big-single-payment').map((e) => e.action)).toEqual(['rule.disable', 'rule.save', 'rule.save']);
  });
});

describe('sessions', () => {
  it('expire after their hours, end on sign-out, and work as a cookie', async () => {
    let clock = new Date('2025-01-06T09:00:00Z');
    const fx = await startFixture({ run: false, now: () => clock, sessionHours: 8 });
    try {
      const login = await fx.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mz', password: 'correct-horse-battery' } });
      const { token } = JSON.parse(login.body) as { token: string };
      const cookie = String(login.headers['set-cookie']);
      expect(cookie).toMatch(/^sunshine_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
      const me = (headers: Record<string, string>) => fx.server.app.inject({ method: 'GET', url: '/api/me', headers });
      expect((await me({ cookie: cookie.split(';')[0]! })).statusCode).toBe(200);
      expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
      clock = new Date('2025-01-06T16:59:00Z');
      expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
      clock = new Date('2025-01-06T17:00:01Z');
      expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(401);

      const again = JSON.parse((await fx.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mz', password: 'correct-horse-battery' } })).body) as { token: string };
      const auth = { authorization: `Bearer ${again.token}` };
      expect((await me(auth)).statusCode).toBe(200);
      expect((await fx.server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: auth })).statusCode).toBe(200);
      expect((await me(auth)).statusCode).toBe(401);
    } finally {
      await fx.close();
    }
  });
});
