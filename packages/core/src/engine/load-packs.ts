import { readPacks, type LoadedPack } from '../dsl/load-pack.js';
import { buildEnvironment } from './create-engine.js';
import type { SunshinePlugin } from './plugin.js';

/**
 * Reads rule packs (files, folders or installed packages) and validates them — schema, then
 * semantics against the data model and the plug-ins given. Bad packs never throw: look at
 * `problems` (each with file and JSON pointer).
 *
 * @example
 * ```ts
 * const { rules, problems } = await loadPacks(['./my-rules']);
 * if (problems.length) console.error(problems.map(formatProblem).join('\n'));
 * const engine = createEngine({ rules: rules.map((r) => r.rule) });
 * ```
 */
export async function loadPacks(paths: readonly string[], options: { plugins?: readonly SunshinePlugin[]; cwd?: string } = {}): Promise<LoadedPack> {
  return readPacks(paths, buildEnvironment(options.plugins).plan, options.cwd);
}
