/**
 * Test fixture: a generated county (tiny, seed 1) in a temp folder, a server on a fresh SQLite
 * state with one account per staff role, and helpers to call it with `inject`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCounty } from '@sunshine/gen';
import { createServer, type ServerOptions, type SunshineServer } from '../src/index.js';

export const AS_OF = '2024-12-31';
export const DEPARTMENT_CODES = { agri: 'NY', hrss: 'RS', medical: 'YB' } as const;
export const PASSWORD = 'correct-horse-battery';

const counties = new Map<string, Promise<string>>();

/** A generated county folder, made once per scale and seed per test file. */
export function countyDir(scale: 'tiny' | 'village' = 'tiny', seed = 1): Promise<string> {
  const key = `${scale}:${seed}`;
  let p = counties.get(key);
  if (!p) {
    const out = mkdtempSync(join(tmpdir(), `sunshine-county-${scale}-`));
    p = generateCounty({ scale, seed, out }).then(() => out);
    counties.set(key, p);
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  }
  return p;
}

/* eslint-disable @typescript-eslint/no-unnecessary-type-parameters -- tests name the body type they expect */
export interface Caller {
  get<T = unknown>(url: string): Promise<{ status: number; body: T }>;
  post<T = unknown>(url: string, payload?: unknown): Promise<{ status: number; body: T }>;
}

export interface Fixture {
  readonly server: SunshineServer;
  readonly dir: string;
  readonly stateDir: string;
  /** Signs a staff user in (by username) and returns a caller with its token. */
  as(username: string, headers?: Readonly<Record<string, string>>): Promise<Caller>;
  /** A caller with no session. */
  anonymous: Caller;
  close(): Promise<void>;
}

export function callerOf(server: SunshineServer, token: string | undefined, extra: Readonly<Record<string, string>> = {}): Caller {
  const headers = { ...extra, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const parse = (body: string): unknown => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return body;
    }
  };
  return {
    get: async <T>(url: string) => {
      const r = await server.app.inject({ method: 'GET', url, headers });
      return { status: r.statusCode, body: parse(r.body) as T };
    },
    post: async <T>(url: string, payload: unknown = {}) => {
      const r = await server.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
      return { status: r.statusCode, body: parse(r.body) as T };
    },
  };
}
/* eslint-enable @typescript-eslint/no-unnecessary-type-parameters */

/** The staff accounts every fixture has. */
export const STAFF = [
  { username: 'jw', role: 'discipline', display_name: '纪委监委 王' },
  { username: 'mz', role: 'department', department_code: 'MZ', display_name: '民政局 李' },
  { username: 'rs', role: 'department', department_code: 'RS', display_name: '人社局 赵' },
  { username: 'ny', role: 'department', department_code: 'NY', display_name: '农业农村局 孙' },
  { username: 'town1', role: 'town', town_code: '371426001', display_name: '龙泉街道' },
  // A town with no villages in the generated county: it must see nothing.
  { username: 'town2', role: 'town', town_code: '371426002', display_name: '恩城镇' },
  { username: 'v201', role: 'village', village_code: '371426001201', display_name: '刘庙村' },
  { username: 'v202', role: 'village', village_code: '371426001202', display_name: '新袁铺村' },
] as const;

/**
 * A server over a fresh SQLite state with the county imported and run once (unless `run` is false).
 */
export async function startFixture(options: Partial<ServerOptions> & { run?: boolean; scale?: 'tiny' | 'village' } = {}): Promise<Fixture> {
  const dir = await countyDir(options.scale ?? 'tiny');
  const stateDir = mkdtempSync(join(tmpdir(), 'sunshine-state-'));
  const { run = true, ...rest } = options;
  delete rest.scale;
  const server = await createServer({ stateDir, asOf: AS_OF, departmentCodes: DEPARTMENT_CODES, data: { kind: 'folder', dir }, ...rest });
  for (const u of STAFF) await server.service.createUser({ ...u, password: PASSWORD });
  const tokens = new Map<string, string>();
  const as = async (username: string, headers?: Readonly<Record<string, string>>): Promise<Caller> => {
    let t = tokens.get(username);
    if (!t) {
      const r = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
      t = (JSON.parse(r.body) as { token: string }).token;
      tokens.set(username, t);
    }
    return callerOf(server, t, headers);
  };
  if (run) {
    const jw = await as('jw');
    const imp = await jw.post('/api/imports', { kind: 'configured' });
    if (imp.status !== 201) throw new Error(`import: ${imp.status} ${JSON.stringify(imp.body)}`);
    const r = await jw.post('/api/runs', {});
    if (r.status !== 201) throw new Error(`run: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return {
    server,
    dir,
    stateDir,
    as,
    anonymous: callerOf(server, undefined),
    async close() {
      await server.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
