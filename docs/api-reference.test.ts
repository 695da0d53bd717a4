/**
 * The API reference (`docs/api/`, `pnpm docs:api`) covers every public entry point of every
 * published package. Regenerating it takes ~40 s, too slow for a drift test; this checks the
 * cheap part: a new package or subpath export without its page fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };

interface PackageJson {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
}

/** `@sunshine/<pkg>[/<sub>]` → its source file, for each export with a `@sunshine/source` condition. */
function publicEntryPoints(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
    if (pkg.private) continue;
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      const src = (target as Record<string, unknown> | null)?.['@sunshine/source'];
      if (typeof src !== 'string') continue;
      out.set(sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`, `packages/${dir}/${src.slice(2)}`);
    }
  }
  return out;
}

describe('docs/api', () => {
  const entries = publicEntryPoints();

  it('typedoc.json documents exactly the public entry points', () => {
    expect(entries.size).toBeGreaterThanOrEqual(10);
    expect([...typedoc.entryPoints].sort()).toEqual([...entries.values()].sort());
  });

  it('has a page for each, listed in its index (run `pnpm docs:api` after changing exports)', () => {
    const index = readFileSync(join(root, 'docs/api/README.md'), 'utf8');
    for (const name of entries.keys()) {
      expect(existsSync(join(root, 'docs/api', `${name}.md`)), `docs/api/${name}.md`).toBe(true);
      expect(index).toContain(`[${name}](${name}.md)`);
    }
  });
});
