/**
 * Reading and checking column mapping files: first against the JSON Schema (zod), then against
 * the data model (known datasets and fields, allowed code values). Every problem is reported
 * with its JSON pointer.
 */
import { readFile } from 'node:fs/promises';
import { canonicalDatasets, type DatasetRegistry } from '@sunshine/core';
import { AdapterError, messageOf, reasonZh } from '../adapter-error.js';
import { mappingSchema, type Mapping } from './mapping-schema.js';

export interface MappingCheckOptions {
  /** The model to check dataset and field names against. @default canonicalDatasets */
  readonly registry?: DatasetRegistry;
  /** The file name, for messages. */
  readonly file?: string;
}

/** JSON pointer (RFC 6901) of a path. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

interface Problem {
  readonly pointer: string;
  readonly message: string;
}

function fail(file: string | undefined, problems: readonly Problem[]): never {
  const where = file ?? 'mapping';
  const lines = problems.map((p) => `${where}#${p.pointer || '/'}: ${p.message}`);
  throw new AdapterError('INVALID_MAPPING', lines.length === 1 ? lines[0]! : `${where}: ${lines.length} problems\n  ${lines.join('\n  ')}`, {
    file,
    pointer: problems[0]!.pointer,
  });
}

/**
 * Checks a parsed mapping value and returns it typed. Throws an `INVALID_MAPPING`
 * {@link AdapterError} listing every problem with its JSON pointer.
 *
 * @example
 * ```ts
 * const mapping = parseMapping({ datasets: { payments: { columns: { 发放金额: 'amount' } } } });
 * ```
 */
export function parseMapping(value: unknown, options: MappingCheckOptions = {}): Mapping {
  const registry = options.registry ?? canonicalDatasets;
  const parsed = mappingSchema.safeParse(value);
  if (!parsed.success) {
    fail(
      options.file,
      parsed.error.issues.map((i) => {
        const keys = (i as { keys?: string[] }).keys;
        const path = i.code === 'unrecognized_keys' && keys?.length ? [...i.path, keys[0]!] : i.path;
        return { pointer: jsonPointer(path), message: i.code === 'unrecognized_keys' ? `unknown property${keys && keys.length > 1 ? `s ${keys.join(', ')}` : ''}` : i.message };
      }),
    );
  }
  const mapping = parsed.data;
  const problems: Problem[] = [];
  for (const [dataset, m] of Object.entries(mapping.datasets ?? {})) {
    const def = registry.get(dataset);
    const at = ['datasets', dataset];
    if (!def) {
      problems.push({ pointer: jsonPointer(at), message: `unknown dataset \`${dataset}\` (known: ${registry.names().join(', ')})` });
      continue;
    }
    const fieldList = def.fields.map((f) => f.name).join(', ');
    for (const [header, field] of Object.entries(m.columns ?? {})) {
      if (field !== null && !registry.field(dataset, field)) {
        problems.push({ pointer: jsonPointer([...at, 'columns', header]), message: `\`${field}\` is not a field of \`${dataset}\` (fields: ${fieldList})` });
      }
    }
    for (const [field, map] of Object.entries(m.values ?? {})) {
      const def = registry.field(dataset, field);
      if (!def) {
        problems.push({ pointer: jsonPointer([...at, 'values', field]), message: `\`${field}\` is not a field of \`${dataset}\` (fields: ${fieldList})` });
        continue;
      }
      if (def.type === 'enum' && def.values) {
        for (const [from, to] of Object.entries(map)) {
          if (!def.values.includes(String(to))) {
            problems.push({ pointer: jsonPointer([...at, 'values', field, from]), message: `\`${String(to)}\` is not a value of \`${dataset}.${field}\` (one of ${def.values.join(', ')})` });
          }
        }
      }
    }
    for (const field of Object.keys(m.defaults ?? {})) {
      if (!registry.field(dataset, field)) {
        problems.push({ pointer: jsonPointer([...at, 'defaults', field]), message: `\`${field}\` is not a field of \`${dataset}\` (fields: ${fieldList})` });
      }
    }
  }
  if (problems.length) fail(options.file, problems);
  return mapping;
}

/**
 * Reads and checks a column mapping file (JSON, see `schema/mapping.schema.json`).
 *
 * @example
 * ```ts
 * import { loadMapping, withMapping, createFolderSource } from '@sunshine/adapters';
 *
 * const source = withMapping(createFolderSource({ dir: './county' }), await loadMapping('./county/mapping.json'));
 * ```
 */
export async function loadMapping(file: string, options: Omit<MappingCheckOptions, 'file'> = {}): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AdapterError('UNREADABLE', `${file}: cannot read the mapping file (${messageOf(e)})`, { file }, { cause: e, messageZh: `${file}：无法读取列名映射文件（${reasonZh(e)}）` });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new AdapterError('INVALID_MAPPING', `${file}: not valid JSON (${messageOf(e)})`, { file }, { cause: e, messageZh: `${file}：列名映射文件不是有效的 JSON（${messageOf(e)}）` });
  }
  return parseMapping(value, { ...options, file });
}
