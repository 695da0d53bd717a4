import type { CommandContext } from '../command-spec.js';
import type { ProgressHandle } from '../feedback/feedback.js';
import type { DataSpec, LoadedData } from '../library/cli-library.js';
import { msg } from '../i18n/messages.js';

/** Loads the data with a progress bar per dataset. */
export async function loadDataWithProgress(ctx: CommandContext, spec: DataSpec): Promise<LoadedData> {
  const bars = new Map<string, ProgressHandle>();
  const data = await ctx.lib.loadData(spec, {
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
