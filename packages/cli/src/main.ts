import { resolve } from 'node:path';
import { SunshineError } from '@sunshine/core';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import type { CommandSpec } from './command-spec.js';
import { didYouMean } from './did-you-mean.js';
import { createFeedback, type Feedback, type FeedbackMode } from './feedback/feedback.js';
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
import { serveCommand } from './commands/serve-command.js';
import { testCommand } from './commands/test-command.js';
import { validateCommand } from './commands/validate-command.js';

/** Every command, in the order `sunshine --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [runCommand, validateCommand, testCommand, explainCommand, catalogCommand, schemaCommand, genCommand, initCommand, demoCommand, serveCommand];

/** Exit code of an internal error (a bug): the only case that prints a stack trace unasked. */
export const EXIT_INTERNAL = 3;

function globalHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `sunshine ${version} — a rule engine for supervising rural public money (阳光)`,
    '',
    'Usage: sunshine <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options: --help (also after a command), --version, --debug, --quiet, --log-format json',
    'Exit codes: 0 done; 1 validate/test found problems or run --fail-on tripped; 2 bad usage or bad input.',
    '',
  ].join('\n');
}

function feedbackMode(argv: readonly string[], io: CliIo): FeedbackMode {
  const i = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  const value = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (value === 'json') return 'json';
  if (argv.includes('--quiet') || argv.includes('-q')) return 'quiet';
  return io.isTTY ? 'tty' : 'plain';
}

function describeError(e: unknown): string {
  if (e instanceof SunshineError) {
    const d = e.details;
    const where = [d.file, d.dataset === undefined ? undefined : `dataset ${d.dataset}`, d.row === undefined ? undefined : `row ${d.row}`, d.field === undefined ? undefined : `field ${d.field}`, d.pointer]
      .filter((x): x is string => x !== undefined && x !== '')
      .join(' ');
    return where === '' || e.message.includes(d.file ?? '\u0000') ? e.message : `${where}: ${e.message}`;
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
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const spec = COMMANDS.find((c) => c.name === topic);
    if (spec !== undefined) {
      io.stdout.write(commandHelp(spec));
      return 0;
    }
    (name === undefined ? io.stderr : io.stdout).write(globalHelp(lib.version));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.stdout.write(`${lib.version}\n`);
    return 0;
  }
  const feedback: Feedback = createFeedback(io.stderr, { mode: feedbackMode(argv, io), columns: io.columns });
  const spec = COMMANDS.find((c) => c.name === name);
  try {
    if (spec === undefined) {
      const hint = didYouMean(name, COMMANDS.map((c) => c.name));
      const what = name.startsWith('-') ? `unknown option \`${name}\`` : `unknown command \`${name}\``;
      throw new CliError('USAGE', `${what}${hint === undefined ? '' : `; did you mean \`${hint}\`?`} (see \`sunshine --help\`)`);
    }
    const args = parseCommandArgs(spec, rest);
    if (args.flag('help')) {
      io.stdout.write(commandHelp(spec));
      return 0;
    }
    const logFormat = args.string('log-format');
    if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'text') {
      throw new CliError('USAGE', `\`--log-format\` must be \`text\` or \`json\`, got \`${logFormat}\``);
    }
    return await spec.run({ io, args, lib, feedback, resolve: (p) => resolve(io.cwd, p) });
  } catch (e) {
    if (e instanceof CliError || e instanceof SunshineError) {
      const internal = e instanceof SunshineError && e.code === 'INTERNAL';
      feedback.error(describeError(e), { code: e.code });
      if (debug || internal) io.stderr.write(`${e.stack ?? ''}\n`);
      return e instanceof CliError ? e.exitCode : internal ? EXIT_INTERNAL : 2;
    }
    feedback.error(`internal error (a bug in sunshine; please report it with this output): ${describeError(e)}`);
    io.stderr.write(`${(e as Error | undefined)?.stack ?? ''}\n`);
    return EXIT_INTERNAL;
  }
}
