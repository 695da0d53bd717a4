import type { CommandSpec } from '../command-spec.js';
import { renderJunitXml } from '../reports/render-junit-xml.js';
import { writeChunksToFile } from '../reports/write-chunks.js';
import { packPaths } from './pack-paths.js';

export const testCommand: CommandSpec = {
  name: 'test',
  summary: 'run every rule\'s fixtures and report pass/fail per case',
  usage: ['test [PACK …] [--rules PACK …] [--junit FILE] [--format text|json]'],
  details: `Runs the fixtures beside each rule (cases that must match and near misses that must
not) and reports pass or fail per case. The packs are the PACK arguments and every --rules PACK (as for
run and explain: \`stdlib\` is the standard library); with none, the packs of
sunshine.config.json, else the standard library.

Exit codes: 0 all passed; 1 a case failed; 2 a pack cannot be read or is invalid.`,
  positionals: 'PACK',
  options: {
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: 'a rule pack to test, as for `run` (repeatable; same as a PACK argument)' },
    junit: { type: 'string', value: 'FILE', description: 'also write JUnit XML for CI' },
    format: { type: 'string', value: 'text|json', description: 'output format (default text)' },
    config: { type: 'string', short: 'c', value: 'FILE', description: 'config file whose packs to test when none is given' },
  },
  async run(ctx) {
    const paths = await packPaths(ctx, 'rules');
    const { cases, untested = [] } = await ctx.lib.runRuleTests(paths);
    const failed = cases.filter((c) => !c.passed);
    const junit = ctx.args.string('junit');
    if (junit !== undefined) writeChunksToFile(ctx.resolve(junit), [renderJunitXml(cases)]);
    const out = ctx.io.stdout;
    if (ctx.args.string('format') === 'json') {
      out.write(`${JSON.stringify({ passed: cases.length - failed.length, failed: failed.length, untested, cases }, null, 2)}\n`);
    } else {
      for (const c of cases) {
        out.write(`${c.passed ? '✓' : '✗'} ${c.rule} › ${c.name}${c.passed ? '' : ` — ${c.message ?? 'failed'}`}\n`);
        if (!c.passed && c.expected !== undefined) out.write(`    expected: ${JSON.stringify(c.expected)}\n`);
        if (!c.passed && c.actual !== undefined) out.write(`    actual:   ${JSON.stringify(c.actual)}\n`);
      }
      if (untested.length > 0) out.write(`\n${untested.length} ${untested.length === 1 ? 'rule has' : 'rules have'} no fixtures: ${untested.join(', ')}\n`);
      out.write(`\n${cases.length - failed.length} passed, ${failed.length} failed\n`);
    }
    if (junit !== undefined) ctx.feedback.info(`wrote JUnit XML to ${ctx.resolve(junit)}`);
    return failed.length === 0 ? 0 : 1;
  },
};
