/**
 * The API's request and response schemas, written once with typebox: Fastify validates and
 * serialises with them (a field not in a response schema never leaves the server) and
 * `@fastify/swagger` turns them into the OpenAPI document.
 */
import Type from 'typebox';
import { ALERT_ACTIONS, ALERT_STATES } from '../domain/alert-lifecycle.js';
import { ROLES, STAFF_ROLES } from '../domain/principal.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const NStr = Nullable(Type.String());

export const Localized = Type.Object({ zh: Str, en: Str });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'A stable code: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_REQUEST, INVALID_TRANSITION, REASON_REQUIRED, INVALID_RULE, CONFLICT, RATE_LIMITED, NO_DATA, INTERNAL' }),
      message: Str,
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { description: 'An error' },
);

export const Ok = Type.Object({ ok: Type.Boolean() });

export const PrincipalBody = Type.Object({
  role: Type.Enum([...ROLES]),
  id: Str,
  name: Str,
  department_code: NStr,
  town_code: NStr,
  village_code: NStr,
  id_number: NStr,
});

export const SessionBody = Type.Object({
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`; the response also sets the `sunshine_session` cookie' }),
  expires_at: Str,
  principal: PrincipalBody,
});

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

export const CitizenLoginBody = Type.Object(
  {
    id_number: Type.String({ minLength: 15, maxLength: 18, description: '18-character resident ID number' }),
    name: Type.String({ minLength: 1, maxLength: 64, description: 'The name as registered' }),
  },
  { additionalProperties: false },
);

const AlertStateSchema = Type.Enum([...ALERT_STATES]);

export const AlertSummaryBody = Type.Object({
  id: Str,
  seq: Type.Integer(),
  fingerprint: Str,
  source: Str,
  rule: Str,
  rule_version: Str,
  category: Str,
  severity: Str,
  key: Str,
  department_code: NStr,
  town_code: NStr,
  village_code: NStr,
  id_number: NStr,
  title: Localized,
  message: Localized,
  state: AlertStateSchema,
  amount: Type.Union([Type.Integer(), Type.Null()], { description: 'The money the finding is about, integer fen (null: none)' }),
  recovered_amount: Type.Union([Type.Integer(), Type.Null()], { description: 'Money recovered (追回金额), integer fen, recorded at close' }),
  measure: Type.Union([Type.String(), Type.Null()], { description: 'The measure taken (处置措施), recorded at close' }),
  level: Type.String({ description: 'Who verifies: department, town (the town verifies a village’s own books, 三资) or village' }),
  holder: Type.String({ description: 'Who holds it now: department, town, village, or discipline once escalated (overdue)' }),
  escalated: Type.Boolean(),
  escalated_at: NStr,
  pushed_at: NStr,
  due_at: NStr,
  evidence_hash: Str,
  first_run_id: NStr,
  last_run_id: NStr,
  created_at: Str,
  updated_at: Str,
});

const Evidence = Type.Object({
  role: Str,
  dataset: Str,
  id: NStr,
  record: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])),
});

const EventBody = Type.Object({
  id: Str,
  at: Str,
  actor: Str,
  actor_role: Str,
  action: Str,
  from_state: NStr,
  to_state: Str,
  reason: NStr,
  detail: Type.Record(Type.String(), Type.Unknown()),
});

const AttachmentMeta = Type.Object({ id: Str, event_id: Str, name: Str, media_type: Str, size: Type.Integer(), sha256: Str, created_at: Str });

export const AlertDetailBody = Type.Intersect([
  AlertSummaryBody,
  Type.Object({
    evidence: Type.Array(Evidence),
    events: Type.Array(EventBody),
    attachments: Type.Array(AttachmentMeta),
    actions: Type.Array(Type.Enum([...ALERT_ACTIONS]), { description: 'What the caller may do now' }),
  }),
]);

export const AlertQuery = Type.Object(
  {
    category: Type.Optional(Str),
    town_code: Type.Optional(Str),
    village_code: Type.Optional(Str),
    department_code: Type.Optional(Str),
    state: Type.Optional(AlertStateSchema),
    severity: Type.Optional(Str),
    rule: Type.Optional(Str),
    escalated: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Text in the message or key' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const AlertList = Type.Object({ total: Type.Integer(), alerts: Type.Array(AlertSummaryBody) });

const Facet = Type.Array(Type.Object({ value: Str, count: Type.Integer() }));
export const FacetsBody = Type.Object({
  category: Facet,
  town_code: Facet,
  village_code: Facet,
  department_code: Facet,
  state: Facet,
  severity: Facet,
  villages: Type.Array(Type.Object({ village_code: Str, village_name: NStr, town_code: NStr, town_name: NStr })),
  departments: Type.Array(Type.Object({ department_code: Str, name: NStr })),
});

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const AttachmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), attachmentId: Type.String({ minLength: 1, maxLength: 100 }) });

export const TransitionBody = Type.Object(
  {
    action: Type.Enum([...ALERT_ACTIONS]),
    reason: Type.Optional(Type.String({ maxLength: 4000, description: 'Why: required for confirm, dismiss, close, reopen and comment' })),
    department_code: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'For push: route to this department; for transfer: the department that should have it' })),
    recovered_amount: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'For close: money recovered (追回金额), integer fen (default 0)' })),
    measure: Type.Optional(Type.String({ maxLength: 2000, description: 'For close: the measure taken (处置措施)' })),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            media_type: Type.String({ minLength: 1, maxLength: 100 }),
            content_base64: Type.String({ contentEncoding: 'base64' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Explanation = Type.Record(Type.String(), Type.Unknown(), { description: "engine.explain's record: conditions with their inputs and results, lookups, aggregates and the finding" });

export const RuleInfoBody = Type.Object({
  id: Str,
  source: Type.Union([Type.Literal('stdlib'), Type.Literal('custom'), Type.Literal('pack')]),
  version: Str,
  version_no: Nullable(Type.Integer()),
  enabled: Type.Boolean(),
  category: Str,
  severity: Str,
  title: Localized,
  description: Localized,
  department: Localized,
  responsible: Type.Union([Type.Literal('department'), Type.Literal('town'), Type.Literal('village')], { description: 'Who verifies its alerts: the department, the town (三资 by default) or the village' }),
  datasets: Type.Array(Str),
  key: Str,
  params: Type.Array(Type.Object({ name: Str, type: Str, default: Type.Unknown() })),
  created_by: NStr,
  created_at: NStr,
  rule: Type.Optional(Type.Unknown({ description: 'The rule as written (versions only)' })),
});

export const CustomRuleBody = Type.Object(
  {
    rule: Type.Record(Type.String(), Type.Unknown(), { description: 'One rule in the rule pack format (see @sunshine/core rule-pack.schema.json)' }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const ValidationBody = Type.Object({ ok: Type.Boolean(), problems: Type.Array(Str) });

export const EnabledBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

export const ImportBody = Type.Union([
  Type.Object({ kind: Type.Literal('folder'), dir: Type.String({ minLength: 1, description: "A folder on the server's disk" }), force: Type.Optional(Type.Boolean({ description: 'Import even when persons or payments are missing or a dataset lost most of its rows (refused otherwise with 422 IMPORT_REFUSED)' })) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('configured'), force: Type.Optional(Type.Boolean({ description: 'Import even when persons or payments are missing or a dataset lost most of its rows (refused otherwise with 422 IMPORT_REFUSED)' })) }, { additionalProperties: false }),
]);

export const UploadBody = Type.Object(
  {
    files: Type.Array(
      Type.Object(
        {
          name: Type.String({ pattern: '^[a-z_]+\\.(csv|tsv|ndjson|json|xlsx)$', description: '`<dataset>.<ext>`' }),
          content: Str,
          encoding: Type.Optional(Type.Union([Type.Literal('utf8'), Type.Literal('base64')])),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 64 },
    ),
    force: Type.Optional(Type.Boolean({ description: 'Import even when persons or payments are missing or a dataset lost most of its rows (refused otherwise with 422 IMPORT_REFUSED)' })),
  },
  { additionalProperties: false },
);

export const ImportSummaryBody = Type.Object({
  id: Str,
  seq: Type.Integer(),
  kind: Str,
  description: Str,
  created_at: Str,
  counts: Type.Record(Type.String(), Type.Object({ loaded: Type.Integer(), rejected: Type.Integer() })),
  rejected: Type.Integer(),
  missing: Type.Array(Str),
  records_kept: Type.Boolean({ description: 'false once retention deleted its records (all but the newest imports keep them)' }),
});

export const RunBody = Type.Object(
  {
    import_id: Type.Optional(Type.String({ description: 'Default: the latest import' })),
    as_of: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    reimport: Type.Optional(Type.Boolean({ description: 'Import the configured store first' })),
  },
  { additionalProperties: false },
);

export const RunSummaryBody = Type.Object({
  id: Str,
  seq: Type.Integer(),
  import_id: Str,
  as_of: Str,
  trigger: Str,
  started_at: Str,
  finished_at: NStr,
  status: Str,
  rules_run: Type.Integer(),
  rules_skipped: Type.Array(Type.Object({ rule: Str, reason: Str })),
  rules_failed: Type.Array(Type.Object({ rule: Str, code: Str, message: Str }), { description: 'Rules that stopped with an error of their own (TIMEOUT past their time budget, EVALUATION); the other rules ran' }),
  findings: Type.Integer(),
  created_alerts: Type.Integer(),
  reopened_alerts: Type.Integer(),
  updated_alerts: Type.Integer(),
  error: NStr,
});

export const PaymentBody = Type.Object({
  payment_id: Str,
  fund_code: Str,
  fund_name: NStr,
  department_code: NStr,
  id_number: Str,
  name: Str,
  town_code: NStr,
  village_code: NStr,
  period: Str,
  pay_date: Str,
  amount: Type.Integer({ description: 'fen' }),
});

export const PersonParams = Type.Object({ id_number: Type.String({ minLength: 15, maxLength: 18 }) });

export const DisputeBody = Type.Object(
  { payment_id: Type.String({ minLength: 1, maxLength: 64 }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const DisclosureQuery = Type.Object(
  {
    village_code: Type.Optional(Type.String({ description: "Default: the caller's village" })),
    fund_code: Type.Optional(Str),
    period: Type.Optional(Type.String({ description: "`2024-12`, `2024`; default: each fund's latest period" })),
  },
  { additionalProperties: false },
);

export const DisclosureBody = Type.Object({
  village_code: Str,
  village_name: NStr,
  town_name: NStr,
  funds: Type.Array(
    Type.Object({
      fund_code: Str,
      fund_name: NStr,
      department_code: NStr,
      recipients: Type.Integer(),
      total: Type.Integer({ description: 'fen' }),
      payments: Type.Array(
        Type.Object({
          name: Type.String({ description: 'masked: 张*峰' }),
          id_number: Type.String({ description: 'masked: 371426********1234' }),
          period: Str,
          pay_date: Str,
          amount: Type.Integer({ description: 'fen' }),
        }),
      ),
    }),
  ),
});

export const AuditQuery = Type.Object(
  { before: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries before this seq (paging back)' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
  { additionalProperties: false },
);

export const AuditEntryBody = Type.Object({ seq: Type.Integer(), at: Str, actor: Str, role: Str, action: Str, target: Str, detail: Str, prev_hash: Str, hash: Str });

export const AuditVerifyBody = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  head: Str,
  broken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Str })),
  checkpoints: Type.Union([Type.Object({ checked: Type.Integer(), latest: Type.Union([Type.Object({ entries: Type.Integer(), at: Str }), Type.Null()]) }), Type.Null()], {
    description: 'The signed checkpoints checked against the chain (null: the server has no audit key)',
  }),
  alert_states: Type.Object(
    { checked: Type.Integer(), mismatched: Type.Array(Type.Object({ seq: Type.Integer(), state: Str, history: NStr })) },
    { description: 'Alerts whose state is not the one their event history leads to' },
  ),
});

export const UserBody = Type.Object({
  id: Str,
  username: Str,
  display_name: Str,
  role: Str,
  department_code: NStr,
  town_code: NStr,
  village_code: NStr,
  disabled: Type.Integer(),
  created_at: Str,
});

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64 }),
    password: Type.String({ minLength: 8, maxLength: 256 }),
    display_name: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Enum([...STAFF_ROLES]),
    department_code: Type.Optional(Str),
    town_code: Type.Optional(Str),
    village_code: Type.Optional(Str),
  },
  { additionalProperties: false },
);

export const HealthBody = Type.Object({ status: Type.Literal('ok') });
