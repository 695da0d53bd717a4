import { resolve } from 'node:path';
import { SunshineError } from '@sunshine/core';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import type { CommandSpec } from './command-spec.js';
import { didYouMean } from './did-you-mean.js';
import { createFeedback, type Feedback, type FeedbackMode } from './feedback/feedback.js';
import { findLangFlag, langFromEnv, resolveLang, type Lang } from './i18n/lang.js';
import { msg } from './i18n/messages.js';
import type { CliLibrary } from './library/cli-library.js';
import { createDefaultLibrary } from './library/default-library.js';
import { commandHelp, parseCommandArgs } from './parse-command-args.js';
import { catalogCommand } from './commands/catalog-command.js';
import { demoCommand } from './commands/demo-command.js';
import { explainCommand } from './commands/explain-command.js';
import { genCommand } from './commands/gen-command.js';
import { initCommand } from './commands/init-command.js';
import { runCommand } from './commands/run-command.js';
import { schemaCommand } from './commands/schema-command.js';
import { checkDataCommand } from './commands/check-data-command.js';
import { serveCommand } from './commands/serve-command.js';
import { testCommand } from './commands/test-command.js';
import { validateCommand } from './commands/validate-command.js';

/** Every command, in the order `sunshine --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [runCommand, validateCommand, testCommand, explainCommand, checkDataCommand, catalogCommand, schemaCommand, genCommand, initCommand, demoCommand, serveCommand];

/** Exit code of an internal error (a bug): the only case that prints a stack trace unasked. */
export const EXIT_INTERNAL = 3;

function globalHelp(version: string, lang: Lang): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    msg(lang, 'globalTitle', version),
    '',
    msg(lang, 'globalUsage'),
    '',
    msg(lang, 'commandsHeading'),
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary[lang]}`),
    '',
    msg(lang, 'globalOptions'),
    msg(lang, 'globalLanguage'),
    msg(lang, 'globalExitCodes'),
    '',
  ].join('\n');
}

/** argv without a leading global `--lang zh|en` (`sunshine --lang zh run …`). */
function withoutLeadingLang(argv: readonly string[]): readonly string[] {
  const flag = findLangFlag(argv);
  return flag?.index === 0 ? argv.slice(flag.words) : argv;
}

function feedbackMode(argv: readonly string[], io: CliIo): FeedbackMode {
  const i = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  const value = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (value === 'json') return 'json';
  if (argv.includes('--quiet') || argv.includes('-q')) return 'quiet';
  return io.isTTY ? 'tty' : 'plain';
}

function describeError(e: unknown, lang: Lang = 'en'): string {
  if (e instanceof SunshineError) {
    const d = e.details;
    if (lang === 'zh' && e.messageZh !== undefined) {
      const at = [d.file, d.pointer].filter((x): x is string => x !== undefined && x !== '').join(' ');
      return at === '' || e.messageZh.includes(d.file ?? '\u0000') || (d.pointer !== undefined && d.pointer !== '' && e.messageZh.includes(d.pointer)) ? e.messageZh : `${at}：${e.messageZh}`;
    }
    const where = [d.file, d.dataset === undefined ? undefined : `dataset ${d.dataset}`, d.row === undefined ? undefined : `row ${d.row}`, d.field === undefined ? undefined : `field ${d.field}`, d.pointer]
      .filter((x): x is string => x !== undefined && x !== '')
      .join(' ');
    // A message that names its place already is not prefixed with it again.
    const named = e.message.includes(d.file ?? '\u0000') || (d.file === undefined && d.pointer !== undefined && d.pointer !== '' && e.message.includes(d.pointer));
    return where === '' || named ? e.message : `${where}: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs the `sunshine` command line in-process and returns the exit code: 0 done, 1
 * `validate`/`test` problems or `run --fail-on` tripped, 2 bad usage or bad input. Bad input
 * never prints a stack trace unless `--debug` is given.
 *
 * @example
 * ```ts
 * const io = createBufferedIo({ cwd: process.cwd() });
 * const code = await main(['run', '--data', './county', '--format', 'json'], io);
 * ```
 */
export async function main(argv: readonly string[], io: CliIo, lib: CliLibrary = createDefaultLibrary()): Promise<number> {
  let lang: Lang;
  try {
    lang = resolveLang(argv, io.env);
  } catch (e) {
    createFeedback(io.stderr, { mode: feedbackMode(argv, io), columns: io.columns, lang: langFromEnv(io.env) }).error((e as Error).message, { code: 'USAGE' });
    return 2;
  }
  const [name, ...rest] = withoutLeadingLang(argv);
  const debug = argv.includes('--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const spec = COMMANDS.find((c) => c.name === topic);
    if (spec !== undefined) {
      io.stdout.write(commandHelp(spec, lang));
      return 0;
    }
    (name === undefined ? io.stderr : io.stdout).write(globalHelp(lib.version, lang));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.stdout.write(`${lib.version}\n`);
    return 0;
  }
  const feedback: Feedback = createFeedback(io.stderr, { mode: feedbackMode(argv, io), columns: io.columns, lang });
  const spec = COMMANDS.find((c) => c.name === name);
  try {
    if (spec === undefined) {
      const hint = didYouMean(name, COMMANDS.map((c) => c.name));
      throw new CliError('USAGE', msg(lang, name.startsWith('-') ? 'unknownGlobalOption' : 'unknownCommand', name, hint));
    }
    const args = parseCommandArgs(spec, rest, lang);
    if (args.flag('help')) {
      io.stdout.write(commandHelp(spec, lang));
      return 0;
    }
    const logFormat = args.string('log-format');
    if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'text') {
      throw new CliError('USAGE', msg(lang, 'badLogFormat', logFormat));
    }
    return await spec.run({ io, args, lib, feedback, lang, resolve: (p) => resolve(io.cwd, p) });
  } catch (e) {
    if (e instanceof CliError || e instanceof SunshineError) {
      const internal = e instanceof SunshineError && e.code === 'INTERNAL';
      feedback.error(e instanceof CliError && lang === 'zh' && e.zh !== undefined ? e.zh : describeError(e, lang), { code: e.code });
      if (debug || internal) io.stderr.write(`${e.stack ?? ''}\n`);
      return e instanceof CliError ? e.exitCode : internal ? EXIT_INTERNAL : 2;
    }
    feedback.error(msg(lang, 'internalError', describeError(e)));
    io.stderr.write(`${(e as Error | undefined)?.stack ?? ''}\n`);
    return EXIT_INTERNAL;
  }
}
