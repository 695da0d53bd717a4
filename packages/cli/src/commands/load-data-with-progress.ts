import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CommandContext } from '../command-spec.js';
import type { ProgressHandle } from '../feedback/feedback.js';
import type { DataSpec, LoadedData, LoadOptions } from '../library/cli-library.js';
import { msg } from '../i18n/messages.js';

/**
 * The load cache's folder for a data folder: under `SUNSHINE_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/sunshine`, else `~/.cache/sunshine` (`load/<hash of the folder's path>`);
 * `undefined` (no cache) when the environment names none of them.
 */
export function loadCacheDir(ctx: CommandContext, dir: string): string | undefined {
  const base = cacheBase(ctx);
  return base === undefined ? undefined : join(base, 'load', createHash('sha1').update(dir).digest('hex').slice(0, 16));
}

/** The cache folder (see {@link loadCacheDir}); `undefined` when the environment names none. */
export function cacheBase(ctx: CommandContext): string | undefined {
  const env = ctx.io.env;
  return env['SUNSHINE_CACHE_DIR'] || (env['XDG_CACHE_HOME'] ? join(env['XDG_CACHE_HOME'], 'sunshine') : env['HOME'] ? join(env['HOME'], '.cache', 'sunshine') : undefined);
}

/** Loads the data with a progress bar per dataset. */
export async function loadDataWithProgress(ctx: CommandContext, spec: DataSpec, options: Omit<LoadOptions, 'onProgress'> = {}): Promise<LoadedData> {
  const bars = new Map<string, ProgressHandle>();
  const data = await ctx.lib.loadData(spec, {
    ...options,
    onProgress(p) {
      let bar = bars.get(p.dataset);
      if (bar === undefined) {
        bar = ctx.feedback.progress(msg(ctx.lang, 'progressLoading', p.dataset), msg(ctx.lang, 'unitRows'));
        bars.set(p.dataset, bar);
      }
      bar.update(p.rows, p.total);
      if (p.done) bar.finish(msg(ctx.lang, 'rowsCount', p.rows));
    },
  });
  return data;
}
