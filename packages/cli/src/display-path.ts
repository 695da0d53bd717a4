import { isAbsolute, relative } from 'node:path';

/** A path as people want to read it: relative to `cwd` when inside it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const r = relative(cwd, path);
  return r === '' ? '.' : r.startsWith('..') || isAbsolute(r) ? path : r;
}
