import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { sunshineConfigJsonSchema } from '../config/sunshine-config.js';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: 'print the JSON Schema of a rule pack (or of the datasets, or of sunshine.config.json), for editors',
  usage: ['schema [--for pack|datasets|config] [--datasets] [--out FILE]'],
  details: `Point a rule file's "$schema" at the printed schema for completion and checks in an editor:
it completes dataset names, and field names in "fact", "field" and "orderBy".

--datasets (or --for datasets) prints the data model instead: one definition per dataset, a row as
a .json/.ndjson data file holds it, with each field's type, Chinese name (title), allowed values and
nullability — the same model as docs/data-model.md.`,
  options: {
    for: { type: 'string', value: 'pack|datasets|config', description: 'which schema (default pack)' },
    datasets: { type: 'boolean', description: 'the data model as JSON Schema (same as --for datasets)' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write to FILE instead of stdout' },
  },
  async run(ctx) {
    const forFlag = ctx.args.string('for');
    if (ctx.args.flag('datasets') && forFlag !== undefined && forFlag !== 'datasets') throw new CliError('USAGE', `\`--datasets\` and \`--for ${forFlag}\` ask for two schemas; give one`);
    const which = ctx.args.flag('datasets') ? 'datasets' : (forFlag ?? 'pack');
    if (which !== 'pack' && which !== 'config' && which !== 'datasets') throw new CliError('USAGE', `\`--for\` must be pack, datasets or config, got \`${which}\``);
    let schema: object;
    if (which === 'config') schema = sunshineConfigJsonSchema();
    else if (which === 'pack') schema = await ctx.lib.rulePackJsonSchema();
    else if (ctx.lib.datasetsJsonSchema !== undefined) schema = await ctx.lib.datasetsJsonSchema();
    else throw new CliError('NOT_AVAILABLE', 'this build of sunshine has no data model schema');
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    const out = ctx.args.string('out');
    if (out === undefined) ctx.io.stdout.write(text);
    else {
      const { writeChunksToFile } = await import('../reports/write-chunks.js');
      writeChunksToFile(ctx.resolve(out), [text]);
      ctx.feedback.info(`wrote the ${which} schema to ${ctx.resolve(out)}`);
    }
    return 0;
  },
};
