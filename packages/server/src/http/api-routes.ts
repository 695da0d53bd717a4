/**
 * Every API route: its schema (validation, serialisation and the OpenAPI entry, with the roles
 * that may call it and the errors it answers) and a thin handler that calls the service with
 * the caller's principal.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import Type from 'typebox';
import { ROLE_NAMES, type Principal, type Role } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { SunshineService } from '../service/sunshine-service.js';
import * as S from './api-schemas.js';

type App = FastifyInstance<never, never, never, never, TypeBoxTypeProvider> | FastifyInstance;

export const SESSION_COOKIE = 'sunshine_session';

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request (validation, missing reason)',
  401: 'Not signed in, or the session expired',
  403: 'The role may not do this',
  404: "Not found within the caller's jurisdiction",
  409: 'Conflict (state does not allow it, a run in progress, nothing imported)',
  422: 'The rule does not validate, or the import is refused (a needed dataset missing, most rows lost)',
  413: 'The request body is too large',
  429: 'Too many sign-in attempts',
};

/** Who may call a route: roles, or `public` for no sign-in. */
export type Access = readonly Role[] | 'public';

const ALL: readonly Role[] = ['party', 'discipline', 'department', 'town', 'village', 'citizen'];
const STAFF: readonly Role[] = ['party', 'discipline', 'department', 'town', 'village'];
/** Staff who may change things (the party committee reads only). */
const ACTING_STAFF: readonly Role[] = ['discipline', 'department', 'town', 'village'];
const DISCIPLINE: readonly Role[] = ['discipline'];
/** Reads of the discipline commission, open to the party committee too. */
const OVERSIGHT: readonly Role[] = ['discipline', 'party'];
const CITIZEN: readonly Role[] = ['citizen'];

/** The schema part of a route: tags, summary, roles, errors, responses. */
function doc(d: { tag: string; summary: string; description?: string; access: Access; errors: readonly number[]; ok: TSchema | null; okStatus?: number; extra?: Record<string, unknown> }): Record<string, unknown> {
  const roles = d.access === 'public' ? 'public (no sign-in)' : d.access.map((r) => `${r} (${ROLE_NAMES[r].zh})`).join(', ');
  const errors = [...new Set([...(d.access === 'public' ? [] : [401, 403]), ...d.errors])].sort();
  const response: Record<string, unknown> = {};
  if (d.ok) response[d.okStatus ?? 200] = d.ok;
  for (const e of errors) response[e] = { ...S.ErrorBody, description: ERROR_TEXT[e] ?? 'Error' };
  return {
    tags: [d.tag],
    summary: d.summary,
    description: `${d.description ? `${d.description}\n\n` : ''}**Roles:** ${roles}.`,
    'x-roles': d.access === 'public' ? ['public'] : [...d.access],
    ...(d.access === 'public' ? { security: [] } : {}),
    response,
    ...d.extra,
  };
}

/**
 * The language a custom rule's problems are said in: Chinese when the request's
 * `Accept-Language` prefers it (`zh`, `zh-CN;q=0.9, en;q=0.8`), else English.
 */
export function problemLang(req: Pick<FastifyRequest, 'headers'>): 'zh' | 'en' {
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return 'en';
  let best = { lang: 'en' as 'zh' | 'en', q: -1 };
  for (const part of header.split(',')) {
    const [tag = '', ...rest] = part.trim().split(';');
    const qParam = rest.find((x) => x.trim().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.trim().slice(2));
    if (tag === '' || Number.isNaN(q) || q <= best.q) continue;
    best = { lang: /^zh\b/i.test(tag) ? 'zh' : 'en', q };
  }
  return best.lang;
}

const principals = new WeakMap<FastifyRequest, Principal>();

/** The caller of an authenticated route (set by the route's access check). */
export function principalOf(req: FastifyRequest): Principal {
  const p = principals.get(req);
  if (!p) throw new ServerError('UNAUTHENTICATED', 'sign in first');
  return p;
}

/** The session token of a request: the bearer token, else the session cookie. */
export function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function guard(service: SunshineService, access: Access) {
  return async (req: FastifyRequest): Promise<void> => {
    if (access === 'public') return;
    const token = tokenOf(req);
    const p = token ? await service.authenticate(token) : undefined;
    if (!p) throw new ServerError('UNAUTHENTICATED', 'sign in first (the session is missing or expired)');
    if (!access.includes(p.role)) throw new ServerError('FORBIDDEN', `the ${p.role} role may not call ${req.method} ${req.routeOptions.url ?? req.url}`);
    principals.set(req, p);
  };
}

function principalBody(p: Principal) {
  return { role: p.role, id: p.id, name: p.name, department_code: p.departmentCode, town_code: p.townCode, village_code: p.villageCode, id_number: p.idNumber };
}

function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string, secure: boolean): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}; Expires=${new Date(expiresAt).toUTCString()}`);
}

/** The largest request bodies, in bytes: everything else takes the app's small default. */
export interface BodyLimits {
  /** Uploads and alert attachments. */
  readonly upload: number;
  /** Custom rules (validate and save). */
  readonly rule: number;
  /** The public sign-in routes. */
  readonly signIn: number;
}

/** Registers the API routes on an app that has the swagger plug-in. */
export function registerApiRoutes(appIn: App, service: SunshineService, limits: BodyLimits, cookie: { readonly secureCookie: boolean } = { secureCookie: false }): void {
  const app = appIn as FastifyInstance<never, never, never, never, TypeBoxTypeProvider> & FastifyInstance;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // onRequest: the session is checked before the body is even read. A route takes the app's
  // small body limit unless it names a larger one (only signed-in routes do).
  const on = (access: Access, bodyLimit?: number) => ({ onRequest: guard(service, access), ...(bodyLimit === undefined ? {} : { bodyLimit }) });

  r.get('/healthz', { schema: doc({ tag: 'system', summary: 'Liveness: 200 once the server can serve', access: 'public', errors: [], ok: S.HealthBody }) }, () => ({ status: 'ok' as const }));

  // ---- auth ----
  r.post(
    '/api/auth/login',
    { bodyLimit: limits.signIn, schema: { ...doc({ tag: 'auth', summary: 'Staff sign-in with username and password', description: 'Rate limited per account and per client; every attempt is in the audit log. Sets the `sunshine_session` cookie.', access: 'public', errors: [413, 400, 401, 429], ok: S.SessionBody }), body: S.LoginBody } },
    async (req, reply) => {
      const g = await service.signIn(req.body.username, req.body.password, req.ip);
      setSessionCookie(reply, g.token, g.expires_at, cookie.secureCookie);
      return { token: g.token, expires_at: g.expires_at, principal: principalBody(g.principal) };
    },
  );
  r.post(
    '/api/auth/citizen',
    {
      bodyLimit: limits.signIn,
      schema: {
        ...doc({ tag: 'auth', summary: 'Citizen sign-in with ID number and name', description: 'Both must match the persons registry of the latest import. Rate limited per ID number and per client; every attempt is in the audit log.', access: 'public', errors: [413, 400, 401, 429], ok: S.SessionBody }),
        body: S.CitizenLoginBody,
      },
    },
    async (req, reply) => {
      const g = await service.citizenSignIn(req.body.id_number, req.body.name, req.ip);
      setSessionCookie(reply, g.token, g.expires_at, cookie.secureCookie);
      return { token: g.token, expires_at: g.expires_at, principal: principalBody(g.principal) };
    },
  );
  r.post('/api/auth/logout', { ...on(ALL), schema: doc({ tag: 'auth', summary: 'Ends the session', access: ALL, errors: [], ok: S.Ok }) }, async (req, reply) => {
    await service.signOut(tokenOf(req)!, principalOf(req));
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict${cookie.secureCookie ? '; Secure' : ''}; Max-Age=0`);
    return { ok: true };
  });
  r.get('/api/me', { ...on(ALL), schema: doc({ tag: 'auth', summary: 'The signed-in caller and their jurisdiction', access: ALL, errors: [], ok: S.PrincipalBody }) }, (req) => principalBody(principalOf(req)));

  // ---- alerts ----
  r.get(
    '/api/alerts',
    {
      ...on(ALL),
      schema: {
        ...doc({ tag: 'alerts', summary: 'The alert queue, within the jurisdiction', description: "Discipline commission: all; department: its funds'; town: its villages'; village: its own; citizen: their own disputes. Filters narrow further. Logged in the audit log.", access: ALL, errors: [400], ok: S.AlertList }),
        querystring: S.AlertQuery,
      },
    },
    async (req) => {
      const { limit, offset, ...filter } = req.query;
      return service.listAlerts(principalOf(req), filter, limit ?? 50, offset ?? 0);
    },
  );
  r.get('/api/alerts/facets', { ...on(ALL), schema: doc({ tag: 'alerts', summary: 'Values and counts for the queue filters, within the jurisdiction', access: ALL, errors: [], ok: S.FacetsBody }) }, (req) => service.facets(principalOf(req)));
  r.get(
    '/api/alerts/:id',
    { ...on(ALL), schema: { ...doc({ tag: 'alerts', summary: 'One alert with evidence, history, attachments and the actions the caller may take', description: 'Logged in the audit log (the evidence holds personal data).', access: ALL, errors: [404], ok: S.AlertDetailBody }), params: S.IdParams } },
    (req) => service.getAlert(principalOf(req), req.params.id),
  );
  r.get(
    '/api/alerts/:id/explain',
    { ...on(STAFF), schema: { ...doc({ tag: 'alerts', summary: "Why the rule reported it: engine.explain over the data of the alert's last run", access: STAFF, errors: [404], ok: S.Explanation }), params: S.IdParams } },
    async (req) => (await service.explain(principalOf(req), req.params.id)) as unknown as Record<string, unknown>,
  );
  r.post(
    '/api/alerts/:id/transitions',
    {
      ...on(ACTING_STAFF, limits.upload),
      schema: {
        ...doc({
          tag: 'alerts',
          summary: 'Takes an action: push, verify, confirm, dismiss, investigate, close, reopen, transfer, comment, reply',
          description:
            'new →push→ pushed →verify→ verifying →confirm→ confirmed →investigate→ investigating →close→ closed; verifying →dismiss→ dismissed; dismissed/closed →reopen→ new; pushed/verifying →transfer→ pushed (to `department_code`, with a reason and a new due date). push, reopen: discipline commission; verify … close: the department, or the town (village) where the alert’s `level` is theirs (a village’s own books, 三资, are verified by its town), or the discipline commission — once verification is overdue the alert is escalated to the commission’s queue and only the commission decides it; close takes `recovered_amount` (追回金额, integer fen) and `measure`; transfer: the department that has the alert, or the discipline commission; comment (an internal note, never shown to a citizen): any staff; reply (a public answer to a citizen’s dispute, which the complainant sees with its attachments): department or discipline commission. confirm, dismiss, close, reopen, comment and reply need a reason. Village and town accounts see a dispute without the complainant’s name, ID number, statement or payment. Attachments (base64) are kept with the event. Recorded in the alert history and the audit log.',
          access: ACTING_STAFF,
          errors: [413, 400, 404, 409],
          ok: S.AlertDetailBody,
        }),
        params: S.IdParams,
        body: S.TransitionBody,
      },
    },
    (req) => service.transition(principalOf(req), req.params.id, req.body),
  );
  r.get(
    '/api/alerts/:id/attachments/:attachmentId',
    {
      ...on(ALL),
      schema: { ...doc({ tag: 'alerts', summary: 'Downloads an attachment (logged)', access: ALL, errors: [404], ok: null, extra: { produces: ['application/octet-stream'] } }), params: S.AttachmentParams },
    },
    async (req, reply) => {
      const a = await service.attachment(principalOf(req), req.params.id, req.params.attachmentId);
      reply.header('content-type', a.media_type);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`);
      return reply.send(a.content);
    },
  );

  // ---- rules ----
  r.get('/api/rules', { ...on(ALL), schema: doc({ tag: 'rules', summary: 'The rule catalogue: standard library, configured packs and custom rules', access: ALL, errors: [], ok: Type.Array(S.RuleInfoBody) }) }, () => service.catalogue());
  r.post(
    '/api/rules/validate',
    { ...on(DISCIPLINE, limits.rule), schema: { ...doc({ tag: 'rules', summary: 'Validates a rule (loadPacks semantics) without saving it', description: 'The problems are in Chinese when `Accept-Language` prefers `zh`, else in English; each is its JSON pointer and the sentence of core\'s problem catalogue.', access: DISCIPLINE, errors: [413, 400], ok: S.ValidationBody }), body: S.CustomRuleBody } },
    async (req) => {
      const { problems } = await service.validateRule(req.body.rule, problemLang(req));
      return { ok: problems.length === 0, problems };
    },
  );
  r.post(
    '/api/rules/custom',
    {
      ...on(DISCIPLINE, limits.rule),
      schema: {
        ...doc({ tag: 'rules', summary: 'Saves a custom rule as its next version', description: 'Validated like a rule pack (schema, then datasets, fields, parameters, expressions); runs with the library from the next run on. A rule that does not validate is refused (422) with its problems in `details.problems`, in Chinese when `Accept-Language` prefers `zh`.', access: DISCIPLINE, errors: [413, 400, 409, 422], ok: S.RuleInfoBody, okStatus: 201 }),
        body: S.CustomRuleBody,
      },
    },
    async (req, reply) => {
      const info = await service.saveCustomRule(principalOf(req), req.body.rule, req.body.note, problemLang(req));
      return reply.code(201).send(info);
    },
  );
  r.get(
    '/api/rules/custom/:id/versions',
    { ...on(STAFF), schema: { ...doc({ tag: 'rules', summary: 'Every version of a custom rule, newest first, with the rule as written', access: STAFF, errors: [404], ok: Type.Array(S.RuleInfoBody) }), params: S.IdParams } },
    (req) => service.customRuleVersions(principalOf(req), req.params.id),
  );
  r.post(
    '/api/rules/custom/:id/enabled',
    { ...on(DISCIPLINE), schema: { ...doc({ tag: 'rules', summary: 'Enables or disables a custom rule (a new version)', access: DISCIPLINE, errors: [400, 404], ok: S.RuleInfoBody }), params: S.IdParams, body: S.EnabledBody } },
    (req) => service.setCustomRuleEnabled(principalOf(req), req.params.id, req.body.enabled),
  );

  // ---- imports and runs ----
  r.post(
    '/api/imports',
    { ...on(DISCIPLINE), schema: { ...doc({ tag: 'runs', summary: "Imports a folder on the server's disk, or the configured store", access: DISCIPLINE, errors: [400, 422], ok: S.ImportSummaryBody, okStatus: 201 }), body: S.ImportBody } },
    async (req, reply) => {
      const p = principalOf(req);
      const body = req.body;
      const force = { force: body.force };
      const s = body.kind === 'folder' ? await service.importFolder(p, body.dir, force) : await service.importConfigured(p, force);
      return reply.code(201).send(s);
    },
  );
  r.post(
    '/api/imports/upload',
    {
      ...on(DISCIPLINE, limits.upload),
      schema: { ...doc({ tag: 'runs', summary: 'Imports uploaded files, one per dataset (`payments.csv`, `persons.xlsx` base64, …)', access: DISCIPLINE, errors: [413, 400, 422], ok: S.ImportSummaryBody, okStatus: 201 }), body: S.UploadBody },
    },
    async (req, reply) => reply.code(201).send(await service.importUpload(principalOf(req), req.body.files, { force: req.body.force })),
  );
  r.get('/api/imports', { ...on(OVERSIGHT), schema: doc({ tag: 'runs', summary: 'Imports, newest first', access: OVERSIGHT, errors: [], ok: Type.Array(S.ImportSummaryBody) }) }, (req) => service.listImports(principalOf(req)));
  r.post(
    '/api/runs',
    {
      ...on(DISCIPLINE),
      schema: {
        ...doc({ tag: 'runs', summary: 'Runs the rules now and turns findings into alerts', description: 'De-duplicated by fingerprint: a known finding updates its alert; a dismissed alert stays dismissed unless its evidence changed.', access: DISCIPLINE, errors: [400, 404, 409], ok: S.RunSummaryBody, okStatus: 201 }),
        body: S.RunBody,
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      let importId = req.body.import_id;
      if (req.body.reimport) importId = (await service.importConfigured(p)).id;
      return reply.code(201).send(await service.run(p, { importId, asOf: req.body.as_of }));
    },
  );
  r.get('/api/runs', { ...on(STAFF), schema: doc({ tag: 'runs', summary: 'Runs, newest first', access: STAFF, errors: [], ok: Type.Array(S.RunSummaryBody) }) }, (req) => service.listRuns(principalOf(req)));
  r.get('/api/runs/:id', { ...on(STAFF), schema: { ...doc({ tag: 'runs', summary: 'One run', access: STAFF, errors: [404], ok: S.RunSummaryBody }), params: S.IdParams } }, (req) => service.getRun(principalOf(req), req.params.id));
  r.post(
    '/api/escalations',
    { ...on(DISCIPLINE), schema: doc({ tag: 'alerts', summary: 'Escalates overdue verifications now (the server also does it on a timer and after each run)', access: DISCIPLINE, errors: [], ok: Type.Object({ escalated: Type.Integer() }) }) },
    async (req) => ({ escalated: await service.escalateOverdue(principalOf(req)) }),
  );

  // ---- people, citizens, disclosure ----
  r.get(
    '/api/people/:id_number/payments',
    {
      ...on(ALL),
      schema: {
        ...doc({ tag: 'people', summary: "A person's payments within the jurisdiction (no bank accounts)", description: 'A citizen may ask only for their own ID number (403 otherwise). Logged in the audit log.', access: ALL, errors: [409], ok: Type.Array(S.PaymentBody) }),
        params: S.PersonParams,
      },
    },
    (req) => service.personPayments(principalOf(req), req.params.id_number),
  );
  r.get('/api/citizen/payments', { ...on(CITIZEN), schema: doc({ tag: 'people', summary: "The signed-in citizen's own payments", access: CITIZEN, errors: [409], ok: Type.Array(S.PaymentBody) }) }, (req) => {
    const p = principalOf(req);
    return service.personPayments(p, p.idNumber!);
  });
  r.post(
    '/api/citizen/disputes',
    {
      ...on(CITIZEN),
      schema: {
        ...doc({ tag: 'people', summary: 'Reports a payment of mine I did not receive: it becomes an alert pushed to the fund\'s department', access: CITIZEN, errors: [400, 404, 409], ok: Type.Object({ created: Type.Boolean(), alert: S.AlertDetailBody }), okStatus: 201 }),
        body: S.DisputeBody,
      },
    },
    async (req, reply) => {
      const r2 = await service.dispute(principalOf(req), req.body.payment_id, req.body.reason);
      return reply.code(r2.created ? 201 : 200).send(r2);
    },
  );
  r.get(
    '/api/disclosures',
    {
      ...on(ALL),
      schema: {
        ...doc({ tag: 'people', summary: 'Public disclosure (公示) of a village: per fund, recipients and amounts, names and ID numbers masked, never bank accounts', description: "A citizen sees their own village's; staff, villages within their jurisdiction (a department: its funds only).", access: ALL, errors: [400, 409], ok: S.DisclosureBody }),
        querystring: S.DisclosureQuery,
      },
    },
    (req) => service.disclosure(principalOf(req), req.query.village_code, req.query.fund_code, req.query.period),
  );

  // ---- audit and accounts ----
  r.get(
    '/api/audit',
    { ...on(OVERSIGHT), schema: { ...doc({ tag: 'audit', summary: 'The audit log, newest first', access: OVERSIGHT, errors: [400], ok: Type.Array(S.AuditEntryBody) }), querystring: S.AuditQuery } },
    (req) => service.auditLog(principalOf(req), { before: req.query.before, limit: req.query.limit }),
  );
  r.get(
    '/api/audit/verify',
    { ...on(OVERSIGHT), schema: doc({ tag: 'audit', summary: "Verifies the audit log's SHA-256 hash chain from the first entry; names the first broken entry", access: OVERSIGHT, errors: [], ok: S.AuditVerifyBody }) },
    (req) => service.verifyAudit(principalOf(req)),
  );
  r.get('/api/users', { ...on(OVERSIGHT), schema: doc({ tag: 'accounts', summary: 'Staff accounts', access: OVERSIGHT, errors: [], ok: Type.Array(S.UserBody) }) }, (req) => service.listUsers(principalOf(req)));
  r.post(
    '/api/users',
    { ...on(DISCIPLINE), schema: { ...doc({ tag: 'accounts', summary: 'Creates a staff account', access: DISCIPLINE, errors: [400, 409], ok: S.UserBody, okStatus: 201 }), body: S.CreateUserBody } },
    async (req, reply) => reply.code(201).send(await service.createUser(req.body, principalOf(req))),
  );
}
