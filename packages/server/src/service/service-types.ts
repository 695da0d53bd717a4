/**
 * The service's public types: its options and what its methods take and return.
 */
import type { ParamOverrides } from '@sunshine/core';
import type { PresetName } from '@sunshine/rules-stdlib';
import type { SignInLimits } from '../auth/sign-in-limiter.js';
import type { AlertAction } from '../domain/alert-lifecycle.js';
import type { Principal } from '../domain/principal.js';
import type { DataStoreSpec } from './data-store-spec.js';
import type { DisclosureOptions } from './public-disclosure.js';

export interface ServiceOptions {
  /** The configured store `POST /api/imports {kind:"configured"}` and scheduled runs import. */
  readonly data?: DataStoreSpec | undefined;
  /** Rule packs (files, folders, packages) run besides the standard library. */
  readonly packs?: readonly string[] | undefined;
  /**
   * The standard library preset to run.
   * @default 'all'
   */
  readonly preset?: PresetName | undefined;
  /** Parameter overrides per rule id. */
  readonly params?: ParamOverrides | undefined;
  /**
   * The county's codes for the departments rules name by a `department` parameter
   * (`{ agri: 'NY', hrss: 'RS', medical: 'YB' }`), applied as parameter overrides.
   */
  readonly departmentCodes?: Readonly<Record<string, string>> | undefined;
  /**
   * Who verifies the alerts of a rule or category (`{ 'large-cash-expense': 'department',
   * 'category:contract': 'town' }`): `department`, `town` or `village`. By default the rules
   * over a village's own collective books (三资) are verified by the town.
   */
  readonly responsible?: Readonly<Record<string, string>> | undefined;
  /**
   * The department the cadre rules (category `cadre`) that name their department by parameter
   * report to, when the imported departments include it.
   * @default 'ZZB' (组织部)
   */
  readonly cadreDepartment?: string | undefined;
  /** The asOf of every run (default: the latest date in the imported data, `latestDateIn`). */
  readonly asOf?: string | undefined;
  /**
   * Days a department has to verify a pushed alert before it is escalated to the discipline
   * commission.
   * @default 15
   */
  readonly verifyDays?: number | undefined;
  /**
   * Push a new alert to its department at once when the department is known.
   * @default true
   */
  readonly autoPush?: boolean | undefined;
  /**
   * Hours a staff session lasts.
   * @default 8
   */
  readonly sessionHours?: number | undefined;
  /**
   * Minutes a citizen session lasts.
   * @default 30
   */
  readonly citizenSessionMinutes?: number | undefined;
  /**
   * Which funds and fields the disclosure (公示) shows the public and citizens (staff see every
   * fund within their jurisdiction).
   * @default every fund whose kind is not `medical` or `disability`; all fields, masked
   */
  readonly disclosure?: DisclosureOptions | undefined;
  readonly signInLimits?: SignInLimits | undefined;
  /**
   * The largest attachment, in bytes.
   * @default 5 MiB
   */
  readonly maxAttachmentBytes?: number | undefined;
  /**
   * Milliseconds one rule may run before it stops with a `TIMEOUT` failure (recorded on the
   * run; the other rules go on). Rules run in a worker thread, never on the event loop.
   * @default 300000 (the engine's default)
   */
  readonly ruleTimeoutMs?: number | undefined;
  /**
   * Milliseconds a whole run may take; past it the rule worker is terminated and the run is
   * marked failed. Off when undefined or 0.
   * @default 3600000 (one hour)
   */
  readonly runTimeoutMs?: number | undefined;
  /**
   * A file holding the key (at least 32 characters) that signs audit checkpoints; made (32
   * random bytes, hex, mode 0600) when it does not exist. Keep it outside the database and away
   * from whoever administers the database. Without it, no checkpoints are written.
   */
  readonly auditKeyFile?: string | undefined;
  /**
   * How many imports keep their records; older ones stay listed, their records deleted.
   * @default 3
   */
  readonly keepImports?: number | undefined;
  /**
   * The most attachment bytes one alert may hold in all.
   * @default 50 MiB
   */
  readonly maxAttachmentBytesPerAlert?: number | undefined;
  /**
   * The file signed checkpoints (JSON lines: entries, head, at, mac) are appended to.
   * @default `audit-checkpoints.jsonl` next to the key file
   */
  readonly auditCheckpointFile?: string | undefined;
}

/** A new session. */
export interface SessionGrant {
  readonly token: string;
  readonly expires_at: string;
  readonly principal: Principal;
}

export interface AttachmentInput {
  readonly name: string;
  readonly media_type: string;
  /** The file, base64. */
  readonly content_base64: string;
}

export interface TransitionInput {
  readonly action: AlertAction;
  readonly reason?: string | undefined;
  /** For `push`: route to this department instead of the finding's; for `transfer`: the department that should have it. */
  readonly department_code?: string | undefined;
  /** For `close`: money recovered (追回金额), integer fen ≥ 0 (default 0). */
  readonly recovered_amount?: number | undefined;
  /** For `close`: the measure taken (处置措施). */
  readonly measure?: string | undefined;
  readonly attachments?: readonly AttachmentInput[] | undefined;
}

export interface UploadFile {
  /** `payments.csv`, `persons.xlsx`, … */
  readonly name: string;
  readonly content: string;
  /** @default 'utf8' */
  readonly encoding?: 'utf8' | 'base64' | undefined;
}

export interface RuleInfo {
  readonly id: string;
  readonly source: 'stdlib' | 'custom' | 'pack';
  readonly version: string;
  /** For custom rules: the server's version number of the rule. */
  readonly version_no: number | null;
  readonly enabled: boolean;
  readonly category: string;
  readonly severity: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly description: { readonly zh: string; readonly en: string };
  readonly department: { readonly zh: string; readonly en: string };
  /** Who verifies its alerts here: the county's `--responsible` override, else the rule's level. */
  readonly responsible: 'department' | 'town' | 'village';
  readonly datasets: readonly string[];
  readonly key: string;
  readonly params: readonly { readonly name: string; readonly type: string; readonly default: unknown }[];
  readonly created_by: string | null;
  readonly created_at: string | null;
}

export interface RunSummary {
  readonly id: string;
  readonly seq: number;
  readonly import_id: string;
  readonly as_of: string;
  readonly trigger: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly status: string;
  readonly rules_run: number;
  readonly rules_skipped: readonly { readonly rule: string; readonly reason: string }[];
  /** Rules that stopped with an error of their own (`TIMEOUT` past their budget, `EVALUATION`); the others ran. */
  readonly rules_failed: readonly { readonly rule: string; readonly code: string; readonly message: string }[];
  readonly findings: number;
  readonly created_alerts: number;
  readonly reopened_alerts: number;
  readonly updated_alerts: number;
  readonly error: string | null;
}

export interface ImportSummary {
  readonly id: string;
  readonly seq: number;
  readonly kind: string;
  readonly description: string;
  readonly created_at: string;
  readonly counts: Readonly<Record<string, { loaded: number; rejected: number }>>;
  readonly rejected: number;
  readonly missing: readonly string[];
  /** Whether its records are still kept (retention deletes all but the newest `keepImports`). */
  readonly records_kept: boolean;
}

export interface PaymentView {
  readonly payment_id: string;
  readonly fund_code: string;
  readonly fund_name: string | null;
  readonly department_code: string | null;
  readonly id_number: string;
  readonly name: string;
  readonly town_code: string | null;
  readonly village_code: string | null;
  readonly period: string;
  readonly pay_date: string;
  /** Integer fen. */
  readonly amount: number;
}

export interface Disclosure {
  readonly village_code: string;
  readonly village_name: string | null;
  readonly town_name: string | null;
  readonly funds: readonly {
    readonly fund_code: string;
    readonly fund_name: string | null;
    readonly department_code: string | null;
    readonly recipients: number;
    /** Integer fen. */
    readonly total: number;
    readonly payments: readonly { readonly name: string; readonly id_number: string; readonly period: string; readonly pay_date: string; readonly amount: number }[];
  }[];
}
