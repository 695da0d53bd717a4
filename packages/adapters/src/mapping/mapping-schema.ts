/**
 * The column mapping file format, defined once with zod: the TypeScript type, the validator
 * and the committed JSON Schema (`schema/mapping.schema.json`, for editors) all come from it.
 */
import { z } from 'zod';
import type { TextEncodingOption } from '../csv/decode-text.js';

const code = z.union([z.string(), z.number()]);

/** Encoding names a mapping file may state (`utf8` is `utf-8`; `gbk` and `gb2312` are read as GB18030, which contains them). */
export const MAPPING_ENCODINGS = ['auto', 'utf-8', 'utf8', 'gb18030', 'gbk', 'gb2312', 'utf-16le', 'utf-16be'] as const;
export type MappingEncoding = (typeof MAPPING_ENCODINGS)[number];

const encoding = z.enum(MAPPING_ENCODINGS);

/** How one dataset is found and read in a county's store. */
export const datasetMappingSchema = z
  .strictObject({
    source: z.string().min(1).optional().describe('File (with or without extension), sheet or table name of this dataset in the store, when it is not the dataset name'),
    encoding: encoding.optional().describe('Text encoding of this dataset\'s CSV or JSON file, over the file-wide `encoding`: utf-8, gb18030 (also gbk, gb2312), utf-16le, utf-16be or auto'),
    headerRow: z.number().int().min(1).optional().describe('Row of the header in CSV files and sheets, when title rows come first (1-based)'),
    sheet: z
      .union([z.string().min(1), z.number().int().min(0)])
      .optional()
      .describe(
        'Sheet of the workbook holding this dataset: its name, or its 0-based position among the visible sheets. Default: the sheet named after the dataset or file, else the first visible sheet — or, when that sheet lacks the required columns (an instructions sheet such as 填表说明) and exactly one other sheet has them, that sheet',
      ),
    columns: z
      .record(z.string(), z.string().min(1).nullable())
      .optional()
      .describe('Source header → canonical field name; null ignores the column. Headers match ignoring case, spaces and full-width forms'),
    values: z
      .record(z.string(), z.record(z.string(), code))
      .optional()
      .describe('Canonical field → { source value → canonical value }, e.g. { "gender": { "男": "M" } }. Values not listed pass unchanged, so the model rejects unknown codes'),
    defaults: z
      .record(z.string(), z.union([z.string(), z.number(), z.null()]))
      .optional()
      .describe('Canonical field → value for every row, used when the source has no column for the field'),
  })
  .describe('Mapping of one dataset');

/** A column mapping file. */
export const mappingSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    useDefaults: z
      .boolean()
      .optional()
      .describe('Use the built-in Chinese header dictionary and code values (身份证号 → id_number, 男 → M, …). Default true'),
    encoding: encoding
      .optional()
      .describe('Text encoding of the CSV and JSON files: utf-8, gb18030 (also gbk, gb2312), utf-16le, utf-16be, or auto (the default: detected per file)'),
    datasets: z.record(z.string(), datasetMappingSchema).optional().describe('Dataset name → its mapping'),
  })
  .describe('Sunshine column mapping: maps a county\'s file, sheet and table names, headers and codes onto the canonical data model');

export type DatasetMapping = z.infer<typeof datasetMappingSchema>;
export type Mapping = z.infer<typeof mappingSchema>;

/** The JSON Schema of a mapping file (draft 2020-12), as committed in `schema/mapping.schema.json`. */
export function mappingJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(mappingSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return { $id: 'https://sunshine.invalid/schema/mapping.schema.json', title: 'Sunshine column mapping', ...schema };
}

/**
 * The decoder's name for an encoding a mapping file or a command line states.
 *
 * @example
 * ```ts
 * encodingOption('gbk'); // 'gb18030'
 * ```
 */
export function encodingOption(name: MappingEncoding): TextEncodingOption {
  switch (name) {
    case 'utf8':
      return 'utf-8';
    case 'gbk':
    case 'gb2312':
      return 'gb18030';
    case 'auto':
    case 'gb18030':
    case 'utf-16be':
    case 'utf-16le':
    case 'utf-8':
    default:
      return name;
  }
}
