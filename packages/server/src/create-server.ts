/**
 * `createServer` / `startServer`: the reference server — Fastify with the API, its
 * OpenAPI document, the web pages, the state store (SQLite under `./.sunshine/` or PostgreSQL)
 * and the timers for scheduled runs and escalation.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { redactUrl } from '@sunshine/adapters';
import { registerApiRoutes } from './http/api-routes.js';
import { registerMetrics } from './http/metrics.js';
import { registerPublicRoutes, type PublicPagesOptions } from './http/public-routes.js';
import { registerStatsRoutes } from './http/stats-routes.js';
import { registerWebPages } from './http/web-pages.js';
import { ServerError } from './server-error.js';
import { Notifications, type NotifyOptions } from './service/notifications.js';
import { SunshineService, type ServiceOptions } from './service/sunshine-service.js';
import { migrate } from './store/migrations.js';
import { createPostgresDatabase } from './store/postgres-database.js';
import { ServerStore } from './store/server-store.js';
import type { SqlDatabase } from './store/sql-database.js';
import { createSqliteDatabase } from './store/sqlite-database.js';

const SIGN_IN_ROUTES = new Set(['/api/auth/login', '/api/auth/citizen']);

export interface ServerOptions extends ServiceOptions {
  /**
   * Address to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Port to listen on (0: any free port).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Folder of the SQLite state (`sunshine.db`), used when `database` is not given.
   * @default './.sunshine'
   */
  readonly stateDir?: string;
  /** A PostgreSQL URL for the state instead of SQLite (`postgres://user@host/db`). */
  readonly database?: string;
  /** An open database to keep the state in (tests); wins over `stateDir` and `database`. */
  readonly sqlDatabase?: SqlDatabase;
  /** Minutes between scheduled runs (import of the configured store, if any, then a run). Off by default. */
  readonly scheduleMinutes?: number;
  /**
   * Minutes between checks for overdue verification.
   * @default 60
   */
  readonly escalationCheckMinutes?: number;
  /**
   * Minutes between signed audit checkpoints (with `auditKeyFile`; also one at start and at close).
   * @default 10
   */
  readonly auditCheckpointMinutes?: number;
  /** The clock (tests move it forward to make verification overdue). */
  readonly now?: () => Date;
  /**
   * The proxies in front of the server whose `X-Forwarded-For` is believed for the client
   * address (sign-in throttling and the audit log): `true` (any — only when nothing else can
   * reach the port), or addresses/CIDRs (`'127.0.0.1'`, `'10.0.0.0/8,loopback'`).
   * @default false (the socket's address)
   */
  readonly trustProxy?: boolean | string | readonly string[];
  /**
   * Mark the session cookie `Secure` (sent over HTTPS only): set it when TLS terminates in
   * front of the server.
   * @default false
   */
  readonly secureCookie?: boolean;
  /**
   * Origins besides the server's own that may send state-changing requests (`https://portal.example`).
   * A POST from any other origin is refused with 403.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Log requests (pino, JSON lines on stdout).
   * @default false
   */
  readonly logger?: boolean;
  /**
   * The largest request body, in bytes, of the routes that take files (uploads and attachments);
   * only a signed-in caller with the right role gets that far.
   * @default 64 MiB
   */
  readonly bodyLimit?: number;
  /**
   * The largest request body, in bytes, of every other route (public ones included): a larger
   * one is answered 413 at once, before it is read.
   * @default 64 KiB
   */
  readonly smallBodyLimit?: number;
  /**
   * A bearer token that lets a caller from anywhere read `GET /metrics`; without it, only direct
   * (not proxied) callers on the loopback interface may.
   */
  readonly metricsToken?: string;
  /** The public pages (公示, 村务公开) and kiosk mode: idle sign-out, rate limit (what is disclosed: `disclosure`). */
  readonly publicPages?: PublicPagesOptions;
  /**
   * Notifications of pushed, transferred and escalated alerts (webhooks: json, wecom, dingtalk,
   * feishu; e-mail over SMTP), delivered from a persistent outbox with retries.
   */
  readonly notify?: NotifyOptions;
}

/** A server, made by {@link createServer}. */
export interface SunshineServer {
  readonly app: FastifyInstance;
  readonly service: SunshineService;
  readonly store: ServerStore;
  /** Where the state lives (`sqlite .sunshine/sunshine.db`, `postgres postgres://…`). */
  readonly stateDescription: string;
  /** The notification outbox's worker (when `notify` has targets). */
  readonly notifications: Notifications | undefined;
  /** Listens (and starts the timers); resolves to the base URL. */
  listen(): Promise<string>;
  /**
   * What the schedule does every `scheduleMinutes`: import the configured store (when there is
   * one) and run. Skipped while a run is in progress; failures are logged, not thrown.
   */
  runScheduled(): Promise<void>;
  /** Stops the timers, the HTTP server and the store. */
  close(): Promise<void>;
}

async function openState(opts: ServerOptions): Promise<SqlDatabase> {
  if (opts.sqlDatabase) return opts.sqlDatabase;
  if (opts.database) {
    if (!/^postgres(ql)?:\/\//.test(opts.database)) throw new ServerError('CONFIG', `\`database\` must be a PostgreSQL URL (postgres://…), got \`${redactUrl(opts.database)}\``);
    return createPostgresDatabase({ url: opts.database });
  }
  // The state holds password hashes, personal data and bank accounts: the folder is made 0700
  // and the file 0600 before SQLite opens it (its -wal and -shm files take the file's mode).
  const dir = resolve(opts.stateDir ?? '.sunshine');
  const file = resolve(dir, 'sunshine.db');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return createSqliteDatabase({ file });
}

/**
 * Creates the server without listening: opens the state store, applies migrations and
 * registers the routes. Use `app.inject` to call it in tests, or `listen()`.
 *
 * @example
 * ```ts
 * const server = await createServer({ stateDir: './.sunshine', data: { kind: 'folder', dir: './county' } });
 * const res = await server.app.inject({ method: 'GET', url: '/healthz' });
 * await server.close();
 * ```
 */
export async function createServer(options: ServerOptions = {}): Promise<SunshineServer> {
  const opts = Object.freeze({ ...options });
  const now = opts.now ?? (() => new Date());
  const db = await openState(opts);
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw new ServerError('STORE', `cannot migrate ${db.description}: ${(e as Error).message}`, {}, { cause: e });
  }
  const store = new ServerStore(db, now);
  // A run the last process was killed during stays `running` in the store: it is not.
  await store.failInterruptedRuns();
  const service = new SunshineService(store, opts, now);
  const notifications = opts.notify?.targets.length ? new Notifications(service.context, opts.notify) : undefined;
  // Anchor the chain as found at start (makes the audit key when it does not exist yet).
  try {
    await service.checkpointAudit();
  } catch (e) {
    await db.close();
    throw e;
  }

  const small = opts.smallBodyLimit ?? 64 * 1024;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: small,
    trustProxy: typeof opts.trustProxy === 'object' ? [...opts.trustProxy] : (opts.trustProxy ?? false),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Sunshine reference server (阳光村居)',
        version: '0.1.0',
        description:
          'Runs the rule library over a county\'s data, keeps the findings as alerts with a lifecycle (new → pushed → verifying → confirmed | dismissed → investigating → closed), filters every row by the caller\'s jurisdiction (四管一督), lets citizens look up their own payments and their village\'s disclosure, and keeps a hash-chained audit log. Each operation lists its roles in `x-roles`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The token from /api/auth/login or /api/auth/citizen' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'sunshine_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
      tags: [
        { name: 'system', description: 'Health and the API description' },
        { name: 'auth', description: 'Sign-in and sessions' },
        { name: 'alerts', description: 'The alert queue and lifecycle' },
        { name: 'rules', description: 'Rule catalogue and custom rules' },
        { name: 'runs', description: 'Imports and runs' },
        { name: 'people', description: 'Citizen look-up, disputes and public disclosure' },
        { name: 'audit', description: 'The hash-chained audit log' },
        { name: 'accounts', description: 'Staff accounts' },
      ],
    },
  });

  app.setErrorHandler(async (err: FastifyError | ServerError, req, reply) => {
    const status = err instanceof ServerError ? err.status : err.statusCode;
    // A sign-in request that could not be read is an attempt too: logged, counted.
    // (The service logs its own refusals; a request refused before it, for its origin, is logged here.)
    if (SIGN_IN_ROUTES.has(req.routeOptions.url ?? '') && status !== undefined && status >= 400 && status < 500 && (!(err instanceof ServerError) || err.code === 'FORBIDDEN')) {
      await service.malformedSignIn(req.ip, req.routeOptions.url ?? '', status, err.message).catch((e: unknown) => req.log.error(e));
    }
    if (err instanceof ServerError) {
      if (err.code === 'RATE_LIMITED') reply.header('retry-after', String(typeof err.details['retryAfterSeconds'] === 'number' ? err.details['retryAfterSeconds'] : 60));
      const details = Object.keys(err.details).length ? { details: err.details } : {};
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...details } });
    }
    if (err.validation) {
      return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: err.message } });
    }
    if (status === 413) {
      reply.header('connection', 'close');
      return reply.code(413).send({ error: { code: 'TOO_LARGE', message: `the request body is larger than this route takes (${req.routeOptions.bodyLimit} bytes)` } });
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: 'BAD_REQUEST', message: err.message } });
    }
    req.log.error(err);
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error (see the server log)' } });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` } }));

  // Every answer: never sniffed into another type, never framed, no referrer.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    done(null, payload);
  });
  // A state-changing request from another site is refused (a cookie would ride along with it);
  // API clients that send no Origin are not browsers and pass.
  const allowedOrigins = new Set(opts.allowedOrigins ?? []);
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return done();
    if (req.headers['sec-fetch-site'] === 'cross-site') return done(new ServerError('FORBIDDEN', 'a cross-site request may not change anything here'));
    const origin = req.headers.origin;
    if (origin === undefined || allowedOrigins.has(origin)) return done();
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== req.host) return done(new ServerError('FORBIDDEN', `a request from another origin (${origin.slice(0, 100)}) may not change anything here`));
    done();
  });
  registerMetrics(app, db, { token: opts.metricsToken });
  registerStatsRoutes(app, service);
  registerApiRoutes(app, service, { upload: opts.bodyLimit ?? 64 * 1024 * 1024, rule: Math.max(small, 2 * 1024 * 1024), signIn: Math.min(small, 8 * 1024) }, { secureCookie: opts.secureCookie ?? false });
  registerPublicRoutes(app, service, store, { ...opts.publicPages, disclosure: opts.disclosure }, { citizenSessionMinutes: opts.citizenSessionMinutes ?? 30 });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  registerWebPages(app, async (file) => readFile(new URL(`../web/${file}`, import.meta.url)));
  await app.ready();

  const timers: NodeJS.Timeout[] = [];
  const scheduled = async (): Promise<void> => {
    if (service.running) return;
    try {
      if (opts.data) await service.importConfigured(undefined);
      if (await store.latestImport()) await service.run(undefined, { trigger: 'schedule' });
    } catch (e) {
      app.log.error({ err: e }, 'scheduled run failed');
    }
  };
  const escalate = async (): Promise<void> => {
    try {
      await service.escalateOverdue();
      await store.purgeSessions(store.nowIso());
    } catch (e) {
      app.log.error({ err: e }, 'escalation check failed');
    }
  };

  let closed = false;
  return {
    app,
    service,
    store,
    stateDescription: db.description,
    notifications,
    runScheduled: scheduled,
    async listen() {
      const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 8080 });
      if (opts.scheduleMinutes && opts.scheduleMinutes > 0) timers.push(setInterval(() => void scheduled(), opts.scheduleMinutes * 60_000).unref());
      timers.push(setInterval(() => void escalate(), (opts.escalationCheckMinutes ?? 60) * 60_000).unref());
      if (opts.auditKeyFile) timers.push(setInterval(() => void service.checkpointAudit().catch((e: unknown) => app.log.error({ err: e }, 'audit checkpoint failed')), (opts.auditCheckpointMinutes ?? 10) * 60_000).unref());
      void escalate();
      if (notifications) {
        if (!opts.notify?.linkBase) notifications.linkBase = url;
        notifications.start();
      }
      return url;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      await notifications?.close();
      await app.close();
      await service.close();
      await service.checkpointAudit().catch((e: unknown) => app.log.error({ err: e }, 'audit checkpoint failed'));
      await db.close();
    },
  };
}

/**
 * Creates the server and listens: `sunshine serve` in a function.
 *
 * @example
 * ```ts
 * const { url, close } = await startServer({ port: 8080, data: { kind: 'folder', dir: './county' }, scheduleMinutes: 60 });
 * console.log(`listening on ${url}`);
 * ```
 */
export async function startServer(options: ServerOptions = {}): Promise<SunshineServer & { readonly url: string }> {
  const server = await createServer(options);
  try {
    const url = await server.listen();
    return Object.assign(server, { url });
  } catch (e) {
    await server.close();
    throw new ServerError('CONFIG', `cannot listen on ${options.host ?? '127.0.0.1'}:${options.port ?? 8080}: ${(e as Error).message}`, {}, { cause: e });
  }
}
