/**
 * The language the command line speaks: `--lang zh|en`, else the locale (`LC_ALL`,
 * `LC_MESSAGES`, `LANG`, the first one set, as POSIX has it): `zh…` is Chinese, anything else
 * English.
 */
import { CliError } from '../cli-error.js';

export type Lang = 'en' | 'zh';

export const LANGS: readonly Lang[] = ['en', 'zh'];

/**
 * A text in both languages. A help text or message typed `Bilingual` without its `zh` (or `en`)
 * is a compile error.
 */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** The language of the environment's locale. */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v !== undefined && v !== '') return /^zh/i.test(v) ? 'zh' : 'en';
  }
  return 'en';
}

/** Where `--lang` sits in argv: its value (or `''` when it has none) and how many words it takes. */
export function findLangFlag(argv: readonly string[]): { index: number; value: string; words: number } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--lang') return { index: i, value: argv[i + 1] ?? '', words: argv[i + 1] === undefined ? 1 : 2 };
    if (a.startsWith('--lang=')) return { index: i, value: a.slice('--lang='.length), words: 1 };
  }
  return undefined;
}

/**
 * The language for this argv and environment. An unknown `--lang` value is a usage error
 * (exit 2), said in the locale's language.
 */
export function resolveLang(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Lang {
  const fromEnv = langFromEnv(env);
  const flag = findLangFlag(argv);
  if (flag === undefined) return fromEnv;
  const v = flag.value.toLowerCase();
  if (v === 'zh' || v === 'zh-cn' || v === 'zh_cn') return 'zh';
  if (v === 'en') return 'en';
  throw new CliError(
    'USAGE',
    fromEnv === 'zh' ? `\`--lang\` 只能是 \`zh\` 或 \`en\`，收到的是 \`${flag.value}\`` : `\`--lang\` must be \`zh\` or \`en\`, got \`${flag.value}\``,
  );
}

/** The text of `t` in `lang`. */
export function tr(t: Bilingual, lang: Lang): string {
  return t[lang];
}
