/**
 * The store's schema as numbered migrations, one list for both engines. Each migration is
 * plain SQL both SQLite and PostgreSQL accept (TEXT, INTEGER, BIGINT; timestamps as ISO-8601
 * text; booleans as 0/1), with a per-engine part only where the two differ (triggers).
 * Applied in order, each in its own transaction, recorded in `schema_migrations`.
 */
import { SunshineError } from '@sunshine/core';
import type { SqlDatabase, SqlDialect } from './sql-database.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL for both engines. */
  readonly sql: string;
  /** Extra SQL per engine, run after `sql`. */
  readonly dialect?: Partial<Record<SqlDialect, string>>;
}

const APPEND_ONLY_SQLITE = (table: string): string => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`;

const APPEND_ONLY_POSTGRES = (table: string): string => `
CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION sunshine_append_only();`;

/** Every migration, in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  department_code TEXT,
  town_code TEXT,
  village_code TEXT,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  user_id TEXT,
  citizen_id_number TEXT,
  citizen_name TEXT,
  town_code TEXT,
  village_code TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  counts TEXT NOT NULL,
  rejected INTEGER NOT NULL,
  missing TEXT NOT NULL
);
CREATE TABLE import_records (
  import_id TEXT NOT NULL,
  dataset TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (import_id, dataset, seq)
);
CREATE TABLE registry_persons (
  import_id TEXT NOT NULL,
  id_number TEXT NOT NULL,
  name TEXT NOT NULL,
  town_code TEXT,
  village_code TEXT,
  PRIMARY KEY (import_id, id_number)
);
CREATE TABLE registry_payments (
  import_id TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  fund_code TEXT NOT NULL,
  fund_name TEXT,
  department_code TEXT,
  id_number TEXT NOT NULL,
  name TEXT NOT NULL,
  town_code TEXT,
  village_code TEXT,
  period TEXT NOT NULL,
  pay_date TEXT NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (import_id, payment_id)
);
CREATE INDEX registry_payments_person ON registry_payments (import_id, id_number);
CREATE INDEX registry_payments_village ON registry_payments (import_id, village_code, fund_code, period);
CREATE TABLE registry_regions (
  import_id TEXT NOT NULL,
  village_code TEXT NOT NULL,
  village_name TEXT,
  town_code TEXT,
  town_name TEXT,
  PRIMARY KEY (import_id, village_code)
);
CREATE TABLE registry_departments (
  import_id TEXT NOT NULL,
  department_code TEXT NOT NULL,
  name TEXT,
  PRIMARY KEY (import_id, department_code)
);
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  import_id TEXT NOT NULL,
  as_of TEXT NOT NULL,
  trigger_kind TEXT NOT NULL,
  started_by TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  rules TEXT NOT NULL,
  params TEXT NOT NULL,
  rules_run INTEGER NOT NULL DEFAULT 0,
  rules_skipped TEXT NOT NULL DEFAULT '[]',
  findings INTEGER NOT NULL DEFAULT 0,
  created_alerts INTEGER NOT NULL DEFAULT 0,
  reopened_alerts INTEGER NOT NULL DEFAULT 0,
  updated_alerts INTEGER NOT NULL DEFAULT 0,
  error TEXT
);
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  fingerprint TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  rule TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  alert_key TEXT NOT NULL,
  department_code TEXT,
  town_code TEXT,
  village_code TEXT,
  id_number TEXT,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  message_zh TEXT NOT NULL,
  message_en TEXT NOT NULL,
  evidence TEXT NOT NULL,
  evidence_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  escalated INTEGER NOT NULL DEFAULT 0,
  escalated_at TEXT,
  pushed_at TEXT,
  due_at TEXT,
  first_run_id TEXT,
  last_run_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX alerts_state ON alerts (state);
CREATE INDEX alerts_department ON alerts (department_code);
CREATE INDEX alerts_town ON alerts (town_code);
CREATE INDEX alerts_village ON alerts (village_code);
CREATE INDEX alerts_person ON alerts (id_number);
CREATE TABLE alert_events (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, seq);
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  event_id TEXT NOT NULL REFERENCES alert_events (id),
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_alert ON attachments (alert_id);
CREATE TABLE custom_rules (
  rule_id TEXT NOT NULL,
  version_no INTEGER NOT NULL,
  rule TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  note TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (rule_id, version_no)
);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
`,
    dialect: {
      sqlite: APPEND_ONLY_SQLITE('audit_log') + APPEND_ONLY_SQLITE('alert_events'),
      postgres:
        `CREATE FUNCTION sunshine_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;` +
        APPEND_ONLY_POSTGRES('audit_log') +
        APPEND_ONLY_POSTGRES('alert_events'),
    },
  },
  {
    version: 2,
    name: 'rules that failed in a run',
    sql: `ALTER TABLE runs ADD COLUMN rules_failed TEXT NOT NULL DEFAULT '[]';`,
  },
  {
    version: 3,
    name: 'import retention',
    sql: `ALTER TABLE imports ADD COLUMN records_pruned_at TEXT;`,
  },
  {
    version: 4,
    name: 'money, responsible level, page views, notification outbox',
    sql: `
ALTER TABLE alerts ADD COLUMN amount BIGINT;
ALTER TABLE alerts ADD COLUMN recovered_amount BIGINT;
ALTER TABLE alerts ADD COLUMN measure TEXT;
ALTER TABLE alerts ADD COLUMN level TEXT NOT NULL DEFAULT 'department';
CREATE INDEX alerts_escalated ON alerts (escalated, state);
CREATE TABLE page_views (
  day TEXT NOT NULL,
  page TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (day, page, channel, kind)
);
CREATE TABLE notification_outbox (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  alert_id TEXT NOT NULL,
  event TEXT NOT NULL,
  target TEXT NOT NULL,
  format TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  delivered_at TEXT,
  failed_at TEXT,
  last_error TEXT
);
CREATE INDEX notification_outbox_due ON notification_outbox (delivered_at, failed_at, next_attempt_at);
`,
  },
  {
    version: 5,
    name: 'citizen confirmations of receipt',
    sql: `
CREATE TABLE citizen_confirmations (
  payment_id TEXT NOT NULL,
  id_number TEXT NOT NULL,
  fund_code TEXT,
  department_code TEXT,
  town_code TEXT,
  village_code TEXT,
  period TEXT,
  amount BIGINT,
  import_id TEXT NOT NULL,
  confirmed_at TEXT NOT NULL,
  PRIMARY KEY (id_number, payment_id)
);
CREATE INDEX citizen_confirmations_village ON citizen_confirmations (village_code);
CREATE INDEX citizen_confirmations_department ON citizen_confirmations (department_code);
`,
  },
];

/** The state was written by a newer release (its schema has migrations this server does not know). */
export class SchemaTooNewError extends SunshineError {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super('STORE', `the state's schema is version ${found}, newer than this server knows (${known}): it was written by a newer Sunshine release; run that release (or newer), or restore a backup taken before the upgrade`);
  }
}

/**
 * Brings a database up to the newest migration (refusing, with {@link SchemaTooNewError}, a
 * state whose schema is newer than the code's). Returns the versions applied now.
 *
 * @example
 * ```ts
 * const applied = await migrate(await createSqliteDatabase({ file: ':memory:' }));
 * ```
 */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((await db.all<{ version: number | string }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  // A state written by a newer release: its code knows migrations this one does not (refuse, never guess).
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const newest = Math.max(0, ...done);
  if (newest > known) throw new SchemaTooNewError(newest, known);
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    const script = m.sql + (m.dialect?.[db.dialect] ?? '');
    // The migration and its record in one transaction (both engines run DDL transactionally).
    try {
      await db.exec(`BEGIN;\n${script}\nINSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, '${m.name.replaceAll("'", "''")}', '${new Date().toISOString()}');\nCOMMIT;`);
    } catch (e) {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, { cause: e });
    }
    applied.push(m.version);
  }
  return applied;
}
