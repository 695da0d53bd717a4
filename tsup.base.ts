// The one tsup configuration every package builds from: ESM, Node 20, type declarations,
// source maps. Each package's tsup.config.ts passes only its entry points.
import type { Options } from 'tsup';

export function sunshineTsup(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    tsconfig: 'tsconfig.build.json',
    ...overrides,
  };
}
