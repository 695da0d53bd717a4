/**
 * The server's behaviour, independent of HTTP: sign-in and sessions, imports, runs and their
 * alerts, the alert lifecycle, escalation, custom rules, citizen look-up, disputes, public
 * disclosure and the audit log. Every method that reads or changes rows takes the caller's
 * {@link Principal} and applies its jurisdiction in the store's queries.
 *
 * This class is the one entry point; each part lives in a file of its own (accounts, imports,
 * rule-book, runs, alerts, citizens, audit-log) over a shared {@link ServiceContext}.
 */
import type { ProblemLang, RuleExplanation, Rule } from '@sunshine/core';
import type { AuditCheckpoint } from '../domain/audit-anchor.js';
import type { AuditEntry } from '../domain/audit-chain.js';
import type { Principal } from '../domain/principal.js';
import type { AlertFilter, ServerStore, UserRow } from '../store/server-store.js';
import { Accounts } from './accounts.js';
import type { AlertDetail, AlertSummary } from './alert-view.js';
import { Alerts } from './alerts.js';
import { AuditLog, type AuditReport } from './audit-log.js';
import { Citizens } from './citizens.js';
import { Imports, type ImportOptions } from './imports.js';
import { RuleBook } from './rule-book.js';
import { RuleRunner } from './rule-runner.js';
import { Runs } from './runs.js';
import { ServiceContext } from './service-context.js';
import { Statistics } from './statistics.js';
import type { Disclosure, ImportSummary, PaymentView, RuleInfo, RunSummary, ServiceOptions, SessionGrant, TransitionInput, UploadFile } from './service-types.js';

export type { AttachmentInput, Disclosure, ImportSummary, PaymentView, RuleInfo, RunSummary, ServiceOptions, SessionGrant, TransitionInput, UploadFile } from './service-types.js';

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
  readonly #ctx: ServiceContext;
  readonly #accounts: Accounts;
  readonly #imports: Imports;
  readonly #rules: RuleBook;
  readonly #runs: Runs;
  readonly #alerts: Alerts;
  readonly #citizens: Citizens;
  readonly #audit: AuditLog;
  readonly #runner = new RuleRunner();
  /** Statistics (GET /api/stats); other parts add their figures with `statistics.addSection`. */
  readonly statistics: Statistics;

  constructor(store: ServerStore, options: ServiceOptions = {}, now: () => Date = () => new Date()) {
    this.store = store;
    this.#ctx = new ServiceContext(store, Object.freeze({ ...options }), now);
    this.#accounts = new Accounts(this.#ctx);
    this.#imports = new Imports(this.#ctx);
    this.#rules = new RuleBook(this.#ctx);
    this.#alerts = new Alerts(this.#ctx, this.#imports, this.#rules, this.#runner);
    this.#runs = new Runs(this.#ctx, this.#imports, this.#rules, this.#alerts, this.#runner);
    this.#citizens = new Citizens(this.#ctx, this.#alerts);
    this.#audit = new AuditLog(this.#ctx);
    this.statistics = new Statistics(this.#ctx);
  }

  /** The context the service's parts share (the notifications hang off it). */
  get context(): ServiceContext {
    return this.#ctx;
  }

  get options(): ServiceOptions {
    return this.#ctx.opts;
  }

  /** Stops what the service runs besides requests (the rule worker). */
  close(): Promise<void> {
    return this.#runner.close();
  }

  // ---- accounts and sessions -----------------------------------------------------------

  /**
   * Creates a staff account. `by` is the discipline-commission user doing it, or undefined
   * for the admin command.
   */
  createUser(
    input: { username: string; password: string; display_name?: string | undefined; role: string; department_code?: string | null | undefined; town_code?: string | null | undefined; village_code?: string | null | undefined },
    by?: Principal,
  ): Promise<Omit<UserRow, 'password_hash'>> {
    return this.#accounts.createUser(input, by);
  }

  listUsers(p: Principal): Promise<Omit<UserRow, 'password_hash'>[]> {
    return this.#accounts.listUsers(p);
  }

  /** Staff sign-in with username and password. */
  signIn(username: string, password: string, client: string): Promise<SessionGrant> {
    return this.#accounts.signIn(username, password, client);
  }

  /**
   * Citizen sign-in: the ID number and the name must both match the persons registry of the
   * latest import. Attempts are rate limited and every one is logged.
   */
  citizenSignIn(idNumber: string, name: string, client: string): Promise<SessionGrant> {
    return this.#accounts.citizenSignIn(idNumber, name, client);
  }

  /**
   * Logs a sign-in request that could not be read (bad JSON, missing fields, too large) and
   * counts it against its address.
   */
  malformedSignIn(client: string, route: string, status: number, reason: string): Promise<void> {
    return this.#accounts.malformedSignIn(client, route, status, reason);
  }

  /**
   * The principal of a session token, or undefined when the token is unknown or expired.
   * Remembered for a few seconds (a burst of look-ups asks once); signing out forgets it at once.
   */
  authenticate(token: string): Promise<Principal | undefined> {
    return this.#accounts.authenticate(token);
  }

  signOut(token: string, p: Principal): Promise<void> {
    return this.#accounts.signOut(token, p);
  }

  // ---- imports ---------------------------------------------------------------------------

  /**
   * Imports a folder on the server's disk. Every import is refused (`IMPORT_REFUSED`, the last
   * import keeps serving) when it lacks persons or payments or keeps less than half of a
   * dataset's rows of the last import, unless `force` is set.
   */
  importFolder(p: Principal | undefined, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
    return this.#imports.importFolder(p, dir, options);
  }

  /** Imports files sent in the request (one per dataset: `payments.csv`, …). */
  importUpload(p: Principal | undefined, files: readonly UploadFile[], options: ImportOptions = {}): Promise<ImportSummary> {
    return this.#imports.importUpload(p, files, options);
  }

  /** Imports the configured store. */
  importConfigured(p: Principal | undefined, options: ImportOptions = {}): Promise<ImportSummary> {
    return this.#imports.importConfigured(p, options);
  }

  listImports(p: Principal): Promise<ImportSummary[]> {
    return this.#imports.listImports(p);
  }

  // ---- rules -----------------------------------------------------------------------------

  /** Validates a rule the way `loadPacks` does (schema, then semantics). */
  validateRule(rule: unknown, lang: ProblemLang = 'en'): Promise<{ rule: Rule; problems: string[] }> {
    return this.#rules.validateRule(rule, lang);
  }

  /**
   * Saves a new version of a custom rule after validating it. Only the discipline commission
   * writes rules; a rule id of the standard library is refused.
   */
  saveCustomRule(p: Principal, rule: unknown, note?: string, lang: ProblemLang = 'en'): Promise<RuleInfo> {
    return this.#rules.saveCustomRule(p, rule, note, lang);
  }

  /** Disables (or enables again) a custom rule: a new version with the same rule. */
  setCustomRuleEnabled(p: Principal, ruleId: string, enabled: boolean): Promise<RuleInfo> {
    return this.#rules.setCustomRuleEnabled(p, ruleId, enabled);
  }

  customRuleVersions(p: Principal, ruleId: string): Promise<RuleInfo[]> {
    return this.#rules.customRuleVersions(p, ruleId);
  }

  /** The rule catalogue: the standard library, configured packs and custom rules. */
  catalogue(): Promise<RuleInfo[]> {
    return this.#rules.catalogue();
  }

  // ---- runs ------------------------------------------------------------------------------

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.#runs.running;
  }

  /**
   * Runs the rules over an import (the latest by default) and turns the findings into alerts:
   * new fingerprints become new alerts (pushed at once to a known department), known ones are
   * updated, and a dismissed alert whose evidence changed opens again as new with a note.
   */
  run(p: Principal | undefined, options: { importId?: string | undefined; asOf?: string | undefined; trigger?: 'manual' | 'schedule' } = {}): Promise<RunSummary> {
    return this.#runs.run(p, options);
  }

  listRuns(p: Principal): Promise<RunSummary[]> {
    return this.#runs.listRuns(p);
  }

  getRun(p: Principal, id: string): Promise<RunSummary> {
    return this.#runs.getRun(p, id);
  }

  /**
   * Escalates every alert whose verification is overdue to the discipline commission (once),
   * and returns how many it escalated.
   */
  escalateOverdue(p?: Principal): Promise<number> {
    return this.#alerts.escalateOverdue(p);
  }

  // ---- alerts ----------------------------------------------------------------------------

  /** The alert queue within the caller's jurisdiction. */
  listAlerts(p: Principal, filter: AlertFilter, limit = 50, offset = 0): Promise<{ total: number; alerts: AlertSummary[] }> {
    return this.#alerts.listAlerts(p, filter, limit, offset);
  }

  facets(p: Principal): ReturnType<Alerts['facets']> {
    return this.#alerts.facets(p);
  }

  /** One alert with its evidence and history; the read is logged (it holds personal data). */
  getAlert(p: Principal, id: string): Promise<AlertDetail> {
    return this.#alerts.getAlert(p, id);
  }

  /** Why the rule reported this alert (engine.explain over the data of its last run). */
  explain(p: Principal, id: string): Promise<RuleExplanation> {
    return this.#alerts.explain(p, id);
  }

  /** Takes an action on an alert (the alert lifecycle), with its reason and attachments. */
  transition(p: Principal, id: string, input: TransitionInput): Promise<AlertDetail> {
    return this.#alerts.transition(p, id, input);
  }

  /** An attachment's bytes; the read is logged. */
  attachment(p: Principal, alertId: string, attachmentId: string): Promise<{ name: string; media_type: string; content: Buffer }> {
    return this.#alerts.attachment(p, alertId, attachmentId);
  }

  // ---- people, disclosure, disputes --------------------------------------------------------

  /**
   * A person's payments within the caller's jurisdiction. A citizen may ask only for their own
   * ID number. Bank accounts are never returned. The read is logged.
   */
  personPayments(p: Principal, idNumber: string): Promise<PaymentView[]> {
    return this.#citizens.personPayments(p, idNumber);
  }

  /**
   * The public disclosure (公示) of one village: per fund, recipients and amounts with names
   * and ID numbers masked. A citizen sees their own village's; staff, villages in their
   * jurisdiction (a department, its own funds). Without `period`, each fund's latest period —
   * what the village notice board shows now.
   */
  disclosure(p: Principal, villageCode: string | undefined, fundCode?: string, period?: string): Promise<Disclosure> {
    return this.#citizens.disclosure(p, villageCode, fundCode, period);
  }

  /** A citizen reports a payment of theirs they did not receive: it becomes an alert. */
  dispute(p: Principal, paymentId: string, reason: string): Promise<{ created: boolean; alert: AlertDetail }> {
    return this.#citizens.dispute(p, paymentId, reason);
  }

  // ---- audit -----------------------------------------------------------------------------

  auditLog(p: Principal, options: { before?: number | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
    return this.#audit.auditLog(p, options);
  }

  /**
   * Verifies the audit chain from its first entry, against the signed checkpoints (with an audit
   * key), and every alert's state against its event history.
   */
  verifyAudit(p: Principal): Promise<AuditReport> {
    return this.#audit.verifyAudit(p);
  }

  /** Appends a signed checkpoint of the audit chain's head (with an audit key; the server does it on a timer and at close). */
  checkpointAudit(): Promise<AuditCheckpoint | undefined> {
    return this.#audit.checkpoint();
  }
}
