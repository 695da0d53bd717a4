// Runs jsonata's own test suite (jsonata-js, test/test-suite: cases and datasets, not shipped in
// the npm package) through the compiled expression subset and through the jsonata package, and
// counts the cases accepted and answered alike, accepted and answered differently (must be 0),
// and refused. The suite is not kept in this repository: give the folder holding `cases.json`
// (a list of { group, case, expr, dataset | data, bindings }) and `datasets/<name>.json`.
//
//   pnpm exec tsx bench/jsonata-suite.ts /path/to/suite
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compare } from '../packages/core/test/jsonata-reference.js';

interface Case {
  group: string;
  case: string;
  expr?: string;
  dataset?: string | null;
  data?: unknown;
  bindings?: Record<string, unknown>;
}

const dir = process.argv[2];
if (!dir || !existsSync(path.join(dir, 'cases.json'))) {
  process.stderr.write('usage: tsx bench/jsonata-suite.ts DIR (DIR/cases.json and DIR/datasets/*.json)\n');
  process.exit(2);
}
const cases = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as Case[];
const datasets = new Map<string, unknown>();
const input = (c: Case): unknown => {
  if (c.data !== undefined) return c.data;
  if (!c.dataset) return undefined;
  if (!datasets.has(c.dataset)) datasets.set(c.dataset, JSON.parse(readFileSync(path.join(dir, 'datasets', `${c.dataset}.json`), 'utf8')));
  return datasets.get(c.dataset);
};

let same = 0;
let refused = 0;
const different: string[] = [];
const byGroup = new Map<string, { accepted: number; refused: number }>();
for (const c of cases) {
  if (typeof c.expr !== 'string') continue;
  // Bindings that are functions or the suite's timeouts are not data: such cases are left to jsonata.
  const vars = c.bindings ?? {};
  const r = await compare(c.expr, input(c), vars);
  const g = byGroup.get(c.group) ?? { accepted: 0, refused: 0 };
  if (r.kind === 'refused') {
    refused++;
    g.refused++;
  } else if (r.kind === 'same') {
    same++;
    g.accepted++;
  } else {
    g.accepted++;
    different.push(`${c.group}/${c.case}: ${c.expr}\n    ours ${r.ours}\n    jsonata ${r.theirs}`);
  }
  byGroup.set(c.group, g);
}
const total = same + refused + different.length;
process.stdout.write(`jsonata test suite: ${total} cases; accepted ${same + different.length} (${same} answered as jsonata, ${different.length} differently); refused ${refused}\n`);
for (const d of different) process.stdout.write(`DIFFERENT ${d}\n`);
process.exitCode = different.length > 0 ? 1 : 0;
