/**
 * The statistics routes: `GET /api/stats` (every staff role, within its jurisdiction; the party
 * committee's and the discipline commission's cover the county), `GET /api/stats.xlsx` (the
 * same numbers as a workbook), and the counting of page views and look-ups: `POST /api/views`
 * (no sign-in, rate-limited per client — a page reports that it was viewed, with its channel)
 * and, on the server's side, every successful look-up route (a citizen's payments, disclosures,
 * the public pages) counted per route and channel (`?channel=` or the `x-sunshine-channel`
 * header; `api` when neither is given).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ROLE_NAMES, type Principal, type Role } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { SunshineService } from '../service/sunshine-service.js';
import { countView } from '../store/stats-queries.js';
import { tokenOf } from './api-routes.js';

const STAFF: readonly Role[] = ['party', 'discipline', 'department', 'town', 'village'];

export const VIEW_CHANNELS = ['web', 'kiosk', 'wechat', 'mobile', 'api'] as const;

/** GET routes whose successful answers count as look-ups (查询). */
export const LOOKUP_ROUTES: readonly (string | RegExp)[] = ['/api/citizen/payments', '/api/people/:id_number/payments', '/api/disclosures', /^\/api\/public\//];

const Bucket = Type.Object({ code: Type.String(), name: Type.Union([Type.String(), Type.Null()]), alerts: Type.Integer(), open: Type.Integer(), overdue: Type.Integer(), confirmed: Type.Integer(), closed: Type.Integer(), amount: Type.Integer({ description: '涉及金额, fen' }), recovered: Type.Integer({ description: '追回金额, fen' }) });

export const StatsBody = Type.Object({
  generated_at: Type.String(),
  scope: Type.Object({ role: Type.String(), department_code: Type.Union([Type.String(), Type.Null()]), town_code: Type.Union([Type.String(), Type.Null()]), village_code: Type.Union([Type.String(), Type.Null()]) }),
  totals: Type.Object({
    alerts: Type.Integer(),
    open: Type.Integer(),
    overdue: Type.Integer(),
    escalated: Type.Integer(),
    confirmed: Type.Integer(),
    closed: Type.Integer(),
    dismissed: Type.Integer(),
    amount_involved: Type.Integer({ description: '涉及金额: the sum of every alert’s amount, fen' }),
    amount_confirmed: Type.Integer({ description: 'Of it, the confirmed alerts’ (confirmed, investigating, closed), fen' }),
    amount_recovered: Type.Integer({ description: '追回金额: the sum recorded at close, fen' }),
  }),
  by_state: Type.Array(Type.Object({ state: Type.String(), name: Type.Object({ zh: Type.String(), en: Type.String() }), alerts: Type.Integer(), amount: Type.Integer() })),
  by_department: Type.Array(Bucket),
  by_town: Type.Array(Bucket),
  by_village: Type.Array(Bucket),
  by_fund: Type.Array(Bucket),
  by_category: Type.Array(Bucket),
  by_month: Type.Array(Type.Object({ month: Type.String(), created: Type.Integer(), amount: Type.Integer(), closed: Type.Integer(), recovered: Type.Integer() })),
  views: Type.Array(Type.Object({ page: Type.String(), channel: Type.String(), views: Type.Integer(), lookups: Type.Integer() })),
  sections: Type.Record(Type.String(), Type.Unknown(), { description: 'Figures other parts of the server add, by name' }),
});

const ViewBody = Type.Object(
  {
    page: Type.String({ pattern: '^[A-Za-z0-9_./#-]{1,64}$', description: 'The page viewed (`stats`, `alerts`, `public/disclosure`, …)' }),
    channel: Type.Optional(Type.Enum([...VIEW_CHANNELS], { description: 'Where it was viewed (default `web`)' })),
  },
  { additionalProperties: false },
);

const ERROR = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });

function doc(summary: string, description: string, roles: readonly Role[] | 'public', ok: unknown, errors: number[]) {
  const who = roles === 'public' ? 'public (no sign-in)' : roles.map((r) => `${r} (${ROLE_NAMES[r].zh})`).join(', ');
  const response: Record<string, unknown> = { 200: ok };
  for (const e of roles === 'public' ? errors : [401, 403, ...errors]) response[e] = { ...ERROR, description: 'Error' };
  return { tags: ['stats'], summary, description: `${description}\n\n**Roles:** ${who}.`, 'x-roles': roles === 'public' ? ['public'] : [...roles], ...(roles === 'public' ? { security: [] } : {}), response };
}

/** A fixed-window limit per client address. */
class WindowLimit {
  readonly #hits = new Map<string, { start: number; n: number }>();
  readonly #max: number;
  readonly #windowMs: number;
  constructor(max: number, windowMs: number) {
    this.#max = max;
    this.#windowMs = windowMs;
  }
  take(key: string, now: number): boolean {
    const h = this.#hits.get(key);
    if (!h || now - h.start >= this.#windowMs) {
      if (this.#hits.size > 10_000) this.#hits.clear();
      this.#hits.set(key, { start: now, n: 1 });
      return true;
    }
    h.n++;
    return h.n <= this.#max;
  }
}

function channelOf(req: FastifyRequest): string {
  const q = (req.query as Record<string, unknown> | undefined)?.['channel'];
  const h = req.headers['x-sunshine-channel'];
  const c = typeof q === 'string' ? q : typeof h === 'string' ? h : 'api';
  return (VIEW_CHANNELS as readonly string[]).includes(c) ? c : 'api';
}

export interface StatsRouteOptions {
  /**
   * Page views one client may report per minute.
   * @default 120
   */
  readonly viewsPerMinute?: number;
}

/** Registers `/api/stats`, `/api/stats.xlsx` and `/api/views`, and counts look-ups. */
export function registerStatsRoutes(app: FastifyInstance, service: SunshineService, options: StatsRouteOptions = {}): void {
  const db = service.store.db;
  const day = () => service.context.nowIso().slice(0, 10);
  const staff = async (req: FastifyRequest): Promise<Principal> => {
    const token = tokenOf(req);
    const p = token ? await service.authenticate(token) : undefined;
    if (!p) throw new ServerError('UNAUTHENTICATED', 'sign in first (the session is missing or expired)');
    if (!STAFF.includes(p.role)) throw new ServerError('FORBIDDEN', `the ${p.role} role may not see statistics`);
    return p;
  };

  app.get(
    '/api/stats',
    { schema: doc('Statistics within the jurisdiction: alerts by state, overdue, money involved and recovered (fen), by department, town, village, fund, category and month; page views and look-ups', 'Money involved (涉及金额) is the sum of the alerts’ amounts; money recovered (追回金额) the sum recorded when they were closed. `sections` holds figures other parts add. Logged in the audit log.', STAFF, StatsBody, []) },
    async (req) => service.statistics.report(await staff(req)),
  );
  app.get(
    '/api/stats.xlsx',
    { schema: { ...doc('The statistics as an XLSX workbook (money in yuan)', 'One sheet per table of `GET /api/stats`.', STAFF, { type: 'string', format: 'binary' }, []), produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] } },
    async (req, reply) => {
      const body = await service.statistics.xlsx(await staff(req));
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`统计-${day()}.xlsx`)}`);
      return reply.send(body);
    },
  );

  const limit = new WindowLimit(options.viewsPerMinute ?? 120, 60_000);
  app.post<{ Body: { page: string; channel?: string } }>(
    '/api/views',
    { schema: { ...doc('Counts a page view (no sign-in; rate-limited per client)', 'A page reports that it was shown, with its channel (web, kiosk, wechat, mobile, api). Counted per day, page and channel; the totals are in `GET /api/stats` (`views`).', 'public', Type.Object({ ok: Type.Boolean() }), [400, 429]), body: ViewBody } },
    async (req) => {
      if (!limit.take(req.ip, Date.now())) throw new ServerError('RATE_LIMITED', 'too many page views from this client; try again in a minute', { retryAfterSeconds: 60 });
      await countView(db, day(), req.body.page, req.body.channel ?? 'web', 'view');
      return { ok: true };
    },
  );

  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' || reply.statusCode >= 300) return;
    const url = req.routeOptions.url ?? '';
    if (!LOOKUP_ROUTES.some((r) => (typeof r === 'string' ? r === url : r.test(url)))) return;
    await countView(db, day(), url, channelOf(req), 'lookup').catch((e: unknown) => req.log.error(e));
  });
}
