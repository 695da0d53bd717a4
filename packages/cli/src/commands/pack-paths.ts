import { existsSync } from 'node:fs';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-spec.js';
import { msg } from '../i18n/messages.js';
import { loadConfig } from '../config/load-config.js';
import { isStdlibToken, resolvePacks } from './load-rules-or-fail.js';

/**
 * The packs a command works on: its positional arguments and those of `flagName`, else `packs` of the config, else
 * the standard library. A path that does not exist is bad input (exit 2).
 */
export async function packPaths(ctx: CommandContext, flagName?: string): Promise<readonly string[]> {
  const given = [...ctx.args.positionals, ...(flagName === undefined ? [] : ctx.args.strings(flagName))];
  let packs: readonly string[] | undefined;
  if (given.length > 0) packs = given.map((p) => (isStdlibToken(p) ? p : ctx.resolve(p)));
  else {
    const { config, resolve } = loadConfig({ cwd: ctx.io.cwd, file: ctx.args.string('config') });
    packs = config.packs?.map((p) => (isStdlibToken(p) ? p : resolve(p)));
  }
  const paths = await resolvePacks(ctx, packs);
  for (const p of paths) if (!existsSync(p)) throw new CliError('BAD_INPUT', msg(ctx.lang, 'packMissing', p));
  if (paths.length === 0) throw new CliError('USAGE', 'no rule packs given, and the standard library is not available in this build');
  return paths;
}
