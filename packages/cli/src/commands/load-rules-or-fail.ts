import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-spec.js';
import type { ValidationProblem } from '../library/cli-library.js';

/** `file /pointer: message (did you mean …?)`. */
export function formatProblem(p: ValidationProblem): string {
  return `${p.file}${p.pointer === '' ? '' : ` ${p.pointer}`}: ${p.message}${p.suggestion === undefined ? '' : ` (did you mean \`${p.suggestion}\`?)`}`;
}

/** Expands the `stdlib` token and the default to the standard library's packs. */
export async function resolvePacks(ctx: CommandContext, packs: readonly string[] | undefined): Promise<readonly string[]> {
  const stdlib = await ctx.lib.defaultPacks();
  if (packs === undefined) return stdlib;
  return packs.flatMap((p) => (p === 'stdlib' ? stdlib : [p]));
}

/**
 * Loads the rules for a run. An invalid pack is bad input (exit 2) with every problem listed.
 * Returns `undefined` when this build has no rule engine yet (the run then only loads data).
 */
export async function loadRulesOrFail(ctx: CommandContext, packs: readonly string[] | undefined): Promise<readonly unknown[] | undefined> {
  let paths: readonly string[];
  try {
    paths = await resolvePacks(ctx, packs);
    const loaded = await ctx.lib.loadPacks(paths);
    if (loaded.problems.length > 0) {
      const shown = loaded.problems.slice(0, 20).map((p) => `  ${formatProblem(p)}`);
      const more = loaded.problems.length > 20 ? `\n  … and ${loaded.problems.length - 20} more (run \`sunshine validate\` to see all)` : '';
      throw new CliError('BAD_INPUT', `invalid rule pack (${loaded.problems.length} ${loaded.problems.length === 1 ? 'problem' : 'problems'}):\n${shown.join('\n')}${more}`);
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
