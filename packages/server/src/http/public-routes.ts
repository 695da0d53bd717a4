/**
 * The routes of the public pages and of 认账:
 * - `GET /api/public/…` without a session (公示 and 村务公开 are public), limited per client
 *   address and cached; masked, never a bank account;
 * - `POST /api/citizen/confirmations` and `GET /api/citizen/acknowledgements` for a signed-in
 *   citizen; `GET /api/citizen-feedback` (confirmations and disputes counted) for staff.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import Type from 'typebox';
import { ROLES, type Principal, type Role } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import { Confirmations } from '../service/confirmations.js';
import { PublicPages, type DisclosureOptions } from '../service/public-disclosure.js';
import type { SunshineService } from '../service/sunshine-service.js';
import type { ServerStore } from '../store/server-store.js';
import { tokenOf } from './api-routes.js';
import { PublicRateLimiter, type PublicRateLimits } from './public-rate-limit.js';
import * as P from './public-schemas.js';

/** How the public pages behave. */
export interface PublicPagesOptions {
  /** Kiosk mode: the pages sign a citizen out after `idleSeconds` without a touch. */
  readonly kiosk?: boolean | undefined;
  /**
   * Seconds without a touch before a kiosk signs the citizen out.
   * @default 60
   */
  readonly idleSeconds?: number | undefined;
  readonly rateLimits?: PublicRateLimits | undefined;
}

const ERRORS: Readonly<Record<number, string>> = {
  400: 'Bad request (a parameter is malformed; the message names it)',
  401: 'Not signed in, or the session expired',
  403: 'The role may not do this',
  404: 'No such village, fund or payment',
  409: 'Nothing published yet, or the payment is disputed',
  429: 'Too many requests from this address; retry after `retry-after` seconds',
};

function doc(summary: string, description: string, access: readonly Role[] | 'public', errors: readonly number[], ok: TSchema, okStatus = 200): Record<string, unknown> {
  const all = [...new Set([...(access === 'public' ? [429] : [401, 403]), ...errors])].sort();
  const response: Record<string, unknown> = { [okStatus]: ok };
  for (const e of all) response[e] = { type: 'object', additionalProperties: true, description: ERRORS[e] ?? 'Error' };
  return {
    tags: ['people'],
    summary,
    description: `${description}\n\n**Roles:** ${access === 'public' ? 'public (no sign-in)' : access.join(', ')}.`,
    'x-roles': access === 'public' ? ['public'] : [...access],
    ...(access === 'public' ? { security: [] } : {}),
    response,
  };
}

/**
 * Registers the public routes, 认账 and its counts.
 *
 * @example
 * ```ts
 * registerPublicRoutes(app, service, store, { disclosure: { withheldKinds: ['medical'] }, kiosk: false }, { citizenSessionMinutes: 30 });
 * ```
 */
export function registerPublicRoutes(
  appIn: FastifyInstance,
  service: SunshineService,
  store: ServerStore,
  options: PublicPagesOptions & { readonly disclosure?: DisclosureOptions | undefined } = {},
  session: { readonly citizenSessionMinutes: number } = { citizenSessionMinutes: 30 },
): PublicPages {
  const r = (appIn as FastifyInstance<never, never, never, never, TypeBoxTypeProvider> & FastifyInstance).withTypeProvider<TypeBoxTypeProvider>();
  const pages = new PublicPages(store, options.disclosure);
  const confirmations = new Confirmations(store);
  const limiter = new PublicRateLimiter(options.rateLimits);
  const principals = new WeakMap<FastifyRequest, Principal>();
  // 认账 in the statistics (GET /api/stats → sections.citizens), within the caller's jurisdiction.
  service.statistics.addSection('citizens', (p) => confirmations.counts(p));

  const limited = {
    onRequest: async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const t = limiter.take(req.ip, Date.now());
      if (!t.ok) throw new ServerError('RATE_LIMITED', `too many requests from this address; retry in ${t.retryAfterSeconds} s`, { retryAfterSeconds: t.retryAfterSeconds });
      // Public answers change with an import only: phones and proxies may keep them a minute.
      reply.header('cache-control', 'public, max-age=60');
    },
  };
  const signedIn = (roles: readonly Role[]) => ({
    onRequest: async (req: FastifyRequest): Promise<void> => {
      const token = tokenOf(req);
      const p = token ? await service.authenticate(token) : undefined;
      if (!p) throw new ServerError('UNAUTHENTICATED', 'sign in first (the session is missing or expired)');
      if (!roles.includes(p.role)) throw new ServerError('FORBIDDEN', `the ${p.role} role may not call ${req.method} ${req.routeOptions.url ?? req.url}`);
      principals.set(req, p);
    },
  });
  const who = (req: FastifyRequest): Principal => {
    const p = principals.get(req);
    if (!p) throw new ServerError('UNAUTHENTICATED', 'sign in first');
    return p;
  };

  r.get(
    '/api/public/config',
    { ...limited, schema: doc('How the citizen and public pages behave here: kiosk mode, idle sign-out, session length, 公示期', 'No data.', 'public', [], P.PublicConfigBody) },
    () => ({ kiosk: options.kiosk ?? false, idle_seconds: options.idleSeconds ?? 60, citizen_session_minutes: session.citizenSessionMinutes, notice_days: pages.options.noticeDays ?? 7 }),
  );
  r.get('/api/public/villages', { ...limited, schema: doc('Every village and its town (for the public pages’ picker)', 'From the latest import.', 'public', [409], Type.Array(P.PublicVillage)) }, () => pages.villages());
  r.get(
    '/api/public/disclosures',
    {
      ...limited,
      schema: {
        ...doc(
          'A village’s public disclosure (公示): the disclosed funds and one page of their payments, masked',
          'Which funds (default: every fund whose `kind` is not medical or disability) and which fields are the county’s configuration. Names and ID numbers masked (张*峰, 371426********1234); bank accounts never shown. Each fund’s latest period unless `period` is given; `notice` is the 公示期.',
          'public',
          [400, 404, 409],
          P.PublicDisclosureBody,
        ),
        querystring: P.DisclosureQuery,
      },
    },
    (req) => pages.disclosure(req.query.village, req.query),
  );
  r.get(
    '/api/public/ledger',
    {
      ...limited,
      schema: { ...doc('A village’s books (村务公开 · 财务): income and expense per month and per category over a year', 'Totals only: no counterparty, no account.', 'public', [400, 404, 409], P.LedgerBody), querystring: P.LedgerQuery },
    },
    (req) => pages.ledger(req.query.village, req.query.year),
  );
  r.get(
    '/api/public/contracts',
    {
      ...limited,
      schema: { ...doc('A village’s contracts (村务公开 · 合同), newest first', 'A person counterparty masked (张*峰); an organisation named. No ID number, no account.', 'public', [400, 404, 409], P.ContractsBody), querystring: P.PagedVillageQuery },
    },
    (req) => pages.contracts(req.query.village, req.query, store.nowIso().slice(0, 10)),
  );
  r.get(
    '/api/public/assets',
    { ...limited, schema: { ...doc('A village’s assets (村务公开 · 资产)', 'Type, name, original value (fen), status.', 'public', [400, 404, 409], P.AssetsBody), querystring: P.PagedVillageQuery } },
    (req) => pages.assets(req.query.village, req.query),
  );

  r.post(
    '/api/citizen/confirmations',
    {
      ...signedIn(['citizen']),
      schema: {
        ...doc('认账: confirms that a payment of mine reached me', 'Idempotent (201 the first time, 200 after); refused (409) for a payment I reported as not received. Recorded in the audit log and counted in the statistics.', ['citizen'], [400, 404, 409], P.ConfirmationBody, 201),
        body: P.ConfirmBody,
      },
    },
    async (req, reply) => {
      const c = await confirmations.confirm(who(req), req.body.payment_id);
      return reply.code(c.created ? 201 : 200).send(c);
    },
  );
  r.get(
    '/api/citizen/acknowledgements',
    { ...signedIn(['citizen']), schema: doc('What I answered on my payments: confirmed (认账) or reported not received', 'For the payment list.', ['citizen'], [], P.AcknowledgementsBody) },
    (req) => confirmations.acknowledgements(who(req)),
  );
  const staff: readonly Role[] = ROLES.filter((x) => x !== 'citizen');
  r.get(
    '/api/citizen-feedback',
    { ...signedIn(staff), schema: doc('Citizens’ confirmations and disputes of payments, counted within the jurisdiction', 'Totals and per village.', staff, [], P.FeedbackCountsBody) },
    (req) => confirmations.counts(who(req)),
  );
  return pages;
}
