// The compiled expressions against the jsonata package itself: on every expression accepted,
// the same answer (or the same failure) — or a refusal at compile time, never a different answer.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare } from './jsonata-reference.js';

const doc = {
  a: 5,
  b: [1, 2, 3],
  c: { d: [{ e: 1, f: 'x' }, { e: 2, f: 'y' }, { e: 3 }], g: null },
  s: '中文text',
  n: null,
  t: true,
  foo: { blah: [{ baz: { fud: 'hello' } }, { baz: { fud: 'world' } }, { bazz: 'gotcha' }], bar: 42 },
  nested: [[1, 2], [3, [4, 5]]],
  money: 1000000001,
};

/** Expressions whose meaning differed from jsonata's before (each must now agree or be refused). */
const EDGES = [
  '[1,2,3][0]', '[1, 2, [3, 4]][-1]', '(foo.blah.baz.fud)[0]', '$[0]', 'foo.blah.baz.fud[0]', 'b[0]', 'b[-1]', 'c.d[0].e', 'c.d.e[1]',
  'foo.blah.bazz', 'foo.blah[baz.fud = "world"].baz.fud', 'c.d[e > 1].f', 'c.d[f].e', 'c.d[[0, 2]].e', 'nested', 'nested[1]', '[[1, 2], [3]]',
  '[b, [b]]', '[1, 2, 3].$', 'foo.blah.[baz.fud, 1]', '$round(2.5)', '$round(3.5)', '$round(-2.5)', '$round(1.005, 2)', '$round(12345, -2)',
  '$string(22/7)', '$string(0.1 + 0.2)', '$string(c)', '$string(1/0)', '$distinct([1, 1, 2])', '$distinct(c.d.e)', '$sum(b)', '$sum(zz)', '$count(zz)',
  '$max([])', '$average(b)', '$substring(zz, 0, 1)', '$length(zz)', '$uppercase(n)', '$trim(" a  b ")', '$join(b)', '$join(c.d.f, ",")',
  '$number("12.5")', '$number("x")', '$not(zz)', '$exists(n)', '$boolean([0, ""])', '$append(b, 4)', '$append(zz, b)', '$append(b, zz)[0]',
  '"s" - 1', '"32" < 42', 'n < 1', 'n + 1', 'n & "x"', 'zz < 1', 'zz = zz', 'n = null', 'a = 5 and zz', 'zz or t', '1000000000 = 1000000001',
  '1000000001 > 1000000000', 'money - 1 = 1000000000', '0.1 + 0.2 = 0.3', '1/0 = 10', '-(1/0)', '-s', '5 in b', 'b in b', '"x" in c.d.f', 'a in 5',
  'c.d.e in [1, 2]', '$sum(c.d)', '$sum(["1"])', 'b = [1, 2, 3]', 'c.d[0] = {"e": 1, "f": "x"}', 's & 1.5', 'a ? "y" : "n"', 'zz ? 1', 'a ?: 2',
  'zz ?? 3', '(a; b)', 'Phone{type: number}', 'foo.blah@$x', 'foo.blah#$i', 'b[]', '$sort(b)', '**.e', 'c.*', '$$.a', 'b^($)', '1..3',
  '$contains(s, "text")', '$contains(s, /t/)', '$substring(s, -4)', '$substring(s, 1, 2)', '$length(s)', '$floor(-1.5)', '$abs(-3)', 'a % 3', 'a / 0',
];

describe('compiled expressions agree with jsonata 2.2 or are refused', () => {
  it.each(EDGES)('%s', async (src) => {
    const r = await compare(src, doc);
    expect(r.kind === 'different' ? `${src}: ours ${r.ours}, jsonata ${r.theirs}` : 'ok').toBe('ok');
  });

  it.each(['$[0].nest0', '$[1].nest0', '$[nest0[0] = 3].nest0', '$.nest0', 'nest0', '$string($, true)', '$[x=6][y=3].number'])('%s on an array input', async (src) => {
    const r = await compare(src, [{ nest0: [1, 2], x: 6, y: 2 }, { nest0: [3, 4], x: 6, y: 3, number: 7 }]);
    expect(r.kind === 'different' ? `${src}: ours ${r.ours}, jsonata ${r.theirs}` : 'ok').toBe('ok');
  });

  it('accepts what rules need (the subset is not refused wholesale)', async () => {
    const needed = ['[1,2,3][0]', '$round(2.5)', 'c.d[e > 1].f', 'a ? "y" : "n"', '$append(b, zz)[0]', 'n + 1', '5 in b', '$string(22/7)'];
    for (const src of needed) expect((await compare(src, doc)).kind, src).toBe('same');
  });

  it('refuses what it does not implement, with the position', async () => {
    for (const src of ['Phone{type: number}', 'foo.blah@$x', 'foo.blah#$i', 'b[]', '$sort(b)', '**.e', 'c.*', '1..3', '$contains(s, /t/)']) {
      const r = await compare(src, doc);
      expect(r.kind, src).toBe('refused');
    }
  });
});

// ---------------------------------------------------------------- generated expressions

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'n', 's', 'zz'];
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(0, 1, 2, -1, 2.5, 0.1, 1000000001, '', 'a', '2024-03', '10', null, true, false),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...NAMES), tie('v'), { maxKeys: 4 }),
  ),
})).v;

const literal = fc.constantFrom('0', '1', '2', '-1', '2.5', '0.1', '"a"', '""', '"10"', 'true', 'false', 'null');
const FUNCS: readonly [string, number][] = [
  ['sum', 1], ['count', 1], ['max', 1], ['min', 1], ['average', 1], ['string', 1], ['substring', 2], ['substring', 3], ['length', 1], ['uppercase', 1],
  ['trim', 1], ['contains', 2], ['join', 1], ['join', 2], ['number', 1], ['abs', 1], ['floor', 1], ['ceil', 1], ['round', 1], ['round', 2],
  ['boolean', 1], ['not', 1], ['exists', 1], ['distinct', 1], ['append', 2],
];
const OPS = ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', 'and', 'or', 'in'];

const expression: fc.Arbitrary<string> = fc.letrec<{ e: string; path: string }>((tie) => ({
  path: fc
    .tuple(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }), fc.option(fc.oneof(fc.integer({ min: -2, max: 2 }).map(String), tie('e')), { nil: undefined }))
    .map(([steps, stage]) => (stage === undefined ? steps.join('.') : `${steps.join('.')}[${stage}]`)),
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    tie('path'),
    fc.tuple(tie('e'), fc.constantFrom(...OPS), tie('e')).map(([l, op, r]) => `(${l} ${op} ${r})`),
    tie('e').map((x) => `-(${x})`),
    fc.array(tie('e'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(tie('e'), tie('e'), fc.option(tie('e'), { nil: undefined })).map(([c, t, f]) => (f === undefined ? `(${c} ? ${t})` : `(${c} ? ${t} : ${f})`)),
    fc.tuple(fc.constantFrom(...FUNCS), fc.array(tie('e'), { minLength: 3, maxLength: 3 })).map(([[name, n], args]) => `$${name}(${args.slice(0, n).join(', ')})`),
    fc.tuple(tie('e'), fc.integer({ min: -2, max: 2 })).map(([x, i]) => `(${x})[${i}]`),
  ),
})).e;

describe('generated expressions on generated data', () => {
  it('never answer differently from jsonata', async () => {
    let accepted = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(expression, fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 6 }), async (src, input) => {
        runs++;
        const r = await compare(src, input);
        if (r.kind === 'same') accepted++;
        return r.kind !== 'different';
      }),
      { numRuns: 4000, seed: 20261207 },
    );
    // The generator exercises the subset, not only refusals.
    expect(accepted / runs).toBeGreaterThan(0.8);
  });
});

// ---------------------------------------------------------------- the rules' own expressions

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
function ruleExpressions(): string[] {
  const out = new Set<string>();
  const walkJson = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walkJson);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && (k === 'fact' || k === 'expr')) out.add(x);
        else if (k === 'groupBy' && x && typeof x === 'object') {
          for (const g of Object.values(x as Record<string, unknown>)) if (typeof g === 'string') out.add(g);
        } else walkJson(x);
      }
    }
  };
  const walkDir = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walkDir(p);
      else if (e.name.endsWith('.json') && !e.name.endsWith('.fixtures.json') && !e.name.startsWith('package')) walkJson(JSON.parse(readFileSync(p, 'utf8')));
    }
  };
  walkDir(path.join(ROOT, 'packages/rules-stdlib/rules'));
  walkDir(path.join(ROOT, 'examples'));
  return [...out].sort();
}

describe('every expression of the standard library and the examples', () => {
  const exprs = ruleExpressions();
  it('there are many', () => {
    expect(exprs.length).toBeGreaterThan(250);
  });

  it('answers as jsonata does on generated contexts', async () => {
    const field = fc.oneof(fc.constantFrom(0, 1, 12000, 2.5, '', '2024-03', '2024-03-15', '2024', 'F01', 'monthly', 'quarterly', 'secretary', 'land', null), fc.integer({ min: -5, max: 400000 }));
    const record = fc.dictionary(fc.string({ minLength: 1, maxLength: 1 }).map(() => ''), field).chain(() =>
      fc.record(Object.fromEntries(['id_number', 'amount', 'period', 'pay_date', 'date', 'name', 'village_code', 'fund_code', 'frequency', 'end_date', 'start_date', 'value', 'size', 'year', 'area', 'annual_amount', 'contract_id', 'position', 'relation', 'scheme', 'subject_type', 'category', 'department_code', 'quantity', 'unit_rate', 'shares', 'count', 'mad'].map((k) => [k, field]))),
    );
    const ctx = fc.record({ subject: record, row: record, rows: fc.array(record, { maxLength: 3 }), group: record, fund: record, funds: fc.array(record, { maxLength: 2 }), baseline: record, total: field, tail: field, usual: field });
    const vars = { params: { days: 30, ratio: 2, roundTo: 10000, maxShare: 0.6, spikeRatio: 3, peerYears: 2, lookbackDays: 180, householdFunds: ['F01'], holidays: ['2024-10-01'], minPeers: 3, floorPrice: 30000, maxYears: 30, maxYearsLand: 30, department: 'NY' }, asOf: '2024-12-31' };
    const different: string[] = [];
    for (const src of exprs) {
      for (const input of fc.sample(ctx, { numRuns: 12, seed: 7 })) {
        const r = await compare(src, input, vars);
        if (r.kind === 'refused') {
          different.push(`${src}: refused (${r.message})`);
          break;
        }
        if (r.kind === 'different') {
          different.push(`${src}: ours ${r.ours}, jsonata ${r.theirs}`);
          break;
        }
      }
    }
    expect(different).toEqual([]);
  });
});
