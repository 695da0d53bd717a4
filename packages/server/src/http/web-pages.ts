/**
 * The web pages: one self-contained page (HTML, CSS, plain JavaScript, no external network)
 * that talks to the API. Served with a strict Content-Security-Policy.
 */
import type { FastifyInstance } from 'fastify';

const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  // The statistics page (统计).
  'stats.html': 'text/html; charset=utf-8',
  'stats.js': 'text/javascript; charset=utf-8',
  'stats.css': 'text/css; charset=utf-8',
  // The citizen and public pages (mobile first, no sign-in for the public ones).
  'citizen.html': 'text/html; charset=utf-8',
  'citizen.js': 'text/javascript; charset=utf-8',
  'public.html': 'text/html; charset=utf-8',
  'public.js': 'text/javascript; charset=utf-8',
  'common.js': 'text/javascript; charset=utf-8',
  'm.css': 'text/css; charset=utf-8',
};

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Registers `GET /` (and the page's script and style). `read` loads a file of `web/`. */
export function registerWebPages(app: FastifyInstance, read: (file: string) => Promise<Buffer>): void {
  const cache = new Map<string, Promise<Buffer>>();
  const serve = (file: string) => async (_req: unknown, reply: import('fastify').FastifyReply) => {
    let body = cache.get(file);
    if (!body) {
      body = read(file);
      cache.set(file, body);
      body.catch(() => cache.delete(file));
    }
    reply.header('content-type', FILES[file]!);
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-cache');
    return reply.send(await body);
  };
  app.get('/', { schema: { hide: true } }, serve('index.html'));
  app.get('/stats', { schema: { hide: true } }, serve('stats.html'));
  app.get('/citizen', { schema: { hide: true } }, serve('citizen.html'));
  app.get('/public', { schema: { hide: true } }, serve('public.html'));
  for (const file of Object.keys(FILES)) app.get(`/${file}`, { schema: { hide: true } }, serve(file));
}
