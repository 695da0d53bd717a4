import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { CONFIG_FILE_NAME, sunshineConfigSchema, type SunshineConfig } from './sunshine-config.js';

export interface LoadedConfig {
  /** Absolute path of the file, or `undefined` when there is none. */
  readonly file: string | undefined;
  readonly config: SunshineConfig;
  /** Resolves a path written in the config (relative to the config's folder). */
  readonly resolve: (path: string) => string;
}

/** A JSON pointer (RFC 6901) for a zod issue path. */
function pointerOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * Reads `--config FILE`, or `sunshine.config.json` in `cwd` when it exists, and validates it.
 * An unreadable or invalid file is a `BAD_INPUT` {@link CliError} naming the file and pointer.
 *
 * @example
 * ```ts
 * const { config, resolve } = loadConfig({ cwd: process.cwd() });
 * ```
 */
export function loadConfig(options: { cwd: string; file?: string | undefined }): LoadedConfig {
  const explicit = options.file !== undefined;
  const file = explicit ? resolve(options.cwd, options.file!) : join(options.cwd, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    if (explicit) throw new CliError('BAD_INPUT', `config file \`${file}\` does not exist`);
    return { file: undefined, config: {}, resolve: (p) => (isAbsolute(p) ? p : resolve(options.cwd, p)) };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError('BAD_INPUT', `cannot read config file \`${file}\`: ${(e as Error).message}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError('BAD_INPUT', `config file \`${file}\` is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = sunshineConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `  ${pointerOf(i.path) || '/'}: ${i.message}`);
    throw new CliError('BAD_INPUT', `config file \`${file}\` is invalid:\n${issues.join('\n')}`);
  }
  const base = dirname(file);
  return { file, config: parsed.data, resolve: (p) => (isAbsolute(p) ? p : resolve(base, p)) };
}
