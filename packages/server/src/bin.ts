#!/usr/bin/env node
/**
 * The `sunshine-server` bin: the same flags as `sunshine serve` (see `--help`).
 */
import { parseServeArgv, runServe, SERVE_USAGE } from './run-serve.js';

let args;
try {
  args = parseServeArgv(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n${SERVE_USAGE}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(SERVE_USAGE);
} else {
  process.exitCode = await runServe(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
}
