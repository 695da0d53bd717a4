/**
 * Reading and validating rule packs: a JSON file of one rule or a list of rules, a folder of
 * such files (searched recursively; `*.fixtures.json` are fixtures, not rules), or an npm
 * package that ships a pack. Validation runs in two steps — the schema, then the semantics
 * (datasets, fields, parameters, expressions, operators, unique ids) — and every problem
 * names the file and a JSON pointer.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Settings } from 'typebox/system';
import { didYouMean } from './did-you-mean.js';
import { problemOf, problemText, type ProblemLang, type ProblemText } from './problem-messages.js';
import { ruleValidator, rulePackJsonSchema, type Rule, type WrittenRule } from './rule-schema.js';
import { completeRule } from './complete-rule.js';
import { planRule } from '../plan/plan-rule.js';
import type { PlanEnvironment } from '../plan/plan-context.js';
import { fileSizeProblem, ruleLimitProblem } from './pack-limits.js';

/** One problem in a pack, with its place. */
export interface ValidationProblem {
  readonly file: string;
  /** JSON pointer into the file. */
  readonly pointer: string;
  /** What is wrong, as a code of the problem catalogue (`problem-messages.ts`; a plug-in's own problem may have none)… */
  readonly code?: string;
  /** …and the values its sentence names. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The sentence in English; `problemText(p, 'zh')` gives it in Chinese. */
  readonly message: string;
  readonly suggestion?: string;
  readonly rule?: string;
}

/** A rule with the file it came from. */
export interface PackRule {
  readonly rule: Rule;
  readonly file: string;
  /** Pointer of the rule in its file (`""`, or `/2` in a list). */
  readonly pointer: string;
}

export interface LoadedPack {
  readonly rules: readonly PackRule[];
  readonly problems: readonly ValidationProblem[];
  /** The JSON files read, in order. */
  readonly files: readonly string[];
}

/** True for files that hold fixtures, not rules. */
export function isFixtureFile(file: string): boolean {
  return file.endsWith('.fixtures.json');
}

async function listJson(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listJson(p)));
    else if (e.name.endsWith('.json') && !isFixtureFile(e.name) && e.name !== 'package.json' && !e.name.startsWith('tsconfig')) out.push(p);
  }
  return out;
}

/** Resolves a pack argument: a file, a folder, or an installed npm package's pack folder. */
export async function resolvePackPath(p: string, cwd = process.cwd()): Promise<{ path: string; kind: 'file' | 'dir' } | undefined> {
  const abs = path.resolve(cwd, p);
  try {
    const s = await stat(abs);
    return { path: abs, kind: s.isDirectory() ? 'dir' : 'file' };
  } catch {
    // not a path: maybe a package
  }
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(p)) return undefined;
  try {
    const req = createRequire(path.join(cwd, 'noop.js'));
    const pkgJson = req.resolve(`${p}/package.json`);
    const pkg = JSON.parse(await readFile(pkgJson, 'utf8')) as { sunshine?: { rules?: string } };
    const dir = path.resolve(path.dirname(pkgJson), pkg.sunshine?.rules ?? 'rules');
    await stat(dir);
    return { path: dir, kind: 'dir' };
  } catch {
    return undefined;
  }
}

/** Line and column of a character offset, for JSON syntax errors. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

const ALL_PROPS = new Set<string>();
(function collect(s: unknown): void {
  if (!s || typeof s !== 'object') return;
  if (Array.isArray(s)) {
    s.forEach(collect);
    return;
  }
  const o = s as Record<string, unknown>;
  if (o['properties'] && typeof o['properties'] === 'object') for (const k of Object.keys(o['properties'])) ALL_PROPS.add(k);
  Object.values(o).forEach(collect);
})(rulePackJsonSchema);

/**
 * A one-rule file is named after its rule (`deceased-payee.json` holds `deceased-payee`), so
 * that `explain`, reports and reviewers find it; a file holding a list of rules is exempt.
 */
export function fileNameProblem(file: string, id: string): ValidationProblem | undefined {
  const name = path.basename(file, '.json');
  if (name === id) return undefined;
  return { file, pointer: '/id', ...problemOf('fileNameMismatch', { id, file: path.basename(file), name }), suggestion: `${id}.json` };
}

/**
 * Every schema error of one rule. typebox stops collecting at `maxErrors` (8 by default), which
 * hid all but the first mistakes and cut lists of allowed values short; the budget is raised
 * for this call only (a rule's size is bounded by the pack limits checked before).
 */
function allSchemaErrors(value: unknown): ReturnType<typeof ruleValidator.Errors> {
  const before = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: SCHEMA_ERROR_BUDGET });
  try {
    return [...ruleValidator.Errors(value)];
  } finally {
    Settings.Set({ maxErrors: before });
  }
}

/** How many schema errors one rule may produce (each mistake inside a union yields several). */
const SCHEMA_ERROR_BUDGET = 1000;

/** A pointer's last step is a text in two languages (`/title`, `/params/x/description`). */
const LOCALIZED = /^(\/\d+)?\/(title|description|message)$|\/params\/[^/]+\/description$/;

/** What a `pattern` checks, by where it stands. */
function patternOf(pointer: string): string {
  if (/^(\/\d+)?\/id$/.test(pointer)) return 'id';
  if (/^(\/\d+)?\/version$/.test(pointer)) return 'version';
  return 'name';
}

/** The catalogue's text for one schema error. */
function schemaErrorText(e: { keyword: string; instancePath: string; params: unknown; message: string }, errors: readonly { keyword: string; instancePath: string; params: unknown }[]): ProblemText {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return problemOf('missingProperty', { names: (params['requiredProperties'] as string[] | undefined) ?? [] });
    case 'const': {
      const alts = errors.filter((x) => x.instancePath === e.instancePath && x.keyword === 'const').map((x) => (x.params as { allowedValue?: unknown }).allowedValue);
      return problemOf('notOneOf', { values: [...new Set(alts)] });
    }
    case 'type':
      return problemOf('wrongType', { expected: typeof params['type'] === 'string' ? params['type'] : JSON.stringify(params['type']) });
    case 'minLength':
      return problemOf('tooShort', { limit: Number(params['limit'] ?? 1) });
    case 'minItems':
      return problemOf('tooFewItems', { limit: Number(params['limit'] ?? 1) });
    case 'minProperties':
      return LOCALIZED.test(e.instancePath) ? problemOf('textNeedsLanguage', {}) : problemOf('tooFewProperties', { limit: Number(params['limit'] ?? 1) });
    case 'pattern':
      return problemOf('patternMismatch', { pattern: typeof params['pattern'] === 'string' ? params['pattern'] : '', what: patternOf(e.instancePath) });
    case 'minimum':
    case 'maximum':
      return problemOf('outOfRange', { bound: e.keyword, limit: Number(params['limit']) });
    default:
      return problemOf('schemaMismatch', { detail: e.message });
  }
}

type SchemaError = ReturnType<typeof ruleValidator.Errors>[number];

/**
 * Keeps, of each union (`anyOf`: a condition is `all`, `any`, `not` or a leaf; a lookup is a
 * dataset or a household), only the errors of the branch the value was meant for: the one whose
 * JSON type fits, then whose errors reach deepest, then the one with the fewest. The errors of
 * the other branches are noise (a leaf is not "missing `all`"). A union of literals keeps all
 * its errors: they are the allowed values.
 */
function bestBranches(errors: readonly SchemaError[]): SchemaError[] {
  let kept = errors.filter((e) => e.keyword !== 'anyOf');
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  const depth = (p: string): number => (p === '' ? 0 : p.split('/').length);
  for (const u of unions) {
    const prefix = `${u.schemaPath}/anyOf/`;
    const branchOf = (e: SchemaError): number => Number.parseInt(e.schemaPath.slice(prefix.length), 10);
    const inUnion = kept.filter((e) => e.schemaPath.startsWith(prefix) && (e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`)));
    if (inUnion.length === 0 || inUnion.every((e) => e.keyword === 'const')) continue;
    const branches = new Map<number, SchemaError[]>();
    for (const e of inUnion) branches.set(branchOf(e), [...(branches.get(branchOf(e)) ?? []), e]);
    const score = (es: readonly SchemaError[]): number[] => [
      es.some((e) => e.instancePath === u.instancePath && (e.keyword === 'type' || e.keyword === 'const')) ? 0 : 1,
      Math.max(...es.filter((e) => e.keyword !== 'boolean').map((e) => depth(e.instancePath))),
      -es.reduce((n, e) => n + Math.max(1, ((e.params as { additionalProperties?: unknown[] }).additionalProperties ?? []).length), 0),
    ];
    // Lexicographic: the first component that differs decides.
    const greater = (a: readonly number[], b: readonly number[]): boolean => {
      const k = a.findIndex((x, i) => x !== b[i]);
      return k >= 0 && a[k]! > b[k]!;
    };
    let best = -1;
    let bestScore: number[] = [];
    for (const [b, es] of branches) {
      const sc = score(es);
      if (best < 0 || greater(sc, bestScore)) {
        best = b;
        bestScore = sc;
      }
    }
    kept = kept.filter((e) => !inUnion.includes(e) || branchOf(e) === best);
  }
  return kept;
}

/**
 * Turns the schema validator's errors for one rule into clear problems: every mistake at once
 * (one problem per place), in the branch of each union the rule meant ({@link bestBranches}).
 */
export function schemaProblems(value: unknown, file: string, base: string): ValidationProblem[] {
  const all = allSchemaErrors(value);
  if (all.length === 0) return [];
  const errors = bestBranches(all);
  const out = new Map<string, ValidationProblem>();
  const put = (pointer: string, text: ProblemText, suggestion?: string): void => {
    if (!out.has(pointer)) out.set(pointer, { file, pointer, ...text, ...(suggestion === undefined ? {} : { suggestion }) });
  };
  // An empty `all`/`any`: say what it would mean.
  for (const e of errors) {
    const empty = /\/(all|any)$/.exec(e.instancePath);
    if (e.keyword === 'minItems' && empty) put(`${base}${e.instancePath}`, problemOf('emptyAllAny', { kind: empty[1]! }));
  }
  // Unknown properties first: they are the likeliest typos. Where one has a did-you-mean, the
  // property it stands for is not "missing" too.
  const misspelt = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    for (const x of (e.params as { additionalProperties?: string[] }).additionalProperties ?? []) {
      const s = didYouMean(x, ALL_PROPS);
      if (s !== undefined) misspelt.add(`${e.instancePath}\u0000${s}`);
      put(`${base}${e.instancePath}/${x.replaceAll('~', '~0').replaceAll('/', '~1')}`, problemOf('unknownProperty', { name: x }), s);
    }
  }
  for (const e of errors) {
    if (e.keyword === 'boolean' || e.keyword === 'additionalProperties') continue;
    const req = (e.params as { requiredProperties?: string[] }).requiredProperties;
    if (e.keyword === 'required' && req?.every((r) => misspelt.has(`${e.instancePath}\u0000${r}`))) continue;
    put(`${base}${e.instancePath}`, schemaErrorText(e, all));
  }
  if (out.size === 0) {
    const e = all[0]!;
    put(`${base}${e.instancePath}`, schemaErrorText(e, all));
  }
  return [...out.values()];
}

/**
 * Reads packs (files, folders, packages) and validates their schema and, with `env`, their
 * semantics. Never throws for bad packs: everything wrong is in `problems`.
 */
export async function readPacks(paths: readonly string[], env?: PlanEnvironment, cwd = process.cwd()): Promise<LoadedPack> {
  const problems: ValidationProblem[] = [];
  const rules: PackRule[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const r = await resolvePackPath(p, cwd);
    if (!r) {
      problems.push({ file: p, pointer: '', ...problemOf('packNotFound', { path: p }) });
      continue;
    }
    if (r.kind === 'dir') files.push(...(await listJson(r.path)));
    else files.push(r.path);
  }
  for (const file of files) {
    let text: string;
    try {
      const tooBig = fileSizeProblem((await stat(file)).size);
      if (tooBig) {
        problems.push({ file, ...tooBig });
        continue;
      }
      text = await readFile(file, 'utf8');
    } catch (e) {
      problems.push({ file, pointer: '', ...problemOf('fileUnreadable', { reason: (e as Error).message }) });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      problems.push({ file, pointer: '', ...problemOf('invalidJson', { ...(m ? lineCol(text, Number(m[1])) : {}), reason: (e as Error).message }) });
      continue;
    }
    for (const { rule, pointer } of checkedPackItems(json, file, problems)) {
      // A file of one rule is named after it.
      const named = Array.isArray(json) ? undefined : fileNameProblem(file, rule.id);
      if (named) problems.push({ ...named, rule: rule.id });
      rules.push({ rule, file, pointer });
    }
  }
  const seen = new Map<string, PackRule>();
  for (const r of rules) {
    const prev = seen.get(r.rule.id);
    if (prev) problems.push({ file: r.file, pointer: `${r.pointer}/id`, ...problemOf('duplicateRuleId', { id: r.rule.id, otherFile: prev.file, otherPointer: prev.pointer }), rule: r.rule.id });
    else seen.set(r.rule.id, r);
  }
  if (env) {
    for (const r of rules) {
      const { problems: ps } = planRule(r.rule, env);
      for (const x of ps) problems.push({ ...x, file: r.file, pointer: `${r.pointer}${x.pointer}`, rule: r.rule.id });
    }
  }
  return { rules, problems, files };
}

/**
 * The rules of a pack file's JSON (one rule, or a list: pointers `""` or `/0`, `/1`…), each
 * checked for its size and against the schema — their problems pushed to `problems` — and the
 * valid ones completed. The one per-rule check of {@link loadPacks} and `validateRules`.
 */
export function checkedPackItems(json: unknown, file: string, problems: ValidationProblem[]): { rule: Rule; pointer: string }[] {
  const out: { rule: Rule; pointer: string }[] = [];
  const list: unknown[] = Array.isArray(json) ? json : [json];
  list.forEach((item, i) => {
    const base = Array.isArray(json) ? `/${i}` : '';
    const id = (item as { id?: unknown } | null)?.id;
    const limit = ruleLimitProblem(item, base);
    if (limit) {
      problems.push({ file, ...limit, ...(typeof id === 'string' ? { rule: id } : {}) });
      return;
    }
    const sp = schemaProblems(item, file, base);
    if (sp.length) {
      problems.push(...sp.map((x) => (typeof id === 'string' ? { ...x, rule: id } : x)));
      return;
    }
    out.push({ rule: completeRule(item as WrittenRule), pointer: base });
  });
  return out;
}

/** Formats a problem on one line, in English: `file#/pointer: message (did you mean \`x\`?)`. */
export function formatProblem(p: ValidationProblem): string {
  return formatProblemIn(p, 'en');
}

/**
 * {@link formatProblem} in `lang`: the sentence from the problem catalogue. The one problem
 * formatter: the CLI's output is this with `pointerPrefix: ' '` (`r.json /subject/dataset: …`).
 *
 * @example
 * ```ts
 * formatProblemIn(problem, 'zh'); // 'r.json#/subject/dataset：没有 `paymentz` 这个数据集（是不是要用 `payments`？）'
 * ```
 */
export function formatProblemIn(
  p: Pick<ValidationProblem, 'file' | 'pointer' | 'message'> & { readonly code?: string | undefined; readonly params?: Readonly<Record<string, unknown>> | undefined; readonly suggestion?: string | undefined },
  lang: ProblemLang,
  options: { readonly pointerPrefix?: string } = {},
): string {
  const hint = p.suggestion ? (lang === 'zh' ? `（是不是要用 \`${p.suggestion}\`？）` : ` (did you mean \`${p.suggestion}\`?)`) : '';
  return `${p.file}${p.pointer ? `${options.pointerPrefix ?? '#'}${p.pointer}` : ''}${lang === 'zh' ? '：' : ': '}${problemText(p, lang)}${hint}`;
}
