/**
 * `sunshine.config.json`: a county project's settings, so that `sunshine run` needs no flags.
 * Defined once with zod; the committed JSON Schema (`schema/sunshine.config.schema.json`) is
 * generated from this definition and a test keeps the two in step.
 */
import { z } from 'zod';
import { SEVERITIES } from '@sunshine/core';

const mapping = z.string().min(1).describe('Column-mapping file (JSON) that maps the store\'s headers and codes onto the model; relative to this file');

const folderData = z
  .object({
    dir: z.string().min(1).describe('Folder holding one file per dataset (`payments.csv`, …); relative to this file'),
    mapping: mapping.optional(),
    encoding: z
      .enum(['auto', 'utf8', 'utf-8', 'gb18030', 'gbk'])
      .optional()
      .describe('Text encoding of the CSV and JSON files (`--encoding`). Default `auto`: detected per file'),
  })
  .strict()
  .describe('A folder of CSV, NDJSON, JSON or XLSX files');

const sqliteData = z
  .object({
    store: z.literal('sqlite'),
    file: z.string().min(1).describe('SQLite database file; relative to this file'),
    mapping: mapping.optional(),
  })
  .strict()
  .describe('A SQLite database, one table or query per dataset');

const serverData = z
  .object({
    store: z.enum(['postgres', 'mysql']).describe('`postgres` also serves KingbaseES, openGauss and HighGo; `mysql` also MariaDB'),
    connection: z.string().min(1).optional().describe('Connection URL (`postgres://user@host:5432/db`). Prefer `connectionEnv` to keep passwords out of the file'),
    connectionEnv: z.string().min(1).optional().describe('Name of an environment variable holding the connection URL'),
    mapping: mapping.optional(),
  })
  .strict()
  .describe('A PostgreSQL or MySQL database, one table or query per dataset');

export const sunshineConfigSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of this schema, for editors'),
    data: z.union([folderData, sqliteData, serverData]).optional().describe('Where the county data is'),
    packs: z
      .array(z.string().min(1))
      .optional()
      .describe('Rule packs to run: files or folders, relative to this file; `stdlib` is the standard library. Default: the standard library'),
    params: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe('Parameter overrides per rule id: `{ "shared-account": { "minPersons": 4 } }`'),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe('The date rules treat as "now" (YYYY-MM-DD). Default: today'),
    output: z
      .object({
        format: z.enum(['json', 'ndjson', 'csv', 'html', 'sarif', 'xlsx']).optional().describe('Report format'),
        file: z.string().min(1).optional().describe('Report file, relative to this file'),
        timings: z.boolean().optional().describe('Whether JSON reports include timings (default true)'),
      })
      .strict()
      .optional(),
    failOn: z.enum(SEVERITIES).optional().describe('Exit 1 when a finding at or above this severity exists'),
    strict: z.boolean().optional().describe('Exit 2 when any row is rejected, or when a dataset the rules read has an empty or header-only file'),
  })
  .strict()
  .describe('Sunshine project configuration (sunshine.config.json)');

export type SunshineConfig = z.infer<typeof sunshineConfigSchema>;

/** File name `sunshine` looks for in the working directory. */
export const CONFIG_FILE_NAME = 'sunshine.config.json';

/**
 * The JSON Schema of `sunshine.config.json` (draft 2020-12).
 *
 * @example
 * ```ts
 * writeFileSync('sunshine.config.schema.json', JSON.stringify(sunshineConfigJsonSchema(), null, 2));
 * ```
 */
export function sunshineConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(sunshineConfigSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, title: 'sunshine.config.json' };
}
