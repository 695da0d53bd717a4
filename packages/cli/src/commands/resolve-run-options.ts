/**
 * Merges `sunshine.config.json` and the command line into the options of one run: flags
 * override the config, the config overrides defaults.
 */
import { readFileSync } from 'node:fs';
import { isValidYmd, redactUrl, SEVERITIES, type ParamOverrides, type Severity } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import type { CommandContext } from '../command-spec.js';
import { loadConfig } from '../config/load-config.js';
import type { DataSpec, ExecutorSpec } from '../library/cli-library.js';
import { formatOfFile, REPORT_FORMATS, type ReportFormat } from '../reports/report-formats.js';
import { isStdlibToken } from './load-rules-or-fail.js';

export interface RunOptions {
  readonly configFile: string | undefined;
  readonly data: DataSpec;
  /** Pack paths; `undefined` means the standard library. */
  readonly packs: readonly string[] | undefined;
  readonly params: ParamOverrides;
  /** `--as-of` or the config's; `undefined`: the latest date in the data (see `asOfFromData`). */
  readonly asOf: string | undefined;
  readonly format: ReportFormat | undefined;
  readonly out: string | undefined;
  readonly timings: boolean;
  readonly failOn: Severity | undefined;
  readonly strict: boolean;
  /** Where the rules run (`--executor`). */
  readonly executor: ExecutorSpec;
}

const EXECUTORS = ['in-process', 'duckdb', 'postgres'] as const;

/** Reads `--executor`, `--database`, `--memory-limit` and `--duckdb-file`. */
function resolveExecutor(ctx: CommandContext): ExecutorSpec {
  const { args } = ctx;
  const name = args.string('executor') ?? (args.string('database') !== undefined ? 'postgres' : 'in-process');
  if (!(EXECUTORS as readonly string[]).includes(name)) {
    throw new CliError('USAGE', `\`--executor\` must be one of ${EXECUTORS.join(', ')}, got \`${name}\``);
  }
  const database = args.string('database') ?? ctx.io.env['SUNSHINE_DATABASE_URL'];
  const memoryLimit = args.string('memory-limit');
  if (memoryLimit !== undefined && !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    throw new CliError('USAGE', `\`--memory-limit\` must be a size such as 8GB or 512MB, got \`${memoryLimit}\``);
  }
  const file = args.string('duckdb-file');
  if (name !== 'duckdb' && (memoryLimit !== undefined || file !== undefined)) {
    throw new CliError('USAGE', `\`--memory-limit\` and \`--duckdb-file\` are for \`--executor duckdb\``);
  }
  if (name === 'postgres') {
    if (database === undefined || database === '') throw new CliError('USAGE', '`--executor postgres` needs `--database postgres://user@host:port/db` (or SUNSHINE_DATABASE_URL), the database holding the canonical tables');
    if (!/^postgres(ql)?:\/\//.test(database)) throw new CliError('USAGE', `\`--database\` must be a postgres:// URL, got \`${redactUrl(database)}\``);
    return { kind: 'postgres', url: database };
  }
  if (args.string('database') !== undefined) throw new CliError('USAGE', '`--database` is for `--executor postgres`');
  const inPlace = args.flag('in-place');
  if (inPlace && name !== 'duckdb') throw new CliError('USAGE', '`--in-place` is for `--executor duckdb`');
  if (name === 'duckdb') {
    let dir: string | undefined;
    if (inPlace) {
      if (args.string('mapping') !== undefined) throw new CliError('USAGE', '`--in-place` reads canonical files only; with `--mapping`, leave out `--in-place` (the data is loaded and mapped first)');
      const data = args.string('data');
      if (data === undefined) throw new CliError('USAGE', '`--in-place` needs `--data DIR`, a folder of canonical CSV (UTF-8) or Parquet files');
      dir = ctx.resolve(data);
    }
    return { kind: 'duckdb', memoryLimit, file: file === undefined ? undefined : ctx.resolve(file), inPlace: dir };
  }
  return { kind: 'in-process' };
}

/** `--encoding` values: the two encodings county exports come in (`auto`: detect per file). */
const ENCODINGS: Readonly<Record<string, 'utf-8' | 'gb18030' | undefined>> = { auto: undefined, utf8: 'utf-8', 'utf-8': 'utf-8', gb18030: 'gb18030', gbk: 'gb18030' };

/** Reads `--encoding`, else the config's `data.encoding` (for a data folder only). */
function resolveEncoding(ctx: CommandContext, data: DataSpec, configured: string | undefined): DataSpec {
  const flag = ctx.args.string('encoding') ?? configured;
  if (flag === undefined) return data;
  const name = flag.toLowerCase();
  if (!Object.hasOwn(ENCODINGS, name)) throw new CliError('USAGE', `\`--encoding\` must be utf8, gb18030 or auto, got \`${flag}\``);
  if (data.kind !== 'folder') throw new CliError('USAGE', `\`--encoding\` is for a data folder's files; a ${data.kind} store has no text encoding to state`);
  const encoding = ENCODINGS[name];
  return encoding === undefined ? data : { ...data, encoding };
}

/** Checks a `YYYY-MM-DD` date given by the user. */
export function parseAsOf(value: string, where: string, lang: Lang = 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null || !isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new CliError('USAGE', msg(lang, 'badDate', where, value));
  }
  return value;
}

function parseSeverity(value: string, lang: Lang): Severity {
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new CliError('USAGE', msg(lang, 'badChoice', '--fail-on', SEVERITIES.join(', '), value));
  }
  return value as Severity;
}

function readParams(file: string, lang: Lang): ParamOverrides {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError('BAD_INPUT', msg(lang, 'paramsUnreadable', file, (e as Error).message), { cause: e });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError('BAD_INPUT', msg(lang, 'paramsNotObject', file));
  }
  for (const [rule, v] of Object.entries(json)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new CliError('BAD_INPUT', msg(lang, 'paramsRuleNotObject', file, rule));
    }
  }
  return json as ParamOverrides;
}

function mergeParams(a: ParamOverrides, b: ParamOverrides): ParamOverrides {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [rule, p] of [...Object.entries(a), ...Object.entries(b)]) out[rule] = { ...out[rule], ...p };
  return out;
}

/** Resolves the options of `sunshine run` (and of `explain`, which shares data, packs and asOf). */
export function resolveRunOptions(ctx: CommandContext, command: string): RunOptions {
  const { args, io } = ctx;
  const { file: configFile, config, resolve: fromConfig } = loadConfig({ cwd: io.cwd, file: args.string('config') });
  const executor = resolveExecutor(ctx);
  const dataFlag = args.string('data');
  const mappingFlag = args.string('mapping');
  let data: DataSpec;
  if (dataFlag !== undefined) {
    data = { kind: 'folder', dir: ctx.resolve(dataFlag), mapping: mappingFlag === undefined ? (config.data?.mapping === undefined ? undefined : fromConfig(config.data.mapping)) : ctx.resolve(mappingFlag) };
  } else if (config.data !== undefined) {
    const c = config.data;
    const mapping = mappingFlag !== undefined ? ctx.resolve(mappingFlag) : c.mapping === undefined ? undefined : fromConfig(c.mapping);
    if ('dir' in c) data = { kind: 'folder', dir: fromConfig(c.dir), mapping };
    else if (c.store === 'sqlite') data = { kind: 'sqlite', file: fromConfig(c.file), mapping };
    else {
      const connection = c.connection ?? (c.connectionEnv === undefined ? undefined : io.env[c.connectionEnv]);
      if (connection === undefined || connection === '') {
        throw new CliError(
          'BAD_INPUT',
          c.connectionEnv === undefined
            ? `config \`${configFile ?? ''}\`: /data needs \`connection\` or \`connectionEnv\` for a ${c.store} store`
            : `config \`${configFile ?? ''}\`: environment variable \`${c.connectionEnv}\` (named by /data/connectionEnv) is not set`,
        );
      }
      data = { kind: c.store, connection, mapping };
    }
  } else if (executor.kind === 'postgres') {
    // The data is the database the rules run in.
    data = { kind: 'postgres', connection: executor.url };
  } else {
    throw new CliError('USAGE', msg(ctx.lang, 'needsData', command, configFile));
  }

  // Like the mapping, the config's encoding applies to a folder given by `--data` too.
  data = resolveEncoding(ctx, data, config.data !== undefined && 'dir' in config.data ? config.data.encoding : undefined);
  if (data.kind === 'folder' && data.encoding !== undefined && executor.kind === 'duckdb' && executor.inPlace !== undefined && data.encoding !== 'utf-8') {
    throw new CliError('USAGE', '`--in-place` reads UTF-8 files only; leave out `--in-place` to load GB18030 files');
  }

  const rulesFlag = args.strings('rules');
  const packs = rulesFlag.length > 0 ? rulesFlag.map((p) => (isStdlibToken(p) ? p : ctx.resolve(p))) : config.packs?.map((p) => (isStdlibToken(p) ? p : fromConfig(p)));

  let params: ParamOverrides = config.params ?? {};
  const paramsFlag = args.string('params');
  if (paramsFlag !== undefined) params = mergeParams(params, readParams(ctx.resolve(paramsFlag), ctx.lang));

  const asOfFlag = args.string('as-of');
  const asOf = asOfFlag !== undefined ? parseAsOf(asOfFlag, '`--as-of`', ctx.lang) : config.asOf !== undefined ? parseAsOf(config.asOf, `\`asOf\` in \`${configFile ?? ''}\``, ctx.lang) : undefined;

  const outFlag = args.string('out');
  const out = outFlag !== undefined ? ctx.resolve(outFlag) : config.output?.file === undefined ? undefined : fromConfig(config.output.file);
  const formatFlag = args.string('format');
  if (formatFlag !== undefined && !(REPORT_FORMATS as readonly string[]).includes(formatFlag)) {
    throw new CliError('USAGE', msg(ctx.lang, 'badChoice', '--format', REPORT_FORMATS.join(', '), formatFlag));
  }
  const format = (formatFlag as ReportFormat | undefined) ?? (outFlag !== undefined ? formatOfFile(outFlag) : undefined) ?? config.output?.format ?? (out !== undefined ? (formatOfFile(out) ?? 'json') : undefined);

  const failOnFlag = args.string('fail-on');
  const failOn = failOnFlag !== undefined ? parseSeverity(failOnFlag, ctx.lang) : config.failOn;

  return {
    configFile,
    data,
    packs,
    params,
    asOf,
    format,
    out,
    timings: args.flag('no-timings') ? false : (config.output?.timings ?? true),
    failOn,
    strict: args.flag('strict') || config.strict === true,
    executor,
  };
}
