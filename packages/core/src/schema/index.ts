export * from './values.js';
export * from './datasets.js';
export * from './records.js';
export * from './normalize.js';
export * from './row-checks.js';
export * from './dataset-names-zh.js';
export * from './datasets-json-schema.js';
export * from './value-forms.js';
