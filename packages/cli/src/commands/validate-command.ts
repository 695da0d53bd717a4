import type { CommandSpec } from '../command-spec.js';
import { formatProblem } from './load-rules-or-fail.js';
import { packPaths } from './pack-paths.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'check rule packs against the DSL schema and its semantic checks',
  usage: ['validate [PACK …] [--format text|json]'],
  details: `Checks each pack (a rule file, or a folder of them) against the rule schema, then the
semantics: unknown datasets or fields, undeclared parameters, bad expressions, duplicate ids.
Every problem names the file and the JSON pointer. With no PACK: the packs of
sunshine.config.json, else the standard library.

Exit codes: 0 valid; 1 problems found; 2 a pack cannot be read.`,
  positionals: 'PACK',
  options: {
    format: { type: 'string', value: 'text|json', description: 'output format (default text)' },
    config: { type: 'string', short: 'c', value: 'FILE', description: 'config file whose packs to check when none is given' },
  },
  async run(ctx) {
    const paths = await packPaths(ctx);
    const problems = await ctx.lib.validatePacks(paths);
    if (ctx.args.string('format') === 'json') {
      ctx.io.stdout.write(`${JSON.stringify({ packs: paths, valid: problems.length === 0, problems }, null, 2)}\n`);
    } else if (problems.length === 0) {
      ctx.io.stdout.write(`✓ ${paths.length} ${paths.length === 1 ? 'pack' : 'packs'} valid: ${paths.join(', ')}\n`);
    } else {
      for (const p of problems) ctx.io.stdout.write(`✗ ${formatProblem(p)}\n`);
      ctx.io.stdout.write(`\n${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ${paths.join(', ')}\n`);
    }
    return problems.length === 0 ? 0 : 1;
  },
};
