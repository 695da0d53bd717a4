/**
 * `@sunshine/gen`: a synthetic county in the canonical model, with planted anomalies, the truth
 * file a correct engine must reproduce, and the reference checker that computes it.
 * @packageDocumentation
 */
export { generateCounty, SCALES, FORMATS } from './generate-county.js';
export type { GenerateCountyOptions, GenerateCountyResult, Scale, OutputFormat, TruthFile } from './generate-county.js';
export { referenceCheck, CORE_MODEL_IDS, REFERENCE_REQUIREMENTS } from './reference-check.js';
export type { CoreModelId, LoadedTables, ReferenceCheckOptions, ReferenceFinding, ReferenceParams, ReferenceResult, ReferenceTables } from './reference-check.js';
export { EXTENSION_MODEL_IDS } from './plant/index.js';
export type { ExtensionModelId, PlantedModelId } from './plant/index.js';
export type * from './canonical-records.js';
export { GenError } from './gen-error.js';
export type { GenErrorCode } from './gen-error.js';
