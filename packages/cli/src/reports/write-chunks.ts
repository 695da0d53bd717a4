import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TextWriter } from '../cli-io.js';
import { CliError } from '../cli-error.js';

const FLUSH_AT = 1 << 20;

/** Writes chunks to a file (creating its folder), batching small chunks. */
export function writeChunksToFile(file: string, chunks: Iterable<string>): void {
  let fd: number;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(file, 'w');
  } catch (e) {
    throw new CliError('BAD_INPUT', `cannot write \`${file}\`: ${(e as Error).message}`, { cause: e });
  }
  try {
    let buf = '';
    for (const c of chunks) {
      buf += c;
      if (buf.length >= FLUSH_AT) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    if (buf !== '') writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

/** Writes bytes (a workbook) to a file, creating its folder. */
export function writeBytesToFile(file: string, bytes: Uint8Array): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  } catch (e) {
    throw new CliError('BAD_INPUT', `cannot write \`${file}\`: ${(e as Error).message}`, { cause: e });
  }
}

/** Writes chunks to a text writer (stdout), batching small chunks. */
export function writeChunks(writer: TextWriter, chunks: Iterable<string>): void {
  let buf = '';
  for (const c of chunks) {
    buf += c;
    if (buf.length >= FLUSH_AT) {
      writer.write(buf);
      buf = '';
    }
  }
  if (buf !== '') writer.write(buf);
}
