/**
 * Presets a county can start from: the whole library, the subsidy payments, or the village
 * three-assets. A preset is a selection of rules; it is available three ways:
 *
 * - `presets[name]`: the rule ids (generated from the rule files, kept in step by a test);
 * - `presetPath(name)`: `presets/<name>.json`, a PACK holding the preset's rules, which
 *   `sunshine run --rules` and `loadPacks` take as they are;
 * - `loadStdlib({ preset: name })`: the rules themselves.
 */
import path from 'node:path';
import type { LocalizedText, Rule } from '@sunshine/core';
import { presetRuleIds } from './preset-rule-ids.js';
import { presetDir } from './stdlib-dir.js';
import { StdlibError } from './stdlib-error.js';

/** Names of the presets. */
export const PRESET_NAMES = ['all', 'payments', 'three-assets'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The datasets of the village collective's “three assets” (三资). */
export const THREE_ASSET_DATASETS: readonly string[] = ['collective_contracts', 'collective_ledger', 'collective_assets'];

export interface PresetDefinition {
  readonly name: PresetName;
  readonly title: LocalizedText;
  /** Which rules belong to it. */
  readonly includes: (rule: Rule) => boolean;
}

/** What each preset selects. */
export const presetDefinitions: Readonly<Record<PresetName, PresetDefinition>> = Object.freeze({
  all: { name: 'all', title: { zh: '全部模型', en: 'The whole library' }, includes: () => true },
  payments: {
    name: 'payments',
    title: { zh: '惠民惠农补贴发放（以 payments 为对象的模型）', en: 'Subsidy payments (models whose subject is `payments`)' },
    includes: (rule: Rule) => rule.subject.dataset === 'payments',
  },
  'three-assets': {
    name: 'three-assets',
    title: { zh: '农村集体“三资”（合同、账目、资产）', en: 'Village collective contracts, books and assets (三资)' },
    includes: (rule: Rule) => THREE_ASSET_DATASETS.includes(rule.subject.dataset),
  },
});

/**
 * The rule ids of each preset.
 *
 * @example
 * ```ts
 * const engine = createEngine({ rules: all.filter((r) => presets.payments.includes(r.id)) });
 * ```
 */
export const presets: Readonly<Record<PresetName, readonly string[]>> = presetRuleIds;

/** True when `name` names a preset. */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * Absolute path of a preset's PACK file, `presets/<name>.json`.
 *
 * @example
 * ```ts
 * const { rules } = await loadPacks([presetPath('three-assets')]);
 * ```
 */
export function presetPath(name: PresetName): string {
  if (!isPresetName(name)) throw unknownPreset(name);
  return path.join(presetDir, `${name}.json`);
}

/** The error for a name that is not a preset. */
export function unknownPreset(name: string): StdlibError {
  return new StdlibError('UNKNOWN_PRESET', `unknown preset \`${name}\` (presets: ${PRESET_NAMES.join(', ')})`, name);
}
