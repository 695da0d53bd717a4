// The server's layering (docs/architecture.md): SQL is written only in the store
// (src/store/*); services and HTTP routes call the store's functions and methods.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** A string literal that starts an SQL statement (comments are left out). */
const SQL = /['"`]\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX)\s)/;

describe('server layers', () => {
  it('writes SQL only in src/store', () => {
    const offenders: string[] = [];
    for (const f of files(src)) {
      const rel = relative(src, f);
      if (rel.startsWith('store')) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.trimStart();
          if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
          if (SQL.test(line)) offenders.push(`${rel}:${i + 1}: ${code.slice(0, 100)}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('would see SQL in a route (the check itself)', () => {
    expect(SQL.test("await db.all('SELECT status FROM runs')")).toBe(true);
    expect(SQL.test('select the rows')).toBe(false);
  });
});
