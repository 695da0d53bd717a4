/**
 * The server's behaviour, independent of HTTP: sign-in and sessions, imports, runs and their
 * alerts, the alert lifecycle, escalation, custom rules, citizen look-up, disputes, public
 * disclosure and the audit log. Every method that reads or changes rows takes the caller's
 * {@link Principal} and applies its jurisdiction in the store's queries.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asOfFields,
  createEngine,
  formatProblem,
  latestDateIn,
  type Engine,
  loadData,
  loadPacks,
  type EvidenceRecord,
  type Finding,
  type LoadedData,
  type ParamOverrides,
  type Rule,
  type RuleExplanation,
  type Source,
  type Tables,
} from '@sunshine/core';
import { createFolderSource } from '@sunshine/adapters';
import { catalogueEntries, loadStdlib, type CatalogueEntry, type PresetName } from '@sunshine/rules-stdlib';
import { SignInLimiter, type SignInLimits } from '../auth/sign-in-limiter.js';
import { hashPassword, verifyPassword } from '../auth/password-hash.js';
import { allowedActions, TRANSITIONS, VERIFICATION_STATES, type AlertAction, type AlertState } from '../domain/alert-lifecycle.js';
import type { AuditVerification, AuditEntry } from '../domain/audit-chain.js';
import { alertScope, disclosureScope, paymentScope, villageScope } from '../domain/jurisdiction.js';
import { maskIdNumber, maskName } from '../domain/masking.js';
import { isStaffRole, SYSTEM, type Actor, type Principal, type StaffRole } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { AlertEventRow, AlertFilter, AlertRow, AttachmentRow, AuditInput, ImportRow, RunRow, ServerStore, UserRow } from '../store/server-store.js';
import type { SqlExecutor } from '../store/sql-database.js';
import { alertSummary, eventView, type AlertDetail, type AlertSummary } from './alert-view.js';
import { describeDataStore, openDataStore, type DataStoreSpec } from './data-store-spec.js';

const DAY_MS = 86_400_000;

export interface ServiceOptions {
  /** The configured store `POST /api/imports {kind:"configured"}` and scheduled runs import. */
  readonly data?: DataStoreSpec | undefined;
  /** Rule packs (files, folders, packages) run besides the standard library. */
  readonly packs?: readonly string[] | undefined;
  /**
   * The standard library preset to run.
   * @default 'all'
   */
  readonly preset?: PresetName | undefined;
  /** Parameter overrides per rule id. */
  readonly params?: ParamOverrides | undefined;
  /**
   * The county's codes for the departments rules name by a `department` parameter
   * (`{ agri: 'NY', hrss: 'RS', medical: 'YB' }`), applied as parameter overrides.
   */
  readonly departmentCodes?: Readonly<Record<string, string>> | undefined;
  /** The asOf of every run (default: the latest date in the imported data, `latestDateIn`). */
  readonly asOf?: string | undefined;
  /**
   * Days a department has to verify a pushed alert before it is escalated to the discipline
   * commission.
   * @default 15
   */
  readonly verifyDays?: number | undefined;
  /**
   * Push a new alert to its department at once when the department is known.
   * @default true
   */
  readonly autoPush?: boolean | undefined;
  /**
   * Hours a staff session lasts.
   * @default 8
   */
  readonly sessionHours?: number | undefined;
  /**
   * Minutes a citizen session lasts.
   * @default 30
   */
  readonly citizenSessionMinutes?: number | undefined;
  readonly signInLimits?: SignInLimits | undefined;
  /**
   * The largest attachment, in bytes.
   * @default 5 MiB
   */
  readonly maxAttachmentBytes?: number | undefined;
}

/** A new session. */
export interface SessionGrant {
  readonly token: string;
  readonly expires_at: string;
  readonly principal: Principal;
}

export interface AttachmentInput {
  readonly name: string;
  readonly media_type: string;
  /** The file, base64. */
  readonly content_base64: string;
}

export interface TransitionInput {
  readonly action: AlertAction;
  readonly reason?: string | undefined;
  /** For `push`: route to this department instead of the finding's. */
  readonly department_code?: string | undefined;
  readonly attachments?: readonly AttachmentInput[] | undefined;
}

export interface UploadFile {
  /** `payments.csv`, `persons.xlsx`, … */
  readonly name: string;
  readonly content: string;
  /** @default 'utf8' */
  readonly encoding?: 'utf8' | 'base64' | undefined;
}

export interface RuleInfo {
  readonly id: string;
  readonly source: 'stdlib' | 'custom' | 'pack';
  readonly version: string;
  /** For custom rules: the server's version number of the rule. */
  readonly version_no: number | null;
  readonly enabled: boolean;
  readonly category: string;
  readonly severity: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly description: { readonly zh: string; readonly en: string };
  readonly department: { readonly zh: string; readonly en: string };
  readonly datasets: readonly string[];
  readonly key: string;
  readonly params: readonly { readonly name: string; readonly type: string; readonly default: unknown }[];
  readonly created_by: string | null;
  readonly created_at: string | null;
}

export interface RunSummary {
  readonly id: string;
  readonly seq: number;
  readonly import_id: string;
  readonly as_of: string;
  readonly trigger: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly status: string;
  readonly rules_run: number;
  readonly rules_skipped: readonly { readonly rule: string; readonly reason: string }[];
  readonly findings: number;
  readonly created_alerts: number;
  readonly reopened_alerts: number;
  readonly updated_alerts: number;
  readonly error: string | null;
}

export interface ImportSummary {
  readonly id: string;
  readonly seq: number;
  readonly kind: string;
  readonly description: string;
  readonly created_at: string;
  readonly counts: Readonly<Record<string, { loaded: number; rejected: number }>>;
  readonly rejected: number;
  readonly missing: readonly string[];
}

export interface PaymentView {
  readonly payment_id: string;
  readonly fund_code: string;
  readonly fund_name: string | null;
  readonly department_code: string | null;
  readonly id_number: string;
  readonly name: string;
  readonly town_code: string | null;
  readonly village_code: string | null;
  readonly period: string;
  readonly pay_date: string;
  /** Integer fen. */
  readonly amount: number;
}

export interface Disclosure {
  readonly village_code: string;
  readonly village_name: string | null;
  readonly town_name: string | null;
  readonly funds: readonly {
    readonly fund_code: string;
    readonly fund_name: string | null;
    readonly department_code: string | null;
    readonly recipients: number;
    /** Integer fen. */
    readonly total: number;
    readonly payments: readonly { readonly name: string; readonly id_number: string; readonly period: string; readonly pay_date: string; readonly amount: number }[];
  }[];
}

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

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

function runSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    seq: r.seq,
    import_id: r.import_id,
    as_of: r.as_of,
    trigger: r.trigger_kind,
    started_at: r.started_at,
    finished_at: r.finished_at,
    status: r.status,
    rules_run: r.rules_run,
    rules_skipped: JSON.parse(r.rules_skipped) as { rule: string; reason: string }[],
    findings: r.findings,
    created_alerts: r.created_alerts,
    reopened_alerts: r.reopened_alerts,
    updated_alerts: r.updated_alerts,
    error: r.error,
  };
}

function importSummary(r: ImportRow): ImportSummary {
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    description: r.description,
    created_at: r.created_at,
    counts: JSON.parse(r.counts) as Record<string, { loaded: number; rejected: number }>,
    rejected: r.rejected,
    missing: JSON.parse(r.missing) as string[],
  };
}

const UPLOAD_NAME = /^[a-z_]+\.(csv|tsv|ndjson|json|xlsx)$/;
const ID_NUMBER = /^\d{17}[\dX]$/;

/**
 * The server's behaviour without HTTP (the routes are thin calls into it).
 *
 * @example
 * ```ts
 * const { service } = await createServer({ stateDir: './.sunshine', data: { kind: 'folder', dir: './county' } });
 * await service.importConfigured(undefined);
 * await service.run(undefined);
 * const mz = (await service.signIn('mz', password, '127.0.0.1')).principal;
 * const { alerts } = await service.listAlerts(mz, { state: 'pushed' });
 * await service.transition(mz, alerts[0]!.id, { action: 'verify' });
 * ```
 */
export class SunshineService {
  readonly store: ServerStore;
  readonly #opts: ServiceOptions;
  readonly #now: () => Date;
  readonly #limiter: SignInLimiter;
  #stdlib: Promise<readonly Rule[]> | undefined;
  #packRules: Promise<readonly Rule[]> | undefined;
  #catalogue: Promise<CatalogueEntry[]> | undefined;
  readonly #tables = new Map<string, Promise<Tables>>();
  #running: Promise<unknown> | undefined;
  #dummyHash: Promise<string> | undefined;
  #engine: { readonly key: string; readonly engine: Engine } | undefined;
  readonly #sessions = new Map<string, { readonly at: number; readonly expiresAt: string; readonly principal: Principal }>();

  constructor(store: ServerStore, options: ServiceOptions = {}, now: () => Date = () => new Date()) {
    this.store = store;
    this.#opts = Object.freeze({ ...options });
    this.#now = now;
    this.#limiter = new SignInLimiter(options.signInLimits);
  }

  get options(): ServiceOptions {
    return this.#opts;
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }

  // ---- accounts and sessions -----------------------------------------------------------

  /**
   * Creates a staff account. `by` is the discipline-commission user doing it, or undefined
   * for the admin command.
   */
  async createUser(
    input: { username: string; password: string; display_name?: string | undefined; role: string; department_code?: string | null | undefined; town_code?: string | null | undefined; village_code?: string | null | undefined },
    by?: Principal,
  ): Promise<Omit<UserRow, 'password_hash'>> {
    if (by && by.role !== 'discipline') throw new ServerError('FORBIDDEN', 'only the discipline commission creates accounts');
    if (!isStaffRole(input.role)) throw new ServerError('BAD_REQUEST', `\`role\` must be one of discipline, department, town, village (got \`${input.role}\`); citizens sign in with ID number and name`);
    if (!/^[\w.@-]{2,64}$/.test(input.username)) throw new ServerError('BAD_REQUEST', '`username`: 2–64 letters, digits, `_`, `.`, `@` or `-`');
    if (input.password.length < 8) throw new ServerError('BAD_REQUEST', '`password` must have at least 8 characters');
    const need = { department: 'department_code', town: 'town_code', village: 'village_code' } as const;
    const field = input.role === 'discipline' ? undefined : need[input.role];
    if (field && !input[field]) throw new ServerError('BAD_REQUEST', `a \`${input.role}\` account needs \`${field}\``);
    if (await this.store.userByUsername(input.username)) throw new ServerError('CONFLICT', `user \`${input.username}\` exists`);
    let townCode = input.town_code ?? null;
    if (input.role === 'village' && !townCode) {
      // A village account also carries its town, when the imported regions know it.
      const imp = await this.store.latestImport();
      if (imp) townCode = (await this.store.regions(imp.id, { where: 'village_code = ?', params: [input.village_code!] }))[0]?.town_code ?? null;
    }
    const row = await this.store.insertUser(
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
    if (p.role !== 'discipline') throw new ServerError('FORBIDDEN', 'only the discipline commission lists accounts');
    return (await this.store.listUsers()).map(withoutPassword);
  }

  async #grant(principal: Principal, hours: number, row: { user_id: string | null; citizen_id_number: string | null; citizen_name: string | null }): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const now = this.#now();
    const expires = new Date(now.getTime() + hours * 3_600_000).toISOString();
    await this.store.insertSession({
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

  #admit(client: string, key: string): void {
    const r = this.#limiter.admit(client, key, this.#now().getTime());
    if (!r.ok) throw new ServerError('RATE_LIMITED', `too many sign-in attempts; try again in ${r.retryAfterSeconds} s`, { retryAfterSeconds: r.retryAfterSeconds });
  }

  /** Staff sign-in with username and password. */
  async signIn(username: string, password: string, client: string): Promise<SessionGrant> {
    const key = `user:${username}`;
    this.#admit(client, key);
    const user = await this.store.userByUsername(username);
    // An unknown user costs the same scrypt as a known one, so timing does not tell them apart.
    this.#dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const passwordOk = await verifyPassword(password, user?.password_hash ?? (await this.#dummyHash));
    if (!user || user.disabled !== 0 || !passwordOk) {
      this.#limiter.fail(key, this.#now().getTime());
      await this.store.audit({ actor: username, role: 'anonymous', action: 'auth.fail', target: `user:${username}`, detail: { client } });
      throw new ServerError('UNAUTHENTICATED', 'wrong username or password');
    }
    this.#limiter.succeed(key);
    const principal = principalOfUser(user);
    const grant = await this.#grant(principal, this.#opts.sessionHours ?? 8, { user_id: user.id, citizen_id_number: null, citizen_name: null });
    await this.store.audit({ actor: user.id, role: user.role, action: 'auth.login', target: `user:${user.id}`, detail: { client } });
    return grant;
  }

  /**
   * Citizen sign-in: the ID number and the name must both match the persons registry of the
   * latest import. Attempts are rate limited and every one is logged.
   */
  async citizenSignIn(idNumber: string, name: string, client: string): Promise<SessionGrant> {
    const id = idNumber.trim().toUpperCase();
    const key = `citizen:${id}`;
    this.#admit(client, key);
    const imp = await this.store.latestImport();
    const person = imp && ID_NUMBER.test(id) ? await this.store.personOf(imp.id, id) : undefined;
    if (!person || person.name !== name.trim()) {
      this.#limiter.fail(key, this.#now().getTime());
      await this.store.audit({ actor: `citizen:${maskIdNumber(id)}`, role: 'anonymous', action: 'auth.citizen.fail', target: `person:${id}`, detail: { client } });
      throw new ServerError('UNAUTHENTICATED', 'the ID number and name do not match the registry');
    }
    this.#limiter.succeed(key);
    const principal: Principal = { role: 'citizen', id: `citizen:${person.id_number}`, name: person.name, departmentCode: null, townCode: person.town_code, villageCode: person.village_code, idNumber: person.id_number };
    const grant = await this.#grant(principal, (this.#opts.citizenSessionMinutes ?? 30) / 60, { user_id: null, citizen_id_number: person.id_number, citizen_name: person.name });
    await this.store.audit({ actor: principal.id, role: 'citizen', action: 'auth.citizen.login', target: `person:${person.id_number}`, detail: { client } });
    return grant;
  }

  /** The principal of a session token, or undefined when the token is unknown or expired. */
  /**
   * The principal of a session token, or undefined when the token is unknown or expired.
   * Remembered for a few seconds (a burst of look-ups asks once); signing out forgets it at once.
   */
  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = sha256(token);
    const nowIso = this.#nowIso();
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
    const s = await this.store.sessionByTokenHash(hash, nowIso);
    if (!s) return undefined;
    if (s.role === 'citizen') {
      return { expiresAt: s.expires_at, principal: { role: 'citizen', id: `citizen:${s.citizen_id_number!}`, name: s.citizen_name ?? '', departmentCode: null, townCode: s.town_code, villageCode: s.village_code, idNumber: s.citizen_id_number } };
    }
    const user = s.user_id ? await this.store.userById(s.user_id) : undefined;
    if (!user || user.disabled !== 0) return undefined;
    return { expiresAt: s.expires_at, principal: principalOfUser(user) };
  }

  async signOut(token: string, p: Principal): Promise<void> {
    this.#sessions.delete(sha256(token));
    await this.store.deleteSession(sha256(token));
    await this.store.audit({ actor: p.id, role: p.role, action: 'auth.logout', target: p.id });
  }

  // ---- imports ---------------------------------------------------------------------------

  #requireDiscipline(p: Principal | undefined, what: string): void {
    if (p && p.role !== 'discipline') throw new ServerError('FORBIDDEN', `only the discipline commission ${what}`);
  }

  async #importSource(p: Principal | undefined, kind: string, source: Source, description: string): Promise<ImportSummary> {
    let data: LoadedData;
    try {
      data = await loadData(source);
    } catch (e) {
      throw new ServerError('BAD_REQUEST', `cannot import ${description}: ${(e as Error).message}`, {}, { cause: e });
    } finally {
      await source.close?.();
    }
    const row = await this.store.saveImport(
      {
        id: randomUUID(),
        kind,
        description,
        created_by: p?.id ?? null,
        counts: JSON.stringify(data.counts),
        rejected: data.rejected.length,
        missing: JSON.stringify(data.missing),
      },
      data.tables,
      { actor: p?.id ?? 'system', role: p?.role ?? 'system', action: 'import.create', target: '', detail: { kind } },
    );
    this.#tables.set(row.id, Promise.resolve(data.tables));
    this.#trimCache(row.id);
    return importSummary(row);
  }

  /** Imports a folder on the server's disk. */
  async importFolder(p: Principal | undefined, dir: string): Promise<ImportSummary> {
    this.#requireDiscipline(p, 'imports data');
    return this.#importSource(p, 'folder', createFolderSource({ dir }), `folder ${dir}`);
  }

  /** Imports files sent in the request (one per dataset: `payments.csv`, …). */
  async importUpload(p: Principal | undefined, files: readonly UploadFile[]): Promise<ImportSummary> {
    this.#requireDiscipline(p, 'imports data');
    if (files.length === 0) throw new ServerError('BAD_REQUEST', '`files` is empty');
    for (const f of files) {
      if (!UPLOAD_NAME.test(f.name)) throw new ServerError('BAD_REQUEST', `file name \`${f.name}\`: use \`<dataset>.<csv|tsv|ndjson|json|xlsx>\` (e.g. \`payments.csv\`)`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'sunshine-upload-'));
    try {
      for (const f of files) await writeFile(join(dir, f.name), Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8'));
      return await this.#importSource(p, 'upload', createFolderSource({ dir }), `upload of ${files.map((f) => f.name).join(', ')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Imports the configured store. */
  async importConfigured(p: Principal | undefined): Promise<ImportSummary> {
    this.#requireDiscipline(p, 'imports data');
    const spec = this.#opts.data;
    if (!spec) throw new ServerError('BAD_REQUEST', 'no data store is configured (start the server with `--data DIR` or the `data` option)');
    let source: Source;
    try {
      source = await openDataStore(spec);
    } catch (e) {
      throw new ServerError('BAD_REQUEST', `cannot open ${describeDataStore(spec)}: ${(e as Error).message}`, {}, { cause: e });
    }
    return this.#importSource(p, 'configured', source, describeDataStore(spec));
  }

  async listImports(p: Principal): Promise<ImportSummary[]> {
    this.#requireDiscipline(p, 'lists imports');
    return (await this.store.listImports()).map(importSummary);
  }

  #trimCache(keep: string): void {
    for (const k of this.#tables.keys()) if (this.#tables.size > 2 && k !== keep) this.#tables.delete(k);
  }

  #importTables(importId: string): Promise<Tables> {
    let t = this.#tables.get(importId);
    if (!t) {
      t = this.store.importTables(importId);
      this.#tables.set(importId, t);
      t.catch(() => this.#tables.delete(importId));
      this.#trimCache(importId);
    }
    return t;
  }

  // ---- rules -----------------------------------------------------------------------------

  #stdlibRules(): Promise<readonly Rule[]> {
    this.#stdlib ??= loadStdlib(this.#opts.preset ? { preset: this.#opts.preset } : {});
    return this.#stdlib;
  }

  #extraPackRules(): Promise<readonly Rule[]> {
    this.#packRules ??= (async () => {
      const paths = this.#opts.packs ?? [];
      if (paths.length === 0) return [];
      const pack = await loadPacks(paths);
      if (pack.problems.length) throw new ServerError('CONFIG', `the rule packs do not validate:\n${pack.problems.map(formatProblem).join('\n')}`);
      return pack.rules.map((r) => r.rule);
    })();
    return this.#packRules;
  }

  /** Parameter overrides: the options' own, plus department codes for `department` parameters. */
  #paramsFor(rules: readonly Rule[]): ParamOverrides {
    const out: Record<string, Record<string, unknown>> = {};
    const codes = this.#opts.departmentCodes ?? {};
    const ids = new Set(rules.map((r) => r.id));
    for (const r of rules) {
      const def = r.params?.['department']?.default;
      if (typeof def === 'string' && codes[def] !== undefined) out[r.id] = { department: codes[def] };
    }
    for (const [id, o] of Object.entries(this.#opts.params ?? {})) if (ids.has(id)) out[id] = { ...out[id], ...o };
    return out;
  }

  /** Validates a rule the way `loadPacks` does (schema, then semantics). */
  async validateRule(rule: unknown): Promise<{ rule: Rule; problems: string[] }> {
    const dir = await mkdtemp(join(tmpdir(), 'sunshine-rule-'));
    try {
      // Named after the rule, as a one-rule pack file must be (a bad id is reported by the schema).
      const id = (rule as { id?: unknown } | null)?.id;
      const file = join(dir, `${typeof id === 'string' && /^[a-z][a-z0-9-]*$/.test(id) ? id : 'rule'}.json`);
      await writeFile(file, JSON.stringify(rule, null, 2));
      const pack = await loadPacks([file]);
      const problems = pack.problems.map((x) => `${x.pointer || '/'}: ${x.message}${x.suggestion ? ` (did you mean \`${x.suggestion}\`?)` : ''}`);
      if (problems.length === 0 && pack.rules.length !== 1) problems.push('/: give exactly one rule');
      return { rule: pack.rules[0]?.rule as Rule, problems };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Saves a new version of a custom rule after validating it. Only the discipline commission
   * writes rules; a rule id of the standard library is refused.
   */
  async saveCustomRule(p: Principal, rule: unknown, note?: string): Promise<RuleInfo> {
    this.#requireDiscipline(p, 'writes custom rules');
    const { rule: valid, problems } = await this.validateRule(rule);
    if (problems.length) throw new ServerError('INVALID_RULE', `the rule does not validate: ${problems[0]!}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { problems });
    const taken = [...(await this.#stdlibRules()), ...(await this.#extraPackRules())].some((r) => r.id === valid.id);
    if (taken) throw new ServerError('CONFLICT', `rule id \`${valid.id}\` belongs to the standard library or a configured pack; choose another id`);
    const row = await this.store.insertCustomRuleVersion(
      { rule_id: valid.id, rule: JSON.stringify(valid), enabled: 1, note: note ?? null, created_by: p.id },
      { actor: p.id, role: p.role, action: 'rule.save', target: '', detail: { rule_version: valid.version } },
    );
    return this.#customInfo(valid, row.version_no, true, row.created_by, row.created_at);
  }

  /** Disables (or enables again) a custom rule: a new version with the same rule. */
  async setCustomRuleEnabled(p: Principal, ruleId: string, enabled: boolean): Promise<RuleInfo> {
    this.#requireDiscipline(p, 'changes custom rules');
    const latest = (await this.store.customRuleVersions(ruleId))[0];
    if (!latest) throw new ServerError('NOT_FOUND', `no custom rule \`${ruleId}\``);
    const row = await this.store.insertCustomRuleVersion(
      { rule_id: ruleId, rule: latest.rule, enabled: enabled ? 1 : 0, note: enabled ? 'enabled' : 'disabled', created_by: p.id },
      { actor: p.id, role: p.role, action: enabled ? 'rule.enable' : 'rule.disable', target: '' },
    );
    return this.#customInfo(JSON.parse(row.rule) as Rule, row.version_no, enabled, row.created_by, row.created_at);
  }

  async customRuleVersions(p: Principal, ruleId: string): Promise<RuleInfo[]> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see rule versions');
    const rows = await this.store.customRuleVersions(ruleId);
    if (rows.length === 0) throw new ServerError('NOT_FOUND', `no custom rule \`${ruleId}\``);
    return rows.map((r) => ({ ...this.#customInfo(JSON.parse(r.rule) as Rule, r.version_no, r.enabled === 1, r.created_by, r.created_at), rule: JSON.parse(r.rule) as unknown }));
  }

  #customInfo(rule: Rule, versionNo: number, enabled: boolean, by: string | null, at: string | null, source: 'custom' | 'pack' = 'custom'): RuleInfo {
    const dept = rule.department;
    return {
      id: rule.id,
      source,
      version: rule.version,
      version_no: source === 'custom' ? versionNo : null,
      enabled,
      category: rule.category,
      severity: rule.severity,
      title: rule.title,
      description: rule.description,
      department: dept === undefined ? { zh: '—', en: '—' } : /^funds?(\[0\])?\.department_code$/.test(dept) ? { zh: '资金主管部门', en: "the fund's department" } : { zh: dept, en: dept },
      datasets: [rule.subject.dataset],
      key: rule.key,
      params: Object.entries(rule.params ?? {}).map(([name, d]) => ({ name, type: d.type, default: d.default })),
      created_by: by,
      created_at: at,
    };
  }

  /** The rule catalogue: the standard library, configured packs and custom rules. */
  async catalogue(): Promise<RuleInfo[]> {
    this.#catalogue ??= catalogueEntries();
    const preset = new Set((await this.#stdlibRules()).map((r) => r.id));
    const std: RuleInfo[] = (await this.#catalogue).map((e) => ({
      id: e.id,
      source: 'stdlib',
      version: e.version,
      version_no: null,
      enabled: preset.has(e.id),
      category: e.category,
      severity: e.severity,
      title: e.title,
      description: e.description,
      department: { zh: e.department.zh, en: e.department.en },
      datasets: e.datasets,
      key: e.key,
      params: e.params.map((x) => ({ name: x.name, type: x.type, default: x.default })),
      created_by: null,
      created_at: null,
    }));
    const packs = (await this.#extraPackRules()).map((r) => this.#customInfo(r, 0, true, null, null, 'pack'));
    const custom = (await this.store.latestCustomRules()).map((r) => this.#customInfo(JSON.parse(r.rule) as Rule, r.version_no, r.enabled === 1, r.created_by, r.created_at));
    return [...std, ...packs, ...custom];
  }

  // ---- runs ------------------------------------------------------------------------------

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Runs the rules over an import (the latest by default) and turns the findings into alerts:
   * new fingerprints become new alerts (pushed at once to a known department), known ones are
   * updated, and a dismissed alert whose evidence changed opens again as new with a note.
   */
  async run(p: Principal | undefined, options: { importId?: string | undefined; asOf?: string | undefined; trigger?: 'manual' | 'schedule' } = {}): Promise<RunSummary> {
    this.#requireDiscipline(p, 'starts runs');
    if (this.#running) throw new ServerError('CONFLICT', 'a run is in progress; wait for it to finish');
    const work = this.#run(p, options);
    this.#running = work;
    try {
      return await work;
    } finally {
      this.#running = undefined;
    }
  }

  async #run(p: Principal | undefined, options: { importId?: string | undefined; asOf?: string | undefined; trigger?: 'manual' | 'schedule' }): Promise<RunSummary> {
    const imp = options.importId ? await this.store.importById(options.importId) : await this.store.latestImport();
    if (!imp) throw new ServerError(options.importId ? 'NOT_FOUND' : 'NO_DATA', options.importId ? `no import \`${options.importId}\`` : 'nothing imported yet: import a data folder, an upload or the configured store first');
    const tables = await this.#importTables(imp.id);
    const missing = JSON.parse(imp.missing) as string[];
    const present = new Map([...tables].filter(([d]) => !missing.includes(d)));
    // Never the wall clock: an import from last year, run today, answers as of its own last day.
    const asOf = options.asOf ?? this.#opts.asOf ?? latestDateIn(present);
    if (asOf === undefined) {
      throw new ServerError('BAD_REQUEST', `import \`${imp.id}\` holds no date to run as of (none of ${asOfFields().map((f) => `${f.dataset}.${f.field}`).join(', ')} has a value); give \`as_of\` (or start the server with --as-of)`);
    }
    const std = await this.#stdlibRules();
    const packs = await this.#extraPackRules();
    const customRows = (await this.store.latestCustomRules()).filter((r) => r.enabled === 1);
    const custom = customRows.map((r) => JSON.parse(r.rule) as Rule);
    const rules = [...std, ...packs, ...custom];
    const params = this.#paramsFor(rules);
    // Planning every rule costs more than running them on a small county: reuse the engine while
    // rules, parameters and asOf stay the same.
    const engineKey = JSON.stringify([asOf, params, rules.map((r) => `${r.id}@${r.version}`), customRows.map((r) => `${r.rule_id}#${r.version_no}`)]);
    let engine = this.#engine?.key === engineKey ? this.#engine.engine : undefined;
    if (!engine) {
      try {
        engine = createEngine({ rules, params, asOf });
      } catch (e) {
        throw new ServerError('BAD_REQUEST', `cannot start the run: ${(e as Error).message}`, {}, { cause: e });
      }
      this.#engine = { key: engineKey, engine };
    }
    const run = await this.store.insertRun({
      id: randomUUID(),
      import_id: imp.id,
      as_of: asOf,
      trigger_kind: options.trigger ?? 'manual',
      started_by: p?.id ?? null,
      rules: JSON.stringify({ preset: this.#opts.preset ?? 'all', packs: packs.map((r) => `${r.id}@${r.version}`), custom: Object.fromEntries(customRows.map((r) => [r.rule_id, r.version_no])) }),
      params: JSON.stringify(params),
    });
    try {
      const result = await engine.run(present);
      const ruleVersion = new Map<string, string>(rules.map((r) => [r.id, r.version]));
      for (const r of customRows) ruleVersion.set(r.rule_id, `${(JSON.parse(r.rule) as Rule).version}#v${r.version_no}`);
      const counts = await this.#syncFindings(run, imp.id, result.findings, ruleVersion);
      await this.store.write(async (tx) => {
        await tx.run('UPDATE runs SET status = ?, finished_at = ?, rules_run = ?, rules_skipped = ?, findings = ?, created_alerts = ?, reopened_alerts = ?, updated_alerts = ? WHERE id = ?', [
          'done',
          this.#nowIso(),
          result.rulesRun.length,
          JSON.stringify(result.rulesSkipped.map((s) => ({ rule: s.rule, reason: s.reason }))),
          result.findings.length,
          counts.created,
          counts.reopened,
          counts.updated,
          run.id,
        ]);
        await this.store.appendAudit(tx, [{ actor: p?.id ?? 'system', role: p?.role ?? 'system', action: 'run.finish', target: `run:${run.id}`, detail: { findings: result.findings.length, ...counts } }]);
      });
      await this.escalateOverdue();
    } catch (e) {
      await this.store.failRun(run.id, (e as Error).message);
      throw e instanceof ServerError ? e : new ServerError('BAD_REQUEST', `the run failed: ${(e as Error).message}`, {}, { cause: e });
    }
    return runSummary((await this.store.runById(run.id))!);
  }

  async listRuns(p: Principal): Promise<RunSummary[]> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see runs');
    return (await this.store.listRuns()).map(runSummary);
  }

  async getRun(p: Principal, id: string): Promise<RunSummary> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see runs');
    const r = await this.store.runById(id);
    if (!r) throw new ServerError('NOT_FOUND', `no run \`${id}\``);
    return runSummary(r);
  }

  #dueAt(fromIso: string): string {
    return new Date(new Date(fromIso).getTime() + (this.#opts.verifyDays ?? 15) * DAY_MS).toISOString();
  }

  #event(alertId: string, actor: Actor, action: string, from: string | null, to: string, reason: string | null, detail: Record<string, unknown> = {}): Omit<AlertEventRow, 'seq'> {
    return {
      id: randomUUID(),
      alert_id: alertId,
      at: this.#nowIso(),
      actor_id: actor.id,
      actor_name: actor.name,
      actor_role: actor.role,
      action,
      from_state: from,
      to_state: to,
      reason,
      detail: JSON.stringify(detail),
    };
  }

  #transitionAudit(actor: Actor, alertId: string, action: string, from: string | null, to: string, reason: string | null, extra: Record<string, unknown> = {}): AuditInput {
    return { actor: actor.id, role: actor.role, action: `alert.${action}`, target: `alert:${alertId}`, detail: { from, to, reason, ...extra } };
  }

  async #syncFindings(run: RunRow, importId: string, findings: readonly Finding[], ruleVersion: ReadonlyMap<string, string>): Promise<{ created: number; reopened: number; updated: number }> {
    const known = new Set((await this.store.departments(importId)).map((d) => d.department_code));
    const autoPush = this.#opts.autoPush ?? true;
    return this.store.write(async (tx) => {
      const index = await this.store.alertIndex('engine', tx);
      let seq = await this.store.nextAlertSeq(tx);
      const now = this.#nowIso();
      const inserts: AlertRow[] = [];
      const events: Omit<AlertEventRow, 'seq'>[] = [];
      const audits: AuditInput[] = [];
      const seen: string[] = [];
      let created = 0;
      let reopened = 0;
      let updated = 0;
      const pushable = (f: Finding): boolean => autoPush && f.department_code !== null && known.has(f.department_code);
      for (const f of findings) {
        const existing = index.get(f.fingerprint);
        const content = {
          rule_version: ruleVersion.get(f.rule) ?? '',
          category: f.category,
          severity: f.severity,
          department_code: f.department_code,
          town_code: f.town_code,
          village_code: f.village_code,
          id_number: f.id_number,
          title_zh: f.title.zh,
          title_en: f.title.en,
          message_zh: f.message.zh,
          message_en: f.message.en,
          evidence: JSON.stringify(f.evidence),
          evidence_hash: f.evidence_hash,
          last_run_id: run.id,
          updated_at: now,
        };
        if (!existing) {
          const id = randomUUID();
          const push = pushable(f);
          inserts.push({
            id,
            seq: seq++,
            fingerprint: f.fingerprint,
            source: 'engine',
            rule: f.rule,
            alert_key: f.key,
            ...content,
            state: push ? 'pushed' : 'new',
            escalated: 0,
            escalated_at: null,
            pushed_at: push ? now : null,
            due_at: push ? this.#dueAt(now) : null,
            first_run_id: run.id,
            created_at: now,
          });
          events.push(this.#event(id, SYSTEM, 'create', null, 'new', `run #${run.seq}`, { run_id: run.id }));
          if (push) {
            events.push(this.#event(id, SYSTEM, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
            audits.push(this.#transitionAudit(SYSTEM, id, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
          }
          created++;
        } else if (existing.state === 'dismissed' && existing.evidence_hash !== f.evidence_hash) {
          const push = pushable(f);
          const note = `evidence changed since the dismissal (run #${run.seq})`;
          await this.store.updateAlert(tx, existing.id, { ...content, state: push ? 'pushed' : 'new', escalated: 0, escalated_at: null, pushed_at: push ? now : null, due_at: push ? this.#dueAt(now) : null });
          events.push(this.#event(existing.id, SYSTEM, 'reopen', 'dismissed', 'new', note, { run_id: run.id, previous_evidence_hash: existing.evidence_hash, evidence_hash: f.evidence_hash }));
          audits.push(this.#transitionAudit(SYSTEM, existing.id, 'reopen', 'dismissed', 'new', note));
          if (push) {
            events.push(this.#event(existing.id, SYSTEM, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
            audits.push(this.#transitionAudit(SYSTEM, existing.id, 'push', 'new', 'pushed', null, { department_code: f.department_code }));
          }
          reopened++;
        } else if (existing.evidence_hash !== f.evidence_hash) {
          await this.store.updateAlert(tx, existing.id, existing.state === 'new' || existing.state === 'pushed' ? content : { evidence: content.evidence, evidence_hash: content.evidence_hash, message_zh: content.message_zh, message_en: content.message_en, last_run_id: run.id, updated_at: now });
          events.push(this.#event(existing.id, SYSTEM, 'evidence-updated', existing.state, existing.state, `run #${run.seq}`, { previous_evidence_hash: existing.evidence_hash, evidence_hash: f.evidence_hash }));
          updated++;
        } else {
          seen.push(existing.id);
        }
      }
      for (let i = 0; i < seen.length; i += 500) {
        const ids = seen.slice(i, i + 500);
        await tx.run(`UPDATE alerts SET last_run_id = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [run.id, ...ids]);
      }
      await this.store.insertAlerts(tx, inserts);
      await this.store.insertEvents(tx, events);
      await this.store.appendAudit(tx, audits);
      return { created, reopened, updated };
    });
  }

  /**
   * Escalates every alert whose verification is overdue to the discipline commission (once),
   * and returns how many it escalated.
   */
  async escalateOverdue(p?: Principal): Promise<number> {
    this.#requireDiscipline(p, 'checks escalations');
    const nowIso = this.#nowIso();
    return this.store.write(async (tx) => {
      const overdue = await this.store.overdueAlerts(nowIso, tx);
      const events: Omit<AlertEventRow, 'seq'>[] = [];
      const audits: AuditInput[] = [];
      for (const a of overdue) {
        const reason = `verification overdue since ${a.due_at!.slice(0, 10)} (${this.#opts.verifyDays ?? 15} days after it was pushed)`;
        await this.store.updateAlert(tx, a.id, { escalated: 1, escalated_at: nowIso, updated_at: nowIso });
        events.push(this.#event(a.id, SYSTEM, 'escalate', a.state, a.state, reason, { to: 'discipline' }));
        audits.push(this.#transitionAudit(SYSTEM, a.id, 'escalate', a.state, a.state, reason));
      }
      await this.store.insertEvents(tx, events);
      await this.store.appendAudit(tx, audits);
      return overdue.length;
    });
  }

  // ---- alerts ----------------------------------------------------------------------------

  /** The alert queue within the caller's jurisdiction. */
  async listAlerts(p: Principal, filter: AlertFilter, limit = 50, offset = 0): Promise<{ total: number; alerts: AlertSummary[] }> {
    const { total, rows } = await this.store.listAlerts(alertScope(p), filter, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0));
    if (rows.length > 0) {
      await this.store.audit({ actor: p.id, role: p.role, action: 'alert.list', target: 'alerts', detail: { filter, count: rows.length, ids: rows.map((r) => r.seq) } });
    }
    return { total, alerts: rows.map(alertSummary) };
  }

  async facets(p: Principal): Promise<Awaited<ReturnType<ServerStore['alertFacets']>> & { villages: { village_code: string; village_name: string | null; town_code: string | null; town_name: string | null }[]; departments: { department_code: string; name: string | null }[] }> {
    const facets = await this.store.alertFacets(alertScope(p));
    const imp = await this.store.latestImport();
    const villages = imp ? await this.store.regions(imp.id, villageScope(p)) : [];
    const allDepartments = imp ? await this.store.departments(imp.id) : [];
    const departments = p.role === 'department' ? allDepartments.filter((d) => d.department_code === p.departmentCode) : p.role === 'citizen' ? [] : allDepartments;
    return { ...facets, villages, departments };
  }

  async #alertInScope(p: Principal, id: string, tx?: SqlExecutor): Promise<AlertRow> {
    const row = await this.store.alertById(id, alertScope(p), tx);
    if (!row) throw new ServerError('NOT_FOUND', `no alert \`${id}\` within your jurisdiction`);
    return row;
  }

  /** One alert with its evidence and history; the read is logged (it holds personal data). */
  async getAlert(p: Principal, id: string): Promise<AlertDetail> {
    const row = await this.#alertInScope(p, id);
    const [events, attachments] = await Promise.all([this.store.eventsOf(id), this.store.attachmentsOf(id)]);
    await this.store.audit({ actor: p.id, role: p.role, action: 'alert.read', target: `alert:${id}`, detail: { seq: row.seq, id_number: row.id_number } });
    const evidence = JSON.parse(row.evidence) as EvidenceRecord[];
    return {
      ...alertSummary(row),
      // Bank accounts stay with staff: a citizen sees their dispute's records without them.
      evidence: p.role === 'citizen' ? evidence.map((e) => ({ ...e, record: Object.fromEntries(Object.entries(e.record).filter(([k]) => !k.includes('account'))) })) : evidence,
      events: events.map((e) => eventView(e, p)),
      attachments,
      actions: p.role === 'citizen' ? [] : allowedActions(row.state as AlertState, p.role),
    };
  }

  /** Why the rule reported this alert (engine.explain over the data of its last run). */
  async explain(p: Principal, id: string): Promise<RuleExplanation> {
    if (p.role === 'citizen') throw new ServerError('FORBIDDEN', 'citizens do not see explanations');
    const row = await this.#alertInScope(p, id);
    if (row.source !== 'engine' || !row.last_run_id) throw new ServerError('NOT_FOUND', `alert #${row.seq} was not reported by a rule (it is a ${row.source}); there is nothing to explain`);
    const run = await this.store.runById(row.last_run_id);
    if (!run) throw new ServerError('NOT_FOUND', `the run of alert #${row.seq} is gone`);
    const rule = await this.#ruleOf(row.rule, row.rule_version);
    const params = (JSON.parse(run.params) as Record<string, Record<string, unknown>>)[rule.id];
    const engine = createEngine({ rules: [rule], ...(params ? { params: { [rule.id]: params } } : {}), asOf: run.as_of });
    const tables = await this.#importTables(run.import_id);
    const explanation = engine.explain(tables, rule.id, row.alert_key);
    if (!explanation) throw new ServerError('NOT_FOUND', `rule \`${rule.id}\` has no subject with key \`${row.alert_key}\` in the data of run #${run.seq}`);
    await this.store.audit({ actor: p.id, role: p.role, action: 'alert.explain', target: `alert:${id}`, detail: { seq: row.seq, id_number: row.id_number } });
    return explanation;
  }

  async #ruleOf(ruleId: string, ruleVersion: string): Promise<Rule> {
    const custom = /#v(\d+)$/.exec(ruleVersion);
    if (custom) {
      const row = await this.store.customRuleVersion(ruleId, Number(custom[1]));
      if (row) return JSON.parse(row.rule) as Rule;
    }
    const rule = [...(await this.#stdlibRules()), ...(await this.#extraPackRules())].find((r) => r.id === ruleId);
    if (!rule) throw new ServerError('NOT_FOUND', `rule \`${ruleId}\` is no longer available`);
    return rule;
  }

  /** Takes an action on an alert (the alert lifecycle), with its reason and attachments. */
  async transition(p: Principal, id: string, input: TransitionInput): Promise<AlertDetail> {
    if (!Object.hasOwn(TRANSITIONS, input.action)) throw new ServerError('BAD_REQUEST', `unknown action \`${input.action}\``);
    const rule = TRANSITIONS[input.action];
    const reason = input.reason?.trim() || null;
    const attachments = input.attachments ?? [];
    const maxBytes = this.#opts.maxAttachmentBytes ?? 5 * 1024 * 1024;
    const files = attachments.map((a) => {
      const buf = Buffer.from(a.content_base64, 'base64');
      if (buf.length > maxBytes) throw new ServerError('BAD_REQUEST', `attachment \`${a.name}\` is ${buf.length} bytes; the limit is ${maxBytes}`);
      return { ...a, buf };
    });
    await this.store.write(async (tx) => {
      const row = await this.#alertInScope(p, id, tx);
      if (!rule.roles.includes(p.role)) throw new ServerError('FORBIDDEN', `the ${p.role} role may not \`${input.action}\` an alert (allowed: ${rule.roles.join(', ')})`);
      const from = row.state as AlertState;
      if (!rule.from.includes(from)) throw new ServerError('INVALID_TRANSITION', `cannot \`${input.action}\` an alert that is \`${from}\` (only from ${rule.from.map((s) => `\`${s}\``).join(', ')})`);
      if (rule.reasonRequired && !reason) throw new ServerError('REASON_REQUIRED', `\`${input.action}\` needs a \`reason\``);
      const to = rule.to ?? from;
      const now = this.#nowIso();
      const detail: Record<string, unknown> = {};
      const set: Partial<AlertRow> = { state: to, updated_at: now };
      if (input.action === 'push') {
        const dept = input.department_code ?? row.department_code;
        if (!dept) throw new ServerError('BAD_REQUEST', 'this alert has no department: give `department_code` to route it');
        set.department_code = dept;
        set.pushed_at = now;
        set.due_at = this.#dueAt(now);
        set.escalated = 0;
        set.escalated_at = null;
        detail['department_code'] = dept;
      }
      if (!VERIFICATION_STATES.includes(to) && to !== from) set.due_at = null;
      const event = this.#event(id, p, input.action, from, to, reason, detail);
      const atts: AttachmentRow[] = files.map((f) => ({ id: randomUUID(), alert_id: id, event_id: event.id, name: f.name, media_type: f.media_type, size: f.buf.length, sha256: sha256(f.buf), content: f.content_base64, created_at: now }));
      if (atts.length) event.detail = JSON.stringify({ ...detail, attachments: atts.map((a) => ({ id: a.id, name: a.name, sha256: a.sha256 })) });
      await this.store.updateAlert(tx, id, set);
      await this.store.insertEvents(tx, [event]);
      await this.store.insertAttachments(tx, atts);
      await this.store.appendAudit(tx, [this.#transitionAudit(p, id, input.action, from, to, reason, { seq: row.seq, ...detail, attachments: atts.map((a) => a.sha256) })]);
    });
    return this.getAlert(p, id);
  }

  /** An attachment's bytes; the read is logged. */
  async attachment(p: Principal, alertId: string, attachmentId: string): Promise<{ name: string; media_type: string; content: Buffer }> {
    await this.#alertInScope(p, alertId);
    const a = await this.store.attachment(alertId, attachmentId);
    if (!a) throw new ServerError('NOT_FOUND', `no attachment \`${attachmentId}\` on this alert`);
    await this.store.audit({ actor: p.id, role: p.role, action: 'attachment.read', target: `alert:${alertId}`, detail: { attachment: attachmentId, sha256: a.sha256 } });
    return { name: a.name, media_type: a.media_type, content: Buffer.from(a.content, 'base64') };
  }

  // ---- people, disclosure, disputes --------------------------------------------------------

  async #latestImportOrFail(): Promise<ImportRow> {
    const imp = await this.store.latestImport();
    if (!imp) throw new ServerError('NO_DATA', 'nothing imported yet');
    return imp;
  }

  /**
   * A person's payments within the caller's jurisdiction. A citizen may ask only for their own
   * ID number. Bank accounts are never returned. The read is logged.
   */
  async personPayments(p: Principal, idNumber: string): Promise<PaymentView[]> {
    const id = idNumber.trim().toUpperCase();
    if (p.role === 'citizen' && id !== p.idNumber) {
      await this.store.audit({ actor: p.id, role: p.role, action: 'person.payments.denied', target: `person:${id}` });
      throw new ServerError('FORBIDDEN', 'a citizen may look up only their own payments');
    }
    const imp = await this.#latestImportOrFail();
    const rows = await this.store.paymentsOf(imp.id, id, paymentScope(p));
    await this.store.audit({ actor: p.id, role: p.role, action: 'person.payments', target: `person:${id}`, detail: { count: rows.length } });
    return rows.map((r) => ({ ...r, amount: r.amount }));
  }

  /**
   * The public disclosure (公示) of one village: per fund, recipients and amounts with names
   * and ID numbers masked. A citizen sees their own village's; staff, villages in their
   * jurisdiction (a department, its own funds). Without `period`, each fund's latest period —
   * what the village notice board shows now.
   */
  async disclosure(p: Principal, villageCode: string | undefined, fundCode?: string, period?: string): Promise<Disclosure> {
    const village = villageCode ?? p.villageCode ?? undefined;
    if (!village) throw new ServerError('BAD_REQUEST', 'give `village_code`');
    if (p.role === 'citizen' && village !== p.villageCode) throw new ServerError('FORBIDDEN', "a citizen sees only their own village's disclosure");
    const imp = await this.#latestImportOrFail();
    const region = (await this.store.regions(imp.id, { where: 'village_code = ?', params: [village] }))[0];
    const rows = await this.store.villagePayments(imp.id, village, disclosureScope(p), fundCode, period ?? 'latest');
    const funds = new Map<string, { fund_code: string; fund_name: string | null; department_code: string | null; ids: Set<string>; total: number; payments: { name: string; id_number: string; period: string; pay_date: string; amount: number }[] }>();
    for (const r of rows) {
      let f = funds.get(r.fund_code);
      if (!f) funds.set(r.fund_code, (f = { fund_code: r.fund_code, fund_name: r.fund_name, department_code: r.department_code, ids: new Set(), total: 0, payments: [] }));
      f.ids.add(r.id_number);
      f.total += r.amount;
      f.payments.push({ name: maskName(r.name), id_number: maskIdNumber(r.id_number), period: r.period, pay_date: r.pay_date, amount: r.amount });
    }
    await this.store.audit({ actor: p.id, role: p.role, action: 'disclosure.read', target: `village:${village}`, detail: { fund_code: fundCode ?? null, period: period ?? null, count: rows.length } });
    return {
      village_code: village,
      village_name: region?.village_name ?? null,
      town_name: region?.town_name ?? null,
      funds: [...funds.values()].map(({ ids, ...f }) => ({ ...f, recipients: ids.size })),
    };
  }

  /** A citizen reports a payment of theirs they did not receive: it becomes an alert. */
  async dispute(p: Principal, paymentId: string, reason: string): Promise<{ created: boolean; alert: AlertDetail }> {
    if (p.role !== 'citizen' || !p.idNumber) throw new ServerError('FORBIDDEN', 'only a citizen disputes their own payments');
    if (!reason.trim()) throw new ServerError('REASON_REQUIRED', 'say what is wrong in `reason`');
    const imp = await this.#latestImportOrFail();
    const pay = await this.store.paymentById(imp.id, paymentId, paymentScope(p));
    if (!pay) throw new ServerError('NOT_FOUND', `no payment \`${paymentId}\` of yours`);
    const fingerprint = sha256(`citizen-dispute|${pay.payment_id}`).slice(0, 32);
    const record = (await this.#paymentRecord(imp.id, pay.payment_id)) ?? { ...pay };
    const evidence: EvidenceRecord[] = [
      { role: 'subject', dataset: 'payments', id: pay.payment_id, record },
      { role: 'statement', dataset: 'citizen_disputes', id: null, record: { id_number: p.idNumber, name: p.name, reason: reason.trim() } },
    ];
    const evidenceHash = sha256(JSON.stringify(evidence)).slice(0, 32);
    const known = new Set((await this.store.departments(imp.id)).map((d) => d.department_code));
    const push = (this.#opts.autoPush ?? true) && pay.department_code !== null && known.has(pay.department_code);
    const yuan = (pay.amount / 100).toFixed(2);
    const result = await this.store.write(async (tx) => {
      const existing = await this.store.alertByFingerprint(fingerprint, tx);
      if (existing) return { created: false, id: existing.id };
      const id = randomUUID();
      const now = this.#nowIso();
      await this.store.insertAlerts(tx, [
        {
          id,
          seq: await this.store.nextAlertSeq(tx),
          fingerprint,
          source: 'dispute',
          rule: 'citizen-dispute',
          rule_version: '1',
          category: 'payment',
          severity: 'high',
          alert_key: pay.payment_id,
          department_code: pay.department_code,
          town_code: pay.town_code,
          village_code: pay.village_code,
          id_number: p.idNumber,
          title_zh: '群众反映未收到补贴',
          title_en: 'Citizen reports a payment not received',
          message_zh: `${p.name}反映未收到${pay.period}期${pay.fund_name ?? pay.fund_code}${yuan}元（${pay.payment_id}）：${reason.trim()}`,
          message_en: `${p.name} reports not receiving ${yuan} yuan of ${pay.fund_name ?? pay.fund_code} for ${pay.period} (${pay.payment_id}): ${reason.trim()}`,
          evidence: JSON.stringify(evidence),
          evidence_hash: evidenceHash,
          state: push ? 'pushed' : 'new',
          escalated: 0,
          escalated_at: null,
          pushed_at: push ? now : null,
          due_at: push ? this.#dueAt(now) : null,
          first_run_id: null,
          last_run_id: null,
          created_at: now,
          updated_at: now,
        },
      ]);
      const events = [this.#event(id, p, 'create', null, 'new', reason.trim(), { payment_id: pay.payment_id })];
      const audits = [this.#transitionAudit(p, id, 'dispute', null, 'new', reason.trim(), { payment_id: pay.payment_id })];
      if (push) {
        events.push(this.#event(id, SYSTEM, 'push', 'new', 'pushed', null, { department_code: pay.department_code }));
        audits.push(this.#transitionAudit(SYSTEM, id, 'push', 'new', 'pushed', null, { department_code: pay.department_code }));
      }
      await this.store.insertEvents(tx, events);
      await this.store.appendAudit(tx, audits);
      return { created: true, id };
    });
    return { created: result.created, alert: await this.getAlert(p, result.id) };
  }

  async #paymentRecord(importId: string, paymentId: string): Promise<Readonly<Record<string, string | number | null>> | undefined> {
    const rows = await this.store.db.all<{ data: string }>("SELECT data FROM import_records WHERE import_id = ? AND dataset = 'payments' AND data LIKE ?", [importId, `%"payment_id":${JSON.stringify(paymentId)}%`]);
    for (const r of rows) {
      const rec = JSON.parse(r.data) as Record<string, string | number | null>;
      if (rec['payment_id'] === paymentId) return rec;
    }
    return undefined;
  }

  // ---- audit -----------------------------------------------------------------------------

  async auditLog(p: Principal, options: { before?: number | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
    this.#requireDiscipline(p, 'reads the audit log');
    return this.store.auditEntries({ ...(options.before === undefined ? {} : { afterSeq: options.before }), limit: Math.min(options.limit ?? 100, 1000), descending: true });
  }

  async verifyAudit(p: Principal): Promise<AuditVerification> {
    this.#requireDiscipline(p, 'verifies the audit log');
    const v = await this.store.verifyAudit();
    await this.store.audit({ actor: p.id, role: p.role, action: 'audit.verify', target: 'audit_log', detail: { ok: v.ok, entries: v.entries, ...(v.broken ? { broken: v.broken.seq } : {}) } });
    return v;
  }
}
