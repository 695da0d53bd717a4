/**
 * Lazy loading of the stores' drivers: nothing heavy is imported until a source is read, and
 * a missing driver is a clear `DRIVER_MISSING` error instead of a module-resolution stack.
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
 */
export async function importDriver<T>(name: string, purpose: string, given?: DriverLoader): Promise<T> {
  let mod: unknown;
  try {
    mod = await (given ? given() : import(name));
  } catch (e) {
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
