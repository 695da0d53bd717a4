/**
 * How a command declares its flags and help. `main` parses argv against the spec with
 * `node:util` `parseArgs` and hands the command typed accessors.
 */
import type { CliIo } from './cli-io.js';
import type { CliLibrary } from './library/cli-library.js';
import type { Feedback } from './feedback/feedback.js';
import type { Bilingual, Lang } from './i18n/lang.js';

export type { Bilingual, Lang } from './i18n/lang.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder in help (`DIR`, `FILE`). */
  readonly value?: string;
  /** One line of help, in English and in Chinese (both required: a missing `zh` is a compile error). */
  readonly description: Bilingual;
}

export interface CommandSpec {
  readonly name: string;
  /** One line for `sunshine --help`, in English and Chinese. */
  readonly summary: Bilingual;
  /** Usage line(s) after `sunshine ` (syntax only: command, flags and placeholders; not translated). */
  readonly usage: readonly string[];
  /** Longer help text (paragraphs), optional; when given, in English and Chinese. */
  readonly details?: Bilingual;
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
  /** The language to speak: `--lang`, else the locale. */
  readonly lang: Lang;
  /** Resolves a user path against the working directory. */
  resolve(path: string): string;
}

/** Flags every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: { en: 'show this help', zh: '显示本帮助' } },
  lang: {
    type: 'string',
    value: 'zh|en',
    description: { en: 'language of help and messages (default: from LC_ALL, LC_MESSAGES, LANG)', zh: '帮助和提示信息的语言（不给时按 LC_ALL、LC_MESSAGES、LANG 判断）' },
  },
  debug: { type: 'boolean', description: { en: 'print stack traces of errors (for bug reports)', zh: '出错时打印调用栈（报告缺陷时用）' } },
  quiet: { type: 'boolean', short: 'q', description: { en: 'print nothing but results and errors', zh: '只输出结果和错误，不显示进度' } },
  'log-format': { type: 'string', value: 'text|json', description: { en: '`json`: machine-readable log lines on stderr', zh: '`json`：在标准错误输出（`stderr`）上写供程序读取的日志行' } },
};
