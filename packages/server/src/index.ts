/**
 * `@sunshine/server`: the reference server, built on the library — runs, alerts
 * with their lifecycle, roles and jurisdictions (四管一督), citizen look-up, public disclosure,
 * a hash-chained audit log, and web pages.
 *
 * @example
 * ```ts
 * import { startServer } from '@sunshine/server';
 * const server = await startServer({ port: 8080, data: { kind: 'folder', dir: './county' } });
 * ```
 * @packageDocumentation
 */
export { createServer, startServer, type ServerOptions, type SunshineServer } from './create-server.js';
export { ServerError, type ServerErrorCode } from './server-error.js';
export {
  SunshineService,
  type ServiceOptions,
  type SessionGrant,
  type TransitionInput,
  type AttachmentInput,
  type UploadFile,
  type RuleInfo,
  type RunSummary,
  type ImportSummary,
  type PaymentView,
  type Disclosure,
} from './service/sunshine-service.js';
export type { AlertSummary, AlertDetail, AlertEventView, AttachmentView } from './service/alert-view.js';
export { openDataStore, describeDataStore, type DataStoreSpec } from './service/data-store-spec.js';
export { ServerStore, type AlertFilter, type AuditInput } from './store/server-store.js';
export type { SqlDatabase, SqlExecutor, SqlValue, SqlRow, SqlDialect } from './store/sql-database.js';
export { createSqliteDatabase, type SqliteDatabaseOptions } from './store/sqlite-database.js';
export { createPostgresDatabase, type PostgresDatabaseOptions } from './store/postgres-database.js';
export { migrate, MIGRATIONS, SchemaTooNewError, type Migration } from './store/migrations.js';
export { backupState, restoreState, BACKUP_FORMAT, type BackupManifest, type StateLocation, type RestoreReport } from './store/backup.js';
export { ROLES, STAFF_ROLES, ROLE_NAMES, SYSTEM, type Role, type StaffRole, type Principal, type Actor } from './domain/principal.js';
export { ALERT_STATES, ALERT_ACTIONS, ALERT_STATE_NAMES, TRANSITIONS, allowedActions, type AlertState, type AlertAction, type TransitionRule } from './domain/alert-lifecycle.js';
export { alertScope, paymentScope, disclosureScope, villageScope, type SqlFilter } from './domain/jurisdiction.js';
export { maskName, maskIdNumber } from './domain/masking.js';
export { auditHash, verifyAuditEntries, GENESIS_HASH, type AuditEntry, type AuditVerification } from './domain/audit-chain.js';
export { signCheckpoint, checkpointValid, type AuditCheckpoint } from './domain/audit-anchor.js';
export type { AuditReport } from './service/audit-log.js';
export { hashPassword, verifyPassword } from './auth/password-hash.js';
export { SignInLimiter, type SignInLimits } from './auth/sign-in-limiter.js';
export { runServe, serveOptions, parseServeArgv, SERVE_USAGE, type ServeArgs, type ServeIo } from './run-serve.js';
export { Notifications, parseNotifyFlag, type NotifyOptions, type NotifyTarget } from './service/notifications.js';
export { NOTIFY_FORMATS, noticeBody, noticeFacts, type NotifyFormat, type NoticeFacts, type NoticeEvent } from './service/notification-formats.js';
export { Statistics, type StatsReport, type StatsBucket, type StatsMonth, type StatsSection } from './service/statistics.js';
export { actionsFor, holderOf, type AlertHolding } from './domain/alert-lifecycle.js';
export { RESPONSIBLE_LEVELS, COLLECTIVE_DATASETS, responsibleLevels, type ResponsibleLevel } from './service/responsibility.js';
export { publicServeOptions, readDisclosureConfig, KIOSK_SESSION_MINUTES, type PublicServeArgs } from './public-serve-options.js';
export { DISCLOSURE_FIELDS, DEFAULT_WITHHELD_KINDS, fundDisclosed, publicCounterparty, type DisclosureOptions, type DisclosureField, type PublicDisclosure, type LedgerTotals, type PublicContract, type PublicAsset, type PublicVillage, type Page } from './service/public-disclosure.js';
export type { PublicPagesOptions } from './http/public-routes.js';
export type { PublicRateLimits } from './http/public-rate-limit.js';
