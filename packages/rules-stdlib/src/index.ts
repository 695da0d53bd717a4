/**
 * `@sunshine/rules-stdlib`: the standard library of comparison models (比对模型) — eight
 * categories, the 28 fixed core models and more, each a JSON rule in the
 * public DSL with fixtures beside it and doc pages in `docs/<id>.zh-CN.md` (Chinese) and
 * `docs/<id>.md` (English).
 *
 * @example
 * ```ts
 * import { createEngine } from '@sunshine/core';
 * import { loadStdlib } from '@sunshine/rules-stdlib';
 * const engine = createEngine({ rules: await loadStdlib(), asOf: '2024-12-31' });
 * ```
 * @packageDocumentation
 */
export { stdlibDir, presetDir, docsDir, packageDir } from './stdlib-dir.js';
export { StdlibError, type StdlibErrorCode } from './stdlib-error.js';
export { coreModelIds, isCoreModel, type CoreModelId } from './core-model-ids.js';
export { PRESET_NAMES, THREE_ASSET_DATASETS, presetDefinitions, presets, presetPath, isPresetName, type PresetName, type PresetDefinition } from './presets.js';
export { loadStdlib, type LoadStdlibOptions } from './load-stdlib.js';
export {
  catalogue,
  catalogueEntries,
  renderCatalogueMarkdown,
  renderCatalogueJson,
  type CatalogueEntry,
  type CatalogueParam,
  type CatalogueDepartment,
  type CatalogueFormat,
  type CatalogueOptions,
} from './catalogue.js';
