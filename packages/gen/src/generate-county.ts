/**
 * `generateCounty`: writes a synthetic county in the canonical model, with planted anomalies
 * and the truth file a correct engine must reproduce.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS, parseDate } from '@sunshine/core';
import { buildCollective } from './build-collective.js';
import { buildEntitlements } from './build-entitlements.js';
import { buildHouseholdMoves } from './build-household-moves.js';
import { buildMedicalSettlements } from './build-medical-settlements.js';
import { buildPensions } from './build-pensions.js';
import { buildPopulation } from './build-population.js';
import { buildStatus } from './build-status.js';
import { CountyModel, type CountyShape } from './county-model.js';
import { countyTables, finalizeCounty, type CountyTables } from './county-tables.js';
import { DatasetWriter } from './dataset-writer.js';
import { GenError } from './gen-error.js';
import { Planter, type PlantedItem } from './plant/index.js';
import { referenceCheck, type ReferenceFinding } from './reference-check.js';
import { writeXlsxDataset } from './write-xlsx-dataset.js';

/** The sizes `generateCounty` knows. */
export const SCALES = ['tiny', 'village', 'town', 'county'] as const;
export type Scale = (typeof SCALES)[number];
export const FORMATS = ['csv', 'ndjson', 'xlsx'] as const;
export type OutputFormat = (typeof FORMATS)[number];

const SHAPES: Readonly<Record<Scale, CountyShape>> = {
  // Two villages: one with deviating books (Benford case), one just below the 200 expenses tested.
  tiny: { towns: 1, villages: 2, meanPersons: 80, plant: 1, benfordCases: 1, benfordNearMisses: 1 },
  village: { towns: 1, villages: 6, meanPersons: 480, plant: 1, benfordCases: 1, benfordNearMisses: 1 },
  // One town of the county: 878 / 12 ≈ 73 villages.
  town: { towns: 1, villages: 73, meanPersons: 466, plant: 2, benfordCases: 1, benfordNearMisses: 1 },
  // The county of the newspaper report: 12 towns, 878 villages, close to 1.98 million records in
  // all (近198万条) — about 410,000 registered people.
  county: { towns: 12, villages: 878, meanPersons: 466, plant: 4, benfordCases: 2, benfordNearMisses: 2 },
};

export interface GenerateCountyOptions {
  /** How big: `tiny` (2 villages, for tests), `village` (6), `town` (73), `county` (12 towns, 878 villages). */
  readonly scale: Scale;
  /**
   * Random seed; the same seed, scale, factor and asOf give byte-identical files.
   * @default 1
   */
  readonly seed?: number;
  /** Output directory (created if missing; files in it are overwritten). */
  readonly out: string;
  /**
   * File format of the datasets.
   * @default 'csv'
   */
  readonly format?: OutputFormat;
  /**
   * The "today" of the county: payments cover the 12 months ending with it (with the month
   * before when asOf is earlier than the 25th), and it is the asOf of the truth file.
   * @default '2024-12-31'
   */
  readonly asOf?: string;
  /**
   * Multiplies the number of towns, villages and planted cases (benchmarks use 2 and 4).
   * @default 1
   */
  readonly scaleFactor?: number;
}

export interface GenerateCountyResult {
  readonly out: string;
  readonly scale: Scale;
  readonly seed: number;
  readonly asOf: string;
  readonly format: OutputFormat;
  readonly scaleFactor: number;
  /** Records written per dataset. */
  readonly counts: Readonly<Record<string, number>>;
  /** Records in all datasets. */
  readonly records: number;
  /** Findings in the truth file, per rule. */
  readonly truth: Readonly<Record<string, number>>;
  /** Files written, relative to `out`. */
  readonly files: readonly string[];
}

/** The truth file: every finding (rule and key) a correct engine reports on the county. */
export interface TruthFile {
  readonly asOf: string;
  readonly findings: readonly ReferenceFinding[];
}

interface ResolvedOptions {
  readonly scale: Scale;
  readonly seed: number;
  readonly out: string;
  readonly format: OutputFormat;
  readonly asOf: string;
  readonly scaleFactor: number;
}

const PAYMENTS_DEF = DATASETS.find((d) => d.name === 'payments')!;

/** How a bad option value is shown in a message. */
function shown(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : typeof v;
}

function resolveOptions(options: GenerateCountyOptions): ResolvedOptions {
  // Options come from JavaScript callers and config files too: check them as unknown values.
  const o = { ...options } as Record<string, unknown>;
  const scale = o['scale'];
  if (!SCALES.includes(scale as Scale)) throw new GenError('INVALID_OPTIONS', `\`scale\` must be one of ${SCALES.join(', ')} (got \`${shown(scale)}\`)`, 'scale');
  const out = o['out'];
  if (typeof out !== 'string' || out.trim() === '') throw new GenError('INVALID_OPTIONS', '`out` must name an output directory', 'out');
  const seed = o['seed'] ?? 1;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new GenError('INVALID_OPTIONS', `\`seed\` must be a whole number (got \`${shown(seed)}\`)`, 'seed');
  const format = o['format'] ?? 'csv';
  if (!FORMATS.includes(format as OutputFormat)) throw new GenError('INVALID_OPTIONS', `\`format\` must be one of ${FORMATS.join(', ')} (got \`${shown(format)}\`)`, 'format');
  const asOf = o['asOf'] ?? '2024-12-31';
  if (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !parseDate(asOf).ok || +asOf.slice(0, 4) < 2000 || +asOf.slice(0, 4) > 2100) {
    throw new GenError('INVALID_OPTIONS', `\`asOf\` must be a date YYYY-MM-DD between 2000 and 2100 (got \`${shown(asOf)}\`)`, 'asOf');
  }
  const scaleFactor = o['scaleFactor'] ?? 1;
  if (typeof scaleFactor !== 'number' || !Number.isFinite(scaleFactor) || scaleFactor <= 0 || scaleFactor > 16) {
    throw new GenError('INVALID_OPTIONS', `\`scaleFactor\` must be a number above 0 and at most 16 (got \`${shown(scaleFactor)}\`)`, 'scaleFactor');
  }
  return Object.freeze({ scale: scale as Scale, seed, out, format: format as OutputFormat, asOf, scaleFactor });
}

function shapeOf(scale: Scale, factor: number): CountyShape {
  const s = SHAPES[scale];
  if (factor === 1) return s;
  const r = (x: number): number => Math.max(1, Math.round(x * factor));
  return {
    towns: r(s.towns),
    villages: Math.max(r(s.villages), s.benfordCases + s.benfordNearMisses),
    meanPersons: s.meanPersons,
    plant: r(s.plant),
    benfordCases: r(s.benfordCases),
    benfordNearMisses: r(s.benfordNearMisses),
  };
}

/** The in-memory county with its planted items (before writing). Exposed for tests. */
export interface BuiltCounty {
  readonly model: CountyModel;
  readonly tables: CountyTables;
  readonly planted: readonly PlantedItem[];
}

/** Builds the county in memory (no files). */
export function buildCounty(options: { scale: Scale; seed?: number; asOf?: string; scaleFactor?: number }): BuiltCounty {
  const o = resolveOptions({ ...options, out: '.' });
  const shape = shapeOf(o.scale, o.scaleFactor);
  const model = new CountyModel(o.seed, o.asOf, shape);
  buildPopulation(model);
  buildStatus(model);
  assignBooks(model);
  buildEntitlements(model);
  buildPensions(model);
  buildHouseholdMoves(model);
  buildMedicalSettlements(model);
  const books = buildCollective(model);
  const planter = new Planter(model, books);
  planter.run(shape.plant);
  finalizeCounty(model);
  return { model, tables: countyTables(model), planted: planter.items };
}

function assignBooks(model: CountyModel): void {
  const rng = model.rng('books');
  const order = rng.shuffle(model.villages.map((v) => v.no));
  const { benfordCases, benfordNearMisses } = model.shape;
  order.forEach((v, i) => {
    const village = model.villages[v]!;
    if (i < benfordCases) village.book = 'benford_case';
    else if (i < benfordCases + benfordNearMisses) village.book = 'benford_near';
    else village.book = rng.chance(0.12) ? 'big' : 'small';
  });
}

function readme(o: ResolvedOptions, model: CountyModel, counts: Record<string, number>, records: number, findings: number): string {
  const lines = [
    `# Synthetic county (${o.scale}${o.scaleFactor === 1 ? '' : ` ×${o.scaleFactor}`}, seed ${o.seed})`,
    '',
    'Generated by `@sunshine/gen` (`sunshine gen`). Every person, village, company and amount here is invented;',
    'the shape follows the county in the 2022 newspaper report (12 towns, 878 villages, 97 funds).',
    '',
    `- asOf: ${o.asOf}; payments cover the periods ${model.months[0]!} to ${model.months[11]!}.`,
    `- ${records} records in ${Object.keys(counts).length} datasets, one \`<dataset>.${o.format}\` file each, with the canonical field names of the Sunshine data model (docs/data-model.md in its repository; \`sunshine schema --datasets\`).`,
    `- \`truth.json\` lists the ${findings} findings (rule and key) a correct engine reports on these files with this asOf and default parameters.`,
    '- `planted.json` lists the planted cases and near misses, with what each one is.',
    '- `manifest.json` records the options and the count of every dataset.',
    '',
    '| dataset | records |',
    '| --- | ---: |',
    ...Object.entries(counts).map(([d, n]) => `| ${d} | ${n} |`),
    '',
  ];
  return lines.join('\n');
}

/**
 * Generates a synthetic county: one file per dataset of the canonical model, `truth.json`
 * (the findings a correct engine reports, computed by {@link referenceCheck} over the
 * generated records), `planted.json`, `manifest.json` and `README.md`.
 *
 * @example
 * ```ts
 * const result = await generateCounty({ scale: 'town', seed: 7, out: './town' });
 * console.log(result.records, result.truth['deceased-payee']);
 * ```
 */
export async function generateCounty(options: GenerateCountyOptions): Promise<GenerateCountyResult> {
  const o = resolveOptions(options);
  const { model, tables, planted } = buildCounty({ scale: o.scale, seed: o.seed, asOf: o.asOf, scaleFactor: o.scaleFactor });
  try {
    mkdirSync(o.out, { recursive: true });
  } catch (e) {
    throw new GenError('OUTPUT', `cannot create the output directory \`${o.out}\`: ${(e as Error).message}`, o.out, { cause: e });
  }
  const counts: Record<string, number> = {};
  const files: string[] = [];
  // The truth first. For text formats the payments file is written in the same pass (the
  // payments are generated on the fly, and iterating them assigns the planted payments' ids).
  let paymentsWriter: DatasetWriter | undefined;
  let checked = tables;
  if (o.format !== 'xlsx') {
    const writer = new DatasetWriter(join(o.out, `payments.${o.format}`), PAYMENTS_DEF, o.format);
    paymentsWriter = writer;
    const source = tables.payments;
    checked = {
      ...tables,
      payments: {
        *[Symbol.iterator]() {
          for (const p of source) {
            writer.write(p as unknown as Readonly<Record<string, string | number | null>>);
            yield p;
          }
        },
      },
    };
  }
  const truth = referenceCheck(checked, { asOf: o.asOf });
  paymentsWriter?.close();
  const absent: string[] = [];
  for (const def of DATASETS) {
    if (!(def.name in tables)) {
      absent.push(def.name);
      continue;
    }
    const name = `${def.name}.${o.format}`;
    files.push(name);
    if (def.name === 'payments' && paymentsWriter) {
      counts[def.name] = paymentsWriter.rows;
      continue;
    }
    const rows = tables[def.name] as Iterable<Readonly<Record<string, string | number | null>>>;
    if (o.format === 'xlsx') {
      counts[def.name] = writeXlsxDataset(join(o.out, name), def, rows);
    } else {
      const w = new DatasetWriter(join(o.out, name), def, o.format);
      for (const r of rows) w.write(r);
      w.close();
      counts[def.name] = w.rows;
    }
    await Promise.resolve();
  }
  const records = Object.values(counts).reduce((a, b) => a + b, 0);
  const byRule: Record<string, number> = {};
  for (const f of truth.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const truthFile: TruthFile = { asOf: o.asOf, findings: truth.findings };
  const write = (name: string, text: string): void => {
    writeFileSync(join(o.out, name), text);
    files.push(name);
  };
  write('truth.json', `${JSON.stringify(truthFile, null, 1)}\n`);
  const items = [...planted]
    .map((p) => ({ rule: p.rule, kind: p.kind, note: p.note, keys: [...p.keys()] }))
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  write('planted.json', `${JSON.stringify({ asOf: o.asOf, items }, null, 1)}\n`);
  const manifest = {
    generator: '@sunshine/gen',
    scale: o.scale,
    scaleFactor: o.scaleFactor,
    seed: o.seed,
    asOf: o.asOf,
    format: o.format,
    periods: { from: model.months[0]!, to: model.months[11]! },
    towns: model.towns.length,
    villages: model.villages.length,
    counts,
    absent,
    records,
    findings: truth.findings.length,
    findingsByRule: byRule,
  };
  write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  write('README.md', readme(o, model, counts, records, truth.findings.length));
  return { out: o.out, scale: o.scale, seed: o.seed, asOf: o.asOf, format: o.format, scaleFactor: o.scaleFactor, counts, records, truth: byRule, files };
}
