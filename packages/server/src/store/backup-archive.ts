/**
 * The backup file's container: a gzip-compressed POSIX tar (ustar) of regular files, written
 * and read here without a dependency, so that `tar -tzvf backup.tar.gz` lists it and
 * `tar -xzf` unpacks it by hand. Only what a backup needs: flat names, regular files, streams.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 99) throw new Error(`archive member name too long: ${name}`);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 'utf8');
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** A member to write: a file on disk under the name `name`. */
export interface ArchiveMember {
  readonly name: string;
  readonly file: string;
}

/** Writes `members` into a .tar.gz at `out` (through a temporary file renamed at the end; mode 0600). */
export async function writeArchive(out: string, members: readonly ArchiveMember[]): Promise<void> {
  const tmp = `${out}.partial-${process.pid}`;
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(tmp, { mode: 0o600 }));
  const write = (b: Buffer): Promise<void> => new Promise((resolve) => (gzip.write(b) ? resolve() : gzip.once('drain', resolve)));
  for (const m of members) {
    const st = await stat(m.file);
    await write(header(m.name, st.size, st.mtime));
    let written = 0;
    for await (const chunk of createReadStream(m.file)) {
      written += (chunk as Buffer).length;
      await write(chunk as Buffer);
    }
    if (written !== st.size) throw new Error(`${m.file} changed while it was archived`);
    const pad = (BLOCK - (st.size % BLOCK)) % BLOCK;
    if (pad) await write(Buffer.alloc(pad));
  }
  await write(Buffer.alloc(BLOCK * 2));
  gzip.end();
  await done;
  await rename(tmp, out);
}

/** A member as unpacked: its name, where it was written, size and sha256. */
export interface UnpackedMember {
  readonly name: string;
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * Unpacks a .tar.gz written by {@link writeArchive} into `dir` (flat names only; anything else
 * is refused), hashing each member as it goes.
 */
export async function readArchive(file: string, dir: string): Promise<UnpackedMember[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const members: UnpackedMember[] = [];
  let buf = Buffer.alloc(0);
  let current: { name: string; remaining: number; pad: number; out: WriteStream | undefined; hash: ReturnType<typeof createHash>; size: number; file: string } | undefined;
  let ended = false;
  const handle = await open(file, 'r');
  try {
    const gunzip = handle.createReadStream().pipe(createGunzip());
    for await (const chunk of gunzip) {
      buf = Buffer.concat([buf, chunk as Buffer]);
      for (;;) {
        if (ended) break;
        if (!current) {
          if (buf.length < BLOCK) break;
          const h = buf.subarray(0, BLOCK);
          buf = buf.subarray(BLOCK);
          if (h.every((b) => b === 0)) {
            ended = true;
            break;
          }
          const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
          const type = String.fromCharCode(h[156] ?? 48);
          const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
          if ((type !== '0' && type !== '\0') || name !== basename(name) || name === '' || name.startsWith('.') || !Number.isFinite(size)) throw new Error(`unexpected member \`${name}\` (type ${type}): not a Sunshine backup`);
          const path = join(dir, name);
          current = { name, remaining: size, pad: (BLOCK - (size % BLOCK)) % BLOCK, out: createWriteStream(path, { mode: 0o600 }), hash: createHash('sha256'), size, file: path };
        }
        if (current.remaining > 0) {
          if (buf.length === 0) break;
          const part = buf.subarray(0, Math.min(current.remaining, buf.length));
          buf = buf.subarray(part.length);
          current.remaining -= part.length;
          current.hash.update(part);
          const out = current.out!;
          if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          if (current.remaining > 0) continue;
        }
        if (buf.length < current.pad) break;
        buf = buf.subarray(current.pad);
        const out = current.out!;
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        members.push({ name: current.name, file: current.file, size: current.size, sha256: current.hash.digest('hex') });
        current = undefined;
      }
    }
  } finally {
    await handle.close();
  }
  if (current || !ended) throw new Error('the archive ends early (truncated file?)');
  return members;
}

/** The sha256 of a file, hex. */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
