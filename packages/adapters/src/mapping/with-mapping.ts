/**
 * `withMapping`: a source wrapper that renames a county's headers to canonical field names and
 * translates its codes, per dataset, before `loadData` sees the rows. Values it does not know
 * pass unchanged, so the model rejects them: nothing is guessed or coerced.
 */
import { canonicalDatasets, type DatasetDef, type DatasetRegistry, type RawBatch, type Source } from '@sunshine/core';
import { AdapterError } from '../adapter-error.js';
import { isEntrySource, type DatasetEntry } from '../dataset-entry.js';
import { defaultHeaderFallbacks, defaultHeaders } from './default-headers.js';
import { defaultValues } from './default-values.js';
import { encodingOption, type Mapping } from './mapping-schema.js';

export interface WithMappingOptions {
  /** The model whose fields headers map to. @default canonicalDatasets */
  readonly registry?: DatasetRegistry;
}

/**
 * Header lookup key: NFKC (full-width letters and brackets become ASCII), no whitespace, no
 * `*` required-field markers, lower case.
 */
export function mappingHeaderKey(header: string): string {
  return header.normalize('NFKC').replace(/\s+/g, '').replace(/^\*+|\*+$/g, '').toLowerCase();
}

/** How a header came to its field: the higher wins when two headers give one field. */
export const HEADER_PRIORITY = Object.freeze({ dictionary: 1, canonical: 2, explicit: 3 } as const);

/** A header's field (`null`: ignored on purpose; `undefined`: not the model's) and how it got it. */
export interface HeaderMatch {
  readonly field: string | null | undefined;
  readonly priority: 1 | 2 | 3;
}

/**
 * Resolves a dataset's headers to its fields, as `withMapping` does: the mapping file's
 * `columns` first, then the canonical field names, then (with `useDefaults`) the built-in
 * dictionary of Chinese headers. Headers compare by {@link mappingHeaderKey}.
 *
 * @example
 * ```ts
 * const match = headerResolver(registry.get('persons')!, mapping, true);
 * match('身份证号'); // { field: 'id_number', priority: 1 }
 * ```
 */
export function headerResolver(def: DatasetDef, mapping: Mapping, useDefaults: boolean): (header: string) => HeaderMatch {
  const m = mapping.datasets?.[def.name] ?? {};
  const fields = def.fields.map((f) => f.name);
  const canonical = new Map(fields.map((f) => [mappingHeaderKey(f), f]));
  const explicit = new Map<string, string | null>();
  for (const [h, f] of Object.entries(m.columns ?? {})) explicit.set(mappingHeaderKey(h), f);
  const dictionary = new Map<string, string>();
  if (useDefaults) for (const [h, f] of defaultHeaders(def.name, fields)) dictionary.set(mappingHeaderKey(h), f);
  return (header) => {
    const k = mappingHeaderKey(header);
    const field = explicit.get(k);
    if (field !== undefined) return { field, priority: HEADER_PRIORITY.explicit };
    if (canonical.has(k)) return { field: canonical.get(k)!, priority: HEADER_PRIORITY.canonical };
    return { field: dictionary.get(k), priority: HEADER_PRIORITY.dictionary };
  };
}

/**
 * Whether a header row gives every required field of a dataset (a nullable field, or one the
 * mapping's `defaults` fill, may be absent), resolved as {@link withMapping} resolves it.
 *
 * @example
 * ```ts
 * headerFits(registry.get('departments')!, {}, true)(['部门代码', '部门名称']); // true
 * headerFits(registry.get('departments')!, {}, true)(['说明']); // false
 * ```
 */
export function headerFits(def: DatasetDef, mapping: Mapping, useDefaults: boolean): (columns: readonly string[]) => boolean {
  const match = headerResolver(def, mapping, useDefaults);
  const defaults = mapping.datasets?.[def.name]?.defaults ?? {};
  const required = def.fields.filter((f) => !f.nullable && !(f.name in defaults)).map((f) => f.name);
  return (columns) => {
    const given = new Set<string>();
    for (const c of columns) {
      const f = match(c).field;
      if (typeof f === 'string') given.add(f);
    }
    return required.every((f) => given.has(f));
  };
}

interface Plan {
  /** `undefined` when the batch passes unchanged. */
  readonly columns: readonly string[] | undefined;
  /** Source column of each output column, -1 for a default. */
  readonly pick: Int32Array;
  readonly constants: readonly unknown[];
  readonly maps: readonly (ReadonlyMap<string, string | number> | undefined)[];
}

interface DatasetPlanner {
  plan(columns: readonly string[], file: string): Plan;
}

function planner(def: DatasetDef, mapping: Mapping, useDefaults: boolean): DatasetPlanner {
  const m = mapping.datasets?.[def.name] ?? {};
  const fields = def.fields.map((f) => f.name);
  const match = headerResolver(def, mapping, useDefaults);
  const valueMaps = new Map<string, Map<string, string | number>>();
  const builtIn = useDefaults ? defaultValues(def.name) : {};
  for (const field of fields) {
    const merged = { ...builtIn[field], ...m.values?.[field] };
    const entries = Object.entries(merged);
    if (entries.length) valueMaps.set(field, new Map(entries));
  }
  const defaults = Object.entries(m.defaults ?? {});
  const fallbacks = new Map<string, string>();
  if (useDefaults) for (const [h, f] of defaultHeaderFallbacks(def.name, fields)) fallbacks.set(mappingHeaderKey(h), f);

  return {
    plan(columns, file) {
      const target: (string | null)[] = [];
      const winner = new Map<string, { column: number; priority: number }>();
      // A dictionary header that lost its field to another column: its fallback field, if free, else unknown.
      const demote = (c: number, priority: number): void => {
        const fb = priority === HEADER_PRIORITY.dictionary ? fallbacks.get(mappingHeaderKey(columns[c]!)) : undefined;
        if (fb !== undefined && !winner.has(fb)) {
          target[c] = fb;
          winner.set(fb, { column: c, priority });
          return;
        }
        target[c] = columns[c]!;
      };
      columns.forEach((header, c) => {
        const { field, priority } = match(header);
        if (field === undefined) {
          target.push(header);
          return;
        }
        target.push(field);
        if (field === null) return;
        const prev = winner.get(field);
        if (!prev || priority > prev.priority) {
          winner.set(field, { column: c, priority });
          if (prev) demote(prev.column, prev.priority);
          return;
        }
        if (priority < prev.priority) {
          demote(c, priority);
          return;
        }
        if (priority === HEADER_PRIORITY.dictionary && fallbacks.has(mappingHeaderKey(header)) && !winner.has(fallbacks.get(mappingHeaderKey(header))!)) {
          demote(c, priority);
          return;
        }
        if (priority === HEADER_PRIORITY.dictionary && fallbacks.has(mappingHeaderKey(columns[prev.column]!)) && !winner.has(fallbacks.get(mappingHeaderKey(columns[prev.column]!))!)) {
          winner.set(field, { column: c, priority });
          demote(prev.column, prev.priority);
          return;
        }
        if (priority === HEADER_PRIORITY.canonical) {
          target[c] = header; // loadData matches it too and names both columns
          return;
        }
        throw new AdapterError(
          'AMBIGUOUS',
          `${file}: columns \`${columns[prev.column]!}\` and \`${header}\` both map to \`${def.name}.${field}\`; ` +
            `in the mapping file set one of them under \`datasets.${def.name}.columns\` (to \`${field}\`, another field, or null to ignore it)`,
          { file, dataset: def.name, field },
        );
      });
      // Explicitly ignored columns (null) are dropped.
      const out: string[] = [];
      const pick: number[] = [];
      target.forEach((t, c) => {
        if (t !== null) {
          out.push(t);
          pick.push(c);
        }
      });
      const constants: unknown[] = new Array<unknown>(out.length).fill(undefined);
      for (const [field, value] of defaults) {
        if (winner.has(field)) continue;
        out.push(field);
        pick.push(-1);
        constants.push(value);
      }
      const maps = out.map((name, j) => (pick[j]! >= 0 && winner.get(name)?.column === pick[j] ? valueMaps.get(name) : undefined));
      const identity = out.length === columns.length && out.every((name, j) => pick[j] === j && name === columns[j]) && maps.every((x) => x === undefined);
      return { columns: identity ? undefined : out, pick: Int32Array.from(pick), constants, maps };
    },
  };
}

function translate(batch: RawBatch, plan: Plan): RawBatch {
  const { pick, constants, maps } = plan;
  const n = pick.length;
  const width = batch.columns.length;
  const rows = batch.rows;
  const out = new Array<unknown[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r]!;
    const row = new Array<unknown>(n);
    for (let j = 0; j < n; j++) {
      const i = pick[j]!;
      if (i < 0) {
        row[j] = constants[j];
        continue;
      }
      let v = src[i];
      const map = maps[j];
      if (map !== undefined) {
        const key = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
        if (key !== undefined) {
          const t = map.get(key);
          if (t !== undefined) v = t;
        }
      }
      row[j] = v;
    }
    // Cells beyond the header stay, so that loadData can reject a row with too many values.
    for (let c = width; c < src.length; c++) row.push(src[c]);
    out[r] = row;
  }
  return { ...batch, columns: plan.columns!, rows: out };
}

/**
 * Wraps a source so that a county's own names, headers and codes load as the canonical model:
 * per dataset, the file/sheet/table to read (`source`), the header row, the text encoding, header aliases
 * (`columns`), code values (`values`) and values for absent columns (`defaults`). With
 * `useDefaults` (the default) the built-in Chinese dictionary applies too (`身份证号`,
 * `发放金额`, `男`/`女`, `户主`, `转账`, …); explicit `columns` win over exact field names,
 * which win over the dictionary.
 *
 * @example
 * ```ts
 * import { loadData } from '@sunshine/core';
 * import { createFolderSource, withMapping } from '@sunshine/adapters';
 *
 * const source = withMapping(createFolderSource({ dir: './exports' }), {
 *   datasets: {
 *     payments: { source: '一卡通发放明细', headerRow: 2, columns: { 补贴对象身份证: 'id_number' } },
 *     funds: { values: { kind: { 城乡居民最低生活保障金: 'means_tested' } } },
 *   },
 * });
 * const data = await loadData(source);
 * ```
 */
export function withMapping(source: Source, mapping: Mapping = {}, options: WithMappingOptions = {}): Source {
  const registry = options.registry ?? canonicalDatasets;
  const useDefaults = mapping.useDefaults ?? true;
  const entries: Record<string, DatasetEntry> = {};
  for (const [dataset, m] of Object.entries(mapping.datasets ?? {})) {
    if (m.source !== undefined || m.headerRow !== undefined || m.sheet !== undefined) {
      entries[dataset] = {
        ...(m.source !== undefined ? { name: m.source } : {}),
        ...(m.headerRow !== undefined ? { headerRow: m.headerRow } : {}),
        ...(m.sheet !== undefined ? { sheet: m.sheet } : {}),
      };
    }
  }
  let inner = source;
  if (Object.keys(entries).length > 0) {
    if (!isEntrySource(source)) {
      throw new AdapterError('INVALID_OPTIONS', `${source.description} cannot read datasets from other names: give the file, sheet or table names to the source itself instead of the mapping's \`source\`, \`headerRow\` and \`sheet\``);
    }
  }
  // Stated encodings: a dataset's own, else the file-wide one (sources without files ignore them).
  if (isEntrySource(source)) {
    for (const def of registry.all()) {
      const stated = mapping.datasets?.[def.name]?.encoding ?? mapping.encoding;
      if (stated !== undefined) entries[def.name] = { ...entries[def.name], encoding: encodingOption(stated) };
      // Lets a workbook reader pass over an instructions sheet (填表说明) to the one sheet with the columns.
      entries[def.name] = { ...entries[def.name], fits: headerFits(def, mapping, useDefaults) };
    }
    if (Object.keys(entries).length > 0) inner = source.withEntries(entries);
  }
  const planners = new Map<string, DatasetPlanner>();

  return {
    description: inner.description,
    datasets: () => inner.datasets(),
    async *batches(dataset: string): AsyncGenerator<RawBatch> {
      const def = registry.get(dataset);
      if (!def) {
        yield* inner.batches(dataset);
        return;
      }
      let p = planners.get(dataset);
      if (!p) planners.set(dataset, (p = planner(def, mapping, useDefaults)));
      let lastColumns: readonly string[] | undefined;
      let plan: Plan | undefined;
      for await (const batch of inner.batches(dataset)) {
        if (batch.columns.length === 0 && batch.rows.length === 0) {
          yield batch;
          continue;
        }
        if (batch.columns !== lastColumns) {
          plan = p.plan(batch.columns, batch.file);
          lastColumns = batch.columns;
        }
        yield plan!.columns === undefined ? batch : translate(batch, plan!);
      }
    },
    ...(inner.close ? { close: () => inner.close!() } : {}),
  };
}
