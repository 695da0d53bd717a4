import { formatProblem, loadPacks, type Rule, type SunshinePlugin } from '@sunshine/core';
import { isPresetName, presetDefinitions, unknownPreset, type PresetName } from './presets.js';
import { stdlibDir } from './stdlib-dir.js';
import { StdlibError } from './stdlib-error.js';

export interface LoadStdlibOptions {
  /**
   * Only the rules of this preset.
   * @default 'all'
   */
  readonly preset?: PresetName;
  /** Only these rule ids (an id the library lacks is an error). */
  readonly only?: readonly string[];
  /** Plug-ins whose datasets, functions and operators the rules may use. */
  readonly plugins?: readonly SunshinePlugin[];
}

/**
 * Loads and validates the standard library and returns its rules, ready for `createEngine`.
 * Throws {@link StdlibError}: `INVALID_STDLIB` when a rule does not validate (a packaging bug),
 * `UNKNOWN_PRESET`, `UNKNOWN_RULE`.
 *
 * @example
 * ```ts
 * const engine = createEngine({ rules: await loadStdlib({ preset: 'payments' }), asOf: '2024-12-31' });
 * ```
 */
export async function loadStdlib(options: LoadStdlibOptions = {}): Promise<readonly Rule[]> {
  const opts = Object.freeze({ ...options });
  const preset = opts.preset ?? 'all';
  if (!isPresetName(preset)) throw unknownPreset(preset);
  const pack = await loadPacks([stdlibDir], opts.plugins ? { plugins: opts.plugins } : {});
  if (pack.problems.length > 0) {
    throw new StdlibError('INVALID_STDLIB', `the standard library does not validate:\n${pack.problems.map(formatProblem).join('\n')}`);
  }
  let rules = pack.rules.map((r) => r.rule).filter(presetDefinitions[preset].includes);
  if (opts.only) {
    const known = new Set(pack.rules.map((r) => r.rule.id));
    const unknown = opts.only.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new StdlibError('UNKNOWN_RULE', `the standard library has no rule ${unknown.map((id) => `\`${id}\``).join(', ')}`, unknown[0]);
    rules = rules.filter((r) => opts.only!.includes(r.id));
  }
  return Object.freeze(rules);
}
