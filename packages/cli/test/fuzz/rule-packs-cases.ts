/**
 * Fuzz property of rule packs, run in a worker by `rule-packs.test.ts`: standard-library rules
 * mutated at random (a subtree replaced by arbitrary JSON or by a tricky expression, a key
 * deleted or misspelt, the file cut short) go through `sunshine validate` and, when they pass,
 * `sunshine run` over a small county. Either way the command ends with 0, 1 or 2 and a
 * message, never an internal error or a stack trace.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FuzzProperty } from '../../../adapters/test/fuzz/isolated.js';
import { createDefaultLibrary } from '../../src/index.js';
import { runCli, writeCounty } from '../fake-library.js';

/** Per case, measured (validate, and run when valid). */
export const CASE_MS = 5_000;
const RULES = join(import.meta.dirname, '../../../rules-stdlib/rules');
const SOURCES = ['eligibility/deceased-payee.json', 'payment/shared-account.json', 'finance/large-cash-expense.json', 'duplicate/fuzzy-duplicate-payee.json', 'statistical/hospitality-spike.json'].map(
  (f) => JSON.parse(readFileSync(join(RULES, f), 'utf8')) as Record<string, unknown>,
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

function paths(v: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/** Expressions, operators and patterns a careless or hostile author might write. */
const tricky = fc.constantFrom(
  '(((((',
  'subject.amount >',
  '$sum(',
  '{{subject.name',
  '{{}}',
  '(a+)+$',
  '^(\\w+\\s?)*$',
  '[',
  '\\',
  'subject.__proto__.x',
  'constructor',
  '$eval("1")',
  '1/0',
  'subject.amount * 1e308 * 1e308',
  '"' + 'x'.repeat(5000) + '"',
  'dateBefore',
  'matches',
  'periodStart',
  '',
  -1,
  1e308,
  0,
  true,
  null,
  [],
  {},
);

type Mutation = { kind: 'replace'; at: number; value: Json } | { kind: 'delete'; at: number } | { kind: 'rename'; at: number; suffix: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, tricky as fc.Arbitrary<Json>) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), suffix: fc.constantFrom('s', '_', 'X', '') }),
);

function apply(rule: Json, m: Mutation): Json {
  const all = paths(rule);
  const path = all[m.at % all.length]!;
  if (path.length === 0) return m.kind === 'replace' ? m.value : rule;
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Record<string, Json>)[k as string]!, rule) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (m.kind === 'replace') (parent as Record<string | number, Json>)[key] = m.value;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else {
    // Rebuilt without the key (or with it renamed), keeping the order of the others.
    const entries = Object.entries(parent).flatMap(([k, v]): [string, Json][] => (k !== key ? [[k, v]] : m.kind === 'delete' ? [] : [[`${k}${m.suffix}`, v]]));
    const rebuilt = Object.fromEntries(entries);
    if (path.length === 1) return rebuilt;
    const grand = path.slice(0, -2).reduce<Json>((o, k) => (o as Record<string, Json>)[k as string]!, rule) as Record<string | number, Json>;
    grand[path[path.length - 2]!] = rebuilt;
  }
  return rule;
}

const NO_STACK = /internal error|\n\s+at /;

/** Index of a path (`title/zh`) in {@link paths}' order. */
function at(rule: Record<string, unknown>, path: string): number {
  const i = paths(rule as Json).findIndex((p) => p.join('/') === path);
  if (i === -1) throw new Error(`no ${path}`);
  return i;
}

export const cases: Record<string, FuzzProperty> = {
  rulePacks: async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-pack-fuzz-'));
    const data = join(dir, 'county');
    mkdirSync(data);
    writeCounty(data, (f, t) => writeFileSync(f, t));
    const lib = createDefaultLibrary();
    let n = 0;
    let ran = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.nat(SOURCES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.option(fc.nat(3000), { nil: undefined }), async (which, mutations, list, cut) => {
          ctx.tick();
          let rule = structuredClone(SOURCES[which]!) as Json;
          for (const m of mutations) rule = apply(rule, m);
          let text = JSON.stringify(list ? [rule] : rule, null, 2);
          if (cut !== undefined && cut < text.length) text = text.slice(0, cut);
          // A file holding one rule is named after it.
          const folder = join(dir, `case-${n++}`);
          mkdirSync(folder);
          const file = join(folder, `${String(SOURCES[which]!['id'])}.json`);
          writeFileSync(file, text);
          const started = performance.now();
          const v = await runCli(['validate', file], lib);
          assert.ok([0, 1, 2].includes(v.code), `validate exited ${v.code}: ${v.err}`);
          assert.doesNotMatch(v.err + v.out, NO_STACK);
          if (v.code === 0) {
            ran++;
            const r = await runCli(['run', '--data', data, '--rules', file, '--as-of', '2024-12-31', '--format', 'json', '-q'], lib);
            assert.ok([0, 1, 2].includes(r.code), `run exited ${r.code}: ${r.err}`);
            assert.doesNotMatch(r.err, NO_STACK);
          } else {
            assert.ok((v.err + v.out).includes(file), `the message names the file: ${v.err}`);
          }
          const ms = performance.now() - started;
          assert.ok(ms < CASE_MS, `took ${Math.round(ms)} ms`);
          rmSync(folder, { recursive: true });
        }),
        {
          numRuns: ctx.runs,
          seed: ctx.seed,
          plugins: [fc.timeout(CASE_MS)],
          // Besides the random cases: mutations that leave a valid rule, so that `run` is reached.
          examples: [
            [0, [{ kind: 'replace', at: at(SOURCES[0]!, 'title/zh'), value: '=HYPERLINK("x")' }], false, undefined],
            [1, [{ kind: 'replace', at: at(SOURCES[1]!, 'message/en'), value: '{{subject.nothing}} {{' }], true, undefined],
          ],
        },
      );
      assert.ok(ran > 0, 'no mutated rule was valid: the run path went untested');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
