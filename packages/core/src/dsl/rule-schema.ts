/**
 * The rule pack format, defined once with typebox: the TypeScript types, the compiled
 * validator and the JSON Schema editors use all come from the definitions below.
 */
import Type, { type Static, type TLiteral, type TSchema, type TUnion, type TUnsafe } from 'typebox';
import { Compile } from 'typebox/compile';
import { CATEGORIES, SEVERITIES } from '../findings/finding.js';
import { withEditorHints } from './editor-hints.js';
import { AggregateOps } from './aggregates.js';

const Text = Type.String({ minLength: 1 });

/** `Type.Union` of the literals `values`, typed as the union of those literals. */
function literals<const T extends readonly string[]>(values: T): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v))) as never;
}

/**
 * Text in Chinese (`zh`) and English (`en`): both, or either one alone. Where a language is
 * missing, the rule shows the other one as written (`completeRule`).
 */
export const LocalizedTextSchema = Type.Object(
  { zh: Type.Optional(Text), en: Type.Optional(Text) },
  { additionalProperties: false, minProperties: 1, description: 'Text in Chinese (zh) and English (en): both, or one of them alone (the other language then shows it as written)' },
);

/** Text in both languages, once {@link completeRule} has filled the missing one. */
export interface CompleteText {
  readonly zh: string;
  readonly en: string;
}

/**
 * An expression in jsonata syntax over the rule's context: `subject.amount`,
 * `fund.max_amount * 2`, `$periodStart(subject.period)`. Money is integer fen inside
 * expressions.
 */
export const ExpressionSchema = Type.String({
  minLength: 1,
  description: 'A jsonata expression over the rule context (subject, lookups, aggregates, facts, $params, $asOf). Money is integer fen.',
});

/** The right-hand side of a condition: a literal, or a reference. */
export const ValueRefSchema = Type.Union([
  Type.Object(
    {
      fact: Type.String({ minLength: 1, description: 'A context path: `subject.pay_date`, `death.death_date`, a fact or aggregate name' }),
      path: Type.Optional(Type.String({ description: 'json-rules-engine style JSONPath inside the fact (`$.death_date`)' })),
      fn: Type.Optional(Type.String({ description: 'A function applied to the value (`periodStart`)' })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ param: Type.String({ minLength: 1, description: 'A parameter of the rule' }) }, { additionalProperties: false }),
  Type.Object({ expr: ExpressionSchema }, { additionalProperties: false }),
]);

const Literal = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null(), Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]))]);

/** A leaf condition in json-rules-engine form: `{ fact, operator, value }`. */
export const LeafConditionSchema = Type.Object(
  {
    fact: Type.String({ minLength: 1, description: 'A context path (`subject.amount`, `fund.kind`) or the name of a lookup, aggregate or fact' }),
    path: Type.Optional(Type.String({ description: 'JSONPath inside the fact, json-rules-engine style (`$.death_date`)' })),
    operator: Type.String({ minLength: 1, description: 'equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, contains, doesNotContain, dateBefore, dateOnOrBefore, dateAfter, dateOnOrAfter, moneyGreaterThan, moneyGreaterThanInclusive, moneyLessThan, moneyLessThanInclusive, moneyEqual, between, empty, notEmpty, matches, startsWith, or a plug-in operator' }),
    value: Type.Optional(Type.Union([ValueRefSchema, Literal])),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    name: Type.Optional(Type.String({ description: 'A label shown by explain' })),
  },
  { additionalProperties: false },
);

export type LeafCondition = Static<typeof LeafConditionSchema>;
export type ValueRef = Static<typeof ValueRefSchema>;

/** Nested conditions: `all`, `any`, `not`, as in json-rules-engine. */
export type Condition =
  | LeafCondition
  | { readonly all: readonly Condition[]; readonly name?: string }
  | { readonly any: readonly Condition[]; readonly name?: string }
  | { readonly not: Condition; readonly name?: string };

/**
 * A reference to {@link ConditionSchema} from the other schemas (resolved by the `$defs` the
 * validator and the JSON Schema are built with). Its static type is the hand-written
 * {@link Condition}: typebox's `Static` of the cyclic schema turns nested conditions into
 * `any` two levels down, and of a bare `Ref` into `unknown`.
 */
const ConditionRef = Type.Ref('Condition') as unknown as TUnsafe<Condition>;

export const ConditionSchema = Type.Cyclic(
  {
    Condition: Type.Union([
      Type.Object({ all: Type.Array(Type.Ref('Condition'), { minItems: 1 }), name: Type.Optional(Type.String()) }, { additionalProperties: false }),
      Type.Object({ any: Type.Array(Type.Ref('Condition'), { minItems: 1 }), name: Type.Optional(Type.String()) }, { additionalProperties: false }),
      Type.Object({ not: Type.Ref('Condition'), name: Type.Optional(Type.String()) }, { additionalProperties: false }),
      LeafConditionSchema,
    ]),
  },
  'Condition',
);

/** A keyed join to another dataset. */
export const DatasetLookupSchema = Type.Object(
  {
    dataset: Type.String({ minLength: 1 }),
    on: Type.Record(Type.String(), ExpressionSchema, {
      description: 'Fields of the looked-up dataset → expressions giving their value (a list gives one probe per element)',
      minProperties: 1,
    }),
    where: Type.Optional(ConditionRef),
    one: Type.Optional(Type.Boolean({ description: 'Keep only the first match (null when none)', default: false })),
    orderBy: Type.Optional(Type.Array(Type.String(), { description: 'Fields ordering the matches (default: source order)' })),
  },
  { additionalProperties: false },
);

/** The members of a person's household (persons sharing the household_id; a person not in the registry is a household of one). */
export const HouseholdLookupSchema = Type.Object(
  {
    householdOf: ExpressionSchema,
    where: Type.Optional(ConditionRef),
  },
  { additionalProperties: false },
);

export const LookupSchema = Type.Union([DatasetLookupSchema, HouseholdLookupSchema]);

export { AggregateOps, type AggregateOp } from './aggregates.js';

export const AggregateSchema = Type.Object(
  {
    op: Type.String({ minLength: 1, description: `${AggregateOps.join(', ')}, or a plug-in aggregate` }),
    over: Type.Optional(Type.String({ description: 'A lookup name, or `rows` for the rows of a group' })),
    field: Type.Optional(Type.String({ description: 'A field of the elements' })),
    value: Type.Optional(Type.String({ description: 'A jsonata expression evaluated with each element as input' })),
    where: Type.Optional(ConditionRef),
    of: Type.Optional(Type.String({ description: 'baseline: the aggregate whose earlier values form the baseline' })),
    partition: Type.Optional(Type.Array(Type.String(), { description: 'baseline: group keys that must match' })),
    period: Type.Optional(Type.String({ description: 'baseline: the group key holding the period YYYY-MM' })),
    months: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Object({ param: Type.String() }, { additionalProperties: false })])),
    minPeriods: Type.Optional(Type.Integer({ minimum: 1 })),
    stat: Type.Optional(Type.Union([Type.Literal('median'), Type.Literal('mean')])),
  },
  { additionalProperties: false },
);

export const FactSchema = Type.Union([
  ExpressionSchema,
  Type.Object(
    {
      expr: ExpressionSchema,
      type: Type.Optional(literals(['money', 'date', 'period', 'number', 'integer', 'string', 'boolean', 'list'])),
    },
    { additionalProperties: false },
  ),
]);

export const ParamTypes = ['integer', 'number', 'money', 'string', 'boolean', 'date', 'string[]', 'integer[]'] as const;
export type ParamType = (typeof ParamTypes)[number];

export const ParamSchema = Type.Object(
  {
    type: literals(ParamTypes),
    default: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.Union([Type.String(), Type.Number()]))]),
    minimum: Type.Optional(Type.Number()),
    maximum: Type.Optional(Type.Number()),
    values: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 1, description: 'Allowed values: the value (each element of a list) must be one of them' })),
    description: Type.Optional(LocalizedTextSchema),
  },
  { additionalProperties: false },
);

export const SubjectSchema = Type.Object(
  {
    dataset: Type.String({ minLength: 1 }),
    where: Type.Optional(ConditionRef),
    lookups: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), LookupSchema, { description: 'Row-level lookups used before grouping' })),
    groupBy: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), ExpressionSchema, { minProperties: 1 })),
    window: Type.Optional(
      Type.Object(
        {
          date: Type.String({ description: 'The date field clustered on' }),
          days: Type.Union([Type.Integer({ minimum: 0 }), Type.Object({ param: Type.String() }, { additionalProperties: false })]),
          orderBy: Type.Optional(Type.Array(Type.String())),
        },
        { additionalProperties: false, description: 'Split each group into clusters: the earliest row not yet placed starts a cluster that takes every later row dated at most `days` after it' },
      ),
    ),
  },
  { additionalProperties: false },
);

const Name = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' });

export const RuleSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', description: 'kebab-case; equals the file name' }),
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
    category: literals(CATEGORIES),
    severity: literals(SEVERITIES),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema,
    department: Type.Optional(ExpressionSchema),
    responsible: Type.Optional({ ...literals(['department', 'town', 'village']), description: 'Who verifies the alerts (核实): `department` (the department the alert is pushed to; the default), `town` (the town of the finding, e.g. its 农经 staff for a village\'s own books) or `village`. A finding without a town or village code goes to the department.' }),
    amount: Type.Optional({ ...ExpressionSchema, description: 'The money the finding is about, in integer fen: a field (`subject.amount`), a group\'s sum (`$sum(rows.amount)`) or an expression; a finding without it has `amount: null`' }),
    params: Type.Optional(Type.Record(Name, ParamSchema)),
    subject: SubjectSchema,
    lookups: Type.Optional(Type.Record(Name, LookupSchema)),
    aggregates: Type.Optional(Type.Record(Name, AggregateSchema)),
    facts: Type.Optional(Type.Record(Name, FactSchema)),
    conditions: ConditionRef,
    key: Type.String({ minLength: 1, description: 'Template: `{{subject.payment_id}}`; parts joined with `|`' }),
    locate: Type.Optional(
      Type.Object(
        {
          id_number: Type.Optional(ExpressionSchema),
          village_code: Type.Optional(ExpressionSchema),
          town_code: Type.Optional(ExpressionSchema),
        },
        { additionalProperties: false },
      ),
    ),
    evidence: Type.Optional(Type.Array(Type.String(), { description: '`subject`, `rows`, or lookup names' })),
    message: LocalizedTextSchema,
    references: Type.Optional(Type.Array(Type.String(), { description: 'Policy documents the rule rests on' })),
    tags: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

/** One rule, as written in a pack: the type of {@link RuleSchema} (a text may lack a language). */
export type WrittenRule = Static<typeof RuleSchema>;
/** A rule's parameter: its type, default, bounds and allowed values. */
export type RuleParam = Omit<Static<typeof ParamSchema>, 'description'> & { description?: CompleteText };
/**
 * One rule as the engine takes it: {@link WrittenRule} with every text in both languages
 * ({@link completeRule} fills a missing one).
 */
export type Rule = Omit<WrittenRule, 'title' | 'description' | 'message' | 'params'> & {
  title: CompleteText;
  description: CompleteText;
  message: CompleteText;
  params?: Record<string, RuleParam>;
};
/** A keyed join to another dataset. */
export type DatasetLookup = Static<typeof DatasetLookupSchema>;
/** The members of a person's household. */
export type HouseholdLookup = Static<typeof HouseholdLookupSchema>;
export type Lookup = Static<typeof LookupSchema>;
export type Aggregate = Static<typeof AggregateSchema>;
export type RuleSubject = Static<typeof SubjectSchema>;

/** A pack file: one rule or a list of rules. */
export const PackFileSchema = Type.Union([RuleSchema, Type.Array(RuleSchema, { minItems: 1 })]);

function withDefs(schema: TSchema): TSchema {
  return Type.Cyclic({ Condition: ConditionSchema.$defs.Condition, Rule: schema }, 'Rule');
}

/** The compiled validator of one rule. */
export const ruleValidator = Compile(withDefs(RuleSchema));

/**
 * The JSON Schema of a rule pack file (one rule or a list of rules), for editors: put
 * `"$schema"` in a rule file pointing at the output of `sunshine schema`. Editors complete
 * dataset names, and fields in `fact`, `field` and `orderBy` (`editor-hints.ts`).
 */
export const rulePackJsonSchema: Readonly<Record<string, unknown>> = withEditorHints(JSON.parse(
  JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://sunshine.dev/schema/rule-pack.json',
    title: 'Sunshine rule pack',
    description: 'One Sunshine rule (比对模型) or a list of them.',
    anyOf: [{ $ref: '#/$defs/Rule' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/Rule' } }],
    $defs: { Rule: RuleSchema, Condition: ConditionSchema.$defs.Condition },
  }).replaceAll('"$ref":"Condition"', '"$ref":"#/$defs/Condition"'),
) as Record<string, unknown>);
