import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
const tsup = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

it('keeps exports, build entries, sources and README in step', () => {
  const subpaths = Object.keys(pkg.exports).filter((k) => k !== '.' && !k.startsWith('./package') && !k.startsWith('./internal') && !k.startsWith('./schema'));
  expect(subpaths.sort()).toEqual(['./csv', './json', './mysql', './postgres', './sqlite', './xlsx']);
  for (const sub of subpaths) {
    const name = sub.slice(2);
    expect(pkg.exports[sub]).toEqual({ '@sunshine/source': `./src/${name}.ts`, types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` });
    expect(existsSync(new URL(`../src/${name}.ts`, import.meta.url)), `src/${name}.ts`).toBe(true);
    expect(tsup, `tsup entry for ${name}`).toContain(`${name}: 'src/${name}.ts'`);
    expect(readme, `README row for @sunshine/adapters/${name}`).toContain(`\`@sunshine/adapters/${name}\``);
  }
  expect(existsSync(new URL('../schema/mapping.schema.json', import.meta.url))).toBe(true);
});

it('imports no driver statically: drivers load on first use', () => {
  const files = readdirSync(new URL('../src', import.meta.url), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(10);
  for (const f of files) {
    const text = readFileSync(new URL(`../src/${f}`, import.meta.url), 'utf8');
    expect(text, f).not.toMatch(/^import\s(?!type\b)[^;]*from\s+'(exceljs|better-sqlite3|pg|mysql2|iconv-lite)'/m);
  }
});
