/**
 * How a command declares its flags and help. `main` parses argv against the spec with
 * `node:util` `parseArgs` and hands the command typed accessors.
 */
import type { CliIo } from './cli-io.js';
import type { CliLibrary } from './library/cli-library.js';
import type { Feedback } from './feedback/feedback.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder in help (`DIR`, `FILE`). */
  readonly value?: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line for `sunshine --help`. */
  readonly summary: string;
  /** Usage line(s) after `sunshine `. */
  readonly usage: readonly string[];
  /** Longer help text (paragraphs), optional. */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Whether positional arguments are accepted, and what they are called in help. */
  readonly positionals?: string;
  run(ctx: CommandContext): Promise<number>;
}

/** Parsed flags with typed accessors. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  string(name: string): string | undefined;
  strings(name: string): readonly string[];
  flag(name: string): boolean;
  /** Whether the flag was given on the command line at all. */
  has(name: string): boolean;
}

export interface CommandContext {
  readonly io: CliIo;
  readonly args: ParsedArgs;
  readonly lib: CliLibrary;
  readonly feedback: Feedback;
  /** Resolves a user path against the working directory. */
  resolve(path: string): string;
}

/** Flags every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  debug: { type: 'boolean', description: 'print stack traces of errors (for bug reports)' },
  quiet: { type: 'boolean', short: 'q', description: 'print nothing but results and errors' },
  'log-format': { type: 'string', value: 'text|json', description: '`json`: machine-readable log lines on stderr' },
};
