/**
 * Where the library's files are. Found relative to this module, so the same code works from
 * `src/` (tests, `@sunshine/source`) and from the built `dist/` — both are one level below the
 * package folder.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder (holding `rules/`, `presets/`, `docs/`, `schema/`). */
export const packageDir: string = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');

/**
 * Absolute path of the standard library's rule folder: a PACK for `loadPacks`,
 * `runRuleTests` and `sunshine run --rules`.
 *
 * @example
 * ```ts
 * const { rules, problems } = await loadPacks([stdlibDir]);
 * ```
 */
export const stdlibDir: string = path.join(packageDir, 'rules');

/**
 * Absolute path of the preset folder: `presets/<name>.json` is a PACK holding the rules of the
 * preset (`sunshine run --rules <presetDir>/payments.json`).
 */
export const presetDir: string = path.join(packageDir, 'presets');

/** Absolute path of the folder of rule doc pages (`docs/<id>.zh-CN.md` in Chinese, `docs/<id>.md` in English). */
export const docsDir: string = path.join(packageDir, 'docs');
