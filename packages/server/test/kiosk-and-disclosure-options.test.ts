/**
 * Kiosk mode and the county's disclosure configuration from the command line (#18): `--kiosk`
 * shortens citizen sessions to 5 minutes and tells the pages to sign out after idle;
 * `--disclose-funds` and `--disclosure-config` choose the funds and fields; bad values are refused
 * with a message naming the flag.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgv, serveOptions } from '../src/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

describe('serve flags for the public pages and kiosks', () => {
  it('parses --kiosk, --idle-seconds, --citizen-session-minutes, --disclose-funds', () => {
    const args = parseServeArgv(['--kiosk', '--idle-seconds', '90', '--disclose-funds', 'MZ01, NY01']);
    expect(serveOptions(args)).toMatchObject({ citizenSessionMinutes: 5, publicPages: { kiosk: true, idleSeconds: 90 }, disclosure: { funds: ['MZ01', 'NY01'] } });
    expect(serveOptions(parseServeArgv(['--kiosk', '--citizen-session-minutes', '3'])).citizenSessionMinutes).toBe(3);
    expect(serveOptions(parseServeArgv([]))).not.toHaveProperty('publicPages');
    expect(serveOptions(parseServeArgv([]))).not.toHaveProperty('citizenSessionMinutes');
    expect(() => serveOptions(parseServeArgv(['--idle-seconds', '0']))).toThrow(/--idle-seconds/);
    expect(() => serveOptions(parseServeArgv(['--disclose-funds', ',']))).toThrow(/--disclose-funds/);
  });

  it('reads --disclosure-config and names what is wrong in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-disclosure-'));
    const file = join(dir, 'disclosure.json');
    writeFileSync(file, JSON.stringify({ withheldKinds: ['medical'], fields: ['name', 'amount'], noticeDays: 10 }));
    expect(serveOptions(parseServeArgv(['--disclosure-config', file])).disclosure).toEqual({ withheldKinds: ['medical'], fields: ['name', 'amount'], noticeDays: 10 });
    writeFileSync(file, JSON.stringify({ fields: ['bank_account'] }));
    expect(() => serveOptions(parseServeArgv(['--disclosure-config', file]))).toThrow(/field `bank_account`/);
    writeFileSync(file, JSON.stringify({ fundz: [] }));
    expect(() => serveOptions(parseServeArgv(['--disclosure-config', file]))).toThrow(/unknown key `fundz`/);
    writeFileSync(file, '{');
    expect(() => serveOptions(parseServeArgv(['--disclosure-config', file]))).toThrow(/--disclosure-config/);
  });
});

describe('a server in kiosk mode', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture(serveOptions(parseServeArgv(['--kiosk', '--idle-seconds', '45'])));
  });
  afterAll(() => fx.close());

  it('tells the pages it is a kiosk and gives citizens 5-minute sessions', async () => {
    const config = await fx.anonymous.get<{ kiosk: boolean; idle_seconds: number; citizen_session_minutes: number }>('/api/public/config');
    expect(config.body).toMatchObject({ kiosk: true, idle_seconds: 45, citizen_session_minutes: 5 });
    const [head, ...lines] = readFileSync(join(fx.dir, 'persons.csv'), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    const p = Object.fromEntries(lines[3]!.split(',').map((v, i) => [cols[i]!, v]));
    const before = Date.now();
    const r = await fx.anonymous.post<{ expires_at: string }>('/api/auth/citizen', { id_number: p['id_number'], name: p['name'] });
    expect(r.status).toBe(200);
    const minutes = (Date.parse(r.body.expires_at) - before) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThan(5.1);
  });
});
