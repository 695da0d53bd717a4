import { defineConfig } from 'vitest/config';

const pkgs = ['core', 'adapters', 'rules-stdlib', 'gen', 'cli', 'test-servers', 'server', 'sql'] as const;

export default defineConfig({
  resolve: { conditions: ['@sunshine/source'] },
  ssr: { resolve: { conditions: ['@sunshine/source'] } },
  test: {
    projects: [
      ...pkgs.map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `./packages/${name}`,
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      })),
      {
        extends: true as const,
        test: {
          name: 'examples',
          root: './examples',
          include: ['*/test/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true as const,
        test: { name: 'api-docs', root: './docs', include: ['api-reference.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'packaging', root: './test/packaging', include: ['*.test.ts'], testTimeout: 900_000, hookTimeout: 300_000 },
      },
    ],
  },
});
