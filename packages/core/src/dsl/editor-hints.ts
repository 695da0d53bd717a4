/**
 * Completion hints for editors in the rule-pack JSON Schema: the datasets of the model for
 * every `dataset`, and `subject.<field>` / field names as `examples` for `fact`, `field` and
 * `orderBy`. Hints only: a plug-in's dataset or a lookup's own name stays valid (the
 * validator, compiled from the rule schema itself, checks datasets and fields semantically).
 */
import { canonicalDatasets, type DatasetRegistry } from '../schema/datasets.js';

type Json = Record<string, unknown>;

/**
 * A copy of a JSON Schema with the hints added wherever an object schema has a `dataset`,
 * `fact`, `field` or `orderBy` property.
 *
 * @example withEditorHints(schema).$defs.Rule.properties.subject.properties.dataset.anyOf[0].enum // ['regions', 'departments', …]
 */
export function withEditorHints<T>(schema: T, registry: DatasetRegistry = canonicalDatasets): T {
  const datasets = registry.names();
  const fields = [...new Set(registry.all().flatMap((d) => d.fields.map((f) => f.name)))].sort();
  const hints: Readonly<Record<string, (p: Json) => Json>> = {
    dataset: (p) => ({
      ...p,
      description: 'A dataset of the data model (docs/data-model.md), or one a plug-in adds',
      anyOf: [{ enum: datasets }, { type: 'string' }],
    }),
    fact: (p) => ({ ...p, examples: fields.map((f) => `subject.${f}`) }),
    field: (p) => ({ ...p, examples: fields }),
    orderBy: (p) => (p['type'] === 'array' ? { ...p, items: { ...(p['items'] as Json), examples: fields } } : p),
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) out[k] = visit(v);
    const props = out['properties'];
    if (props !== null && typeof props === 'object' && !Array.isArray(props)) {
      const p = { ...(props as Json) };
      for (const [name, hint] of Object.entries(hints)) {
        const prop = p[name];
        if (prop !== null && typeof prop === 'object' && !Array.isArray(prop) && ((prop as Json)['type'] === 'string' || name === 'orderBy')) p[name] = hint(prop as Json);
      }
      out['properties'] = p;
    }
    return out;
  };
  return visit(schema) as T;
}
