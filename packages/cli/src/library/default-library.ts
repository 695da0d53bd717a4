/**
 * Binds {@link CliLibrary} to the Sunshine packages. Heavy parts (adapters, engine, generator)
 * load on first use, so `sunshine --help` starts fast.
 */
import { createRequire } from 'node:module';
import { loadData, SunshineError, type LoadedData as CoreLoadedData, type Source } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import type { CliEngine, CliLibrary, DataSpec, DatasetLoad, LoadedData } from './cli-library.js';

const require = createRequire(import.meta.url);

/** The CLI's own version (from its package.json). */
export function cliVersion(): string {
  return (require('../package.json') as { version: string }).version;
}

type AnyFn = (...args: never[]) => unknown;
type Module = Readonly<Record<string, unknown>>;

async function importModule(specifier: string): Promise<Module | undefined> {
  try {
    return (await import(specifier)) as Module;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw e;
  }
}

async function need<F extends AnyFn>(specifiers: readonly string[], name: string, what: string): Promise<F> {
  for (const s of specifiers) {
    const m = await importModule(s);
    const f = m?.[name];
    if (typeof f === 'function') return f as F;
  }
  throw new CliError('NOT_AVAILABLE', `${what} is not part of this build yet (\`${name}\` is missing from ${specifiers.map((s) => `\`${s}\``).join(' / ')})`);
}

async function openSource(spec: DataSpec): Promise<Source> {
  let source: Source;
  switch (spec.kind) {
    case 'folder': {
      const create = await need<(o: { dir: string }) => Source>(['@sunshine/adapters', '@sunshine/adapters/folder'], 'createFolderSource', 'loading a data folder');
      source = create({ dir: spec.dir });
      break;
    }
    case 'sqlite': {
      const create = await need<(o: { file: string }) => Source>(['@sunshine/adapters/sqlite'], 'createSqliteSource', 'the SQLite store');
      source = create({ file: spec.file });
      break;
    }
    case 'postgres': {
      const create = await need<(o: { connectionString: string; connection: string }) => Source>(['@sunshine/adapters/postgres'], 'createPostgresSource', 'the PostgreSQL store');
      source = create({ connectionString: spec.connection, connection: spec.connection });
      break;
    }
    case 'mysql': {
      const create = await need<(o: { uri: string; connection: string }) => Source>(['@sunshine/adapters/mysql'], 'createMysqlSource', 'the MySQL store');
      source = create({ uri: spec.connection, connection: spec.connection });
      break;
    }
  }
  if (spec.mapping !== undefined) {
    const loadMapping = await need<(file: string) => unknown>(['@sunshine/adapters', '@sunshine/adapters/mapping'], 'loadMapping', 'column mapping');
    const withMapping = await need<(s: Source, m: unknown) => Source>(['@sunshine/adapters', '@sunshine/adapters/mapping'], 'withMapping', 'column mapping');
    source = withMapping(source, await loadMapping(spec.mapping));
  }
  return source;
}

function toLoadedData(source: Source, r: CoreLoadedData): LoadedData {
  const names = [...r.tables.keys()];
  const files = new Map<string, string[]>();
  for (const l of r.locations) files.set(l.dataset, [...(files.get(l.dataset) ?? []), l.file]);
  const datasets: DatasetLoad[] = names.map((dataset) => ({
    dataset,
    files: files.get(dataset) ?? [],
    rows: r.counts[dataset]?.loaded ?? r.tables.get(dataset)?.length ?? 0,
    rejected: r.counts[dataset]?.rejected ?? 0,
  }));
  return { description: source.description, tables: r.tables, rejected: r.rejected, datasets, missing: r.missing, warnings: r.warnings.map((w) => w.message) };
}

/** Turns errors of the library about unreadable input into exit-2 messages. */
function asBadInput(e: unknown, what: string): unknown {
  if (e instanceof SunshineError || e instanceof CliError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'ECONNREFUSED', 'ENOTFOUND'].includes(code)) {
    return new CliError('BAD_INPUT', `cannot read ${what}: ${(e as Error).message}`, { cause: e });
  }
  return e;
}

/**
 * The library the `sunshine` binary uses.
 *
 * @example
 * ```ts
 * const code = await main(process.argv.slice(2), io, createDefaultLibrary());
 * ```
 */
export function createDefaultLibrary(): CliLibrary {
  return {
    version: cliVersion(),
    async loadData(spec, options) {
      let source: Source | undefined;
      const onProgress = options?.onProgress;
      let current: { dataset: string; rows: number } | undefined;
      const finish = (): void => {
        if (current !== undefined) onProgress?.({ dataset: current.dataset, rows: current.rows, done: true });
        current = undefined;
      };
      try {
        source = await openSource(spec);
        const result = await loadData(source, {
          onProgress(p) {
            if (current !== undefined && current.dataset !== p.dataset) finish();
            current = { dataset: p.dataset, rows: p.rows };
            onProgress?.({ dataset: p.dataset, rows: p.rows, done: false });
          },
        });
        finish();
        return toLoadedData(source, result);
      } catch (e) {
        throw asBadInput(e, spec.kind === 'folder' ? `data folder \`${spec.dir}\`` : `the ${spec.kind} store`);
      } finally {
        await source?.close?.();
      }
    },
    async defaultPacks() {
      const m = await importModule('@sunshine/rules-stdlib');
      const dir = m?.stdlibDir;
      return typeof dir === 'string' ? [dir] : [];
    },
    async loadPacks(paths) {
      const loadPacks = await need<(p: readonly string[]) => Promise<{ rules: readonly unknown[]; problems: readonly { file: string; pointer: string; message: string; suggestion?: string }[] }>>(
        ['@sunshine/core'],
        'loadPacks',
        'the rule engine',
      );
      try {
        return await loadPacks(paths);
      } catch (e) {
        throw asBadInput(e, 'rule pack');
      }
    },
    async validatePacks(paths) {
      const validatePacks = await need<(p: readonly string[]) => Promise<readonly { file: string; pointer: string; message: string; suggestion?: string }[] | { problems: readonly { file: string; pointer: string; message: string; suggestion?: string }[] }>>(
        ['@sunshine/core'],
        'validatePacks',
        'rule pack validation',
      );
      try {
        const r = await validatePacks(paths);
        return Array.isArray(r) ? r : (r as { problems: readonly { file: string; pointer: string; message: string }[] }).problems;
      } catch (e) {
        throw asBadInput(e, 'rule pack');
      }
    },
    async createEngine(options) {
      const createEngine = await need<(o: typeof options) => CliEngine>(['@sunshine/core'], 'createEngine', 'the rule engine');
      return createEngine(options);
    },
    async runRuleTests(paths) {
      const runRuleTests = await need<(p: readonly string[]) => Promise<{ cases: never[] }>>(['@sunshine/core'], 'runRuleTests', 'rule fixtures testing');
      try {
        return await runRuleTests(paths);
      } catch (e) {
        throw asBadInput(e, 'rule pack');
      }
    },
    async rulePackJsonSchema() {
      const m = await importModule('@sunshine/core');
      const s = m?.rulePackJsonSchema;
      if (typeof s === 'object' && s !== null) return s;
      if (typeof s === 'function') return (s as () => object)();
      throw new CliError('NOT_AVAILABLE', 'the rule pack schema is not part of this build yet (`rulePackJsonSchema` is missing from `@sunshine/core`)');
    },
    async generateCounty(options) {
      const generateCounty = await need<(o: typeof options) => Promise<unknown>>(['@sunshine/gen'], 'generateCounty', 'the synthetic county generator');
      const r = (await generateCounty(options)) as Record<string, unknown> | undefined;
      return {
        counts: (r?.counts as Record<string, number> | undefined) ?? {},
        truthFile: typeof r?.truthFile === 'string' ? r.truthFile : `${options.out}/truth.json`,
        planted: typeof r?.planted === 'number' ? r.planted : undefined,
      };
    },
  };
}
