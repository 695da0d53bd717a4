/**
 * Schemas of the public routes (公示, 村务公开), the citizen's confirmations (认账) and their
 * counts. A response field not named here never leaves the server: a disclosed payment has no
 * room for a full ID number or a bank account.
 */
import Type from 'typebox';

const Str = Type.String();
const NStr = Type.Union([Type.String(), Type.Null()]);
const NInt = Type.Union([Type.Integer(), Type.Null()]);
const Fen = Type.Integer({ description: 'fen (1/100 yuan)' });
const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, description: 'From 1' })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Rows per page (default 20, at most 100)' })),
};
const VillageParam = Type.String({ description: 'The village code (`regions.village_code`), e.g. 371426001201' });

export const PublicVillage = Type.Object({ village_code: Str, village_name: NStr, town_code: NStr, town_name: NStr });

const pageOf = <T extends Parameters<typeof Type.Array>[0]>(row: T) =>
  Type.Object({ page: Type.Integer(), page_size: Type.Integer(), total: Type.Integer({ description: 'Rows in all' }), pages: Type.Integer(), rows: Type.Array(row) });

export const PublicConfigBody = Type.Object({
  kiosk: Type.Boolean({ description: 'The server runs in kiosk mode (village terminal)' }),
  idle_seconds: Type.Integer({ description: 'Seconds without a touch before a kiosk signs the citizen out' }),
  citizen_session_minutes: Type.Integer(),
  notice_days: Type.Integer({ description: 'Days a disclosure stays posted (公示期)' }),
});

export const VillageQuery = Type.Object({ village: Type.Optional(VillageParam) }, { additionalProperties: false });

export const DisclosureQuery = Type.Object(
  {
    village: Type.Optional(VillageParam),
    fund: Type.Optional(Type.String({ description: 'One fund code; default: every disclosed fund' })),
    period: Type.Optional(Type.String({ description: "`2024-12`, `2024-Q4`, `2024`; default: each fund's latest period" })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const PublicDisclosureBody = Type.Object({
  village: PublicVillage,
  notice: Type.Object({ from: Str, to: Str, days: Type.Integer() }, { description: '公示期: posted from the import that published it, for `days` days' }),
  fields: Type.Array(Str, { description: 'The payment fields the county discloses' }),
  period: NStr,
  periods: Type.Array(Str),
  funds: Type.Array(Type.Object({ fund_code: Str, fund_name: NStr, period: Str, recipients: Type.Integer(), payments: Type.Integer(), total: Fen })),
  page: pageOf(
    Type.Object({
      fund_code: Str,
      name: Type.Optional(Type.String({ description: 'Masked: 张*峰' })),
      id_number: Type.Optional(Type.String({ description: 'Masked: 371426********1234', pattern: '^[0-9A-Za-z]{0,6}\\*+[0-9Xx]{0,4}$' })),
      period: Type.Optional(Str),
      pay_date: Type.Optional(Str),
      amount: Type.Optional(Fen),
    }),
  ),
});

export const LedgerQuery = Type.Object({ village: Type.Optional(VillageParam), year: Type.Optional(Type.String({ description: 'e.g. 2024; default: the latest year of the books' })) }, { additionalProperties: false });

export const LedgerBody = Type.Object({
  village: PublicVillage,
  year: NStr,
  years: Type.Array(Str),
  months: Type.Array(Type.Object({ month: Str, income: Fen, expense: Fen, entries: Type.Integer() })),
  categories: Type.Array(Type.Object({ category: Str, direction: Type.Enum(['income', 'expense']), total: Fen, entries: Type.Integer() })),
  income: Fen,
  expense: Fen,
});

export const PagedVillageQuery = Type.Object({ village: Type.Optional(VillageParam), ...PageQuery }, { additionalProperties: false });

export const ContractsBody = Type.Object({
  village: PublicVillage,
  contracts: pageOf(
    Type.Object({
      contract_id: Str,
      subject_type: NStr,
      subject_desc: NStr,
      area: Type.Union([Type.Number(), Type.Null()]),
      counterparty: Type.String({ description: 'A person masked (张*峰); an organisation as is' }),
      counterparty_kind: Type.Enum(['person', 'organisation']),
      start_date: NStr,
      end_date: NStr,
      annual_amount: NInt,
      in_force: Type.Boolean(),
    }),
  ),
});

export const AssetsBody = Type.Object({
  village: PublicVillage,
  total_value: Type.Integer({ description: 'Original value of the assets not disposed of, fen' }),
  assets: pageOf(Type.Object({ asset_id: Str, asset_type: NStr, name: NStr, original_value: NInt, status: NStr, contract_id: NStr })),
});

export const ConfirmBody = Type.Object({ payment_id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const ConfirmationBody = Type.Object({ created: Type.Boolean(), confirmation: Type.Object({ payment_id: Str, confirmed_at: Str }) });

export const AcknowledgementsBody = Type.Object({
  confirmations: Type.Array(Type.Object({ payment_id: Str, confirmed_at: Str })),
  disputes: Type.Array(Type.Object({ payment_id: Str, alert_id: Str, state: Str, created_at: Str })),
});

export const FeedbackCountsBody = Type.Object({
  confirmations: Type.Integer({ description: 'Payments citizens confirmed as received (认账)' }),
  confirming_citizens: Type.Integer(),
  disputes: Type.Integer({ description: 'Payments citizens reported as not received' }),
  disputing_citizens: Type.Integer(),
  open_disputes: Type.Integer({ description: 'Disputes not yet dismissed or closed' }),
  villages: Type.Array(Type.Object({ village_code: NStr, confirmations: Type.Integer(), disputes: Type.Integer() })),
});
