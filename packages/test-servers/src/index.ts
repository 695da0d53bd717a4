/**
 * `@sunshine/test-servers` (private): throw-away PostgreSQL and MariaDB servers for
 * `*.integration.test.ts` files of any package, and the skip-or-fail gate of
 * SUNSHINE_REQUIRE_SERVICES.
 *
 * @example
 * ```ts
 * import { postgresMissing, skipUnless, startPostgres, type PostgresServer } from '@sunshine/test-servers';
 *
 * const skip = skipUnless('PostgreSQL', postgresMissing());
 * describe.skipIf(skip)('…', () => {
 *   let pg: PostgresServer;
 *   beforeAll(async () => { pg = await startPostgres(); });
 *   afterAll(() => pg?.stop());
 * });
 * ```
 * @packageDocumentation
 */
export { freePort } from './free-port.js';
export { servicesRequired, skipUnless } from './service-gate.js';
export { findPostgres, postgresMissing, startPostgres, type PostgresServer } from './postgres-server.js';
export { findMariadb, mariadbMissing, startMariadb, type MariadbServer } from './mariadb-server.js';
