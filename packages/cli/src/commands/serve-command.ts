import { runServe, type ServeArgs } from '@sunshine/server';
import type { CommandSpec } from '../command-spec.js';

export const serveCommand: CommandSpec = {
  name: 'serve',
  summary: { en: 'start the reference server (alerts, roles, citizen look-up, disclosure, audit log, web pages)', zh: '启动参考服务器（预警、角色、群众查询、公开、审计日志、网页）' },
  usage: [
    'serve [--port N] [--host ADDR] [--state DIR | --database postgres://…] [--data DIR|FILE|URL] [--run]',
    'serve --create-user USERNAME --role party|discipline|department|town|village [--department-code CODE | --town CODE | --village CODE]',
    'serve --backup FILE.tar.gz | --restore FILE.tar.gz [--force] [--state DIR | --database URL] [--audit-key FILE]',
  ],
  details: {
    en: [
      'Starts the reference server of @sunshine/server: by default on 127.0.0.1:8080 with its state in SQLite under ./.sunshine/, or in PostgreSQL with --database. GET /healthz answers 200 once it serves, GET /openapi.json describes the API, GET / serves the web pages.',
      'With --data, the server imports that store (a folder, a SQLite file, or a postgres:// / mysql:// URL) when asked and on every scheduled run (--interval minutes); --run imports it and runs the library once at start. --department agri=NY maps a rule’s department name to the county’s code.',
      'With --create-user, it creates a staff account in the state store and exits; the password comes from SUNSHINE_PASSWORD or standard input. Citizens need no account: they sign in with ID number and name.',
    ].join('\n\n'),
    zh: [
      '启动 @sunshine/server 的参考服务器：默认监听 127.0.0.1:8080，状态存放在 ./.sunshine/ 下的 SQLite 中，或用 --database 存放在 PostgreSQL 中。服务启动后 GET /healthz 返回 200，GET /openapi.json 描述接口，GET / 提供网页。',
      '给出 --data 时，服务器在收到请求时和每次定时运行时（--interval，单位分钟）导入这个数据源（文件夹、SQLite 文件，或 `postgres://`、`mysql://` 地址）；--run 在启动时导入一次并运行一次标准库。`--department agri=NY` 把比对模型中推送主管部门的名称对应到县里的部门代码。',
      '给出 --create-user 时，在状态库中建一个工作人员账号后退出；密码取自环境变量 SUNSHINE_PASSWORD 或标准输入。群众不需要账号：用身份证号和姓名登录。',
    ].join('\n\n'),
  },
  options: {
    port: { type: 'string', value: 'N', description: { en: 'port to listen on (default 8080)', zh: '监听的端口（默认 8080）' } },
    host: { type: 'string', value: 'ADDR', description: { en: 'address to listen on (default 127.0.0.1)', zh: '监听的地址（默认 127.0.0.1）' } },
    state: { type: 'string', value: 'DIR', description: { en: 'folder of the SQLite state (default ./.sunshine)', zh: 'SQLite 状态库所在的文件夹（默认 ./.sunshine）' } },
    database: { type: 'string', value: 'URL', description: { en: 'PostgreSQL URL for the state instead of SQLite', zh: '用 PostgreSQL 地址存放状态，代替 SQLite' } },
    data: { type: 'string', value: 'DIR|FILE|URL', description: { en: 'the county store the server imports', zh: '服务器导入的县级数据源' } },
    mapping: { type: 'string', value: 'FILE', description: { en: 'column mapping for --data', zh: '--data 的列映射文件' } },
    rules: { type: 'string', multiple: true, value: 'PATH', description: { en: 'extra rule packs run with the standard library', zh: '与标准库一起运行的额外比对模型包' } },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', description: { en: 'the date runs treat as today (default: the latest pay, period or ledger date in the imported data)', zh: '各次运行的比对基准日（默认：导入数据中最晚的支付日期、期间或台账日期）' } },
    interval: { type: 'string', value: 'MINUTES', description: { en: 'import --data and run every N minutes', zh: '每隔 MINUTES 分钟导入 --data 并运行一次' } },
    'verify-days': { type: 'string', value: 'N', description: { en: 'days to verify a pushed alert before it escalates (default 15)', zh: '推送的预警须在多少天内核实，逾期即升级（默认 15）' } },
    department: { type: 'string', multiple: true, value: 'NAME=CODE', description: { en: 'department code for a rule department name, e.g. agri=NY', zh: '比对模型中推送主管部门名称对应的部门代码，如 `agri=NY`' } },
    'rule-timeout': { type: 'string', value: 'SECONDS', description: { en: 'a rule running longer stops with TIMEOUT, recorded on the run; the others go on (default 300)', zh: '比对模型运行超过这么多秒即以 `TIMEOUT` 中止并记入本次运行，其余照常（默认 300）' } },
    'run-timeout': { type: 'string', value: 'SECONDS', description: { en: 'a run taking longer is stopped and marked failed (default 3600)', zh: '一次运行超过这么多秒即中止并记为失败（默认 3600）' } },
    'trust-proxy': { type: 'string', value: 'ADDR[,ADDR]', description: { en: 'believe X-Forwarded-For from these proxy addresses/CIDRs (or `true`: from any) for the client address', zh: '相信来自这些代理地址或网段（CIDR；`true` 表示任何来源）的 `X-Forwarded-For`，以取得客户端地址' } },
    'audit-key': { type: 'string', value: 'FILE', description: { en: 'key file (kept outside the database; made, mode 0600, when missing) that signs audit checkpoints', zh: '为审计检查点签名的密钥文件（存放在数据库之外；不存在时自动生成，权限 0600）' } },
    'audit-checkpoints': { type: 'string', value: 'FILE', description: { en: 'where signed audit checkpoints are appended (default audit-checkpoints.jsonl next to the key)', zh: '签名的审计检查点追加写入的文件（默认：密钥旁的 audit-checkpoints.jsonl）' } },
    'keep-imports': { type: 'string', value: 'N', description: { en: 'imports that keep their records; older ones are listed without them (default 3)', zh: '保留记录的导入次数；更早的导入只列出，不保留记录（默认 3）' } },
    'secure-cookie': { type: 'boolean', description: { en: 'mark the session cookie Secure (set it when TLS terminates in front of the server)', zh: '给会话 Cookie 加上 `Secure` 标记（服务器前面有 TLS 终结时设置）' } },
    'allow-origin': { type: 'string', multiple: true, value: 'URL', description: { en: 'an origin (https://host) besides the server’s own allowed to send state-changing requests', zh: '除服务器自身外，允许发送修改请求的来源（https://主机）' } },
    run: { type: 'boolean', description: { en: 'import --data and run once at start', zh: '启动时导入 --data 并运行一次' } },
    'create-user': { type: 'string', value: 'USERNAME', description: { en: 'create a staff account and exit', zh: '建一个工作人员账号后退出' } },
    role: { type: 'string', value: 'ROLE', description: { en: 'with --create-user: party (county party committee, read-only), discipline, department, town or village', zh: '与 --create-user 同用：`party`（县委，只读）、`discipline`、`department`、`town` 或 `village`' } },
    'department-code': { type: 'string', value: 'CODE', description: { en: 'with --create-user --role department', zh: '与 `--create-user --role department` 同用' } },
    town: { type: 'string', value: 'CODE', description: { en: 'with --create-user --role town', zh: '与 `--create-user --role town` 同用' } },
    village: { type: 'string', value: 'CODE', description: { en: 'with --create-user --role village', zh: '与 `--create-user --role village` 同用' } },
    'display-name': { type: 'string', value: 'NAME', description: { en: 'with --create-user: the name shown in the history', zh: '与 --create-user 同用：操作记录中显示的姓名' } },
    'metrics-token-file': { type: 'string', value: 'FILE', description: { en: 'file holding a bearer token that lets Prometheus read /metrics from another host (without it: direct loopback callers only)', zh: '存放持有者令牌的文件，凭此令牌可从其他主机读取 /metrics（不设时只允许本机直接访问）' } },
    backup: { type: 'string', value: 'FILE', description: { en: 'write a backup (.tar.gz: state snapshot, audit checkpoints, manifest; never the audit key) and exit; safe while the server runs', zh: '写一份备份（.tar.gz：状态快照、审计检查点、清单；不含审计密钥）后退出；服务器运行时也可以做' } },
    restore: { type: 'string', value: 'FILE', description: { en: 'restore a backup (checksums, schema and audit chain checked) and exit; stop the server first', zh: '恢复一份备份（校验和、数据库版本、审计链都会检查）后退出；先停止服务器' } },
    force: { type: 'boolean', description: { en: 'with --restore: set the existing state aside and restore over it', zh: '与 --restore 同用：把现有状态移到一旁后恢复' } },
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
      auditKey: path('audit-key'),
      auditCheckpoints: path('audit-checkpoints'),
      keepImports: args.string('keep-imports'),
      secureCookie: args.flag('secure-cookie'),
      allowOrigin: args.strings('allow-origin'),
      run: args.flag('run'),
      createUser: args.string('create-user'),
      role: args.string('role'),
      departmentCode: args.string('department-code'),
      town: args.string('town'),
      village: args.string('village'),
      displayName: args.string('display-name'),
      metricsTokenFile: path('metrics-token-file'),
      backup: path('backup'),
      restore: path('restore'),
      force: args.flag('force'),
    };
    return runServe(serveArgs, { stdout: ctx.io.stdout, stderr: ctx.io.stderr, stdin: process.stdin, env: ctx.io.env });
  },
};
