/**
 * What a command may touch of the outside world. `bin.ts` builds one from `process`; tests
 * build one from strings, so every command runs in-process.
 */

/** Something text can be written to (a stream, or a buffer in tests). */
export interface TextWriter {
  write(chunk: string): unknown;
}

export interface CliIo {
  readonly stdout: TextWriter;
  readonly stderr: TextWriter;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress bars, colours). */
  readonly isTTY: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number | undefined;
}

/**
 * An in-memory {@link CliIo} for tests and embedding: everything written is kept as text.
 *
 * @example
 * ```ts
 * const io = createBufferedIo({ cwd: '/tmp' });
 * const code = await main(['--version'], io);
 * console.log(io.out(), code);
 * ```
 */
export function createBufferedIo(options: { cwd: string; env?: Record<string, string | undefined>; isTTY?: boolean; columns?: number }): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    cwd: options.cwd,
    env: Object.freeze({ ...(options.env ?? {}) }),
    isTTY: options.isTTY ?? false,
    columns: options.columns,
    out: () => out,
    err: () => err,
  };
}
