/**
 * Turns raw cell values (strings from CSV and Excel, typed values from JSON and databases)
 * into canonical records, or into the list of what is wrong with the row. This is the one
 * place where the model's value rules are applied to input; every adapter goes through it.
 */
import type { DatasetDef, FieldDef } from './datasets.js';
import { compileRowChecks } from './row-checks.js';
import { cleanCellText, parseDate, parseDecimal, parseIdNumber, parseInteger, parseMoney, parsePeriod, type Parsed } from './values.js';

/** One reason a row was rejected. */
export interface FieldProblem {
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
}

export type NormalizeResult =
  | { readonly ok: true; readonly record: Record<string, string | number | null> }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

type Parser = (v: unknown) => Parsed<string | number>;

function text(v: unknown): Parsed<string> {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? { ok: false, message: 'is empty' } : { ok: true, value: s };
  }
  if (typeof v === 'number' || typeof v === 'bigint') return { ok: true, value: String(v) };
  return { ok: false, message: `expected text, got ${typeof v}` };
}

function parserOf(field: FieldDef): Parser {
  switch (field.type) {
    case 'id_number':
      return parseIdNumber;
    case 'date':
      return parseDate;
    case 'period':
      return parsePeriod;
    case 'money':
      return parseMoney;
    case 'decimal':
      return parseDecimal;
    case 'integer': {
      const { min, max } = field;
      return (v) => {
        const r = parseInteger(v);
        if (!r.ok) return r;
        if ((min !== undefined && r.value < min) || (max !== undefined && r.value > max)) {
          return { ok: false, message: `${r.value} is outside ${min ?? '-∞'}–${max ?? '∞'}` };
        }
        return r;
      };
    }
    case 'enum': {
      const allowed = new Set(field.values);
      const list = (field.values ?? []).join(', ');
      return (v) => {
        const r = text(v);
        if (!r.ok) return r;
        return allowed.has(r.value) ? r : { ok: false, message: `\`${r.value}\` is not one of ${list}` };
      };
    }
    case 'code':
    case 'string':
      return text;
  }
}

/**
 * The message for text holding a NUL character: never in a real export's text, it means the
 * file is binary or in another encoding (UTF-16 read as bytes), so the row is rejected rather
 * than matched on garbage.
 */
export const NUL_MESSAGE = 'contains a NUL character (\\0): the file is binary or in another encoding (UTF-16?); export it again as text';

/** Whether a raw value is text holding a NUL character. */
export function hasNul(v: unknown): boolean {
  return typeof v === 'string' && v.includes('\0');
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/**
 * Compiles a normaliser for a dataset. Its input is the row's raw values in the order of
 * `def.fields` (`undefined` for a column the source lacks).
 */
export function compileNormalizer(def: DatasetDef): (values: readonly unknown[]) => NormalizeResult {
  const fields = def.fields;
  const parsers = fields.map(parserOf);
  const n = fields.length;
  const rowChecks = compileRowChecks(def);
  return (values) => {
    const record: Record<string, string | number | null> = {};
    let problems: FieldProblem[] | undefined;
    for (let i = 0; i < n; i++) {
      const field = fields[i]!;
      const given = values[i];
      // Typed values lose text forcing and full-width forms (cleanCellText); free text stays as written.
      const raw = typeof given === 'string' && field.type !== 'string' && !hasNul(given) ? cleanCellText(given) : given;
      if (hasNul(raw)) {
        (problems ??= []).push({ field: field.name, value: raw, message: `\`${field.name}\` ${NUL_MESSAGE}` });
        continue;
      }
      if (isEmpty(raw)) {
        if (field.nullable) {
          record[field.name] = null;
          continue;
        }
        (problems ??= []).push({ field: field.name, value: given ?? '', message: `\`${field.name}\` is required` });
        continue;
      }
      const r = parsers[i]!(raw);
      if (r.ok) record[field.name] = r.value;
      else (problems ??= []).push({ field: field.name, value: given, message: r.message });
    }
    if (problems) return { ok: false, problems };
    const crossed = rowChecks?.(fields.map((f) => record[f.name] ?? null));
    return crossed ? { ok: false, problems: crossed } : { ok: true, record };
  };
}
