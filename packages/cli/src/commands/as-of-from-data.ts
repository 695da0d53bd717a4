/**
 * The default of `--as-of`: the latest date in the data, announced on stderr — never the wall
 * clock (a county's export from last year, run today, would make every payment look late).
 */
import { asOfFields, asOfNotice } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-spec.js';
import type { LoadedData } from '../library/cli-library.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';

/** Exit-2 message when the data holds no date to default `--as-of` to. */
export function noDateMessage(description: string, lang: Lang = 'en'): string {
  const fields = asOfFields().map((f) => `${f.dataset}.${f.field}`);
  return msg(lang, 'noDateToRunAsOf', description, fields.join(', '));
}

/**
 * Says on stderr `as of 2024-12-31, the latest date in the data; give --as-of to choose` (a
 * JSON log event with `asOf` under `--log-format json`; nothing under `--quiet`: the report
 * still records `asOf`).
 */
export function announceAsOf(ctx: CommandContext, asOf: string): void {
  // English is core's own sentence, word for word; Chinese: `比对基准日 2024-12-31（数据中最晚的日期）；可用 --as-of 指定`.
  ctx.feedback.info(ctx.lang === 'en' ? asOfNotice(asOf) : msg(ctx.lang, 'asOfNotice', asOf), { asOf, asOfFromData: true });
}

/**
 * The date a command runs as of: `given` (from `--as-of` or the config), else the latest date
 * in `data`, announced. No date in the data is bad input (exit 2).
 */
export function asOfFromData(ctx: CommandContext, given: string | undefined, data: LoadedData): string {
  if (given !== undefined) return given;
  const latest = ctx.lib.latestDate?.(data);
  if (latest === undefined) throw new CliError('BAD_INPUT', noDateMessage(data.description, ctx.lang));
  announceAsOf(ctx, latest);
  return latest;
}
