/**
 * `sunshine serve` (and the `sunshine-server` bin): starts the server until SIGINT/SIGTERM, or,
 * with `--create-user`, creates a staff account in the state store and exits. The command line
 * is parsed by the caller (the CLI's command framework, or {@link parseServeArgv} for the bin).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { asOfNotice } from '@sunshine/core';
import { createServer, startServer, type ServerOptions } from './create-server.js';
import { runBackupOrRestore } from './run-backup.js';
import { ServerError } from './server-error.js';
import type { DataStoreSpec } from './service/data-store-spec.js';
import { notifyServeOptions, NOTIFY_SERVE_USAGE, type NotifyServeArgs } from './notify-serve-options.js';
import { publicServeOptions, type PublicServeArgs } from './public-serve-options.js';

/** The flags of `sunshine serve`, as strings the way a command line gives them. */
export interface ServeArgs extends PublicServeArgs, NotifyServeArgs {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
  readonly state?: string | undefined;
  readonly database?: string | undefined;
  /** The configured store: a folder, a SQLite file, or a postgres:// / mysql:// URL. */
  readonly data?: string | undefined;
  readonly mapping?: string | undefined;
  /** Extra rule packs. */
  readonly rules?: readonly string[] | undefined;
  readonly asOf?: string | undefined;
  /** Minutes between scheduled runs. */
  readonly interval?: string | undefined;
  readonly verifyDays?: string | undefined;
  /** `agri=NY`: a rule's department name → the county's department code. */
  readonly department?: readonly string[] | undefined;
  /** Seconds one rule may run before it stops with TIMEOUT. */
  readonly ruleTimeout?: string | undefined;
  /** Seconds a whole run may take before it is stopped and marked failed. */
  readonly runTimeout?: string | undefined;
  /** Proxies whose X-Forwarded-For gives the client address: addresses/CIDRs, comma-separated, or `true`. */
  readonly trustProxy?: string | undefined;
  /** The key file signing audit checkpoints (made when missing). */
  readonly auditKey?: string | undefined;
  /** The file the signed checkpoints are appended to. */
  readonly auditCheckpoints?: string | undefined;
  /** How many imports keep their records. */
  readonly keepImports?: string | undefined;
  /** Origins besides the server's own allowed to send state-changing requests. */
  readonly allowOrigin?: readonly string[] | undefined;
  /** Mark the session cookie Secure (TLS in front). */
  readonly secureCookie?: boolean | undefined;
  /** Import the configured store and run once at start. */
  readonly run?: boolean | undefined;
  /** Create this staff account and exit. */
  readonly createUser?: string | undefined;
  readonly role?: string | undefined;
  readonly departmentCode?: string | undefined;
  readonly town?: string | undefined;
  readonly village?: string | undefined;
  readonly displayName?: string | undefined;
  /** A file holding the bearer token that lets a caller from anywhere read /metrics. */
  readonly metricsTokenFile?: string | undefined;
  /** Write a backup of the state (and audit checkpoints) to this file and exit. */
  readonly backup?: string | undefined;
  /** Restore the state from this backup file and exit. */
  readonly restore?: string | undefined;
  /** With `restore`: set an existing state aside and restore over it. */
  readonly force?: boolean | undefined;
}

/** Where `runServe` writes and reads. */
export interface ServeIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  readonly stopSignal?: Promise<void> | undefined;
}

export const SERVE_USAGE = `Usage: sunshine serve [--port N] [--host ADDR] [--state DIR | --database postgres://…]
                      [--data DIR|FILE|URL] [--mapping FILE] [--rules PATH]… [--as-of DATE]
                      [--interval MINUTES] [--verify-days N] [--department NAME=CODE]… [--run]
                      [--rule-timeout SECONDS] [--run-timeout SECONDS] [--trust-proxy ADDR[,ADDR]…]
                      [--audit-key FILE [--audit-checkpoints FILE]] [--keep-imports N] [--secure-cookie]
                      [--allow-origin URL]… [--metrics-token-file FILE]
                      [--kiosk [--idle-seconds N]] [--citizen-session-minutes N]
                      [--disclose-funds CODE,CODE… | --disclosure-config FILE]
${NOTIFY_SERVE_USAGE}
       sunshine serve --create-user USERNAME --role party|discipline|department|town|village
                      [--department-code CODE | --town CODE | --village CODE] [--display-name NAME]
                      [--state DIR | --database URL]   (password from SUNSHINE_PASSWORD or stdin)
       sunshine serve --backup FILE.tar.gz | --restore FILE.tar.gz [--force]
                      [--state DIR | --database URL] [--audit-key FILE [--audit-checkpoints FILE]]
`;

function dataSpec(data: string, mapping: string | undefined): DataStoreSpec {
  const m = mapping === undefined ? {} : { mapping };
  if (/^postgres(ql)?:\/\//.test(data)) return { kind: 'postgres', url: data, ...m };
  if (/^mysql:\/\//.test(data)) return { kind: 'mysql', url: data, ...m };
  if (/\.(db|sqlite|sqlite3)$/i.test(data)) return { kind: 'sqlite', file: data, ...m };
  return { kind: 'folder', dir: data, ...m };
}

function integer(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ServerError('CONFIG', `\`--${name}\` must be an integer ≥ ${min}, got \`${v}\``);
  return n;
}

function readMetricsToken(file: string): string {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new ServerError('CONFIG', `\`--metrics-token-file\`: cannot read ${file}: ${(e as Error).message}`);
  }
  if (token.length < 16) throw new ServerError('CONFIG', `\`--metrics-token-file\`: the token in ${file} is shorter than 16 characters (e.g. \`openssl rand -hex 32 > ${file}\`)`);
  return token;
}

/** Turns the flags into server options (throws `CONFIG` for bad values). */
export function serveOptions(args: ServeArgs): ServerOptions {
  if (args.state !== undefined && args.database !== undefined) throw new ServerError('CONFIG', 'give `--state` or `--database`, not both');
  if (args.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.asOf)) throw new ServerError('CONFIG', `\`--as-of\` must be YYYY-MM-DD, got \`${args.asOf}\``);
  const departmentCodes: Record<string, string> = {};
  for (const d of args.department ?? []) {
    const [name, code] = d.split('=');
    if (!name || !code) throw new ServerError('CONFIG', `\`--department\` takes NAME=CODE (e.g. agri=NY), got \`${d}\``);
    departmentCodes[name] = code;
  }
  const port = integer('port', args.port, 0);
  const interval = integer('interval', args.interval, 1);
  const verifyDays = integer('verify-days', args.verifyDays, 1);
  const ruleTimeout = integer('rule-timeout', args.ruleTimeout, 1);
  const runTimeout = integer('run-timeout', args.runTimeout, 1);
  const keepImports = integer('keep-imports', args.keepImports, 1);
  const metricsToken = args.metricsTokenFile === undefined ? undefined : readMetricsToken(args.metricsTokenFile);
  if (args.auditCheckpoints !== undefined && args.auditKey === undefined) throw new ServerError('CONFIG', '`--audit-checkpoints` needs `--audit-key`');
  return {
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(args.state !== undefined ? { stateDir: args.state } : {}),
    ...(args.database !== undefined ? { database: args.database } : {}),
    ...(args.data !== undefined ? { data: dataSpec(args.data, args.mapping) } : {}),
    ...(args.rules?.length ? { packs: args.rules } : {}),
    ...(args.asOf !== undefined ? { asOf: args.asOf } : {}),
    ...(interval !== undefined ? { scheduleMinutes: interval } : {}),
    ...(verifyDays !== undefined ? { verifyDays } : {}),
    ...(ruleTimeout !== undefined ? { ruleTimeoutMs: ruleTimeout * 1000 } : {}),
    ...(runTimeout !== undefined ? { runTimeoutMs: runTimeout * 1000 } : {}),
    ...(keepImports !== undefined ? { keepImports } : {}),
    ...(args.secureCookie ? { secureCookie: true } : {}),
    ...(args.allowOrigin?.length ? { allowedOrigins: args.allowOrigin } : {}),
    ...(args.auditKey !== undefined ? { auditKeyFile: args.auditKey } : {}),
    ...(metricsToken !== undefined ? { metricsToken } : {}),
    ...(args.auditCheckpoints !== undefined ? { auditCheckpointFile: args.auditCheckpoints } : {}),
    ...(args.trustProxy !== undefined ? { trustProxy: args.trustProxy === 'true' ? true : args.trustProxy } : {}),
    ...(Object.keys(departmentCodes).length ? { departmentCodes } : {}),
    ...publicServeOptions(args),
    ...notifyServeOptions(args),
  };
}

async function readPassword(io: ServeIo): Promise<string> {
  const fromEnv = io.env['SUNSHINE_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (!io.stdin) throw new ServerError('CONFIG', 'give the password in SUNSHINE_PASSWORD or on standard input');
  io.stderr.write('password: ');
  const rl = createInterface({ input: io.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new ServerError('CONFIG', 'no password on standard input');
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * Runs `sunshine serve`: returns the exit code (0 after a clean stop or a created account, 2 for
 * bad options).
 *
 * @example
 * ```ts
 * process.exitCode = await runServe({ port: '8080', data: './county', run: true }, { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function runServe(args: ServeArgs, io: ServeIo): Promise<number> {
  let options: ServerOptions;
  try {
    options = serveOptions(args);
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n${SERVE_USAGE}`);
    return 2;
  }
  if (args.backup !== undefined || args.restore !== undefined) return runBackupOrRestore(args, options, io);
  if (args.createUser !== undefined) {
    try {
      const password = await readPassword(io);
      const server = await createServer(options);
      try {
        const u = await server.service.createUser({
          username: args.createUser,
          password,
          role: args.role ?? '',
          display_name: args.displayName,
          department_code: args.departmentCode,
          town_code: args.town,
          village_code: args.village,
        });
        io.stdout.write(`created ${u.role} account \`${u.username}\`${u.department_code ? ` (department ${u.department_code})` : ''}${u.village_code ? ` (village ${u.village_code})` : u.town_code ? ` (town ${u.town_code})` : ''} in ${server.stateDescription}\n`);
      } finally {
        await server.close();
      }
      return 0;
    } catch (e) {
      io.stderr.write(`error: ${(e as Error).message}\n`);
      return 2;
    }
  }
  let server;
  try {
    server = await startServer(options);
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return 2;
  }
  io.stdout.write(`sunshine server listening on ${server.url} (state: ${server.stateDescription})\n`);
  if (args.run) {
    try {
      if (options.data) {
        const imp = await server.service.importConfigured(undefined);
        io.stdout.write(`imported ${imp.description}: ${Object.values(imp.counts).reduce((n, c) => n + c.loaded, 0)} records, ${imp.rejected} rejected\n`);
      }
      const run = await server.service.run(undefined);
      if (args.asOf === undefined) io.stderr.write(`${asOfNotice(run.as_of)}\n`);
      io.stdout.write(`run #${run.seq}: ${run.findings} findings, ${run.created_alerts} new alerts\n`);
    } catch (e) {
      io.stderr.write(`warning: the first run failed: ${(e as Error).message}\n`);
    }
  }
  await (io.stopSignal ?? stopSignal());
  await server.close();
  io.stdout.write('stopped\n');
  return 0;
}

/** Parses the `sunshine-server` bin's argv (the flags of `sunshine serve`). */
export function parseServeArgv(argv: readonly string[]): ServeArgs & { help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      database: { type: 'string' },
      data: { type: 'string' },
      mapping: { type: 'string' },
      rules: { type: 'string', multiple: true },
      'as-of': { type: 'string' },
      interval: { type: 'string' },
      'verify-days': { type: 'string' },
      department: { type: 'string', multiple: true },
      'rule-timeout': { type: 'string' },
      'run-timeout': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'audit-key': { type: 'string' },
      'audit-checkpoints': { type: 'string' },
      'keep-imports': { type: 'string' },
      'secure-cookie': { type: 'boolean' },
      'allow-origin': { type: 'string', multiple: true },
      run: { type: 'boolean' },
      'create-user': { type: 'string' },
      role: { type: 'string' },
      'department-code': { type: 'string' },
      town: { type: 'string' },
      village: { type: 'string' },
      'display-name': { type: 'string' },
      'metrics-token-file': { type: 'string' },
      backup: { type: 'string' },
      restore: { type: 'string' },
      force: { type: 'boolean' },
      kiosk: { type: 'boolean' },
      notify: { type: 'string', multiple: true },
      'notify-format': { type: 'string' },
      'notify-link': { type: 'string' },
      responsible: { type: 'string', multiple: true },
      'idle-seconds': { type: 'string' },
      'citizen-session-minutes': { type: 'string' },
      'disclose-funds': { type: 'string' },
      'disclosure-config': { type: 'string' },
    },
  });
  return {
    help: values.help ?? false,
    port: values.port,
    host: values.host,
    state: values.state,
    database: values.database,
    data: values.data,
    mapping: values.mapping,
    rules: values.rules,
    asOf: values['as-of'],
    interval: values.interval,
    verifyDays: values['verify-days'],
    department: values.department,
    ruleTimeout: values['rule-timeout'],
    runTimeout: values['run-timeout'],
    trustProxy: values['trust-proxy'],
    auditKey: values['audit-key'],
    auditCheckpoints: values['audit-checkpoints'],
    keepImports: values['keep-imports'],
    secureCookie: values['secure-cookie'],
    allowOrigin: values['allow-origin'],
    run: values.run,
    createUser: values['create-user'],
    role: values.role,
    departmentCode: values['department-code'],
    town: values.town,
    village: values.village,
    displayName: values['display-name'],
    metricsTokenFile: values['metrics-token-file'],
    backup: values.backup,
    restore: values.restore,
    force: values.force,
    kiosk: values.kiosk,
    notify: values.notify,
    notifyFormat: values['notify-format'],
    notifyLink: values['notify-link'],
    responsible: values.responsible,
    idleSeconds: values['idle-seconds'],
    citizenSessionMinutes: values['citizen-session-minutes'],
    discloseFunds: values['disclose-funds'],
    disclosureConfig: values['disclosure-config'],
  };
}
