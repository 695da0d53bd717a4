import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.config.*', 'tsup.base.ts', 'bench/**', 'examples/**/out/**', '**/.sunshine/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `noUncheckedIndexedAccess` makes `!` the honest way to say "checked above".
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Its autofix rewrites `return f()` into `f(); return;`, which changes meaning.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // A switch over a union names every member (a new member is a compile-time finding, not a `default:`).
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // No import cycles in the packages' sources (type-only imports do not count: they vanish at run time).
    files: ['packages/*/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Node scripts (`pnpm release`).
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
