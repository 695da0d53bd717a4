/**
 * The flags of `sunshine serve` for the citizen and public pages (#18), turned into server
 * options: `--kiosk`, `--idle-seconds`, `--citizen-session-minutes`, `--disclose-funds`,
 * `--disclosure-config FILE`.
 */
import { readFileSync } from 'node:fs';
import type { ServerOptions } from './create-server.js';
import { ServerError } from './server-error.js';
import { DISCLOSURE_FIELDS, type DisclosureField, type DisclosureOptions } from './service/public-disclosure.js';

/** The public-page flags as a command line gives them. */
export interface PublicServeArgs {
  /** Kiosk mode: the pages sign a citizen out after `idleSeconds`; citizen sessions last 5 minutes unless told. */
  readonly kiosk?: boolean | undefined;
  readonly idleSeconds?: string | undefined;
  readonly citizenSessionMinutes?: string | undefined;
  /** Fund codes disclosed, comma-separated (instead of every fund whose kind is not withheld). */
  readonly discloseFunds?: string | undefined;
  /** A JSON file: `{ "funds": [...], "withheldKinds": [...], "fields": [...], "noticeDays": 7 }`. */
  readonly disclosureConfig?: string | undefined;
}

/** Minutes a citizen session lasts on a kiosk unless `--citizen-session-minutes` says otherwise. */
export const KIOSK_SESSION_MINUTES = 5;

const KEYS = new Set(['funds', 'withheldKinds', 'fields', 'noticeDays']);

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new ServerError('CONFIG', `\`--${name}\` must be an integer ≥ 1, got \`${v}\``);
  return n;
}

const codes = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

/** Reads and checks a disclosure configuration file. */
export function readDisclosureConfig(file: string): DisclosureOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ServerError('CONFIG', `\`--disclosure-config\` ${file}: ${(e as Error).message}`, {}, { cause: e });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ServerError('CONFIG', `\`--disclosure-config\` ${file}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) throw new ServerError('CONFIG', `\`--disclosure-config\` ${file}: unknown key \`${k}\` (known: ${[...KEYS].join(', ')})`);
  const list = (k: string): string[] | undefined => {
    if (o[k] === undefined) return undefined;
    if (!Array.isArray(o[k]) || !(o[k] as unknown[]).every((x) => typeof x === 'string')) throw new ServerError('CONFIG', `\`--disclosure-config\` ${file}: \`${k}\` must be a list of strings`);
    return o[k] as string[];
  };
  const fields = list('fields');
  for (const f of fields ?? []) if (!(DISCLOSURE_FIELDS as readonly string[]).includes(f)) throw new ServerError('CONFIG', `\`--disclosure-config\` ${file}: field \`${f}\` is not one of ${DISCLOSURE_FIELDS.join(', ')}`);
  const noticeDays = o['noticeDays'];
  if (noticeDays !== undefined && (typeof noticeDays !== 'number' || !Number.isInteger(noticeDays) || noticeDays < 1)) throw new ServerError('CONFIG', `\`--disclosure-config\` ${file}: \`noticeDays\` must be an integer ≥ 1`);
  const funds = list('funds');
  const withheldKinds = list('withheldKinds');
  return {
    ...(funds ? { funds } : {}),
    ...(withheldKinds ? { withheldKinds } : {}),
    ...(fields ? { fields: fields as DisclosureField[] } : {}),
    ...(noticeDays !== undefined ? { noticeDays } : {}),
  };
}

/**
 * The server options the public-page flags give (empty when none is given).
 *
 * @example
 * ```ts
 * publicServeOptions({ kiosk: true, discloseFunds: 'MZ01,NY01' });
 * // { citizenSessionMinutes: 5, publicPages: { kiosk: true }, disclosure: { funds: ['MZ01', 'NY01'] } }
 * ```
 */
export function publicServeOptions(args: PublicServeArgs): Pick<ServerOptions, 'publicPages' | 'citizenSessionMinutes' | 'disclosure'> {
  const idleSeconds = positive('idle-seconds', args.idleSeconds);
  const minutes = positive('citizen-session-minutes', args.citizenSessionMinutes);
  let disclosure: DisclosureOptions | undefined = args.disclosureConfig === undefined ? undefined : readDisclosureConfig(args.disclosureConfig);
  if (args.discloseFunds !== undefined) {
    const funds = codes(args.discloseFunds);
    if (funds.length === 0) throw new ServerError('CONFIG', '`--disclose-funds` takes fund codes, comma-separated (e.g. MZ01,NY01)');
    disclosure = { ...disclosure, funds };
  }
  const publicPages = {
    ...(args.kiosk ? { kiosk: true } : {}),
    ...(idleSeconds !== undefined ? { idleSeconds } : {}),
  };
  const sessionMinutes = minutes ?? (args.kiosk ? KIOSK_SESSION_MINUTES : undefined);
  return {
    ...(Object.keys(publicPages).length ? { publicPages } : {}),
    ...(sessionMinutes !== undefined ? { citizenSessionMinutes: sessionMinutes } : {}),
    ...(disclosure ? { disclosure } : {}),
  };
}
