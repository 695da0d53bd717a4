/**
 * The flags of `sunshine serve` for notifications and responsibility (#17): `--notify URL`
 * (repeatable; `CODES=URL` routes to departments, e.g. `NY,MZ=https://…`, `discipline=…` for
 * escalations; an `smtp://host:port?from=…&to=…` URL sends e-mail), `--notify-format
 * json|wecom|dingtalk|feishu`, `--notify-link URL` (the server's address in the links) and
 * `--responsible RULE=LEVEL` / `category:CATEGORY=LEVEL` (who verifies).
 */
import type { ServerOptions } from './create-server.js';
import { ServerError } from './server-error.js';
import { parseNotifyFlag } from './service/notifications.js';
import { parseResponsible } from './service/responsibility.js';

export interface NotifyServeArgs {
  /** Receivers of notices: `URL` or `CODES=URL`. */
  readonly notify?: readonly string[] | undefined;
  /** `json` (default), `wecom`, `dingtalk` or `feishu`. */
  readonly notifyFormat?: string | undefined;
  /** The server's address as people reach it, for the links in notices. */
  readonly notifyLink?: string | undefined;
  /** `RULE=LEVEL` or `category:CATEGORY=LEVEL`, LEVEL one of department, town, village. */
  readonly responsible?: readonly string[] | undefined;
}

export const NOTIFY_SERVE_USAGE = `                      [--notify [CODES=]URL]… [--notify-format json|wecom|dingtalk|feishu] [--notify-link URL]
                      [--responsible RULE|category:CATEGORY=department|town|village]…`;

/** The options of these flags (throws `CONFIG` for bad values). */
export function notifyServeOptions(args: NotifyServeArgs): Pick<ServerOptions, 'notify' | 'responsible'> {
  if (args.notifyLink !== undefined && !/^https?:\/\//.test(args.notifyLink)) throw new ServerError('CONFIG', `\`--notify-link\` must be an http(s):// URL, got \`${args.notifyLink}\``);
  if ((args.notifyFormat !== undefined || args.notifyLink !== undefined) && !args.notify?.length) throw new ServerError('CONFIG', '`--notify-format` and `--notify-link` go with `--notify URL`');
  const targets = (args.notify ?? []).map((v) => parseNotifyFlag(v, args.notifyFormat ?? 'json'));
  const responsible = parseResponsible(args.responsible ?? []);
  return {
    ...(targets.length ? { notify: { targets, ...(args.notifyLink !== undefined ? { linkBase: args.notifyLink } : {}) } } : {}),
    ...(Object.keys(responsible).length ? { responsible } : {}),
  };
}
