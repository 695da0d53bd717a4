/**
 * Record types and zod schemas derived from the dataset registry. A record is a plain object
 * of canonical values: money in integer fen, dates `YYYY-MM-DD`, periods `YYYY-MM`/`YYYY`,
 * empty nullable fields `null`.
 */
import { z } from 'zod';
import { DATASETS, type DatasetDef, type DatasetName, type FieldDef } from './datasets.js';
import { parseIdNumber, isValidYmd } from './values.js';

type AnyField = (typeof DATASETS)[number]['fields'][number];

type ValueOf<F> = F extends { type: 'money' | 'integer' | 'decimal' }
  ? number
  : F extends { type: 'enum'; values: readonly (infer V)[] }
    ? V
    : string;

type FieldValue<F> = F extends { nullable: true } ? ValueOf<F> | null : ValueOf<F>;

/** The record type of one canonical dataset. */
export type RecordOf<N extends DatasetName> = {
  -readonly [F in Extract<(typeof DATASETS)[number], { name: N }>['fields'][number] as F['name']]: FieldValue<F>;
};

/** A record of any dataset, canonical or plug-in. */
export type AnyRecord = Readonly<Record<string, string | number | null>>;

export type Region = RecordOf<'regions'>;
export type Department = RecordOf<'departments'>;
export type Fund = RecordOf<'funds'>;
export type Person = RecordOf<'persons'>;
export type Death = RecordOf<'deaths'>;
export type Incarceration = RecordOf<'incarcerations'>;
export type StateStaff = RecordOf<'state_staff'>;
export type Vehicle = RecordOf<'vehicles'>;
export type Company = RecordOf<'companies'>;
export type DisabilityCert = RecordOf<'disability_certs'>;
export type LandContract = RecordOf<'land_contracts'>;
export type Payment = RecordOf<'payments'>;
export type Cadre = RecordOf<'cadres'>;
export type CadreRelative = RecordOf<'cadre_relatives'>;
export type CollectiveContract = RecordOf<'collective_contracts'>;
export type LedgerEntry = RecordOf<'collective_ledger'>;
export type CollectiveAsset = RecordOf<'collective_assets'>;

const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isValidYmd(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10)), {
  error: 'expected a calendar date YYYY-MM-DD',
});

/** The zod schema of one canonical value of a field (already normalised). */
export function zodOfField(field: FieldDef): z.ZodType {
  let t: z.ZodType;
  switch (field.type) {
    case 'id_number':
      t = z.string().refine((s) => {
        const r = parseIdNumber(s);
        return r.ok && r.value === s;
      }, { error: 'expected a canonical 18-character ID number with a valid check digit' });
      break;
    case 'date':
      t = isoDate;
      break;
    case 'period':
      t = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'expected a period YYYY-MM or YYYY');
      break;
    case 'money':
      t = z.number().int('money is integer fen');
      break;
    case 'integer': {
      let n = z.number().int();
      if (field.min !== undefined) n = n.min(field.min);
      if (field.max !== undefined) n = n.max(field.max);
      t = n;
      break;
    }
    case 'decimal':
      t = z.number();
      break;
    case 'enum':
      t = z.enum(field.values as [string, ...string[]]);
      break;
    case 'code':
    case 'string':
      t = z.string().min(1);
      break;
  }
  if (field.doc) t = t.describe(field.doc);
  return field.nullable ? t.nullable() : t;
}

/** Builds the zod object schema of a dataset definition (a plug-in's included). */
export function zodOfDataset(def: DatasetDef): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const field of def.fields) shape[field.name] = zodOfField(field);
  return z.strictObject(shape).describe(def.doc);
}

type Schemas = { readonly [N in DatasetName]: z.ZodType<RecordOf<N>> };

/**
 * One zod schema per canonical dataset, validating canonical records.
 *
 * @example
 * ```ts
 * const payment: Payment = schemas.payments.parse(row);
 * ```
 */
export const schemas: Schemas = Object.freeze(
  Object.fromEntries(DATASETS.map((d) => [d.name, zodOfDataset(d)])) as unknown as Schemas,
);

export type { AnyField };
