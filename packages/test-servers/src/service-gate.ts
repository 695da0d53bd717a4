/**
 * Whether an integration test may run: a service whose binaries are missing is skipped with a
 * printed reason, unless `SUNSHINE_REQUIRE_SERVICES=1` (CI), where missing is a failure.
 */

/** `true` when missing services must fail the run instead of skipping (CI sets it). */
export function servicesRequired(): boolean {
  return process.env['SUNSHINE_REQUIRE_SERVICES'] === '1';
}

/**
 * Decides whether tests of a service run. Returns `true` to skip (after printing why); throws
 * when the service is missing and services are required.
 *
 * @example
 * ```ts
 * const skip = skipUnless('PostgreSQL', postgresMissing());
 * describe.skipIf(skip)('postgres adapter', () => { … });
 * ```
 */
export function skipUnless(service: string, missing: string | undefined): boolean {
  if (missing === undefined) return false;
  if (servicesRequired()) throw new Error(`${service} is required (SUNSHINE_REQUIRE_SERVICES=1) but ${missing}`);
  console.warn(`[skip] ${service} integration tests: ${missing}`);
  return true;
}
