/**
 * Lazy loading of the stores' drivers: nothing heavy is imported until a source is read, and
 * a missing driver is a clear `DRIVER_MISSING` error instead of a module-resolution stack. The
 * SQL executors and the server's store load `pg` and `better-sqlite3` through it too, each with
 * its own error.
 */
import { AdapterError, messageOf } from './adapter-error.js';

/**
 * A loader of the driver that a caller may pass instead of letting the adapter import it
 * (`driver: () => import('pg')`), e.g. when a bundler must see the import.
 */
export type DriverLoader = () => Promise<unknown>;

/**
 * Imports a driver package (CommonJS default exports unwrapped).
 *
 * @param name the npm package (`exceljs`)
 * @param purpose what it is needed for, for the message (`read XLSX workbooks`)
 * @param given the factory's `driver` option, when the caller supplies the loader
 * @param missing the error to throw when the import fails (default: an `AdapterError`
 *   `DRIVER_MISSING` saying to install `name` to `purpose`)
 *
 * @example
 * ```ts
 * const pg = await importDriver<typeof import('pg')>('pg', 'read PostgreSQL databases');
 * ```
 */
export async function importDriver<T>(name: string, purpose: string, given?: DriverLoader, missing?: (cause: unknown) => Error): Promise<T> {
  let mod: unknown;
  try {
    mod = await (given ? given() : import(name));
  } catch (e) {
    if (missing) throw missing(e);
    throw new AdapterError(
      'DRIVER_MISSING',
      `Cannot import \`${name}\`, needed to ${purpose}. Install it next to @sunshine/adapters (\`pnpm add ${name}\`) or pass the module as the \`driver\` option. (${messageOf(e)})`,
      {},
      { cause: e },
    );
  }
  const m = mod as { default?: unknown };
  return (m.default ?? mod) as T;
}
