// @ts-check
/**
 * Names each module of the API reference after its import path (`@sunshine/core`,
 * `@sunshine/adapters/csv`) instead of its source folder (`core/src`, `adapters/src/csv`).
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Converter, ReflectionKind, RendererEvent } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const m = /^([\w-]+)\/src(?:\/([\w-]+))?$/.exec(mod.name);
      if (m) mod.name = `@sunshine/${m[1]}${m[2] && m[2] !== 'index' ? `/${m[2]}` : ''}`;
    }
  });
  loadRenames(app);
}

/**
 * The markdown router keeps page names unique ignoring case, so a module page such as
 * `@sunshine/sql/duckdb` becomes `duckdb-1.md` next to the `DUCKDB` export of `@sunshine/sql`,
 * although no page `duckdb.md` exists. After rendering, such pages take their plain name back
 * and every link follows.
 * @param {import('typedoc').Application} app
 */
export function loadRenames(app) {
  app.renderer.on(RendererEvent.END, (event) => {
    const out = event.outputDirectory;
    const files = walk2(out);
    const renames = files
      .filter((f) => /-1\.md$/.test(f) && !existsSync(f.replace(/-1\.md$/, '.md')))
      .map((f) => [f, f.replace(/-1\.md$/, '.md')]);
    if (renames.length === 0) return;
    for (const [from, to] of renames) renameSync(from, to);
    const names = renames.map(([from, to]) => [basename(from), basename(to)]);
    for (const f of walk2(out)) {
      let text = readFileSync(f, 'utf8');
      let changed = false;
      for (const [a, b] of names) {
        const re = new RegExp(`(\\(|/)${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(#|\\))`, 'g');
        if (re.test(text)) {
          text = text.replace(re, `$1${b}$2`);
          changed = true;
        }
      }
      if (changed) writeFileSync(f, text);
    }
  });
}

/** @param {string} dir @returns {string[]} */
function walk2(dir) {
  /** @type {string[]} */
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk2(p));
    else if (e.name.endsWith('.md')) out.push(p);
  }
  return out;
}
