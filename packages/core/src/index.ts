/**
 * `@sunshine/core`: the canonical data model, the rule DSL, the planner and the in-process
 * executor.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './schema/index.js';
export * from './source/source.js';
export * from './source/load-data.js';
export * from './findings/finding.js';
