import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';
import { COMMON_OPTIONS, type CommandSpec, type ParsedArgs } from './command-spec.js';
import { didYouMean } from './did-you-mean.js';
import type { Lang } from './i18n/lang.js';
import { msg } from './i18n/messages.js';

type RawValue = string | boolean | (string | boolean)[] | undefined;

/**
 * Parses a command's argv against its spec. Unknown flags, missing values and stray
 * positionals become a `USAGE` {@link CliError} that names the flag and suggests the closest
 * one.
 */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[], lang: Lang = 'en'): ParsedArgs {
  const all = { ...COMMON_OPTIONS, ...spec.options };
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(all)) {
    options[name] = { type: o.type, ...(o.short === undefined ? {} : { short: o.short }), ...(o.multiple === true ? { multiple: true } : {}) };
  }
  let parsed: { values: Record<string, RawValue>; positionals: string[] };
  try {
    const r = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    parsed = { values: r.values, positionals: r.positionals };
  } catch (e) {
    throw usageErrorOf(spec, e, Object.keys(all), lang);
  }
  if (spec.positionals === undefined && parsed.positionals.length > 0) {
    const first = parsed.positionals[0]!;
    throw new CliError('USAGE', msg(lang, 'noPositional', spec.name, first));
  }
  const values = parsed.values;
  return {
    positionals: parsed.positionals,
    string(name) {
      const v = values[name];
      if (Array.isArray(v)) return v.length === 0 ? undefined : String(v[v.length - 1]);
      return typeof v === 'string' ? v : undefined;
    },
    strings(name) {
      const v = values[name];
      if (v === undefined || typeof v === 'boolean') return [];
      return Array.isArray(v) ? v.map(String) : [v];
    },
    flag(name) {
      return values[name] === true;
    },
    has(name) {
      return values[name] !== undefined;
    },
  };
}

function usageErrorOf(spec: CommandSpec, e: unknown, known: readonly string[], lang: Lang): CliError {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  const flagNames = known.map((k) => `--${k}`);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const m = /'(-{1,2}[^'\s]+)'/.exec(message);
    const flag = m?.[1] ?? '';
    const bare = flag.split('=')[0] ?? flag;
    const hint = bare.startsWith('--') ? didYouMean(bare, flagNames) : undefined;
    return new CliError('USAGE', msg(lang, 'unknownOption', bare, spec.name, hint));
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // e.g. "Option '--out <value>' argument missing"
    const m = /'(?:-\w, )?(-{1,2}[\w-]+)/.exec(message);
    const flag = m?.[1] ?? 'an option';
    if (/argument missing/.test(message)) return new CliError('USAGE', msg(lang, 'optionNeedsValue', flag, spec.name));
    return new CliError('USAGE', msg(lang, 'optionTakesNoValue', flag, spec.name));
  }
  return new CliError('USAGE', msg(lang, 'otherUsageError', message, spec.name));
}

/** Renders `--help` for a command, in `lang`. */
export function commandHelp(spec: CommandSpec, lang: Lang = 'en'): string {
  const lines: string[] = [];
  lines.push(`sunshine ${spec.name} — ${spec.summary[lang]}`, '', msg(lang, 'usageHeading'));
  for (const u of spec.usage) lines.push(`  sunshine ${u}`);
  if (spec.details !== undefined) lines.push('', spec.details[lang].trimEnd());
  lines.push('', msg(lang, 'optionsHeading'));
  const entries = Object.entries({ ...spec.options, ...COMMON_OPTIONS });
  const left = entries.map(([name, o]) => `${o.short === undefined ? '    ' : `-${o.short}, `}--${name}${o.value === undefined ? '' : ` ${o.value}`}`);
  const width = Math.min(34, Math.max(...left.map((l) => l.length)) + 2);
  entries.forEach(([, o], i) => {
    const l = left[i]!;
    lines.push(`  ${l.padEnd(width)}${l.length >= width ? `\n  ${' '.repeat(width)}` : ''}${o.description[lang]}${o.multiple === true ? msg(lang, 'repeatable') : ''}`);
  });
  return `${lines.join('\n')}\n`;
}
