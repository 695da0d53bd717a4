import { formatProblemIn } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-spec.js';
import type { ValidationProblem } from '../library/cli-library.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';

/** `file /pointer: message (did you mean …?)`: core's `formatProblemIn`, the pointer after a space. */
export function formatProblem(p: ValidationProblem, lang: Lang = 'en'): string {
  return formatProblemIn(p, lang, { pointerPrefix: ' ' });
}

/** Whether a PACK argument names the standard library (`stdlib`) or one of its presets (`stdlib:payments`). */
export function isStdlibToken(pack: string): boolean {
  return pack === 'stdlib' || pack.startsWith('stdlib:');
}

/** Expands `stdlib` and `stdlib:<preset>` (and no packs at all) to the standard library's packs. */
export async function resolvePacks(ctx: CommandContext, packs: readonly string[] | undefined): Promise<readonly string[]> {
  if (packs === undefined) return ctx.lib.stdlibPacks();
  const out: string[] = [];
  for (const p of packs) {
    if (p === 'stdlib') out.push(...(await ctx.lib.stdlibPacks()));
    else if (p.startsWith('stdlib:')) out.push(...(await ctx.lib.stdlibPacks(p.slice('stdlib:'.length))));
    else out.push(p);
  }
  return out;
}

/**
 * Loads the rules for a run. An invalid pack is bad input (exit 2) with every problem listed.
 * Returns `undefined` when this build has no rule engine yet (the run then only loads data).
 */
export async function loadRulesOrFail(ctx: CommandContext, packs: readonly string[] | undefined, options: { readonly cacheDir?: string | undefined } = {}): Promise<readonly unknown[] | undefined> {
  let paths: readonly string[];
  try {
    paths = await resolvePacks(ctx, packs);
    const loaded = options.cacheDir === undefined ? await ctx.lib.loadPacks(paths) : await ctx.lib.loadPacks(paths, { cacheDir: options.cacheDir });
    if (loaded.problems.length > 0) {
      const shown = loaded.problems.slice(0, 20).map((p) => `  ${formatProblem(p, ctx.lang)}`);
      const more = loaded.problems.length > 20 ? msg(ctx.lang, 'invalidPackMore', loaded.problems.length - 20) : '';
      throw new CliError('BAD_INPUT', `${msg(ctx.lang, 'invalidPack', loaded.problems.length, shown.join('\n'))}${more}`);
    }
    return loaded.rules;
  } catch (e) {
    if (e instanceof CliError && e.code === 'NOT_AVAILABLE') {
      ctx.feedback.warn(`${e.message}; loading and checking the data only, no rules are run`);
      return undefined;
    }
    throw e;
  }
}
