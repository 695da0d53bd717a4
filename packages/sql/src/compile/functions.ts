/**
 * Functions: the built-in `$functions` of expressions applied to compiled arguments, each
 * compiled exactly or left unknown. {@link SQL_FUNCTIONS} has an entry for each built-in
 * function, keyed by core's `FunctionName`: a function without its entry (its SQL form, or an
 * explicit `null`) does not compile, and `test/vocabulary.test.ts` holds the names against
 * core's `BUILTIN_FUNCTIONS`.
 */
import { BUILTIN_FUNCTIONS, type ExpressionNode as Node, type FunctionName } from '@sunshine/core';
import type { RelationField, Scalar, Shape, Value } from '../sql-values.js';
import type { CompileContext } from './context.js';
import { exists, field, truthy } from './relations.js';
import { bool, constant, dbl, derivedNul, num, text, unk } from './scalars.js';

/** `addMonths(period, n)` of values.ts: a `YYYY-MM` (or `YYYY`, month 0) period plus months. */
export function addMonths(cx: CompileContext, p: string, n: string): string {
  const month = `(CASE WHEN length(${p}) >= 7 THEN CAST(substr(${p}, 6, 2) AS BIGINT) ELSE 0 END)`;
  const idx = `(CAST(substr(${p}, 1, 4) AS BIGINT) * 12 + ${month} - 1 + ${n})`;
  const year = `CAST(CAST(floor(${idx} / 12.0) AS BIGINT) AS ${cx.d.text})`;
  const mon = `lpad(CAST(${idx} - 12 * CAST(floor(${idx} / 12.0) AS BIGINT) + 1 AS ${cx.d.text}), 2, '0')`;
  return `(${year} || '-' || ${mon})`;
}

const sc = (v: Value | undefined): v is Scalar => v?.k === 'sc';
const isText = (v: Value | undefined): v is Scalar => sc(v) && v.t === 'text';
const intArg = (v: Value | undefined): v is Scalar => sc(v) && v.t === 'num' && v.int === true;

/** A function's SQL over its compiled arguments (`raw`: their source, for literal arguments). */
export type FunctionSql = (cx: CompileContext, name: string, args: readonly Value[], raw: readonly Node[]) => Value;

/** `$periodStart`. */
const periodStartSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a)) return unk('`$periodStart` of a list');
  if (a.t !== 'text') return nothing;
  return text(`(CASE WHEN length(${a.sql}) = 4 THEN ${a.sql} || '-01-01' ELSE ${a.sql} || '-01' END)`, derivedNul(a), a.shape === 'period' || a.shape === 'year' ? 'date' : undefined);
};

/** `$addDays`, `$addYears`. */
const addDaysAddYearsSql: FunctionSql = (cx, name, args) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a) || !sc(b)) return unk(`\`$${name}\` of a list`);
  if (a.t !== 'text' || b.t !== 'num') return nothing;
  if (a.shape !== 'date' || !b.int) return unk(`\`$${name}\` of a text not known to be a date, or of days not known to be whole`);
  return text(name === 'addDays' ? cx.d.addDays(a.sql, b.sql) : cx.d.addYears(a.sql, b.sql), derivedNul(a, b), 'date');
};

/** `$addMonths`. */
const addMonthsSql: FunctionSql = (cx, _name, args) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a) || !sc(b)) return unk('`$addMonths` of a list');
  if (a.t !== 'text' || b.t !== 'num') return nothing;
  if ((a.shape !== 'period' && a.shape !== 'date') || !b.int) return unk('`$addMonths` of a text not known to be a period');
  return text(addMonths(cx, a.sql, b.sql), derivedNul(a, b), 'period');
};

/** `$anniversaries`. */
const anniversariesSql: FunctionSql = (cx, _name, args) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a) || !sc(b)) return unk('`$anniversaries` of a list');
  if (a.t !== 'text' || b.t !== 'text') return nothing;
  if (a.shape !== 'date' || b.shape !== 'date') return unk('`$anniversaries` of texts not known to be dates');
  // k = the years between; one fewer when the k-th anniversary (29 Feb → 28 Feb) falls after `until`.
  const k = `(CAST(substr(${b.sql}, 1, 4) AS BIGINT) - CAST(substr(${a.sql}, 1, 4) AS BIGINT))`;
  const sql = `(CASE WHEN ${cx.d.compareText(b.sql, '<', a.sql)} THEN 0 ELSE ${k} - (CASE WHEN ${cx.d.compareText(cx.d.addYears(a.sql, k), '>', b.sql)} THEN 1 ELSE 0 END) + 1 END)`;
  return num(`CAST(${sql} AS BIGINT)`, derivedNul(a, b), true);
};

/** `$daysBetween`. */
const daysBetweenSql: FunctionSql = (cx, _name, args) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a) || !sc(b)) return unk('`$daysBetween` of a list');
  if (a.t !== 'text' || b.t !== 'text') return nothing;
  if (a.shape !== 'date' || b.shape !== 'date') return unk('`$daysBetween` of texts not known to be dates');
  return num(`CAST(${cx.d.daysBetween(a.sql, b.sql)} AS BIGINT)`, derivedNul(a, b), true);
};

/** `$ageAt`, `$birthDate`. */
const ageAtBirthDateSql: FunctionSql = (cx, name, args) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!isText(a)) return sc(a) ? nothing : unk(`\`$${name}\` of a list`);
  const birth = `COALESCE(${cx.personField(a.sql, 'birth_date')}, CASE WHEN ${cx.d.fullMatch(a.sql, '[0-9]{17}[0-9X]')} THEN substr(${a.sql}, 7, 4) || '-' || substr(${a.sql}, 11, 2) || '-' || substr(${a.sql}, 13, 2) END)`;
  if (name === 'birthDate') return text(birth, 'undef', 'date');
  if (!sc(b)) return unk('`$ageAt` of a list');
  if (b.t !== 'text') return nothing;
  if (b.shape !== 'date') return unk('`$ageAt` at a text not known to be a date');
  const age = (bd: string): string => `(CAST(substr(${b.sql}, 1, 4) AS BIGINT) - CAST(substr(${bd}, 1, 4) AS BIGINT) - CASE WHEN ${cx.d.compareText(`substr(${b.sql}, 6)`, '<', `substr(${bd}, 6)`)} THEN 1 ELSE 0 END)`;
  return num(age(birth), 'undef', true);
};

/** `$household`. */
const householdSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a)) return unk('`$household` of a list');
  if (a.t !== 'text') return nothing;
  return text(`COALESCE(${cx.personField(a.sql, 'household_id')}, '~' || ${a.sql})`, derivedNul(a));
};

/** `$substring`. */
const substringSql: FunctionSql = (cx, _name, args, raw) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a) || !sc(b) || (args[2] !== undefined && !sc(args[2]))) return unk('`$substring` of a list');
  if (a.t !== 'text' || b.t !== 'num') return nothing;
  const start = raw[1];
  const len = raw[2];
  const lit = (x: Node | undefined): number | undefined => (x?.type === 'number' ? Number(x.value) : x?.type === 'unary' && x.value === '-' && x.expression?.type === 'number' ? -Number(x.expression.value) : undefined);
  const s = lit(start);
  const l = len === undefined ? undefined : lit(len);
  if (s === undefined || !Number.isInteger(s) || (len !== undefined && (l === undefined || !Number.isInteger(l) || l < 0))) return unk('`$substring` with a computed or negative start or length');
  const from = s >= 0 ? String(s + 1) : `(GREATEST(length(${a.sql}) + (${s}), 0) + 1)`;
  const sql = l === undefined ? `substr(${a.sql}, ${from})` : `substr(${a.sql}, ${from}, ${l})`;
  const shape: Shape | undefined = s === 0 && l === 4 && (a.shape === 'date' || a.shape === 'period') ? 'year' : l === 1 ? 'digit' : undefined;
  return text(sql, derivedNul(a), shape);
};

/** `$number`. */
const numberSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a)) return unk('`$number` of a list');
  if (a.t === 'num') return a;
  if (a.t !== 'text') return nothing;
  if (a.shape === 'year') return num(`CAST(${a.sql} AS BIGINT)`, derivedNul(a), true);
  if (a.shape === 'digit') return num(`(CASE WHEN ${cx.d.compareText(a.sql, '>=', "'0'")} AND ${cx.d.compareText(a.sql, '<=', "'9'")} THEN CAST(${a.sql} AS BIGINT) END)`, 'undef', true);
  return unk('`$number` of a text of unknown form');
};

/** `$string`. */
const stringSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a)) return unk('`$string` of a list');
  if (a.t === 'text') return a;
  if (a.t === 'null') return a.nul === 'undef' ? nothing : unk('`$string` of null');
  if (a.t === 'num' && a.int) return text(`CAST(${a.sql} AS ${cx.d.text})`, a.nul === 'none' ? 'none' : a.nul === 'undef' ? 'undef' : 'mixed');
  return unk('`$string` of a number or boolean');
};

/** `$trim`. */
const trimSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a)) return unk('`$trim` of a list');
  if (a.t !== 'text') return nothing;
  // jsonata's: runs of space, tab, CR and LF become one space, then one space goes from each end
  // (other white space, the full-width space included, stays).
  const collapsed = cx.d.replaceAll(a.sql, cx.d.literal('[ \t\n\r]+'), "' '");
  return text(cx.d.replaceAll(collapsed, cx.d.literal('^ | $'), "''"), derivedNul(a));
};

/** `$length`. */
const lengthSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a)) return unk('`$length` of a list');
  if (a.t !== 'text') return nothing;
  return num(`CAST(length(${a.sql}) AS BIGINT)`, derivedNul(a), true);
};

/** `$contains`. */
const containsSql: FunctionSql = (cx, _name, args) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a) || !sc(b)) return unk('`$contains` of a list');
  if (a.t !== 'text' || b.t !== 'text') return nothing;
  return bool(`(strpos(${a.sql}, ${b.sql}) > 0)`, derivedNul(a, b));
};

/** `$exists`. */
const existsSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  if (sc(a)) return a.nul === 'mixed' ? unk('`$exists` of a value that may be null or undefined') : bool(a.nul === 'undef' ? `(${a.sql} IS NOT NULL)` : 'TRUE');
  if (a?.k === 'rec' || a?.k === 'rel') return bool('TRUE');
  if (a?.k === 'relf') {
    const e = exists(cx, a.rel, true);
    return e.exact ? bool(e.sql) : unk('`$exists` of a list SQL cannot build exactly');
  }
  return unk('`$exists` of this value');
};

/** `$count`. */
const countSql: FunctionSql = (cx, _name, args) => {
  const [a] = args;
  if (sc(a)) return num(a.nul === 'none' ? '1' : `(CASE WHEN ${a.sql} IS NULL THEN 0 ELSE 1 END)`, 'none', true);
  const rel = a?.k === 'rel' ? a : a?.k === 'relf' ? a.rel : undefined;
  if (a?.k === 'rec' && a.one) {
    const e = exists(cx, a.one, true);
    return e.exact ? num(`(CASE WHEN ${e.sql} THEN 1 ELSE 0 END)`, 'none', true) : unk('`$count` of a lookup SQL cannot build exactly');
  }
  if (!rel) return unk('`$count` of this value');
  const x = cx.alias();
  const bl = rel.build(x, true);
  return bl.exact ? num(`(SELECT COUNT(*) FROM ${bl.from} WHERE ${bl.where})`, 'none', true) : unk('`$count` of a lookup SQL cannot build exactly');
};

/** `$maxDate`, `$minDate`. */
const maxDateMinDateSql: FunctionSql = (cx, name, args) => {
  const nothing = constant(cx, undefined);
  if (args.length > 1 && args.every(sc)) {
    // The earliest / latest of the texts among the arguments.
    const xs = (args as Scalar[]).filter((x) => x.t === 'text');
    if (xs.length === 0) return nothing;
    let acc = xs[0]!.sql;
    for (const x of xs.slice(1)) {
      const better = cx.d.compareText(x.sql, name === 'minDate' ? '<' : '>', acc);
      acc = `(CASE WHEN ${acc} IS NULL OR ${x.sql} IS NOT NULL AND ${better} THEN ${x.sql} ELSE ${acc} END)`;
    }
    const shape = xs.every((x) => x.shape === 'date') ? 'date' : undefined;
    return text(acc, xs.every((x) => x.nul === 'none') ? 'none' : 'undef', shape);
  }
  return listFold(cx, name, args);
};

/** `$sum`. */
const sumSql: FunctionSql = (cx, name, args) => {
  return listFold(cx, name, args);
};

/** `$abs`, `$floor`, `$ceil`. */
const absFloorCeilSql: FunctionSql = (cx, name, args) => {
  const [a] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a)) return unk(`\`$${name}\` of a list`);
  if (a.t !== 'num') return nothing;
  return num(`${name === 'abs' ? 'ABS' : name === 'floor' ? 'FLOOR' : 'CEIL'}(${dbl(cx, a)})`, derivedNul(a));
};

/** `$round`. */
const roundSql: FunctionSql = (cx, _name, args) => {
  const [a, b] = args;
  const nothing = constant(cx, undefined);
  if (!sc(a) || (b !== undefined && !sc(b))) return unk('`$round` of a list');
  if (a.t !== 'num') return nothing;
  const lit = b === undefined ? ['', '0'] : intArg(b) ? /^CAST\((-?\d+) AS BIGINT\)$/.exec(b.sql) : null;
  if (!lit) return unk('`$round` to a computed number of decimals');
  const p = Number(lit[1]);
  if (a.int && p >= 0) return a;
  // jsonata shifts the decimal point in the number's text (`1.005e2`): no double arithmetic SQL has.
  if (p !== 0) return unk('`$round` to decimals (jsonata shifts the decimal point in the text of the number)');
  // Half to even, exactly: x - floor(x) is exact for a double, and so is floor(x) + 1 below 2^53.
  const x = dbl(cx, a);
  const f = `FLOOR(${x})`;
  const frac = `(${x} - ${f})`;
  return num(`(CASE WHEN ${frac} < 0.5 THEN ${f} WHEN ${frac} > 0.5 THEN ${f} + 1 WHEN FLOOR(${f} / 2) * 2 = ${f} THEN ${f} ELSE ${f} + 1 END)`, derivedNul(a));
};

/** `$not`, `$boolean`. */
const notBooleanSql: FunctionSql = (cx, name, args) => {
  const [a] = args;
  const t = a === undefined ? undefined : truthy(cx, a);
  if (t === undefined) return unk(`\`$${name}\` of a value SQL cannot test`);
  return bool(name === 'not' ? `(NOT ${t})` : t);
};

/** `$append`. */
const appendSql: FunctionSql = (cx, _name, args) => {
  const items: (Scalar | RelationField)[] = [];
  for (const v of args) {
    if (v.k === 'sc' || v.k === 'relf') items.push(v);
    else if (v.k === 'lst') items.push(...v.items);
    else return unk('`$append` of records');
  }
  return { k: 'lst', items };
};

/**
 * Every built-in function's SQL form, or `null`: SQL does not compute it (an expression calling
 * it is unknown, so the rule is finished in process for it).
 */
export const SQL_FUNCTIONS = {
  periodStart: periodStartSql,
  addYears: addDaysAddYearsSql,
  addDays: addDaysAddYearsSql,
  addMonths: addMonthsSql,
  daysBetween: daysBetweenSql,
  ageAt: ageAtBirthDateSql,
  birthDate: ageAtBirthDateSql,
  household: householdSql,
  anniversaries: anniversariesSql,
  minDate: maxDateMinDateSql,
  maxDate: maxDateMinDateSql,
  yuan: null,
  fen: null,
  median: null,
  countDistinct: null,
  firstDigit: null,
  sum: sumSql,
  count: countSql,
  max: null,
  min: null,
  average: null,
  string: stringSql,
  substring: substringSql,
  lowercase: null,
  uppercase: null,
  length: lengthSql,
  trim: trimSql,
  contains: containsSql,
  join: null,
  number: numberSql,
  abs: absFloorCeilSql,
  floor: absFloorCeilSql,
  ceil: absFloorCeilSql,
  round: roundSql,
  boolean: notBooleanSql,
  not: notBooleanSql,
  exists: existsSql,
  distinct: null,
  append: appendSql,
} satisfies Record<FunctionName, FunctionSql | null>;

/** The SQL form of a built-in function, or undefined (none, or not a built-in name). */
export function sqlFunction(name: string): FunctionSql | undefined {
  return Object.hasOwn(SQL_FUNCTIONS, name) ? (SQL_FUNCTIONS[name as FunctionName] ?? undefined) : undefined;
}

/** A built-in function applied to compiled arguments. */
export function apply(cx: CompileContext, name: string, args: readonly Value[], raw: readonly Node[] = []): Value {
  const [a] = args;
  if (args.some((x) => x.k === 'sc' && x.upper)) return unk(`\`$${name}\` of a bound`);
  if (args.some((x) => x.k === 'sc' && x.err !== undefined)) {
    if (name === 'abs' && a?.k === 'sc') return { ...num(`ABS(${dbl(cx, a)})`, derivedNul(a)), err: a.err! };
    return unk(`\`$${name}\` of a floating-point sum SQL adds up in another order`);
  }
  const sql = sqlFunction(name);
  return sql ? sql(cx, name, args, raw) : unk(`the function \`$${name}\``);
}

/** `$sum`, `$maxDate`, `$minDate` of one lookup field. */
export function listFold(cx: CompileContext, name: string, args: readonly Value[]): Value {
  const [a] = args;
  if (args.length !== 1 || a?.k !== 'relf') return unk(`\`$${name}\` of this value`);
  const x = cx.alias();
  const bl = a.rel.build(x, true);
  const f = field(cx, { k: 'rec', ds: a.rel.ds, alias: x }, a.field);
  if (!bl.exact || f.k !== 'sc') return unk(`\`$${name}\` of a lookup SQL cannot build exactly`);
  if (name === 'sum') {
    if (f.t !== 'num' || !f.int) return unk('`$sum` of decimals (the order of a floating-point sum)');
    return num(`(SELECT CAST(COALESCE(SUM(${f.sql}), 0) AS BIGINT) FROM ${bl.from} WHERE ${bl.where})`, 'none', true);
  }
  if (f.t !== 'text') return unk(`\`$${name}\` of numbers`);
  const agg = name === 'maxDate' ? 'MAX' : 'MIN';
  return text(`(SELECT ${agg}(${cx.d.collate(f.sql)}) FROM ${bl.from} WHERE ${bl.where})`, 'undef', f.shape);
}

export function applyFn(cx: CompileContext, name: string, arg: Value): Value {
  const fns = cx.opts.functions;
  if (fns && fns[name] && fns[name].fn !== BUILTIN_FUNCTIONS[name]?.fn) return unk(`the plug-in function \`$${name}\``);
  return apply(cx, name, [arg]);
}
