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
import { didYouMean } from './did-you-mean.js';
import { ruleValidator, rulePackJsonSchema, type Rule } from './rule-schema.js';
import { planRule } from '../plan/plan-rule.js';
import type { PlanEnvironment } from '../plan/plan-context.js';
import { fileSizeProblem, ruleLimitProblem } from './pack-limits.js';

/** One problem in a pack, with its place. */
export interface ValidationProblem {
  readonly file: string;
  /** JSON pointer into the file. */
  readonly pointer: string;
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
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
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
  return {
    file,
    pointer: '/id',
    message: `the rule id \`${id}\` differs from the file name \`${path.basename(file)}\`: a file holding one rule is named after it; rename the file to \`${id}.json\` or change the id to \`${name}\``,
    suggestion: `${id}.json`,
  };
}

/** Turns the schema validator's errors for one rule into a few clear problems. */
export function schemaProblems(value: unknown, file: string, base: string): ValidationProblem[] {
  const errors = [...ruleValidator.Errors(value)];
  if (errors.length === 0) return [];
  const depth = (p: string): number => (p === '' ? 0 : p.split('/').length);
  const out = new Map<string, ValidationProblem>();
  // An empty `all`/`any` fails every branch of the condition union; say what it would mean.
  for (const e of errors) {
    const empty = /\/(all|any)$/.exec(e.instancePath);
    if (e.keyword !== 'minItems' || !empty) continue;
    const pointer = `${base}${e.instancePath}`;
    const message = `an empty \`${empty[1]}\`: json-rules-engine counts an empty \`${empty[1]}\` as true${empty[1] === 'any' ? ' (not false, as "any of nothing" reads)' : ''}, so it would hold for every record; give it at least one condition, or remove it`;
    out.set(pointer, { file, pointer, message });
  }
  if (out.size > 0) return [...out.values()].slice(0, 5);
  // Unknown properties first: they are the likeliest typos.
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? [];
      for (const x of extra) {
        const pointer = `${base}${e.instancePath}/${x}`;
        const s = didYouMean(x, ALL_PROPS);
        out.set(pointer, { file, pointer, message: `unknown property \`${x}\``, ...(s ? { suggestion: s } : {}) });
      }
    }
  }
  const maxDepth = Math.max(...errors.filter((e) => e.keyword !== 'boolean' && e.keyword !== 'additionalProperties').map((e) => depth(e.instancePath)), -1);
  for (const e of errors) {
    if (e.keyword === 'boolean' || e.keyword === 'additionalProperties' || e.keyword === 'anyOf') continue;
    if (depth(e.instancePath) < maxDepth) continue;
    // Union branches that only fail for lacking all/any/not are noise once a leaf is there.
    const req = (e.params as { requiredProperties?: string[] }).requiredProperties;
    if (e.keyword === 'required' && req && req.every((r) => r === 'all' || r === 'any' || r === 'not')) continue;
    const pointer = `${base}${e.instancePath}`;
    if (out.has(pointer)) continue;
    let message = e.message;
    if (e.keyword === 'required' && req) message = `missing property ${req.map((r) => `\`${r}\``).join(', ')}`;

    if (e.keyword === 'const') {
      const alts = errors.filter((x) => x.instancePath === e.instancePath && x.keyword === 'const').map((x) => JSON.stringify((x.params as { allowedValue?: unknown }).allowedValue));
      message = `must be one of ${[...new Set(alts)].join(', ')}`;
    }
    out.set(pointer, { file, pointer, message });
  }
  if (out.size === 0) {
    const e = errors[0]!;
    out.set(`${base}${e.instancePath}`, { file, pointer: `${base}${e.instancePath}`, message: e.message });
  }
  return [...out.values()].slice(0, 5);
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
      problems.push({ file: p, pointer: '', message: `no such file, folder or installed rule package: \`${p}\`` });
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
      problems.push({ file, pointer: '', message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      problems.push({ file, pointer: '', message: `not valid JSON${m ? ` at ${lineCol(text, Number(m[1]))}` : ''}: ${(e as Error).message}` });
      continue;
    }
    const list = Array.isArray(json) ? json : [json];
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
      const named = Array.isArray(json) ? undefined : fileNameProblem(file, (item as Rule).id);
      if (named) problems.push({ ...named, rule: (item as Rule).id });
      rules.push({ rule: item as Rule, file, pointer: base });
    });
  }
  const seen = new Map<string, PackRule>();
  for (const r of rules) {
    const prev = seen.get(r.rule.id);
    if (prev) problems.push({ file: r.file, pointer: `${r.pointer}/id`, message: `duplicate rule id \`${r.rule.id}\` (also in ${prev.file}${prev.pointer ? ` at ${prev.pointer}` : ''})`, rule: r.rule.id });
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

/** Formats a problem on one line: `file#/pointer: message (did you mean \`x\`?)`. */
export function formatProblem(p: ValidationProblem): string {
  return `${p.file}${p.pointer ? `#${p.pointer}` : ''}: ${p.message}${p.suggestion ? ` (did you mean \`${p.suggestion}\`?)` : ''}`;
}
