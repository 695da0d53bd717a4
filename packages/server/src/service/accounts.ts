/**
 * Staff accounts, sign-in (staff with a password, citizens with ID number and name, rate
 * limited and logged) and sessions.
 */
import { randomBytes } from 'node:crypto';
import { SignInLimiter } from '../auth/sign-in-limiter.js';
import { hashPassword, verifyPassword } from '../auth/password-hash.js';
import { maskIdNumber } from '../domain/masking.js';
import { isStaffRole, type Principal, type StaffRole } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { UserRow } from '../store/server-store.js';
import { sha256, type ServiceContext } from './service-context.js';
import type { SessionGrant } from './service-types.js';

function principalOfUser(u: UserRow): Principal {
  return {
    role: u.role as StaffRole,
    id: u.id,
    name: u.display_name,
    departmentCode: u.department_code,
    townCode: u.town_code,
    villageCode: u.village_code,
    idNumber: null,
  };
}

function withoutPassword(u: UserRow): Omit<UserRow, 'password_hash'> {
  const out: Partial<UserRow> = { ...u };
  delete out.password_hash;
  return out as Omit<UserRow, 'password_hash'>;
}

const ID_NUMBER = /^\d{17}[\dX]$/;

/** Staff accounts, sign-in and sessions. */
export class Accounts {
  readonly ctx: ServiceContext;
  readonly #limiter: SignInLimiter;
  #dummyHash: Promise<string> | undefined;
  readonly #sessions = new Map<string, { readonly at: number; readonly expiresAt: string; readonly principal: Principal }>();

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
    this.#limiter = new SignInLimiter(ctx.opts.signInLimits);
  }

  /**
   * Creates a staff account. `by` is the discipline-commission user doing it, or undefined
   * for the admin command.
   */
  async createUser(
    input: { username: string; password: string; display_name?: string | undefined; role: string; department_code?: string | null | undefined; town_code?: string | null | undefined; village_code?: string | null | undefined },
    by?: Principal,
  ): Promise<Omit<UserRow, 'password_hash'>> {
    if (by && by.role !== 'discipline') throw new ServerError('FORBIDDEN', 'only the discipline commission creates accounts');
    if (!isStaffRole(input.role)) throw new ServerError('BAD_REQUEST', `\`role\` must be one of party, discipline, department, town, village (got \`${input.role}\`); citizens sign in with ID number and name`);
    if (!/^[\w.@-]{2,64}$/.test(input.username)) throw new ServerError('BAD_REQUEST', '`username`: 2–64 letters, digits, `_`, `.`, `@` or `-`');
    if (input.password.length < 8) throw new ServerError('BAD_REQUEST', '`password` must have at least 8 characters');
    const need = { department: 'department_code', town: 'town_code', village: 'village_code' } as const;
    const field = input.role === 'discipline' || input.role === 'party' ? undefined : need[input.role];
    if (field && !input[field]) throw new ServerError('BAD_REQUEST', `a \`${input.role}\` account needs \`${field}\``);
    if (await this.ctx.store.userByUsername(input.username)) throw new ServerError('CONFLICT', `user \`${input.username}\` exists`);
    let townCode = input.town_code ?? null;
    const imp = await this.ctx.store.latestImport();
    if (input.role === 'village' && imp) {
      // The village must exist in the imported regions (before the first import nothing can be checked).
      const region = (await this.ctx.store.regions(imp.id, { where: 'village_code = ?', params: [input.village_code!] }))[0];
      if (!region) throw new ServerError('BAD_REQUEST', `no village \`${input.village_code!}\` in the regions of the latest import (#${imp.seq})`);
      // A village account also carries its town.
      townCode ??= region.town_code;
    }
    if (input.role === 'town' && imp) {
      const villages = await this.ctx.store.regions(imp.id, { where: 'town_code = ?', params: [input.town_code!] });
      if (villages.length === 0) throw new ServerError('BAD_REQUEST', `no town \`${input.town_code!}\` in the regions of the latest import (#${imp.seq})`);
    }
    const row = await this.ctx.store.insertUser(
      {
        username: input.username,
        display_name: input.display_name ?? input.username,
        role: input.role,
        department_code: input.role === 'department' ? input.department_code! : null,
        town_code: input.role === 'town' || input.role === 'village' ? townCode : null,
        village_code: input.role === 'village' ? input.village_code! : null,
        password_hash: await hashPassword(input.password),
      },
      { actor: by?.id ?? 'admin', role: by?.role ?? 'admin', action: 'user.create', target: '' },
    );
    return withoutPassword(row);
  }

  async listUsers(p: Principal): Promise<Omit<UserRow, 'password_hash'>[]> {
    this.ctx.requireOversight(p, 'list accounts');
    return (await this.ctx.store.listUsers()).map(withoutPassword);
  }

  async #grant(principal: Principal, hours: number, row: { user_id: string | null; citizen_id_number: string | null; citizen_name: string | null }): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const now = this.ctx.now();
    const expires = new Date(now.getTime() + hours * 3_600_000).toISOString();
    await this.ctx.store.insertSession({
      token_hash: sha256(token),
      role: principal.role,
      ...row,
      town_code: principal.townCode,
      village_code: principal.villageCode,
      created_at: now.toISOString(),
      expires_at: expires,
    });
    return { token, expires_at: expires, principal };
  }

  /** Refuses (and logs) an attempt that comes before its delay is over. */
  async #admit(client: string, key: string, actor: string, target: string): Promise<void> {
    const r = this.#limiter.admit(client, key, this.ctx.now().getTime());
    if (r.ok) return;
    await this.ctx.store.audit({ actor, role: 'anonymous', action: 'auth.refused', target, detail: { client, retry_after: r.retryAfterSeconds } });
    throw new ServerError('RATE_LIMITED', `too many failed sign-in attempts; try again in ${r.retryAfterSeconds} s`, { retryAfterSeconds: r.retryAfterSeconds });
  }

  /**
   * Logs a sign-in request that could not be read (bad JSON, missing fields, too large), or was
   * refused before it was read (another origin: 403), and counts it against its address.
   */
  async malformedSignIn(client: string, route: string, status: number, reason: string): Promise<void> {
    this.#limiter.fail(client, 'malformed', this.ctx.now().getTime());
    await this.ctx.store.audit({ actor: 'anonymous', role: 'anonymous', action: status === 403 ? 'auth.refused' : 'auth.malformed', target: route, detail: { client, status, reason: reason.slice(0, 200) } });
  }

  /** Staff sign-in with username and password. */
  async signIn(username: string, password: string, client: string): Promise<SessionGrant> {
    const key = `user:${username}`;
    await this.#admit(client, key, username, `user:${username}`);
    const user = await this.ctx.store.userByUsername(username);
    // An unknown user costs the same scrypt as a known one, so timing does not tell them apart.
    this.#dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const passwordOk = await verifyPassword(password, user?.password_hash ?? (await this.#dummyHash));
    if (!user || user.disabled !== 0 || !passwordOk) {
      this.#limiter.fail(client, key, this.ctx.now().getTime());
      await this.ctx.store.audit({ actor: username, role: 'anonymous', action: 'auth.fail', target: `user:${username}`, detail: { client } });
      throw new ServerError('UNAUTHENTICATED', 'wrong username or password');
    }
    this.#limiter.succeed(client, key);
    const principal = principalOfUser(user);
    const grant = await this.#grant(principal, this.ctx.opts.sessionHours ?? 8, { user_id: user.id, citizen_id_number: null, citizen_name: null });
    await this.ctx.store.audit({ actor: user.id, role: user.role, action: 'auth.login', target: `user:${user.id}`, detail: { client } });
    return grant;
  }

  /**
   * Citizen sign-in: the ID number and the name must both match the persons registry of the
   * latest import. Attempts are rate limited and every one is logged.
   */
  async citizenSignIn(idNumber: string, name: string, client: string): Promise<SessionGrant> {
    const id = idNumber.trim().toUpperCase();
    const key = `citizen:${id}`;
    await this.#admit(client, key, `citizen:${maskIdNumber(id)}`, `person:${id}`);
    const imp = await this.ctx.store.latestImport();
    const person = imp && ID_NUMBER.test(id) ? await this.ctx.store.personOf(imp.id, id) : undefined;
    if (!person || person.name !== name.trim()) {
      this.#limiter.fail(client, key, this.ctx.now().getTime());
      await this.ctx.store.audit({ actor: `citizen:${maskIdNumber(id)}`, role: 'anonymous', action: 'auth.citizen.fail', target: `person:${id}`, detail: { client } });
      throw new ServerError('UNAUTHENTICATED', 'the ID number and name do not match the registry');
    }
    this.#limiter.succeed(client, key);
    const principal: Principal = { role: 'citizen', id: `citizen:${person.id_number}`, name: person.name, departmentCode: null, townCode: person.town_code, villageCode: person.village_code, idNumber: person.id_number };
    const grant = await this.#grant(principal, (this.ctx.opts.citizenSessionMinutes ?? 30) / 60, { user_id: null, citizen_id_number: person.id_number, citizen_name: person.name });
    await this.ctx.store.audit({ actor: principal.id, role: 'citizen', action: 'auth.citizen.login', target: `person:${person.id_number}`, detail: { client } });
    return grant;
  }

  /** The principal of a session token, or undefined when the token is unknown or expired. */
  /**
   * The principal of a session token, or undefined when the token is unknown or expired.
   * Remembered for a few seconds (a burst of look-ups asks once); signing out forgets it at once.
   */
  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = sha256(token);
    const nowIso = this.ctx.nowIso();
    const now = Date.now();
    const cached = this.#sessions.get(hash);
    if (cached && now - cached.at < 5000 && cached.expiresAt > nowIso) return cached.principal;
    const principal = await this.#lookUpSession(hash, nowIso);
    if (this.#sessions.size > 10_000) this.#sessions.clear();
    if (principal) this.#sessions.set(hash, { at: now, expiresAt: principal.expiresAt, principal: principal.principal });
    else this.#sessions.delete(hash);
    return principal?.principal;
  }

  async #lookUpSession(hash: string, nowIso: string): Promise<{ principal: Principal; expiresAt: string } | undefined> {
    const s = await this.ctx.store.sessionByTokenHash(hash, nowIso);
    if (!s) return undefined;
    if (s.role === 'citizen') {
      return { expiresAt: s.expires_at, principal: { role: 'citizen', id: `citizen:${s.citizen_id_number!}`, name: s.citizen_name ?? '', departmentCode: null, townCode: s.town_code, villageCode: s.village_code, idNumber: s.citizen_id_number } };
    }
    const user = s.user_id ? await this.ctx.store.userById(s.user_id) : undefined;
    if (!user || user.disabled !== 0) return undefined;
    return { expiresAt: s.expires_at, principal: principalOfUser(user) };
  }

  async signOut(token: string, p: Principal): Promise<void> {
    this.#sessions.delete(sha256(token));
    await this.ctx.store.deleteSession(sha256(token));
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'auth.logout', target: p.id });
  }
}
