import { runServe, type ServeArgs } from '@sunshine/server';
import type { CommandSpec } from '../command-spec.js';

export const serveCommand: CommandSpec = {
  name: 'serve',
  summary: 'start the reference server (alerts, roles, citizen look-up, disclosure, audit log, web pages)',
  usage: [
    'serve [--port N] [--host ADDR] [--state DIR | --database postgres://…] [--data DIR|FILE|URL] [--run]',
    'serve --create-user USERNAME --role discipline|department|town|village [--department-code CODE | --town CODE | --village CODE]',
  ],
  details: [
    'Starts the reference server of @sunshine/server: by default on 127.0.0.1:8080 with its state in SQLite under ./.sunshine/, or in PostgreSQL with --database. GET /healthz answers 200 once it serves, GET /openapi.json describes the API, GET / serves the web pages.',
    'With --data, the server imports that store (a folder, a SQLite file, or a postgres:// / mysql:// URL) when asked and on every scheduled run (--interval minutes); --run imports it and runs the library once at start. --department agri=NY maps a rule’s department name to the county’s code.',
    'With --create-user, it creates a staff account in the state store and exits; the password comes from SUNSHINE_PASSWORD or standard input. Citizens need no account: they sign in with ID number and name.',
  ].join('\n\n'),
  options: {
    port: { type: 'string', value: 'N', description: 'port to listen on (default 8080)' },
    host: { type: 'string', value: 'ADDR', description: 'address to listen on (default 127.0.0.1)' },
    state: { type: 'string', value: 'DIR', description: 'folder of the SQLite state (default ./.sunshine)' },
    database: { type: 'string', value: 'URL', description: 'PostgreSQL URL for the state instead of SQLite' },
    data: { type: 'string', value: 'DIR|FILE|URL', description: 'the county store the server imports' },
    mapping: { type: 'string', value: 'FILE', description: 'column mapping for --data' },
    rules: { type: 'string', multiple: true, value: 'PATH', description: 'extra rule packs run with the standard library (repeatable)' },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: 'the date runs treat as today (default: the latest pay, period or ledger date in the imported data)' },
    interval: { type: 'string', value: 'MINUTES', description: 'import --data and run every N minutes' },
    'verify-days': { type: 'string', value: 'N', description: 'days to verify a pushed alert before it escalates (default 15)' },
    department: { type: 'string', multiple: true, value: 'NAME=CODE', description: 'department code for a rule department name, e.g. agri=NY (repeatable)' },
    'rule-timeout': { type: 'string', value: 'SECONDS', description: 'a rule running longer stops with TIMEOUT, recorded on the run; the others go on (default 300)' },
    'run-timeout': { type: 'string', value: 'SECONDS', description: 'a run taking longer is stopped and marked failed (default 3600)' },
    'trust-proxy': { type: 'string', value: 'ADDR[,ADDR]', description: 'believe X-Forwarded-For from these proxy addresses/CIDRs (or `true`: from any) for the client address' },
    run: { type: 'boolean', description: 'import --data and run once at start' },
    'create-user': { type: 'string', value: 'USERNAME', description: 'create a staff account and exit' },
    role: { type: 'string', value: 'ROLE', description: 'with --create-user: discipline, department, town or village' },
    'department-code': { type: 'string', value: 'CODE', description: 'with --create-user --role department' },
    town: { type: 'string', value: 'CODE', description: 'with --create-user --role town' },
    village: { type: 'string', value: 'CODE', description: 'with --create-user --role village' },
    'display-name': { type: 'string', value: 'NAME', description: 'with --create-user: the name shown in the history' },
  },
  run(ctx) {
    const { args } = ctx;
    const path = (name: string): string | undefined => {
      const v = args.string(name);
      return v === undefined ? undefined : ctx.resolve(v);
    };
    const data = args.string('data');
    const serveArgs: ServeArgs = {
      port: args.string('port'),
      host: args.string('host'),
      state: path('state') ?? (args.has('database') ? undefined : ctx.resolve('.sunshine')),
      database: args.string('database'),
      data: data === undefined || /^[a-z]+:\/\//.test(data) ? data : ctx.resolve(data),
      mapping: path('mapping'),
      rules: args.strings('rules').map((r) => (r.startsWith('.') || r.includes('/') ? ctx.resolve(r) : r)),
      asOf: args.string('as-of'),
      interval: args.string('interval'),
      verifyDays: args.string('verify-days'),
      department: args.strings('department'),
      ruleTimeout: args.string('rule-timeout'),
      runTimeout: args.string('run-timeout'),
      trustProxy: args.string('trust-proxy'),
      run: args.flag('run'),
      createUser: args.string('create-user'),
      role: args.string('role'),
      departmentCode: args.string('department-code'),
      town: args.string('town'),
      village: args.string('village'),
      displayName: args.string('display-name'),
    };
    return runServe(serveArgs, { stdout: ctx.io.stdout, stderr: ctx.io.stderr, stdin: process.stdin, env: ctx.io.env });
  },
};
